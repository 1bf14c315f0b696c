//! `whys serve` through the real binary on 127.0.0.1: pages are served with the reload
//! script, saving a record rebuilds its page and bumps the build number the pages poll, and
//! SIGINT (Ctrl-C) stops the server cleanly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SEED: &str = include_str!("../postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml");

fn get(addr: &str, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

#[test]
fn serve_previews_rebuilds_on_save_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("whys.yaml"), "people: []\n").unwrap();
    let pm = dir.path().join("postmortems/2025");
    std::fs::create_dir_all(&pm).unwrap();
    let record = pm.join("2025-10-07-payments-pool-exhaustion.yaml");
    std::fs::write(&record, SEED).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_whys"))
        .args(["serve", "--port", "0"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let addr = first
        .strip_prefix("serving http://")
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "listens on {addr}");

    let (status, index) = get(&addr, "/");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(index.contains("/__whys/version"), "no reload script");
    let page = "/incidents/2025-10-07-payments-pool-exhaustion.html";
    let (_, before) = get(&addr, page);
    assert!(before.contains("Payments silently dropped"));
    assert_eq!(get(&addr, "/__whys/version").1, "1");
    assert_eq!(get(&addr, "/../whys.yaml").0, "HTTP/1.1 404 Not Found");

    // Save the record with a new title: a new build, and the page shows it.
    std::fs::write(
        &record,
        SEED.replace(
            "title: Payments silently dropped during the weekly database compaction",
            "title: Payments lost in the weekly compaction window",
        ),
    )
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while get(&addr, "/__whys/version").1 == "1" {
        assert!(Instant::now() < deadline, "no rebuild 20 s after the save");
        std::thread::sleep(Duration::from_millis(100));
    }
    let (_, after) = get(&addr, page);
    assert!(after.contains("Payments lost in the weekly compaction window"));

    // Ctrl-C.
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "still running 10 s after SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert_eq!(rest.last().map(String::as_str), Some("stopped"), "{rest:?}");
    // The preview is built into the ignored cache, never into the archive's site/.
    assert!(!dir.path().join("site").exists());
}
