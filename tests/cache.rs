//! The cache of parsed records (`.whys-cache/records.tsv`) behind `report` and `actions`,
//! through the real binary: it must never change a result, only the time a run takes.

mod common;
use common::whys;

use std::path::{Path, PathBuf};
use std::process::Command;

const REFERENCE: &str = "2025-10-07-payments-pool-exhaustion.yaml";
const FIRST_ACTION: &str = "Evict and reopen connections after a reset in the payment pool";

/// Stdout of a run that must succeed.
fn stdout(dir: &Path, args: &[&str]) -> String {
    let out = whys(dir, args);
    assert!(
        out.status.success(),
        "whys {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn count_records(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| if p.is_dir() { count_records(&p) } else { 1 })
        .sum()
}

fn touch(args: &[&str]) {
    let status = Command::new("touch").args(args).status().unwrap();
    assert!(status.success(), "touch {args:?}");
}

fn cache_file(archive: &Path) -> PathBuf {
    archive.join(".whys-cache/records.tsv")
}

fn cache_lines(archive: &Path) -> Vec<String> {
    std::fs::read_to_string(cache_file(archive))
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

/// An archive holding the reference record, last modified long ago, so that its cache
/// entry is trusted on size and time alone (not "racily clean", see the cache's docs).
fn reference_archive() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("postmortems");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(common::data("reference-record.yaml"), dir.join(REFERENCE)).unwrap();
    touch(&[
        "-d",
        "2020-01-01 00:00:00",
        dir.join(REFERENCE).to_str().unwrap(),
    ]);
    // The caches live beside whys.yaml; a folder without one gets none.
    std::fs::write(tmp.path().join("whys.yaml"), "people: []\n").unwrap();
    tmp
}

const ACTIONS: &[&str] = &["actions", "--format", "json", "--today", "2026-01-01"];
const ACTIONS_UNCACHED: &[&str] = &[
    "actions",
    "--format",
    "json",
    "--today",
    "2026-01-01",
    "--no-cache",
];

/// Rewrites the cached JSON of the reference record: a result that shows the change came
/// from the cache, not from the file.
fn tamper_with_cached_title(archive: &Path) {
    let text = std::fs::read_to_string(cache_file(archive)).unwrap();
    assert!(text.contains(FIRST_ACTION));
    std::fs::write(
        cache_file(archive),
        text.replace(FIRST_ACTION, "Title that only the cache holds"),
    )
    .unwrap();
}

#[test]
fn cached_runs_give_what_uncached_runs_give_on_real_data() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("whys.yaml"), "people: []\n").unwrap();
    common::import_github_history(tmp.path());
    let files = count_records(&tmp.path().join("postmortems"));
    assert!(files > 1000, "{files} records imported");

    let runs: [&[&str]; 4] = [
        &["report", "--format", "json"],
        &["report", "--by", "severity", "--period", "year"],
        &["actions", "--format", "json", "--today", "2026-01-01"],
        &["actions", "--format", "csv", "--today", "2026-01-01"],
    ];
    for args in runs {
        let mut uncached = args.to_vec();
        uncached.push("--no-cache");
        let reference = stdout(tmp.path(), &uncached);
        assert!(!cache_file(tmp.path()).exists(), "--no-cache wrote a cache");
        let cold = stdout(tmp.path(), args);
        let warm = stdout(tmp.path(), args);
        assert_eq!(cold, reference, "first cached run of {args:?}");
        assert_eq!(warm, reference, "second cached run of {args:?}");
        std::fs::remove_dir_all(tmp.path().join(".whys-cache")).unwrap();
    }
    stdout(tmp.path(), &["report"]);
    // A header and one line for every record.
    assert_eq!(cache_lines(tmp.path()).len(), files + 1);
}

