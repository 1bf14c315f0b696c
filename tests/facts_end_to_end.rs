//! Issue 16's "done when": from a PagerDuty incident export, a Slack export and a Prometheus
//! query of the reference payment incident, three commands of the real binary produce a draft
//! whose times, timeline and golden-signal chart are filled, with no person's name in it, and
//! which `whys check` accepts as a draft. The same three commands are documented in
//! docs/importing.md.

mod common;

use common::whys;

use std::path::{Path, PathBuf};

use whys::record::{load_record, Status, TimelineKind};

fn data(relative: &str) -> String {
    common::data(relative).to_str().unwrap().to_owned()
}

fn run(dir: &Path, args: &[&str]) -> String {
    let out = whys(dir, args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{args:?}:\n{text}");
    text
}

/// Everything the people of the fixtures could be recognised by.
const PERSONAL: &[&str] = &[
    "Ana",
    "Lima",
    "ana.lima",
    "Bruno",
    "Costa",
    "bruno",
    "Carla",
    "Mendes",
    "carla",
    "@example.com",
    "415 555",
    "U01ANA",
    "U02BRU",
    "U03CAR",
    "PUSER0",
];

#[test]
fn three_commands_make_a_checked_draft_with_times_timeline_and_a_chart_and_no_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("whys.yaml"),
        "roster:\n  Ana Lima: the incident commander\n  U01ANA: the incident commander\n  PUSER0BRU: the payments on-call engineer\n  U02BRU: the payments on-call engineer\n",
    )
    .unwrap();
    let id = "2025-10-07-pagerduty-q2pay0pool7x";

    run(
        root,
        &[
            "import",
            "pagerduty",
            &data("pagerduty/incident.json"),
            &data("pagerduty/log_entries.json"),
        ],
    );
    run(
        root,
        &[
            "timeline",
            "--from-slack",
            &data("slack/export"),
            "--channel",
            "inc-payments",
            "--into",
            id,
        ],
    );
    run(
        root,
        &[
            "signals",
            "--from-prometheus",
            &data("prometheus/pool-saturation.json"),
            "--signal",
            "saturation",
            "--into",
            id,
        ],
    );

    let path: PathBuf = root.join(format!("postmortems/2025/{id}.yaml"));
    let record = load_record(&path, &Default::default()).unwrap().record;
    assert_eq!(record.status, Status::Draft);
    let t = &record.times;
    assert_eq!(t.detected.to_string(), "2025-10-07T08:30:00Z");
    assert_eq!(
        t.acknowledged.map(|x| x.to_string()).as_deref(),
        Some("2025-10-07T08:45:00Z")
    );
    assert_eq!(
        t.mitigated.map(|x| x.to_string()).as_deref(),
        Some("2025-10-23T15:00:00Z")
    );
    assert_eq!(
        t.resolved.map(|x| x.to_string()).as_deref(),
        Some("2025-10-23T15:00:00Z")
    );
    assert_eq!(
        record.timeline.len(),
        7 + 7,
        "seven from PagerDuty, seven from Slack"
    );
    assert!(record.timeline.windows(2).all(|w| w[0].at <= w[1].at));
    assert!(record
        .timeline
        .iter()
        .any(|e| e.kind == TimelineKind::Detection && e.event.starts_with("Reconciliation Bot:")));
    let saturation = record
        .signals
        .as_ref()
        .and_then(|s| s.saturation.as_deref())
        .unwrap();
    assert!(saturation.contains(&format!("({id}.saturation.series.json)")));

    let check = whys(root, &["check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    let md = run(root, &["render", path.to_str().unwrap(), "--format", "md"]);
    let html = run(
        root,
        &["render", path.to_str().unwrap(), "--format", "html"],
    );
    for page in [&md, &html] {
        assert!(page.contains("<svg class=\"signal-chart\""));
        assert!(page.contains("marker-detected"));
    }
    let yaml = std::fs::read_to_string(&path).unwrap();
    let series =
        std::fs::read_to_string(path.with_file_name(format!("{id}.saturation.series.json")))
            .unwrap();
    for (what, text) in [
        ("record", &yaml),
        ("series", &series),
        ("markdown", &md),
        ("html", &html),
    ] {
        for name in PERSONAL {
            assert!(!text.contains(name), "`{name}` in the {what}:\n{text}");
        }
    }
}
