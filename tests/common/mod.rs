//! Helpers shared by the integration tests (each test file includes this with `mod common;`
//! and uses what it needs, hence `dead_code` is allowed).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder of `../shared` (DESIGN.md's data), which CI clones beside the repository; a git
/// worktree elsewhere finds it at its fixed place on this machine.
pub fn shared(relative: &str) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let beside = manifest.join("../shared").join(relative);
    let fixed = Path::new("/work/shared").join(relative);
    if !beside.exists() && fixed.exists() {
        return fixed;
    }
    assert!(
        beside.exists(),
        "{} is missing: the real-data tests need the shared folder beside the repository",
        beside.display()
    );
    beside
}

/// GitHub's real incident history (1,282 Statuspage incidents, see shared/data/SOURCES.md).
pub fn github_history() -> PathBuf {
    shared("data/github-incident-history/incidents")
}

/// Imports GitHub's history into `archive` through the binary; panics with its stderr if the
/// import fails.
pub fn import_github_history(archive: &Path) {
    let import = Command::new(env!("CARGO_BIN_EXE_whys"))
        .args(["import", "statuspage"])
        .arg(github_history())
        .current_dir(archive)
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
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
