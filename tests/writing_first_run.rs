//! Writing a post-mortem (issue 18): the first `whys check` lists every problem the second
//! would, even when a structural error (a time without an offset, a misspelt field) keeps
//! the record from parsing. Run through the real binary on a real file.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const DRAFT: &str = include_str!("data/writing/broken-first-draft.yaml");
const FILE: &str = "postmortems/2026-12-03-payments-outage.yaml";

/// The rule ids `whys check --format json` reports for `text` written as the record.
fn rules_of(dir: &Path, text: &str) -> BTreeSet<String> {
    std::fs::create_dir_all(dir.join("postmortems")).unwrap();
    std::fs::write(dir.join(FILE), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_whys"))
        .current_dir(dir)
        .args(["check", "--format", "json", FILE])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.stderr.is_empty() || !String::from_utf8_lossy(&out.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            v["rule"].as_str().unwrap().to_owned()
        })
        .collect()
}

#[test]
fn a_structural_error_hides_no_other_finding() {
    let dir = tempfile::tempdir().unwrap();
    let first = rules_of(dir.path(), DRAFT);
    for rule in [
        "times/no-offset",
        "record/unknown-field",
        "blame/person",
        "pii/email",
        "timeline/order",
        "whys/ends-at-person",
        "actions/due-horizon",
    ] {
        assert!(first.contains(rule), "first run lacks {rule}: {first:?}");
    }

    // Fix only the structural errors, as the author would after the first run: the second
    // run must find nothing the first did not.
    let fixed = DRAFT
        .replace(
            "started: 2026-12-03T09:00:00\n",
            "started: 2026-12-03T09:00:00+01:00\n",
        )
        .replace("rootcause:", "root_cause:")
        .replace("    tracker: PAY-1\n", "");
    let second = rules_of(dir.path(), &fixed);
    assert!(!second.contains("times/no-offset") && !second.contains("record/unknown-field"));
    let new: Vec<_> = second.difference(&first).collect();
    assert!(
        new.is_empty(),
        "the second run found what the first hid: {new:?}"
    );
}

#[test]
fn a_bad_enum_value_hides_no_other_finding_and_invents_none() {
    let dir = tempfile::tempdir().unwrap();
    let text = DRAFT.replace("kind: mitigation", "kind: mitigate");
    let rules = rules_of(dir.path(), &text);
    assert!(rules.contains("record/type"), "{rules:?}");
    assert!(rules.contains("blame/person"), "{rules:?}");
    assert!(rules.contains("whys/ends-at-person"), "{rules:?}");
}
