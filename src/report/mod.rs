//! MTTx trend reports that say when a change is only noise.
//!
//! Incident durations are skewed: a quarter's mean moves with one long incident. So each
//! period and group gets the median with a bootstrap interval, p90 only where there are
//! enough incidents, the share that met its target, and a change from the previous period
//! that is called a change only when its interval excludes 1. Everything not counted is
//! listed with the reason: open incidents, zero-length and negative durations.

pub mod actions;
mod csv;
pub mod export;
mod summary;

use std::collections::BTreeMap;

use chrono::{Datelike, FixedOffset, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

pub use csv::{csv_field, to_csv, CSV_COLUMNS};
pub(crate) use summary::capitalise_first;
pub use summary::{
    ChangeShare, FollowThroughShare, NotCounted, PeriodSummary, ReasonCount, ServiceImpact,
    SkippedPeriods, Summary, TargetShare, TargetStated,
};

use crate::error::{Error, Result};
use crate::record::{ActionStatus, ChangeKind, Day, Horizon, ImpactKind, Record, Times, Timestamp};
use crate::settings::Settings;
use crate::stats;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    Ttd,
    Tta,
    Ttm,
    Ttr,
    Ttrc,
}

impl Metric {
    pub fn parse(text: &str) -> Option<Metric> {
        Some(match text {
            "ttd" => Metric::Ttd,
            "tta" => Metric::Tta,
            "ttm" => Metric::Ttm,
            "ttr" => Metric::Ttr,
            "ttrc" => Metric::Ttrc,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Metric::Ttd => "time to detect",
            Metric::Tta => "time to acknowledge",
            Metric::Ttm => "time to mitigate",
            Metric::Ttr => "time to resolve",
            Metric::Ttrc => "time to root cause",
        }
    }

    /// The record fields the duration runs between.
    pub fn fields(self) -> (&'static str, &'static str) {
        match self {
            Metric::Ttd => ("times.started", "times.detected"),
            Metric::Tta => ("times.detected", "times.acknowledged"),
            Metric::Ttm => ("times.started", "times.mitigated"),
            Metric::Ttr => ("times.started", "times.resolved"),
            Metric::Ttrc => ("times.started", "times.root_caused"),
        }
    }

    fn endpoints(self, t: &Times) -> (Option<Timestamp>, Option<Timestamp>) {
        match self {
            Metric::Ttd => (Some(t.started), Some(t.detected)),
            Metric::Tta => (Some(t.detected), t.acknowledged),
            Metric::Ttm => (Some(t.started), t.mitigated),
            Metric::Ttr => (Some(t.started), t.resolved),
            Metric::Ttrc => (Some(t.started), t.root_caused),
        }
    }

    /// The target in minutes for an incident of this impact kind, where one applies.
    pub fn target(self, impact: ImpactKind, settings: &Settings) -> Option<f64> {
        let set = match impact {
            ImpactKind::Outage => &settings.targets.outage,
            ImpactKind::Degraded => &settings.targets.degraded,
            ImpactKind::Feature => &settings.targets.feature,
        };
        match self {
            Metric::Ttd => set.ttd,
            Metric::Tta => set.tta,
            Metric::Ttm => set.ttm,
            Metric::Ttr => set.ttr,
            Metric::Ttrc => set.ttrc,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    pub fn parse(text: &str) -> Option<Period> {
        Some(match text {
            "month" => Period::Month,
            "quarter" => Period::Quarter,
            "year" => Period::Year,
            _ => return None,
        })
    }

    /// `2022-03`, `2022-Q1`, `2022`.
    pub fn key(self, date: NaiveDate) -> String {
        match self {
            Period::Month => format!("{}-{:02}", date.year(), date.month()),
            Period::Quarter => format!("{}-Q{}", date.year(), (date.month() - 1) / 3 + 1),
            Period::Year => date.year().to_string(),
        }
    }

    /// (year, index within year) for ordering and for filling empty periods.
    fn index(self, date: NaiveDate) -> i64 {
        let y = i64::from(date.year());
        match self {
            Period::Month => y * 12 + i64::from(date.month0()),
            Period::Quarter => y * 4 + i64::from(date.month0() / 3),
            Period::Year => y,
        }
    }

    /// The first and last day of the period with this index.
    fn days_of_index(self, index: i64) -> Option<(NaiveDate, NaiveDate)> {
        let (first_month0, months) = match self {
            Period::Month => (index.rem_euclid(12), 1),
            Period::Quarter => (index.rem_euclid(4) * 3, 3),
            Period::Year => (0, 12),
        };
        let year = match self {
            Period::Month => index.div_euclid(12),
            Period::Quarter => index.div_euclid(4),
            Period::Year => index,
        };
        let year = i32::try_from(year).ok()?;
        let first = NaiveDate::from_ymd_opt(year, u32::try_from(first_month0).ok()? + 1, 1)?;
        let next = first.checked_add_months(chrono::Months::new(months))?;
        Some((first, next.pred_opt()?))
    }

    /// The unit in words: "quarter".
    pub fn name(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
        }
    }

    /// How many periods make a year: the "same period a year before" is this many back.
    fn per_year(self) -> i64 {
        match self {
            Period::Month => 12,
            Period::Quarter => 4,
            Period::Year => 1,
        }
    }

    fn key_of_index(self, index: i64) -> String {
        match self {
            Period::Month => format!("{}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1),
            Period::Quarter => format!("{}-Q{}", index.div_euclid(4), index.rem_euclid(4) + 1),
            Period::Year => index.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    Severity,
    Service,
    Impact,
}

impl GroupBy {
    pub fn parse(text: &str) -> Option<GroupBy> {
        Some(match text {
            "severity" => GroupBy::Severity,
            "service" => GroupBy::Service,
            "impact" => GroupBy::Impact,
            _ => return None,
        })
    }

    /// The groups an incident belongs to: with `service`, one per service.
    fn groups(self, r: &ReportRecord) -> Vec<String> {
        match self {
            GroupBy::Severity => vec![r.severity.clone()],
            GroupBy::Impact => vec![r.impact_kind.as_str().to_owned()],
            GroupBy::Service if r.services.is_empty() => vec!["(no service)".to_owned()],
            GroupBy::Service => {
                let mut s = r.services.clone();
                s.sort();
                s.dedup();
                s
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct ReportOptions {
    pub metric: Metric,
    pub period: Period,
    pub by: Option<GroupBy>,
    /// Only incidents that started on or after this day.
    pub since: Option<NaiveDate>,
    /// Only incidents that started on or before this day.
    pub until: Option<NaiveDate>,
    /// Seeds the bootstrap and permutation tests: same archive, same report.
    pub seed: u64,
    /// The day the report is read: a period that has not ended by then is not the summary's
    /// "latest complete period", and open action items past due by then are overdue. `None`
    /// takes the latest period with incidents as complete and counts nothing as overdue.
    pub today: Option<NaiveDate>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            metric: Metric::Ttm,
            period: Period::Quarter,
            by: None,
            since: None,
            until: None,
            seed: 20_211_001,
            today: None,
        }
    }
}

/// Why an incident's duration is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exclusion {
    /// The record's times contradict each other (one comes clearly before a time it must
    /// follow, e.g. detected before started): `check` reports it as `times/order`, an error,
    /// so no metric of the record is trusted.
    Inconsistent,
    /// No end time and no resolution: the incident is still open.
    Open,
    /// Resolved, but the metric's end time is missing.
    MissingTime,
    /// End equals start (within a second): almost always back-filled.
    ZeroLength,
    /// End before start: timestamps out of order.
    Negative,
}

impl Exclusion {
    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::Inconsistent => "inconsistent",
            Exclusion::Open => "open",
            Exclusion::MissingTime => "missing-time",
            Exclusion::ZeroLength => "zero-length",
            Exclusion::Negative => "negative",
        }
    }

    /// Why such an incident is not counted, in words.
    pub fn why(self) -> &'static str {
        match self {
            Exclusion::Inconsistent => {
                "times contradict each other, e.g. detected before started (whys check reports this as an error)"
            }
            Exclusion::Open => "still open, no end time",
            Exclusion::MissingTime => "resolved, but this metric's end time is missing",
            Exclusion::ZeroLength => "end equals start, almost always back-filled",
            Exclusion::Negative => "end before start",
        }
    }
}

/// One incident's contribution to the report.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentPoint {
    pub id: String,
    pub period: String,
    pub groups: Vec<String>,
    pub minutes: Option<f64>,
    pub excluded: Option<Exclusion>,
    pub target_minutes: Option<f64>,
    /// Minutes from start to resolution (else mitigation): how long users felt it.
    pub impact_minutes: Option<f64>,
    /// The day it started, in the archive's timezone.
    #[serde(skip)]
    pub start_day: Option<NaiveDate>,
    #[serde(skip)]
    pub severity: String,
    #[serde(skip)]
    pub impact_kind: Option<ImpactKind>,
    #[serde(skip)]
    pub services: Vec<String>,
    /// The record names related incidents: a repeat.
    #[serde(skip)]
    pub repeat: bool,
    /// The kinds of change recorded before the incident (`changes:`), each once.
    #[serde(skip)]
    pub change_kinds: Vec<ChangeKind>,
}

/// A period compared with an earlier one by the ratio of their medians.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The earlier period.
    pub from_period: String,
    /// Counted incidents in the earlier period and in this one.
    pub from_count: usize,
    pub count: usize,
    /// `slower`, `faster`, `no-detectable-change` or `too-few`: what every form prints.
    pub verdict: ChangeVerdict,
    /// Median of this period over median of the earlier one; absent when `too_few`.
    pub ratio: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    pub p_value: Option<f64>,
    /// True exactly when both periods have at least five counted incidents and the 95%
    /// interval of the ratio excludes 1.
    pub detectable: bool,
    /// Fewer than five counted incidents on either side: no ratio, interval or p-value is
    /// given, since they would suggest a precision the data does not have.
    pub too_few: bool,
    /// The smallest ratio this pair of periods could have detected (alpha 0.05, power 0.8).
    pub minimum_detectable_ratio: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeVerdict {
    Slower,
    Faster,
    NoDetectableChange,
    TooFew,
}

impl ChangeVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeVerdict::Slower => "slower",
            ChangeVerdict::Faster => "faster",
            ChangeVerdict::NoDetectableChange => "no-detectable-change",
            ChangeVerdict::TooFew => "too-few",
        }
    }
}

