//! What templates see: a record with every derived value worked out in Rust.
//!
//! Templates stay simple (and overridable by people who do not read Rust) when durations,
//! offsets, time zones, evidence kinds and diagram geometry arrive ready to print. The raw
//! record is there too, as `record`, for anything a custom template wants that the view lacks.
//!
//! Fields ending in `_html` hold HTML made by [`super::cmark`]: safe to print with `| safe`.
//! Every other text is the author's, to be escaped (Tera does that for `.html.tera` templates).

use chrono::TimeDelta;
use serde::Serialize;

use super::cmark::{block_html, inline_html};
use super::svg::{chain_diagram, timeline_diagram, ChainDiagram, TimelineDiagram};
use crate::common::human_duration;
use crate::evidence::normalize_id;
use crate::record::{ActionItem, Evidence, Horizon, Record, Timestamp};

#[derive(Debug, Serialize)]
pub struct RecordView<'a> {
    pub record: &'a Record,
    pub id: &'a str,
    pub title: &'a str,
    pub status: String,
    pub severity: &'a str,
    /// The digit a name like `SEV2` ends in, for styling; custom names may have none.
    pub severity_level: Option<u32>,
    pub impact_kind: String,
    pub detection: Option<String>,
    /// `YYYY-MM-DD` of `started`, in UTC.
    pub started_date: String,
    pub summary_html: String,
    pub impact: Option<ImpactView>,
    pub times: Vec<TimeView>,
    /// Whether any milestone was written with another offset than UTC.
    pub times_have_local: bool,
    pub durations: Vec<DurationView>,
    /// Minutes from start to mitigation, for sorting; `None` while not mitigated.
    pub ttm_minutes: Option<i64>,
    pub ttm: Option<String>,
    pub signals: Vec<TextView>,
    pub changes: Vec<ChangeView>,
    pub timeline: Vec<TimelineView>,
    /// Whether any timeline entry names a service (else the column is left out).
    pub timeline_has_service: bool,
    pub whys: Vec<WhyView>,
    pub root_cause_html: Option<String>,
    pub contributing_factors: Vec<TextView>,
    pub action_groups: Vec<ActionGroup>,
    pub action_count: usize,
    pub open_action_count: usize,
    pub evidence: Vec<EvidenceView>,
    pub lessons_html: Option<String>,
    /// `related` ids, each with whether it is a slug (only slugs become links).
    pub related: Vec<RelatedView>,
    pub chain_diagram: ChainDiagram,
    pub timeline_diagram: Option<TimelineDiagram>,
}

#[derive(Debug, Serialize)]
pub struct RelatedView {
    pub id: String,
    pub linkable: bool,
}

#[derive(Debug, Serialize)]
pub struct ImpactView {
    pub users_affected: Option<u64>,
    pub description: Option<String>,
    pub description_html: Option<String>,
}

/// A time as people read it: UTC, with the author's own offset beside it when not UTC.
#[derive(Debug, Clone, Serialize)]
pub struct TimeView {
    /// `started`, `detected`, ... (empty outside the `times` list).
    pub name: String,
    pub label: String,
    /// `2025-10-07 08:30 UTC`.
    pub utc: String,
    /// `10:30 +02:00` when the record wrote another offset than UTC.
    pub local: Option<String>,
    /// Machine-readable, for `<time datetime>`: RFC 3339 as written.
    pub iso: String,
    /// From `started`, signed: `+7 d 6 h`, `-12 h`, `0`.
    pub offset: String,
}

#[derive(Debug, Serialize)]
pub struct DurationView {
    pub name: &'static str,
    pub label: &'static str,
    pub value: String,
    pub minutes: i64,
}

/// A text that is Markdown in the record, with its safe HTML.
#[derive(Debug, Serialize)]
pub struct TextView {
    pub name: String,
    pub label: String,
    pub text: String,
    pub html: String,
    /// A golden signal's chart (inline SVG) when its text links to a series file, or why
    /// the file could not be drawn.
    pub chart: Option<SignalChartView>,
}

