//! Distributed traces: read Jaeger and OTLP JSON exports into one model.
//!
//! The format is told from the content, never from the file name:
//!
//! | top-level key | format |
//! |---|---|
//! | `resourceSpans` | OTLP JSON (exporters, the collector's file exporter, Tempo) |
//! | `batches` | OTLP JSON as older Tempo versions wrote it |
//! | `result` | Jaeger's api/v3 (OTLP inside `result`) |
//! | `data` | Jaeger JSON as its UI and query API return it |
//! | `spans` | one bare Jaeger trace object |
//!
//! A file may hold several JSON documents one after the other (the collector's file exporter
//! writes one per line); their spans are merged and grouped by trace id.
//!
//! Normalisation: ids become lower-case hex ([`normalize_id`]); times become UTC with
//! nanosecond precision (Jaeger counts microseconds, OTLP nanoseconds); spans are sorted by
//! start time. A span is an error when Jaeger's tag `error` is true, the OTLP status code is
//! 2 / `STATUS_CODE_ERROR` (or the tag `otel.status_code` is `ERROR`), or its HTTP status
//! (`http.status_code` / `http.response.status_code`) is 500 or more.
//!
//! Files are read whole and deserialised straight into typed structures (no `Value` trees),
//! so memory stays a small multiple of the file size and 100,000 spans read in a fraction of a
//! second in a release build.

mod jaeger;
mod json;
mod otlp;
mod points;
mod summary;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Read;

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

pub use crate::error::TraceError;

pub use super::ids::normalize_id;
pub use points::{timeline_points, PointReason, TracePoint};
pub use summary::{summary, CriticalStep, ServiceSummary, SpanRef, TraceSummary};

/// The service name used when an export names none (OpenTelemetry's own default).
pub const UNKNOWN_SERVICE: &str = "unknown_service";

/// One trace: every span of one request, sorted by start time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace {
    /// Lower-case hex.
    pub trace_id: String,
    pub spans: Vec<Span>,
}

/// One unit of work in one service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Span {
    /// Lower-case hex (or the id verbatim when it was neither hex nor base64).
    pub span_id: String,
    /// The parent as the export names it; it may be missing from the trace (then the span is
    /// treated as a root).
    pub parent_id: Option<String>,
    pub service: String,
    pub operation: String,
    /// UTC, nanosecond precision.
    pub start: DateTime<Utc>,
    pub duration_ns: u64,
    pub error: bool,
    /// Why it failed, when the export says (exception message, error log, status message).
    pub error_message: Option<String>,
    /// Span tags (Jaeger) or attributes (OTLP), values as text; OTLP's span kind is kept as
    /// `span.kind` (`server`, `client`, ...).
    pub tags: BTreeMap<String, String>,
}

impl Span {
    /// Start in nanoseconds since the Unix epoch.
    pub fn start_ns(&self) -> i64 {
        // Readers only build starts from i64 nanoseconds, so this never falls back.
        self.start.timestamp_nanos_opt().unwrap_or(i64::MAX)
    }

    /// End in nanoseconds since the Unix epoch (saturating).
    pub fn end_ns(&self) -> i64 {
        self.start_ns()
            .saturating_add(i64::try_from(self.duration_ns).unwrap_or(i64::MAX))
    }

    /// The end time.
    pub fn end(&self) -> DateTime<Utc> {
        Utc.timestamp_nanos(self.end_ns())
    }
}

/// The export format a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TraceFormat {
    /// `{"data": [trace, ...]}`
    JaegerEnvelope,
    /// One trace object `{"traceID", "spans", "processes"}`.
    JaegerTrace,
    /// `{"resourceSpans": [...]}`
    OtlpResourceSpans,
    /// `{"batches": [...]}` (older Tempo)
    OtlpBatches,
    /// `{"result": {"resourceSpans": [...]}}` (Jaeger api/v3)
    JaegerApiV3,
}

impl TraceFormat {
    pub fn describe(self) -> &'static str {
        match self {
            TraceFormat::JaegerEnvelope => "Jaeger JSON",
            TraceFormat::JaegerTrace => "Jaeger JSON (one trace object)",
            TraceFormat::OtlpResourceSpans => "OTLP JSON",
            TraceFormat::OtlpBatches => "OTLP JSON (Tempo batches)",
            TraceFormat::JaegerApiV3 => "OTLP JSON (Jaeger api/v3)",
        }
    }
}

impl fmt::Display for TraceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Everything read from one export.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceFile {
    /// The format of the first document (a file mixing formats is read all the same).
    pub format: TraceFormat,
    /// In order of first appearance.
    pub traces: Vec<Trace>,
}

/// Read every trace in an export.
pub fn read_traces(mut reader: impl Read) -> Result<TraceFile, TraceError> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    parse_traces(&bytes)
}

