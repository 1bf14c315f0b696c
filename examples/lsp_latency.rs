//! Diagnostics latency of `whys lsp`: from a change sent to the diagnostics of that change
//! received, through the real binary over stdio, on the reference record (the seed
//! `postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml`). Run by bench/lsp.sh.
//!
//!   lsp_latency <whys binary> <record file> [changes]
//!
//! Each change edits the summary (as typing does) and waits for its diagnostics before the
//! next, so each figure includes the server's debounce. Prints median, 95th percentile and
//! maximum in milliseconds.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{json, Value};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: lsp_latency <whys binary> <record file> [changes]");
        std::process::exit(2);
    }
    let changes: usize = args.get(3).and_then(|n| n.parse().ok()).unwrap_or(100);
    let file = std::fs::canonicalize(&args[2]).expect("the record file exists");
    let text = std::fs::read_to_string(&file).expect("the record file reads");
    let uri = format!("file://{}", file.display());
    let binary = std::fs::canonicalize(&args[1]).expect("the whys binary exists");
    let mut child = Command::new(binary)
        .arg("lsp")
        .current_dir(file.parent().unwrap())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("whys lsp starts");
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut send = |m: Value| {
        let body = m.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    let mut receive = || -> Value {
        let mut length = 0;
        loop {
            let mut header = String::new();
            out.read_line(&mut header).unwrap();
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some(n) = header.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        out.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    send(
        json!({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{}}}),
    );
    while receive().get("id") != Some(&json!(1)) {}
    send(json!({"jsonrpc":"2.0","method":"initialized","params":{}}));
    send(
        json!({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":uri,"languageId":"yaml","version":0,"text":text}}}),
    );
    let wait_for = |version: i64, receive: &mut dyn FnMut() -> Value| loop {
        let m = receive();
        if m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version {
            return;
        }
    };
    wait_for(0, &mut receive);
    let mut millis = Vec::with_capacity(changes);
    for n in 1..=changes {
        let edited = text.replacen("summary: |\n", &format!("summary: |\n  Draft {n}.\n"), 1);
        let start = Instant::now();
        send(
            json!({"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":uri,"version":n},"contentChanges":[{"text":edited}]}}),
        );
        wait_for(n as i64, &mut receive);
        millis.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    send(json!({"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}));
    send(json!({"jsonrpc":"2.0","method":"exit","params":null}));
    let _ = child.wait();
    millis.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| millis[((millis.len() - 1) as f64 * q).round() as usize];
    println!(
        "{} changes on {} ({} bytes): median {:.1} ms, p95 {:.1} ms, max {:.1} ms (target: 100 ms)",
        changes,
        file.file_name().unwrap().to_string_lossy(),
        text.len(),
        at(0.5),
        at(0.95),
        millis[millis.len() - 1]
    );
}
