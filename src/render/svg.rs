//! Geometry of the two inline SVG diagrams: the 5-Whys chain and the incident timeline.
//!
//! Rust does the arithmetic (text wrapping, positions, label rows that do not overlap) and the
//! templates draw the shapes, so a custom template can restyle a diagram without redoing the
//! layout. All text reaches the SVG through Tera's escaping like any other record text.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::view::WhyView;
use crate::common::human_duration;
use crate::record::Record;

/// The drawing's coordinate width; CSS scales it to the page.
const WIDTH: f64 = 760.0;
const LINE_HEIGHT: f64 = 18.0;
/// Characters per line in a chain box at 14px (about 668 px of room at 7-8 px a glyph): a
/// little under what fits, since glyph widths vary by font.
const CHAIN_WRAP: usize = 80;

#[derive(Debug, Serialize)]
pub struct TextLine {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct ChainStep {
    pub number: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Centre of the numbered badge.
    pub badge_x: f64,
    pub badge_y: f64,
    pub why_lines: Vec<TextLine>,
    pub because_lines: Vec<TextLine>,
    /// The arrow down to the next step, if there is one.
    pub arrow: Option<Arrow>,
}

#[derive(Debug, Serialize)]
pub struct Arrow {
    pub x: f64,
    pub y1: f64,
    pub y2: f64,
}

#[derive(Debug, Serialize)]
pub struct ChainDiagram {
    pub width: f64,
    pub height: f64,
    pub steps: Vec<ChainStep>,
    /// A sentence for screen readers.
    pub description: String,
}

/// Word-wraps `text` to lines of at most `width` characters; longer words are cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if line_len > 0 {
                lines.push(std::mem::take(&mut line));
                line_len = 0;
            }
            let rest = word.split_off(width);
            lines.push(word.into_iter().collect());
            word = rest;
        }
        let needed = if line_len == 0 {
            word.len()
        } else {
            line_len + 1 + word.len()
        };
        if needed > width && line_len > 0 {
            lines.push(std::mem::take(&mut line));
            line_len = 0;
        }
        if line_len > 0 {
            line.push(' ');
            line_len += 1;
        }
        line.extend(word.iter());
        line_len += word.len();
    }
    if line_len > 0 {
        lines.push(line);
    }
    lines
}

pub fn chain_diagram(whys: &[WhyView]) -> ChainDiagram {
    let margin = 10.0;
    let pad = 14.0;
    let gap = 30.0;
    let text_x = margin + 58.0;
    let mut y = margin;
    let mut steps = Vec::with_capacity(whys.len());
    for (i, w) in whys.iter().enumerate() {
        let mut line_y = y + pad + 13.0;
        let why_lines = text_lines(&w.why, text_x, &mut line_y);
        line_y += 6.0;
        let because_lines = text_lines(
            &format!("Because {}", lower_first(&w.because)),
            text_x,
            &mut line_y,
        );
        let height = line_y - LINE_HEIGHT + pad + 4.0 - y;
        let last = i + 1 == whys.len();
        steps.push(ChainStep {
            number: w.number,
            x: margin,
            y,
            width: WIDTH - 2.0 * margin,
            height,
            badge_x: margin + 28.0,
            badge_y: y + pad + 14.0,
            why_lines,
            because_lines,
            arrow: (!last).then_some(Arrow {
                x: margin + 28.0,
                y1: y + height,
                y2: y + height + gap - 2.0,
            }),
        });
        y += height + gap;
    }
    let height = if steps.is_empty() {
        0.0
    } else {
        y - gap + margin
    };
    ChainDiagram {
        width: WIDTH,
        height,
        description: format!(
            "The 5-Whys chain as a diagram of {} connected steps, first question at the top; \
             the numbered list that follows has the same text.",
            steps.len()
        ),
        steps,
    }
}

