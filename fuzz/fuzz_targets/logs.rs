//! Any bytes as a structured log file: following one request through it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whys::evidence::logs::{follow_request, LogSource, Selector};

fuzz_target!(|data: &[u8]| {
    // The first byte picks trace or request ids, the first line the id; the rest is the log.
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let (id, log) = match rest.iter().position(|&b| b == b'\n') {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (&b"4bf92f3577b34da6a3ce929d0e0e4736"[..], rest),
    };
    let id = String::from_utf8_lossy(id).into_owned();
    let selector = if kind % 2 == 0 {
        Selector::TraceId(id)
    } else {
        Selector::RequestId(id)
    };
    let source = LogSource::new("fuzz.log", log);
    let _ = follow_request([source], selector, None);
});
