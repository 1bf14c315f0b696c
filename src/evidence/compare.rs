//! Where a failing request diverges from a good one.
//!
//! Both requests are turned into steps, and steps are aligned by a key:
//!
//! - from a trace, a step is a span, keyed by (service, operation);
//! - from logs, a step is an entry, keyed by (service, message template), where the template
//!   is the message with every word holding a digit replaced by `<*>` (ids, counts and
//!   durations differ between two requests; the wording does not).
//!
//! Repeated keys are numbered by occurrence in start order (the third `GetDriver` of the
//! failing request meets the third of the baseline), so a retry shows up as a step only in
//! the failing request.
//!
//! A step's duration is the span's duration for traces, and for logs the time since the
//! request's previous entry (what the request was doing before it logged this line).
//!
//! The first error is the error step that *ended* first: an error is known when its span
//! ends, and a parent failing because of its child starts earlier but ends later, so the
//! earliest end points at the origin (ties: the step that started later, the deeper one).
//! For logs a step ends when its line is logged.
//!
//! "Much slower" means both thresholds of [`CompareOptions`] are met: the failing duration is
//! at least `min_ratio` times the baseline's (default 2×), and at least `min_extra_ns` longer
//! (default 5 ms), so that tiny steps doubling from 40 µs to 80 µs are not reported.

use std::collections::HashMap;

use serde::Serialize;

use super::logs::{Level, LogFollow};
use super::trace::Trace;

/// Thresholds for "much slower".
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CompareOptions {
    /// Failing duration divided by baseline duration, at least.
    pub min_ratio: f64,
    /// Failing duration minus baseline duration, at least, in nanoseconds.
    pub min_extra_ns: u64,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            min_ratio: 2.0,
            min_extra_ns: 5_000_000,
        }
    }
}

/// What the two requests were read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepSource {
    Trace,
    Logs,
}

/// One request seen from afar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestOverview {
    /// The trace id, or the followed id in the logs.
    pub id: String,
    pub steps: usize,
    /// From the first step's start to the last step's end.
    pub duration_ns: u64,
    pub error_steps: usize,
}

/// A step of one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepView {
    pub service: String,
    /// Operation (trace) or message template (logs).
    pub name: String,
    /// 1 for the first step with this key, 2 for the second, ...
    pub occurrence: usize,
    /// From the request's first step.
    pub offset_ns: i64,
    pub duration_ns: u64,
    pub error: bool,
    pub error_message: Option<String>,
}

/// A step found in both requests that took much longer in the failing one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlowerStep {
    pub service: String,
    pub name: String,
    pub occurrence: usize,
    pub failing_ns: u64,
    pub baseline_ns: u64,
    /// `None` when the baseline took no measurable time.
    pub ratio: Option<f64>,
    pub extra_ns: u64,
}

/// The failing request's first error step, and how the baseline fared at the same step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FirstError {
    pub step: StepView,
    /// The baseline has the same step (same key and occurrence).
    pub in_baseline: bool,
    /// ... and it failed there too (then it is probably not the cause).
    pub failed_in_baseline: bool,
}

/// The result of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub source: StepSource,
    pub failing: RequestOverview,
    pub baseline: RequestOverview,
    /// In the failing request's time order.
    pub only_in_failing: Vec<StepView>,
    /// In the baseline's time order.
    pub only_in_baseline: Vec<StepView>,
    /// Largest extra time first.
    pub slower: Vec<SlowerStep>,
    pub first_error: Option<FirstError>,
    pub options: CompareOptions,
}

/// A step before alignment.
struct Step {
    service: String,
    name: String,
    /// When it happened: a span's start, a log line's time.
    at_ns: i64,
    end_ns: i64,
    duration_ns: u64,
    error: bool,
    error_message: Option<String>,
}

/// Compare two traces of the same kind of request.
pub fn compare_traces(failing: &Trace, baseline: &Trace, options: CompareOptions) -> Comparison {
    compare_steps(
        StepSource::Trace,
        (&failing.trace_id, trace_steps(failing)),
        (&baseline.trace_id, trace_steps(baseline)),
        options,
    )
}

/// Compare two requests followed through logs (see [`crate::evidence::logs::follow_requests`],
/// which reads both in one pass).
pub fn compare_logs(
    failing: &LogFollow,
    baseline: &LogFollow,
    options: CompareOptions,
) -> Comparison {
    compare_steps(
        StepSource::Logs,
        (&selector_id(failing), log_steps(failing)),
        (&selector_id(baseline), log_steps(baseline)),
        options,
    )
}

fn selector_id(follow: &LogFollow) -> String {
    match &follow.selector {
        super::logs::Selector::TraceId(id) | super::logs::Selector::RequestId(id) => id.clone(),
    }
}

fn trace_steps(trace: &Trace) -> Vec<Step> {
    trace
        .spans
        .iter()
        .map(|span| Step {
            service: span.service.clone(),
            name: span.operation.clone(),
            at_ns: span.start_ns(),
            end_ns: span.end_ns(),
            duration_ns: span.duration_ns,
            error: span.error,
            error_message: span.error_message.clone(),
        })
        .collect()
}

