//! The `whys` binary, run for real.
//!
//! Each folder `tests/cases/<name>/` is one run:
//! - `args`: the arguments, one per line (the runner adds `--color never` before them);
//! - `in/`: the current directory of the run, copied to a temporary directory first so a run
//!   never writes into the repository (a case without `in/` runs in an empty directory);
//! - `stdout`: what the run must print, exactly;
//! - `status`: its exit code;
//! - `stderr` (optional): when present, what it must print on stderr, exactly.
//!
//! To accept the current output after a deliberate change, run
//! `WHYS_BLESS=1 cargo test --test cli`: the runner then rewrites `stdout`, `status` (and an
//! existing `stderr`) instead of comparing. Read the diff before committing it.
//!
//! What cannot be an exact snapshot (pretty-printed SARIF and JSON Schema, completions, files
//! that a run writes) is checked by the plain tests below.

mod common;
use common::{check_expected, copy_dir, whys};

use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// A temporary working directory with no `whys.yaml` above it: `whys` walks up like git
/// does, and a stray settings file in `/tmp` would change every case.
fn workdir() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    for ancestor in tmp.path().ancestors().skip(1) {
        assert!(
            !ancestor.join("whys.yaml").exists(),
            "{} has a whys.yaml; the CLI tests need a temporary directory without one above it",
            ancestor.display()
        );
    }
    tmp
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs one case; `None` when it matches (or was blessed, see `common::blessing`).
fn run_case(case: &Path) -> Option<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let args_text =
        std::fs::read_to_string(case.join("args")).unwrap_or_else(|e| panic!("{name}/args: {e}"));
    let args: Vec<&str> = args_text.lines().collect();
    let tmp = workdir();
    if case.join("in").is_dir() {
        copy_dir(&case.join("in"), tmp.path());
    }
    let out = whys(tmp.path(), &args);
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    let status = match out.status.code() {
        Some(code) => code.to_string(),
        None => return Some(format!("{name}: killed by a signal ({})", out.status)),
    };
    if stderr.contains("panicked") {
        return Some(format!("{name}: panicked:\n{stderr}"));
    }
    let mut problems = Vec::new();
    let mut expect = |file: &str, actual: &str| {
        if let Err(problem) = check_expected(&case.join(file), actual) {
            problems.push(problem);
        }
    };
    expect("status", &format!("{status}\n"));
    expect("stdout", &stdout);
    // stderr is compared (and blessed) only for the cases that have the file.
    if case.join("stderr").exists() {
        expect("stderr", &stderr);
    }
    (!problems.is_empty()).then(|| format!("case {name}: {}", problems.join("\n")))
}

#[test]
fn cases() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "only {} cases found", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| run_case(c)).collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

const REFERENCE: &str = "postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml";

/// A work directory holding `case`'s `in/`.
fn case_input(case: &str) -> tempfile::TempDir {
    let tmp = workdir();
    copy_dir(&cases_dir().join(case).join("in"), tmp.path());
    tmp
}

#[test]
fn the_bundled_example_is_the_one_the_clean_case_checks() {
    let repo = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(REFERENCE));
    let case = std::fs::read_to_string(cases_dir().join("check-example-clean/in").join(REFERENCE));
    assert_eq!(
        repo.unwrap(),
        case.unwrap(),
        "copy {REFERENCE} into tests/cases/check-example-clean/in/"
    );
}

