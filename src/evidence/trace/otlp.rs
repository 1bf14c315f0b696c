//! OTLP JSON: `{"resourceSpans": [...]}` as OpenTelemetry exporters and the collector write
//! it, Tempo's older `{"batches": [...]}`, and Jaeger api/v3's `{"result": {...}}`.
//!
//! Times are nanoseconds, as strings or numbers. Ids are hex (the OTLP JSON encoding) or
//! base64 (the generic protobuf JSON mapping). Enums (`kind`, `status.code`) are integers or
//! their names. The service is the resource attribute `service.name`. Both lowerCamelCase
//! and the proto's snake_case field names are accepted, and the old
//! `instrumentationLibrarySpans` for `scopeSpans`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::Deserialize;

use super::json::{null_as_default, ScalarText, WholeNumber};
use super::{
    error_from_fields, error_from_tags, http_message, normalize_id, utc_from_nanos, DocContext,
    Span, SpanCollector, TraceError, UNKNOWN_SERVICE,
};

// Strings borrow from the input where they hold no escapes (see the Jaeger reader).

#[derive(Deserialize)]
pub(crate) struct Document<'a> {
    #[serde(
        borrow,
        rename = "resourceSpans",
        alias = "resource_spans",
        default,
        deserialize_with = "null_as_default"
    )]
    pub resource_spans: Vec<ResourceSpans<'a>>,
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    pub batches: Vec<ResourceSpans<'a>>,
    #[serde(borrow, default)]
    pub result: Option<Box<Document<'a>>>,
}

#[derive(Deserialize)]
pub(crate) struct ResourceSpans<'a> {
    #[serde(borrow, default)]
    resource: Option<Resource<'a>>,
    #[serde(
        borrow,
        rename = "scopeSpans",
        alias = "scope_spans",
        alias = "instrumentationLibrarySpans",
        alias = "instrumentation_library_spans",
        default,
        deserialize_with = "null_as_default"
    )]
    scope_spans: Vec<ScopeSpans<'a>>,
}

#[derive(Deserialize)]
struct Resource<'a> {
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    attributes: Vec<KeyValue<'a>>,
}

#[derive(Deserialize)]
struct ScopeSpans<'a> {
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    spans: Vec<OtlpSpan<'a>>,
}

#[derive(Deserialize)]
struct OtlpSpan<'a> {
    #[serde(borrow, rename = "traceId", alias = "trace_id")]
    trace_id: Cow<'a, str>,
    #[serde(borrow, rename = "spanId", alias = "span_id")]
    span_id: Cow<'a, str>,
    #[serde(borrow, rename = "parentSpanId", alias = "parent_span_id", default)]
    parent_span_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    name: Cow<'a, str>,
    #[serde(default)]
    kind: Option<SpanKind>,
    #[serde(rename = "startTimeUnixNano", alias = "start_time_unix_nano")]
    start: WholeNumber,
    #[serde(rename = "endTimeUnixNano", alias = "end_time_unix_nano", default)]
    end: Option<WholeNumber>,
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    attributes: Vec<KeyValue<'a>>,
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    events: Vec<Event<'a>>,
    #[serde(default)]
    status: Option<Status>,
}

#[derive(Deserialize)]
struct Event<'a> {
    #[serde(borrow, default)]
    name: Cow<'a, str>,
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    attributes: Vec<KeyValue<'a>>,
}

#[derive(Deserialize, Default)]
struct Status {
    #[serde(default)]
    code: StatusCode,
    #[serde(default)]
    message: Option<String>,
}

#[derive(Deserialize)]
struct KeyValue<'a> {
    #[serde(borrow)]
    key: Cow<'a, str>,
    #[serde(borrow, default)]
    value: Option<AnyValue<'a>>,
}

