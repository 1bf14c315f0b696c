//! Which files under a folder are records.

use std::path::{Path, PathBuf};

use crate::error::Result;

/// The archive's settings file. It lives beside the records and is never one of them.
pub const SETTINGS_FILE: &str = "whys.yaml";

/// Record files under `paths`: files as given, folders searched for `*.yaml` and `*.yml`
/// (hidden folders and the archive's own `whys.yaml` left out), sorted, each once.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    crate::fsutil::find_files(paths, &is_record_file)
}

fn is_record_file(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str());
    matches!(ext, Some("yaml") | Some("yml"))
        && path.file_name().and_then(|n| n.to_str()) != Some(SETTINGS_FILE)
}
