//! A golden signal's series as an inline SVG line chart, with the incident's started,
//! detected, mitigated and resolved instants marked.
//!
//! Unlike the timeline and 5-Whys diagrams (whose shapes the templates draw), the chart is
//! one SVG string made here: the Markdown and HTML pages both show it, and a Markdown page has
//! no stylesheet, so colours are attributes. Every text in it is XML-escaped here.

use chrono::DateTime;

use crate::record::series::SeriesFile;
use crate::record::{Times, Timestamp};

const WIDTH: f64 = 640.0;
const PLOT_HEIGHT: f64 = 160.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 30.0;
const LEGEND_LINE: f64 = 16.0;
/// Colour-blind-safe (Okabe-Ito) line colours, one a series.
const PALETTE: [&str; 8] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442",
];

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn clock(seconds: i64) -> String {
    DateTime::from_timestamp(seconds, 0)
        .map(|t| t.format("%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// A short number for an axis: 1.2k, 30, 0.25.
fn short_number(v: f64) -> String {
    let a = v.abs();
    let (scaled, unit) = if a >= 1e9 {
        (v / 1e9, "G")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e4 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let text = if scaled.fract() == 0.0 {
        format!("{scaled:.0}")
    } else if scaled.abs() >= 10.0 {
        format!("{scaled:.1}")
    } else {
        format!("{scaled:.3}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    format!("{text}{unit}")
}

fn title_case(signal: &str) -> String {
    let mut c = signal.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The chart, or `None` when the file holds no point to draw.
pub fn signal_chart_svg(file: &SeriesFile, times: &Times) -> Option<String> {
    let (t0, t1) = file.range()?;
    let span = (t1 - t0).max(1) as f64;
    let values = file
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1));
    let mut low = values.clone().fold(f64::INFINITY, f64::min);
    let mut high = values.fold(f64::NEG_INFINITY, f64::max);
    if !low.is_finite() || !high.is_finite() {
        return None;
    }
    low = low.min(0.0);
    if high <= low {
        high = low + 1.0;
    }
    let plot_right = WIDTH - RIGHT;
    let plot_bottom = TOP + PLOT_HEIGHT;
    let x_of = |t: i64| LEFT + (plot_right - LEFT) * (t - t0) as f64 / span;
    let y_of = |v: f64| plot_bottom - PLOT_HEIGHT * (v - low) / (high - low);
    let legend_rows = file.series.len();
    let height = plot_bottom + 28.0 + legend_rows as f64 * LEGEND_LINE;

    let mut outside = Vec::new();
    let mut markers = String::new();
    let mut label_row = 0;
    for (name, at) in [
        ("started", Some(times.started)),
        ("detected", Some(times.detected)),
        ("mitigated", times.mitigated),
        ("resolved", times.resolved),
    ] {
        let Some(at): Option<Timestamp> = at else {
            continue;
        };
        let seconds = at.utc().timestamp();
        if seconds < t0 || seconds > t1 {
            outside.push(format!("{name} {}", at.utc().format("%Y-%m-%d %H:%M")));
            continue;
        }
        let x = x_of(seconds);
        let anchor = if x > WIDTH - 120.0 { "end" } else { "start" };
        let dx = if anchor == "end" { -3.0 } else { 3.0 };
        let label_y = 12.0 + (label_row % 2) as f64 * 12.0;
        label_row += 1;
        markers.push_str(&format!(
            "<line class=\"marker marker-{name}\" x1=\"{x:.1}\" y1=\"{TOP}\" x2=\"{x:.1}\" y2=\"{plot_bottom}\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{:.1}\" y=\"{label_y}\" font-size=\"11\" text-anchor=\"{anchor}\" fill=\"#333\">{} {}</text>",
            x + dx,
            escape(&title_case(name)),
            at.utc().format("%H:%M")
        ));
    }

    let mut lines = String::new();
    let mut legend = String::new();
    for (i, series) in file.series.iter().enumerate() {
        let colour = PALETTE[i % PALETTE.len()];
        let points: Vec<String> = series
            .points
            .iter()
            .map(|(t, v)| format!("{:.1},{:.1}", x_of(*t), y_of(*v)))
            .collect();
        lines.push_str(&format!(
            "<polyline class=\"series\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.6\" points=\"{}\"/>",
            points.join(" ")
        ));
        let y = plot_bottom + 34.0 + i as f64 * LEGEND_LINE;
        let name: String = series.name.chars().take(90).collect();
        legend.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{colour}\" stroke-width=\"3\"/>\
             <text x=\"{:.1}\" y=\"{y:.1}\" font-size=\"11\" fill=\"#333\">{}</text>",
            y - 4.0,
            LEFT + 18.0,
            y - 4.0,
            LEFT + 24.0,
            escape(&name)
        ));
    }

    let mid = (low + high) / 2.0;
    let axis = format!(
        "<line x1=\"{LEFT}\" y1=\"{plot_bottom}\" x2=\"{plot_right}\" y2=\"{plot_bottom}\" stroke=\"#999\"/>\
         <line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{plot_bottom}\" stroke=\"#999\"/>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">{}</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">{}</text>\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">{}</text>\
         <text x=\"{LEFT}\" y=\"{:.1}\" font-size=\"11\" fill=\"#333\">{} UTC</text>\
         <text x=\"{plot_right}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#333\">{} UTC</text>",
        LEFT - 4.0,
        TOP + 4.0,
        escape(&short_number(high)),
        LEFT - 4.0,
        y_of(mid) + 4.0,
        escape(&short_number(mid)),
        LEFT - 4.0,
        plot_bottom,
        escape(&short_number(low)),
        plot_bottom + 16.0,
        escape(&clock(t0)),
        plot_bottom + 16.0,
        escape(&clock(t1)),
    );
    let mut description = format!(
        "{} from {} to {} UTC, {} series, values {} to {}.",
        title_case(&file.signal),
        clock(t0),
        clock(t1),
        file.series.len(),
        short_number(low),
        short_number(high)
    );
    if !outside.is_empty() {
        description.push_str(&format!(" Outside the chart: {}.", outside.join(", ")));
    }
    let id = format!("signal-{}", escape(&file.signal));
    Some(format!(
        "<svg class=\"signal-chart\" viewBox=\"0 0 {WIDTH} {height:.0}\" width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{} over the incident</title><desc id=\"{id}-desc\">{}</desc>\
         {axis}{lines}{markers}{legend}</svg>",
        escape(&title_case(&file.signal)),
        escape(&description),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::series::Series;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn draws_lines_marks_the_instants_inside_and_escapes_names() {
        let file = SeriesFile {
            schema: "whys-series/v1".into(),
            signal: "saturation".into(),
            source: "test".into(),
            series: vec![Series {
                name: "pool{app=\"<pay>\"}".into(),
                points: vec![(1759800000, 10.0), (1759803600, 100.0), (1759807200, 12.0)],
            }],
            dropped_series: 0,
        };
        let times = Times {
            started: t("2025-10-07T01:00:00Z"),
            detected: t("2025-10-07T02:00:00Z"),
            acknowledged: None,
            root_caused: None,
            mitigated: None,
            resolved: Some(t("2025-10-23T15:00:00Z")),
        };
        let svg = signal_chart_svg(&file, &times).unwrap();
        assert!(svg.contains("<polyline"));
        assert!(svg.contains("marker-detected"));
        assert!(!svg.contains("marker-resolved"));
        assert!(
            svg.contains("Outside the chart: started 2025-10-07 01:00, resolved 2025-10-23 15:00.")
        );
        assert!(svg.contains("&lt;pay&gt;") && !svg.contains("<pay>"));
    }
}
