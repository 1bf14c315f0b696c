//! Findings about personal data and secrets point at the value but never repeat it, in any
//! output form; wording findings carry their rewrite suggestion in every form.

mod common;

use std::path::PathBuf;

const SECRETS: &[&str] = &[
    "jane.doe@gmail.com",
    "Sup3rS3cretPw",
    "ghp_4Fq9ZkT2mW8xR1vB7nC3pL6sD0hJ5gY2aE1u",
    "ops-lead@acme.io",
];

fn check(format: &str) -> String {
    let archive = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/secrets");
    let out = common::whys(&archive, &["check", "--format", format]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "published: personal data is an error"
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn assert_no_secret(format: &str, text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{format} repeats {secret}:\n{text}");
    }
}

#[test]
fn machine_formats_never_repeat_the_secret_and_carry_the_rewrite() {
    let json = check("json");
    assert_no_secret("json", &json);
    let rows: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let rules: Vec<&str> = rows.iter().map(|r| r["rule"].as_str().unwrap()).collect();
    for rule in [
        "pii/email",
        "secret/url-password",
        "secret/github-token",
        "blame/hindsight",
        "record/related",
    ] {
        assert!(rules.contains(&rule), "no {rule} in {rules:?}");
    }
    for row in &rows {
        let rule = row["rule"].as_str().unwrap();
        if rule.starts_with("pii/") || rule.starts_with("secret/") || rule.starts_with("blame/") {
            assert!(
                row["suggestion"].as_str().is_some_and(|s| !s.is_empty()),
                "{rule} without a rewrite: {row}"
            );
            assert!(row["line"].is_number(), "{rule} is not placed: {row}");
        }
    }
    // The unknown `related` id is an address: the finding says so without quoting it.
    let related = rows.iter().find(|r| r["rule"] == "record/related").unwrap();
    assert!(
        related["message"].as_str().unwrap().contains("[redacted]"),
        "{related}"
    );

    let github = check("github");
    assert_no_secret("github", &github);
    let hindsight = github
        .lines()
        .find(|l| l.contains("whys blame/hindsight"))
        .expect("a blame/hindsight annotation");
    assert!(hindsight.contains("%0Ahelp: "), "{hindsight}");

    let sarif = check("sarif");
    assert_no_secret("sarif", &sarif);
    let doc: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    for result in doc["runs"][0]["results"].as_array().unwrap() {
        let rule = result["ruleId"].as_str().unwrap();
        if rule.starts_with("pii/") || rule.starts_with("secret/") || rule.starts_with("blame/") {
            let text = result["message"]["text"].as_str().unwrap();
            assert!(text.contains("(help: "), "{rule} without a rewrite: {text}");
        }
    }
}

#[test]
fn human_output_shows_the_line_under_the_caret_but_says_nothing_of_the_value() {
    let human = check("human");
    for line in human.lines() {
        // The quoted YAML line (`NN | ...`) is the author's own file, shown so the caret can
        // point; everything whys says itself must not repeat the value.
        let quoted_source = line
            .split_once(" | ")
            .is_some_and(|(gutter, _)| gutter.trim().chars().all(|c| c.is_ascii_digit()));
        if !quoted_source {
            for secret in SECRETS {
                assert!(!line.contains(secret), "repeats {secret}: {line}");
            }
        }
    }
    assert!(human.contains("secret/url-password"), "{human}");
    assert!(human.contains("= help: "), "{human}");
}
