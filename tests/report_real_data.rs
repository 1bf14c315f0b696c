//! The report on real data: GitHub's incident history (tests/data, see its SOURCES.md),
//! imported with `whys import statuspage`, reported with `whys report`, and checked against
//! quarterly medians computed here straight from the Statuspage JSON.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Datelike, FixedOffset};

fn time(v: &serde_json::Value) -> Option<DateTime<FixedOffset>> {
    v.as_str()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
}

/// Time to mitigate per quarter, straight from the source: started = `started_at` else
/// `created_at`; mitigated = the earliest `monitoring` update (its `display_at`, else
/// `created_at`), else `resolved_at`. A record whose times contradict each other (detected,
/// i.e. `created_at`, or mitigated at least a second before it started, or resolved before
/// mitigated) is `inconsistent`; then unresolved, zero and negative durations are left out.
fn independent_quarters(dir: &Path) -> (BTreeMap<String, Vec<f64>>, BTreeMap<String, usize>) {
    let mut by_quarter: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut excluded: BTreeMap<String, usize> = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let doc: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let inc = &doc["incident"];
        let started = time(&inc["started_at"])
            .or_else(|| time(&inc["created_at"]))
            .unwrap();
        let quarter = format!(
            "{}-Q{}",
            started.naive_utc().year(),
            started.naive_utc().month0() / 3 + 1
        );
        let monitoring = inc["incident_updates"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|u| u["status"] == "monitoring")
            .filter_map(|u| time(&u["display_at"]).or_else(|| time(&u["created_at"])))
            .min();
        let created = time(&inc["created_at"]).unwrap();
        let before =
            |a: DateTime<FixedOffset>, b: DateTime<FixedOffset>| (b - a).num_milliseconds() >= 1000;
        let resolved_at = time(&inc["resolved_at"]);
        let mitigated_at = monitoring.or(resolved_at);
        if before(created, started)
            || mitigated_at.is_some_and(|m| before(m, started))
            || matches!((mitigated_at, resolved_at), (Some(m), Some(r)) if before(r, m))
        {
            *excluded.entry("inconsistent".into()).or_default() += 1;
            by_quarter.entry(quarter).or_default();
            continue;
        }
        let Some(resolved) = resolved_at else {
            *excluded.entry("open".into()).or_default() += 1;
            by_quarter.entry(quarter).or_default();
            continue;
        };
        let mitigated = monitoring.unwrap_or(resolved);
        let ms = (mitigated - started).num_milliseconds();
        if ms.abs() < 1000 {
            *excluded.entry("zero-length".into()).or_default() += 1;
            by_quarter.entry(quarter).or_default();
        } else if ms < 0 {
            *excluded.entry("negative".into()).or_default() += 1;
            by_quarter.entry(quarter).or_default();
        } else {
            by_quarter
                .entry(quarter)
                .or_default()
                .push(ms as f64 / 60_000.0);
        }
    }
    (by_quarter, excluded)
}

fn median(v: &[f64]) -> Option<f64> {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2.0),
    }
}