/// OTLP's `AnyValue`: exactly one of the fields is set.
#[derive(Deserialize, Default)]
struct AnyValue<'a> {
    #[serde(borrow, rename = "stringValue", alias = "string_value", default)]
    string: Option<Cow<'a, str>>,
    #[serde(rename = "boolValue", alias = "bool_value", default)]
    boolean: Option<bool>,
    #[serde(borrow, rename = "intValue", alias = "int_value", default)]
    int: Option<ScalarText<'a>>,
    #[serde(borrow, rename = "doubleValue", alias = "double_value", default)]
    double: Option<ScalarText<'a>>,
    #[serde(borrow, rename = "bytesValue", alias = "bytes_value", default)]
    bytes: Option<Cow<'a, str>>,
    #[serde(borrow, rename = "arrayValue", alias = "array_value", default)]
    array: Option<ArrayValue<'a>>,
    #[serde(borrow, rename = "kvlistValue", alias = "kvlist_value", default)]
    kvlist: Option<KeyValueList<'a>>,
}

#[derive(Deserialize)]
struct ArrayValue<'a> {
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    values: Vec<AnyValue<'a>>,
}

#[derive(Deserialize)]
struct KeyValueList<'a> {
    #[serde(borrow, default, deserialize_with = "null_as_default")]
    values: Vec<KeyValue<'a>>,
}

impl AnyValue<'_> {
    fn to_text(&self) -> String {
        if let Some(text) = &self.string {
            text.to_string()
        } else if let Some(flag) = self.boolean {
            flag.to_string()
        } else if let Some(ScalarText(text)) = self.int.as_ref().or(self.double.as_ref()) {
            text.to_string()
        } else if let Some(bytes) = &self.bytes {
            bytes.to_string()
        } else if let Some(array) = &self.array {
            let items: Vec<String> = array.values.iter().map(AnyValue::to_text).collect();
            format!("[{}]", items.join(", "))
        } else if let Some(list) = &self.kvlist {
            let items: Vec<String> = list
                .values
                .iter()
                .map(|kv| format!("{}={}", kv.key, kv.value_text()))
                .collect();
            format!("{{{}}}", items.join(", "))
        } else {
            String::new()
        }
    }
}

impl KeyValue<'_> {
    fn value_text(&self) -> String {
        self.value
            .as_ref()
            .map(AnyValue::to_text)
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum StatusCode {
    #[default]
    Unset,
    Ok,
    Error,
}

impl<'de> Deserialize<'de> for StatusCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StatusCodeVisitor)
    }
}

struct StatusCodeVisitor;

