//! `whys report`, `actions` and `export` through the real binary on generated archives, with
//! expected values computed here from first principles.

mod common;
use common::whys;

/// A published outage that started at `start` and was mitigated `ttm` minutes later
/// (`None`: still open, no mitigation or resolution).
fn record(id: &str, start: &str, ttm: Option<i64>, due: &str, action_status: &str) -> String {
    let started = chrono::DateTime::parse_from_rfc3339(start).unwrap();
    let (status, end_lines) = match ttm {
        Some(m) => {
            let end = started + chrono::TimeDelta::minutes(m);
            (
                "review",
                format!(
                    "  mitigated: {}\n  resolved: {}\n",
                    end.to_rfc3339(),
                    end.to_rfc3339()
                ),
            )
        }
        None => ("draft", String::new()),
    };
    format!(
        "id: {id}\ntitle: Incident {id}\nstatus: {status}\nseverity: SEV2\nimpact_kind: outage\nservices: [api]\n\
         summary: s\nimpact: {{users_affected: 1}}\ntimes:\n  started: {start}\n  detected: {start}\n{end_lines}\
         timeline:\n  - at: {start}\n    kind: trigger\n    event: e\n\
         whys:\n  - why: Why did the api fail?\n    because: The api pool was exhausted.\n  - why: Why was the pool exhausted?\n    because: The pool had no limit.\n  - why: Why had the pool no limit?\n    because: The default config has none.\n\
         action_items:\n  - title: Set a pool limit\n    horizon: long\n    kind: fix\n    owner: api-team\n    due: {due}\n    status: {action_status}\n"
    )
}

fn archive(records: &[(&str, &str, Option<i64>)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("postmortems");
    std::fs::create_dir_all(&dir).unwrap();
    for (id, start, ttm) in records {
        std::fs::write(
            dir.join(format!("{id}.yaml")),
            record(id, start, *ttm, "2030-01-01", "open"),
        )
        .unwrap();
    }
    tmp
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

#[test]
fn quarterly_medians_targets_and_exclusions_match_first_principles() {
    let q1 = [10, 20, 30, 40, 50];
    let q2 = [10, 20, 30, 1000];
    let mut recs: Vec<(String, String, Option<i64>)> = Vec::new();
    for (i, m) in q1.iter().enumerate() {
        recs.push((
            format!("2024-02-0{}-a", i + 1),
            format!("2024-02-0{}T10:00:00Z", i + 1),
            Some(*m),
        ));
    }
    for (i, m) in q2.iter().enumerate() {
        recs.push((
            format!("2024-05-0{}-b", i + 1),
            format!("2024-05-0{}T10:00:00+02:00", i + 1),
            Some(*m),
        ));
    }
    recs.push((
        "2024-05-09-open".into(),
        "2024-05-09T10:00:00Z".into(),
        None,
    ));
    recs.push((
        "2024-05-10-zero".into(),
        "2024-05-10T10:00:00Z".into(),
        Some(0),
    ));
    // An empty quarter between Q2 and Q4 must still be a row.
    recs.push((
        "2024-11-01-c".into(),
        "2024-11-01T10:00:00Z".into(),
        Some(5),
    ));
    let borrowed: Vec<(&str, &str, Option<i64>)> = recs
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), *c))
        .collect();
    let tmp = archive(&borrowed);
    let out = whys(tmp.path(), &["report", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["metric"], "ttm");
    assert_eq!(report["starts_at"], "times.started");
    assert_eq!(report["ends_at"], "times.mitigated");
    let rows = report["rows"].as_array().unwrap();
    let periods: Vec<&str> = rows.iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(periods, ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]);
    let (r1, r2, r3) = (&rows[0], &rows[1], &rows[2]);
    assert!(r1["group"].is_null());
    assert_eq!(r1["count"], 5);
    assert_eq!(
        r1["median_minutes"].as_f64().unwrap(),
        median(q1.iter().map(|x| *x as f64).collect())
    );
    assert_eq!(r1["mean_minutes"].as_f64().unwrap(), 30.0);
    assert!(r1["p90_minutes"].is_null(), "p90 needs n >= 20");
    // Outage target 30 min: 10, 20, 30 meet it.
    assert_eq!(r1["met_target_share"].as_f64().unwrap(), 3.0 / 5.0);
    assert!(
        r1["change"].is_null(),
        "the first period has nothing to compare with"
    );
    let [lo, hi] = [
        r1["median_ci95"][0].as_f64().unwrap(),
        r1["median_ci95"][1].as_f64().unwrap(),
    ];
    assert!(lo <= 30.0 && 30.0 <= hi && lo >= 10.0 && hi <= 50.0);

    assert_eq!(r2["count"], 4);
    assert_eq!(r2["incidents"], 6);
    assert_eq!(
        r2["median_minutes"].as_f64().unwrap(),
        25.0,
        "even count: mean of the middle two"
    );
    assert_eq!(r2["excluded"]["open"], 1);
    assert_eq!(r2["excluded"]["zero-length"], 1);
    let change = &r2["change"];
    assert_eq!(
        change["detectable"], false,
        "four against five incidents cannot show a change"
    );
    assert_eq!(change["verdict"], "too-few");
    assert_eq!(
        (change["count"].as_u64(), change["from_count"].as_u64()),
        (Some(4), Some(5))
    );
    for number in ["ratio", "ci95", "p_value"] {
        assert!(
            change[number].is_null(),
            "fewer than five incidents: no {number} to suggest a precision the data lacks"
        );
    }

    assert_eq!(r3["count"], 0);
    assert!(r3["median_minutes"].is_null());
    let excluded: Vec<&str> = report["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(excluded, ["2024-05-09-open", "2024-05-10-zero"]);

    let md = whys(tmp.path(), &["report"]);
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.contains("time to mitigate"), "{md}");
    assert!(
        md.contains("no detectable change") || md.contains("too few incidents"),
        "{md}"
    );
    assert!(
        !md.contains('↓') && !md.contains('↑'),
        "no arrow without a detectable change: {md}"
    );
    assert!(md.contains("| 2024-05-09-open | 2024-Q2 | open |"), "{md}");
}

