//! Helpers shared by the integration tests (each test file includes this with `mod common;`
//! and uses what it needs, hence `dead_code` is allowed): the one way to run the binary, the
//! one bless mechanism for expected files, and where the in-repository test data lives.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root (the crate's manifest folder).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file or folder of `tests/data/`: the test data, real data included, that ships with the
/// repository (origins and licences in tests/data/SOURCES.md), so a fresh clone needs nothing
/// beside it.
pub fn data(relative: &str) -> PathBuf {
    let path = repo().join("tests/data").join(relative);
    assert!(
        path.exists(),
        "{} is missing: the repository's test data is incomplete",
        path.display()
    );
    path
}

/// GitHub's real incident history (1,282 Statuspage incidents, see tests/data/SOURCES.md).
pub fn github_history() -> PathBuf {
    data("github-incident-history/incidents")
}

/// Real Jaeger and OTLP trace exports from public projects (see tests/data/SOURCES.md).
pub fn real_traces() -> PathBuf {
    data("traces")
}

/// The binary under test, started in `dir` with `args`, colour off whatever the environment
/// says (so output compares byte for byte). For stdin, extra environment or a spawned child;
/// [`whys`] runs it to completion.
pub fn whys_command(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_whys"));
    cmd.arg("--color")
        .arg("never")
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR");
    cmd
}

/// Runs the binary under test in `dir` (see [`whys_command`]) and returns what it did.
pub fn whys(dir: &Path, args: &[&str]) -> Output {
    whys_command(dir, args)
        .output()
        .expect("the whys binary runs")
}

/// Imports GitHub's history into `archive` through the binary; panics with its stderr if the
/// import fails.
pub fn import_github_history(archive: &Path) {
    let history = github_history();
    let import = whys(
        archive,
        &["import", "statuspage", history.to_str().unwrap()],
    );
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
}

/// True when the run should rewrite expected files instead of comparing with them:
/// `WHYS_BLESS=1 cargo test --test NAME`. Read the diff before committing what it wrote.
pub fn blessing() -> bool {
    std::env::var_os("WHYS_BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the expected file at `path`, or (under `WHYS_BLESS=1`) writes it
/// there. The error names the file, the first line that differs and how to re-bless.
pub fn check_expected(path: &Path, actual: &str) -> Result<(), String> {
    if blessing() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(path, actual).unwrap();
        return Ok(());
    }
    let Ok(expected) = std::fs::read_to_string(path) else {
        return Err(format!(
            "no expected file {}; run with WHYS_BLESS=1 to create it",
            path.display()
        ));
    };
    if expected == actual {
        return Ok(());
    }
    let first_diff = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    // Small files are shown whole; a long page only at its first difference.
    let whole = if expected.len() + actual.len() < 8000 {
        format!("--- expected\n{expected}--- actual\n{actual}---\n")
    } else {
        String::new()
    };
    Err(format!(
        "{} differs from line {}:\n{whole}expected: {:?}\nactual:   {:?}\n\
         re-bless with WHYS_BLESS=1 if the change is intended",
        path.display(),
        first_diff + 1,
        expected.lines().nth(first_diff),
        actual.lines().nth(first_diff)
    ))
}

/// [`check_expected`] that panics on a difference.
pub fn assert_expected(path: &Path, actual: &str) {
    if let Err(problem) = check_expected(path, actual) {
        panic!("{problem}");
    }
}

/// Copies a fixture folder into a temporary one, so a test never writes into the repository.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
