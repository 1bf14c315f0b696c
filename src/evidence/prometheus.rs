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
use std::path::Path;

use serde::Deserialize;

use crate::common::json::{parse_json, read_bounded};
use crate::error::{Error, Result};
pub use crate::record::series::{
    linked_series, read_series_file, series_file_name, LoadedSeries, Series, SeriesFile,
    SignalSeries, SERIES_SCHEMA, SERIES_SUFFIX,
};

/// The golden signals, in the order records and pages list them.
pub const GOLDEN_SIGNALS: [&str; 4] = ["latency", "traffic", "errors", "saturation"];

/// More series than this make an unreadable chart; the rest are dropped (and counted).
pub const MAX_SERIES: usize = 12;
/// Points kept per series: a chart 700 px wide shows no more.
pub const MAX_POINTS: usize = 400;
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
}
