//! The git-tracked archive, through the real binary on real repositories in temp folders.

mod common;
use common::whys;

use std::path::Path;
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str], date: Option<&str>) -> String {
    let mut cmd = Command::new("git");
    cmd.args(args).current_dir(dir);
    cmd.env("GIT_AUTHOR_NAME", "Dana Dev")
        .env("GIT_AUTHOR_EMAIL", "dana@example.com")
        .env("GIT_COMMITTER_NAME", "Dana Dev")
        .env("GIT_COMMITTER_EMAIL", "dana@example.com");
    if let Some(d) = date {
        cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_creates_an_archive_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pm");
    let out = whys(tmp.path(), &["init", "pm"]);
    assert!(out.status.success(), "{}", stderr(&out));
    for f in [
        "whys.yaml",
        "README.md",
        "whys.schema.json",
        "postmortems",
        ".git",
    ] {
        assert!(dir.join(f).exists(), "{f} missing");
    }
    std::fs::write(dir.join("whys.yaml"), "severities: [P1, P2]\n").unwrap();
    let again = whys(tmp.path(), &["init", "pm"]);
    assert!(again.status.success());
    assert!(stdout(&again).contains("kept"), "{}", stdout(&again));
    assert_eq!(
        std::fs::read_to_string(dir.join("whys.yaml")).unwrap(),
        "severities: [P1, P2]\n"
    );
}

#[test]
fn init_inside_a_repository_creates_no_second_one() {
    let tmp = tempfile::tempdir().unwrap();
    git(tmp.path(), &["init", "-q"], None);
    let out = whys(tmp.path(), &["init", "archive"]);
    assert!(out.status.success());
    assert!(!tmp.path().join("archive/.git").exists());
}

/// A service repository with commits in two time zones, a merge and tags.
fn service_repo(dir: &Path) {
    git(dir, &["init", "-q", "-b", "main"], None);
    let commit = |file: &str, msg: &str, date: &str| {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, msg).unwrap();
        git(dir, &["add", file], None);
        git(dir, &["commit", "-q", "-m", msg], Some(date));
    };
    commit("a.txt", "old work", "2025-03-01T12:00:00+00:00");
    commit(
        "config/pool.yaml",
        "config: raise pool size",
        "2025-03-04T01:30:00+01:00",
    );
    git(dir, &["checkout", "-q", "-b", "feature"], None);
    commit(
        "src/b.txt",
        "feature: retry writes",
        "2025-03-04T03:00:00-05:00",
    );
    git(dir, &["checkout", "-q", "main"], None);
    git(
        dir,
        &[
            "merge",
            "-q",
            "--no-ff",
            "feature",
            "-m",
            "Merge feature: retry writes",
        ],
        Some("2025-03-04T04:10:00+00:00"),
    );
    git(dir, &["tag", "v1.4.0"], None);
    commit("c.txt", "after the incident", "2025-03-04T09:00:00+00:00");
}

