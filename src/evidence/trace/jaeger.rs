//! Jaeger JSON: what Jaeger's UI downloads and its query API (`/api/traces`) returns.
//!
//! Times and durations are microseconds. A span names its service through `processID` (a key
//! of the trace's `processes`) or, in some exports, an inline `process`. The parent is read
//! from `references`: the first `CHILD_OF` reference to a span present in the trace, else the
//! first `FOLLOWS_FROM` to one present, else the first reference at all (which then points
//! outside the trace and makes the span a root).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::de::IgnoredAny;
use serde::Deserialize;

use super::json::{null_as_default, ScalarText, WholeNumber};
use super::{
    error_from_fields, error_from_tags, http_message, normalize_id, utc_from_nanos, DocContext,
    Span, SpanCollector, TraceError, UNKNOWN_SERVICE,
};

#[derive(Deserialize)]
pub(crate) struct Envelope {
    #[serde(default, deserialize_with = "null_as_default")]
    data: Vec<JaegerTrace>,
}

#[derive(Deserialize)]
pub(crate) struct JaegerTrace {
    #[serde(rename = "traceID", default)]
    trace_id: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    spans: Vec<JaegerSpan>,
    #[serde(default, deserialize_with = "null_as_default")]
    processes: HashMap<String, Process>,
}

#[derive(Deserialize)]
struct Process {
    #[serde(rename = "serviceName", default)]
    service_name: String,
    #[serde(default)]
    #[allow(dead_code)]
    tags: IgnoredAny,
}

#[derive(Deserialize)]
struct JaegerSpan {
    #[serde(rename = "traceID", default)]
    trace_id: Option<String>,
    #[serde(rename = "spanID")]
    span_id: String,
    #[serde(rename = "operationName", default)]
    operation: String,
    #[serde(default, deserialize_with = "null_as_default")]
    references: Vec<Reference>,
    #[serde(rename = "startTime")]
    start_micros: WholeNumber,
    #[serde(rename = "duration")]
    duration_micros: WholeNumber,
    #[serde(default, deserialize_with = "null_as_default")]
    tags: Vec<Tag>,
    #[serde(default, deserialize_with = "null_as_default")]
    logs: Vec<Log>,
    #[serde(rename = "processID", default)]
    process_id: Option<String>,
    #[serde(default)]
    process: Option<Process>,
}

#[derive(Deserialize)]
struct Reference {
    #[serde(rename = "refType", default)]
    ref_type: String,
    #[serde(rename = "spanID")]
    span_id: String,
}

#[derive(Deserialize)]
struct Tag {
    key: String,
    #[serde(default)]
    value: ScalarText,
}

#[derive(Deserialize)]
struct Log {
    #[serde(default, deserialize_with = "null_as_default")]
    fields: Vec<Tag>,
}

pub(crate) fn collect_envelope(
    envelope: Envelope,
    ctx: &DocContext<'_>,
    out: &mut SpanCollector,
) -> Result<(), TraceError> {
    for (index, trace) in envelope.data.into_iter().enumerate() {
        collect_trace(trace, &format!("data[{index}]."), ctx, out)?;
    }
    Ok(())
}

/// `path` is the JSON path of the trace object, ending in a dot (empty for a bare trace).
pub(crate) fn collect_trace(
    trace: JaegerTrace,
    path: &str,
    ctx: &DocContext<'_>,
    out: &mut SpanCollector,
) -> Result<(), TraceError> {
    let trace_id = trace
        .trace_id
        .as_deref()
        .and_then(normalize_id)
        .or_else(|| {
            trace
                .spans
                .iter()
                .find_map(|span| span.trace_id.as_deref().and_then(normalize_id))
        })
        .unwrap_or_default();
    let present: HashSet<String> = trace
        .spans
        .iter()
        .filter_map(|span| normalize_id(&span.span_id))
        .collect();

    for (index, span) in trace.spans.into_iter().enumerate() {
        let span_path = format!("{path}spans[{index}]");
        let start = span
            .start_micros
            .0
            .checked_mul(1_000)
            .and_then(utc_from_nanos)
            .ok_or_else(|| {
                ctx.value_error(
                    format!("{span_path}.startTime"),
                    "time out of range (microseconds since the Unix epoch expected)",
                )
            })?;
        let duration_ns = span.duration_micros.0.checked_mul(1_000).ok_or_else(|| {
            ctx.value_error(format!("{span_path}.duration"), "duration out of range")
        })?;

        let service = span
            .process_id
            .as_ref()
            .and_then(|id| trace.processes.get(id))
            .or(span.process.as_ref())
            .map(|process| process.service_name.trim())
            .filter(|name| !name.is_empty())
            .unwrap_or(UNKNOWN_SERVICE)
            .to_string();

        let parent_id = choose_parent(&span.references, &present);

        let tags: BTreeMap<String, String> = span
            .tags
            .into_iter()
            .map(|tag| (tag.key, tag.value.0))
            .collect();
        let (error, tag_message) = error_from_tags(&tags);
        let error_message = if error {
            tag_message
                .or_else(|| {
                    span.logs.iter().find_map(|log| {
                        let fields: Vec<(&str, &str)> = log
                            .fields
                            .iter()
                            .map(|field| (field.key.as_str(), field.value.0.as_str()))
                            .collect();
                        error_from_fields(None, &fields)
                    })
                })
                .or_else(|| http_message(&tags))
        } else {
            None
        };

        let span_id =
            normalize_id(&span.span_id).unwrap_or_else(|| span.span_id.trim().to_string());
        out.push(
            &trace_id,
            Span {
                span_id,
                parent_id,
                service,
                operation: span.operation,
                start,
                duration_ns,
                error,
                error_message,
                tags,
            },
        );
    }
    Ok(())
}

fn choose_parent(references: &[Reference], present: &HashSet<String>) -> Option<String> {
    let normalised: Vec<(bool, String)> = references
        .iter()
        .filter_map(|reference| {
            let child_of = !reference.ref_type.eq_ignore_ascii_case("FOLLOWS_FROM");
            normalize_id(&reference.span_id).map(|id| (child_of, id))
        })
        .collect();
    let in_trace = |want_child_of: bool| {
        normalised
            .iter()
            .find(|(child_of, id)| *child_of == want_child_of && present.contains(id))
    };
    in_trace(true)
        .or_else(|| in_trace(false))
        .or_else(|| normalised.first())
        .map(|(_, id)| id.clone())
}
