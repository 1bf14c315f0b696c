//! The summary a reader sees first: the latest complete period against the one before and the
//! same one a year before, in numbers and in words that do not claim more than the data shows,
//! and what was not counted, with reasons.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{
    compare, row_seed, Change, ChangeVerdict, ExcludedIncident, Exclusion, IncidentPoint, Metric,
    Period, ReportOptions, ReportRecord,
};
use crate::error::Result;
use crate::record::{ActionStatus, ChangeKind, Horizon, ImpactKind};
use crate::settings::Settings;
use crate::stats;

/// The impact kinds in the order a reader expects them, worst first.
const IMPACT_KINDS: [ImpactKind; 3] = [
    ImpactKind::Outage,
    ImpactKind::Degraded,
    ImpactKind::Feature,
];

/// How many services the summary names.
const TOP_SERVICES: usize = 5;

#[derive(Debug, Clone, Serialize)]
pub struct TargetStated {
    pub impact_kind: ImpactKind,
    pub minutes: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TargetShare {
    pub impact_kind: ImpactKind,
    pub target_minutes: f64,
    /// Counted incidents of this impact kind.
    pub counted: usize,
    /// Of those, at or under the target.
    pub met: usize,
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SeverityCount {
    pub severity: String,
    pub incidents: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PeriodSummary {
    /// `latest`, `previous` or `year-before`.
    pub role: &'static str,
    pub period: String,
    /// Every incident that started in the period.
    pub incidents: usize,
    pub by_severity: Vec<SeverityCount>,
    /// Incidents whose duration is counted.
    pub counted: usize,
    pub median_minutes: Option<f64>,
    pub median_ci95: Option<[f64; 2]>,
    pub met_target: Vec<TargetShare>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FollowThroughShare {
    pub horizon: String,
    /// Action items of the period's incidents whose due date has passed (won't-do left out).
    pub due: usize,
    /// Of those, done on or before the due date.
    pub done_by_due: usize,
    pub share: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceImpact {
    pub service: String,
    pub impact_minutes: f64,
    pub incidents: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeShare {
    pub kind: ChangeKind,
    /// Incidents with at least one change of this kind before them.
    pub incidents: usize,
    pub share: f64,
    /// Wilson 95% interval of the share: what a claim ("deploys cause 40%") is tested against.
    pub share_ci95: Option<[f64; 2]>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReasonCount {
    pub reason: Exclusion,
    pub count: usize,
    pub why: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SkippedPeriods {
    pub count: usize,
    pub first: String,
    pub last: String,
    /// Incidents that started in those periods, none of them counted.
    pub incidents: usize,
    pub why: String,
}

impl SkippedPeriods {
    pub(super) fn new(period: Period, first: i64, last: i64, points: &[IncidentPoint]) -> Self {
        let keys: Vec<String> = (first..=last).map(|i| period.key_of_index(i)).collect();
        let incidents = points
            .iter()
            .filter(|p| keys.binary_search(&p.period).is_ok())
            .count();
        let mut reasons: BTreeMap<Exclusion, usize> = BTreeMap::new();
        for p in points
            .iter()
            .filter(|p| keys.binary_search(&p.period).is_ok())
        {
            if let Some(e) = p.excluded {
                *reasons.entry(e).or_default() += 1;
            }
        }
        let reasons: Vec<String> = reasons
            .iter()
            .map(|(e, n)| format!("{n} {}", e.as_str()))
            .collect();
        let why = if incidents == 0 {
            "no incident started in them".to_owned()
        } else {
            format!(
                "none of their {incidents} incident{} could be counted ({})",
                plural(incidents),
                reasons.join(", ")
            )
        };
        SkippedPeriods {
            count: keys.len(),
            first: keys.first().cloned().unwrap_or_default(),
            last: keys.last().cloned().unwrap_or_default(),
            incidents,
            why,
        }
    }

    /// "36 quarters before 2019-Q1 (2010-Q1 to 2018-Q4) are not shown: none of their …"
    pub fn sentence(&self, unit: &str) -> String {
        format!(
            "{} {unit}{} from {} to {} {} not shown: {}.",
            self.count,
            plural(self.count),
            self.first,
            self.last,
            if self.count == 1 { "is" } else { "are" },
            self.why
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NotCounted {
    pub total: usize,
    /// Incidents in the report's range, counted or not.
    pub of_incidents: usize,
    pub by_reason: Vec<ReasonCount>,
    pub leading_periods: Option<SkippedPeriods>,
    /// The same in one sentence.
    pub sentence: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// The latest complete period with a counted incident, and the ones it is compared with.
    pub latest_period: Option<String>,
    pub previous_period: Option<String>,
    pub year_before_period: Option<String>,
    /// A later period left out of the comparison because it had not ended by `today`.
    pub incomplete_period: Option<String>,
    /// Why, in words.
    pub incomplete_reason: Option<String>,
    pub periods: Vec<PeriodSummary>,
    pub vs_previous: Option<Change>,
    pub vs_year_before: Option<Change>,
    /// The comparisons in words: what changed and what could not be told.
    pub verdict: Vec<String>,
    pub targets: Vec<TargetStated>,
    /// Action items of the latest period's incidents, per horizon.
    pub follow_through: Vec<FollowThroughShare>,
    /// Open action items past due on `today` across the report's incidents (absent without
    /// a `today`).
    pub overdue_now: Option<usize>,
    /// Action items across the report's incidents: none means follow-through cannot be told.
    pub action_items: usize,
    /// Incidents of the latest period whose record names related incidents.
    pub repeat_incidents: usize,
    /// The same across the report's incidents: none means the archive does not link them.
    pub repeat_incidents_all: usize,
    pub top_services: Vec<ServiceImpact>,
    /// Incidents of the latest period, and the share with each kind of change before them.
    pub preceding_changes: Vec<ChangeShare>,
    pub preceding_changes_of: usize,
    /// The same over every incident in the report's range.
    pub preceding_changes_all: Vec<ChangeShare>,
    pub preceding_changes_all_of: usize,
    pub not_counted: NotCounted,
}

pub(super) struct Inputs<'a> {
    pub points: &'a [IncidentPoint],
    pub records: &'a [ReportRecord],
    pub options: &'a ReportOptions,
    pub settings: &'a Settings,
    pub targets: &'a [TargetStated],
    pub first_counted: Option<i64>,
    pub last: Option<i64>,
    pub excluded: &'a [ExcludedIncident],
    pub leading_periods_skipped: Option<&'a SkippedPeriods>,
}

/// The metric's target per impact kind, where the archive sets one.
pub(super) fn targets(metric: Metric, settings: &Settings) -> Vec<TargetStated> {
    IMPACT_KINDS
        .iter()
        .filter_map(|&k| {
            metric.target(k, settings).map(|minutes| TargetStated {
                impact_kind: k,
                minutes,
            })
        })
        .collect()
}

pub(super) fn summarise(input: &Inputs<'_>) -> Result<Summary> {
    let period = input.options.period;
    let unit = period.name();
    // The latest complete period: the last one with incidents that ended before `today`.
    let mut latest = input.last;
    let mut incomplete_period = None;
    let mut incomplete_reason = None;
    if let (Some(today), Some(last)) = (input.options.today, input.last) {
        if period
            .days_of_index(last)
            .is_some_and(|(_, end)| end >= today)
        {
            incomplete_period = Some(period.key_of_index(last));
            latest = Some(last - 1);
        }
    }
    if incomplete_period.is_none() {
        if let Some(reason) = latest.and_then(|l| silent_end(input, l)) {
            incomplete_period = latest.map(|l| period.key_of_index(l));
            incomplete_reason = Some(reason);
            latest = latest.map(|l| l - 1);
        }
    } else if let Some(p) = &incomplete_period {
        incomplete_reason = Some(format!(
            "{p} had not ended on {}, so the summary compares the {unit} before it.",
            input
                .options
                .today
                .map(|t| t.to_string())
                .unwrap_or_default()
        ));
    }
    let latest = latest.filter(|l| input.first_counted.is_some_and(|f| *l >= f));
    let by_period = |index: i64| -> Vec<&IncidentPoint> {
        let key = period.key_of_index(index);
        input.points.iter().filter(|p| p.period == key).collect()
    };
    let durations = |members: &[&IncidentPoint]| -> Vec<f64> {
        let mut d: Vec<f64> = members.iter().filter_map(|p| p.minutes).collect();
        d.sort_by(f64::total_cmp);
        d
    };
    let mut periods = Vec::new();
    let (mut vs_previous, mut vs_year_before) = (None, None);
    let mut verdict = Vec::new();
    let mut follow_through = Vec::new();
    let (mut repeat_incidents, mut top_services) = (0, Vec::new());
    let (mut preceding_changes, mut preceding_changes_of) = (Vec::new(), 0);
    if let Some(l) = latest {
        let latest_key = period.key_of_index(l);
        let latest_members = by_period(l);
        let latest_durations = durations(&latest_members);
        periods.push(period_summary(
            "latest",
            &latest_key,
            &latest_members,
            input,
        )?);
        let seed = row_seed(input.options, &latest_key, None);
        for (role, back) in [("previous", 1), ("year-before", period.per_year())] {
            if role == "year-before" && back == 1 {
                // With a year as the period, the year before is the previous one.
                continue;
            }
            let key = period.key_of_index(l - back);
            let members = by_period(l - back);
            periods.push(period_summary(role, &key, &members, input)?);
            // The previous period uses the row's seed, so the summary and the row agree to
            // the digit; the year-before comparison has a stream of its own.
            let seed = if role == "previous" {
                seed
            } else {
                seed ^ super::fnv("year-before")
            };
            let change = compare(&key, &durations(&members), &latest_durations, seed);
            verdict.push(change_sentence(
                input.options.metric,
                &latest_key,
                &key,
                change.as_ref(),
                latest_durations.len(),
                durations(&members).len(),
            ));
            if role == "previous" {
                vs_previous = change;
            } else {
                vs_year_before = change;
            }
        }
        follow_through = follow_through_of(input, &latest_key);
        repeat_incidents = latest_members.iter().filter(|p| p.repeat).count();
        top_services = services_by_impact(&latest_members);
        preceding_changes_of = latest_members.len();
        preceding_changes = change_shares(&latest_members);
    } else {
        verdict.push(format!(
            "No {unit} has a counted incident yet, so there is nothing to compare."
        ));
    }
    let all: Vec<&IncidentPoint> = input.points.iter().collect();
    let overdue_now = input.options.today.map(|today| overdue(input, today));
    Ok(Summary {
        latest_period: latest.map(|l| period.key_of_index(l)),
        previous_period: latest.map(|l| period.key_of_index(l - 1)),
        year_before_period: latest
            .filter(|_| period.per_year() > 1)
            .map(|l| period.key_of_index(l - period.per_year())),
        incomplete_period,
        incomplete_reason,
        periods,
        vs_previous,
        vs_year_before,
        verdict,
        targets: input.targets.to_vec(),
        follow_through,
        overdue_now,
        action_items: input
            .records
            .iter()
            .filter(|r| ids_in_report(input).binary_search(&r.id.as_str()).is_ok())
            .map(|r| r.action_items.len())
            .sum(),
        repeat_incidents,
        repeat_incidents_all: input.points.iter().filter(|p| p.repeat).count(),
        top_services,
        preceding_changes,
        preceding_changes_of,
        preceding_changes_all: change_shares(&all),
        preceding_changes_all_of: all.len(),
        not_counted: not_counted(input),
    })
}

/// Whether the archive falls silent long before the period `index` ends, longer than chance
/// allows at the previous period's rate: then the records most likely stop there (an export
/// taken mid-period), and the period is not complete. The rule: at the previous period's rate
/// at least [`SILENT_END_EXPECTED`] incidents would have started in the silent days, so a
/// silence that long has a Poisson chance of about 5% or less.
fn silent_end(input: &Inputs<'_>, index: i64) -> Option<String> {
    let period = input.options.period;
    let key = period.key_of_index(index);
    let (_, end) = period.days_of_index(index)?;
    let last_start = input
        .points
        .iter()
        .filter(|p| p.period == key)
        .filter_map(|p| p.start_day)
        .max()?;
    let previous_key = period.key_of_index(index - 1);
    let (first, last) = period.days_of_index(index - 1)?;
    let previous_days = (last - first).num_days() + 1;
    let previous = input
        .points
        .iter()
        .filter(|p| p.period == previous_key)
        .count();
    let silent_days = (end - last_start).num_days();
    let expected = previous as f64 * silent_days as f64 / previous_days as f64;
    (expected >= SILENT_END_EXPECTED).then(|| {
        format!(
            "{key} is not compared: it looks incomplete. The archive's latest incident started on {last_start}, {silent_days} days before {key} ended; at {previous_key}'s rate about {expected:.0} more would have started by then, so the records most likely stop on that day."
        )
    })
}

/// See [`silent_end`]: e^-3 is about 0.05.
const SILENT_END_EXPECTED: f64 = 3.0;

fn period_summary(
    role: &'static str,
    key: &str,
    members: &[&IncidentPoint],
    input: &Inputs<'_>,
) -> Result<PeriodSummary> {
    let mut durations: Vec<f64> = members.iter().filter_map(|p| p.minutes).collect();
    durations.sort_by(f64::total_cmp);
    let mut by_severity: BTreeMap<(usize, String), usize> = BTreeMap::new();
    for p in members {
        let order = input
            .settings
            .severities
            .iter()
            .position(|s| *s == p.severity)
            .unwrap_or(usize::MAX);
        *by_severity.entry((order, p.severity.clone())).or_default() += 1;
    }
    let met_target = target_shares(members, input.targets);
    Ok(PeriodSummary {
        role,
        period: key.to_owned(),
        incidents: members.len(),
        by_severity: by_severity
            .into_iter()
            .map(|((_, severity), incidents)| SeverityCount {
                severity,
                incidents,
            })
            .collect(),
        counted: durations.len(),
        median_minutes: stats::median(&durations),
        median_ci95: stats::bootstrap_median_ci(
            &durations,
            0.95,
            stats::DEFAULT_RESAMPLES,
            row_seed(input.options, key, None),
        )
        .ok()
        .map(|i| i.to_array()),
        met_target,
    })
}

/// The share of counted incidents at or under the target, per impact kind with a target.
pub(super) fn target_shares(
    members: &[&IncidentPoint],
    targets: &[TargetStated],
) -> Vec<TargetShare> {
    targets
        .iter()
        .map(|t| {
            let of_kind: Vec<f64> = members
                .iter()
                .filter(|p| p.impact_kind == Some(t.impact_kind))
                .filter_map(|p| p.minutes)
                .collect();
            let met = of_kind.iter().filter(|m| **m <= t.minutes).count();
            TargetShare {
                impact_kind: t.impact_kind,
                target_minutes: t.minutes,
                counted: of_kind.len(),
                met,
                share: (!of_kind.is_empty()).then(|| met as f64 / of_kind.len() as f64),
            }
        })
        .collect()
}

/// One comparison in words that say no more than the data: a change only when it is
/// detectable, and otherwise what size of change could have shown.
pub fn change_sentence(
    metric: Metric,
    latest: &str,
    earlier: &str,
    change: Option<&Change>,
    latest_count: usize,
    earlier_count: usize,
) -> String {
    let name = metric.name();
    let Some(c) = change else {
        return format!(
            "{latest} against {earlier}: cannot be told ({latest_count} and {earlier_count} counted incidents; a comparison needs at least {} on each side).",
            stats::MIN_COUNT_FOR_CHANGE
        );
    };
    match (c.verdict, c.ratio, c.ci95) {
        (ChangeVerdict::Slower | ChangeVerdict::Faster, Some(r), Some([lo, hi])) => format!(
            "{latest} against {earlier}: the median {name} was {} (×{r:.2}, 95% interval ×{lo:.2} to ×{hi:.2}); this is more than chance.",
            if c.verdict == ChangeVerdict::Faster { "shorter" } else { "longer" }
        ),
        (ChangeVerdict::NoDetectableChange, _, _) => match c.minimum_detectable_ratio {
            Some(m) if m.is_finite() => format!(
                "{latest} against {earlier}: no change we could detect; with this many incidents ({} and {}) only a change of about ×{m:.1} or more (or ×{:.2} or less) would show reliably.",
                c.count, c.from_count, 1.0 / m
            ),
            _ => format!(
                "{latest} against {earlier}: no change we could detect with {} and {} incidents.",
                c.count, c.from_count
            ),
        },
        _ => format!(
            "{latest} against {earlier}: cannot be told ({} and {} counted incidents; a comparison needs at least {} on each side).",
            c.count, c.from_count, stats::MIN_COUNT_FOR_CHANGE
        ),
    }
}

fn follow_through_of(input: &Inputs<'_>, latest_key: &str) -> Vec<FollowThroughShare> {
    let ids: Vec<&str> = input
        .points
        .iter()
        .filter(|p| p.period == latest_key)
        .map(|p| p.id.as_str())
        .collect();
    let today = input.options.today;
    Horizon::ALL
        .iter()
        .map(|&h| {
            let (mut due, mut done_by_due) = (0, 0);
            for r in input
                .records
                .iter()
                .filter(|r| ids.contains(&r.id.as_str()))
            {
                for a in r.action_items.iter().filter(|a| a.horizon == Some(h)) {
                    let Some(d) = a.due else { continue };
                    if a.status == ActionStatus::WontDo || today.is_some_and(|t| d.0 > t) {
                        continue;
                    }
                    due += 1;
                    if a.status == ActionStatus::Done && a.done_on.is_some_and(|on| on <= d) {
                        done_by_due += 1;
                    }
                }
            }
            FollowThroughShare {
                horizon: h.as_str().to_owned(),
                due,
                done_by_due,
                share: (due > 0).then(|| done_by_due as f64 / due as f64),
            }
        })
        .collect()
}

/// The ids of the report's incidents, sorted (the points are sorted by id).
fn ids_in_report<'a>(input: &Inputs<'a>) -> Vec<&'a str> {
    input.points.iter().map(|p| p.id.as_str()).collect()
}

fn overdue(input: &Inputs<'_>, today: NaiveDate) -> usize {
    let ids = ids_in_report(input);
    input
        .records
        .iter()
        .filter(|r| ids.binary_search(&r.id.as_str()).is_ok())
        .flat_map(|r| r.action_items.iter())
        .filter(|a| a.status.is_open() && a.due.is_some_and(|d| d.0 < today))
        .count()
}

fn services_by_impact(members: &[&IncidentPoint]) -> Vec<ServiceImpact> {
    let mut by: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for p in members {
        for s in &p.services {
            let e = by.entry(s.as_str()).or_default();
            e.0 += p.impact_minutes.unwrap_or(0.0);
            e.1 += 1;
        }
    }
    let mut out: Vec<ServiceImpact> = by
        .into_iter()
        .filter(|(_, (m, _))| *m > 0.0)
        .map(|(s, (m, n))| ServiceImpact {
            service: s.to_owned(),
            impact_minutes: m,
            incidents: n,
        })
        .collect();
    out.sort_by(|a, b| {
        b.impact_minutes
            .total_cmp(&a.impact_minutes)
            .then_with(|| a.service.cmp(&b.service))
    });
    out.truncate(TOP_SERVICES);
    out
}

fn change_shares(members: &[&IncidentPoint]) -> Vec<ChangeShare> {
    let mut by: BTreeMap<ChangeKind, usize> = BTreeMap::new();
    for p in members {
        for k in &p.change_kinds {
            *by.entry(*k).or_default() += 1;
        }
    }
    by.into_iter()
        .map(|(kind, incidents)| ChangeShare {
            kind,
            incidents,
            share: incidents as f64 / members.len().max(1) as f64,
            share_ci95: stats::share_ci95(incidents, members.len()).map(|i| i.to_array()),
        })
        .collect()
}

fn not_counted(input: &Inputs<'_>) -> NotCounted {
    let mut by: BTreeMap<Exclusion, usize> = BTreeMap::new();
    for e in input.excluded {
        *by.entry(e.reason).or_default() += 1;
    }
    let by_reason: Vec<ReasonCount> = by
        .into_iter()
        .map(|(reason, count)| ReasonCount {
            reason,
            count,
            why: reason.why(),
        })
        .collect();
    let total = input.excluded.len();
    let of_incidents = input.points.len();
    let mut sentence = if total == 0 {
        format!("All {of_incidents} incidents are counted.")
    } else {
        let parts: Vec<String> = by_reason
            .iter()
            .map(|r| format!("{} {}: {}", r.count, r.reason.as_str(), r.why))
            .collect();
        format!(
            "{total} of {of_incidents} incident{} not counted. {}.",
            if of_incidents == 1 { " is" } else { "s are" },
            capitalise_first(&parts.join("; "))
        )
    };
    if let Some(skipped) = input.leading_periods_skipped {
        sentence.push(' ');
        sentence.push_str(&skipped.sentence(input.options.period.name()));
    }
    NotCounted {
        total,
        of_incidents,
        by_reason,
        leading_periods: input.leading_periods_skipped.cloned(),
        sentence,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The text with its first letter in upper case.
pub(crate) fn capitalise_first(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