fn log_steps(follow: &LogFollow) -> Vec<Step> {
    let mut previous: Option<i64> = None;
    follow
        .entries
        .iter()
        .map(|entry| {
            let at = entry.at.timestamp_nanos_opt().unwrap_or(0);
            let since_previous = previous.map_or(0, |before| (at - before).max(0).unsigned_abs());
            previous = Some(at);
            let error = entry.level.is_some_and(|level| level >= Level::Error);
            Step {
                service: entry.service.clone().unwrap_or_else(|| "-".to_string()),
                name: message_template(&entry.message),
                at_ns: at,
                end_ns: at,
                duration_ns: since_previous,
                error,
                error_message: error.then(|| entry.message.clone()),
            }
        })
        .collect()
}

/// The wording of a message without its variable parts: each whitespace-separated word that
/// holds a digit becomes `<*>` (keeping a `key=` or `key:` prefix).
pub fn message_template(message: &str) -> String {
    message
        .split_whitespace()
        .map(|word| {
            if !word.bytes().any(|b| b.is_ascii_digit()) {
                return word.to_string();
            }
            match word.find(['=', ':']) {
                Some(split) if !word[..split].bytes().any(|b| b.is_ascii_digit()) => {
                    format!("{}<*>", &word[..=split])
                }
                _ => "<*>".to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

type StepKey = (String, String, usize);

fn keyed(mut steps: Vec<Step>) -> Vec<(StepKey, Step)> {
    steps.sort_by_key(|step| step.at_ns);
    let mut seen: HashMap<(String, String), usize> = HashMap::new();
    steps
        .into_iter()
        .map(|step| {
            let count = seen
                .entry((step.service.clone(), step.name.clone()))
                .or_insert(0);
            *count += 1;
            ((step.service.clone(), step.name.clone(), *count), step)
        })
        .collect()
}

fn overview(id: &str, steps: &[(StepKey, Step)]) -> RequestOverview {
    let first = steps.iter().map(|(_, step)| step.at_ns).min();
    let last = steps.iter().map(|(_, step)| step.end_ns).max();
    RequestOverview {
        id: id.to_string(),
        steps: steps.len(),
        duration_ns: match (first, last) {
            (Some(first), Some(last)) => (last - first).max(0).unsigned_abs(),
            _ => 0,
        },
        error_steps: steps.iter().filter(|(_, step)| step.error).count(),
    }
}

fn view(key: &StepKey, step: &Step, origin: i64) -> StepView {
    StepView {
        service: key.0.clone(),
        name: key.1.clone(),
        occurrence: key.2,
        offset_ns: step.at_ns.saturating_sub(origin),
        duration_ns: step.duration_ns,
        error: step.error,
        error_message: step.error_message.clone(),
    }
}

fn compare_steps(
    source: StepSource,
    failing: (&str, Vec<Step>),
    baseline: (&str, Vec<Step>),
    options: CompareOptions,
) -> Comparison {
    let failing_steps = keyed(failing.1);
    let baseline_steps = keyed(baseline.1);
    let failing_origin = failing_steps.first().map_or(0, |(_, step)| step.at_ns);
    let baseline_origin = baseline_steps.first().map_or(0, |(_, step)| step.at_ns);
    let baseline_by_key: HashMap<&StepKey, &Step> = baseline_steps
        .iter()
        .map(|(key, step)| (key, step))
        .collect();
    let failing_by_key: HashMap<&StepKey, &Step> = failing_steps
        .iter()
        .map(|(key, step)| (key, step))
        .collect();

    let mut only_in_failing = Vec::new();
    let mut slower = Vec::new();
    for (key, step) in &failing_steps {
        let Some(base) = baseline_by_key.get(key) else {
            only_in_failing.push(view(key, step, failing_origin));
            continue;
        };
        let extra = step.duration_ns.saturating_sub(base.duration_ns);
        let ratio =
            (base.duration_ns > 0).then(|| step.duration_ns as f64 / base.duration_ns as f64);
        let ratio_met = ratio.is_none_or(|ratio| ratio >= options.min_ratio);
        if extra > 0 && extra >= options.min_extra_ns && ratio_met {
            slower.push(SlowerStep {
                service: key.0.clone(),
                name: key.1.clone(),
                occurrence: key.2,
                failing_ns: step.duration_ns,
                baseline_ns: base.duration_ns,
                ratio,
                extra_ns: extra,
            });
        }
    }
    slower.sort_by_key(|step| std::cmp::Reverse(step.extra_ns));
    let only_in_baseline = baseline_steps
        .iter()
        .filter(|(key, _)| !failing_by_key.contains_key(key))
        .map(|(key, step)| view(key, step, baseline_origin))
        .collect();
    let first_error = failing_steps
        .iter()
        .filter(|(_, step)| step.error)
        .min_by(|(_, a), (_, b)| a.end_ns.cmp(&b.end_ns).then(b.at_ns.cmp(&a.at_ns)))
        .map(|(key, step)| {
            let base = baseline_by_key.get(key);
            FirstError {
                step: view(key, step, failing_origin),
                in_baseline: base.is_some(),
                failed_in_baseline: base.is_some_and(|base| base.error),
            }
        });

    Comparison {
        source,
        failing: overview(failing.0, &failing_steps),
        baseline: overview(baseline.0, &baseline_steps),
        only_in_failing,
        only_in_baseline,
        slower,
        first_error,
        options,
    }
}

#[cfg(test)]
mod tests {
    use super::message_template;

    #[test]
    fn templates_drop_variable_words() {
        assert_eq!(
            message_template("fetched 12 rows for user_id=42 in 3.5ms"),
            "fetched <*> rows for user_id=<*> in <*>"
        );
        assert_eq!(message_template("  pool   exhausted "), "pool exhausted");
    }
}
