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
/// `created_at`), else `resolved_at`. Unresolved, zero and negative durations are left out.
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
        let Some(resolved) = time(&inc["resolved_at"]) else {
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
    // Every quarter with an incident is a row, and the gaps between too.
    for period in expected.keys() {
        assert!(
            rows.iter().any(|r| r["period"] == period.as_str()),
            "{period} missing"
        );
    }
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