#[test]
fn an_entry_whose_size_and_time_are_unchanged_is_used_without_reading_the_file() {
    let tmp = reference_archive();
    let before = stdout(tmp.path(), ACTIONS);
    assert!(before.contains(FIRST_ACTION));
    tamper_with_cached_title(tmp.path());
    let cached = stdout(tmp.path(), ACTIONS);
    assert!(
        cached.contains("Title that only the cache holds"),
        "{cached}"
    );
    // --no-cache reads the file.
    assert_eq!(stdout(tmp.path(), ACTIONS_UNCACHED), before);
}

#[test]
fn a_touched_file_is_verified_by_hash_and_its_entry_kept() {
    let tmp = reference_archive();
    stdout(tmp.path(), ACTIONS);
    tamper_with_cached_title(tmp.path());
    // A checkout or `touch`: new time, same bytes. The hash matches, so the entry (tampered
    // here, to tell it from a parse) is used and stored with the new time.
    let file = tmp.path().join("postmortems").join(REFERENCE);
    touch(&["-d", "2021-06-01 00:00:00", file.to_str().unwrap()]);
    let out = stdout(tmp.path(), ACTIONS);
    assert!(out.contains("Title that only the cache holds"), "{out}");
    let line = &cache_lines(tmp.path())[1];
    let stamp: Vec<&str> = line.split('\t').take(2).collect();
    let modified = std::fs::metadata(&file)
        .unwrap()
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    assert_eq!(stamp, ["6841", modified.to_string().as_str()]);
}

#[test]
fn an_edited_file_is_parsed_again() {
    let tmp = reference_archive();
    stdout(tmp.path(), ACTIONS);
    let file = tmp.path().join("postmortems").join(REFERENCE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace(FIRST_ACTION, "Reopen connections after a reset, edited"),
    )
    .unwrap();
    let out = stdout(tmp.path(), ACTIONS);
    assert!(
        out.contains("Reopen connections after a reset, edited"),
        "{out}"
    );
    assert_eq!(out, stdout(tmp.path(), ACTIONS_UNCACHED));
}

#[test]
fn a_same_size_edit_in_the_same_clock_tick_is_still_seen() {
    // The record is written now, so its cache entry is "racily clean": an edit that keeps
    // the size and lands in the same timestamp tick would keep size and time. Emulate that
    // edit by restoring the old time exactly; the cache must notice by hash.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("postmortems");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(REFERENCE);
    std::fs::copy(common::data("reference-record.yaml"), &file).unwrap();
    std::fs::write(tmp.path().join("whys.yaml"), "people: []\n").unwrap();
    let stamp = tmp.path().join("stamp");
    std::fs::write(&stamp, "").unwrap();
    touch(&["-r", file.to_str().unwrap(), stamp.to_str().unwrap()]);
    stdout(tmp.path(), ACTIONS);
    assert!(cache_file(tmp.path()).is_file());

    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace("payments-team", "payments-crew");
    assert_eq!(edited.len(), text.len());
    std::fs::write(&file, edited).unwrap();
    touch(&["-r", stamp.to_str().unwrap(), file.to_str().unwrap()]);
    let out = stdout(tmp.path(), ACTIONS);
    assert!(out.contains("payments-crew"), "{out}");
}

#[test]
fn damaged_or_foreign_caches_are_ignored_and_rebuilt() {
    let tmp = reference_archive();
    let reference = stdout(tmp.path(), ACTIONS_UNCACHED);
    stdout(tmp.path(), ACTIONS);
    let good = std::fs::read(cache_file(tmp.path())).unwrap();
    let good_text = String::from_utf8(good.clone()).unwrap();
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("not UTF-8", vec![0xff, 0xfe, b'\n', 0x80]),
        ("cut mid-line", good[..good.len() / 2].to_vec()),
        (
            "another version",
            good_text.replacen("\t0.", "\t99.", 1).into_bytes(),
        ),
        (
            "JSON that is not a record",
            good_text
                .replace("{\"schema\"", "{\"nonsense\":1,\"schema\"")
                .into_bytes(),
        ),
        (
            "stamp fields that are not numbers",
            good_text.replacen("\n6841\t", "\nsix\t", 1).into_bytes(),
        ),
    ];
    for (what, bytes) in damaged {
        std::fs::write(cache_file(tmp.path()), &bytes).unwrap();
        let out = whys(tmp.path(), ACTIONS);
        assert!(out.status.success(), "{what}");
        assert_eq!(String::from_utf8(out.stdout).unwrap(), reference, "{what}");
        assert!(
            out.stderr.is_empty(),
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Rebuilt: a header and the record's line.
        let lines = cache_lines(tmp.path());
        assert_eq!(lines.len(), 2, "{what}");
        assert!(lines[0].starts_with("whys-record-cache\t"), "{what}");
    }
}

