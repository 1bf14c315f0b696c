//! A golden signal's series, as kept beside a record: the small `whys-series/v1` JSON file
//! that `whys signals` writes (see [`crate::evidence::prometheus`]) and the record's
//! `signals.<signal>` text links to. Loading a record reads the files its signals link to, so
//! every page rendered from it can chart them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::common::json::{parse_json, read_bounded};
use crate::error::{Error, Result};

/// A series file larger than this is not a "small data file": it is not read.
pub const MAX_SERIES_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// The tag of the series file format.
pub const SERIES_SCHEMA: &str = "whys-series/v1";
/// How a signal's text names its series file: a Markdown link whose target ends so.
pub const SERIES_SUFFIX: &str = ".series.json";

/// One series: its name (from its labels) and points (unix seconds, value).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Series {
    pub name: String,
    pub points: Vec<(i64, f64)>,
}

/// The data file beside a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesFile {
    pub schema: String,
    pub signal: String,
    /// Where the data came from (`prometheus query_range`).
    pub source: String,
    pub series: Vec<Series>,
    /// Series of the response left out to keep the chart readable.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dropped_series: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl SeriesFile {
    /// The first and last instant of any series.
    pub fn range(&self) -> Option<(i64, i64)> {
        let times = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0));
        let min = times.clone().min()?;
        let max = times.max()?;
        Some((min, max))
    }
}

/// The series file's name for `record_id` and `signal`: `<id>.<signal>.series.json`.
pub fn series_file_name(record_id: &str, signal: &str) -> String {
    format!("{record_id}.{signal}{SERIES_SUFFIX}")
}

/// Series files a signal's Markdown links to (relative targets ending in `.series.json`).
pub fn linked_series(markdown: &str) -> Vec<String> {
    static LINK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let link = LINK.get_or_init(|| {
        regex::Regex::new(r"\]\(<?([^()<>\s]+\.series\.json)>?\)").expect("fixed pattern")
    });
    link.captures_iter(markdown)
        .map(|c| c[1].to_owned())
        .filter(|t| !t.contains("://") && !t.starts_with('/') && !t.contains(".."))
        .collect()
}

/// A series file read for rendering: the data, or why it could not be read.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadedSeries {
    Read(SeriesFile),
    Unreadable(String),
}

/// A record's series by signal name: the link target as written, and what was read there.
pub type SignalSeries = BTreeMap<String, (PathBuf, LoadedSeries)>;

/// Reads the series `record`'s signals link to, from the folder of its file.
pub fn load_record_series(record_file: &Path, record: &super::Record) -> SignalSeries {
    let Some(signals) = &record.signals else {
        return SignalSeries::new();
    };
    let dir = record_file.parent().unwrap_or(Path::new("."));
    load_linked_series(
        dir,
        &[
            ("latency", signals.latency.as_deref()),
            ("traffic", signals.traffic.as_deref()),
            ("errors", signals.errors.as_deref()),
            ("saturation", signals.saturation.as_deref()),
        ],
    )
}

/// The series a record's signals link to, by signal name, read from `record_dir`.
pub fn load_linked_series(
    record_dir: &Path,
    signals: &[(&str, Option<&str>)],
) -> BTreeMap<String, (PathBuf, LoadedSeries)> {
    let mut out = BTreeMap::new();
    for (signal, text) in signals {
        let Some(target) = text.and_then(|t| linked_series(t).into_iter().next()) else {
            continue;
        };
        let path = record_dir.join(&target);
        let loaded = match read_series_file(&path) {
            Ok(file) => LoadedSeries::Read(file),
            Err(e) => LoadedSeries::Unreadable(e.to_string()),
        };
        out.insert((*signal).to_owned(), (PathBuf::from(target), loaded));
    }
    out
}

/// Reads a series file, bounded by [`MAX_SERIES_FILE_BYTES`].
pub fn read_series_file(path: &Path) -> Result<SeriesFile> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > MAX_SERIES_FILE_BYTES {
        return Err(Error::Input {
            path: path.to_owned(),
            message: format!("{size} bytes: too large for a series file"),
        });
    }
    let bytes = read_bounded(path)?;
    let file: SeriesFile = parse_json(path, &bytes, "a whys series file")?;
    if file.schema != SERIES_SCHEMA {
        return Err(Error::Input {
            path: path.to_owned(),
            message: format!("at `schema`: `{}`, expected `{SERIES_SCHEMA}`", file.schema),
        });
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_series_files_are_found_and_escapes_refused() {
        let md =
            "p99 rose.\n\nChart: [series](2025-x.latency.series.json) and [bad](../x.series.json)";
        assert_eq!(linked_series(md), ["2025-x.latency.series.json"]);
    }
}