/// Wrapped lines from `*y` downwards; `*y` ends below the last one.
fn text_lines(text: &str, x: f64, y: &mut f64) -> Vec<TextLine> {
    wrap(text, CHAIN_WRAP)
        .into_iter()
        .map(|text| {
            let line = TextLine { x, y: *y, text };
            *y += LINE_HEIGHT;
            line
        })
        .collect()
}

/// "Because Writes..." reads badly; "Because writes..." reads well, unless the first word is
/// an acronym or a name in code (`PAY-2201`, `payments-db`).
fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    let mut chars = first_word.chars();
    let is_plain_capitalised = chars.next().is_some_and(|c| c.is_uppercase())
        && chars.all(|c| c.is_lowercase())
        && first_word.len() > 1;
    if is_plain_capitalised {
        let mut out = String::with_capacity(text.len());
        let mut iter = text.trim_start().chars();
        if let Some(c) = iter.next() {
            out.extend(c.to_lowercase());
        }
        out.extend(iter);
        out
    } else {
        text.trim_start().to_owned()
    }
}

#[derive(Debug, Serialize)]
pub struct Band {
    pub class: &'static str,
    pub label: String,
    pub x: f64,
    pub width: f64,
}

#[derive(Debug, Serialize)]
pub struct Milestone {
    pub name: &'static str,
    pub x: f64,
    pub label: String,
    pub label_x: f64,
    pub label_y: f64,
    /// `start` or `end`: labels near the right edge grow leftwards.
    pub anchor: &'static str,
}

