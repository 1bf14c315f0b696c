//! Reading other tools' JSON: bounded in size, and every fault named by file and JSON path.

use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};

/// No export whys reads is this large; a bigger file is refused unread rather than held in
/// memory (a year of a busy Slack channel is a few megabytes a day-file at most).
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The bytes of `path`, refusing a file over [`MAX_INPUT_BYTES`].
pub fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Error::Input {
            path: path.to_owned(),
            message: format!(
                "larger than {} MiB; whys does not read exports this large",
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        });
    }
    Ok(bytes)
}

/// `bytes` as `T`; a fault names the JSON path (`log_entries[3].created_at`), line and column.
pub fn parse_json<T: DeserializeOwned>(path: &Path, bytes: &[u8], what: &str) -> Result<T> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let at = e.path().to_string();
        let inner = e.into_inner();
        Error::Input {
            path: path.to_owned(),
            message: format!(
                "not {what}: at `{at}` (line {}, column {}): {inner}",
                inner.line(),
                inner.column()
            ),
        }
    })
}

/// [`read_bounded`] then [`parse_json`].
pub fn read_json<T: DeserializeOwned>(path: &Path, what: &str) -> Result<T> {
    let bytes = read_bounded(path)?;
    parse_json(path, &bytes, what)
}
