//! Follow one request through structured JSON-lines logs.
//!
//! The reader streams: each source is read line by line into one reused buffer, each line is
//! parsed and dropped unless it belongs to a followed request, so memory grows with the number
//! of matching entries, not with the size of the logs. A line longer than [`MAX_LINE_BYTES`]
//! is skipped (and reported) without being held in memory.
//!
//! Field names are the common ones (first match wins, in this order):
//!
//! | meaning | keys |
//! |---|---|
//! | time | `timestamp`, `time`, `ts`, `@timestamp` |
//! | level | `level`, `severity`, `lvl`, `log.level` |
//! | message | `message`, `msg` |
//! | service | `service`, `service.name`, `app` (`service` may be an object with `name`) |
//! | trace id | `trace_id`, `traceId`, `trace.id` (or an object `trace` with `id`) |
//! | request id | `request_id`, `requestId`, `req_id` |
//!
//! Times are RFC 3339 strings with an offset (a space instead of `T` is accepted), or epoch
//! numbers (or strings of digits) whose unit is told by magnitude: below 10^11 seconds
//! (fractions allowed), below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds.
//! A time without an offset is not guessed at: the line counts as one without a timestamp.
//!
//! Nothing in the logs is fatal: lines that are not JSON objects are counted and reported
//! with file name and line number; only I/O errors stop the reader.

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ids::normalize_id;
pub use crate::error::LogError;

/// Lines longer than this are skipped as bad lines instead of being buffered.
pub const MAX_LINE_BYTES: usize = 16 * 1024 * 1024;

/// At most this many bad lines (and untimed matching lines) are kept with their location; all
/// are counted.
pub const MAX_REPORTED_LINES: usize = 1000;

const TIME_KEYS: [&str; 4] = ["timestamp", "time", "ts", "@timestamp"];
const LEVEL_KEYS: [&str; 4] = ["level", "severity", "lvl", "log.level"];
const MESSAGE_KEYS: [&str; 2] = ["message", "msg"];
const SERVICE_KEYS: [&str; 3] = ["service", "service.name", "app"];
const TRACE_KEYS: [&str; 3] = ["trace_id", "traceId", "trace.id"];
const REQUEST_KEYS: [&str; 3] = ["request_id", "requestId", "req_id"];

/// Severity of a log entry, least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
    Fatal,
}

impl Level {
    /// Read a level as loggers write it: names of any case and common synonyms (`warning`,
    /// `err`, `critical`, `notice`, ...), or the numbers of bunyan and pino (10 trace ..
    /// 60 fatal).
    pub fn parse(text: &str) -> Option<Level> {
        let lower = text.trim().to_ascii_lowercase();
        let level = match lower.as_str() {
            "trace" | "trc" | "verbose" => Level::Trace,
            "debug" | "dbg" | "fine" => Level::Debug,
            "info" | "inf" | "information" | "informational" | "notice" => Level::Info,
            "warn" | "wrn" | "warning" => Level::Warn,
            "error" | "err" => Level::Error,
            "fatal" | "ftl" | "critical" | "crit" | "alert" | "emerg" | "emergency" | "panic"
            | "dpanic" | "severe" => Level::Fatal,
            _ => return lower.parse::<f64>().ok().and_then(Level::from_number),
        };
        Some(level)
    }

    fn from_number(number: f64) -> Option<Level> {
        // bunyan / pino numbering; anything else numeric is not a level we can trust.
        let level = match number as i64 {
            10 => Level::Trace,
            20 => Level::Debug,
            30 => Level::Info,
            40 => Level::Warn,
            50 => Level::Error,
            60 => Level::Fatal,
            _ => return None,
        };
        Some(level)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Trace => "trace",
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
            Level::Fatal => "fatal",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `"warn".parse::<Level>()`, for command-line options.
impl FromStr for Level {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Level::parse(text).ok_or_else(|| {
            format!("unknown log level {text:?}: use trace, debug, info, warn, error or fatal")
        })
    }
}

/// Which request to follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "by", content = "id")]
pub enum Selector {
    /// Matches `trace_id` fields; ids are compared after [`normalize_id`], so case and dropped
    /// leading zeros do not matter.
    TraceId(String),
    /// Matches `request_id` fields exactly (after trimming).
    RequestId(String),
}

impl Selector {
    fn prepared(&self) -> Result<PreparedSelector, LogError> {
        match self {
            Selector::TraceId(id) => normalize_id(id)
                .map(PreparedSelector::Trace)
                .ok_or(LogError::EmptySelector { what: "trace id" }),
            Selector::RequestId(id) => {
                let id = id.trim();
                if id.is_empty() {
                    Err(LogError::EmptySelector { what: "request id" })
                } else {
                    Ok(PreparedSelector::Request(id.to_string()))
                }
            }
        }
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::TraceId(id) => write!(f, "trace id {id}"),
            Selector::RequestId(id) => write!(f, "request id {id}"),
        }
    }
}

