//! The report tells one story on any archive: a change is called detectable exactly when its
//! 95% interval excludes 1 and both periods have at least five counted incidents, and the
//! JSON, the Markdown, the HTML and the CSV all say the same; with fewer than five on either
//! side no form shows a ratio, an interval or a p-value. Random archives, the library's own
//! renderers with the built-in templates.

use proptest::prelude::*;
use whys::record::{parse_record, Record};
use whys::render::report::{to_html, to_markdown};
use whys::render::Renderer;
use whys::report::{build, to_csv, ReportOptions, CSV_COLUMNS};
use whys::settings::Settings;

/// One incident: its quarter (0..4 of 2024), day in the quarter, and what its times say.
#[derive(Debug, Clone)]
enum Times {
    /// Mitigated this many minutes after it started.
    Minutes(u32),
    ZeroLength,
    /// Detected before it started: `check` calls this an error.
    DetectedBeforeStart,
}

fn incident() -> impl Strategy<Value = (u8, u8, Times)> {
    (
        0u8..4,
        0u8..80,
        prop_oneof![
            8 => (1u32..3000).prop_map(Times::Minutes),
            1 => Just(Times::ZeroLength),
            1 => Just(Times::DetectedBeforeStart),
        ],
    )
}

/// Per quarter a multiplier on every duration, so some archives hold real changes.
fn archive() -> impl Strategy<Value = (Vec<(u8, u8, Times)>, [u32; 4])> {
    (
        prop::collection::vec(incident(), 0..40),
        [1u32..2, 1u32..8, 1u32..8, 1u32..2],
    )
}

fn record(i: usize, quarter: u8, day: u8, times: &Times, scale: u32) -> Record {
    let start = chrono::NaiveDate::from_ymd_opt(2024, u32::from(quarter) * 3 + 1, 1)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        + chrono::TimeDelta::days(i64::from(day));
    let at = |minutes: i64| {
        (start + chrono::TimeDelta::minutes(minutes))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let (detected, mitigated) = match times {
        Times::Minutes(m) => (at(0), at(i64::from(*m) * i64::from(scale))),
        Times::ZeroLength => (at(0), at(0)),
        Times::DetectedBeforeStart => (at(-30), at(45)),
    };
    let text = format!(
        "id: r{i:03}\ntitle: t\nstatus: draft\nseverity: SEV3\nimpact_kind: outage\nsummary: s\ntimes:\n  started: {}\n  detected: {detected}\n  mitigated: {mitigated}\n  resolved: {mitigated}\n",
        at(0)
    );
    parse_record(std::path::Path::new("x.yaml"), text)
        .map(|l| l.record)
        .unwrap()
}

/// The table row of `period` in a Markdown or HTML document: the line that starts it.
fn row_line<'a>(text: &'a str, start: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no row starting {start:?} in\n{text}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn detectable_means_the_interval_excludes_one_with_five_a_side_in_every_form(
        (incidents, scale) in archive()
    ) {
        let records: Vec<Record> = incidents
            .iter()
            .enumerate()
            .map(|(i, (q, d, t))| record(i, *q, *d, t, scale[usize::from(*q)]))
            .collect();
        let refs: Vec<&Record> = records.iter().collect();
        let settings = Settings::default();
        let options = ReportOptions {
            today: chrono::NaiveDate::from_ymd_opt(2025, 6, 1),
            ..ReportOptions::default()
        };
        let report = build(&refs, &options, &settings).unwrap();
        let renderer = Renderer::builtin().unwrap();
        let json: serde_json::Value = serde_json::to_value(&report).unwrap();
        let md = to_markdown(&report, &renderer, None).unwrap();
        let html = to_html(&report, &renderer).unwrap();
        let csv = to_csv(&report);
        let detectable_col = CSV_COLUMNS.iter().position(|c| *c == "change_detectable").unwrap();
        let ratio_col = CSV_COLUMNS.iter().position(|c| *c == "change_ratio").unwrap();
        let csv_rows: Vec<Vec<&str>> = csv.lines().skip(1).map(|l| l.split(',').collect()).collect();
        prop_assert_eq!(csv_rows.len(), report.rows.len());

        // Every incident is counted or listed with its reason; inconsistent ones never count.
        let counted: usize = report.rows.iter().map(|r| r.count).sum();
        prop_assert_eq!(counted + report.excluded.len(), records.len());
        let inconsistent = incidents.iter().filter(|i| matches!(i.2, Times::DetectedBeforeStart)).count();
        prop_assert_eq!(
            report.excluded.iter().filter(|e| e.reason.as_str() == "inconsistent").count(),
            inconsistent
        );

        for (index, row) in report.rows.iter().enumerate() {
            let md_row = row_line(&md, &format!("| {} ", row.period));
            let html_row = row_line(&html, &format!("<tr><th scope=\"row\">{}", row.period));
            let Some(change) = &row.change else {
                prop_assert_eq!(csv_rows[index][detectable_col], "");
                continue;
            };
            let previous = &report.rows[index - 1];
            let both_five = row.count >= 5 && previous.count >= 5;
            prop_assert_eq!((change.count, change.from_count), (row.count, previous.count));
            let excludes_one = change.ci95.is_some_and(|[lo, hi]| lo > 1.0 || hi < 1.0);
            // The rule itself, in the JSON.
            prop_assert_eq!(change.detectable, both_five && excludes_one);
            prop_assert_eq!(change.too_few, !both_five);
            prop_assert_eq!(&json["rows"][index]["change"]["detectable"], &serde_json::Value::Bool(change.detectable));
            if !both_five {
                for number in ["ratio", "ci95", "p_value"] {
                    prop_assert!(json["rows"][index]["change"][number].is_null());
                }
            }
            // The same in the CSV.
            prop_assert_eq!(csv_rows[index][detectable_col], change.detectable.to_string());
            prop_assert_eq!(csv_rows[index][ratio_col].is_empty(), !both_five);
            // And in the Markdown and HTML rows: an arrow exactly when detectable, numbers
            // exactly when there are five a side.
            for line in [md_row, html_row] {
                prop_assert_eq!(line.contains('↑') || line.contains('↓'), change.detectable, "{}", line);
                prop_assert_eq!(line.contains('×'), both_five, "{}", line);
                prop_assert_eq!(line.contains("p = "), both_five, "{}", line);
                prop_assert_eq!(line.contains("too few incidents to tell"), !both_five, "{}", line);
            }
        }

        // The headline agrees with the rows: the latest period against the previous one is
        // the latest row's own comparison, and the words follow it.
        if let Some(latest) = &report.summary.latest_period {
            let row = report.rows.iter().find(|r| &r.period == latest).unwrap();
            prop_assert_eq!(
                serde_json::to_value(&report.summary.vs_previous).unwrap(),
                serde_json::to_value(&row.change).unwrap()
            );
            let previous = report.summary.previous_period.as_deref().unwrap();
            let headline = format!("{latest} against {previous}: ");
            for text in [&md, &html] {
                let line = text.lines().find(|l| l.contains(&headline)).unwrap();
                let detectable = row.change.as_ref().is_some_and(|c| c.detectable);
                prop_assert_eq!(line.contains("more than chance"), detectable, "{}", line);
                prop_assert_eq!(line.contains('×') && line.contains("95% interval"), detectable, "{}", line);
            }
        }
    }
}