#[test]
fn a_threefold_change_with_enough_incidents_is_drawn_as_a_change() {
    let mut recs: Vec<(String, String, Option<i64>)> = Vec::new();
    // Spread of durations within each quarter, three times longer in the second.
    let base = [20, 25, 30, 35, 40, 45, 50, 55, 60, 22, 28, 33, 38, 42, 48];
    for (i, m) in base.iter().enumerate() {
        recs.push((
            format!("2024-01-{:02}-a", i + 1),
            format!("2024-01-{:02}T10:00:00Z", i + 1),
            Some(*m),
        ));
        recs.push((
            format!("2024-04-{:02}-b", i + 1),
            format!("2024-04-{:02}T10:00:00Z", i + 1),
            Some(m * 3),
        ));
    }
    let borrowed: Vec<(&str, &str, Option<i64>)> = recs
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), *c))
        .collect();
    let tmp = archive(&borrowed);
    let out = whys(tmp.path(), &["report", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let change = &report["rows"][1]["change"];
    assert_eq!(change["detectable"], true, "{change}");
    assert!((change["ratio"].as_f64().unwrap() - 3.0).abs() < 1e-9);
    assert!(change["p_value"].as_f64().unwrap() < 0.01);
    let md = String::from_utf8_lossy(&whys(tmp.path(), &["report"]).stdout).into_owned();
    assert!(md.contains("↑ slower"), "{md}");

    // Seeded resampling: the same archive gives the same report, byte for byte.
    let again = whys(tmp.path(), &["report", "--format", "json"]);
    assert_eq!(out.stdout, again.stdout);

    let svg_dir = tmp.path().join("out");
    let out = whys(tmp.path(), &["report", "--out", svg_dir.to_str().unwrap()]);
    assert!(out.status.success());
    let svg = std::fs::read_to_string(svg_dir.join("report.svg")).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("<circle"));
    assert!(std::fs::read_to_string(svg_dir.join("report.md"))
        .unwrap()
        .contains("(report.svg)"));
}

#[test]
fn grouping_by_service_counts_an_incident_once_per_service() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("postmortems");
    std::fs::create_dir_all(&dir).unwrap();
    let text = record(
        "2024-01-01-x",
        "2024-01-01T00:00:00Z",
        Some(15),
        "2030-01-01",
        "open",
    )
    .replace("services: [api]", "services: [api, db]");
    std::fs::write(dir.join("2024-01-01-x.yaml"), text).unwrap();
    let out = whys(
        tmp.path(),
        &["report", "--by", "service", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups: Vec<&str> = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["api", "db"]);
}

