//! Timeline entries from evidence: the spans of a trace worth an entry, or the log lines of
//! one request, each citing where it came from (`trace:<id>`, `logs:request_id=<id>`).

use super::logs::{LogFollow, Selector};
use super::trace::{timeline_points, Trace};
use crate::common::{human_duration, nanos};
use crate::record::{Evidence, TimelineEntry, TimelineKind, Timestamp};

/// One entry per span worth a line: errors, the slowest, the first of each service.
pub fn trace_entries(trace: &Trace) -> Vec<TimelineEntry> {
    timeline_points(trace)
        .into_iter()
        .map(|p| {
            let mut event = format!(
                "{}: {} ({})",
                p.service,
                p.operation,
                human_duration(nanos(p.duration_ns))
            );
            if let Some(m) = &p.error_message {
                event.push_str(&format!(" failed: {m}"));
            } else if p.error {
                event.push_str(" failed");
            }
            TimelineEntry {
                at: Timestamp(p.at.fixed_offset()),
                kind: TimelineKind::Observation,
                event,
                service: Some(p.service.clone()),
                evidence: Evidence(vec![format!("trace:{}", p.trace_id)]),
            }
        })
        .collect()
}

/// How an entry cites the request that `selector` follows.
pub fn evidence_of(selector: &Selector) -> String {
    match selector {
        Selector::TraceId(t) => format!("trace:{t}"),
        Selector::RequestId(r) => format!("logs:request_id={r}"),
    }
}

/// One entry per log line of the followed request, citing `evidence` (see [`evidence_of`]).
pub fn log_entries(follow: &LogFollow, evidence: &str) -> Vec<TimelineEntry> {
    follow
        .entries
        .iter()
        .map(|e| TimelineEntry {
            at: Timestamp(e.at),
            kind: TimelineKind::Observation,
            event: match &e.service {
                Some(s) => format!("{s}: {}", e.message),
                None => e.message.clone(),
            },
            service: e.service.clone(),
            evidence: Evidence(vec![evidence.to_owned()]),
        })
        .collect()
}
