//! The report in Markdown, HTML (with inline SVG, no JavaScript), CSV and SVG.
//! JSON is the `Report` itself, serialised.

use std::fmt::Write;

use super::{Change, Report, Row};

/// Minutes as people read them: "42 min", "3.5 h", "2.1 d".
pub fn minutes(m: f64) -> String {
    if m < 90.0 {
        format!("{m:.0} min")
    } else if m < 48.0 * 60.0 {
        format!("{:.1} h", m / 60.0)
    } else {
        format!("{:.1} d", m / 1440.0)
    }
}

fn opt_minutes(m: Option<f64>) -> String {
    m.map(minutes).unwrap_or_else(|| "–".into())
}

fn share(s: Option<f64>) -> String {
    s.map(|s| format!("{:.0}%", s * 100.0))
        .unwrap_or_else(|| "–".into())
}

/// The change in words. An arrow only when the data shows a change; otherwise say so.
pub fn change_text(change: Option<&Change>) -> String {
    let Some(c) = change else {
        return "–".into();
    };
    let detail = format!(
        "×{:.2}, 95% CI {:.2}–{:.2}, p = {:.3}",
        c.ratio, c.ci95[0], c.ci95[1], c.p_value
    );
    if c.too_few {
        format!("too few incidents to tell ({detail})")
    } else if c.detectable {
        let arrow = if c.ratio < 1.0 {
            "↓ faster"
        } else {
            "↑ slower"
        };
        format!("{arrow} ({detail})")
    } else {
        format!("no detectable change ({detail})")
    }
}

fn header(report: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\"MTTR\" in this report is the **{}**: `{}` − `{}`, per incident, in minutes. \
         Incidents belong to the {} in which they started ({}).",
        report.metric_name,
        report.ends_at,
        report.starts_at,
        match report.period {
            super::Period::Month => "month",
            super::Period::Quarter => "quarter",
            super::Period::Year => "year",
        },
        report.timezone
    );
    let _ = writeln!(
        s,
        "\nDurations are skewed, so read the median and its 95% bootstrap interval, not the mean. \
         A change from the previous period is called a change only when the 95% interval of the \
         ratio of medians excludes 1; p90 needs at least 20 incidents. Seed {}.",
        report.seed
    );
    s
}

/// The sentence a manager needs first: how many period-to-period changes were more than chance.
pub fn verdict(report: &Report) -> String {
    let changes: Vec<&Change> = report
        .rows
        .iter()
        .filter_map(|r| r.change.as_ref())
        .collect();
    let judged: Vec<&&Change> = changes.iter().filter(|c| !c.too_few).collect();
    let detectable: Vec<&&&Change> = judged.iter().filter(|c| c.detectable).collect();
    let unit = match report.period {
        super::Period::Month => "month",
        super::Period::Quarter => "quarter",
        super::Period::Year => "year",
    };
    if judged.is_empty() {
        return format!("No {unit}-to-{unit} comparison had at least 5 incidents on both sides, so no change can be told from chance yet.");
    }
    let faster = detectable.iter().filter(|c| c.ratio < 1.0).count();
    let slower = detectable.len() - faster;
    match detectable.len() {
        0 => format!(
            "Of {} {unit}-to-{unit} comparisons with enough incidents, none showed a change larger than chance: the ups and downs below are noise.",
            judged.len()
        ),
        n => format!(
            "Of {} {unit}-to-{unit} comparisons with enough incidents, {n} showed a change larger than chance ({faster} faster, {slower} slower); the rest are noise.",
            judged.len()
        ),
    }
}

