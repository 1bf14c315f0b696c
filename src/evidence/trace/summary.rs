//! Per-service summary of a trace, and its critical path.
//!
//! Definitions, so numbers can be checked by hand:
//!
//! - **Parent links.** A span's parent is the span whose id its `parent_id` names (the first
//!   such span when an export repeats an id). A span whose parent is not in the trace is a
//!   root (counted in `missing_parent_count`); a cycle of parent links is cut by making one of
//!   its spans a root.
//! - **Total time** of a service: the sum of its spans' durations (nested calls count twice).
//! - **Self time** of a span: its duration minus the time covered by the union of its
//!   children's intervals, clipped to the span. Children running in parallel are counted once;
//!   a child outliving its parent (async work) only covers the parent up to the parent's end.
//! - **Critical path**: the spans whose own work decided when the request finished. Starting
//!   at the request's root (the root span that started first; ties: the longer one) with a
//!   cursor at its end, walk back in time: take the child that finished last before the
//!   cursor (a child still running at the cursor counts as finishing there), charge the gap
//!   between that child's end and the cursor to the parent, walk into that child the same way
//!   within the window it occupied, then move the cursor to that child's start and repeat;
//!   what remains before the cursor is the parent's own. Every nanosecond of the root's
//!   duration is charged to exactly one span, so `critical_ns` over the path adds up to the
//!   root's duration, and per service it says which service the request was waiting on.
//!   Other roots (spans with missing parents) are not on the path.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Span, Trace};

/// Summary of one trace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceSummary {
    pub trace_id: String,
    /// Start of the first span.
    pub start: Option<DateTime<Utc>>,
    /// From the first span's start to the last span's end.
    pub duration_ns: u64,
    pub span_count: usize,
    pub service_count: usize,
    pub error_span_count: usize,
    /// The request's root span (see the module docs).
    pub root: Option<SpanRef>,
    /// Spans without a parent in the trace, the request's root included.
    pub root_count: usize,
    /// Spans naming a parent that is not in the trace.
    pub missing_parent_count: usize,
    /// Spans whose id another span of the trace already has.
    pub duplicate_span_id_count: usize,
    /// Busiest first: by self time, then by name.
    pub services: Vec<ServiceSummary>,
    /// In start order; `depth` 0 is the root.
    pub critical_path: Vec<CriticalStep>,
}

/// One service's share of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceSummary {
    pub service: String,
    pub span_count: usize,
    pub total_ns: u64,
    pub self_ns: u64,
    /// Time of the critical path charged to this service.
    pub critical_ns: u64,
    pub error_count: usize,
}

/// A span named in a summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpanRef {
    pub span_id: String,
    pub service: String,
    pub operation: String,
    pub start: DateTime<Utc>,
    pub duration_ns: u64,
}

/// One span on the critical path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CriticalStep {
    pub span_id: String,
    pub service: String,
    pub operation: String,
    pub start: DateTime<Utc>,
    pub duration_ns: u64,
    /// The part of the root's duration charged to this span's own work.
    pub critical_ns: u64,
    /// Levels below the root.
    pub depth: usize,
    pub error: bool,
}

/// Parent and child links of a trace's spans, by index into `trace.spans`.
pub(crate) struct TreeIndex {
    pub children: Vec<Vec<usize>>,
    pub roots: Vec<usize>,
    pub missing_parents: usize,
    pub duplicate_ids: usize,
    /// The request's root: the root that started first (ties: the longer one).
    pub request_root: Option<usize>,
}