#[derive(Debug, Serialize)]
pub struct SignalChartView {
    pub svg: Option<String>,
    pub problem: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ChangeView {
    pub at: TimeView,
    pub kind: String,
    pub description: String,
    pub description_html: String,
    pub reference: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct TimelineView {
    pub at: TimeView,
    pub kind: String,
    pub event: String,
    pub event_html: String,
    pub service: Option<String>,
    pub evidence: Vec<EvidenceView>,
    /// Before `started`: triggers and changes that led up to the incident.
    pub before_start: bool,
}

#[derive(Debug, Serialize)]
pub struct WhyView {
    pub number: usize,
    pub why: String,
    pub why_html: String,
    pub because: String,
    pub because_html: String,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Serialize)]
pub struct ActionGroup {
    /// `immediate`, `short`, `medium`, `long`, or `unplanned` for items without a horizon.
    pub horizon: &'static str,
    pub label: &'static str,
    pub items: Vec<ActionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub title: String,
    pub title_html: String,
    pub horizon: Option<&'static str>,
    pub kind: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub status: String,
    pub status_label: &'static str,
    pub open: bool,
    pub done_on: Option<String>,
    pub ticket: Option<String>,
    pub done_when: Option<String>,
    pub done_when_html: Option<String>,
}

/// One piece of evidence, by kind: `trace`, `logs`, `link` (http/https) or `note`.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceView {
    /// Where the record cites it, e.g. `timeline 2025-10-21 02:10 UTC` or `why 1`.
    pub cited_in: String,
    pub kind: &'static str,
    /// The trace id, the log query, the URL or the note, without its `trace:`/`logs:` prefix.
    pub value: String,
    /// Set only for http and https links.
    pub href: Option<String>,
}

fn kebab<T: Serialize>(value: &T) -> String {
    // The record's enums serialise as their YAML names; reuse that instead of a second table.
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// `2025-10-07 08:30 UTC`, with seconds only when they are not zero.
fn utc_text(t: &Timestamp) -> String {
    let utc = t.utc();
    if utc.format("%S%.f").to_string() == "00" {
        utc.format("%Y-%m-%d %H:%M UTC").to_string()
    } else {
        utc.format("%Y-%m-%d %H:%M:%S%.f UTC").to_string()
    }
}

/// Signed, from `started`; the sign is ASCII so Markdown and terminals show it alike.
pub fn offset_text(delta: TimeDelta) -> String {
    if delta.num_seconds() == 0 {
        return "0".into();
    }
    let sign = if delta < TimeDelta::zero() { "-" } else { "+" };
    format!("{sign}{}", human_duration(delta))
}

pub fn time_view(name: &str, label: &str, t: &Timestamp, started: &Timestamp) -> TimeView {
    let local = (t.0.offset().local_minus_utc() != 0).then(|| {
        let fmt = if t.0.format("%S%.f").to_string() == "00" {
            "%Y-%m-%d %H:%M %:z"
        } else {
            "%Y-%m-%d %H:%M:%S%.f %:z"
        };
        t.0.format(fmt).to_string()
    });
    TimeView {
        name: name.into(),
        label: label.into(),
        utc: utc_text(t),
        local,
        iso: t.to_string(),
        offset: offset_text(t.0 - started.0),
    }
}

pub fn evidence_views(evidence: &Evidence, cited_in: &str) -> Vec<EvidenceView> {
    evidence
        .0
        .iter()
        .map(|item| {
            let item = item.trim();
            let (kind, value, href) = if let Some(id) = item.strip_prefix("trace:") {
                ("trace", id.trim().to_owned(), None)
            } else if let Some(query) = item.strip_prefix("logs:") {
                ("logs", query.trim().to_owned(), None)
            } else if is_web_link(item) {
                ("link", item.to_owned(), Some(item.to_owned()))
            } else {
                ("note", item.to_owned(), None)
            };
            EvidenceView {
                cited_in: cited_in.to_owned(),
                kind,
                value,
                href,
            }
        })
        .collect()
}

/// Where a record cites a piece of evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Citation {
    /// A timeline entry, by its time as the page shows it.
    Timeline(String),
    /// A step of the 5 Whys, numbered from 1.
    Why(usize),
}