#[test]
fn a_file_that_does_not_load_is_reported_on_every_run_and_never_cached() {
    let tmp = reference_archive();
    let broken = tmp.path().join("postmortems/2025-11-01-broken.yaml");
    std::fs::write(&broken, "id: 2025-11-01-broken\ntitle: [unclosed\n").unwrap();
    for _ in 0..2 {
        let out = whys(tmp.path(), &["report"]);
        assert!(out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("not counted") && stderr.contains("2025-11-01-broken.yaml"),
            "{stderr}"
        );
    }
    let cache = std::fs::read_to_string(cache_file(tmp.path())).unwrap();
    assert!(!cache.contains("broken"), "{cache}");
}

#[test]
fn a_deleted_record_leaves_the_results_and_later_the_cache() {
    let tmp = reference_archive();
    let second = tmp
        .path()
        .join("postmortems/2025-10-08-payments-again.yaml");
    let text = std::fs::read_to_string(tmp.path().join("postmortems").join(REFERENCE)).unwrap();
    std::fs::write(
        &second,
        text.replace(
            "id: 2025-10-07-payments-pool-exhaustion",
            "id: 2025-10-08-payments-again",
        ),
    )
    .unwrap();
    let both = stdout(tmp.path(), ACTIONS);
    assert!(both.contains("2025-10-08-payments-again"));
    assert_eq!(cache_lines(tmp.path()).len(), 3);
    std::fs::remove_file(&second).unwrap();
    let one = stdout(tmp.path(), ACTIONS);
    assert!(!one.contains("2025-10-08-payments-again"), "{one}");
    assert_eq!(one, stdout(tmp.path(), ACTIONS_UNCACHED));
    // The next time the cache is written, the entry of the missing file is gone.
    touch(&[
        "-d",
        "2022-01-01",
        tmp.path()
            .join("postmortems")
            .join(REFERENCE)
            .to_str()
            .unwrap(),
    ]);
    stdout(tmp.path(), ACTIONS);
    assert_eq!(cache_lines(tmp.path()).len(), 2);
}

#[test]
fn entries_of_files_not_asked_for_are_kept() {
    let tmp = reference_archive();
    let other = tmp.path().join("postmortems/2024");
    std::fs::create_dir_all(&other).unwrap();
    let text = std::fs::read_to_string(tmp.path().join("postmortems").join(REFERENCE)).unwrap();
    std::fs::write(
        other.join("2024-03-01-older.yaml"),
        text.replace(
            "id: 2025-10-07-payments-pool-exhaustion",
            "id: 2024-03-01-older",
        ),
    )
    .unwrap();
    stdout(tmp.path(), ACTIONS);
    assert_eq!(cache_lines(tmp.path()).len(), 3);
    // Only the 2024 folder, after its record changed: the cache is rewritten and still holds
    // the record it was not asked about.
    touch(&[
        "-d",
        "2023-01-01",
        other.join("2024-03-01-older.yaml").to_str().unwrap(),
    ]);
    stdout(
        tmp.path(),
        &["actions", "--today", "2026-01-01", "postmortems/2024"],
    );
    let lines = cache_lines(tmp.path());
    assert_eq!(lines.len(), 3, "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains(REFERENCE)));
}

#[test]
fn a_cache_that_cannot_be_written_costs_only_time() {
    let tmp = reference_archive();
    let reference = stdout(tmp.path(), ACTIONS_UNCACHED);
    // A file where the cache folder would be: nothing can be written under it.
    std::fs::write(tmp.path().join(".whys-cache"), "not a folder").unwrap();
    let out = whys(tmp.path(), ACTIONS);
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), reference);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_folder_without_whys_yaml_gets_no_cache() {
    let tmp = reference_archive();
    std::fs::remove_file(tmp.path().join("whys.yaml")).unwrap();
    stdout(tmp.path(), &["report"]);
    stdout(tmp.path(), ACTIONS);
    stdout(tmp.path(), &["check"]);
    assert!(!tmp.path().join(".whys-cache").exists());
}

