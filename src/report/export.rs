//! `whys export`: one row per incident, every time and duration, for a warehouse or notebook.

use std::io::Write;

use serde::Serialize;

use super::csv_field;
use super::Metric;
use crate::record::{ActionStatus, Record};

#[derive(Serialize)]
struct ExportRow<'a> {
    id: &'a str,
    title: &'a str,
    status: &'a str,
    severity: &'a str,
    impact_kind: &'a str,
    services: &'a [String],
    started: String,
    detected: String,
    acknowledged: Option<String>,
    root_caused: Option<String>,
    mitigated: Option<String>,
    resolved: Option<String>,
    ttd_minutes: Option<f64>,
    tta_minutes: Option<f64>,
    ttm_minutes: Option<f64>,
    ttr_minutes: Option<f64>,
    ttrc_minutes: Option<f64>,
    actions_open: usize,
    actions_in_progress: usize,
    actions_done: usize,
    actions_wont_do: usize,
}

fn duration(r: &Record, m: Metric) -> Option<f64> {
    let (from, to) = m.endpoints(&r.times);
    Some(from?.minutes_until(&to?))
}

const COLUMNS: &str = "id,title,status,severity,impact_kind,services,started,detected,acknowledged,root_caused,mitigated,resolved,ttd_minutes,tta_minutes,ttm_minutes,ttr_minutes,ttrc_minutes,actions_open,actions_in_progress,actions_done,actions_wont_do";

fn row(r: &Record) -> ExportRow<'_> {
    let count = |s: ActionStatus| r.action_items.iter().filter(|a| a.status == s).count();
    let t = &r.times;
    ExportRow {
        id: &r.id,
        title: &r.title,
        status: r.status.as_str(),
        severity: &r.severity,
        impact_kind: r.impact_kind.as_str(),
        services: &r.services,
        started: t.started.to_string(),
        detected: t.detected.to_string(),
        acknowledged: t.acknowledged.map(|x| x.to_string()),
        root_caused: t.root_caused.map(|x| x.to_string()),
        mitigated: t.mitigated.map(|x| x.to_string()),
        resolved: t.resolved.map(|x| x.to_string()),
        ttd_minutes: duration(r, Metric::Ttd),
        tta_minutes: duration(r, Metric::Tta),
        ttm_minutes: duration(r, Metric::Ttm),
        ttr_minutes: duration(r, Metric::Ttr),
        ttrc_minutes: duration(r, Metric::Ttrc),
        actions_open: count(ActionStatus::Open),
        actions_in_progress: count(ActionStatus::InProgress),
        actions_done: count(ActionStatus::Done),
        actions_wont_do: count(ActionStatus::WontDo),
    }
}

/// Streams one JSON object per line.
pub fn write_jsonl<'a>(
    records: impl Iterator<Item = &'a Record>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for r in records {
        serde_json::to_writer(&mut *out, &row(r))?;
        writeln!(out)?;
    }
    Ok(())
}

/// Streams CSV with a header row; services are joined with `;`.
pub fn write_csv<'a>(
    records: impl Iterator<Item = &'a Record>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "{COLUMNS}")?;
    write_csv_rows(records, out)
}

/// CSV rows without the header, for writing an archive one record at a time.
pub fn write_csv_rows<'a>(
    records: impl Iterator<Item = &'a Record>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let num = |v: Option<f64>| v.map(|x| format!("{x:.2}")).unwrap_or_default();
    for r in records {
        let x = row(r);
        writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            csv_field(x.id),
            csv_field(x.title),
            x.status,
            csv_field(x.severity),
            x.impact_kind,
            csv_field(&x.services.join(";")),
            x.started,
            x.detected,
            x.acknowledged.unwrap_or_default(),
            x.root_caused.unwrap_or_default(),
            x.mitigated.unwrap_or_default(),
            x.resolved.unwrap_or_default(),
            num(x.ttd_minutes),
            num(x.tta_minutes),
            num(x.ttm_minutes),
            num(x.ttr_minutes),
            num(x.ttrc_minutes),
            x.actions_open,
            x.actions_in_progress,
            x.actions_done,
            x.actions_wont_do
        )?;
    }
    Ok(())
}
