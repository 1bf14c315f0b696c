//! `whys timeline --from-slack` through the binary, on a hand-built export that follows
//! Slack's documented format (tests/data/slack/README.md).

mod common;

use common::whys;

use std::path::{Path, PathBuf};

use whys::record::{TimelineEntry, TimelineKind};

fn export() -> PathBuf {
    common::data("slack/export")
}

const SETTINGS: &str = "roster:\n  U01ANA: the incident commander\n  bruno.costa@example.com: the payments on-call engineer\n";

fn archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("whys.yaml"), SETTINGS).unwrap();
    dir
}

fn entries(dir: &Path, extra: &[&str]) -> (Vec<TimelineEntry>, String) {
    let export = export();
    let mut args = vec![
        "timeline",
        "--from-slack",
        export.to_str().unwrap(),
        "--channel",
        "inc-payments",
    ];
    args.extend_from_slice(extra);
    let out = whys(dir, &args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (yaml_serde::from_str(&stdout).unwrap(), stdout)
}

#[test]
fn every_message_becomes_an_entry_with_roles_for_people_and_markdown_for_mrkdwn() {
    let dir = archive();
    let (entries, text) = entries(dir.path(), &[]);
    let times: Vec<String> = entries.iter().map(|e| e.at.to_string()).collect();
    assert_eq!(
        times,
        [
            "2025-10-07T08:31:30Z",
            "2025-10-07T08:46:00Z",
            "2025-10-07T13:00:00Z",
            "2025-10-07T13:05:00Z",
            "2025-10-21T02:12:00Z",
            "2025-10-21T02:40:00Z",
            "2025-10-23T15:00:00Z"
        ],
        "the join is housekeeping, the reply stays in its thread, #general is not read"
    );
    assert_eq!(entries[0].kind, TimelineKind::Detection, "the bot's alert");
    assert_eq!(
        entries[0].event,
        "Reconciliation Bot: **Settlement reconciliation**: 611 payments missing from 2025-09-30 > threshold 0"
    );
    assert_eq!(
        entries[1].event,
        "The incident commander: I'm coordinating. the payments on-call engineer can you take the pool side? Call me on [redacted] if Slack is slow.\n- 08:52 the payments on-call engineer: On it, looking at `payment-service` pool metrics now."
    );
    assert_eq!(
        entries[2].event,
        "A responder: All missing payments are between 02:00 and 03:00 UTC on a *Tuesday*"
    );
    assert_eq!(
        entries[3].event,
        "The payments on-call engineer: Ruled out the gateway: its logs show every payment accepted.",
        "the final text of an edited message"
    );
    assert_eq!(
        entries[4].event,
        "The payments on-call engineer: Pool at 100/100 during compaction, see [pool dashboard](https://grafana.example.com/d/pool). Ping a responder or mail [redacted]"
    );
    for name in [
        "Ana",
        "Lima",
        "Bruno",
        "Costa",
        "Carla",
        "Mendes",
        "@example.com",
        "415",
        "U01ANA",
        "U02BRU",
    ] {
        assert!(!text.contains(name), "`{name}` in:\n{text}");
    }
    assert_eq!(
        entries[0].evidence.0,
        ["slack:#inc-payments 1759825890.000100"]
    );
}

#[test]
fn pinned_reaction_and_window_select_messages() {
    let dir = archive();
    let (pinned, _) = entries(dir.path(), &["--pinned"]);
    let at: Vec<String> = pinned.iter().map(|e| e.at.to_string()).collect();
    assert_eq!(at, ["2025-10-07T08:46:00Z", "2025-10-21T02:40:00Z"]);

    let (reacted, _) = entries(dir.path(), &["--reaction", ":timeline:"]);
    assert_eq!(reacted.len(), 4);

    let (window, _) = entries(
        dir.path(),
        &[
            "--since",
            "2025-10-21T00:00:00Z",
            "--until",
            "2025-10-21T02:30:00Z",
        ],
    );
    assert_eq!(window.len(), 1);
    assert_eq!(window[0].at.to_string(), "2025-10-21T02:12:00Z");
}

#[test]
fn into_adds_entries_once() {
    let dir = archive();
    let record = dir
        .path()
        .join("postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml");
    std::fs::create_dir_all(record.parent().unwrap()).unwrap();
    std::fs::copy(
        common::repo().join("postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml"),
        &record,
    )
    .unwrap();
    let export = export();
    let args = [
        "timeline",
        "--from-slack",
        export.to_str().unwrap(),
        "--channel",
        "#inc-payments",
        "--reaction",
        "timeline",
        "--into",
        "2025-10-07-payments-pool-exhaustion",
    ];
    let out = whys(dir.path(), &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("added 4 timeline entries"), "{stderr}");
    let first = std::fs::read_to_string(&record).unwrap();
    let out = whys(dir.path(), &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("added 0 timeline entries") && stderr.contains("4 already there"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&record).unwrap(), first);
}

#[test]
fn a_malformed_day_file_is_named_with_its_json_path() {
    let dir = archive();
    let copy = dir.path().join("export");
    common::copy_dir(&export(), &copy);
    std::fs::write(
        copy.join("inc-payments/2025-10-21.json"),
        "[{\"type\": \"message\", \"ts\": \"1761012720.0001\", \"text\": \"ok\"}, {\"type\": \"message\", \"ts\": 17}]",
    )
    .unwrap();
    let out = whys(
        dir.path(),
        &[
            "timeline",
            "--from-slack",
            "export",
            "--channel",
            "inc-payments",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("2025-10-21.json") && stderr.contains("`[1].ts`"),
        "{stderr}"
    );
    let out = whys(
        dir.path(),
        &[
            "timeline",
            "--from-slack",
            "export",
            "--channel",
            "incidents",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no channel `incidents`"));
}
