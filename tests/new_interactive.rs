//! `whys new --interactive`: the dialogue driven by an answers file, refused without a
//! terminal, and (where `script` exists) driven through a pseudo-terminal.

mod common;
use common::whys_command as whys;

use std::io::Write;
use std::process::{Command, Stdio};

const ANSWERS: &str = "\
title: Checkout returned errors after the payments deploy
severity: SEV2
impact_kind: outage
impact: Checkout failed with 500 errors for card payments
users_affected: 1200
services: [checkout, payments-api]
started: 2025-10-07T08:30:00Z
detected: 2025-10-07T08:34:00Z
changed: Deployed payments-api v2.3 with a smaller connection pool
changed_at: 2025-10-07T08:25:00Z
getting_worse: yes
mitigation: Rolled back payments-api to v2.2
mitigated: 2025-10-07T09:05:00Z
whys:
  - because: The payments API connection pool was exhausted
  - because: The pool size was halved in the v2.3 config
  - why: Why was the halved pool not caught in review?
    because: Load tests do not run against the payments API before deploy
";

fn archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("whys.yaml"), "").unwrap();
    dir
}

#[test]
fn answers_file_walks_triage_and_whys_into_a_draft_that_passes_check() {
    let dir = archive();
    std::fs::write(dir.path().join("answers.yaml"), ANSWERS).unwrap();
    let out = whys(
        dir.path(),
        &["new", "--interactive", "--answers", "answers.yaml"],
    )
    .output()
    .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join(String::from_utf8_lossy(&out.stdout).trim());
    assert!(path.ends_with(
        "postmortems/2025/2025-10-07-checkout-returned-errors-after-the-payments-deploy.yaml"
    ));
    let record = whys::record::load_record(&path, &Default::default())
        .unwrap()
        .record;
    assert_eq!(record.severity, "SEV2");
    assert_eq!(record.services, ["checkout", "payments-api"]);
    assert_eq!(record.impact.as_ref().unwrap().users_affected, Some(1200));
    assert_eq!(record.changes.len(), 1);
    assert_eq!(record.changes[0].kind, whys::record::ChangeKind::Deploy);
    assert!(record.times.mitigated.is_some());
    let questions: Vec<&str> = record.whys.iter().map(|w| w.why.as_str()).collect();
    assert_eq!(
        questions,
        [
            "Why checkout failed with 500 errors for card payments?",
            "Why was the payments API connection pool exhausted?",
            "Why was the halved pool not caught in review?",
        ],
        "each answer suggests the next question unless one is given"
    );
    assert!(record.summary.contains("Rolled back payments-api"));

    let check = whys(dir.path(), &["check"]).output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn a_bad_answer_in_the_file_names_its_key_and_writes_nothing() {
    let dir = archive();
    std::fs::write(
        dir.path().join("answers.yaml"),
        ANSWERS.replace("started: 2025-10-07T08:30:00Z", "started: 2025-10-07 08:30"),
    )
    .unwrap();
    let out = whys(dir.path(), &["new", "--answers", "answers.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("answers.yaml") && err.contains("`started`"),
        "{err}"
    );
    assert!(!dir.path().join("postmortems").exists());
}

#[test]
fn without_a_terminal_or_answers_it_refuses_clearly() {
    let dir = archive();
    let mut child = whys(dir.path(), &["new", "--interactive"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Text on a pipe is what a script would send. whys refuses before reading it, so it may
    // have exited (and closed the pipe) by the time the write lands: a broken pipe is that
    // race, not a failure.
    match child.stdin.take().unwrap().write_all(b"A title\n") {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("writing to whys's stdin: {e}"),
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stdin is not one"), "{err}");
    assert!(err.contains("--answers FILE"), "{err}");
    assert!(!dir.path().join("postmortems").exists());
}

#[test]
fn a_person_at_a_pseudo_terminal_can_walk_the_dialogue() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let dir = archive();
    // title, severity, impact kind, impact, users, services, started, detected, changed,
    // getting worse, mitigation, mitigated, why 1 (suggested), because 1, why 2 (suggested),
    // because 2, why 3, empty because (stop), summary (suggested).
    let typed = "Search results were empty\n\n\nUsers got empty search results\n\nsearch\n\
                 2025-11-02T10:00:00Z\n\n\nno\nRestarted the indexer\n2025-11-02T11:00:00Z\n\
                 \nThe index was empty\n\nThe nightly rebuild failed silently\n\n\n\n";
    let command = format!("{} new --interactive", env!("CARGO_BIN_EXE_whys"));
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(typed.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{screen}");
    assert!(
        screen.contains("Triage 4/5, is it getting worse?"),
        "{screen}"
    );
    assert!(screen.contains("[Why was the index empty?]"), "{screen}");
    let path = dir
        .path()
        .join("postmortems/2025/2025-11-02-search-results-were-empty.yaml");
    let record = whys::record::load_record(&path, &Default::default())
        .unwrap()
        .record;
    assert_eq!(record.whys.len(), 2);
    assert_eq!(record.whys[1].why, "Why was the index empty?");
    assert_eq!(
        record.whys[1].because,
        "The nightly rebuild failed silently"
    );
    let check = whys(dir.path(), &["check"]).output().unwrap();
    assert!(check.status.success());
}