pub fn to_markdown(report: &Report, chart_file: Option<&str>) -> String {
    let mut s = format!("# {} report\n\n", capitalise(report.metric_name));
    let _ = writeln!(s, "**{}**\n", verdict(report));
    s.push_str(&header(report));
    if let Some(chart) = chart_file {
        let _ = writeln!(
            s,
            "\n![Distribution of {} per period, log scale]({chart})",
            report.metric_name
        );
    }
    let mut group: Option<&Option<String>> = None;
    for row in &report.rows {
        if group != Some(&row.group) {
            group = Some(&row.group);
            if let Some(g) = &row.group {
                let _ = writeln!(s, "\n## {g}");
            }
            s.push_str("\n| period | incidents (95% CI) | total impact | n | median (95% CI) | p90 | mean | met target | change from previous |\n");
            s.push_str("|---|---|---|---|---|---|---|---|---|\n");
        }
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            row.period,
            incidents_cell(row),
            if row.impact_minutes > 0.0 {
                minutes(row.impact_minutes)
            } else {
                "–".into()
            },
            row.count,
            median_cell(row),
            row.p90_minutes
                .map(minutes)
                .unwrap_or_else(|| if row.count > 0 {
                    "n too small".into()
                } else {
                    "–".into()
                }),
            opt_minutes(row.mean_minutes),
            share(row.met_target_share),
            change_text(row.change.as_ref()),
        );
    }
    if let Some(last) = report.rows.iter().rev().find_map(|r| r.change.as_ref()) {
        match (last.too_few, last.minimum_detectable_ratio) {
            (false, Some(min)) if min.is_finite() => {
                let _ = writeln!(
                    s,
                    "\nWith this many incidents, the latest comparison could only have detected a change of about ×{min:.1} or more (or ×{:.2} or less).",
                    1.0 / min
                );
            }
            _ => {
                s.push_str("\nToo few incidents per period to detect any change: a comparison needs at least 5 incidents in each period.\n");
            }
        }
    }
    if !report.excluded.is_empty() {
        s.push_str("\n## Not counted\n\n");
        let _ = writeln!(s, "{}\n", excluded_summary(report));
        s.push_str("| incident | period | reason |\n|---|---|---|\n");
        for e in report.excluded.iter().take(EXCLUDED_LISTED) {
            let _ = writeln!(s, "| {} | {} | {} |", e.id, e.period, e.reason.as_str());
        }
        if report.excluded.len() > EXCLUDED_LISTED {
            let _ = writeln!(
                s,
                "\n… and {} more; `--format json` lists every one.",
                report.excluded.len() - EXCLUDED_LISTED
            );
        }
    }
    if !report.unreadable.is_empty() {
        s.push_str("\n## Files that are not records\n\n");
        for u in &report.unreadable {
            let _ = writeln!(s, "- {u}");
        }
    }
    s
}

/// How many excluded incidents the Markdown lists one by one before summarising.
const EXCLUDED_LISTED: usize = 50;