enum PreparedSelector {
    Trace(String),
    Request(String),
}

impl PreparedSelector {
    fn matches(&self, trace_norm: Option<&str>, request_id: Option<&str>) -> bool {
        match self {
            PreparedSelector::Trace(want) => trace_norm == Some(want.as_str()),
            PreparedSelector::Request(want) => request_id.map(str::trim) == Some(want.as_str()),
        }
    }
}

/// One named stream of JSON lines.
pub struct LogSource<'a> {
    /// How the source is named in reports (usually the file path).
    pub name: String,
    pub reader: Box<dyn BufRead + 'a>,
}

impl<'a> LogSource<'a> {
    pub fn new(name: impl Into<String>, reader: impl BufRead + 'a) -> Self {
        LogSource {
            name: name.into(),
            reader: Box::new(reader),
        }
    }
}

impl LogSource<'static> {
    /// Open a file for reading, buffered.
    pub fn open(path: &Path) -> Result<Self, LogError> {
        let file = File::open(path).map_err(|source| LogError::Open {
            file: path.display().to_string(),
            source,
        })?;
        Ok(LogSource::new(
            path.display().to_string(),
            BufReader::with_capacity(256 * 1024, file),
        ))
    }
}

/// One log line that belongs to the followed request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEntry {
    /// When it was logged, with the offset the log used.
    pub at: DateTime<FixedOffset>,
    pub service: Option<String>,
    pub level: Option<Level>,
    /// The message; empty when the line had none.
    pub message: String,
    pub trace_id: Option<String>,
    pub request_id: Option<String>,
    /// Every other field of the line, as written.
    pub detail: Map<String, Value>,
    /// Name of the source the line came from, and its line number (from 1).
    pub file: String,
    pub line: u64,
}

/// A place in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineRef {
    pub file: String,
    pub line: u64,
}

/// A line that could not be read as a JSON object, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadLine {
    pub file: String,
    pub line: u64,
    pub reason: String,
}

/// What the reader saw across all sources, whether or not it matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReadStats {
    pub files: usize,
    /// Non-empty lines read.
    pub lines: u64,
    pub bad_line_count: u64,
    /// The first [`MAX_REPORTED_LINES`] bad lines.
    pub bad_lines: Vec<BadLine>,
    /// Lines (of any request) that had no timestamp the reader understood.
    pub lines_without_time: u64,
}

/// The entries of one followed request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogFollow {
    pub selector: Selector,
    /// Matching entries from every source, in time order (ties keep source and line order).
    pub entries: Vec<LogEntry>,
    /// Matching lines left out because they had no usable timestamp (first
    /// [`MAX_REPORTED_LINES`]; `matching_without_time_count` counts all).
    pub matching_without_time: Vec<LineRef>,
    pub matching_without_time_count: u64,
    /// Matching lines left out by the level filter.
    pub below_level: u64,
    pub stats: ReadStats,
}

/// Follow one request across all `sources`, keeping entries at or above `min_level` (entries
/// without a level are left out when a minimum is given).
pub fn follow_request<'a>(
    sources: impl IntoIterator<Item = LogSource<'a>>,
    selector: Selector,
    min_level: Option<Level>,
) -> Result<LogFollow, LogError> {
    let mut follows = follow_requests(sources, std::slice::from_ref(&selector), min_level)?;
    // One selector in, one follow out.
    Ok(follows.remove(0))
}