#[test]
fn git_never_sees_the_cache() {
    let tmp = reference_archive();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    git(&["init", "-q"]);
    stdout(tmp.path(), &["report"]);
    assert!(cache_file(tmp.path()).is_file());
    stdout(tmp.path(), &["check"]);
    assert!(tmp.path().join(".whys-cache/check.tsv").is_file());
    let status = git(&["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(
        status.lines().collect::<Vec<_>>(),
        [
            format!("?? postmortems/{REFERENCE}"),
            "?? whys.yaml".to_string()
        ]
    );
}

#[test]
fn a_new_file_size_limit_rebuilds_the_cache() {
    let tmp = reference_archive();
    stdout(tmp.path(), ACTIONS);
    tamper_with_cached_title(tmp.path());
    // Under a limit smaller than the record, the cached record must not be used: the file
    // is refused, as it would be without a cache.
    std::fs::write(
        tmp.path().join("whys.yaml"),
        "limits:\n  max_file_bytes: 1000\n",
    )
    .unwrap();
    let out = whys(tmp.path(), ACTIONS);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stdout.contains("Title that only the cache holds"),
        "{stdout}"
    );
    assert!(stderr.contains("not reviewed"), "{stderr}");
    assert!(stderr.contains("1000"), "{stderr}");
}

// --- `whys check` through `.whys-cache/check.tsv` ---------------------------------------

/// An archive with findings to report: the blameful reference record (wording, personal
/// data), a clean one, and one whose `related:` names a record that does not exist.
fn archive_with_findings() -> tempfile::TempDir {
    let tmp = reference_archive();
    let dir = tmp.path().join("postmortems");
    let blameful = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/reference-blameful.yaml"),
    )
    .unwrap()
    .replace(
        "id: 2025-10-07-payments-pool-exhaustion",
        "id: 2025-10-09-payments-blameful",
    );
    std::fs::write(dir.join("2025-10-09-payments-blameful.yaml"), blameful).unwrap();
    let text = std::fs::read_to_string(dir.join(REFERENCE)).unwrap();
    let related = text
        .replace(
            "id: 2025-10-07-payments-pool-exhaustion",
            "id: 2025-10-10-payments-related",
        )
        .replacen("tags:", "related: [2025-01-01-no-such-incident]\ntags:", 1);
    std::fs::write(dir.join("2025-10-10-payments-related.yaml"), related).unwrap();
    tmp
}

