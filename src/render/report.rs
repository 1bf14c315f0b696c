//! The MTTR report in Markdown, HTML (with inline SVG, no JavaScript) and SVG, and the action
//! review in Markdown. Rust works out the numbers as text and the chart's geometry; the
//! templates under `templates/report/` lay them out, so an archive can restyle any form by
//! overriding one file (see [`crate::render`]). JSON is the `Report` itself, serialised; CSV
//! is [`crate::report::to_csv`].

use chrono::TimeDelta;
use serde::Serialize;

use crate::common::{human_duration, MISSING};

use super::Renderer;
use crate::error::Result;
use crate::record::ImpactKind;
use crate::report::actions::ActionReview;
use crate::report::capitalise_first;
use crate::report::{
    Change, ChangeShare, ChangeVerdict, ExcludedIncident, Exclusion, PeriodSummary, Report, Row,
    Summary, TargetShare,
};

/// The templates, by the name an archive's override uses.
pub const MARKDOWN_TEMPLATE: &str = "report/report.md.tera";
pub const HTML_TEMPLATE: &str = "report/report.html.tera";
pub const BODY_TEMPLATE: &str = "report/body.html.tera";
pub const CHART_TEMPLATE: &str = "report/chart.svg.tera";
pub const ACTIONS_TEMPLATE: &str = "report/actions.md.tera";

/// How many periods the chart draws: the latest ones, which a reader asks about; the table
/// has every period.
pub const CHART_PERIODS: usize = 12;

/// How many periods the chart a phone shows draws: twelve columns on a phone's width leave
/// text a few pixels high, so narrow screens get the latest four, drawn at a readable size.
pub const NARROW_CHART_PERIODS: usize = 4;

/// How many excluded incidents the Markdown lists one by one before summarising.
const EXCLUDED_LISTED: usize = 50;

/// Minutes as people read them: "42 min", "3 h 30 min", "2 d 2 h".
pub fn minutes(m: f64) -> String {
    // Statistics come in fractional minutes; people read them through the library's one
    // duration formatter, to the second.
    let seconds = (m * 60.0).round();
    let seconds = if seconds.is_finite() {
        seconds as i64
    } else {
        0
    };
    human_duration(TimeDelta::seconds(seconds))
}

fn opt_minutes(m: Option<f64>) -> String {
    m.map(minutes).unwrap_or_else(|| MISSING.into())
}

fn percent(s: f64) -> String {
    format!("{:.0}%", s * 100.0)
}

/// The change in words. An arrow and numbers only where they mean something: fewer than five
/// incidents on either side gives neither ratio, interval nor p-value.
pub fn change_text(change: Option<&Change>) -> String {
    let Some(c) = change else {
        return MISSING.into();
    };
    let numbers = match (c.ratio, c.ci95, c.p_value) {
        (Some(r), Some([lo, hi]), Some(p)) => {
            format!("×{r:.2}, 95% CI {lo:.2}–{hi:.2}, p = {p:.3}")
        }
        _ => String::new(),
    };
    match c.verdict {
        ChangeVerdict::TooFew => format!(
            "too few incidents to tell ({} vs {})",
            c.count, c.from_count
        ),
        ChangeVerdict::Faster => format!("↓ faster ({numbers})"),
        ChangeVerdict::Slower => format!("↑ slower ({numbers})"),
        ChangeVerdict::NoDetectableChange => format!("no detectable change ({numbers})"),
    }
}

fn met_target_text(shares: &[TargetShare]) -> String {
    let parts: Vec<String> = shares
        .iter()
        .filter(|t| t.counted > 0)
        .map(|t| {
            format!(
                "{} ≤ {}: {} of {} ({})",
                t.impact_kind.as_str(),
                minutes(t.target_minutes),
                t.met,
                t.counted,
                t.share.map(percent).unwrap_or_default()
            )
        })
        .collect();
    if parts.is_empty() {
        MISSING.into()
    } else {
        parts.join("; ")
    }
}

