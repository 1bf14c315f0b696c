//! Reading other tools' data: the bounded, path-naming JSON readers of
//! [`crate::common::json`], and times named by where they were found.

use std::path::Path;

use crate::error::{Error, Result};
use crate::record::Timestamp;

pub use crate::common::json::{parse_json, read_bounded, read_json, MAX_INPUT_BYTES};

/// An RFC 3339 time found at `json_path` of `path`.
pub fn parse_time(path: &Path, json_path: &str, text: &str) -> Result<Timestamp> {
    Timestamp::parse(text.trim()).map_err(|m| Error::Input {
        path: path.to_owned(),
        message: format!("at `{json_path}`: {m}"),
    })
}