impl TreeIndex {
    pub(crate) fn new(trace: &Trace) -> TreeIndex {
        let spans = &trace.spans;
        let mut first_by_id: HashMap<&str, usize> = HashMap::with_capacity(spans.len());
        let mut duplicate_ids = 0;
        for (index, span) in spans.iter().enumerate() {
            match first_by_id.entry(span.span_id.as_str()) {
                Entry::Occupied(_) => duplicate_ids += 1,
                Entry::Vacant(slot) => {
                    slot.insert(index);
                }
            }
        }
        let mut missing_parents = 0;
        let mut parent: Vec<Option<usize>> = spans
            .iter()
            .enumerate()
            .map(|(index, span)| {
                let named = span.parent_id.as_deref()?;
                match first_by_id.get(named) {
                    Some(&found) if found != index => Some(found),
                    Some(_) => None,
                    None => {
                        missing_parents += 1;
                        None
                    }
                }
            })
            .collect();
        break_cycles(&mut parent);

        let mut children = vec![Vec::new(); spans.len()];
        let mut roots = Vec::new();
        for (index, link) in parent.iter().enumerate() {
            match link {
                Some(up) => children[*up].push(index),
                None => roots.push(index),
            }
        }
        let request_root = roots.iter().copied().min_by(|&a, &b| {
            spans[a]
                .start_ns()
                .cmp(&spans[b].start_ns())
                .then(spans[b].duration_ns.cmp(&spans[a].duration_ns))
                .then(a.cmp(&b))
        });
        TreeIndex {
            children,
            roots,
            missing_parents,
            duplicate_ids,
            request_root,
        }
    }

    /// Duration minus the union of the children's intervals (clipped to the span).
    pub(crate) fn self_ns(&self, spans: &[Span], index: usize) -> u64 {
        let span = &spans[index];
        let (start, end) = (span.start_ns(), span.end_ns());
        let mut covered: Vec<(i64, i64)> = self.children[index]
            .iter()
            .map(|&child| {
                (
                    spans[child].start_ns().max(start),
                    spans[child].end_ns().min(end),
                )
            })
            .filter(|(from, to)| from < to)
            .collect();
        covered.sort_unstable();
        let mut union: u64 = 0;
        let mut current: Option<(i64, i64)> = None;
        for (from, to) in covered {
            current = match current {
                Some((cur_from, cur_to)) if from <= cur_to => Some((cur_from, cur_to.max(to))),
                Some((cur_from, cur_to)) => {
                    union += (cur_to - cur_from).unsigned_abs();
                    Some((from, to))
                }
                None => Some((from, to)),
            };
        }
        if let Some((cur_from, cur_to)) = current {
            union += (cur_to - cur_from).unsigned_abs();
        }
        span.duration_ns.saturating_sub(union)
    }
}

/// Cut parent links that form a cycle, so that every walk up the tree ends at a root.
fn break_cycles(parent: &mut [Option<usize>]) {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        if state[start] != UNSEEN {
            continue;
        }
        path.clear();
        let mut current = start;
        loop {
            match state[current] {
                UNSEEN => {
                    state[current] = ON_PATH;
                    path.push(current);
                    match parent[current] {
                        Some(up) => current = up,
                        None => break,
                    }
                }
                ON_PATH => {
                    // The last span on the path points back into the path: make it a root.
                    if let Some(&last) = path.last() {
                        parent[last] = None;
                    }
                    break;
                }
                _ => break,
            }
        }
        for &index in &path {
            state[index] = DONE;
        }
    }
}