/// Compares two periods' counted durations; `None` when either has none.
pub fn compare(from_period: &str, previous: &[f64], current: &[f64], seed: u64) -> Option<Change> {
    let positive = |v: &[f64]| v.iter().copied().filter(|x| *x > 0.0).collect::<Vec<f64>>();
    let (previous, current) = (positive(previous), positive(current));
    if previous.is_empty() || current.is_empty() {
        return None;
    }
    let too_few =
        previous.len() < stats::MIN_COUNT_FOR_CHANGE || current.len() < stats::MIN_COUNT_FOR_CHANGE;
    let base = Change {
        from_period: from_period.to_owned(),
        from_count: previous.len(),
        count: current.len(),
        verdict: ChangeVerdict::TooFew,
        ratio: None,
        ci95: None,
        p_value: None,
        detectable: false,
        too_few,
        minimum_detectable_ratio: None,
    };
    if too_few {
        return Some(base);
    }
    let m = stats::median_ratio(&previous, &current, seed).ok()?;
    let detectable = m.ci.excludes(1.0);
    Some(Change {
        verdict: match (detectable, m.ratio < 1.0) {
            (true, true) => ChangeVerdict::Faster,
            (true, false) => ChangeVerdict::Slower,
            (false, _) => ChangeVerdict::NoDetectableChange,
        },
        ratio: Some(m.ratio),
        ci95: Some(m.ci.to_array()),
        p_value: Some(m.p_value),
        detectable,
        minimum_detectable_ratio: m.minimum_detectable_ratio,
        ..base
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub period: String,
    pub group: Option<String>,
    /// Incidents whose duration is counted: the n behind the median.
    pub count: usize,
    /// Every incident that started in the period, counted or excluded.
    pub incidents: usize,
    /// 95% Poisson (Garwood) interval of `incidents`.
    pub incidents_ci95: Option<[f64; 2]>,
    pub median_minutes: Option<f64>,
    pub p90_minutes: Option<f64>,
    pub mean_minutes: Option<f64>,
    pub geomean_minutes: Option<f64>,
    pub max_minutes: Option<f64>,
    pub median_ci95: Option<[f64; 2]>,
    pub met_target_share: Option<f64>,
    /// The share that met the target, per impact kind with a target: the kinds have
    /// different targets, so the overall share alone would mix them.
    pub met_target: Vec<TargetShare>,
    /// Share restored within DORA's elite hour (time to mitigate only).
    pub dora_elite_share: Option<f64>,
    pub impact_minutes: f64,
    pub change: Option<Change>,
    pub excluded: BTreeMap<String, usize>,
    /// The counted durations, sorted: what the chart draws.
    #[serde(skip)]
    pub durations: Vec<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// What a reader needs first: the latest complete period against the one before and the
    /// same one a year before, and what was not counted.
    pub summary: Summary,
    pub metric: Metric,
    pub metric_name: &'static str,
    pub starts_at: &'static str,
    pub ends_at: &'static str,
    pub period: Period,
    pub by: Option<GroupBy>,
    pub timezone: String,
    pub seed: u64,
    /// The target of this metric per impact kind, where the archive sets one.
    pub targets: Vec<TargetStated>,
    pub rows: Vec<Row>,
    /// Periods before the first one with a counted incident: not rows (nothing in them counts).
    pub leading_periods_skipped: Option<SkippedPeriods>,
    /// Every incident not counted, with its reason.
    pub excluded: Vec<ExcludedIncident>,
    /// Files that could not be read as records.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExcludedIncident {
    pub id: String,
    pub period: String,
    pub reason: Exclusion,
}

/// Parses `UTC`, `Z` or `+hh:mm` / `-hh:mm`.
pub fn parse_timezone(text: &str) -> Result<FixedOffset> {
    let bad = || {
        Error::Usage(format!(
            "timezone `{text}`: write UTC or a fixed offset like +02:00"
        ))
    };
    if matches!(text, "UTC" | "utc" | "Z" | "") {
        return FixedOffset::east_opt(0).ok_or_else(bad);
    }
    let sign = match text.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Err(bad()),
    };
    let (h, m) = text[1..].split_once(':').ok_or_else(bad)?;
    let h: i32 = h.parse().map_err(|_| bad())?;
    let m: i32 = m.parse().map_err(|_| bad())?;
    FixedOffset::east_opt(sign * (h * 3600 + m * 60)).ok_or_else(bad)
}

/// What the report reads of a record, and nothing more: a site of 100,000 records keeps one
/// per record until its report page is made, so the record's text and the fields no statistic
/// uses are not kept.
#[derive(Debug, Clone)]
pub struct ReportRecord {
    pub id: String,
    pub severity: String,
    pub impact_kind: ImpactKind,
    pub services: Vec<String>,
    pub times: Times,
    /// The record names related incidents: a repeat.
    pub has_related: bool,
    /// The kinds of change recorded before the incident, each once, sorted.
    pub change_kinds: Vec<ChangeKind>,
    pub action_items: Vec<ReportActionItem>,
}

/// What the report reads of an action item: follow-through and overdue counts.
#[derive(Debug, Clone, Copy)]
pub struct ReportActionItem {
    pub horizon: Option<Horizon>,
    pub due: Option<Day>,
    pub status: ActionStatus,
    pub done_on: Option<Day>,
}

impl ReportRecord {
    pub fn of(r: &Record) -> ReportRecord {
        let mut change_kinds: Vec<ChangeKind> = r.changes.iter().map(|c| c.kind).collect();
        change_kinds.sort();
        change_kinds.dedup();
        change_kinds.shrink_to_fit();
        let mut services = r.services.clone();
        services.shrink_to_fit();
        ReportRecord {
            id: r.id.clone(),
            severity: r.severity.clone(),
            impact_kind: r.impact_kind,
            services,
            times: r.times.clone(),
            has_related: !r.related.is_empty(),
            change_kinds,
            action_items: r
                .action_items
                .iter()
                .map(|a| ReportActionItem {
                    horizon: a.horizon,
                    due: a.due,
                    status: a.status,
                    done_on: a.done_on,
                })
                .collect(),
        }
    }
}

/// Each record's duration for the metric, its period and groups, or why it is excluded.
pub fn incident_points(
    records: &[&Record],
    options: &ReportOptions,
    settings: &Settings,
) -> Result<Vec<IncidentPoint>> {
    let records: Vec<ReportRecord> = records.iter().map(|r| ReportRecord::of(r)).collect();
    points_of(&records, options, settings)
}

fn points_of(
    records: &[ReportRecord],
    options: &ReportOptions,
    settings: &Settings,
) -> Result<Vec<IncidentPoint>> {
    let tz = parse_timezone(&settings.timezone)?;
    let mut points = Vec::new();
    for r in records {
        let start_day = r.times.started.0.with_timezone(&tz).date_naive();
        if options.since.is_some_and(|d| start_day < d)
            || options.until.is_some_and(|d| start_day > d)
        {
            continue;
        }
        let (from, to) = options.metric.endpoints(&r.times);
        let inconsistent = !crate::check::out_of_order(&r.times).is_empty();
        let (minutes, excluded) = match (from, to) {
            _ if inconsistent => (None, Some(Exclusion::Inconsistent)),
            (Some(a), Some(b)) if a.same_instant(&b) => (None, Some(Exclusion::ZeroLength)),
            (Some(a), Some(b)) if b.0 < a.0 => (None, Some(Exclusion::Negative)),
            (Some(a), Some(b)) => (Some(a.minutes_until(&b)), None),
            _ if r.times.resolved.is_none() => (None, Some(Exclusion::Open)),
            _ => (None, Some(Exclusion::MissingTime)),
        };
        let impact_end = r.times.resolved.or(r.times.mitigated);
        let impact_minutes = impact_end
            .map(|e| r.times.started.minutes_until(&e))
            .filter(|m| *m > 0.0);
        let groups = options.by.map(|g| g.groups(r)).unwrap_or_default();
        points.push(IncidentPoint {
            id: r.id.clone(),
            period: options.period.key(start_day),
            groups,
            minutes,
            excluded,
            target_minutes: options.metric.target(r.impact_kind, settings),
            // An inconsistent record's impact is as untrustworthy as its metric.
            impact_minutes: impact_minutes.filter(|_| !inconsistent),
            start_day: Some(start_day),
            severity: r.severity.clone(),
            impact_kind: Some(r.impact_kind),
            services: r.services.clone(),
            repeat: r.has_related,
            change_kinds: r.change_kinds.clone(),
        });
    }
    points.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(points)
}

/// Builds the report over `records`.
pub fn build(records: &[&Record], options: &ReportOptions, settings: &Settings) -> Result<Report> {
    let records: Vec<ReportRecord> = records.iter().map(|r| ReportRecord::of(r)).collect();
    build_from(&records, options, settings)
}

/// Builds the report over what it reads of each record (see [`ReportRecord`]).
pub fn build_from(
    records: &[ReportRecord],
    options: &ReportOptions,
    settings: &Settings,
) -> Result<Report> {
    let points = points_of(records, options, settings)?;
    let tz = parse_timezone(&settings.timezone)?;
    // Every period from the first to the last, empty ones included: a gap is information.
    let indexes: Vec<i64> = records
        .iter()
        .map(|r| r.times.started.0.with_timezone(&tz).date_naive())
        .filter(|d| options.since.is_none_or(|s| *d >= s) && options.until.is_none_or(|u| *d <= u))
        .map(|d| options.period.index(d))
        .collect();
    // Periods before the first counted incident are left out: nothing in them counts, and
    // a long run of empty rows would push the data off the page.
    let first_counted = points
        .iter()
        .filter(|p| p.minutes.is_some())
        .filter_map(|p| period_index_of_key(options.period, &p.period))
        .min();
    let (lo, hi) = (indexes.iter().min().copied(), indexes.iter().max().copied());
    let leading_periods_skipped = match (lo, first_counted.or(hi.map(|h| h + 1))) {
        (Some(lo), Some(first)) if first > lo => {
            Some(SkippedPeriods::new(options.period, lo, first - 1, &points))
        }
        _ => None,
    };
    let periods: Vec<String> = match (first_counted, hi) {
        (Some(lo), Some(hi)) => (lo..=hi).map(|i| options.period.key_of_index(i)).collect(),
        _ => Vec::new(),
    };
    let mut groups: Vec<Option<String>> = match options.by {
        None => vec![None],
        Some(_) => {
            let mut g: Vec<String> = points
                .iter()
                .flat_map(|p| p.groups.iter().cloned())
                .collect();
            g.sort();
            g.dedup();
            g.into_iter().map(Some).collect()
        }
    };
    if let (Some(GroupBy::Severity), Some(_)) = (options.by, groups.first()) {
        // Severities in the archive's order, worst first, not alphabetically.
        let order = |g: &Option<String>| {
            g.as_ref()
                .and_then(|s| settings.severities.iter().position(|x| x == s))
                .unwrap_or(usize::MAX)
        };
        groups.sort_by_key(|g| (order(g), g.clone()));
    }
    let mut points_by_period: BTreeMap<&str, Vec<&IncidentPoint>> = BTreeMap::new();
    for point in &points {
        points_by_period
            .entry(point.period.as_str())
            .or_default()
            .push(point);
    }
    // Every row's incidents, group by group and period by period, in report order.
    let mut cells: Vec<Cell> = Vec::with_capacity(groups.len() * periods.len());
    for group in &groups {
        for (index, period) in periods.iter().enumerate() {
            let members = points_by_period
                .get(period.as_str())
                .map(|in_period| {
                    in_period
                        .iter()
                        .copied()
                        .filter(|p| group.as_ref().is_none_or(|g| p.groups.contains(g)))
                        .collect()
                })
                .unwrap_or_default();
            cells.push(Cell {
                period,
                group,
                members,
                follows_previous_period: index > 0,
            });
        }
    }
    let targets = summary::targets(options.metric, settings);
    // The bootstrap and permutation tests take nearly all the time and each row's depend
    // only on its own incidents, its previous period's, and its own seed, so the rows are
    // computed in parallel: the report is the same on any number of threads.
    let rows = cells
        .par_iter()
        .enumerate()
        .map(|(index, cell)| {
            let previous = cell
                .follows_previous_period
                .then(|| counted_durations(&cells[index - 1].members));
            build_row(
                cell.period,
                cell.group.clone(),
                &cell.members,
                previous
                    .as_deref()
                    .map(|prev| (cells[index - 1].period, prev)),
                options,
                &targets,
            )
        })
        .collect::<Result<Vec<Row>>>()?;
    let (start, end) = options.metric.fields();
    let excluded: Vec<ExcludedIncident> = points
        .iter()
        .filter_map(|p| {
            p.excluded.map(|reason| ExcludedIncident {
                id: p.id.clone(),
                period: p.period.clone(),
                reason,
            })
        })
        .collect();
    let summary = summary::summarise(&summary::Inputs {
        points: &points,
        records,
        options,
        settings,
        targets: &targets,
        first_counted,
        last: hi,
        excluded: &excluded,
        leading_periods_skipped: leading_periods_skipped.as_ref(),
    })?;
    Ok(Report {
        summary,
        metric: options.metric,
        metric_name: options.metric.name(),
        starts_at: start,
        ends_at: end,
        period: options.period,
        by: options.by,
        timezone: settings.timezone.clone(),
        seed: options.seed,
        targets,
        rows,
        leading_periods_skipped,
        excluded,
        unreadable: Vec::new(),
    })
}

/// One row's place in the report and its incidents.
struct Cell<'a> {
    period: &'a str,
    group: &'a Option<String>,
    members: Vec<&'a IncidentPoint>,
    /// Whether the cell before it is the same group's previous period (false for a group's
    /// first period).
    follows_previous_period: bool,
}