/// Follow several requests in one pass over the sources (for comparing two requests of the
/// same logs). The result has one [`LogFollow`] per selector, in the same order; they share
/// the same [`ReadStats`].
pub fn follow_requests<'a>(
    sources: impl IntoIterator<Item = LogSource<'a>>,
    selectors: &[Selector],
    min_level: Option<Level>,
) -> Result<Vec<LogFollow>, LogError> {
    let prepared = selectors
        .iter()
        .map(Selector::prepared)
        .collect::<Result<Vec<_>, _>>()?;
    let mut follows: Vec<LogFollow> = selectors
        .iter()
        .map(|selector| LogFollow {
            selector: selector.clone(),
            entries: Vec::new(),
            matching_without_time: Vec::new(),
            matching_without_time_count: 0,
            below_level: 0,
            stats: ReadStats::default(),
        })
        .collect();
    // (source index, line) per entry, to break time ties in input order.
    let mut order: Vec<Vec<(usize, u64)>> = vec![Vec::new(); selectors.len()];
    let mut stats = ReadStats::default();
    let mut buffer = Vec::with_capacity(8 * 1024);

    for (source_index, mut source) in sources.into_iter().enumerate() {
        stats.files += 1;
        let mut line_number: u64 = 0;
        loop {
            let read =
                read_bounded_line(&mut source.reader, &mut buffer).map_err(|source_err| {
                    LogError::Read {
                        file: source.name.clone(),
                        line: line_number,
                        source: source_err,
                    }
                })?;
            line_number += 1;
            let text = match read {
                LineRead::End => break,
                LineRead::TooLong => {
                    stats.lines += 1;
                    note_bad_line(
                        &mut stats,
                        &source.name,
                        line_number,
                        format!("line longer than {MAX_LINE_BYTES} bytes, skipped"),
                    );
                    continue;
                }
                LineRead::Line => trim_line(&buffer, line_number == 1),
            };
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            stats.lines += 1;
            let object = match serde_json::from_slice::<Value>(text) {
                Ok(Value::Object(object)) => object,
                Ok(other) => {
                    let reason = format!("not a JSON object but {}", json_kind(&other));
                    note_bad_line(&mut stats, &source.name, line_number, reason);
                    continue;
                }
                Err(err) => {
                    let reason = format!("not JSON: {err}");
                    note_bad_line(&mut stats, &source.name, line_number, reason);
                    continue;
                }
            };
            let parsed = ParsedLine::from_object(object);
            if parsed.at.is_none() {
                stats.lines_without_time += 1;
            }
            let trace_norm = parsed.trace_id.as_deref().and_then(normalize_id);
            for (index, selector) in prepared.iter().enumerate() {
                if !selector.matches(trace_norm.as_deref(), parsed.request_id.as_deref()) {
                    continue;
                }
                let follow = &mut follows[index];
                let Some(at) = parsed.at else {
                    follow.matching_without_time_count += 1;
                    if follow.matching_without_time.len() < MAX_REPORTED_LINES {
                        follow.matching_without_time.push(LineRef {
                            file: source.name.clone(),
                            line: line_number,
                        });
                    }
                    continue;
                };
                if let Some(min) = min_level {
                    if parsed.level.is_none_or(|level| level < min) {
                        follow.below_level += 1;
                        continue;
                    }
                }
                follow.entries.push(LogEntry {
                    at,
                    service: parsed.service.clone(),
                    level: parsed.level,
                    message: parsed.message.clone(),
                    trace_id: parsed.trace_id.clone(),
                    request_id: parsed.request_id.clone(),
                    detail: parsed.detail.clone(),
                    file: source.name.clone(),
                    line: line_number,
                });
                order[index].push((source_index, line_number));
            }
        }
    }

    for (follow, keys) in follows.iter_mut().zip(order) {
        let mut keyed: Vec<(LogEntry, (usize, u64))> = std::mem::take(&mut follow.entries)
            .into_iter()
            .zip(keys)
            .collect();
        keyed.sort_by(|(a, ka), (b, kb)| a.at.cmp(&b.at).then_with(|| ka.cmp(kb)));
        follow.entries = keyed.into_iter().map(|(entry, _)| entry).collect();
        follow.stats = stats.clone();
    }
    Ok(follows)
}

