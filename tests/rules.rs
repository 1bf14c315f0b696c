//! Every rule in the catalogue, fired and kept quiet by a fixture.
//!
//! `tests/rules/<rule id with '/' as '--'>/fire/` and `.../quiet/` are tiny archives: record
//! files, and optionally their own `whys.yaml`. Each record file says, in header comments,
//! every finding `whys check` must report for it, at the line and column of the value:
//!
//! ```yaml
//! # expect: times/order 9:13
//! ```
//!
//! A `fire/` folder must report exactly the findings its files expect (and at least one of
//! its rule); a `quiet/` folder must report none of its rule, and nothing its files do not
//! expect (normally nothing at all). Each folder is copied to a temporary directory first, so
//! a `whys.yaml` higher up in the repository can never change what a fixture means.
//!
//! A rule cannot be added to the catalogue without both folders: the test fails. Rules whose
//! trigger a committed file cannot hold are in [`BUILT_IN_CODE`], each with its own test
//! below.

mod common;
use common::copy_dir;

use std::fmt;
use std::path::{Path, PathBuf};

use whys::check::catalogue::{self, RULES};
use whys::check::check_paths;
use whys::settings::Archive;

/// Rules tested by a fixture built in code, and why a folder cannot hold it.
const BUILT_IN_CODE: &[(&str, &str)] = &[(
    "file/read",
    "needs an unreadable path: a dangling symlink, made at test time",
)];

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

fn fixture_dir(rule: &str, kind: &str) -> PathBuf {
    rules_dir().join(rule.replace('/', "--")).join(kind)
}

/// One finding, as a fixture header writes it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Expect {
    file: String,
    rule: String,
    line: usize,
    column: usize,
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: # expect: {} {}:{}",
            self.file, self.rule, self.line, self.column
        )
    }
}