/// Summarise a trace: per-service counts and times, and the critical path.
pub fn summary(trace: &Trace) -> TraceSummary {
    let spans = &trace.spans;
    let tree = TreeIndex::new(trace);
    let critical = critical_path(spans, &tree);

    let mut per_service: BTreeMap<&str, ServiceSummary> = BTreeMap::new();
    for (index, span) in spans.iter().enumerate() {
        let entry = per_service
            .entry(span.service.as_str())
            .or_insert_with(|| ServiceSummary {
                service: span.service.clone(),
                span_count: 0,
                total_ns: 0,
                self_ns: 0,
                critical_ns: 0,
                error_count: 0,
            });
        entry.span_count += 1;
        entry.total_ns = entry.total_ns.saturating_add(span.duration_ns);
        entry.self_ns = entry.self_ns.saturating_add(tree.self_ns(spans, index));
        entry.error_count += usize::from(span.error);
    }
    for (index, charged, _) in &critical {
        if let Some(entry) = per_service.get_mut(spans[*index].service.as_str()) {
            entry.critical_ns = entry.critical_ns.saturating_add(*charged);
        }
    }
    let mut services: Vec<ServiceSummary> = per_service.into_values().collect();
    services.sort_by(|a, b| b.self_ns.cmp(&a.self_ns).then(a.service.cmp(&b.service)));

    let first_start = spans.iter().map(Span::start_ns).min();
    let last_end = spans.iter().map(Span::end_ns).max();
    let duration_ns = match (first_start, last_end) {
        (Some(first), Some(last)) => last.saturating_sub(first).max(0).unsigned_abs(),
        _ => 0,
    };

    let mut critical_path: Vec<CriticalStep> = critical
        .into_iter()
        .map(|(index, critical_ns, depth)| {
            let span = &spans[index];
            CriticalStep {
                span_id: span.span_id.clone(),
                service: span.service.clone(),
                operation: span.operation.clone(),
                start: span.start,
                duration_ns: span.duration_ns,
                critical_ns,
                depth,
                error: span.error,
            }
        })
        .collect();
    critical_path.sort_by(|a, b| a.start.cmp(&b.start).then(a.depth.cmp(&b.depth)));

    TraceSummary {
        trace_id: trace.trace_id.clone(),
        start: spans.iter().map(|span| span.start).min(),
        duration_ns,
        span_count: spans.len(),
        service_count: services.len(),
        error_span_count: spans.iter().filter(|span| span.error).count(),
        root: tree.request_root.map(|index| span_ref(&spans[index])),
        root_count: tree.roots.len(),
        missing_parent_count: tree.missing_parents,
        duplicate_span_id_count: tree.duplicate_ids,
        services,
        critical_path,
    }
}

pub(crate) fn span_ref(span: &Span) -> SpanRef {
    SpanRef {
        span_id: span.span_id.clone(),
        service: span.service.clone(),
        operation: span.operation.clone(),
        start: span.start,
        duration_ns: span.duration_ns,
    }
}

/// The critical path as `(span index, charged ns, depth)`, in walk order. An explicit stack
/// keeps deep traces (long chains of calls) from overflowing the call stack.
fn critical_path(spans: &[Span], tree: &TreeIndex) -> Vec<(usize, u64, usize)> {
    struct Frame {
        span: usize,
        depth: usize,
        floor: i64,
        cursor: i64,
        /// Children by end time, latest first; `next` is the first not yet ruled out.
        by_end: Vec<usize>,
        next: usize,
        charged: u64,
    }
    let frame = |span: usize, depth: usize, floor: i64, cursor: i64| {
        let mut by_end = tree.children[span].clone();
        by_end.sort_by(|&a, &b| {
            spans[b]
                .end_ns()
                .cmp(&spans[a].end_ns())
                .then(spans[a].start_ns().cmp(&spans[b].start_ns()))
        });
        Frame {
            span,
            depth,
            floor,
            cursor,
            by_end,
            next: 0,
            charged: 0,
        }
    };

    let Some(root) = tree.request_root else {
        return Vec::new();
    };
    let mut path = Vec::new();
    let mut stack = vec![frame(root, 0, spans[root].start_ns(), spans[root].end_ns())];
    while let Some(top) = stack.last_mut() {
        // Children starting at or after the cursor can never be chosen again: the cursor
        // only moves back in time.
        while top.next < top.by_end.len() && spans[top.by_end[top.next]].start_ns() >= top.cursor {
            top.next += 1;
        }
        let candidate = top
            .by_end
            .get(top.next)
            .copied()
            .filter(|&child| top.cursor > top.floor && spans[child].end_ns() > top.floor);
        match candidate {
            Some(child) => {
                top.next += 1;
                let child_end = spans[child].end_ns().min(top.cursor);
                let child_start = spans[child].start_ns().max(top.floor);
                top.charged += (top.cursor - child_end).unsigned_abs();
                top.cursor = child_start;
                let depth = top.depth + 1;
                stack.push(frame(child, depth, child_start, child_end));
            }
            None => {
                top.charged += (top.cursor - top.floor).max(0).unsigned_abs();
                path.push((top.span, top.charged, top.depth));
                stack.pop();
            }
        }
    }
    path
}