/// The counted durations of `members`, sorted.
fn counted_durations(members: &[&IncidentPoint]) -> Vec<f64> {
    let mut durations: Vec<f64> = members.iter().filter_map(|p| p.minutes).collect();
    durations.sort_by(f64::total_cmp);
    durations
}

fn build_row(
    period: &str,
    group: Option<String>,
    members: &[&IncidentPoint],
    previous: Option<(&str, &[f64])>,
    options: &ReportOptions,
    targets: &[TargetStated],
) -> Result<Row> {
    let durations = counted_durations(members);
    let mut excluded = BTreeMap::new();
    for p in members {
        if let Some(e) = p.excluded {
            *excluded.entry(e.as_str().to_owned()).or_insert(0) += 1;
        }
    }
    let counted: Vec<&&IncidentPoint> = members.iter().filter(|p| p.minutes.is_some()).collect();
    let with_target: Vec<(f64, f64)> = counted
        .iter()
        .filter_map(|p| Some((p.minutes?, p.target_minutes?)))
        .collect();
    let met_target_share = (!with_target.is_empty()).then(|| {
        with_target.iter().filter(|(m, t)| m <= t).count() as f64 / with_target.len() as f64
    });
    let dora_elite_share = (options.metric == Metric::Ttm)
        .then(|| stats::share_meeting(&durations, 60.0))
        .flatten();
    let seed = row_seed(options, period, group.as_deref());
    let median_ci95 = stats::bootstrap_median_ci(&durations, 0.95, stats::DEFAULT_RESAMPLES, seed)
        .ok()
        .map(|i| i.to_array());
    let change =
        previous.and_then(|(from_period, prev)| compare(from_period, prev, &durations, seed));
    Ok(Row {
        period: period.to_owned(),
        group,
        count: durations.len(),
        incidents: members.len(),
        incidents_ci95: stats::poisson_ci(members.len() as u64, 0.95)
            .ok()
            .map(|i| i.to_array()),
        median_minutes: stats::median(&durations),
        p90_minutes: stats::p90(&durations),
        mean_minutes: stats::mean(&durations),
        geomean_minutes: stats::geometric_mean(&durations),
        max_minutes: stats::max(&durations),
        median_ci95,
        met_target_share,
        met_target: summary::target_shares(members, targets),
        dora_elite_share,
        impact_minutes: members.iter().filter_map(|p| p.impact_minutes).sum(),
        change,
        excluded,
        durations,
    })
}