/// Read an export that must hold exactly one trace.
pub fn read_trace(reader: impl Read) -> Result<Trace, TraceError> {
    single(read_traces(reader)?)
}

/// [`read_trace`] from bytes.
pub fn parse_trace(bytes: &[u8]) -> Result<Trace, TraceError> {
    single(parse_traces(bytes)?)
}

fn single(file: TraceFile) -> Result<Trace, TraceError> {
    let mut traces = file.traces;
    match traces.len() {
        0 => Err(TraceError::NoSpans),
        1 => Ok(traces.remove(0)),
        _ => Err(TraceError::SeveralTraces {
            trace_ids: traces.into_iter().map(|trace| trace.trace_id).collect(),
        }),
    }
}

/// [`read_traces`] from bytes.
pub fn parse_traces(bytes: &[u8]) -> Result<TraceFile, TraceError> {
    // One typed pass over each document, straight into the structures of whichever format
    // its keys belong to. Path tracking is slow, so it is only paid for a document already
    // known to be bad, by reading that document again.
    let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<AnyDocument<'_>>();
    let mut collected = SpanCollector::default();
    let mut first_format = None;
    let mut start = 0;
    let mut number = 0;
    while let Some(parsed) = stream.next() {
        number += 1;
        let prefix = if number > 1 {
            format!("document {number}: ")
        } else {
            String::new()
        };
        let document = parsed.map_err(|err| located_error(bytes, start, &prefix, &err))?;
        start = stream.byte_offset();
        let ctx = DocContext { prefix: &prefix };
        let format = document.collect(&ctx, &mut collected)?;
        first_format.get_or_insert(format);
    }
    let format = first_format.ok_or(TraceError::NoSpans)?;
    Ok(TraceFile {
        format,
        traces: collected.finish(),
    })
}

/// Every top-level key of the supported formats, so that one typed pass reads any of them
/// whatever the order of its keys.
#[derive(Deserialize)]
struct AnyDocument<'a> {
    #[serde(borrow, default, deserialize_with = "json::present_or_null")]
    data: Option<Vec<jaeger::JaegerTrace<'a>>>,
    #[serde(borrow, rename = "traceID", default)]
    trace_id: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "json::present_or_null")]
    spans: Option<Vec<jaeger::JaegerSpan<'a>>>,
    #[serde(borrow, default, deserialize_with = "json::null_as_default")]
    processes: HashMap<std::borrow::Cow<'a, str>, jaeger::Process<'a>>,
    #[serde(
        borrow,
        rename = "resourceSpans",
        alias = "resource_spans",
        default,
        deserialize_with = "json::present_or_null"
    )]
    resource_spans: Option<Vec<otlp::ResourceSpans<'a>>>,
    #[serde(borrow, default, deserialize_with = "json::present_or_null")]
    batches: Option<Vec<otlp::ResourceSpans<'a>>>,
    #[serde(borrow, default)]
    result: Option<Box<otlp::Document<'a>>>,
}

impl AnyDocument<'_> {
    fn collect(
        self,
        ctx: &DocContext<'_>,
        out: &mut SpanCollector,
    ) -> Result<TraceFormat, TraceError> {
        let format = if self.resource_spans.is_some() {
            TraceFormat::OtlpResourceSpans
        } else if self.batches.is_some() {
            TraceFormat::OtlpBatches
        } else if self.result.is_some() {
            TraceFormat::JaegerApiV3
        } else if self.data.is_some() {
            TraceFormat::JaegerEnvelope
        } else if self.spans.is_some() {
            TraceFormat::JaegerTrace
        } else {
            return Err(TraceError::UnknownFormat);
        };
        match format {
            TraceFormat::JaegerEnvelope => {
                for (index, trace) in self.data.unwrap_or_default().into_iter().enumerate() {
                    jaeger::collect_trace(trace, &format!("data[{index}]."), ctx, out)?;
                }
            }
            TraceFormat::JaegerTrace => {
                let trace = jaeger::JaegerTrace {
                    trace_id: self.trace_id,
                    spans: self.spans.unwrap_or_default(),
                    processes: self.processes,
                };
                jaeger::collect_trace(trace, "", ctx, out)?;
            }
            _ => {
                let document = otlp::Document {
                    resource_spans: self.resource_spans.unwrap_or_default(),
                    batches: self.batches.unwrap_or_default(),
                    result: self.result,
                };
                otlp::collect(document, ctx, out)?;
            }
        }
        Ok(format)
    }
}

/// Where a document is, for error messages.
pub(crate) struct DocContext<'a> {
    pub prefix: &'a str,
}

impl DocContext<'_> {
    pub(crate) fn value_error(&self, path: String, message: impl Into<String>) -> TraceError {
        TraceError::Value {
            path: format!("{}{path}", self.prefix),
            message: message.into(),
        }
    }
}

