//! Following a request through JSON-lines logs, and comparing two requests of the same logs.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use whys::evidence::compare::{compare_logs, CompareOptions};
use whys::evidence::logs::{
    follow_request, follow_requests, Level, LogError, LogSource, Selector, MAX_LINE_BYTES,
};

const FAILING_TRACE: &str = "0AF7651916CD43DD8448EB211C80319C";
const GOOD_TRACE: &str = "4bf92f3577b34da6a3ce929d0e0e4736";

fn log_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/evidence/logs")
}

fn sources() -> Vec<LogSource<'static>> {
    ["gateway.jsonl", "payments.jsonl", "db.jsonl"]
        .iter()
        .map(|name| LogSource::open(&log_dir().join(name)).unwrap())
        .collect()
}

fn short(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

#[test]
fn follows_one_trace_across_files_with_mixed_field_names() {
    let follow = follow_request(sources(), Selector::TraceId(FAILING_TRACE.into()), None).unwrap();
    let seen: Vec<(String, &str, u64, &str)> = follow
        .entries
        .iter()
        .map(|e| {
            (
                e.at.to_utc().format("%H:%M:%S%.3f").to_string(),
                short(&e.file),
                e.line,
                e.service.as_deref().unwrap_or("-"),
            )
        })
        .collect();
    let expected = [
        ("14:03:07.000", "gateway.jsonl", 3, "gateway"),
        ("14:03:07.200", "payments.jsonl", 3, "payments"), // leading zero of the id dropped
        ("14:03:07.208", "db.jsonl", 2, "payments-db"),    // nested trace.id, epoch ns
        ("14:03:08.109", "db.jsonl", 3, "payments-db"),    // epoch µs, service object
        ("14:03:08.210", "payments.jsonl", 4, "payments"), // epoch ms
        ("14:03:08.220", "payments.jsonl", 5, "payments"),
        ("14:03:09.090", "payments.jsonl", 7, "payments"),
        ("14:03:09.100", "gateway.jsonl", 8, "gateway"),
    ];
    let expected: Vec<(String, &str, u64, &str)> = expected
        .iter()
        .map(|(at, file, line, service)| (at.to_string(), *file, *line, *service))
        .collect();
    assert_eq!(seen, expected);

    let first = &follow.entries[0];
    assert_eq!(first.message, "request received POST /checkout");
    assert_eq!(first.level, Some(Level::Info));
    // The offset the log used is kept.
    assert_eq!(first.at.offset().local_minus_utc(), 2 * 3600);
    assert_eq!(
        first.detail.get("client").and_then(|v| v.as_str()),
        Some("web")
    );
    assert!(!first.detail.contains_key("timestamp") && !first.detail.contains_key("msg"));
    let exhausted = &follow.entries[4];
    assert_eq!(exhausted.level, Some(Level::Error));
    assert_eq!(exhausted.detail["pool"]["waiting"], 31);
    assert_eq!(follow.entries[5].level, Some(Level::Warn)); // "WARNING"
    assert_eq!(follow.entries[2].detail["rows"], 1);
    // Of a nested service object only the name is taken; the rest stays as detail.
    assert_eq!(follow.entries[3].detail["service"]["version"], "2.3");

    // The matching line without a timestamp is left out and reported.
    assert_eq!(follow.matching_without_time_count, 1);
    assert_eq!(
        short(&follow.matching_without_time[0].file),
        "gateway.jsonl"
    );
    assert_eq!(follow.matching_without_time[0].line, 7);
}

#[test]
fn bad_lines_are_counted_with_file_and_line_never_fatal() {
    let follow = follow_request(sources(), Selector::TraceId(GOOD_TRACE.into()), None).unwrap();
    assert_eq!(follow.entries.len(), 5);
    let stats = &follow.stats;
    assert_eq!(stats.files, 3);
    assert_eq!(stats.bad_line_count, 3);
    let bad: Vec<(&str, u64)> = stats
        .bad_lines
        .iter()
        .map(|b| (short(&b.file), b.line))
        .collect();
    assert_eq!(
        bad,
        [
            ("gateway.jsonl", 4),
            ("gateway.jsonl", 6),
            ("payments.jsonl", 6)
        ]
    );
    assert!(stats.bad_lines[0].reason.starts_with("not JSON"));
    assert_eq!(stats.bad_lines[1].reason, "not a JSON object but an array");
    assert_eq!(stats.lines_without_time, 1);
    // 19 lines, one empty: empty lines are neither read nor bad.
    assert_eq!(stats.lines, 18);
    // Float epoch seconds keep their milliseconds.
    let db = follow
        .entries
        .iter()
        .find(|e| short(&e.file) == "db.jsonl")
        .unwrap();
    assert_eq!(db.at.timestamp_millis(), 1_759_845_600_035);
}

#[test]
fn request_ids_and_level_filter() {
    let by_request =
        follow_request(sources(), Selector::RequestId("req-failing-7".into()), None).unwrap();
    assert_eq!(by_request.entries.len(), 7);
    assert!(by_request.entries.windows(2).all(|w| w[0].at <= w[1].at));

    let errors = follow_request(
        sources(),
        Selector::TraceId(FAILING_TRACE.to_lowercase()),
        Some(Level::Error),
    )
    .unwrap();
    let messages: Vec<&str> = errors.entries.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "db pool exhausted after 1000ms",
            "charge failed",
            "response sent status=502 in 2100ms"
        ]
    );
    assert_eq!(errors.below_level, 5);

    assert!(matches!(
        follow_request(sources(), Selector::RequestId("  ".into()), None),
        Err(LogError::EmptySelector { .. })
    ));
    assert_eq!("warning".parse::<Level>(), Ok(Level::Warn));
    assert!("shouting".parse::<Level>().is_err());
}