#[test]
fn quarterly_medians_of_the_github_history_match_the_source() {
    let source = common::github_history();
    let tmp = tempfile::tempdir().unwrap();
    common::import_github_history(tmp.path());
    let out = common::whys(tmp.path(), &["report", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (expected, expected_excluded) = independent_quarters(&source);

    let rows = report["rows"].as_array().unwrap();
    let mut compared = 0;
    for row in rows {
        let period = row["period"].as_str().unwrap();
        let durations = expected.get(period).cloned().unwrap_or_default();
        assert_eq!(
            row["count"].as_u64().unwrap() as usize,
            durations.len(),
            "count in {period}"
        );
        match (median(&durations), row["median_minutes"].as_f64()) {
            (Some(want), Some(got)) => {
                assert!(
                    (want - got).abs() < 1e-6,
                    "{period}: median {got} but the source says {want}"
                );
                compared += 1;
            }
            (None, None) => {}
            (want, got) => panic!("{period}: median {got:?}, source {want:?}"),
        }
        if durations.len() < 20 {
            assert!(
                row["p90_minutes"].is_null(),
                "{period}: p90 needs 20 incidents"
            );
        }
    }
    // Before 2019 nearly every incident was back-filled with zero length, so fewer quarters
    // have a median than have incidents.
    let with_durations = expected.values().filter(|d| !d.is_empty()).count();
    assert_eq!(compared, with_durations);
    assert!(compared >= 20, "{compared} quarters compared");
    // Every quarter from the first with a counted incident is a row, gaps included; the
    // quarters before it are not rows, and the report says how many there were.
    let first_counted = expected
        .iter()
        .find(|(_, d)| !d.is_empty())
        .map(|(q, _)| q.clone())
        .unwrap();
    for period in expected.keys().filter(|q| **q >= first_counted) {
        assert!(
            rows.iter().any(|r| r["period"] == period.as_str()),
            "{period} missing"
        );
    }
    assert_eq!(rows[0]["period"], first_counted.as_str());
    let quarter_index = |q: &str| {
        let (y, n) = q.split_once("-Q").unwrap();
        y.parse::<i64>().unwrap() * 4 + n.parse::<i64>().unwrap()
    };
    let first_quarter = expected.keys().next().unwrap();
    let skipped = &report["leading_periods_skipped"];
    assert_eq!(
        skipped["count"].as_i64().unwrap(),
        quarter_index(&first_counted) - quarter_index(first_quarter)
    );
    assert_eq!(skipped["first"], first_quarter.as_str());
    let mut excluded: BTreeMap<String, usize> = BTreeMap::new();
    for e in report["excluded"].as_array().unwrap() {
        *excluded
            .entry(e["reason"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(excluded, expected_excluded);

    // The Markdown a manager reads never draws an arrow for a change the data cannot show.
    let md = common::whys(tmp.path(), &["report"]);
    let md = String::from_utf8_lossy(&md.stdout);
    for line in md.lines().filter(|l| l.contains('↑') || l.contains('↓')) {
        assert!(
            !line.contains("no detectable change") && !line.contains("too few"),
            "{line}"
        );
    }
    assert!(
        md.contains("zero-length"),
        "back-filled incidents are listed, not silently dropped"
    );
}

/// The done-when of the quarterly review: on GitHub's history, the summary comes first in
/// every form, says what changed and what could not be told in words that match the numbers,
/// says how many incidents were left out and why, and nothing below it contradicts it.
#[test]
fn the_summary_of_the_github_history_tells_one_story() {
    let source = common::github_history();
    let tmp = tempfile::tempdir().unwrap();
    common::import_github_history(tmp.path());
    let run = |args: &[&str]| {
        let mut all = vec!["report", "--today", "2026-12-04"];
        all.extend_from_slice(args);
        let out = common::whys(tmp.path(), &all);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json = run(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let md = run(&["--format", "md"]);
    let html = run(&["--format", "html"]);
    let summary = &report["summary"];

    // Summary first: the JSON's first key, the Markdown's first section, the page's first
    // section and before the chart.
    assert!(
        json.trim_start().starts_with("{\n  \"summary\""),
        "{}",
        &json[..80]
    );
    let first_section = md.lines().find(|l| l.starts_with("## ")).unwrap();
    assert_eq!(first_section, "## Summary");
    let summary_md = &md[md.find("## Summary").unwrap()..md.find("## How to read this").unwrap()];
    assert!(html.find("id=\"summary-heading\"").unwrap() < html.find("<svg").unwrap());

    // How many were left out and why: as the source says.
    let (_, expected_excluded) = independent_quarters(&source);
    let total: usize = expected_excluded.values().sum();
    let incidents = std::fs::read_dir(&source).unwrap().count();
    assert!(
        summary_md.contains(&format!("{total} of {incidents} incidents are not counted")),
        "{summary_md}"
    );
    for (reason, n) in &expected_excluded {
        assert!(
            summary_md.contains(&format!("{n} {reason}: ")),
            "{reason}: {summary_md}"
        );
    }
    let skipped = &report["leading_periods_skipped"];
    assert!(summary_md.contains(&format!(
        "{} quarters from {} to {} are not shown",
        skipped["count"],
        skipped["first"].as_str().unwrap(),
        skipped["last"].as_str().unwrap()
    )));

    // What changed and what could not be told: the words follow the numbers.
    let latest = summary["latest_period"].as_str().unwrap();
    let latest_row = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["period"] == latest)
        .unwrap();
    assert_eq!(
        summary["periods"][0]["median_minutes"],
        latest_row["median_minutes"]
    );
    assert_eq!(
        summary["periods"][0]["median_ci95"],
        latest_row["median_ci95"]
    );
    assert_eq!(
        summary["vs_previous"], latest_row["change"],
        "the headline and the row compare the same way"
    );
    for (key, earlier) in [
        ("vs_previous", "previous_period"),
        ("vs_year_before", "year_before_period"),
    ] {
        let change = &summary[key];
        let earlier = summary[earlier].as_str().unwrap();
        let line = summary_md
            .lines()
            .find(|l| l.contains(&format!("{latest} against {earlier}")))
            .unwrap_or_else(|| panic!("{key}: {summary_md}"));
        match change["verdict"].as_str().unwrap() {
            "slower" | "faster" => {
                let [lo, hi] = [
                    change["ci95"][0].as_f64().unwrap(),
                    change["ci95"][1].as_f64().unwrap(),
                ];
                assert!(hi < 1.0 || lo > 1.0, "{change}");
                assert!(line.contains("more than chance"), "{line}");
                let word = if change["verdict"] == "faster" {
                    "shorter"
                } else {
                    "longer"
                };
                assert!(line.contains(word), "{line}");
            }
            "no-detectable-change" => {
                assert!(line.contains("no change we could detect"), "{line}");
                let mdr = change["minimum_detectable_ratio"].as_f64().unwrap();
                assert!(line.contains(&format!("×{mdr:.1} or more")), "{line}");
                assert!(!line.contains("more than chance"), "{line}");
            }
            _ => assert!(line.contains("cannot be told"), "{line}"),
        }
    }
    // A quarter the archive stops in is not the one compared, and the summary says so.
    let last_row = report["rows"].as_array().unwrap().last().unwrap();
    if summary["incomplete_period"] == last_row["period"] {
        assert!(summary_md.contains(&format!(
            "{} is not compared: it looks incomplete",
            last_row["period"].as_str().unwrap()
        )));
    } else {
        assert_eq!(latest, last_row["period"]);
    }
    // Nothing below contradicts it: no row gives numbers for a change it cannot tell.
    for line in md
        .lines()
        .filter(|l| l.contains("too few incidents to tell"))
    {
        assert!(!line.contains('×') && !line.contains("p ="), "{line}");
    }
    assert!(
        !md.contains("are noise"),
        "absence of evidence is not evidence of absence"
    );
}