#[test]
fn sarif_is_version_2_1_0_with_one_result_per_finding() {
    let tmp = case_input("check-human-several-errors");
    let sarif = whys(tmp.path(), &["check", "--format", "sarif"]);
    assert_eq!(sarif.status.code(), Some(1), "{}", text(&sarif.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF is JSON");
    assert_eq!(doc["version"], "2.1.0");
    let results = doc["runs"][0]["results"].as_array().unwrap();

    let json = whys(tmp.path(), &["check", "--format", "json"]);
    let rows: Vec<serde_json::Value> = text(&json.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 7, "{}", text(&json.stdout));
    assert_eq!(results.len(), rows.len());
    for (result, row) in results.iter().zip(&rows) {
        assert_eq!(result["ruleId"], row["rule"]);
        assert_eq!(result["level"], row["severity"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], row["line"]);
        assert_eq!(region["startColumn"], row["column"]);
        let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
        assert_eq!(uri, REFERENCE);
    }
    // Every rule a result names is described in the driver, at the index it gives.
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn a_clean_run_in_sarif_has_no_results() {
    let tmp = case_input("check-example-clean");
    let out = whys(tmp.path(), &["check", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 0);
}

#[test]
fn one_broken_record_does_not_stop_the_good_one_from_being_checked() {
    let tmp = case_input("check-one-broken-one-good");
    let out = whys(tmp.path(), &["check"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("checked 2 files: "),
        "{stdout}"
    );
    assert!(
        stdout.contains(" --> postmortems/2025/2025-11-02-checkout-latency.yaml:7:1\n"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("payments-pool-exhaustion.yaml:"),
        "{stdout}"
    );
}

#[test]
fn a_new_record_passes_check_and_points_editors_at_the_schema() {
    let tmp = workdir();
    let out = whys(
        tmp.path(),
        &[
            "new",
            "--title",
            "Payments dropped during compaction",
            "--started",
            "2025-03-04T05:06:07Z",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let path = "postmortems/2025/2025-03-04-payments-dropped-during-compaction.yaml";
    assert_eq!(text(&out.stdout), format!("{path}\n"));
    let record = std::fs::read_to_string(tmp.path().join(path)).unwrap();
    assert_eq!(
        record.lines().next(),
        Some("# yaml-language-server: $schema=../../whys.schema.json")
    );
    assert!(
        record.contains("\n  started: 2025-03-04T05:06:07Z\n"),
        "{record}"
    );
    let schema = std::fs::read(tmp.path().join("whys.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&schema).unwrap();
    assert!(schema["properties"]["times"].is_object());

    // A new draft passes; its one finding is the prompt still in the summary, a warning
    // until the record goes to review.
    let check = whys(tmp.path(), &["check"]);
    let out = text(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{out}");
    assert!(out.contains("warning[record/placeholder]"), "{out}");
    assert!(
        out.ends_with("checked 1 file: 0 errors, 1 warning, 0 notes\n"),
        "{out}"
    );
    let check = whys(tmp.path(), &["check", path]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

#[test]
fn a_new_record_without_a_start_time_is_dated_today_and_passes_check() {
    let tmp = workdir();
    let out = whys(tmp.path(), &["new", "--title", "Login page blank"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let path = text(&out.stdout);
    let path = path.trim_end();
    let file = Path::new(path).file_name().unwrap().to_string_lossy();
    assert!(file.ends_with("-login-page-blank.yaml"), "{path}");
    assert!(tmp.path().join(path).is_file());
    let check = whys(tmp.path(), &["check", path]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

#[test]
fn new_never_overwrites_a_record() {
    let tmp = case_input("new-refuses-to-overwrite");
    let path = tmp
        .path()
        .join("postmortems/2025/2025-03-04-payments-dropped-during-compaction.yaml");
    let before = std::fs::read(&path).unwrap();
    let out = whys(
        tmp.path(),
        &[
            "new",
            "--title",
            "Payments dropped during compaction",
            "--started",
            "2025-03-04T05:06:07Z",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already exists"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn schema_is_json_with_the_record_fields() {
    let tmp = workdir();
    let out = whys(tmp.path(), &["schema"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let properties = &schema["properties"];
    assert!(properties["times"].is_object(), "{schema}");
    for field in ["id", "title", "status", "whys", "action_items", "lint"] {
        assert!(properties[field].is_object(), "no `{field}` in {schema}");
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    for field in [
        "id",
        "title",
        "status",
        "severity",
        "impact_kind",
        "summary",
        "times",
    ] {
        assert!(
            required.contains(&field),
            "`{field}` not required: {required:?}"
        );
    }
}

#[test]
fn completions_for_bash_name_the_subcommands() {
    let tmp = workdir();
    let out = whys(tmp.path(), &["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = text(&out.stdout);
    assert!(!script.trim().is_empty());
    assert!(script.contains("whys"), "{script}");
    assert!(script.contains("check"), "{script}");
}