/// Read the bad document starting at `start` again, tracking the JSON path this time.
fn located_error(
    bytes: &[u8],
    start: usize,
    prefix: &str,
    plain: &serde_json::Error,
) -> TraceError {
    let lines_before = bytes[..start].iter().filter(|&&b| b == b'\n').count();
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes[start..]);
    match serde_path_to_error::deserialize::<_, AnyDocument<'_>>(&mut deserializer) {
        Err(err) => {
            let path = err.path().to_string();
            let path = if path == "." { String::new() } else { path };
            json_error(format!("{prefix}{path}"), err.inner(), lines_before)
        }
        // The document alone reads: what failed was the stream around it.
        Ok(_) => json_error(prefix.to_string(), plain, 0),
    }
}

fn json_error(path: String, err: &serde_json::Error, lines_before: usize) -> TraceError {
    let full = err.to_string();
    let suffix = format!(" at line {} column {}", err.line(), err.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    TraceError::Json {
        path: path.trim_end_matches(": ").to_string(),
        message,
        line: err.line() + lines_before,
        column: err.column(),
    }
}

/// Spans from any number of documents, grouped by trace id in order of first appearance.
#[derive(Default)]
pub(crate) struct SpanCollector {
    traces: Vec<Trace>,
    by_id: HashMap<String, usize>,
}

impl SpanCollector {
    pub(crate) fn push(&mut self, trace_id: &str, span: Span) {
        let index = match self.by_id.get(trace_id) {
            Some(&index) => index,
            None => {
                self.traces.push(Trace {
                    trace_id: trace_id.to_string(),
                    spans: Vec::new(),
                });
                self.by_id
                    .insert(trace_id.to_string(), self.traces.len() - 1);
                self.traces.len() - 1
            }
        };
        self.traces[index].spans.push(span);
    }

    fn finish(mut self) -> Vec<Trace> {
        for trace in &mut self.traces {
            // Stable: spans starting together keep the export's order.
            trace.spans.sort_by_key(Span::start_ns);
        }
        self.traces
    }
}

/// Nanoseconds since the epoch as a UTC time; `None` past the year 2262.
pub(crate) fn utc_from_nanos(nanos: u64) -> Option<DateTime<Utc>> {
    i64::try_from(nanos)
        .ok()
        .map(|nanos| Utc.timestamp_nanos(nanos))
}

/// The HTTP status of a span, from the old or the current semantic-convention tag.
pub(crate) fn http_status(tags: &BTreeMap<String, String>) -> Option<u16> {
    ["http.status_code", "http.response.status_code"]
        .iter()
        .find_map(|key| tags.get(*key))
        .and_then(|value| value.trim().parse::<u16>().ok())
}

/// Error evidence common to both formats, from a span's tags: `(is error, message)`.
pub(crate) fn error_from_tags(tags: &BTreeMap<String, String>) -> (bool, Option<String>) {
    let flagged = tags
        .get("error")
        .is_some_and(|value| value.eq_ignore_ascii_case("true"))
        || tags
            .get("otel.status_code")
            .is_some_and(|value| value.eq_ignore_ascii_case("error"));
    let http_failed = http_status(tags).is_some_and(|status| status >= 500);
    let message = [
        "error.message",
        "exception.message",
        "otel.status_description",
    ]
    .iter()
    .find_map(|key| tags.get(*key))
    .filter(|text| !text.trim().is_empty())
    .cloned();
    (flagged || http_failed, message)
}

/// The error told by one log record (Jaeger) or event (OTLP): its fields as key/value text,
/// and the event's name when the format has one.
pub(crate) fn error_from_fields(
    event_name: Option<&str>,
    fields: &[(&str, &str)],
) -> Option<String> {
    let field = |key: &str| {
        fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .filter(|v| !v.trim().is_empty())
    };
    if let Some(text) = field("exception.message").or_else(|| field("error.message")) {
        return Some(text.to_string());
    }
    // HotROD and many Go services log `error: "<message>"`; `error: true` is only a flag.
    if let Some(text) = field("error").filter(|v| !matches!(*v, "true" | "false")) {
        return Some(text.to_string());
    }
    let event = event_name.or_else(|| field("event"));
    let is_error_record = matches!(event, Some("error" | "exception"))
        || field("level").is_some_and(|level| {
            matches!(
                level.to_ascii_lowercase().as_str(),
                "error" | "fatal" | "critical"
            )
        });
    if !is_error_record {
        return None;
    }
    field("message")
        .or_else(|| field("error.object"))
        .or_else(|| field("exception.type"))
        .or_else(|| field("error.kind"))
        .or(event.filter(|name| !matches!(*name, "error" | "exception")))
        .map(str::to_string)
}

/// The message shown for an HTTP failure that said nothing else.
pub(crate) fn http_message(tags: &BTreeMap<String, String>) -> Option<String> {
    http_status(tags)
        .filter(|status| *status >= 500)
        .map(|status| format!("HTTP status {status}"))
}
