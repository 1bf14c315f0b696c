//! Any bytes as one day of a Slack channel export (and as mrkdwn): no panic, and every entry
//! is a timeline entry whys can read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whys::import::slack::{mrkdwn_to_markdown, slack_timeline, Selection, SlackOptions};
use whys::record::TimelineEntry;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = mrkdwn_to_markdown(text, &|_| "a responder".to_owned());
    }
    let Ok(dir) = tempfile::tempdir() else { return };
    let export = dir.path();
    let channels = r#"[{"id": "C1", "name": "inc"}]"#;
    let users = r#"[{"id": "U1", "name": "ana", "real_name": "Ana Lima"}]"#;
    if std::fs::write(export.join("channels.json"), channels).is_err()
        || std::fs::write(export.join("users.json"), users).is_err()
        || std::fs::create_dir(export.join("inc")).is_err()
        || std::fs::write(export.join("inc/2025-10-07.json"), data).is_err()
    {
        return;
    }
    let options = SlackOptions {
        channel: "inc".into(),
        since: None,
        until: None,
        selection: Selection::All,
    };
    let Ok(found) = slack_timeline(export, &options, &Default::default()) else {
        return;
    };
    let yaml = serde_json::to_string(&found.entries).expect("entries serialise");
    let back: Vec<TimelineEntry> = serde_json::from_str(&yaml).expect("entries read back");
    assert_eq!(back.len(), found.entries.len());
    for e in &found.entries {
        assert!(!e.event.contains("Ana Lima"), "a name left in: {}", e.event);
    }
});