/// The table's columns, the same in Markdown and HTML, each with the fields that carry its
/// values in JSON (`rows[]`) and in CSV: the forms differ in layout, not in content.
const TABLE_COLUMNS: &[(&str, &str, &[&str])] = &[
    ("period", "period", &["period"]),
    ("group", "group", &["group"]),
    (
        "incidents (95% CI)",
        "incidents",
        &["incidents", "incidents_ci95_lo", "incidents_ci95_hi"],
    ),
    ("counted", "count", &["count"]),
    (
        "median (95% CI)",
        "median_ci95",
        &["median_minutes", "median_ci95_lo", "median_ci95_hi"],
    ),
    ("p90", "p90_minutes", &["p90_minutes"]),
    ("mean", "mean_minutes", &["mean_minutes"]),
    (
        "met target",
        "met_target",
        &[
            "met_target_outage_share",
            "met_target_degraded_share",
            "met_target_feature_share",
        ],
    ),
    ("total impact", "impact_minutes", &["impact_minutes"]),
    (
        "change from previous",
        "change",
        &[
            "change_verdict",
            "change_ratio",
            "change_ci95_lo",
            "change_ci95_hi",
            "change_p_value",
            "change_detectable",
        ],
    ),
    ("not counted", "excluded", &["excluded"]),
];

fn columns(grouped: bool) -> Vec<&'static str> {
    TABLE_COLUMNS
        .iter()
        .map(|(label, _, _)| *label)
        .filter(|label| grouped || *label != "group")
        .collect()
}

fn cells(row: &Row, grouped: bool, incomplete: Option<&str>) -> Vec<String> {
    let mut c = vec![if incomplete == Some(row.period.as_str()) {
        format!("{} (incomplete)", row.period)
    } else {
        row.period.clone()
    }];
    if grouped {
        c.push(row.group.clone().unwrap_or_default());
    }
    let excluded: Vec<String> = row
        .excluded
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    c.extend([
        match row.incidents_ci95 {
            Some([lo, hi]) => format!("{} ({lo:.1}–{hi:.1})", row.incidents),
            None => row.incidents.to_string(),
        },
        row.count.to_string(),
        match (row.median_minutes, row.median_ci95) {
            (Some(m), Some([lo, hi])) => {
                format!("{} ({}–{})", minutes(m), minutes(lo), minutes(hi))
            }
            (Some(m), None) => minutes(m),
            _ => MISSING.into(),
        },
        row.p90_minutes.map(minutes).unwrap_or_else(|| {
            if row.count > 0 {
                "n too small".into()
            } else {
                MISSING.into()
            }
        }),
        opt_minutes(row.mean_minutes),
        met_target_text(&row.met_target),
        if row.impact_minutes > 0.0 {
            minutes(row.impact_minutes)
        } else {
            MISSING.into()
        },
        change_text(row.change.as_ref()),
        if excluded.is_empty() {
            MISSING.into()
        } else {
            excluded.join(", ")
        },
    ]);
    c
}

#[derive(Serialize)]
struct TableView {
    /// The group's name, for a report `--by` something.
    group: Option<String>,
    rows: Vec<Vec<String>>,
}

#[derive(Serialize)]
struct PeriodColumn {
    role: &'static str,
    period: String,
}

/// The summary as lines of text, ready for either form.
#[derive(Serialize)]
struct SummaryView {
    verdict: Vec<String>,
    /// The compared periods, latest first.
    periods: Vec<PeriodColumn>,
    /// Rows of the comparison table: a label, then one cell per period.
    table: Vec<Vec<String>>,
    /// Further facts, one sentence each.
    facts: Vec<String>,
    not_counted: String,
}

