//! `whys timeline ... --into RECORD` through the real binary: entries land in the record's
//! `timeline:` in time order, the author's comments and layout stay, a second run adds
//! nothing, and an empty (`[]`) or missing timeline becomes a block list.

mod common;
use common::whys;

use std::path::{Path, PathBuf};
use std::process::Output;

fn data(path: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/evidence")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

fn ok(out: Output) -> Output {
    assert!(
        out.status.success(),
        "whys failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

const HEAD: &str = "\
# Checkout failures, 2025-10-07. Keep this comment.
id: 2025-10-07-checkout
title: Checkout requests failed
status: draft
severity: SEV2
impact_kind: degraded
summary: Card payments failed for a few minutes.
times:
  started: 2025-10-07T14:00:00Z   # first failed request
  detected: 2025-10-07T14:05:00Z
";

/// Writes a record into a fresh archive folder and returns (folder, file).
fn archive_with(record: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("postmortems/2025");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("2025-10-07-checkout.yaml");
    std::fs::write(&file, record).unwrap();
    (tmp, file)
}

fn timeline_of(file: &Path) -> Vec<whys::record::TimelineEntry> {
    let text = std::fs::read_to_string(file).unwrap();
    whys::record::parse_record(file, text)
        .expect("the edited file is a record")
        .record
        .timeline
}

#[test]
fn trace_entries_go_to_their_places_and_comments_stay() {
    let record = format!(
        "{HEAD}\
timeline:
  # What started it.
  - at: 2025-10-07T13:59:00Z   # deploy finished
    kind: trigger
    event: Payments 2.3 deployed.
  # Later, once people were looking.
  - at: 2025-10-07T14:05:00Z
    kind: detection
    event: Alert on checkout error rate.

# Why it happened.
whys: []
"
    );
    let (tmp, file) = archive_with(&record);
    let trace = data("traces/checkout_baseline_jaeger.json");
    let out = ok(whys(
        tmp.path(),
        &[
            "timeline",
            "--from-trace",
            &trace,
            "--into",
            file.to_str().unwrap(),
        ],
    ));
    assert!(out.stdout.is_empty(), "with --into nothing is printed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("added 5 timeline entries"), "{stderr}");

    let text = std::fs::read_to_string(&file).unwrap();
    for kept in [
        "# Checkout failures, 2025-10-07. Keep this comment.",
        "  started: 2025-10-07T14:00:00Z   # first failed request",
        "  # What started it.",
        "  - at: 2025-10-07T13:59:00Z   # deploy finished",
        "  # Later, once people were looking.",
        "\n# Why it happened.\nwhys: []\n",
    ] {
        assert!(text.contains(kept), "lost {kept:?}:\n{text}");
    }
    let timeline = timeline_of(&file);
    assert_eq!(timeline.len(), 7, "{text}");
    assert!(timeline.windows(2).all(|w| w[0].at <= w[1].at), "{text}");
    assert_eq!(timeline[0].event, "Payments 2.3 deployed.");
    assert_eq!(timeline[6].event, "Alert on checkout error rate.");
    // The comment over the detection entry still stands right above it.
    let comment = text.find("  # Later, once people were looking.").unwrap();
    let detection = text.find("  - at: 2025-10-07T14:05:00Z").unwrap();
    assert!(
        text[comment..detection].lines().count() == 1,
        "the new entries went between a comment and its entry:\n{text}"
    );

    // Again: everything is already there, and the file does not change by a byte.
    let again = ok(whys(
        tmp.path(),
        &[
            "timeline",
            "--from-trace",
            &trace,
            "--into",
            file.to_str().unwrap(),
        ],
    ));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("added 0 timeline entries"), "{stderr}");
    assert!(stderr.contains("5 already there"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);

    // The result is still a record `whys check` reads without a structural error.
    let check = whys(tmp.path(), &["check", "--format", "json"]);
    let findings = String::from_utf8_lossy(&check.stdout);
    assert!(!findings.contains("\"severity\":\"error\""), "{findings}");
}

#[test]
fn an_empty_flow_timeline_becomes_a_block_list() {
    let record = format!("{HEAD}timeline: []   # to be filled from the logs\nwhys: []\n");
    let (tmp, file) = archive_with(&record);
    let logs = [
        data("logs/gateway.jsonl"),
        data("logs/payments.jsonl"),
        data("logs/db.jsonl"),
    ];
    let mut args = vec!["timeline", "--from-logs"];
    args.extend(logs.iter().map(String::as_str));
    args.extend(["--trace-id", "4bf92f3577b34da6a3ce929d0e0e4736"]);
    args.extend(["--into", "2025-10-07-checkout"]);
    ok(whys(tmp.path(), &args));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("timeline: # to be filled from the logs\n  - at: "),
        "{text}"
    );
    let timeline = timeline_of(&file);
    assert!(timeline.len() >= 4, "{text}");
    assert!(timeline.windows(2).all(|w| w[0].at <= w[1].at));
    assert!(timeline
        .iter()
        .all(|e| e.evidence.0 == ["trace:4bf92f3577b34da6a3ce929d0e0e4736"]));
    assert!(text.ends_with("whys: []\n"), "{text}");

    ok(whys(tmp.path(), &args));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn a_missing_timeline_is_added() {
    let (tmp, file) = archive_with(HEAD);
    let trace = data("traces/checkout_baseline_jaeger.json");
    ok(whys(
        tmp.path(),
        &[
            "timeline",
            "--from-trace",
            &trace,
            "--into",
            file.to_str().unwrap(),
        ],
    ));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with(HEAD), "{text}");
    assert!(
        text[HEAD.len()..].starts_with("timeline:\n  - at: "),
        "{text}"
    );
    assert_eq!(timeline_of(&file).len(), 5);
}

#[test]
fn an_out_of_order_timeline_gets_the_entries_appended() {
    let record = format!(
        "{HEAD}\
timeline:
  - at: 2025-10-07T15:00:00Z
    kind: resolution
    event: Rolled back.
  - at: 2025-10-07T13:00:00Z
    kind: trigger
    event: Deployed.
"
    );
    let (tmp, file) = archive_with(&record);
    let trace = data("traces/checkout_baseline_jaeger.json");
    let out = ok(whys(
        tmp.path(),
        &[
            "timeline",
            "--from-trace",
            &trace,
            "--into",
            file.to_str().unwrap(),
        ],
    ));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not in time order"));
    let timeline = timeline_of(&file);
    assert_eq!(timeline[0].event, "Rolled back.");
    assert_eq!(timeline[1].event, "Deployed.");
    assert_eq!(timeline.len(), 7);
}

#[test]
fn a_flow_timeline_with_entries_is_refused_and_left_alone() {
    let record = format!(
        "{HEAD}timeline: [{{at: 2025-10-07T14:00:00Z, kind: trigger, event: Deployed.}}]\n"
    );
    let (tmp, file) = archive_with(&record);
    let trace = data("traces/checkout_baseline_jaeger.json");
    let out = whys(
        tmp.path(),
        &[
            "timeline",
            "--from-trace",
            &trace,
            "--into",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("block list"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), record);
}