/// The evidence table: one row per distinct piece of evidence, with every place that cites
/// it, so that a trace cited by twenty timeline entries (what `whys timeline --from-trace`
/// writes) is one row, not twenty. Trace ids are compared as normalised ids (`4BF9...` and
/// `4bf9...` are one trace). Rows keep the order in which the record first cites them.
pub fn evidence_table(citations: Vec<(Citation, EvidenceView)>) -> Vec<EvidenceView> {
    struct Row {
        view: EvidenceView,
        key: (&'static str, String),
        timeline: Vec<String>,
        whys: Vec<usize>,
    }
    let mut rows: Vec<Row> = Vec::new();
    for (place, view) in citations {
        let key = match view.kind {
            "trace" => normalize_id(&view.value).unwrap_or_else(|| view.value.clone()),
            _ => view.value.clone(),
        };
        let key = (view.kind, key);
        let index = match rows.iter().position(|r| r.key == key) {
            Some(i) => i,
            None => {
                rows.push(Row {
                    view,
                    key,
                    timeline: Vec::new(),
                    whys: Vec::new(),
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[index];
        match place {
            Citation::Timeline(at) if !row.timeline.contains(&at) => row.timeline.push(at),
            Citation::Why(n) if !row.whys.contains(&n) => row.whys.push(n),
            _ => {}
        }
    }
    rows.into_iter()
        .map(|row| {
            let mut places = Vec::new();
            match row.timeline.as_slice() {
                [] => {}
                [one] => places.push(format!("timeline {one}")),
                [first, .., last] => {
                    // `2025-10-07 14:03 UTC to 14:09 UTC`: the date once when it is the same.
                    let same_day = first.get(..10).is_some_and(|d| last.starts_with(d));
                    let last = if same_day {
                        last[10..].trim_start()
                    } else {
                        last
                    };
                    places.push(format!(
                        "timeline {first} to {last} ({} entries)",
                        row.timeline.len()
                    ))
                }
            }
            match row.whys.as_slice() {
                [] => {}
                [one] => places.push(format!("why {one}")),
                many => places.push(format!(
                    "whys {}",
                    many.iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            }
            EvidenceView {
                cited_in: places.join("; "),
                ..row.view
            }
        })
        .collect()
}

/// Only plain web links become `href`s: evidence is cited, not executed.
fn is_web_link(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub fn horizon_label(h: Option<Horizon>) -> (&'static str, &'static str) {
    match h {
        Some(Horizon::Immediate) => ("immediate", "Immediate"),
        Some(Horizon::Short) => ("short", "Short term"),
        Some(Horizon::Medium) => ("medium", "Medium term"),
        Some(Horizon::Long) => ("long", "Long term"),
        None => ("unplanned", "No horizon set"),
    }
}

pub fn action_view(item: &ActionItem) -> ActionView {
    use crate::record::ActionStatus;
    let status_label = match item.status {
        ActionStatus::Open => "open",
        ActionStatus::InProgress => "in progress",
        ActionStatus::Done => "done",
        ActionStatus::WontDo => "won't do",
    };
    ActionView {
        title: item.title.clone(),
        title_html: inline_html(&item.title),
        horizon: item.horizon.map(Horizon::as_str),
        kind: item.kind.as_ref().map(kebab),
        owner: item.owner.clone(),
        due: item.due.map(|d| d.to_string()),
        status: kebab(&item.status),
        status_label,
        open: item.status.is_open(),
        done_on: item.done_on.map(|d| d.to_string()),
        ticket: item.ticket.clone(),
        done_when: item.done_when.clone(),
        done_when_html: item.done_when.as_deref().map(inline_html),
    }
}

impl<'a> RecordView<'a> {
    pub fn new(record: &'a Record) -> RecordView<'a> {
        let started = &record.times.started;
        let t = &record.times;
        let mut times = vec![
            time_view("started", "Started", &t.started, started),
            time_view("detected", "Detected", &t.detected, started),
        ];
        for (name, label, value) in [
            ("acknowledged", "Acknowledged", &t.acknowledged),
            ("mitigated", "Mitigated", &t.mitigated),
            ("root_caused", "Root caused", &t.root_caused),
            ("resolved", "Resolved", &t.resolved),
        ] {
            if let Some(v) = value {
                times.push(time_view(name, label, v, started));
            }
        }

        let mut durations = Vec::new();
        let mut push_duration = |name, label, from: &Timestamp, to: Option<&Timestamp>| {
            if let Some(to) = to {
                let delta = to.0 - from.0;
                durations.push(DurationView {
                    name,
                    label,
                    value: human_duration(delta),
                    minutes: delta.num_minutes(),
                });
            }
        };
        push_duration("ttd", "Time to detect", started, Some(&t.detected));
        push_duration(
            "tta",
            "Time to acknowledge",
            &t.detected,
            t.acknowledged.as_ref(),
        );
        push_duration("ttm", "Time to mitigate", started, t.mitigated.as_ref());
        push_duration("ttr", "Time to resolve", started, t.resolved.as_ref());
        push_duration(
            "ttrc",
            "Time to root cause",
            started,
            t.root_caused.as_ref(),
        );
        let ttm = t.mitigated.map(|m| m.0 - started.0);

        let signals = record
            .signals
            .as_ref()
            .map(|s| {
                [
                    ("latency", "Latency", &s.latency),
                    ("traffic", "Traffic", &s.traffic),
                    ("errors", "Errors", &s.errors),
                    ("saturation", "Saturation", &s.saturation),
                ]
                .into_iter()
                .filter_map(|(name, label, text)| {
                    text.as_ref().map(|text| TextView {
                        name: name.into(),
                        label: label.into(),
                        text: text.trim_end().to_owned(),
                        html: block_html(text),
                        chart: signal_chart_view(record, name),
                    })
                })
                .collect()
            })
            .unwrap_or_default();

        let mut citations: Vec<(Citation, EvidenceView)> = Vec::new();
        let timeline: Vec<TimelineView> = record
            .timeline
            .iter()
            .map(|e| {
                let at = time_view("", "", &e.at, started);
                let cited = evidence_views(&e.evidence, &format!("timeline {}", at.utc));
                let place = Citation::Timeline(at.utc.clone());
                citations.extend(cited.iter().map(|v| (place.clone(), v.clone())));
                TimelineView {
                    before_start: e.at.clearly_before(started),
                    at,
                    kind: kebab(&e.kind),
                    event: e.event.clone(),
                    event_html: inline_html(&e.event),
                    service: e.service.clone(),
                    evidence: cited,
                }
            })
            .collect();
        let whys: Vec<WhyView> = record
            .whys
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let cited = evidence_views(&w.evidence, &format!("why {}", i + 1));
                citations.extend(cited.iter().map(|v| (Citation::Why(i + 1), v.clone())));
                WhyView {
                    number: i + 1,
                    why: w.why.clone(),
                    why_html: inline_html(&w.why),
                    because: w.because.clone(),
                    because_html: inline_html(&w.because),
                    evidence: cited,
                }
            })
            .collect();

        let mut action_groups = Vec::new();
        for horizon in Horizon::ALL.map(Some).into_iter().chain([None]) {
            let items: Vec<ActionView> = record
                .action_items
                .iter()
                .filter(|a| a.horizon == horizon)
                .map(action_view)
                .collect();
            if !items.is_empty() {
                let (name, label) = horizon_label(horizon);
                action_groups.push(ActionGroup {
                    horizon: name,
                    label,
                    items,
                });
            }
        }

        RecordView {
            record,
            id: &record.id,
            title: &record.title,
            status: kebab(&record.status),
            severity: &record.severity,
            severity_level: record.severity.chars().last().and_then(|c| c.to_digit(10)),
            impact_kind: kebab(&record.impact_kind),
            detection: record.detection.as_ref().map(kebab),
            started_date: started.utc().format("%Y-%m-%d").to_string(),
            summary_html: block_html(&record.summary),
            impact: record.impact.as_ref().map(|i| ImpactView {
                users_affected: i.users_affected,
                description: i.description.as_ref().map(|d| d.trim_end().to_owned()),
                description_html: i.description.as_deref().map(block_html),
            }),
            times_have_local: times.iter().any(|t| t.local.is_some()),
            times,
            durations,
            ttm_minutes: ttm.map(|d| d.num_minutes()),
            ttm: ttm.map(human_duration),
            signals,
            changes: record
                .changes
                .iter()
                .map(|c| ChangeView {
                    at: time_view("", "", &c.at, started),
                    kind: kebab(&c.kind),
                    description: c.description.clone(),
                    description_html: inline_html(&c.description),
                    reference: c.reference.clone(),
                })
                .collect(),
            chain_diagram: chain_diagram(&whys),
            timeline_diagram: timeline_diagram(record),
            timeline_has_service: timeline.iter().any(|e| e.service.is_some()),
            timeline,
            whys,
            root_cause_html: record.root_cause.as_deref().map(block_html),
            contributing_factors: record
                .contributing_factors
                .iter()
                .enumerate()
                .map(|(i, c)| TextView {
                    name: format!("contributing_factors[{i}]"),
                    label: String::new(),
                    text: c.clone(),
                    html: inline_html(c),
                    chart: None,
                })
                .collect(),
            action_count: record.action_items.len(),
            open_action_count: record
                .action_items
                .iter()
                .filter(|a| a.status.is_open())
                .count(),
            action_groups,
            evidence: evidence_table(citations),
            lessons_html: record.lessons.as_deref().map(block_html),
            related: record
                .related
                .iter()
                .map(|id| RelatedView {
                    id: id.clone(),
                    linkable: crate::common::is_slug(id),
                })
                .collect(),
        }
    }
}

/// The chart of signal `name`, when its text links to a series file.
fn signal_chart_view(record: &Record, name: &str) -> Option<SignalChartView> {
    use crate::record::series::LoadedSeries;
    let (target, loaded) = record.signal_series.get(name)?;
    Some(match loaded {
        LoadedSeries::Read(file) => {
            match super::signal_chart::signal_chart_svg(file, &record.times) {
                Some(svg) => SignalChartView {
                    svg: Some(svg),
                    problem: None,
                },
                None => SignalChartView {
                    svg: None,
                    problem: Some(format!("{} holds no points to draw", target.display())),
                },
            }
        }
        LoadedSeries::Unreadable(message) => SignalChartView {
            svg: None,
            problem: Some(message.clone()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_signed_from_the_start() {
        assert_eq!(offset_text(TimeDelta::zero()), "0");
        assert_eq!(offset_text(TimeDelta::minutes(-90)), "-1 h 30 min");
        assert_eq!(offset_text(TimeDelta::days(7)), "+7 d");
    }

    #[test]
    fn times_in_another_offset_show_both() {
        let started = Timestamp::parse("2025-10-07T08:00:00Z").unwrap();
        let t = Timestamp::parse("2025-10-07T10:30:00+02:00").unwrap();
        let v = time_view("detected", "Detected", &t, &started);
        assert_eq!(v.utc, "2025-10-07 08:30 UTC");
        assert_eq!(v.local.as_deref(), Some("2025-10-07 10:30 +02:00"));
        assert_eq!(v.offset, "+30 min");
    }

    #[test]
    fn evidence_cited_in_many_places_is_one_row() {
        let trace = |v: &str| evidence_views(&Evidence(vec![v.into()]), "")[0].clone();
        let at = |t: &str| Citation::Timeline(t.into());
        let rows = evidence_table(vec![
            (
                at("14:03:07 UTC"),
                trace("trace:0AF7651916CD43DD8448EB211C80319C"),
            ),
            (
                at("14:03:08 UTC"),
                trace("trace:0af7651916cd43dd8448eb211c80319c"),
            ),
            (at("14:03:08 UTC"), trace("logs:service=payments")),
            (
                at("14:03:09 UTC"),
                trace("trace:0af7651916cd43dd8448eb211c80319c"),
            ),
            (Citation::Why(1), trace("logs:service=payments")),
            (Citation::Why(3), trace("logs:service=payments")),
            (
                Citation::Why(2),
                trace("trace:af7651916cd43dd8448eb211c80319c"),
            ),
        ]);
        let cited: Vec<(&str, &str)> = rows.iter().map(|r| (r.kind, r.cited_in.as_str())).collect();
        assert_eq!(
            cited,
            [
                (
                    "trace",
                    "timeline 14:03:07 UTC to 14:03:09 UTC (3 entries); why 2"
                ),
                ("logs", "timeline 14:03:08 UTC; whys 1, 3"),
            ]
        );
    }

    #[test]
    fn evidence_is_sorted_by_kind() {
        let ev = Evidence(vec![
            "trace:abc123".into(),
            "logs: level=warn".into(),
            "https://grafana.example/d/1".into(),
            "javascript:alert(1)".into(),
        ]);
        let v = evidence_views(&ev, "why 1");
        let kinds: Vec<_> = v.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, ["trace", "logs", "link", "note"]);
        assert_eq!(v[1].value, "level=warn");
        assert!(v[3].href.is_none());
    }
}