impl Visitor<'_> for StatusCodeVisitor {
    type Value = StatusCode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a status code: 0, 1, 2 or STATUS_CODE_UNSET, STATUS_CODE_OK, STATUS_CODE_ERROR",
        )
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<StatusCode, E> {
        match value {
            0 => Ok(StatusCode::Unset),
            1 => Ok(StatusCode::Ok),
            2 => Ok(StatusCode::Error),
            _ => Err(E::invalid_value(Unexpected::Unsigned(value), &self)),
        }
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<StatusCode, E> {
        u64::try_from(value)
            .map_err(|_| E::invalid_value(Unexpected::Signed(value), &self))
            .and_then(|value| self.visit_u64(value))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<StatusCode, E> {
        let upper = value.trim().to_ascii_uppercase();
        match upper.strip_prefix("STATUS_CODE_").unwrap_or(&upper) {
            "UNSET" | "" | "0" => Ok(StatusCode::Unset),
            "OK" | "1" => Ok(StatusCode::Ok),
            "ERROR" | "2" => Ok(StatusCode::Error),
            _ => Err(E::invalid_value(Unexpected::Str(value), &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<StatusCode, E> {
        Ok(StatusCode::Unset)
    }
}

/// Span kind as the short lower-case name Jaeger uses in its `span.kind` tag. Unknown values
/// are kept as written rather than refused: the kind is only informative here.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SpanKind(Option<String>);

impl<'de> Deserialize<'de> for SpanKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let ScalarText(text) = ScalarText::deserialize(deserializer)?;
        let upper = text.trim().to_ascii_uppercase();
        let name = match upper.strip_prefix("SPAN_KIND_").unwrap_or(&upper) {
            "" | "0" | "UNSPECIFIED" => None,
            "1" | "INTERNAL" => Some("internal".to_string()),
            "2" | "SERVER" => Some("server".to_string()),
            "3" | "CLIENT" => Some("client".to_string()),
            "4" | "PRODUCER" => Some("producer".to_string()),
            "5" | "CONSUMER" => Some("consumer".to_string()),
            _ => Some(text.trim().to_ascii_lowercase()),
        };
        Ok(SpanKind(name))
    }
}

pub(crate) fn collect(
    document: Document<'_>,
    ctx: &DocContext<'_>,
    out: &mut SpanCollector,
) -> Result<(), TraceError> {
    collect_at(document, "", ctx, out)
}

fn collect_at(
    document: Document<'_>,
    path: &str,
    ctx: &DocContext<'_>,
    out: &mut SpanCollector,
) -> Result<(), TraceError> {
    for (key, list) in [
        ("resourceSpans", document.resource_spans),
        ("batches", document.batches),
    ] {
        for (index, resource_spans) in list.into_iter().enumerate() {
            collect_resource(resource_spans, &format!("{path}{key}[{index}]"), ctx, out)?;
        }
    }
    if let Some(inner) = document.result {
        collect_at(*inner, &format!("{path}result."), ctx, out)?;
    }
    Ok(())
}

fn collect_resource(
    resource_spans: ResourceSpans<'_>,
    path: &str,
    ctx: &DocContext<'_>,
    out: &mut SpanCollector,
) -> Result<(), TraceError> {
    let service = resource_spans
        .resource
        .as_ref()
        .and_then(|resource| {
            resource
                .attributes
                .iter()
                .find(|kv| kv.key == "service.name")
        })
        .map(KeyValue::value_text)
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| UNKNOWN_SERVICE.to_string());

    for (scope_index, scope) in resource_spans.scope_spans.into_iter().enumerate() {
        for (span_index, span) in scope.spans.into_iter().enumerate() {
            // Built only for an error message: formatting it for every span costs real time.
            let span_path = || format!("{path}.scopeSpans[{scope_index}].spans[{span_index}]");
            let converted = convert_span(span, &service, span_path, ctx)?;
            out.push(&converted.0, converted.1);
        }
    }
    Ok(())
}

fn convert_span(
    span: OtlpSpan<'_>,
    service: &str,
    path: impl Fn() -> String,
    ctx: &DocContext<'_>,
) -> Result<(String, Span), TraceError> {
    let start = utc_from_nanos(span.start.0).ok_or_else(|| {
        ctx.value_error(
            format!("{}.startTimeUnixNano", path()),
            "time out of range (nanoseconds since the Unix epoch expected)",
        )
    })?;
    // A span without an end (still running when exported) is shown as an instant.
    let end = span.end.map_or(span.start.0, |end| end.0);
    let duration_ns = end.saturating_sub(span.start.0);

    let mut tags: BTreeMap<String, String> = span
        .attributes
        .iter()
        .map(|kv| (kv.key.to_string(), kv.value_text()))
        .collect();
    if let Some(kind) = span.kind.and_then(|kind| kind.0) {
        tags.entry("span.kind".to_string()).or_insert(kind);
    }

    let status = span.status.unwrap_or_default();
    let (tag_error, tag_message) = error_from_tags(&tags);
    let error = status.code == StatusCode::Error || tag_error;
    let error_message = if error {
        let from_events = span.events.iter().find_map(|event| {
            let values: Vec<(String, String)> = event
                .attributes
                .iter()
                .map(|kv| (kv.key.to_string(), kv.value_text()))
                .collect();
            let fields: Vec<(&str, &str)> = values
                .iter()
                .map(|(key, value)| (key.as_str(), value.as_str()))
                .collect();
            let name = Some(event.name.as_ref()).filter(|name| !name.trim().is_empty());
            error_from_fields(name, &fields)
        });
        // The exception names the failure; the status message is often generic
        // ("An error occurred"), so it comes second.
        from_events
            .or(tag_message)
            .or(status.message.filter(|text| !text.trim().is_empty()))
            .or_else(|| http_message(&tags))
    } else {
        None
    };

    let trace_id = normalize_id(&span.trace_id).unwrap_or_else(|| span.trace_id.trim().to_string());
    let span_id = normalize_id(&span.span_id).unwrap_or_else(|| span.span_id.trim().to_string());
    let parent_id = span.parent_span_id.as_deref().and_then(normalize_id);
    Ok((
        trace_id,
        Span {
            span_id,
            parent_id,
            service: service.to_string(),
            operation: span.name.into_owned(),
            start,
            duration_ns,
            error,
            error_message,
            tags,
        },
    ))
}