/// The seed of a period's (and group's) resampling: the summary's comparisons use the same
/// one, so the summary and the row of a period give the same interval.
fn row_seed(options: &ReportOptions, period: &str, group: Option<&str>) -> u64 {
    options.seed ^ fnv(period) ^ fnv(group.unwrap_or(""))
}

/// The index of a period key as [`Period::key`] writes it.
fn period_index_of_key(period: Period, key: &str) -> Option<i64> {
    let (year, rest) = match period {
        Period::Year => (key, ""),
        Period::Month | Period::Quarter => key.split_once('-')?,
    };
    let year: i64 = year.parse().ok()?;
    Some(match period {
        Period::Year => year,
        Period::Month => year * 12 + rest.parse::<i64>().ok()? - 1,
        Period::Quarter => year * 4 + rest.strip_prefix('Q')?.parse::<i64>().ok()? - 1,
    })
}

/// A stable hash, so each row's resampling has its own reproducible stream.
fn fnv(text: &str) -> u64 {
    crate::stable_hash::fnv1a(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::parse_record;

    fn rec(id: &str, start: &str, mitigated: &str) -> Record {
        let text = format!(
            "id: {id}\ntitle: t\nstatus: draft\nseverity: SEV3\nimpact_kind: degraded\nsummary: s\ntimes:\n  started: {start}\n  detected: {start}\n  mitigated: {mitigated}\n"
        );
        parse_record(std::path::Path::new("x.yaml"), text)
            .map(|l| l.record)
            .unwrap()
    }

    #[test]
    fn the_report_does_not_depend_on_record_order() {
        let records: Vec<Record> = (1..=9)
            .map(|i| {
                rec(
                    &format!("r{i}"),
                    &format!("2024-0{i}-01T00:00:00Z"),
                    &format!("2024-0{i}-01T0{i}:30:00Z"),
                )
            })
            .collect();
        let forward: Vec<&Record> = records.iter().collect();
        let backward: Vec<&Record> = records.iter().rev().collect();
        let options = ReportOptions {
            by: Some(GroupBy::Severity),
            ..ReportOptions::default()
        };
        let settings = Settings::default();
        let a = serde_json::to_string(&build(&forward, &options, &settings).unwrap()).unwrap();
        let b = serde_json::to_string(&build(&backward, &options, &settings).unwrap()).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn the_report_is_the_same_on_any_number_of_threads() {
        // 18 to 21 incidents a quarter over eight quarters: order-statistic resampling and
        // Monte Carlo permutations in every comparison.
        let records: Vec<Record> = (0..160)
            .map(|i| {
                let month = i % 24;
                let day = format!(
                    "{}-{:02}-{:02}",
                    2023 + month / 12,
                    month % 12 + 1,
                    1 + i * 7 % 27
                );
                rec(
                    &format!("r{i:03}"),
                    &format!("{day}T00:00:00Z"),
                    &format!("{day}T{:02}:{:02}:00Z", 1 + i % 20, i * 13 % 60),
                )
            })
            .collect();
        let records: Vec<&Record> = records.iter().collect();
        let options = ReportOptions::default();
        let settings = Settings::default();
        let on_threads = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let report = pool
                .install(|| build(&records, &options, &settings))
                .unwrap();
            serde_json::to_string(&report).unwrap()
        };
        let one = on_threads(1);
        assert_eq!(one, on_threads(4));
        let report: serde_json::Value = serde_json::from_str(&one).unwrap();
        let rows = report["rows"].as_array().unwrap();
        assert_eq!(rows.len(), 8);
        assert!(rows.iter().all(|row| row["count"].as_u64() >= Some(18)));
        assert!(rows[1..]
            .iter()
            .all(|row| row["change"]["p_value"].is_f64()));
    }

    #[test]
    fn a_record_whose_times_contradict_each_other_counts_in_no_metric() {
        // Detected an hour before it started: `check` reports `times/order`.
        let text = "id: bad\ntitle: t\nstatus: draft\nseverity: SEV3\nimpact_kind: outage\nsummary: s\ntimes:\n  started: 2024-01-01T10:00:00Z\n  detected: 2024-01-01T09:00:00Z\n  acknowledged: 2024-01-01T10:05:00Z\n  mitigated: 2024-01-01T10:30:00Z\n  resolved: 2024-01-01T11:00:00Z\n  root_caused: 2024-01-01T10:40:00Z\n";
        let r = parse_record(std::path::Path::new("x.yaml"), text.into())
            .map(|l| l.record)
            .unwrap();
        for metric in [
            Metric::Ttd,
            Metric::Tta,
            Metric::Ttm,
            Metric::Ttr,
            Metric::Ttrc,
        ] {
            let options = ReportOptions {
                metric,
                ..ReportOptions::default()
            };
            let points = incident_points(&[&r], &options, &Settings::default()).unwrap();
            assert_eq!(
                points[0].excluded,
                Some(Exclusion::Inconsistent),
                "{metric:?}"
            );
            assert_eq!(points[0].minutes, None);
            assert_eq!(points[0].impact_minutes, None);
        }
    }

    #[test]
    fn periods_before_the_first_counted_incident_are_not_rows() {
        let records = [
            rec("old", "2022-02-01T00:00:00Z", "2022-02-01T00:00:00Z"),
            rec("a", "2023-02-01T00:00:00Z", "2023-02-01T00:40:00Z"),
            rec("b", "2023-08-01T00:00:00Z", "2023-08-01T00:20:00Z"),
        ];
        let list: Vec<&Record> = records.iter().collect();
        let report = build(&list, &ReportOptions::default(), &Settings::default()).unwrap();
        let periods: Vec<&str> = report.rows.iter().map(|r| r.period.as_str()).collect();
        assert_eq!(periods, ["2023-Q1", "2023-Q2", "2023-Q3"]);
        let skipped = report.leading_periods_skipped.unwrap();
        assert_eq!((skipped.count, skipped.incidents), (4, 1));
        assert_eq!(
            (skipped.first.as_str(), skipped.last.as_str()),
            ("2022-Q1", "2022-Q4")
        );
        assert!(
            report.rows[0].change.is_none(),
            "nothing before it to compare with"
        );
        assert!(report
            .summary
            .not_counted
            .sentence
            .contains("4 quarters from 2022-Q1 to 2022-Q4 are not shown"));
    }

    #[test]
    fn an_archive_that_stops_early_in_a_period_does_not_compare_it() {
        // Ten incidents a month through September, then one on 2 October and nothing after.
        let mut records = Vec::new();
        for month in 7..=9 {
            for day in 1..=10 {
                let start = format!("2023-{month:02}-{:02}T00:00:00Z", day * 2);
                let end = format!("2023-{month:02}-{:02}T00:30:00Z", day * 2);
                records.push(rec(&format!("r{month}-{day}"), &start, &end));
            }
        }
        records.push(rec("last", "2023-10-02T00:00:00Z", "2023-10-02T01:00:00Z"));
        let list: Vec<&Record> = records.iter().collect();
        let report = build(&list, &ReportOptions::default(), &Settings::default()).unwrap();
        assert_eq!(report.summary.incomplete_period.as_deref(), Some("2023-Q4"));
        assert_eq!(report.summary.latest_period.as_deref(), Some("2023-Q3"));
        // With a `today` inside the quarter, the quarter has simply not ended.
        let options = ReportOptions {
            today: NaiveDate::from_ymd_opt(2023, 10, 3),
            ..ReportOptions::default()
        };
        let report = build(&list, &options, &Settings::default()).unwrap();
        assert_eq!(report.summary.incomplete_period.as_deref(), Some("2023-Q4"));
        assert!(report
            .summary
            .incomplete_reason
            .unwrap()
            .contains("had not ended on 2023-10-03"));
    }

    #[test]
    fn period_days_cover_the_calendar() {
        let q = Period::Quarter.index(NaiveDate::from_ymd_opt(2024, 5, 9).unwrap());
        assert_eq!(
            Period::Quarter.days_of_index(q),
            Some((
                NaiveDate::from_ymd_opt(2024, 4, 1).unwrap(),
                NaiveDate::from_ymd_opt(2024, 6, 30).unwrap()
            ))
        );
        assert_eq!(period_index_of_key(Period::Quarter, "2024-Q2"), Some(q));
        let m = Period::Month.index(NaiveDate::from_ymd_opt(2024, 2, 9).unwrap());
        assert_eq!(
            Period::Month.days_of_index(m).map(|d| d.1),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(period_index_of_key(Period::Month, "2024-02"), Some(m));
        assert_eq!(period_index_of_key(Period::Year, "2024"), Some(2024));
    }

    #[test]
    fn periods_follow_the_archive_timezone() {
        // 23:30 UTC on 31 March is already April at +02:00.
        let r = rec("r", "2024-03-31T23:30:00Z", "2024-04-01T00:30:00Z");
        let mut settings = Settings::default();
        let options = ReportOptions::default();
        assert_eq!(
            incident_points(&[&r], &options, &settings).unwrap()[0].period,
            "2024-Q1"
        );
        settings.timezone = "+02:00".into();
        assert_eq!(
            incident_points(&[&r], &options, &settings).unwrap()[0].period,
            "2024-Q2"
        );
    }
}