/// `whys check` output and exit code, cached or not.
fn check(dir: &Path, format: &str, cached: bool) -> (String, Option<i32>) {
    let mut args = vec!["check", "--format", format];
    if !cached {
        args.push("--no-cache");
    }
    let out = whys(dir, &args);
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

#[test]
fn cached_checks_report_what_uncached_checks_report() {
    let tmp = archive_with_findings();
    for format in ["human", "json", "sarif", "github"] {
        let reference = check(tmp.path(), format, false);
        assert_eq!(reference.1, Some(1), "{format}: the archive has errors");
        assert!(reference.0.contains("blame/"), "{format}: {}", reference.0);
        assert!(reference.0.contains("record/related"), "{format}");
        let cold = check(tmp.path(), format, true);
        let warm = check(tmp.path(), format, true);
        assert_eq!(cold, reference, "{format}, first cached run");
        assert_eq!(warm, reference, "{format}, second cached run");
    }
    let lines = std::fs::read_to_string(tmp.path().join(".whys-cache/check.tsv")).unwrap();
    assert_eq!(lines.lines().count(), 4, "a header and three records");
}

#[test]
fn cached_check_results_are_used_for_unchanged_files() {
    let tmp = reference_archive();
    let (clean, code) = check(tmp.path(), "json", true);
    assert_eq!(code, Some(0), "{clean}");
    // Plant a finding in the cached result only: an unchanged file must not be checked
    // again, so the finding shows; --no-cache checks the file and finds nothing.
    let cache = tmp.path().join(".whys-cache/check.tsv");
    let text = std::fs::read_to_string(&cache).unwrap();
    let planted = r#""findings":[{"rule":"times/order","severity":"error","field":"times","message":"planted in the cache","suggestion":null,"span":null,"text_range":null}]"#;
    assert!(text.contains(r#""findings":[]"#), "{text}");
    std::fs::write(&cache, text.replace(r#""findings":[]"#, planted)).unwrap();
    let (cached, code) = check(tmp.path(), "json", true);
    assert_eq!(code, Some(1));
    assert!(cached.contains("planted in the cache"), "{cached}");
    assert_eq!(check(tmp.path(), "json", false), (clean, Some(0)));
}

#[test]
fn an_edited_record_is_checked_again() {
    let tmp = reference_archive();
    assert_eq!(check(tmp.path(), "human", true).1, Some(0));
    let file = tmp.path().join("postmortems").join(REFERENCE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("The weekly\n", "The DBA botched the weekly\n"),
    )
    .unwrap();
    let (out, code) = check(tmp.path(), "human", true);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("botched"), "{out}");
    assert_eq!(check(tmp.path(), "human", false), (out, code));
}

#[test]
fn new_settings_check_every_file_again() {
    let tmp = archive_with_findings();
    let (before, _) = check(tmp.path(), "json", true);
    assert!(before.contains("\"blame/hindsight\"") || before.contains("\"blame/word\""));
    std::fs::write(
        tmp.path().join("whys.yaml"),
        "lint:\n  levels:\n    blame/word: off\n    blame/hindsight: off\n",
    )
    .unwrap();
    let after = check(tmp.path(), "json", true);
    assert!(!after.0.contains("\"blame/word\""), "{}", after.0);
    assert!(!after.0.contains("\"blame/hindsight\""), "{}", after.0);
    assert_eq!(after, check(tmp.path(), "json", false));
}

#[test]
fn a_new_commit_author_checks_every_file_again() {
    // Commit authors are people to the blameless-wording rules: a record that names one
    // gets a finding once they have committed, though the record itself did not change.
    // (A name that rules/first-names.txt does not hold, so only the commit makes it one.)
    let tmp = reference_archive();
    let file = tmp.path().join("postmortems").join(REFERENCE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("The weekly\n", "Ottoline misconfigured the weekly\n"),
    )
    .unwrap();
    touch(&["-d", "2020-01-01", file.to_str().unwrap()]);
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(tmp.path())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    assert_eq!(check(tmp.path(), "human", true).1, Some(0));
    std::fs::write(tmp.path().join("notes.txt"), "x").unwrap();
    git(&["add", "notes.txt"]);
    git(&[
        "-c",
        "user.name=Ottoline",
        "-c",
        "user.email=q@example.com",
        "commit",
        "-qm",
        "notes",
    ]);
    let (out, code) = check(tmp.path(), "human", true);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("actor Ottoline"), "{out}");
}

#[test]
fn archive_wide_rules_see_cached_records() {
    // A duplicate id between a cached record and a new file is found: the archive-wide
    // rules run over every id each time, cached or not.
    let tmp = reference_archive();
    assert_eq!(check(tmp.path(), "human", true).1, Some(0));
    let dir = tmp.path().join("postmortems/2025");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        tmp.path().join("postmortems").join(REFERENCE),
        dir.join(REFERENCE),
    )
    .unwrap();
    let (out, code) = check(tmp.path(), "human", true);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("record/duplicate-id"), "{out}");
    assert_eq!(check(tmp.path(), "human", false), (out, code));
}
