//! A new archive from `whys init` (issue 18): the first commit holds what init wrote, the
//! products of the archive are ignored, and `whys history` names the fields each revision
//! added, removed and changed. The real binary and real git in temp folders.

use std::path::Path;
use std::process::{Command, Output};

/// Runs `program` in `dir` with a home of its own, whose git identity is Dana's: no test
/// depends on the identity of the machine it runs on.
fn run(program: &str, dir: &Path, home: &Path, args: &[&str]) -> Output {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(
        home.path().join(".gitconfig"),
        "[user]\n\tname = Dana Dev\n\temail = dana@example.com\n",
    )
    .unwrap();
    home
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const WHYS: &str = env!("CARGO_BIN_EXE_whys");

#[test]
fn init_new_commit_leaves_a_clean_status() {
    let home = home();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let h = home.path();
    let init = run(WHYS, d, h, &["init"]);
    assert!(
        text(&init).contains("committed the new archive"),
        "{}",
        text(&init)
    );
    run(
        WHYS,
        d,
        h,
        &[
            "new",
            "--title",
            "Payments outage",
            "--started",
            "2026-12-03T09:00:00+01:00",
        ],
    );
    let record = "postmortems/2026/2026-12-03-payments-outage.yaml";
    assert!(d.join(record).is_file());
    run(WHYS, d, h, &["commit", record]);
    // Build the site and fill the caches too: both are products, ignored.
    run(WHYS, d, h, &["site"]);
    let _ = Command::new(WHYS)
        .args(["check"])
        .current_dir(d)
        .env("HOME", h)
        .output();
    let status = run(
        "git",
        d,
        h,
        &["status", "--porcelain", "--untracked-files=all"],
    );
    assert_eq!(text(&status), "", "git status is not clean");
    let log = run("git", d, h, &["log", "--format=%s"]);
    let subjects: Vec<String> = text(&log).lines().map(str::to_owned).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert_eq!(subjects[1], "Start the post-mortem archive");
    let first = run("git", d, h, &["show", "--name-only", "--format=", "HEAD~1"]);
    for file in ["whys.yaml", "README.md", "whys.schema.json", ".gitignore"] {
        assert!(
            text(&first).lines().any(|l| l == file),
            "{file}: {}",
            text(&first)
        );
    }
    let ignore = std::fs::read_to_string(d.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "site/") && ignore.lines().any(|l| l == ".whys-cache/"));
}

#[test]
fn init_adds_the_ignores_to_an_existing_gitignore_and_keeps_its_lines() {
    let home = home();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "notes/\nsite\n").unwrap();
    run(WHYS, dir.path(), home.path(), &["init"]);
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert_eq!(ignore, "notes/\nsite\n.whys-cache/\n");
}

#[test]
fn history_names_the_fields_each_revision_added_removed_and_changed() {
    let home = home();
    let dir = tempfile::tempdir().unwrap();
    let (d, h) = (dir.path(), home.path());
    run(WHYS, d, h, &["init"]);
    run(
        WHYS,
        d,
        h,
        &[
            "new",
            "--title",
            "Payments outage",
            "--started",
            "2026-12-03T09:00:00+01:00",
        ],
    );
    let record = "postmortems/2026/2026-12-03-payments-outage.yaml";
    run(WHYS, d, h, &["commit", record]);
    let path = d.join(record);
    let mut text_now = std::fs::read_to_string(&path).unwrap();
    text_now.push_str(
        "root_cause: The pool size was not validated.\ncontributing_factors:\n  - No alert on pool saturation.\n",
    );
    text_now = text_now.replace("summary:", "tags: [payments]\nsummary:");
    std::fs::write(&path, &text_now).unwrap();
    run(WHYS, d, h, &["commit", record]);
    let history = run(
        WHYS,
        d,
        h,
        &["history", "2026-12-03-payments-outage", "--format", "json"],
    );
    let revs: serde_json::Value = serde_json::from_str(&text(&history)).unwrap();
    let changes: Vec<&str> = revs[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(
        changes.contains(&"fields added: contributing_factors, root_cause, tags"),
        "{changes:?}"
    );
    assert_eq!(revs[1]["changes"][0], "new record");
}