fn summary_view(summary: &Summary, metric_name: &str) -> SummaryView {
    let mut table: Vec<Vec<String>> = Vec::new();
    let row = |label: String, f: &dyn Fn(&PeriodSummary) -> String| {
        let mut r = vec![label];
        r.extend(summary.periods.iter().map(f));
        r
    };
    table.push(row("incidents".into(), &|p| p.incidents.to_string()));
    table.push(row("by severity".into(), &|p| {
        let parts: Vec<String> = p
            .by_severity
            .iter()
            .map(|s| format!("{} {}", s.severity, s.incidents))
            .collect();
        if parts.is_empty() {
            MISSING.into()
        } else {
            parts.join(", ")
        }
    }));
    table.push(row("counted".into(), &|p| p.counted.to_string()));
    table.push(row(
        format!("median {metric_name} (95% interval)"),
        &|p| match (p.median_minutes, p.median_ci95) {
            (Some(m), Some([lo, hi])) => {
                format!("{} ({}–{})", minutes(m), minutes(lo), minutes(hi))
            }
            (Some(m), None) => minutes(m),
            _ => MISSING.into(),
        },
    ));
    for t in &summary.targets {
        let kind = t.impact_kind;
        table.push(row(
            format!("{} within target ({})", kind.as_str(), minutes(t.minutes)),
            &|p| {
                p.met_target
                    .iter()
                    .find(|s| s.impact_kind == kind)
                    .filter(|s| s.counted > 0)
                    .map(|s| {
                        format!(
                            "{} of {} ({})",
                            s.met,
                            s.counted,
                            s.share.map(percent).unwrap_or_default()
                        )
                    })
                    .unwrap_or_else(|| MISSING.into())
            },
        ));
    }
    let mut facts = Vec::new();
    if summary.targets.is_empty() {
        facts.push(format!("The archive sets no target for the {metric_name}."));
    } else {
        let t: Vec<String> = summary
            .targets
            .iter()
            .map(|t| format!("{} {}", t.impact_kind.as_str(), minutes(t.minutes)))
            .collect();
        facts.push(format!(
            "Targets for the {metric_name} (the targets section of whys.yaml, else the built-in defaults): {}.",
            t.join(", ")
        ));
    }
    if let Some(reason) = &summary.incomplete_reason {
        facts.insert(0, reason.clone());
    }
    if let Some(latest) = &summary.latest_period {
        let due: Vec<String> = summary
            .follow_through
            .iter()
            .filter(|f| f.due > 0)
            .map(|f| {
                format!(
                    "{} {} of {} ({})",
                    f.horizon,
                    f.done_by_due,
                    f.due,
                    f.share.map(percent).unwrap_or_default()
                )
            })
            .collect();
        facts.push(if summary.action_items == 0 {
            "Action items: no record in the report has any, so follow-through cannot be told."
                .to_owned()
        } else if due.is_empty() {
            format!("Action items: none of {latest}'s incidents has an item due yet.")
        } else {
            format!(
                "Action items of {latest}'s incidents done by their due date, by horizon: {}.",
                due.join("; ")
            )
        });
        if let Some(n) = summary.overdue_now.filter(|_| summary.action_items > 0) {
            facts.push(format!("Open action items past due now: {n}."));
        }
        facts.push(if summary.repeat_incidents_all == 0 {
            "Repeat incidents: no record in the report names related incidents in its related field, so repeats cannot be told.".to_owned()
        } else {
            format!(
                "Repeat incidents in {latest} (records naming related incidents): {} of {}.",
                summary.repeat_incidents,
                summary.periods.first().map_or(0, |p| p.incidents)
            )
        });
        if !summary.top_services.is_empty() {
            let s: Vec<String> = summary
                .top_services
                .iter()
                .map(|s| format!("{} {}", s.service, minutes(s.impact_minutes)))
                .collect();
            facts.push(format!(
                "Services with the most impact in {latest}: {}.",
                s.join(", ")
            ));
        }
        facts.push(changes_sentence(
            &format!("in {latest}"),
            &summary.preceding_changes,
            summary.preceding_changes_of,
            false,
        ));
    }
    facts.push(changes_sentence(
        "in the whole report",
        &summary.preceding_changes_all,
        summary.preceding_changes_all_of,
        true,
    ));
    SummaryView {
        verdict: summary.verdict.clone(),
        periods: summary
            .periods
            .iter()
            .map(|p| PeriodColumn {
                role: match p.role {
                    "year-before" => "a year before",
                    other => other,
                },
                period: p.period.clone(),
            })
            .collect(),
        table,
        facts,
        not_counted: summary.not_counted.sentence.clone(),
    }
}

