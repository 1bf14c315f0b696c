//! A golden signal's series from Prometheus, kept beside the record.
//!
//! Input: the body of a Prometheus HTTP API range query (`GET /api/v1/query_range`, see
//! prometheus.io/docs/prometheus/latest/querying/api/#range-queries): `{"status": "success",
//! "data": {"resultType": "matrix", "result": [{"metric": {labels}, "values": [[<unix time>,
//! "<sample value>"], …]}, …]}}`. Sample values are strings because they may be `NaN` or
//! `±Inf`; those are gaps here.
//!
//! Output: a small series file (`whys-series/v1` JSON) next to the record, at most
//! [`MAX_SERIES`] series of at most [`MAX_POINTS`] points each (longer series are thinned to the
//! minimum and maximum of each bucket, so a spike survives). The record's `signals.<signal>`
//! text links to it, and rendering draws it as a chart (see [`crate::render::signal_chart`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::import::input::{parse_json, read_bounded};

/// The golden signals, in the order records and pages list them.
pub const GOLDEN_SIGNALS: [&str; 4] = ["latency", "traffic", "errors", "saturation"];

/// More series than this make an unreadable chart; the rest are dropped (and counted).
pub const MAX_SERIES: usize = 12;
/// Points kept per series: a chart 700 px wide shows no more.
pub const MAX_POINTS: usize = 400;
/// A series file larger than this is not a "small data file": it is not read.
pub const MAX_SERIES_FILE_BYTES: u64 = 2 * 1024 * 1024;
/// The tag of the series file format.
pub const SERIES_SCHEMA: &str = "whys-series/v1";
/// How a signal's text names its series file: a Markdown link whose target ends so.
pub const SERIES_SUFFIX: &str = ".series.json";

#[derive(Debug, Deserialize)]
struct Response {
    status: String,
    #[serde(default)]
    data: Option<Data>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default, rename = "errorType")]
    error_type: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Data {
    #[serde(rename = "resultType")]
    result_type: String,
    result: serde_json::Value,
}

#[derive(Debug, Deserialize)]
struct MatrixEntry {
    #[serde(default)]
    metric: BTreeMap<String, String>,
    #[serde(default)]
    values: Vec<(f64, String)>,
}

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

/// Reads a `query_range` body from `path`; a fault names the file and JSON path.
pub fn read_query_range(path: &Path, signal: &str) -> Result<SeriesFile> {
    let bytes = read_bounded(path)?;
    parse_query_range(path, &bytes, signal)
}

/// [`read_query_range`] on bytes in memory (`path` names them in errors).
pub fn parse_query_range(path: &Path, bytes: &[u8], signal: &str) -> Result<SeriesFile> {
    let fail = |message: String| Error::Input {
        path: path.to_owned(),
        message,
    };
    if !GOLDEN_SIGNALS.contains(&signal) {
        return Err(Error::Usage(format!(
            "`{signal}` is not a golden signal: {}",
            GOLDEN_SIGNALS.join(", ")
        )));
    }
    let response: Response = parse_json(path, bytes, "a Prometheus query_range response")?;
    if response.status != "success" {
        return Err(fail(format!(
            "at `status`: the query failed ({}): {}",
            response.error_type.as_deref().unwrap_or("error"),
            response.error.as_deref().unwrap_or("no message")
        )));
    }
    let data = response
        .data
        .ok_or_else(|| fail("at `data`: missing".into()))?;
    if data.result_type != "matrix" {
        return Err(fail(format!(
            "at `data.resultType`: `{}`, not `matrix`: save the body of /api/v1/query_range, not /api/v1/query",
            data.result_type
        )));
    }
    let entries: Vec<MatrixEntry> = serde_path_to_error::deserialize(data.result).map_err(|e| {
        fail(format!(
            "at `data.result{}`: {}",
            match e.path().to_string().as_str() {
                "." => String::new(),
                p if p.starts_with('[') => p.to_owned(),
                p => format!(".{p}"),
            },
            e.inner()
        ))
    })?;
    let total = entries.len();
    let mut series = Vec::new();
    for (i, entry) in entries.into_iter().take(MAX_SERIES).enumerate() {
        let mut points = Vec::with_capacity(entry.values.len());
        for (j, (at, value)) in entry.values.iter().enumerate() {
            if !at.is_finite() {
                return Err(fail(format!(
                    "at `data.result[{i}].values[{j}][0]`: not a time"
                )));
            }
            let value: f64 = match value.as_str() {
                "NaN" | "+Inf" | "-Inf" | "Inf" => continue,
                v => v.parse().map_err(|_| {
                    fail(format!(
                        "at `data.result[{i}].values[{j}][1]`: `{v}` is not a sample value"
                    ))
                })?,
            };
            if value.is_finite() {
                points.push((at.floor() as i64, value));
            }
        }
        points.sort_by_key(|p| p.0);
        series.push(Series {
            name: series_name(&entry.metric),
            points: thin(points, MAX_POINTS),
        });
    }
    Ok(SeriesFile {
        schema: SERIES_SCHEMA.into(),
        signal: signal.into(),
        source: "prometheus query_range".into(),
        series,
        dropped_series: total.saturating_sub(MAX_SERIES),
    })
}

/// `__name__{label="value", …}`, or `series` for a series without labels.
fn series_name(metric: &BTreeMap<String, String>) -> String {
    let name = metric.get("__name__").cloned().unwrap_or_default();
    let labels: Vec<String> = metric
        .iter()
        .filter(|(k, _)| *k != "__name__")
        .map(|(k, v)| format!("{k}=\"{v}\""))
        .collect();
    match (name.is_empty(), labels.is_empty()) {
        (true, true) => "series".into(),
        (false, true) => name,
        (_, false) => format!("{name}{{{}}}", labels.join(", ")),
    }
}

/// At most `max` points: each bucket keeps its lowest and highest point, in time order.
fn thin(points: Vec<(i64, f64)>, max: usize) -> Vec<(i64, f64)> {
    if points.len() <= max || max < 2 {
        return points;
    }
    let buckets = max / 2;
    let size = points.len().div_ceil(buckets);
    let mut out = Vec::with_capacity(max);
    for chunk in points.chunks(size) {
        let low = chunk.iter().min_by(|a, b| a.1.total_cmp(&b.1));
        let high = chunk.iter().max_by(|a, b| a.1.total_cmp(&b.1));
        if let (Some(low), Some(high)) = (low, high) {
            if low.0 == high.0 {
                out.push(*low);
            } else if low.0 < high.0 {
                out.extend([*low, *high]);
            } else {
                out.extend([*high, *low]);
            }
        }
    }
    out
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
pub fn load_record_series(record_file: &Path, record: &crate::record::Record) -> SignalSeries {
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
    fn thinning_keeps_the_spike() {
        let mut points: Vec<(i64, f64)> = (0..10_000).map(|i| (i, 1.0)).collect();
        points[5_555].1 = 99.0;
        let thin = thin(points, 400);
        assert!(thin.len() <= 400);
        assert!(thin.contains(&(5_555, 99.0)));
        assert!(thin.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn links_to_series_files_are_found_and_escapes_refused() {
        let md =
            "p99 rose.\n\nChart: [series](2025-x.latency.series.json) and [bad](../x.series.json)";
        assert_eq!(linked_series(md), ["2025-x.latency.series.json"]);
    }
}
