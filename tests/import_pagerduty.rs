//! `whys import pagerduty` through the binary, on fixtures built to PagerDuty's OpenAPI
//! description (tests/data/pagerduty/README.md).

mod common;

use common::whys;

use std::path::{Path, PathBuf};
use std::process::Output;

use whys::record::{load_record, Record, TimelineKind, Timestamp};

fn fixtures() -> PathBuf {
    common::data("pagerduty")
}

fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

const SETTINGS: &str =
    "roster:\n  Ana Lima: the incident commander\n  PUSER0BRU: the payments on-call engineer\n";

fn archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("whys.yaml"), SETTINGS).unwrap();
    dir
}

fn fixture(name: &str) -> String {
    fixtures().join(name).to_str().unwrap().to_owned()
}

fn t(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

const RECORD: &str = "postmortems/2025/2025-10-07-pagerduty-q2pay0pool7x.yaml";

fn load(path: &Path) -> Record {
    load_record(path, &Default::default()).unwrap().record
}

#[test]
fn an_incident_and_its_log_become_a_draft_without_names_and_a_second_import_changes_nothing() {
    let dir = archive();
    let out = whys(
        dir.path(),
        &[
            "import",
            "pagerduty",
            &fixture("log_entries.json"),
            &fixture("incident.json"),
        ],
    );
    let stdout = ok(&out);
    assert!(stdout.contains("new draft"), "{stdout}");
    assert!(
        stdout.contains("1 log entry left out"),
        "the notification: {stdout}"
    );
    let path = dir.path().join(RECORD);
    let text = std::fs::read_to_string(&path).unwrap();
    let r = load(&path);
    assert_eq!(
        r.severity, "SEV2",
        "priority P2 through the default mapping"
    );
    assert_eq!(r.services, ["payment-service"]);
    assert_eq!(r.times.detected, t("2025-10-07T08:30:00Z"), "created_at");
    assert_eq!(r.times.acknowledged, Some(t("2025-10-07T08:45:00Z")));
    assert_eq!(r.times.resolved, Some(t("2025-10-23T15:00:00Z")));
    assert_eq!(r.times.mitigated, r.times.resolved);
    let kinds: Vec<TimelineKind> = r.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            TimelineKind::Detection,
            TimelineKind::Escalation,
            TimelineKind::Escalation,
            TimelineKind::Observation,
            TimelineKind::Escalation,
            TimelineKind::Observation,
            TimelineKind::Resolution,
        ],
        "{:#?}",
        r.timeline
    );
    assert_eq!(
        r.timeline[1].event,
        "The incident commander acknowledged the page."
    );
    assert_eq!(
        r.timeline[2].event,
        "Assigned to the payments on-call engineer."
    );
    assert!(r.timeline[0]
        .event
        .contains("triggered by Settlement reconciliation"));
    assert!(
        r.timeline[3].event.contains("the payments on-call engineer takes the pool side; reach him at [redacted] or [redacted]."),
        "{}",
        r.timeline[3].event
    );
    for name in ["Ana", "Lima", "Bruno", "Costa", "415", "example.com"] {
        assert!(!text.contains(name), "`{name}` in:\n{text}");
    }
    let source = r.source.unwrap();
    assert_eq!(source.kind, "pagerduty");
    assert_eq!(
        source.reference.as_deref(),
        Some("https://acme.pagerduty.com/incidents/Q2PAY0POOL7X")
    );
    let check = whys(dir.path(), &["check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    let out = whys(
        dir.path(),
        &[
            "import",
            "pagerduty",
            &fixture("incident.json"),
            &fixture("log_entries.json"),
        ],
    );
    assert!(ok(&out).contains("already has every fact"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "idempotent");
}

#[test]
fn into_merges_new_entries_into_an_existing_record_once() {
    let dir = archive();
    let seed = common::repo().join("postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml");
    let target = dir
        .path()
        .join("postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::copy(&seed, &target).unwrap();
    let before = load(&target);
    let args = [
        "import",
        "pagerduty",
        &fixture("incident.json"),
        &fixture("log_entries.json"),
        "--into",
        "2025-10-07-payments-pool-exhaustion",
    ];
    let stdout = ok(&whys(dir.path(), &args));
    assert!(stdout.contains("merged into"), "{stdout}");
    let text = std::fs::read_to_string(&target).unwrap();
    let after = load(&target);
    assert_eq!(after.times.acknowledged, before.times.acknowledged, "kept");
    assert_eq!(
        after.times.mitigated, before.times.mitigated,
        "an earlier mitigation is kept"
    );
    assert_eq!(after.timeline.len(), before.timeline.len() + 7);
    assert!(
        after.timeline.windows(2).all(|w| w[0].at <= w[1].at),
        "in time order"
    );
    assert!(
        text.contains("# The reference whys/v1 record"),
        "comments kept"
    );
    assert!(!text.contains("Bruno"));

    let stdout = ok(&whys(dir.path(), &args));
    assert!(stdout.contains("already has every fact"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
}

#[test]
fn the_list_form_imports_every_incident_and_maps_urgency_and_priority_through_whys_yaml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("whys.yaml"),
        "import:\n  pagerduty:\n    priority: { P2: SEV1 }\n    urgency: { high: SEV2, low: SEV4 }\n",
    )
    .unwrap();
    let stdout = ok(&whys(
        dir.path(),
        &["import", "pagerduty", &fixture("list.json")],
    ));
    assert!(stdout.contains("read 2 incident(s)"), "{stdout}");
    let r = load(&dir.path().join(RECORD));
    assert_eq!(r.severity, "SEV1", "P2 mapped by whys.yaml");
    assert_eq!(r.timeline.len(), 0, "no log entries given");
    let low = load(
        &dir.path()
            .join("postmortems/2025/2025-11-02-pagerduty-q3low0cache1.yaml"),
    );
    assert_eq!(low.severity, "SEV4", "no priority: urgency low");
    assert_eq!(
        low.times.resolved,
        Some(t("2025-11-02T10:40:00Z")),
        "resolved_at"
    );
}

#[test]
fn a_bad_time_is_named_by_file_and_json_path_and_nothing_is_written() {
    let dir = archive();
    let out = whys(
        dir.path(),
        &[
            "import",
            "pagerduty",
            &fixture("incident.json"),
            &fixture("bad-time.json"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad-time.json") && stderr.contains("log_entries[2].created_at"),
        "{stderr}"
    );
    assert!(!dir.path().join("postmortems").exists());

    std::fs::write(
        dir.path().join("broken.json"),
        "{\"incident\": {\"id\": 7}}",
    )
    .unwrap();
    let out = whys(dir.path(), &["import", "pagerduty", "broken.json"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken.json") && stderr.contains("`incident.id`"),
        "{stderr}"
    );
}
