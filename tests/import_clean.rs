//! Issue 16, parts 1 and 2: the Statuspage import leaves no HTML in any record (GitHub's whole
//! history, through the binary), status-page words are quoted, imports land where the archive
//! reads, and every command that reads the archive says when it found no records.

mod common;

use common::whys;

use std::path::Path;

fn record_texts(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

#[test]
fn github_history_imports_without_one_html_tag_and_quotes_the_status_page() {
    let archive = tempfile::tempdir().unwrap();
    std::fs::write(archive.path().join("whys.yaml"), "").unwrap();
    common::import_github_history(archive.path());
    let records = record_texts(&archive.path().join("postmortems"));
    assert_eq!(records.len(), 1282);
    // An opening or closing tag of any HTML element, or an entity such as `&amp;`.
    let tag =
        regex::Regex::new(r"(?i)</?[a-z][a-z0-9]*(\s[^<>]*)?/?>|&(#[0-9]+|#x[0-9a-f]+|[a-z]+);")
            .unwrap();
    let with_tags: Vec<String> = records
        .iter()
        .filter_map(|(path, text)| tag.find(text).map(|m| format!("{path}: {}", m.as_str())))
        .collect();
    assert!(
        with_tags.is_empty(),
        "{} records keep HTML, e.g. {:?}",
        with_tags.len(),
        &with_tags[..with_tags.len().min(5)]
    );
    // The 2011 lists became Markdown lists, quoted as the status page's words.
    let lists = records
        .iter()
        .filter(|(_, text)| text.contains("> - **"))
        .count();
    assert!(lists > 0, "no update list became a quoted Markdown list");
    let quoted_events = records
        .iter()
        .filter(|(_, t)| {
            t.contains("event: '> ")
                || t.contains("event: |-\n    > ")
                || t.contains("event: \"> ")
                || t.contains("event: >-\n    > ")
        })
        .count();
    assert!(
        quoted_events > 1000,
        "only {quoted_events} records quote their updates"
    );
}

#[test]
fn every_command_that_reads_the_archive_says_it_found_no_records_and_exits_2() {
    let archive = tempfile::tempdir().unwrap();
    std::fs::write(archive.path().join("whys.yaml"), "").unwrap();
    let site_out = archive.path().join("site-out");
    let site_out = site_out.to_str().unwrap();
    for args in [
        vec!["check"],
        vec!["report"],
        vec!["actions"],
        vec!["export"],
        vec!["site", "--out", site_out],
        vec!["related", "2024-01-01-anything"],
    ] {
        let out = whys(archive.path(), &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("no records found under") && stderr.contains("postmortems"),
            "{args:?}: {stderr}"
        );
    }
    // An empty folder given by name, too.
    std::fs::create_dir(archive.path().join("empty")).unwrap();
    let out = whys(archive.path(), &["report", "empty"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no records found under empty"));
}

#[test]
fn imports_land_in_the_archive_and_out_elsewhere_is_warned_about() {
    let archive = tempfile::tempdir().unwrap();
    std::fs::write(archive.path().join("whys.yaml"), "").unwrap();
    let fixtures = common::data("statuspage/list.json");
    let fixtures = fixtures.to_str().unwrap();

    let out = whys(
        archive.path(),
        &["import", "statuspage", fixtures, "--out", "imported"],
    );
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: imported is outside the archive's records folder")
            && stderr.contains("set `postmortems: imported` in whys.yaml"),
        "{stderr}"
    );
    assert_eq!(whys(archive.path(), &["report"]).status.code(), Some(2));

    let out = whys(archive.path(), &["import", "statuspage", fixtures]);
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"));
    assert!(!record_texts(&archive.path().join("postmortems")).is_empty());
    let report = whys(archive.path(), &["report"]);
    assert_eq!(
        report.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
}

#[test]
fn quoted_status_page_words_skip_the_wording_rules_but_not_the_personal_data_rules() {
    let archive = tempfile::tempdir().unwrap();
    std::fs::write(archive.path().join("whys.yaml"), "").unwrap();
    let input = archive.path().join("incident.json");
    std::fs::write(
        &input,
        r#"{"page": {"name": "Acme"}, "incident": {"id": "q1", "name": "Errors", "impact": "minor",
            "created_at": "2024-01-01T10:00:00Z", "resolved_at": "2024-01-01T11:00:00Z",
            "incident_updates": [{"status": "resolved", "created_at": "2024-01-01T11:00:00Z",
              "body": "<p>We <em>screwed up</em> a deploy &amp; rolled back. Questions: <a href=\"mailto:ops-lead@acme.io\">ops-lead@acme.io</a> or +44 20 7946 0958</p>"}]}}"#,
    )
    .unwrap();
    let out = whys(archive.path(), &["import", "statuspage", "incident.json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = whys(archive.path(), &["check", "--format", "json"]);
    let findings = String::from_utf8_lossy(&check.stdout);
    assert!(
        findings.contains("pii/email") && findings.contains("pii/phone"),
        "{findings}"
    );
    assert!(!findings.contains("blame/word"), "{findings}");
    let texts = record_texts(&archive.path().join("postmortems"));
    assert!(
        texts[0]
            .1
            .contains("> We *screwed up* a deploy & rolled back."),
        "{}",
        texts[0].1
    );
}