fn record_started_at(archive: &Path, started: &str) -> String {
    let out = whys(
        archive,
        &[
            "new",
            "--title",
            "Pool exhausted",
            "--severity",
            "SEV2",
            "--started",
            started,
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_owned()
}

#[test]
fn changes_lists_commits_merges_and_tags_in_the_window_newest_first() {
    let tmp = tempfile::tempdir().unwrap();
    let svc = tmp.path().join("svc");
    std::fs::create_dir(&svc).unwrap();
    service_repo(&svc);
    let archive = tmp.path().join("archive");
    assert!(whys(tmp.path(), &["init", "archive"]).status.success());
    record_started_at(&archive, "2025-03-04T06:00:00+01:00"); // 05:00 UTC
    let out = whys(
        &archive,
        &[
            "changes",
            "--repo",
            "../svc",
            "--around",
            "2025-03-04-pool-exhausted",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let subjects: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["subject"].as_str().unwrap())
        .collect();
    // 04:10Z merge, 03:00-05:00 = 08:00Z is after the start: excluded; 01:30+01:00 = 00:30Z in.
    assert_eq!(
        subjects,
        vec!["Merge feature: retry writes", "config: raise pool size"],
        "{rows}"
    );
    assert_eq!(rows[0]["kind"], "merge");
    assert_eq!(rows[0]["tags"][0], "v1.4.0");
    assert_eq!(
        rows[1]["at"], "2025-03-04T01:30:00+01:00",
        "the commit's own offset is kept"
    );

    let narrowed = whys(
        &archive,
        &[
            "changes",
            "--repo",
            "../svc",
            "--around",
            "2025-03-04-pool-exhausted",
            "--path",
            "config/",
            "--format",
            "json",
        ],
    );
    let rows: serde_json::Value = serde_json::from_str(&stdout(&narrowed)).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);

    let add = whys(
        &archive,
        &[
            "changes",
            "--repo",
            "../svc",
            "--around",
            "2025-03-04-pool-exhausted",
            "--grep",
            "pool",
            "--add",
        ],
    );
    assert!(add.status.success(), "{}", stderr(&add));
    let check = whys(&archive, &["check"]);
    assert!(check.status.success(), "{}", stdout(&check));
    let text =
        std::fs::read_to_string(archive.join("postmortems/2025/2025-03-04-pool-exhausted.yaml"))
            .unwrap();
    assert!(
        text.contains("description: \"config: raise pool size\""),
        "{text}"
    );
    assert!(text.contains("kind: deploy"));
    // Adding again adds nothing.
    whys(
        &archive,
        &[
            "changes",
            "--repo",
            "../svc",
            "--around",
            "2025-03-04-pool-exhausted",
            "--grep",
            "pool",
            "--add",
        ],
    );
    let again =
        std::fs::read_to_string(archive.join("postmortems/2025/2025-03-04-pool-exhausted.yaml"))
            .unwrap();
    assert_eq!(text, again);
}

#[test]
fn history_follows_a_renamed_record() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path();
    assert!(whys(archive, &["init", "."]).status.success());
    record_started_at(archive, "2025-03-04T05:00:00Z");
    let old = "postmortems/2025/2025-03-04-pool-exhausted.yaml";
    git(archive, &["add", "-A"], None);
    git(
        archive,
        &["commit", "-q", "-m", "first draft"],
        Some("2025-03-05T10:00:00+00:00"),
    );
    // Rename (id and file) and edit the status in one step.
    std::fs::create_dir_all(archive.join("postmortems/archive")).unwrap();
    let text = std::fs::read_to_string(archive.join(old)).unwrap();
    let new_rel = "postmortems/archive/2025-03-04-pool-exhausted.yaml";
    std::fs::write(
        archive.join(new_rel),
        text.replace("severity: \"SEV2\"", "severity: \"SEV1\""),
    )
    .unwrap();
    std::fs::remove_file(archive.join(old)).unwrap();
    git(archive, &["add", "-A"], None);
    git(
        archive,
        &["commit", "-q", "-m", "move and raise severity"],
        Some("2025-03-06T10:00:00+00:00"),
    );
    let out = whys(
        archive,
        &["history", "2025-03-04-pool-exhausted", "--format", "json"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let revs: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let revs = revs.as_array().unwrap();
    assert_eq!(revs.len(), 2, "{revs:?}");
    let changes: Vec<&str> = revs[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        changes.contains(&format!("renamed from {old}").as_str()),
        "{changes:?}"
    );
    assert!(changes.contains(&"severity SEV2 -> SEV1"), "{changes:?}");
    assert_eq!(revs[1]["changes"][0], "new record");
    assert_eq!(revs[1]["author"], "Dana Dev");
}

fn fresh_archive_with_record(tmp: &Path) -> String {
    assert!(whys(tmp, &["init", "."]).status.success());
    git(tmp, &["config", "user.name", "Dana Dev"], None);
    git(tmp, &["config", "user.email", "dana@example.com"], None);
    record_started_at(tmp, "2025-03-04T05:00:00Z")
}

#[test]
fn commit_takes_exactly_the_record_and_its_markdown_and_leaves_other_work_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let rec = fresh_archive_with_record(tmp.path());
    // Unrelated work: one file staged, one modified and unstaged.
    std::fs::write(tmp.path().join("notes.txt"), "staged\n").unwrap();
    git(tmp.path(), &["add", "notes.txt"], None);
    std::fs::write(tmp.path().join("README.md"), "changed but not staged\n").unwrap();
    let out = whys(tmp.path(), &["commit", &rec]);
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    let subject = git(tmp.path(), &["log", "-1", "--format=%s"], None);
    assert_eq!(
        subject.trim(),
        "postmortem(2025-03-04-pool-exhausted): Pool exhausted [draft]"
    );
    let files = git(
        tmp.path(),
        &["show", "--name-only", "--format=", "HEAD"],
        None,
    );
    let mut files: Vec<&str> = files.lines().collect();
    files.sort();
    assert_eq!(
        files,
        [
            "postmortems/2025/2025-03-04-pool-exhausted.md",
            "postmortems/2025/2025-03-04-pool-exhausted.yaml"
        ]
    );
    let status = git(tmp.path(), &["status", "--porcelain"], None);
    assert!(
        status.contains("A  notes.txt"),
        "the staged file stays staged: {status}"
    );
    assert!(status.contains("README.md"), "{status}");
    assert!(
        !status.contains("pool-exhausted"),
        "the committed files are clean: {status}"
    );
    let history = whys(tmp.path(), &["history", "2025-03-04-pool-exhausted"]);
    assert!(
        stdout(&history).contains("new record"),
        "{}",
        stdout(&history)
    );
}

#[test]
fn an_invalid_record_leaves_head_and_the_index_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let rec = fresh_archive_with_record(tmp.path());
    // `whys init` committed the settings when it could; a HEAD exists either way.
    git(tmp.path(), &["add", "whys.yaml"], None);
    git(
        tmp.path(),
        &["commit", "-q", "--allow-empty", "-m", "settings"],
        None,
    );
    let head = git(tmp.path(), &["rev-parse", "HEAD"], None);
    let index_before = std::fs::read(tmp.path().join(".git/index")).unwrap();
    let path = tmp.path().join(&rec);
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "started: 2025-03-04T05:00:00Z",
        "started: 2025-03-04T05:00:00",
    );
    std::fs::write(&path, text).unwrap();
    let out = whys(tmp.path(), &["commit", &rec]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("times/no-offset"), "{}", stdout(&out));
    assert_eq!(git(tmp.path(), &["rev-parse", "HEAD"], None), head);
    assert_eq!(
        std::fs::read(tmp.path().join(".git/index")).unwrap(),
        index_before
    );
    assert!(
        !path.with_extension("md").exists(),
        "no Markdown written for a refused record"
    );
}

