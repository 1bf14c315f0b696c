//! MTTx trend reports that say when a change is only noise.
//!
//! Incident durations are skewed: a quarter's mean moves with one long incident. So each
//! period and group gets the median with a bootstrap interval, p90 only where there are
//! enough incidents, the share that met its target, and a change from the previous period
//! that is called a change only when its interval excludes 1. Everything not counted is
//! listed with the reason: open incidents, zero-length and negative durations.

pub mod actions;
pub mod export;
mod render;

use std::collections::BTreeMap;

use chrono::{Datelike, FixedOffset, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

pub use render::{to_csv, to_html, to_html_body, to_markdown, to_svg, verdict};

use crate::error::{Error, Result};
use crate::record::{ImpactKind, Record, Timestamp};
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

    fn endpoints(self, r: &Record) -> (Option<Timestamp>, Option<Timestamp>) {
        let t = &r.times;
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
    fn groups(self, r: &Record) -> Vec<String> {
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
        }
    }
}

/// Why an incident's duration is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Exclusion {
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
            Exclusion::Open => "open",
            Exclusion::MissingTime => "missing-time",
            Exclusion::ZeroLength => "zero-length",
            Exclusion::Negative => "negative",
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
}

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// Median of this period over median of the previous one.
    pub ratio: f64,
    pub ci95: [f64; 2],
    pub p_value: f64,
    /// True when the 95% interval of the ratio excludes 1 (and both periods have at least
    /// five incidents; fewer cannot show a change).
    pub detectable: bool,
    pub too_few: bool,
    /// The smallest ratio this pair of periods could have detected (alpha 0.05, power 0.8).
    pub minimum_detectable_ratio: Option<f64>,
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
    pub metric: Metric,
    pub metric_name: &'static str,
    pub starts_at: &'static str,
    pub ends_at: &'static str,
    pub period: Period,
    pub by: Option<GroupBy>,
    pub timezone: String,
    pub seed: u64,
    pub rows: Vec<Row>,
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

/// Each record's duration for the metric, its period and groups, or why it is excluded.
pub fn incident_points(
    records: &[&Record],
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
        let (from, to) = options.metric.endpoints(r);
        let (minutes, excluded) = match (from, to) {
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
            impact_minutes,
        });
    }
    points.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(points)
}

/// Builds the report over `records`.
pub fn build(records: &[&Record], options: &ReportOptions, settings: &Settings) -> Result<Report> {
    let points = incident_points(records, options, settings)?;
    let tz = parse_timezone(&settings.timezone)?;
    // Every period from the first to the last, empty ones included: a gap is information.
    let indexes: Vec<i64> = records
        .iter()
        .map(|r| r.times.started.0.with_timezone(&tz).date_naive())
        .filter(|d| options.since.is_none_or(|s| *d >= s) && options.until.is_none_or(|u| *d <= u))
        .map(|d| options.period.index(d))
        .collect();
    let periods: Vec<String> = match (indexes.iter().min(), indexes.iter().max()) {
        (Some(lo), Some(hi)) => (*lo..=*hi)
            .map(|i| options.period.key_of_index(i))
            .collect(),
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
                previous.as_deref(),
                options,
            )
        })
        .collect::<Result<Vec<Row>>>()?;
    let (start, end) = options.metric.fields();
    Ok(Report {
        metric: options.metric,
        metric_name: options.metric.name(),
        starts_at: start,
        ends_at: end,
        period: options.period,
        by: options.by,
        timezone: settings.timezone.clone(),
        seed: options.seed,
        rows,
        excluded: points
            .iter()
            .filter_map(|p| {
                p.excluded.map(|reason| ExcludedIncident {
                    id: p.id.clone(),
                    period: p.period.clone(),
                    reason,
                })
            })
            .collect(),
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
    previous: Option<&[f64]>,
    options: &ReportOptions,
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
    let seed = options.seed ^ fnv(period) ^ fnv(group.as_deref().unwrap_or(""));
    let median_ci95 = stats::bootstrap_median_ci(&durations, 0.95, stats::DEFAULT_RESAMPLES, seed)
        .ok()
        .map(|i| i.to_array());
    let change = match previous {
        Some(prev) if !prev.is_empty() && !durations.is_empty() => {
            let positive = |v: &[f64]| v.iter().copied().filter(|x| *x > 0.0).collect::<Vec<f64>>();
            stats::median_ratio(&positive(prev), &positive(&durations), seed)
                .ok()
                .map(|m| Change {
                    ratio: m.ratio,
                    ci95: m.ci.to_array(),
                    p_value: m.p_value,
                    detectable: m.detectable,
                    too_few: m.too_few_to_detect,
                    minimum_detectable_ratio: m.minimum_detectable_ratio,
                })
        }
        _ => None,
    };
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
        dora_elite_share,
        impact_minutes: members.iter().filter_map(|p| p.impact_minutes).sum(),
        change,
        excluded,
        durations,
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
