//! The wording rules inside `whys check`: each finding at the words it is about, silenced
//! only by a precise `lint.allow`.

use std::process::Command;

fn check_json(path: &std::path::Path) -> Vec<serde_json::Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_whys"))
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .expect("the whys binary runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

fn place(f: &serde_json::Value) -> String {
    format!(
        "{} {}:{}",
        f["rule"].as_str().unwrap(),
        f["line"],
        f["column"]
    )
}

#[test]
fn a_blameful_record_is_caught_at_each_phrase() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/blame.yaml");
    let found: Vec<String> = check_json(&path).iter().map(place).collect();
    assert_eq!(
        found,
        [
            "blame/person 2:8",
            "pii/email 6:11",
            "blame/hindsight 9:3",
            "blame/counterfactual 9:26",
            "blame/word 9:60",
            "whys/ends-at-person 15:18",
        ]
    );
}

#[test]
fn lint_allow_silences_one_rule_in_one_field_only() {
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/blame.yaml"),
    )
    .unwrap();
    let text = text.replace("id: blame\n", "id: blame\nlint:\n  allow:\n    - rule: blame/hindsight\n      field: summary\n      reason: quoted from the customer's complaint\n");
    let path = tmp.path().join("blame.yaml");
    std::fs::write(&path, text).unwrap();
    let rules: Vec<String> = check_json(&path)
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_owned())
        .collect();
    assert!(!rules.contains(&"blame/hindsight".to_owned()), "{rules:?}");
    assert!(
        rules.contains(&"blame/counterfactual".to_owned()),
        "other rules in the same field still fire: {rules:?}"
    );
}

#[test]
fn the_bundled_archive_is_blameless() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("postmortems");
    assert!(check_json(&dir).is_empty());
}
