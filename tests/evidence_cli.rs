//! `whys timeline --from-trace`, `trace-summary` and `compare` on the real trace exports in
//! tests/data/traces (see tests/data/SOURCES.md).

mod common;

use std::path::PathBuf;

fn traces() -> PathBuf {
    common::real_traces()
}

/// Runs `whys ARGS` in the repository's root (every path given is absolute).
fn whys(args: &[&str]) -> std::process::Output {
    common::whys(&common::repo(), args)
}

#[test]
fn a_jaeger_export_becomes_timeline_entries_that_a_record_accepts() {
    let file = traces().join("jaeger/stalk_hotrod_18231c31672495c6.json");
    let out = whys(&["timeline", "--from-trace", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let yaml = String::from_utf8_lossy(&out.stdout);
    let entries: Vec<whys::record::TimelineEntry> =
        yaml_serde::from_str(&yaml).expect("entries parse as whys/v1 timeline entries");
    assert!(entries.windows(2).all(|w| w[0].at <= w[1].at), "time order");
    assert!(entries
        .iter()
        .all(|e| e.evidence.0 == ["trace:18231c31672495c6"]));
    assert!(
        entries.iter().any(|e| e.event.contains("redis timeout")),
        "{yaml}"
    );
}

#[test]
fn the_summary_matches_what_the_file_says() {
    let file = traces().join("otlp/jaegerui_pr4129_hotrod_apiv3_getTrace-response.json");
    let out = whys(&["trace-summary", file.to_str().unwrap(), "--format", "json"]);
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["span_count"], 40);
    assert_eq!(s["service_count"], 6);
    assert_eq!(s["error_span_count"], 3);
}

#[test]
fn compare_names_the_first_error_of_the_failing_request() {
    let failing = traces().join("jaeger/stalk_hotrod_18231c31672495c6.json");
    let baseline = traces().join("jaeger/tracecompass_opentracing_multiple_services.json");
    let out = whys(&[
        "compare",
        "--failing",
        failing.to_str().unwrap(),
        "--baseline",
        baseline.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        c["first_error"].to_string().contains("redis timeout"),
        "{c}"
    );
}

#[test]
fn a_malformed_trace_is_a_clear_error_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("bad.json");
    std::fs::write(
        &path,
        r#"{"data":[{"traceID":"1","spans":[{"spanID":"a","startTime":"soon"}]}]}"#,
    )
    .unwrap();
    let out = whys(&["trace-summary", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.json") && err.contains("data[0].spans[0]"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}