#[test]
fn compares_two_requests_of_the_same_logs() {
    let follows = follow_requests(
        sources(),
        &[
            Selector::TraceId(FAILING_TRACE.into()),
            Selector::TraceId(GOOD_TRACE.into()),
        ],
        None,
    )
    .unwrap();
    let comparison = compare_logs(&follows[0], &follows[1], CompareOptions::default());

    let only_failing: Vec<(&str, &str)> = comparison
        .only_in_failing
        .iter()
        .map(|s| (s.service.as_str(), s.name.as_str()))
        .collect();
    assert_eq!(
        only_failing,
        [
            ("payments-db", "connection returned to pool"),
            ("payments", "db pool exhausted after <*>"),
            ("payments", "retrying charge attempt=<*>"),
            ("payments", "charge failed"),
        ]
    );
    let only_baseline: Vec<&str> = comparison
        .only_in_baseline
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(only_baseline, ["charge accepted"]);

    // The wait before charging grew from 30 ms to 200 ms; 5 ms to 8 ms is noise.
    assert_eq!(comparison.slower.len(), 1);
    let slower = &comparison.slower[0];
    assert_eq!(slower.name, "charging card for order <*>");
    assert_eq!(
        (slower.failing_ns, slower.baseline_ns),
        (200_000_000, 30_000_000)
    );

    let first = comparison.first_error.as_ref().unwrap();
    assert_eq!(first.step.name, "db pool exhausted after <*>");
    assert_eq!(first.step.offset_ns, 1_210_000_000);
    assert!(!first.in_baseline);
    assert_eq!(comparison.failing.steps, 8);
    assert_eq!(comparison.baseline.steps, 5);

    let mut bytes = Vec::new();
    whys::output::write_value(
        &whys::output::Output::Comparison(&comparison),
        whys::output::Format::Human,
        &mut bytes,
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("first error: payments db pool exhausted after <*> at +1.21 s"),
        "{text}"
    );
    serde_json::to_string(&comparison).unwrap();
}

#[test]
fn reads_from_any_buffered_reader_and_skips_overlong_lines() {
    let mut text = String::new();
    text.push_str(
        "\u{feff}{\"time\":\"2025-10-07T14:00:00Z\",\"msg\":\"first\",\"req_id\":\"r1\"}\r\n",
    );
    text.push_str(&format!(
        "{{\"msg\":\"{}\"}}\n",
        "x".repeat(MAX_LINE_BYTES + 10)
    ));
    text.push_str("{\"time\":\"2025-10-07T14:00:01Z\",\"msg\":\"last\",\"req_id\":\"r1\"}");
    let source = LogSource::new("memory", Cursor::new(text.into_bytes()));
    let follow = follow_request([source], Selector::RequestId("r1".into()), None).unwrap();
    let messages: Vec<&str> = follow.entries.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages, ["first", "last"]);
    assert_eq!(follow.entries[1].line, 3);
    assert_eq!(follow.stats.bad_line_count, 1);
    assert_eq!(follow.stats.bad_lines[0].line, 2);
    assert!(follow.stats.bad_lines[0].reason.contains("longer than"));
}