#[derive(Debug, Serialize)]
pub struct EventDot {
    pub x: f64,
    pub kind: String,
    /// Tooltip: time and event.
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct LegendItem {
    pub kind: String,
    pub x: f64,
}

#[derive(Debug, Serialize)]
pub struct TimelineDiagram {
    pub width: f64,
    pub height: f64,
    pub band_y: f64,
    pub band_height: f64,
    pub dots_y: f64,
    pub axis_y: f64,
    pub legend_y: f64,
    pub left: f64,
    pub right: f64,
    pub bands: Vec<Band>,
    pub milestones: Vec<Milestone>,
    pub events: Vec<EventDot>,
    pub legend: Vec<LegendItem>,
    pub start_label: String,
    pub end_label: String,
    pub description: String,
}

/// The incident on a proportional time axis: the impact window, milestones and events.
/// `None` when the record spans no time at all (nothing to draw).
pub fn timeline_diagram(record: &Record) -> Option<TimelineDiagram> {
    let t = &record.times;
    let mut instants: Vec<DateTime<FixedOffset>> = vec![t.started.0, t.detected.0];
    instants.extend(
        [t.acknowledged, t.mitigated, t.root_caused, t.resolved]
            .iter()
            .flatten()
            .map(|x| x.0),
    );
    instants.extend(record.timeline.iter().map(|e| e.at.0));
    let first = *instants.iter().min()?;
    let last = *instants.iter().max()?;
    let span = (last - first).num_seconds() as f64;
    if span <= 0.0 {
        return None;
    }
    let left = 16.0;
    let right = WIDTH - 16.0;
    let x_of = |at: DateTime<FixedOffset>| -> f64 {
        let s = (at - first).num_seconds() as f64;
        round1(left + (right - left) * s / span)
    };

    // Milestone labels go in rows above the band; each takes the first row it fits in.
    let char_width = 6.6;
    let row_height = 16.0;
    let mut row_ends: Vec<f64> = Vec::new();
    let mut placed = Vec::new();
    for (name, label, at) in [
        ("started", "Started", Some(t.started)),
        ("detected", "Detected", Some(t.detected)),
        ("mitigated", "Mitigated", t.mitigated),
        ("resolved", "Resolved", t.resolved),
    ] {
        let Some(at) = at else { continue };
        let x = x_of(at.0);
        let text = format!("{label} {}", at.utc().format("%m-%d %H:%M"));
        let text_width = text.chars().count() as f64 * char_width;
        let (anchor, from, to) = if x + text_width > right + 12.0 {
            ("end", x - text_width, x)
        } else {
            ("start", x, x + text_width)
        };
        let row = match row_ends.iter().position(|end| *end + 10.0 < from) {
            Some(r) => r,
            None => {
                row_ends.push(f64::MIN);
                row_ends.len() - 1
            }
        };
        row_ends[row] = to;
        placed.push((name, x, text, anchor, row));
    }
    let rows = row_ends.len().max(1) as f64;
    let top = 14.0;
    let band_y = top + rows * row_height + 6.0;
    let band_height = 20.0;
    let milestones = placed
        .into_iter()
        .map(|(name, x, label, anchor, row)| Milestone {
            name,
            x,
            label,
            label_x: if anchor == "end" { x - 3.0 } else { x + 3.0 },
            label_y: top + row as f64 * row_height + 10.0,
            anchor,
        })
        .collect();

    let mut bands = Vec::new();
    let impact_end = t.mitigated.or(t.resolved).map(|m| m.0).unwrap_or(last);
    bands.push(Band {
        class: "impact",
        label: format!("impact {}", human_duration(impact_end - t.started.0)),
        x: x_of(t.started.0),
        width: round1(x_of(impact_end) - x_of(t.started.0)).max(2.0),
    });
    if let (Some(m), Some(r)) = (t.mitigated, t.resolved) {
        bands.push(Band {
            class: "recovery",
            label: "until resolved".into(),
            x: x_of(m.0),
            width: round1(x_of(r.0) - x_of(m.0)).max(2.0),
        });
    }

    let dots_y = band_y + band_height + 18.0;
    let events = record
        .timeline
        .iter()
        .map(|e| EventDot {
            x: x_of(e.at.0),
            kind: serde_json::to_value(e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            title: format!(
                "{} {}",
                e.at.utc().format("%Y-%m-%d %H:%M UTC"),
                e.event.trim()
            ),
        })
        .collect::<Vec<_>>();
    let mut kinds: Vec<String> = Vec::new();
    for e in &events {
        if !kinds.contains(&e.kind) {
            kinds.push(e.kind.clone());
        }
    }
    let axis_y = dots_y + 26.0;
    let legend_y = axis_y + 24.0;
    let mut legend_x = left;
    let legend = kinds
        .into_iter()
        .map(|kind| {
            let item = LegendItem {
                x: legend_x,
                kind: kind.clone(),
            };
            legend_x += 22.0 + kind.len() as f64 * char_width;
            item
        })
        .collect();
    let mitigated = t
        .mitigated
        .map(|m| format!("mitigated after {}", human_duration(m.0 - t.started.0)))
        .unwrap_or_else(|| "not yet mitigated".into());
    Some(TimelineDiagram {
        width: WIDTH,
        height: legend_y + 14.0,
        band_y,
        band_height,
        dots_y,
        axis_y,
        legend_y,
        left,
        right,
        bands,
        milestones,
        description: format!(
            "Timeline from {} to {}: the incident started {}, was {mitigated}, and {} events \
             are marked; the table that follows lists every event.",
            first.to_utc().format("%Y-%m-%d %H:%M UTC"),
            last.to_utc().format("%Y-%m-%d %H:%M UTC"),
            t.started.utc().format("%Y-%m-%d %H:%M UTC"),
            events.len()
        ),
        events,
        legend,
        start_label: first.to_utc().format("%Y-%m-%d").to_string(),
        end_label: last.to_utc().format("%Y-%m-%d").to_string(),
    })
}

/// Coordinates with one decimal keep the SVG short and the output stable across platforms.
fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_cuts_monsters() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("xxxxxxxxxx", 4), ["xxxx", "xxxx", "xx"]);
        assert!(wrap("   ", 4).is_empty());
    }

    #[test]
    fn because_reads_as_a_sentence() {
        assert_eq!(lower_first("Writes timed out"), "writes timed out");
        assert_eq!(lower_first("PAY-2201 broke"), "PAY-2201 broke");
        assert_eq!(lower_first("`Pool` broke"), "`Pool` broke");
    }
}