#[test]
fn a_held_lock_a_detached_head_and_a_merge_in_progress_are_refused_clearly() {
    let tmp = tempfile::tempdir().unwrap();
    let rec = fresh_archive_with_record(tmp.path());
    std::fs::write(tmp.path().join(".git/index.lock"), "").unwrap();
    let out = whys(tmp.path(), &["commit", &rec]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("index is locked"), "{}", stderr(&out));
    std::fs::remove_file(tmp.path().join(".git/index.lock")).unwrap();
    std::fs::write(tmp.path().join(".git/whys-commit.lock"), "").unwrap();
    let out = whys(tmp.path(), &["commit", &rec]);
    assert!(
        stderr(&out).contains("another `whys commit` is running"),
        "{}",
        stderr(&out)
    );
    std::fs::remove_file(tmp.path().join(".git/whys-commit.lock")).unwrap();

    assert!(whys(tmp.path(), &["commit", &rec]).status.success());
    let head = git(tmp.path(), &["rev-parse", "HEAD"], None);
    git(tmp.path(), &["checkout", "-q", "--detach"], None);
    let out = whys(tmp.path(), &["commit", &rec]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("HEAD is detached"),
        "{}",
        stderr(&out)
    );
    git(tmp.path(), &["checkout", "-q", "-"], None);
    std::fs::write(tmp.path().join(".git/MERGE_HEAD"), head).unwrap();
    let out = whys(tmp.path(), &["commit", &rec]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("merge"), "{}", stderr(&out));
}

#[test]
fn commit_authors_of_the_archive_count_as_people_for_the_wording_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let rec = fresh_archive_with_record(tmp.path());
    let path = tmp.path().join(&rec);
    // "Zorblax" is no common first name: only the git history makes it a person.
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "  What happened, for whom, and for how long, in two or three sentences.",
        "  Zorblax broke the index during the migration.",
    );
    std::fs::write(&path, text).unwrap();
    let rules = |out: &Output| -> Vec<String> {
        stdout(out)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["rule"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    };
    let before = whys(tmp.path(), &["check", "--format", "json"]);
    assert!(
        !rules(&before).contains(&"blame/person".to_owned()),
        "{}",
        stdout(&before)
    );
    std::fs::write(tmp.path().join("notes.txt"), "x").unwrap();
    git(tmp.path(), &["add", "notes.txt"], None);
    let mut commit = Command::new("git");
    commit
        .args(["commit", "-q", "-m", "notes"])
        .current_dir(tmp.path())
        .env("GIT_AUTHOR_NAME", "Zorblax Quintero")
        .env("GIT_AUTHOR_EMAIL", "zq@example.com");
    assert!(commit.status().unwrap().success());
    let after = whys(tmp.path(), &["check", "--format", "json"]);
    assert!(
        rules(&after).contains(&"blame/person".to_owned()),
        "{}",
        stdout(&after)
    );
}

#[test]
fn two_commits_at_once_never_lose_or_mix_a_record() {
    let tmp = tempfile::tempdir().unwrap();
    let first = fresh_archive_with_record(tmp.path());
    let out = whys(
        tmp.path(),
        &[
            "new",
            "--title",
            "Second incident",
            "--started",
            "2025-03-05T05:00:00Z",
        ],
    );
    let second = stdout(&out).trim().to_owned();
    let spawn = |rec: &str| {
        common::whys_command(tmp.path(), &["commit", rec])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(&first), spawn(&second));
    let results = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
    for r in &results {
        // Either it committed, or it failed cleanly on the other's lock.
        assert!(
            r.status.success()
                || stderr(r).contains("another `whys commit` is running")
                || stderr(r).contains("locked"),
            "{} {}",
            stdout(r),
            stderr(r)
        );
        assert!(!stderr(r).contains("panicked"));
    }
    // Whatever failed on the lock goes through now; then both records are in, once each.
    for (r, rec) in results.iter().zip([&first, &second]) {
        if !r.status.success() {
            assert!(whys(tmp.path(), &["commit", rec]).status.success());
        }
    }
    let log = git(tmp.path(), &["log", "--format=%s"], None);
    // Beside `whys init`'s own first commit.
    let records = log.lines().filter(|l| l.starts_with("postmortem(")).count();
    assert_eq!(records, 2, "{log}");
    let tracked = git(tmp.path(), &["ls-files", "postmortems"], None);
    assert_eq!(
        tracked.lines().count(),
        4,
        "two records and their Markdown: {tracked}"
    );
    assert!(git(tmp.path(), &["status", "--porcelain", "postmortems"], None).is_empty());
}
