//! Jaeger JSON: what Jaeger's UI downloads and its query API (`/api/traces`) returns.
//!
//! Times and durations are microseconds. A span names its service through `processID` (a key
//! of the trace's `processes`) or, in some exports, an inline `process`. The parent is read
//! from `references`: the first `CHILD_OF` reference to a span present in the trace, else the
//! first `FOLLOWS_FROM` to one present, else the first reference at all (which then points
//! outside the trace and makes the span a root).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;

use super::json::{null_as_default, ScalarText, WholeNumber};
use super::{
    error_from_fields, error_from_tags, http_message, normalize_id, utc_from_nanos, DocContext,
    Span, SpanCollector, TraceError, UNKNOWN_SERVICE,
};

// Strings borrow from the input where they hold no escapes: a large export then costs few
// allocations beyond the spans it turns into.

#[derive(Deserialize)]
pub(crate) struct JaegerTrace<'a> {
    #[serde(borrow, rename = "traceID", default)]
    pub trace_id: Option<Cow<'a, str>>,
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    pub spans: Vec<JaegerSpan<'a>>,
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    pub processes: HashMap<Cow<'a, str>, Process<'a>>,
}

#[derive(Deserialize)]
pub(crate) struct Process<'a> {
    #[serde(borrow, rename = "serviceName", default)]
    service_name: Cow<'a, str>,
}

#[derive(Deserialize)]
pub(crate) struct JaegerSpan<'a> {
    #[serde(borrow, rename = "traceID", default)]
    trace_id: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "spanID")]
    span_id: Cow<'a, str>,
    #[serde(borrow, rename = "operationName", default)]
    operation: Cow<'a, str>,
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    references: Vec<Reference<'a>>,
    #[serde(rename = "startTime")]
    start_micros: WholeNumber,
    #[serde(rename = "duration")]
    duration_micros: WholeNumber,
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    tags: Vec<Tag<'a>>,
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    logs: Vec<Log<'a>>,
    #[serde(borrow, rename = "processID", default)]
    process_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    process: Option<Process<'a>>,
}

#[derive(Deserialize)]
struct Reference<'a> {
    #[serde(borrow, rename = "refType", default)]
    ref_type: Cow<'a, str>,
    #[serde(borrow, rename = "spanID")]
    span_id: Cow<'a, str>,
}

#[derive(Deserialize)]
struct Tag<'a> {
    #[serde(borrow)]
    key: Cow<'a, str>,
    #[serde(borrow, default)]
    value: ScalarText<'a>,
}

#[derive(Deserialize)]
struct Log<'a> {
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    fields: Vec<Tag<'a>>,
}

/// `path` is the JSON path of the trace object, ending in a dot (empty for a bare trace).
pub(crate) fn collect_trace(
    trace: JaegerTrace<'_>,
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
    // Normalise each id once; the set of ids present decides which reference is the parent.
    let span_ids: Vec<String> = trace
        .spans
        .iter()
        .map(|span| normalize_id(&span.span_id).unwrap_or_else(|| span.span_id.trim().to_string()))
        .collect();
    let present: HashSet<&str> = span_ids.iter().map(String::as_str).collect();
    let mut parents: Vec<Option<String>> = trace
        .spans
        .iter()
        .map(|span| choose_parent(&span.references, &present))
        .collect();
    drop(present);

    for (index, (span, span_id)) in trace.spans.into_iter().zip(span_ids).enumerate() {
        let span_path = || format!("{path}spans[{index}]");
        let start = span
            .start_micros
            .0
            .checked_mul(1_000)
            .and_then(utc_from_nanos)
            .ok_or_else(|| {
                ctx.value_error(
                    format!("{}.startTime", span_path()),
                    "time out of range (microseconds since the Unix epoch expected)",
                )
            })?;
        let duration_ns = span.duration_micros.0.checked_mul(1_000).ok_or_else(|| {
            ctx.value_error(format!("{}.duration", span_path()), "duration out of range")
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

        let tags: BTreeMap<String, String> = span
            .tags
            .into_iter()
            .map(|tag| (tag.key.into_owned(), tag.value.0.into_owned()))
            .collect();
        let (error, tag_message) = error_from_tags(&tags);
        let error_message = if error {
            tag_message
                .or_else(|| {
                    span.logs.iter().find_map(|log| {
                        let fields: Vec<(&str, &str)> = log
                            .fields
                            .iter()
                            .map(|field| (field.key.as_ref(), field.value.0.as_ref()))
                            .collect();
                        error_from_fields(None, &fields)
                    })
                })
                .or_else(|| http_message(&tags))
        } else {
            None
        };

        out.push(
            &trace_id,
            Span {
                span_id,
                parent_id: parents[index].take(),
                service,
                operation: span.operation.into_owned(),
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

fn choose_parent(references: &[Reference<'_>], present: &HashSet<&str>) -> Option<String> {
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
            .find(|(child_of, id)| *child_of == want_child_of && present.contains(id.as_str()))
    };
    in_trace(true)
        .or_else(|| in_trace(false))
        .or_else(|| normalised.first())
        .map(|(_, id)| id.clone())
}