fn note_bad_line(stats: &mut ReadStats, file: &str, line: u64, reason: String) {
    stats.bad_line_count += 1;
    if stats.bad_lines.len() < MAX_REPORTED_LINES {
        stats.bad_lines.push(BadLine {
            file: file.to_string(),
            line,
            reason,
        });
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

enum LineRead {
    Line,
    TooLong,
    End,
}

/// Read one line into `buffer` (cleared first) without ever holding more than
/// [`MAX_LINE_BYTES`] + 1 bytes of it.
fn read_bounded_line(reader: &mut dyn BufRead, buffer: &mut Vec<u8>) -> io::Result<LineRead> {
    buffer.clear();
    let limit = MAX_LINE_BYTES as u64 + 1;
    let read = Read::take(&mut *reader, limit).read_until(b'\n', buffer)?;
    if read == 0 {
        return Ok(LineRead::End);
    }
    if buffer.last() == Some(&b'\n') || buffer.len() <= MAX_LINE_BYTES {
        return Ok(LineRead::Line);
    }
    buffer.clear();
    reader.skip_until(b'\n')?;
    Ok(LineRead::TooLong)
}

fn trim_line(buffer: &[u8], first_line: bool) -> &[u8] {
    let mut text = buffer;
    if first_line {
        text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    }
    while let Some((last, rest)) = text.split_last() {
        if *last == b'\n' || *last == b'\r' {
            text = rest;
        } else {
            break;
        }
    }
    text
}

/// The fields of one line, with the recognised ones taken out of `detail`.
struct ParsedLine {
    at: Option<DateTime<FixedOffset>>,
    level: Option<Level>,
    message: String,
    service: Option<String>,
    trace_id: Option<String>,
    request_id: Option<String>,
    detail: Map<String, Value>,
}

impl ParsedLine {
    fn from_object(mut object: Map<String, Value>) -> ParsedLine {
        let at = take_first(&mut object, &TIME_KEYS, parse_time);
        let level = take_first(&mut object, &LEVEL_KEYS, |value| match value {
            Value::String(text) => Level::parse(text),
            Value::Number(number) => number.as_f64().and_then(Level::from_number),
            _ => None,
        });
        let message = take_first(&mut object, &MESSAGE_KEYS, scalar_text).unwrap_or_default();
        let service = take_first(&mut object, &SERVICE_KEYS, scalar_text)
            .or_else(|| take_nested(&mut object, "service", "name"));
        let trace_id = take_first(&mut object, &TRACE_KEYS, scalar_text)
            .or_else(|| take_nested(&mut object, "trace", "id"));
        let request_id = take_first(&mut object, &REQUEST_KEYS, scalar_text);
        ParsedLine {
            at,
            level,
            message,
            service,
            trace_id,
            request_id,
            detail: object,
        }
    }
}

/// The first of `keys` whose value `read` understands, removed from `object`. Keys whose
/// value is not understood stay in the detail, so nothing is lost.
fn take_first<T>(
    object: &mut Map<String, Value>,
    keys: &[&str],
    read: impl Fn(&Value) -> Option<T>,
) -> Option<T> {
    for key in keys {
        if let Some(found) = object.get(*key).and_then(&read) {
            object.remove(*key);
            return Some(found);
        }
    }
    None
}

/// `{"trace": {"id": "..."}}` (Elastic Common Schema nests ids this way).
fn take_nested(object: &mut Map<String, Value>, outer: &str, inner: &str) -> Option<String> {
    let found = object
        .get(outer)
        .and_then(Value::as_object)
        .and_then(|nested| nested.get(inner))
        .and_then(scalar_text)?;
    if let Some(Value::Object(nested)) = object.get_mut(outer) {
        nested.remove(inner);
        if nested.is_empty() {
            object.remove(outer);
        }
    }
    Some(found)
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A log time: RFC 3339 text with an offset, or an epoch number (see the module docs).
pub fn parse_time(value: &Value) -> Option<DateTime<FixedOffset>> {
    match value {
        Value::String(text) => {
            let text = text.trim();
            if let Ok(at) = DateTime::parse_from_rfc3339(text) {
                return Some(at);
            }
            // "2025-10-07 14:03:07Z": RFC 3339 allows a space for readability.
            if text.len() > 10 && text.as_bytes()[10] == b' ' {
                let joined = format!("{}T{}", &text[..10], &text[11..]);
                if let Ok(at) = DateTime::parse_from_rfc3339(&joined) {
                    return Some(at);
                }
            }
            let digits = text.strip_prefix('-').unwrap_or(text);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return text.parse::<f64>().ok().and_then(|_| epoch_from_text(text));
            }
            None
        }
        Value::Number(number) => {
            if let Some(int) = number.as_i64() {
                epoch_from_int(int)
            } else {
                number.as_f64().and_then(epoch_from_float)
            }
        }
        _ => None,
    }
}

fn epoch_from_text(text: &str) -> Option<DateTime<FixedOffset>> {
    match text.parse::<i64>() {
        Ok(int) => epoch_from_int(int),
        Err(_) => text.parse::<f64>().ok().and_then(epoch_from_float),
    }
}

/// Integer epoch: the unit is told by magnitude.
fn epoch_from_int(value: i64) -> Option<DateTime<FixedOffset>> {
    let magnitude = value.unsigned_abs();
    let nanos: i128 = if magnitude < 100_000_000_000 {
        i128::from(value) * 1_000_000_000
    } else if magnitude < 100_000_000_000_000 {
        i128::from(value) * 1_000_000
    } else if magnitude < 100_000_000_000_000_000 {
        i128::from(value) * 1_000
    } else {
        i128::from(value)
    };
    let nanos = i64::try_from(nanos).ok()?;
    Some(Utc.timestamp_nanos(nanos).fixed_offset())
}

/// Float epoch (seconds with a fraction, as Python's `time.time()` logs): same magnitudes.
fn epoch_from_float(value: f64) -> Option<DateTime<FixedOffset>> {
    if !value.is_finite() {
        return None;
    }
    let magnitude = value.abs();
    // (nanoseconds per unit, finest fraction a float of this size still carries, in ns)
    let (unit_ns, fraction_step_ns) = if magnitude < 1e11 {
        (1_000_000_000i64, 1_000f64)
    } else if magnitude < 1e14 {
        (1_000_000, 1_000.0)
    } else if magnitude < 1e17 {
        (1_000, 1.0)
    } else {
        (1, 1.0)
    };
    // Whole units and the fraction apart: seconds times 1e9 in one f64 would lose the
    // sub-microsecond digits and round .25 s to .249999 s.
    let whole = value.trunc();
    if whole.abs() >= 9.2e18 / unit_ns as f64 {
        return None;
    }
    let fraction_ns =
        ((value - whole) * unit_ns as f64 / fraction_step_ns).round() * fraction_step_ns;
    let nanos = (whole as i64)
        .checked_mul(unit_ns)?
        .checked_add(fraction_ns as i64)?;
    Some(Utc.timestamp_nanos(nanos).fixed_offset())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn epoch_units_by_magnitude() {
        let expected = "2023-11-14T22:13:20+00:00";
        for value in [
            json!(1_700_000_000),
            json!(1_700_000_000_000i64),
            json!(1_700_000_000_000_000i64),
            json!(1_700_000_000_000_000_000i64),
            json!("1700000000"),
        ] {
            let at = parse_time(&value).map(|at| at.to_rfc3339());
            assert_eq!(at.as_deref(), Some(expected), "{value}");
        }
        let fraction = parse_time(&json!(1_700_000_000.25)).map(|at| at.timestamp_millis());
        assert_eq!(fraction, Some(1_700_000_000_250));
    }

    #[test]
    fn rfc3339_needs_an_offset() {
        assert!(parse_time(&json!("2025-10-07T14:03:07.5+02:00")).is_some());
        assert!(parse_time(&json!("2025-10-07 14:03:07Z")).is_some());
        assert!(parse_time(&json!("2025-10-07T14:03:07")).is_none());
        assert!(parse_time(&json!(true)).is_none());
    }

    #[test]
    fn levels_parse_names_and_numbers() {
        assert_eq!(Level::parse("WARNING"), Some(Level::Warn));
        assert_eq!(Level::parse("50"), Some(Level::Error));
        assert_eq!(Level::parse("loud"), None);
        assert!(Level::Error > Level::Warn);
    }
}
