//! The report as CSV: one line per row, the same values as the JSON rows and the tables'
//! columns (see `crate::render::report`), as numbers.

use super::{Report, Row};
use crate::record::ImpactKind;

pub const CSV_COLUMNS: &[&str] = &[
    "period",
    "group",
    "incidents",
    "incidents_ci95_lo",
    "incidents_ci95_hi",
    "count",
    "median_minutes",
    "median_ci95_lo",
    "median_ci95_hi",
    "p90_minutes",
    "mean_minutes",
    "geomean_minutes",
    "max_minutes",
    "met_target_share",
    "met_target_outage_share",
    "met_target_degraded_share",
    "met_target_feature_share",
    "impact_minutes",
    "change_verdict",
    "change_ratio",
    "change_ci95_lo",
    "change_ci95_hi",
    "change_p_value",
    "change_detectable",
    "excluded",
];

pub fn to_csv(report: &Report) -> String {
    let mut s = CSV_COLUMNS.join(",");
    s.push('\n');
    let num = |v: Option<f64>| v.map(|x| format!("{x:.3}")).unwrap_or_default();
    let kind_share = |r: &Row, k: ImpactKind| {
        num(r
            .met_target
            .iter()
            .find(|t| t.impact_kind == k)
            .and_then(|t| t.share))
    };
    for r in &report.rows {
        let c = r.change.as_ref();
        let excluded: Vec<String> = r.excluded.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let fields = [
            csv_field(&r.period),
            csv_field(r.group.as_deref().unwrap_or("")),
            r.incidents.to_string(),
            num(r.incidents_ci95.map(|c| c[0])),
            num(r.incidents_ci95.map(|c| c[1])),
            r.count.to_string(),
            num(r.median_minutes),
            num(r.median_ci95.map(|c| c[0])),
            num(r.median_ci95.map(|c| c[1])),
            num(r.p90_minutes),
            num(r.mean_minutes),
            num(r.geomean_minutes),
            num(r.max_minutes),
            num(r.met_target_share),
            kind_share(r, ImpactKind::Outage),
            kind_share(r, ImpactKind::Degraded),
            kind_share(r, ImpactKind::Feature),
            num(Some(r.impact_minutes)),
            c.map(|c| c.verdict.as_str().to_owned()).unwrap_or_default(),
            num(c.and_then(|c| c.ratio)),
            num(c.and_then(|c| c.ci95).map(|c| c[0])),
            num(c.and_then(|c| c.ci95).map(|c| c[1])),
            num(c.and_then(|c| c.p_value)),
            c.map(|c| c.detectable.to_string()).unwrap_or_default(),
            csv_field(&excluded.join(";")),
        ];
        s.push_str(&fields.join(","));
        s.push('\n');
    }
    s
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
