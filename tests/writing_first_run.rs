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
    // The blameful sentence: whichever rule of the blame family judges it.
    assert!(
        first.iter().any(|r| r.starts_with("blame/")),
        "no blame finding: {first:?}"
    );
    for rule in [
        "times/no-offset",
        "record/unknown-field",
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
    assert!(rules.iter().any(|r| r.starts_with("blame/")), "{rules:?}");
    assert!(rules.contains("whys/ends-at-person"), "{rules:?}");
}

/// `whys check` of `text` in human form, as a person reads it.
fn human(dir: &Path, text: &str) -> String {
    std::fs::create_dir_all(dir.join("postmortems")).unwrap();
    std::fs::write(dir.join(FILE), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_whys"))
        .current_dir(dir)
        .args(["--color", "never", "check", FILE])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn messages_count_from_one_and_name_their_base_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let out = human(dir.path(), DRAFT);
    assert!(out.contains("the 2nd timeline entry"), "{out}");
    assert!(out.contains("field: timeline[1].at"), "{out}");
    assert!(
        out.contains("43 days after resolution on 2026-12-03"),
        "{out}"
    );
    // The record is written in +01:00: the hint proposes that offset.
    assert!(
        out.contains("`2026-12-03T09:00:00+01:00`, the offset of the record's other times"),
        "{out}"
    );
}

#[test]
fn the_comment_trap_says_what_was_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let text = DRAFT.replace(
        "event: Config rolled back.",
        "event: Config rolled back and announced in #inc-payments.",
    );
    let out = human(dir.path(), &text);
    assert!(
        out.contains("warning[yaml/comment]: `#inc-payments.` is read as a YAML comment"),
        "{out}"
    );
    assert!(out.contains("quote the whole value"), "{out}");
}

#[test]
fn common_slips_get_hints_in_record_terms() {
    let dir = tempfile::tempdir().unwrap();
    let out = human(
        dir.path(),
        &DRAFT.replace("  - at: 2026-12-03T09:40", "  -at: 2026-12-03T09:40"),
    );
    assert!(
        out.contains("a list item needs a space after `-`: write `- at:`"),
        "{out}"
    );
    assert!(out.contains(":22:3"), "placed at the slip: {out}");

    let out = human(
        dir.path(),
        &DRAFT.replace("summary:", "impact:\n  users_affected: 18,400\nsummary:"),
    );
    assert!(
        out.contains("write the number without separators: `18400`"),
        "{out}"
    );
    // The other findings are still there.
    assert!(out.contains("[blame/"), "{out}");
}

#[test]
fn date_flags_take_years_months_and_quarters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("postmortems")).unwrap();
    std::fs::write(
        dir.path()
            .join("postmortems/2025-10-07-payments-pool-exhaustion.yaml"),
        include_str!("../postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml"),
    )
    .unwrap();
    for since in ["2022", "2022-03", "2022-Q1", "2022-03-14"] {
        let out = Command::new(env!("CARGO_BIN_EXE_whys"))
            .current_dir(dir.path())
            .args(["report", "--since", since, "--until", "2026-Q4"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "--since {since}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = Command::new(env!("CARGO_BIN_EXE_whys"))
        .current_dir(dir.path())
        .args(["report", "--since", "22"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-Qn"));
}