#[test]
fn overdue_actions_fail_the_nag_job_and_follow_through_is_counted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("postmortems");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("2024-01-01-a.yaml"),
        record(
            "2024-01-01-a",
            "2024-01-01T00:00:00Z",
            Some(5),
            "2024-03-01",
            "open",
        ),
    )
    .unwrap();
    let done = record(
        "2024-01-02-b",
        "2024-01-02T00:00:00Z",
        Some(5),
        "2024-03-01",
        "done",
    ) + "    done_on: 2024-02-20\n";
    std::fs::write(dir.join("2024-01-02-b.yaml"), done).unwrap();
    let out = whys(
        tmp.path(),
        &[
            "actions",
            "--overdue",
            "--today",
            "2024-03-11",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let review: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(review["items"].as_array().unwrap().len(), 1);
    assert_eq!(review["items"][0]["days_overdue"], 10);
    assert_eq!(review["follow_through"][0]["quarter"], "2024-Q1");
    assert_eq!(review["follow_through"][0]["rate"].as_f64().unwrap(), 0.5);
    let early = whys(
        tmp.path(),
        &["actions", "--overdue", "--today", "2024-02-01"],
    );
    assert_eq!(early.status.code(), Some(0));
}

#[test]
fn export_writes_one_row_per_incident() {
    let tmp = archive(&[
        ("2024-01-01-a", "2024-01-01T00:00:00Z", Some(90)),
        ("2024-01-02-b", "2024-01-02T00:00:00Z", None),
    ]);
    let out = whys(tmp.path(), &["export", "--format", "jsonl"]);
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["ttm_minutes"].as_f64().unwrap(), 90.0);
    assert!(rows[1]["ttm_minutes"].is_null());
    assert_eq!(rows[0]["actions_open"], 1);
    let csv = whys(tmp.path(), &["export", "--format", "csv"]);
    assert_eq!(String::from_utf8_lossy(&csv.stdout).lines().count(), 3);
}

#[test]
fn an_archive_template_overrides_the_report_in_markdown_html_and_the_site() {
    let records: Vec<(String, String, Option<i64>)> = (0..6)
        .map(|i| {
            (
                format!("2024-02-0{}-inc", i + 1),
                format!("2024-02-0{}T10:00:00Z", i + 1),
                Some(10 + i),
            )
        })
        .collect();
    let borrowed: Vec<(&str, &str, Option<i64>)> = records
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), *c))
        .collect();
    let tmp = archive(&borrowed);
    let before = String::from_utf8_lossy(&whys(tmp.path(), &["report"]).stdout).into_owned();
    assert!(before.starts_with("# Time to mitigate report"), "{before}");

    let overrides = tmp.path().join("templates/report");
    std::fs::create_dir_all(&overrides).unwrap();
    std::fs::write(
        overrides.join("report.md.tera"),
        "# Our review of {{ report.metric_name }}\n\n{% for line in summary.verdict %}{{ line }}\n{% endfor %}",
    )
    .unwrap();
    std::fs::write(
        overrides.join("body.html.tera"),
        "<p id=\"ours\">Our own body: {{ report.summary.latest_period }} {{ title }} <b>&</b></p>",
    )
    .unwrap();
    let md = whys(tmp.path(), &["report", "--format", "md"]);
    assert!(
        md.status.success(),
        "{}",
        String::from_utf8_lossy(&md.stderr)
    );
    let md = String::from_utf8_lossy(&md.stdout);
    assert!(md.starts_with("# Our review of time to mitigate\n"), "{md}");
    assert!(md.contains("2024-Q1 against 2023-Q4"), "{md}");

    let html = String::from_utf8_lossy(&whys(tmp.path(), &["report", "--format", "html"]).stdout)
        .into_owned();
    assert!(
        html.contains("<p id=\"ours\">Our own body: 2024-Q1 Time to mitigate report <b>&</b></p>"),
        "{html}"
    );

    let site = tmp.path().join("site");
    let out = whys(tmp.path(), &["site", "--out", site.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(site.join("report.html")).unwrap();
    assert!(
        page.contains("<p id=\"ours\">Our own body: 2024-Q1"),
        "{page}"
    );
    assert!(
        !page.contains("How to read this"),
        "the built-in body is gone"
    );
}

#[test]
fn action_items_in_markdown_keep_their_text_out_of_the_table_syntax() {
    let tmp = archive(&[("2024-01-05-a", "2024-01-05T10:00:00Z", Some(20))]);
    let path = tmp.path().join("postmortems/2024-01-05-a.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Set a pool limit", "Set a | limit <b>now</b> [x](y)");
    std::fs::write(&path, text).unwrap();
    let out = whys(tmp.path(), &["actions", "--today", "2024-06-01"]);
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("| Set a \\| limit &lt;b&gt;now&lt;/b&gt; \\[x\\](y) |"),
        "{md}"
    );
}

