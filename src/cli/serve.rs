//! `whys serve [--port N]`: a live preview of the archive's site. The site is built into
//! `.whys-cache/serve/` and served on 127.0.0.1 (another address only with `--bind`). When a
//! record or `whys.yaml` is saved, the site is built again (unchanged pages are not
//! rewritten) and every open page reloads: each HTML page gets a small script that polls the
//! build number. Ctrl-C stops it cleanly. std's listener, one short-lived thread a request.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, Ipv4Addr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use whys::render::site::{build_site, SiteOptions};
use whys::render::Renderer;

use super::{Context, Outcome};

/// How often saved files are looked for.
const WATCH_EVERY: Duration = Duration::from_millis(300);
/// The path the reload script asks for the build number.
const VERSION_PATH: &str = "/__whys/version";

/// Added before `</body>` of every page served: reload when the build number changes.
const RELOAD_SCRIPT: &str = r#"<script>/* whys serve: reload when the site is rebuilt */
(function () {
  var seen = null;
  setInterval(function () {
    fetch("/__whys/version", { cache: "no-store" }).then(function (r) { return r.text(); })
      .then(function (v) { if (seen === null) { seen = v; } else if (v !== seen) { location.reload(); } })
      .catch(function () {});
  }, 700);
})();
</script>"#;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The port (0: any free one; the address is printed).
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// The address to listen on. Only 127.0.0.1 unless you ask: the preview is for you.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let out = ctx.archive.root.join(".whys-cache").join("serve");
    let build = || -> whys::Result<()> {
        let renderer = Renderer::for_archive(&ctx.archive)?;
        let options = SiteOptions {
            out: out.clone(),
            today: None,
        };
        let report = build_site(&ctx.archive, &renderer, &options, &|_, _| {})?;
        for failure in &report.not_rendered {
            eprintln!("warning: {} not rendered: {}", failure.path, failure.reason);
        }
        Ok(())
    };
    build()?;
    let listener = TcpListener::bind((args.bind, args.port))
        .map_err(|e| whys::Error::io(format!("{}:{}", args.bind, args.port), e))?;
    let addr = listener.local_addr().map_err(|e| whys::Error::io(".", e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| whys::Error::io(".", e))?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst))
            .map_err(|e| whys::Error::Usage(format!("cannot catch Ctrl-C: {e}")))?;
    }
    println!("serving http://{addr}/ (Ctrl-C stops)");
    let _ = std::io::stdout().flush();

    let version = Arc::new(AtomicU64::new(1));
    let watched = [
        ctx.archive.postmortems_dir(),
        ctx.archive.root.join("whys.yaml"),
    ];
    let mut fingerprint = files_fingerprint(&watched);
    let mut last_look = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                let out = out.clone();
                let version = version.clone();
                std::thread::spawn(move || {
                    let _ = respond(stream, &out, version.load(Ordering::SeqCst));
                });
                continue;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => eprintln!("warning: a connection failed: {e}"),
        }
        if last_look.elapsed() >= WATCH_EVERY {
            last_look = Instant::now();
            let now = files_fingerprint(&watched);
            if now != fingerprint {
                fingerprint = now;
                match build() {
                    Ok(()) => {
                        let n = version.fetch_add(1, Ordering::SeqCst) + 1;
                        println!("rebuilt the site (build {n})");
                        let _ = std::io::stdout().flush();
                    }
                    // A half-saved file is the normal case while editing: say so, keep serving.
                    Err(e) => eprintln!("warning: the site was not rebuilt: {e}"),
                }
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    println!("stopped");
    Ok(Outcome::Success)
}

/// Every watched file with its size and modification time, sorted: any save changes it.
fn files_fingerprint(roots: &[PathBuf]) -> Vec<(PathBuf, u64, Option<SystemTime>)> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = roots.to_vec();
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|e| e.path()));
            }
        } else {
            out.push((path, meta.len(), meta.modified().ok()));
        }
    }
    out.sort();
    out
}

fn respond(stream: TcpStream, root: &Path, version: u64) -> std::io::Result<()> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Headers are not needed; read them so the client is not cut off mid-request.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut stream = stream;
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    if method != "GET" && method != "HEAD" {
        return reply(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    if path == VERSION_PATH {
        return reply(
            &mut stream,
            "200 OK",
            "text/plain",
            version.to_string().as_bytes(),
        );
    }
    let Some(file) = file_for(root, path) else {
        return reply(&mut stream, "404 Not Found", "text/plain", b"not found\n");
    };
    let Ok(bytes) = std::fs::read(&file) else {
        return reply(&mut stream, "404 Not Found", "text/plain", b"not found\n");
    };
    let kind = content_type(&file);
    if kind.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes);
        let page = match html.rfind("</body>") {
            Some(i) => format!("{}{RELOAD_SCRIPT}{}", &html[..i], &html[i..]),
            None => format!("{html}{RELOAD_SCRIPT}"),
        };
        return reply(&mut stream, "200 OK", kind, page.as_bytes());
    }
    reply(&mut stream, "200 OK", kind, &bytes)
}

/// The file under `root` a URL path names; `None` for anything that would leave it.
fn file_for(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path)?;
    let relative = Path::new(decoded.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let mut file = root.join(relative);
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn reply(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(body)?;
    stream.flush()
}
