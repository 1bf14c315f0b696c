//! `whys changes --from-grafana` through the binary, on an annotations body built to Grafana's
//! HTTP API documentation (tests/data/grafana/README.md).

mod common;

use common::whys;

use whys::record::{load_record, ChangeKind};

const ID: &str = "2025-10-07-payments-pool-exhaustion";

#[test]
fn annotations_in_the_window_are_listed_and_added_once_like_commits() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("whys.yaml"), "").unwrap();
    let record = dir.path().join(format!("postmortems/2025/{ID}.yaml"));
    std::fs::create_dir_all(record.parent().unwrap()).unwrap();
    std::fs::copy(
        common::repo().join(format!("postmortems/2025/{ID}.yaml")),
        &record,
    )
    .unwrap();
    let file = common::data("grafana/annotations.json");
    let file = file.to_str().unwrap();

    let out = whys(
        dir.path(),
        &["changes", "--from-grafana", file, "--around", ID],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("3 change(s) in"), "{stdout}");
    let lines: Vec<&str> = stdout.lines().skip(1).collect();
    assert_eq!(
        lines,
        [
            "2025-09-29T20:00:00Z traffic grafana:annotation/102 Load test of checkout (traffic)",
            "2025-09-29T16:30:00Z deploy grafana:annotation/104 [payment-service v2.14.0](https://ci.example.com/builds/1234) deployed by [redacted] (deploy, payment-service)",
            "2025-09-29T14:00:00Z cron   grafana:annotation/103 Weekly compaction of **payments-db** moved from Sunday to Tuesday 02:00 UTC (cron, payments-db)",
        ]
    );

    let out = whys(
        dir.path(),
        &["changes", "--from-grafana", file, "--around", ID, "--add"],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("added 3 change(s)"));
    let r = load_record(&record, &Default::default()).unwrap().record;
    assert_eq!(r.changes.len(), 4);
    assert_eq!(r.changes[2].kind, ChangeKind::Deploy);
    assert_eq!(
        r.changes[2].reference.as_deref(),
        Some("grafana:annotation/104")
    );
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(!text.contains("ana.lima"));
    let out = whys(
        dir.path(),
        &["changes", "--from-grafana", file, "--around", ID, "--add"],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("added 0 change(s)"));
    assert_eq!(std::fs::read_to_string(&record).unwrap(), text);

    let out = whys(
        dir.path(),
        &[
            "changes",
            "--from-grafana",
            file,
            "--since",
            "2025-09-27T00:00:00Z",
            "--until",
            "2025-10-01T00:00:00Z",
            "--format",
            "json",
        ],
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 5);

    std::fs::write(dir.path().join("bad.json"), "[{\"time\": \"yesterday\"}]").unwrap();
    let out = whys(
        dir.path(),
        &["changes", "--from-grafana", "bad.json", "--around", ID],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.json") && stderr.contains("`[0].time`"),
        "{stderr}"
    );
}