/// "836 incidents not counted: 830 zero-length (...), 6 open."
pub fn excluded_summary(report: &Report) -> String {
    let mut by_reason: std::collections::BTreeMap<super::Exclusion, usize> =
        std::collections::BTreeMap::new();
    for e in &report.excluded {
        *by_reason.entry(e.reason).or_default() += 1;
    }
    let parts: Vec<String> = by_reason
        .iter()
        .map(|(reason, n)| {
            let why = match reason {
                super::Exclusion::Open => "still open: no end time",
                super::Exclusion::MissingTime => "resolved, but this metric's end time is missing",
                super::Exclusion::ZeroLength => "end equals start: back-filled data",
                super::Exclusion::Negative => "end before start: times out of order",
            };
            format!("{n} {} ({why})", reason.as_str())
        })
        .collect();
    format!(
        "{} incident{} not counted: {}.",
        report.excluded.len(),
        if report.excluded.len() == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

fn incidents_cell(row: &Row) -> String {
    match row.incidents_ci95 {
        Some([lo, hi]) => format!("{} ({lo:.1}–{hi:.1})", row.incidents),
        None => row.incidents.to_string(),
    }
}

fn median_cell(row: &Row) -> String {
    match (row.median_minutes, row.median_ci95) {
        (Some(m), Some([lo, hi])) => format!("{} ({}–{})", minutes(m), minutes(lo), minutes(hi)),
        (Some(m), None) => minutes(m),
        _ => "–".into(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub fn to_csv(report: &Report) -> String {
    let mut s = String::from(
        "period,group,incidents,count,median_minutes,median_ci95_lo,median_ci95_hi,p90_minutes,mean_minutes,geomean_minutes,max_minutes,met_target_share,change_ratio,change_ci95_lo,change_ci95_hi,change_p_value,change_detectable,excluded\n",
    );
    let num = |v: Option<f64>| v.map(|x| format!("{x:.3}")).unwrap_or_default();
    for r in &report.rows {
        let c = r.change.as_ref();
        let excluded: Vec<String> = r.excluded.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
            r.period,
            csv_field(r.group.as_deref().unwrap_or("")),
            r.incidents,
            r.count,
            num(r.median_minutes),
            num(r.median_ci95.map(|c| c[0])),
            num(r.median_ci95.map(|c| c[1])),
            num(r.p90_minutes),
            num(r.mean_minutes),
            num(r.geomean_minutes),
            num(r.max_minutes),
            num(r.met_target_share),
            num(c.map(|c| c.ratio)),
            num(c.map(|c| c.ci95[0])),
            num(c.map(|c| c.ci95[1])),
            num(c.map(|c| c.p_value)),
            c.map(|c| c.detectable.to_string()).unwrap_or_default(),
            csv_field(&excluded.join(";")),
        );
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

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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

/// A strip plot per period on a log scale: every incident a dot, the median's interval a
/// bar, the target a dashed line. Static SVG: no script, readable without a browser.
pub fn to_svg(report: &Report, target_minutes: Option<f64>) -> String {
    // Periods before the first and after the last counted incident add only width.
    let first = report.rows.iter().position(|r| !r.durations.is_empty());
    let last = report.rows.iter().rposition(|r| !r.durations.is_empty());
    let rows: Vec<&Row> = match (first, last) {
        (Some(a), Some(b)) => report.rows[a..=b].iter().collect(),
        _ => Vec::new(),
    };
    let (w_label, w_col, h, top, bottom) = (70.0, 64.0, 300.0, 20.0, 40.0);
    let width = w_label + w_col * rows.len().max(1) as f64 + 20.0;
    let all: Vec<f64> = rows
        .iter()
        .flat_map(|r| r.durations.iter().copied())
        .filter(|d| *d > 0.0)
        .collect();
    let lo = all
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .min(target_minutes.unwrap_or(f64::INFINITY))
        .max(0.1);
    let hi = all
        .iter()
        .copied()
        .fold(1.0, f64::max)
        .max(target_minutes.unwrap_or(1.0));
    let (llo, lhi) = (
        lo.log10().floor(),
        hi.log10().ceil().max(lo.log10().floor() + 1.0),
    );
    let y = |m: f64| top + (h - top - bottom) * (1.0 - (m.max(lo).log10() - llo) / (lhi - llo));
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0} {h:.0}" width="{width:.0}" height="{h:.0}" role="img" aria-labelledby="chart-title"><title id="chart-title">{} per period, log scale: dots are incidents, bars the 95% interval of the median</title><style>text{{font:11px sans-serif;fill:#333}}.grid{{stroke:#ddd}}.dot{{fill:#2b6cb0;fill-opacity:.55}}.ci{{stroke:#c05621;stroke-width:3}}.med{{stroke:#c05621;stroke-width:2}}.target{{stroke:#2f855a;stroke-dasharray:4 3}}</style>"#,
        esc(report.metric_name)
    );
    // Grid lines at durations people think in, not at powers of ten.
    for tick in [1.0, 5.0, 15.0, 60.0, 240.0, 1440.0, 10_080.0, 43_200.0] {
        if tick < 10f64.powf(llo) || tick > 10f64.powf(lhi) {
            continue;
        }
        let yy = y(tick);
        let _ = write!(
            s,
            r#"<line class="grid" x1="{w_label}" x2="{width:.0}" y1="{yy:.1}" y2="{yy:.1}"/><text x="{:.0}" y="{:.1}" text-anchor="end">{}</text>"#,
            w_label - 4.0,
            yy + 4.0,
            esc(&tick_label(tick))
        );
    }
    if let Some(t) = target_minutes {
        let yy = y(t);
        let _ = write!(
            s,
            r#"<line class="target" x1="{w_label}" x2="{width:.0}" y1="{yy:.1}" y2="{yy:.1}"/><text x="{:.0}" y="{:.1}" text-anchor="end">target</text>"#,
            width - 2.0,
            yy - 3.0
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let cx = w_label + w_col * (i as f64 + 0.5);
        for (j, d) in row.durations.iter().enumerate() {
            // A deterministic jitter so equal durations stay visible.
            let jitter = ((j * 7919) % 17) as f64 - 8.0;
            let _ = write!(
                s,
                r#"<circle class="dot" cx="{:.1}" cy="{:.1}" r="3"/>"#,
                cx + jitter * 1.5,
                y(d.max(lo))
            );
        }
        if let (Some(m), Some([a, b])) = (row.median_minutes, row.median_ci95) {
            let _ = write!(
                s,
                r#"<line class="ci" x1="{cx:.1}" x2="{cx:.1}" y1="{:.1}" y2="{:.1}"/><line class="med" x1="{:.1}" x2="{:.1}" y1="{:.1}" y2="{:.1}"/>"#,
                y(a.max(lo)),
                y(b.max(lo)),
                cx - 14.0,
                cx + 14.0,
                y(m.max(lo)),
                y(m.max(lo))
            );
        }
        let label = match &row.group {
            Some(g) => format!("{} {}", row.period, g),
            None => row.period.clone(),
        };
        let _ = write!(
            s,
            r#"<text x="{cx:.1}" y="{:.0}" text-anchor="middle">{}</text><text x="{cx:.1}" y="{:.0}" text-anchor="middle">n={}</text>"#,
            h - bottom + 16.0,
            esc(&label),
            h - bottom + 30.0,
            row.count
        );
    }
    s.push_str("</svg>\n");
    s
}

/// A self-contained HTML page of the report.
pub fn to_html(report: &Report, target_minutes: Option<f64>) -> String {
    let body = to_html_body(report, target_minutes);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{} report</title><style>body{{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1a202c}}table{{border-collapse:collapse;width:100%;margin:1rem 0}}th,td{{border-bottom:1px solid #e2e8f0;padding:.35rem .5rem;text-align:left;font-size:.9rem}}figure{{overflow-x:auto;margin:1rem 0}}@media print{{body{{margin:0}}}}</style></head><body><h1>{} report</h1>{body}</body></html>\n",
        esc(&capitalise(report.metric_name)),
        esc(&capitalise(report.metric_name))
    )
}

/// The report as an HTML fragment (verdict, chart, tables), every value escaped: what the
/// standalone page and the site's report page both show.
pub fn to_html_body(report: &Report, target_minutes: Option<f64>) -> String {
    let mut body = format!("<p><strong>{}</strong></p>", esc(&verdict(report)));
    // The HTML mirrors the Markdown's content in real tables.
    let _ = write!(
        body,
        "<p>{}</p>",
        esc(&header(report)).replace("**", "").replace('`', "")
    );
    let _ = write!(body, "<figure>{}</figure>", to_svg(report, target_minutes));
    body.push_str("<table><thead><tr>");
    for h in [
        "period",
        "group",
        "incidents (95% CI)",
        "n",
        "median (95% CI)",
        "p90",
        "mean",
        "met target",
        "change from previous",
    ] {
        if h == "group" && report.by.is_none() {
            continue;
        }
        let _ = write!(body, "<th scope=\"col\">{h}</th>");
    }
    body.push_str("</tr></thead><tbody>");
    for r in &report.rows {
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{}</th>{}<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&r.period),
            r.group.as_deref().map(|g| format!("<td>{}</td>", esc(g))).unwrap_or_default(),
            esc(&incidents_cell(r)),
            r.count,
            esc(&median_cell(r)),
            esc(&r.p90_minutes.map(minutes).unwrap_or_else(|| if r.count > 0 { "n too small".into() } else { "–".into() })),
            esc(&opt_minutes(r.mean_minutes)),
            esc(&share(r.met_target_share)),
            esc(&change_text(r.change.as_ref())),
        );
    }
    body.push_str("</tbody></table>");
    if !report.excluded.is_empty() {
        let _ = write!(
            body,
            "<h2>Not counted</h2><p>{}</p><details><summary>Every incident not counted</summary>",
            esc(&excluded_summary(report))
        );
        body.push_str("<table><thead><tr><th scope=\"col\">incident</th><th scope=\"col\">period</th><th scope=\"col\">reason</th></tr></thead><tbody>");
        for e in &report.excluded {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&e.id),
                esc(&e.period),
                e.reason.as_str()
            );
        }
        body.push_str("</tbody></table></details>");
    }
    body
}
