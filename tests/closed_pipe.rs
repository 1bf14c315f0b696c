//! A reader that stops early (`whys export --format jsonl | head -1`) closes the pipe. The
//! binary must then end quietly: no panic, no message, exit status 0.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

/// An archive of `count` copies of the bundled payments record, each under its own file
/// name and id except that every copy keeps one planted problem (an id that is not its file
/// name), so `check` has a finding for each file.
fn large_archive(dir: &Path, count: usize) {
    let source = std::fs::read_to_string(
        common::repo().join("postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml"),
    )
    .unwrap();
    let year = dir.join("postmortems/2025");
    std::fs::create_dir_all(&year).unwrap();
    for i in 0..count {
        let name = format!("2025-10-07-payments-pool-exhaustion-{i:04}.yaml");
        std::fs::write(year.join(name), &source).unwrap();
    }
}

/// Runs `whys args` in `dir`, reads the first line of its stdout, closes the pipe, and returns
/// the exit status, the first line and stderr.
fn first_line_then_close(dir: &Path, args: &[&str]) -> (std::process::ExitStatus, String, String) {
    let mut child = common::whys_command(dir, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    {
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        reader.read_line(&mut first).unwrap();
        // `reader` is dropped here: the pipe's read end closes while whys still writes.
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status,
        first,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn export_and_check_end_quietly_when_the_reader_stops() {
    let tmp = tempfile::tempdir().unwrap();
    // About 1 KB of JSON a record in export, and findings for each file in check: several
    // hundred KB, far more than a pipe holds, so whys is still writing when the pipe closes.
    large_archive(tmp.path(), 1500);
    for args in [
        &["export", "--format", "jsonl"][..],
        &["check", "--no-cache", "--format", "json"][..],
    ] {
        let (status, first, stderr) = first_line_then_close(tmp.path(), args);
        assert!(
            first.starts_with('{'),
            "whys {args:?}: the first line is not JSON: {first:?}"
        );
        assert_eq!(
            status.code(),
            Some(0),
            "whys {args:?} on a closed pipe: {status}; stderr: {stderr}"
        );
        assert_eq!(stderr, "", "whys {args:?} said something on a closed pipe");
    }
}