/// Record files under `dir` (relative, forward slashes), `whys.yaml` left out.
fn record_files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else if path.file_name().is_some_and(|n| n != "whys.yaml")
                && path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            {
                out.push(relative(base, &path));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn relative(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The `# expect:` headers of every record file in `dir`.
fn expectations(dir: &Path) -> Vec<Expect> {
    let mut out = Vec::new();
    for file in record_files(dir) {
        // Lossy: the file/encoding fixture is not UTF-8 past its header.
        let bytes = std::fs::read(dir.join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for line in text.lines() {
            let Some(rest) = line.trim().strip_prefix("# expect:") else {
                continue;
            };
            let parts: Vec<&str> = rest.split_whitespace().collect();
            let parsed = match parts.as_slice() {
                [rule, place] => place.split_once(':').and_then(|(l, c)| {
                    Some(Expect {
                        file: file.clone(),
                        rule: (*rule).to_owned(),
                        line: l.parse().ok()?,
                        column: c.parse().ok()?,
                    })
                }),
                _ => None,
            };
            out.push(
                parsed.unwrap_or_else(|| {
                    panic!("{}/{file}: malformed header `{line}`", dir.display())
                }),
            );
        }
    }
    out.sort();
    out
}

/// What `whys check` finds in a copy of `dir`, as headers would write it. Findings without a
/// place are written at 0:0, so they can never match a header by accident.
fn findings(dir: &Path) -> Vec<(Expect, whys::diagnostic::Severity)> {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(dir, tmp.path());
    let archive = Archive::discover(tmp.path()).unwrap();
    let run = check_paths(&archive, &[tmp.path().to_path_buf()], &[]).unwrap();
    let mut out = Vec::new();
    for report in &run.files {
        for f in &report.findings {
            let (line, column) = f
                .span
                .map(|s| (s.start.line, s.start.column))
                .unwrap_or((0, 0));
            out.push((
                Expect {
                    file: relative(tmp.path(), &report.path),
                    rule: f.rule.clone(),
                    line,
                    column,
                },
                f.severity,
            ));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn listing(items: &[Expect]) -> String {
    if items.is_empty() {
        return "    (nothing)".to_owned();
    }
    items
        .iter()
        .map(|e| format!("    {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares a fixture folder's findings with its headers; `None` when they agree.
fn compare(rule: &str, kind: &str) -> Option<String> {
    let dir = fixture_dir(rule, kind);
    let expected = expectations(&dir);
    let found = findings(&dir);
    let actual: Vec<Expect> = found.iter().map(|(e, _)| e.clone()).collect();
    let mut problems = Vec::new();
    if actual != expected {
        problems.push(format!(
            "  expected:\n{}\n  found:\n{}",
            listing(&expected),
            listing(&actual)
        ));
    }
    let of_rule = actual.iter().filter(|e| e.rule == rule).count();
    match kind {
        "fire" if of_rule == 0 => problems.push(format!("  `{rule}` did not fire")),
        "quiet" if of_rule > 0 => problems.push(format!("  `{rule}` fired")),
        _ => {}
    }
    if kind == "fire" && !expected.iter().any(|e| e.rule == rule) {
        problems.push(format!("  no `# expect: {rule} L:C` header"));
    }
    for (e, severity) in &found {
        match catalogue::find(&e.rule) {
            None => problems.push(format!("  `{}` is not in the catalogue", e.rule)),
            // No fixture re-levels a rule: each finding has its catalogue level.
            Some(info) if info.level != *severity => problems.push(format!(
                "  `{}` reported as {severity}, catalogue says {}",
                e.rule, info.level
            )),
            Some(_) => {}
        }
    }
    (!problems.is_empty())
        .then(|| format!("{}:\n{}", relative(&rules_dir(), &dir), problems.join("\n")))
}

fn is_built_in_code(rule: &str) -> bool {
    BUILT_IN_CODE.iter().any(|(r, _)| *r == rule)
}

#[test]
fn every_rule_has_a_fire_and_a_quiet_fixture() {
    let mut missing = Vec::new();
    for rule in RULES.iter().filter(|r| !is_built_in_code(r.id)) {
        for kind in ["fire", "quiet"] {
            let dir = fixture_dir(rule.id, kind);
            if !dir.is_dir() || record_files(&dir).is_empty() {
                missing.push(relative(&rules_dir(), &dir));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fixtures (tests/rules/...):\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn no_fixture_for_a_rule_that_does_not_exist() {
    let mut stale = Vec::new();
    for entry in std::fs::read_dir(rules_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let id = name.replace("--", "/");
        if catalogue::find(&id).is_none() || is_built_in_code(&id) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "fixtures of no catalogued rule: {stale:?}"
    );
}

#[test]
fn fire_fixtures_report_exactly_their_expected_findings() {
    let failures: Vec<String> = RULES
        .iter()
        .filter(|r| !is_built_in_code(r.id) && fixture_dir(r.id, "fire").is_dir())
        .filter_map(|r| compare(r.id, "fire"))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn quiet_fixtures_do_not_fire_their_rule() {
    let failures: Vec<String> = RULES
        .iter()
        .filter(|r| !is_built_in_code(r.id) && fixture_dir(r.id, "quiet").is_dir())
        .filter_map(|r| compare(r.id, "quiet"))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// A small valid record, written under `id`.
fn good_record(id: &str) -> String {
    format!(
        "id: {id}\ntitle: Payments dropped during compaction\nstatus: draft\nseverity: SEV3\n\
         impact_kind: degraded\nsummary: Payments were accepted but not written.\n\
         times:\n  started: 2025-09-30T02:00:00Z\n  detected: 2025-10-07T08:30:00Z\n"
    )
}

#[cfg(unix)]
#[test]
fn file_read_fires_on_a_dangling_symlink_and_the_other_files_are_still_checked() {
    let tmp = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(tmp.path().join("nowhere.yaml"), tmp.path().join("x.yaml")).unwrap();
    let good = "2025-09-30-payments-dropped";
    std::fs::write(tmp.path().join(format!("{good}.yaml")), good_record(good)).unwrap();
    let archive = Archive::discover(tmp.path()).unwrap();
    let run = check_paths(&archive, &[tmp.path().to_path_buf()], &[]).unwrap();
    let summary: Vec<(String, Vec<&str>)> = run
        .files
        .iter()
        .map(|f| {
            (
                relative(tmp.path(), &f.path),
                f.findings.iter().map(|f| f.rule.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (format!("{good}.yaml"), vec![]),
            ("x.yaml".to_owned(), vec!["file/read"]),
        ]
    );
    let finding = &run.files[1].findings[0];
    assert!(
        finding.message.starts_with("cannot read the file"),
        "{}",
        finding.message
    );
}

#[cfg(unix)]
#[test]
fn file_read_stays_quiet_on_a_symlink_to_a_readable_record() {
    let tmp = tempfile::tempdir().unwrap();
    let id = "2025-09-30-payments-dropped";
    std::fs::create_dir(tmp.path().join("store")).unwrap();
    let target = tmp.path().join("store/record.txt");
    std::fs::write(&target, good_record(id)).unwrap();
    std::os::unix::fs::symlink(&target, tmp.path().join(format!("{id}.yaml"))).unwrap();
    let archive = Archive::discover(tmp.path()).unwrap();
    let run = check_paths(&archive, &[tmp.path().to_path_buf()], &[]).unwrap();
    assert_eq!(run.files.len(), 1);
    let rules: Vec<&str> = run.files[0]
        .findings
        .iter()
        .map(|f| f.rule.as_str())
        .collect();
    assert!(rules.is_empty(), "{rules:?}");
}