fn changes_sentence(scope: &str, shares: &[ChangeShare], of: usize, test_claim: bool) -> String {
    if shares.is_empty() {
        return format!(
            "What preceded the incidents {scope}: none of the {of} records lists a change in its changes field, so this cannot be told."
        );
    }
    let kind_name = |c: &ChangeShare| {
        serde_json::to_value(c.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let parts: Vec<String> = shares
        .iter()
        .map(|c| {
            let interval = c
                .share_ci95
                .map(|[lo, hi]| format!(", 95% CI {}–{}", percent(lo), percent(hi)))
                .unwrap_or_default();
            format!(
                "{} {} of {of} ({}{interval})",
                kind_name(c),
                c.incidents,
                percent(c.share)
            )
        })
        .collect();
    // The claim teams hear most, tested where the archive can test it.
    let deploy_claim = shares
        .iter()
        .filter(|_| test_claim)
        .find(|c| c.kind == crate::record::ChangeKind::Deploy)
        .and_then(|c| c.share_ci95)
        .map(|[lo, hi]| {
            if (lo..=hi).contains(&DEPLOY_CLAIM) {
                " 40% lies inside the deploys' interval: these incidents cannot rule out the common claim that a deploy precedes about 40% of incidents."
            } else if hi < DEPLOY_CLAIM {
                " 40% lies above the deploys' interval: here deploys precede fewer incidents than the common claim of about 40%."
            } else {
                " 40% lies below the deploys' interval: here deploys precede more incidents than the common claim of about 40%."
            }
        })
        .unwrap_or_default();
    format!(
        "Incidents {scope} with a change of each kind recorded before them: {}.{deploy_claim}",
        parts.join(", ")
    )
}

/// The share of incidents a deploy is commonly said to precede.
const DEPLOY_CLAIM: f64 = 0.4;

/// Everything a report template gets.
#[derive(Serialize)]
struct ReportView<'a> {
    /// The report itself, as `--format json` prints it, for templates that want more.
    report: &'a Report,
    title: String,
    summary: SummaryView,
    method: Vec<String>,
    columns: Vec<&'static str>,
    tables: Vec<TableView>,
    chart: ChartView,
    /// The same chart of fewer periods, which the HTML shows on narrow screens instead.
    chart_narrow: ChartView,
    /// Where the Markdown finds the chart (`--out` writes it beside the report).
    chart_file: Option<&'a str>,
    excluded: Vec<[&'a str; 3]>,
    excluded_more: usize,
    unreadable: &'a [String],
}

fn view<'a>(report: &'a Report, chart_file: Option<&'a str>, list_all: bool) -> ReportView<'a> {
    let grouped = report.by.is_some();
    let mut tables: Vec<TableView> = Vec::new();
    for row in &report.rows {
        if tables.last().is_none_or(|t| t.group != row.group) {
            tables.push(TableView {
                group: row.group.clone(),
                rows: Vec::new(),
            });
        }
        if let Some(t) = tables.last_mut() {
            t.rows.push(cells(
                row,
                grouped,
                report.summary.incomplete_period.as_deref(),
            ));
        }
    }
    let listed = if list_all {
        report.excluded.len()
    } else {
        EXCLUDED_LISTED.min(report.excluded.len())
    };
    let unit = report.period.name();
    let mut summary = summary_view(&report.summary, report.metric_name);
    if let Some(by) = report.by {
        let by = serde_json::to_value(by)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        summary.facts.insert(
            0,
            format!(
                "The summary counts all incidents together; the tables below split them by {by}."
            ),
        );
    }
    ReportView {
        report,
        title: format!("{} report", capitalise_first(report.metric_name)),
        summary,
        method: vec![
            format!(
                "\"MTTR\" here is the {}: {} − {}, per incident, in minutes. Incidents belong to the {unit} in which they started ({}).",
                report.metric_name, report.ends_at, report.starts_at, report.timezone
            ),
            format!(
                "Durations are skewed, so read the median and its 95% bootstrap interval, not the mean. A change is called a change only when the 95% interval of the ratio of medians excludes 1 and both periods have at least 5 counted incidents; with fewer, no ratio is shown. p90 needs at least 20 incidents. Seed {}.",
                report.seed
            ),
        ],
        columns: columns(grouped),
        tables,
        chart: chart(report, CHART_PERIODS, "wide"),
        chart_narrow: chart(report, NARROW_CHART_PERIODS, "narrow"),
        chart_file,
        excluded: excluded_in_listing_order(report)[..listed]
            .iter()
            .map(|e| [e.id.as_str(), e.period.as_str(), e.reason.as_str()])
            .collect(),
        excluded_more: report.excluded.len() - listed,
        unreadable: &report.unreadable,
    }
}

/// The rarest reasons first (inconsistent before zero-length): a short listing shows the
/// incidents someone should fix, not fifty back-filled ones.
fn excluded_in_listing_order(report: &Report) -> Vec<&ExcludedIncident> {
    let mut by_reason: std::collections::BTreeMap<Exclusion, usize> = Default::default();
    for e in &report.excluded {
        *by_reason.entry(e.reason).or_default() += 1;
    }
    let mut listed: Vec<&ExcludedIncident> = report.excluded.iter().collect();
    listed.sort_by_key(|e| (by_reason.get(&e.reason).copied(), e.reason, e.id.as_str()));
    listed
}

/// The report as Markdown; `chart_file` is where the chart's SVG was written, if anywhere.
pub fn to_markdown(
    report: &Report,
    renderer: &Renderer,
    chart_file: Option<&str>,
) -> Result<String> {
    let text = renderer.render(MARKDOWN_TEMPLATE, &view(report, chart_file, false))?;
    Ok(super::tidy_markdown(&text))
}

/// The action review as Markdown, through `templates/report/actions.md.tera` (an archive can
/// override it).
pub fn actions_markdown(review: &ActionReview, renderer: &Renderer) -> Result<String> {
    let text = renderer.render(ACTIONS_TEMPLATE, review)?;
    Ok(super::tidy_markdown(&text))
}

/// The site's report page (`site/report.html.tera`), which includes the same body.
pub fn to_site_page(report: &Report, renderer: &Renderer, root: &str) -> Result<String> {
    #[derive(Serialize)]
    struct SitePage<'a> {
        #[serde(flatten)]
        view: ReportView<'a>,
        root: &'a str,
        metric_name: &'a str,
    }
    renderer.render(
        "site/report.html.tera",
        &SitePage {
            view: view(report, None, true),
            root,
            metric_name: report.metric_name,
        },
    )
}

/// A self-contained HTML page of the report.
pub fn to_html(report: &Report, renderer: &Renderer) -> Result<String> {
    renderer.render(HTML_TEMPLATE, &view(report, None, true))
}

/// The report as an HTML fragment (summary, chart, tables), every value escaped: what the
/// standalone page and the site's report page both include.
pub fn to_html_body(report: &Report, renderer: &Renderer) -> Result<String> {
    renderer.render(BODY_TEMPLATE, &view(report, None, true))
}

/// The chart alone, as an SVG file.
pub fn to_svg(report: &Report, renderer: &Renderer) -> Result<String> {
    // Tera keeps the newline after a leading comment; an SVG file starts at its tag.
    let svg = renderer.render(CHART_TEMPLATE, &view(report, None, false))?;
    Ok(svg.trim_start().to_owned())
}

#[derive(Serialize)]
struct Point {
    x: f64,
    y: f64,
}

#[derive(Serialize)]
struct Tick {
    y: f64,
    label: String,
}

#[derive(Serialize)]
struct TargetLine {
    y: f64,
    label: String,
    /// `outage`, `degraded` or `feature`: the line's style.
    kind: &'static str,
}

#[derive(Serialize)]
struct ChartColumn {
    x: f64,
    label: String,
    count: usize,
    /// The summary found this period incomplete: its few incidents are not a calm period.
    incomplete: bool,
    dots: Vec<Point>,
    /// The median's 95% interval (top and bottom) and the median itself.
    ci: Option<[f64; 2]>,
    median: Option<f64>,
}

#[derive(Serialize)]
struct LegendItem {
    x: f64,
    /// The baseline of its text.
    y: f64,
    /// `dot`, `median`, `ci`, or a target's impact kind.
    kind: &'static str,
    label: String,
}

/// The chart's geometry in the SVG's own units; CSS scales it to the page.
#[derive(Serialize)]
struct ChartView {
    name: &'static str,
    width: f64,
    height: f64,
    plot_left: f64,
    plot_right: f64,
    plot_top: f64,
    axis_y: f64,
    title: String,
    ticks: Vec<Tick>,
    targets: Vec<TargetLine>,
    columns: Vec<ChartColumn>,
    legend: Vec<LegendItem>,
    /// Periods with rows before the ones drawn ("earlier periods: see the table").
    periods_not_drawn: usize,
    first_drawn: Option<String>,
}

fn tick_label(m: f64) -> String {
    match m as u64 {
        1440 => "1 d".into(),
        10_080 => "1 week".into(),
        43_200 => "30 d".into(),
        60 => "1 h".into(),
        240 => "4 h".into(),
        n => format!("{n} min"),
    }
}

/// A strip plot per period on a log scale: every incident a dot, the median a tick with its
/// interval as a bar, each target a dashed line; the latest `periods_drawn` periods only.
/// `name` tells two charts on one page apart (their ids).
fn chart(report: &Report, periods_drawn: usize, name: &'static str) -> ChartView {
    let mut periods: Vec<&str> = Vec::new();
    for r in &report.rows {
        if periods.last() != Some(&r.period.as_str()) && !periods.contains(&r.period.as_str()) {
            periods.push(&r.period);
        }
    }
    let drawn_from = periods.len().saturating_sub(periods_drawn);
    let drawn: Vec<&str> = periods[drawn_from..].to_vec();
    let rows: Vec<&Row> = report
        .rows
        .iter()
        .filter(|r| drawn.contains(&r.period.as_str()))
        .collect();
    let (left, col, axis_gap, plot_h) = (64.0, 60.0, 52.0, 240.0);
    // Never narrower than a phone's worth of legend, so a short history stays legible.
    let width = (left + col * rows.len().max(1) as f64 + 12.0).max(320.0);
    let targets: Vec<(ImpactKind, f64)> = report
        .targets
        .iter()
        .map(|t| (t.impact_kind, t.minutes))
        .collect();
    // The legend first: it wraps onto as many lines as the chart's width needs, and the plot
    // starts below it.
    let mut legend = Vec::new();
    let (mut x, mut line) = (8.0, 0.0);
    let mut add = |kind: &'static str, label: String| {
        let w = 34.0 + label.chars().count() as f64 * 6.2;
        if x > 8.0 && x + w > width {
            x = 8.0;
            line += 1.0;
        }
        legend.push(LegendItem {
            x,
            y: 14.0 + 18.0 * line,
            kind,
            label,
        });
        x += w;
    };
    add("dot", "an incident".into());
    add("median", "median".into());
    add("ci", "95% interval of the median".into());
    for (kind, m) in &targets {
        add(
            kind.as_str(),
            format!("{} target {}", kind.as_str(), minutes(*m)),
        );
    }
    let top = 34.0 + 18.0 * line;
    let axis_y = top + plot_h;
    let height = axis_y + axis_gap;
    let all: Vec<f64> = rows
        .iter()
        .flat_map(|r| r.durations.iter().copied())
        .chain(targets.iter().map(|t| t.1))
        .filter(|d| *d > 0.0)
        .collect();
    let lo = all
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .clamp(0.1, 1.0e9);
    let hi = all.iter().copied().fold(1.0, f64::max);
    let (llo, lhi) = (
        lo.log10().floor(),
        hi.log10().ceil().max(lo.log10().floor() + 1.0),
    );
    // The axis starts at 10^llo: anything shorter sits on it.
    let floor = 10f64.powf(llo);
    let y = |m: f64| top + plot_h * (1.0 - (m.max(floor).log10() - llo) / (lhi - llo));
    let ticks = [1.0, 5.0, 15.0, 60.0, 240.0, 1440.0, 10_080.0, 43_200.0]
        .into_iter()
        .filter(|t| *t >= 10f64.powf(llo) && *t <= 10f64.powf(lhi))
        .map(|t| Tick {
            y: round1(y(t)),
            label: tick_label(t),
        })
        .collect();
    let columns = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let cx = left + col * (i as f64 + 0.5);
            ChartColumn {
                x: round1(cx),
                label: match &row.group {
                    Some(g) => format!("{} {g}", row.period),
                    None => row.period.clone(),
                },
                count: row.count,
                incomplete: report.summary.incomplete_period.as_deref()
                    == Some(row.period.as_str()),
                // A deterministic jitter so equal durations stay visible.
                dots: row
                    .durations
                    .iter()
                    .enumerate()
                    .map(|(j, d)| Point {
                        x: round1(cx + (((j * 7919) % 17) as f64 - 8.0) * 1.4),
                        y: round1(y(*d)),
                    })
                    .collect(),
                ci: row.median_ci95.map(|[a, b]| [round1(y(b)), round1(y(a))]),
                median: row.median_minutes.map(|m| round1(y(m))),
            }
        })
        .collect();
    ChartView {
        name,
        width: round1(width),
        height,
        plot_left: left,
        plot_right: round1(width - 8.0),
        plot_top: top,
        axis_y,
        title: format!(
            "{} per {}, log scale: dots are incidents, the tick the median, the bar its 95% interval, dashed lines the targets",
            capitalise_first(report.metric_name),
            report.period.name()
        ),
        ticks,
        targets: targets
            .iter()
            .map(|(kind, m)| TargetLine {
                y: round1(y(*m)),
                label: format!("{} {}", kind.as_str(), minutes(*m)),
                kind: kind.as_str(),
            })
            .collect(),
        columns,
        legend,
        periods_not_drawn: drawn_from,
        first_drawn: drawn.first().map(|p| (*p).to_owned()),
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::CSV_COLUMNS;

    #[test]
    fn every_table_column_is_in_the_json_rows_and_the_csv() {
        let row = Row {
            period: "2024-Q1".into(),
            group: None,
            count: 0,
            incidents: 0,
            incidents_ci95: None,
            median_minutes: None,
            p90_minutes: None,
            mean_minutes: None,
            geomean_minutes: None,
            max_minutes: None,
            median_ci95: None,
            met_target_share: None,
            met_target: Vec::new(),
            dora_elite_share: None,
            impact_minutes: 0.0,
            change: None,
            excluded: Default::default(),
            durations: Vec::new(),
        };
        let json = serde_json::to_value(&row).unwrap();
        for (label, json_field, csv_fields) in TABLE_COLUMNS {
            assert!(
                json.get(json_field).is_some(),
                "{label}: no `{json_field}` in the JSON row"
            );
            for field in *csv_fields {
                assert!(
                    CSV_COLUMNS.contains(field),
                    "{label}: no `{field}` in the CSV"
                );
            }
        }
        assert_eq!(columns(true).len(), TABLE_COLUMNS.len());
        assert_eq!(cells(&row, true, None).len(), TABLE_COLUMNS.len());
        assert_eq!(cells(&row, false, None).len(), columns(false).len());
    }
}