#[test]
fn the_summary_counts_follow_through_repeats_services_and_preceding_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("postmortems");
    std::fs::create_dir_all(&dir).unwrap();
    // 2024-Q1: five incidents; 2024-Q2, the latest complete quarter on 2024-08-01: six.
    for i in 0..5 {
        let id = format!("2024-02-0{}-q1", i + 1);
        let text = record(
            &id,
            &format!("2024-02-0{}T10:00:00Z", i + 1),
            Some(20),
            "2030-01-01",
            "open",
        );
        std::fs::write(dir.join(format!("{id}.yaml")), text).unwrap();
    }
    // Action items of the Q2 incidents, all due 2024-07-01: two done by then, one late,
    // three still open (overdue on 2024-08-01).
    let items = [
        ("done", Some("2024-06-30")),
        ("done", Some("2024-07-01")),
        ("done", Some("2024-07-05")),
        ("open", None),
        ("open", None),
        ("in-progress", None),
    ];
    // What preceded them: three deploys (one also a config change), a config change alone.
    let changes: [&[&str]; 6] = [
        &["deploy"],
        &["deploy", "config"],
        &["deploy"],
        &["config"],
        &[],
        &[],
    ];
    for (i, ((status, done_on), kinds)) in items.iter().zip(changes).enumerate() {
        let id = format!("2024-05-1{i}-q2");
        let start = format!("2024-05-1{i}T10:00:00Z");
        let mut text = record(&id, &start, Some(30 + 10 * i as i64), "2024-07-01", status);
        if let Some(on) = done_on {
            text.push_str(&format!("    done_on: {on}\n"));
        }
        if !kinds.is_empty() {
            text.push_str("changes:\n");
            for kind in kinds {
                text.push_str(&format!(
                    "  - at: 2024-05-1{i}T09:00:00Z\n    kind: {kind}\n    description: a {kind}\n"
                ));
            }
        }
        if i < 2 {
            text.push_str("related: [2024-02-01-q1]\n");
        }
        std::fs::write(dir.join(format!("{id}.yaml")), text).unwrap();
    }
    let out = whys(
        tmp.path(),
        &["report", "--format", "json", "--today", "2024-08-01"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &report["summary"];
    assert_eq!(s["latest_period"], "2024-Q2");
    assert_eq!(s["previous_period"], "2024-Q1");
    assert!(s["incomplete_period"].is_null(), "{s}");
    let long = s["follow_through"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["horizon"] == "long")
        .unwrap();
    assert_eq!(
        (long["due"].as_u64(), long["done_by_due"].as_u64()),
        (Some(6), Some(2))
    );
    assert_eq!(s["overdue_now"], 3);
    assert_eq!(s["repeat_incidents"], 2);
    assert_eq!(s["top_services"][0]["service"], "api");
    // Impact runs to resolution: 30, 40, ..., 80 minutes.
    assert_eq!(s["top_services"][0]["impact_minutes"].as_f64(), Some(330.0));
    let share = |list: &serde_json::Value, kind: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == kind)
            .map(|c| {
                (
                    c["incidents"].as_u64().unwrap(),
                    c["share"].as_f64().unwrap(),
                )
            })
    };
    assert_eq!(share(&s["preceding_changes"], "deploy"), Some((3, 0.5)));
    assert_eq!(
        share(&s["preceding_changes"], "config"),
        Some((2, 2.0 / 6.0))
    );
    assert_eq!(
        share(&s["preceding_changes_all"], "deploy"),
        Some((3, 3.0 / 11.0))
    );
    // Five a side: a real comparison, in words that match it.
    assert_eq!(s["vs_previous"]["too_few"], false);
    let md =
        String::from_utf8_lossy(&whys(tmp.path(), &["report", "--today", "2024-08-01"]).stdout)
            .into_owned();
    assert!(md.contains("long 2 of 6 (33%)"), "{md}");
    assert!(md.contains("Open action items past due now: 3."), "{md}");
    assert!(md.contains("deploy 3 of 11 (27%, 95% CI"), "{md}");
}
