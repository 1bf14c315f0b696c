//! The spans of a trace worth a line in a post-mortem's timeline.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::summary::TreeIndex;
use super::Trace;

/// Why a span was picked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointReason {
    /// The request's root span.
    Root,
    /// The first span (by start) of a service: where the request entered it.
    FirstInService,
    /// The span has an error status or tag.
    Error,
    /// The longest span other than the request's root (the root is always at least as long
    /// as its descendants, so it would tell nothing).
    Slowest,
}

/// One timeline-worthy span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TracePoint {
    pub at: DateTime<Utc>,
    pub trace_id: String,
    pub span_id: String,
    pub service: String,
    pub operation: String,
    pub duration_ns: u64,
    pub error: bool,
    pub error_message: Option<String>,
    /// Every reason the span was picked, in the order of [`PointReason`].
    pub reasons: Vec<PointReason>,
}

/// The root request, the first span of each service, every error span and the slowest
/// non-root span, each once, in time order (spans starting together keep the trace's order).
pub fn timeline_points(trace: &Trace) -> Vec<TracePoint> {
    let spans = &trace.spans;
    let tree = TreeIndex::new(trace);
    let mut reasons: Vec<Vec<PointReason>> = vec![Vec::new(); spans.len()];

    if let Some(root) = tree.request_root {
        reasons[root].push(PointReason::Root);
    }
    let mut first_of_service: Vec<usize> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut by_start: Vec<usize> = (0..spans.len()).collect();
    by_start.sort_by_key(|&index| spans[index].start_ns());
    for &index in &by_start {
        if seen.insert(spans[index].service.as_str()) {
            first_of_service.push(index);
        }
    }
    for index in first_of_service {
        reasons[index].push(PointReason::FirstInService);
    }
    for (index, span) in spans.iter().enumerate() {
        if span.error {
            reasons[index].push(PointReason::Error);
        }
    }
    let slowest = by_start
        .iter()
        .copied()
        .filter(|&index| Some(index) != tree.request_root)
        .max_by(|&a, &b| {
            // Longest first; among equals the earliest wins (max_by keeps the last maximum).
            spans[a]
                .duration_ns
                .cmp(&spans[b].duration_ns)
                .then(spans[b].start_ns().cmp(&spans[a].start_ns()))
        });
    if let Some(index) = slowest {
        reasons[index].push(PointReason::Slowest);
    }

    by_start
        .into_iter()
        .filter_map(|index| {
            let mut why = std::mem::take(&mut reasons[index]);
            if why.is_empty() {
                return None;
            }
            why.sort();
            let span = &spans[index];
            Some(TracePoint {
                at: span.start,
                trace_id: trace.trace_id.clone(),
                span_id: span.span_id.clone(),
                service: span.service.clone(),
                operation: span.operation.clone(),
                duration_ns: span.duration_ns,
                error: span.error,
                error_message: span.error_message.clone(),
                reasons: why,
            })
        })
        .collect()
}
