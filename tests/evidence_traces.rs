//! Trace import, summary, timeline points and comparison: real exports from public projects
//! (tests/data/traces, see tests/data/SOURCES.md) and hand-made fixtures for each rule.

mod common;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use whys::evidence::compare::{compare_traces, CompareOptions};
use whys::evidence::trace::{
    parse_trace, parse_traces, read_trace, summary, timeline_points, PointReason, Trace,
    TraceError, TraceFormat,
};

fn real_traces() -> PathBuf {
    common::real_traces()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/evidence")
        .join(name)
}

fn read_fixture(name: &str) -> Trace {
    let bytes = fs::read(fixture(name)).unwrap();
    parse_trace(&bytes).unwrap_or_else(|err| panic!("{name}: {err}"))
}

fn read_error(name: &str) -> TraceError {
    let bytes = fs::read(fixture(name)).unwrap();
    match parse_traces(&bytes) {
        Ok(file) => panic!("{name} read without error: {} traces", file.traces.len()),
        Err(err) => err,
    }
}

/// Checks every summary must pass, whatever the trace.
fn check_invariants(trace: &Trace) {
    let summary = summary(trace);
    // Every nanosecond of the root is charged to exactly one span of the critical path.
    let charged: u64 = summary.critical_path.iter().map(|s| s.critical_ns).sum();
    let root = summary
        .root
        .as_ref()
        .expect("a trace with spans has a root");
    assert_eq!(
        charged, root.duration_ns,
        "critical path of {}",
        trace.trace_id
    );
    let per_service: u64 = summary.services.iter().map(|s| s.critical_ns).sum();
    assert_eq!(per_service, root.duration_ns);
    for service in &summary.services {
        assert!(service.self_ns <= service.total_ns, "{}", service.service);
    }
    // Spans in time order.
    assert!(trace.spans.windows(2).all(|w| w[0].start <= w[1].start));
    // Points in time order, each error span among them.
    let points = timeline_points(trace);
    assert!(points.windows(2).all(|w| w[0].at <= w[1].at));
    let error_points = points.iter().filter(|p| p.error).count();
    assert_eq!(error_points, summary.error_span_count);
    assert!(points.iter().all(|p| p.trace_id == trace.trace_id));
    let mut text = Vec::new();
    whys::output::write_value(
        &whys::output::Output::TraceSummary(&summary),
        whys::output::Format::Human,
        &mut text,
    )
    .unwrap();
    assert!(!text.is_empty());
    serde_json::to_string(&summary).unwrap();
}

struct Expected {
    file: &'static str,
    format: TraceFormat,
    spans: usize,
    services: usize,
    error_spans: usize,
}

/// The counts SOURCES.md gives for each file.
const REAL_FILES: [Expected; 7] = [
    Expected {
        file: "jaeger/stalk_hotrod_18231c31672495c6.json",
        format: TraceFormat::JaegerEnvelope,
        spans: 51,
        services: 6,
        error_spans: 3,
    },
    Expected {
        file: "jaeger/tracecompass_opentracing_multiple_services.json",
        format: TraceFormat::JaegerEnvelope,
        spans: 5,
        services: 3,
        error_spans: 0,
    },
    Expected {
        file: "jaeger/jaeger_fixture_ui_01.json",
        format: TraceFormat::JaegerTrace,
        spans: 5,
        services: 2,
        error_spans: 1,
    },
    Expected {
        file: "jaeger/jaegerui_petclinic_spanAmongEachOtherGroupedAndSpans.json",
        format: TraceFormat::JaegerTrace,
        spans: 17,
        services: 2,
        error_spans: 0,
    },
    Expected {
        file: "otlp/jaegerui_pr4129_hotrod_apiv3_getTrace-response.json",
        format: TraceFormat::JaegerApiV3,
        spans: 40,
        services: 6,
        error_spans: 3,
    },
    Expected {
        file: "otlp/kiali_tempo_bookinfo_responseTrace.json",
        format: TraceFormat::OtlpBatches,
        spans: 8,
        services: 5,
        error_spans: 0,
    },
    Expected {
        file: "otlp/otelproto_examples_trace.json",
        format: TraceFormat::OtlpResourceSpans,
        spans: 1,
        services: 1,
        error_spans: 0,
    },
];

#[test]
fn every_real_export_matches_sources_md() {
    let dir = real_traces();
    let mut seen = 0;
    for expected in &REAL_FILES {
        let bytes = fs::read(dir.join(expected.file)).unwrap();
        let file = parse_traces(&bytes).unwrap_or_else(|err| panic!("{}: {err}", expected.file));
        assert_eq!(file.format, expected.format, "{}", expected.file);
        assert_eq!(file.traces.len(), 1, "{}", expected.file);
        let trace = &file.traces[0];
        let summary = summary(trace);
        assert_eq!(summary.span_count, expected.spans, "{}", expected.file);
        assert_eq!(
            summary.service_count, expected.services,
            "{}",
            expected.file
        );
        assert_eq!(
            summary.error_span_count, expected.error_spans,
            "{}",
            expected.file
        );
        check_invariants(trace);
        seen += 1;
    }
    // No file in the folder goes untested.
    let on_disk = ["jaeger", "otlp"]
        .iter()
        .flat_map(|sub| fs::read_dir(dir.join(sub)).unwrap())
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .and_then(|e| e.to_str())
                == Some("json")
        })
        .count();
    assert_eq!(seen, on_disk);
}

#[test]
fn hotrod_errors_carry_the_redis_timeout_in_both_formats() {
    let dir = real_traces();
    for (file, service) in [
        ("jaeger/stalk_hotrod_18231c31672495c6.json", "redis"),
        (
            "otlp/jaegerui_pr4129_hotrod_apiv3_getTrace-response.json",
            "redis-manual",
        ),
    ] {
        let trace = read_trace(fs::File::open(dir.join(file)).unwrap()).unwrap();
        let errors: Vec<_> = trace.spans.iter().filter(|s| s.error).collect();
        assert_eq!(errors.len(), 3, "{file}");
        for span in errors {
            assert_eq!(span.service, service);
            assert_eq!(span.operation, "GetDriver");
            assert_eq!(span.error_message.as_deref(), Some("redis timeout"));
        }
        let summary = summary(&trace);
        let root = summary.root.unwrap();
        assert_eq!(root.service, "frontend");
        assert_eq!(summary.root_count, 1, "{file}");
        let redis = summary
            .services
            .iter()
            .find(|s| s.service == service)
            .unwrap();
        assert_eq!(redis.error_count, 3);
    }
}

#[test]
fn real_export_details() {
    let dir = real_traces();
    let read = |file: &str| read_trace(fs::File::open(dir.join(file)).unwrap()).unwrap();

    // Jaeger's hand-made edge cases: two roots and a repeated span id.
    let ui = summary(&read("jaeger/jaeger_fixture_ui_01.json"));
    assert_eq!(ui.root_count, 2);
    assert_eq!(ui.duplicate_span_id_count, 1);

    // Tempo's base64 ids become hex.
    let kiali = read("otlp/kiali_tempo_bookinfo_responseTrace.json");
    assert_eq!(kiali.trace_id, "3ba55609c3cde49649cd77d1f9dcd936");
    assert_eq!(kiali.spans[0].span_id, "49cd77d1f9dcd936");
    assert_eq!(summary(&kiali).root_count, 1);

    // The specification's example: upper-case hex, parent outside the file.
    let example = read("otlp/otelproto_examples_trace.json");
    assert_eq!(example.trace_id, "5b8efff798038103d269b633813fc60c");
    assert_eq!(
        example.spans[0].parent_id.as_deref(),
        Some("eee19b7ec3c1b173")
    );
    assert_eq!(
        example.spans[0].tags.get("span.kind").map(String::as_str),
        Some("server")
    );
    let example_summary = summary(&example);
    assert_eq!(example_summary.missing_parent_count, 1);
    assert_eq!(example_summary.root_count, 1);

    // Jaeger drops leading zeros of ids; they come back so references still match.
    let stalk = read("jaeger/stalk_hotrod_18231c31672495c6.json");
    assert!(stalk.spans.iter().all(|s| s.span_id.len() == 16));
    assert_eq!(summary(&stalk).missing_parent_count, 0);
}

#[test]
fn nanosecond_and_microsecond_clocks() {
    let otlp = read_fixture("traces/clocks_otlp_ns.json");
    let jaeger = read_fixture("traces/clocks_jaeger_us.json");
    assert_eq!(otlp.trace_id, "0af7651916cd43dd8448eb211c80319c");
    assert_eq!(jaeger.trace_id, otlp.trace_id);

    let root = &otlp.spans[0];
    assert_eq!(root.operation, "GET /time");
    assert_eq!(root.start_ns(), 1_700_000_000_000_000_001);
    assert_eq!(root.duration_ns, 250_000_998);
    assert_eq!(
        root.start
            .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
        "2023-11-14T22:13:20.000000001Z"
    );
    // A number past 2^53 read exactly, not through a float.
    assert_eq!(otlp.spans[1].start_ns(), 1_700_000_000_100_000_500);
    assert_eq!(
        otlp.spans[1].tags.get("span.kind").map(String::as_str),
        Some("client")
    );

    let jaeger_root = &jaeger.spans[0];
    assert_eq!(jaeger_root.operation, "GET /time");
    assert_eq!(jaeger_root.start_ns(), 1_700_000_000_000_000_000);
    assert_eq!(jaeger_root.duration_ns, 250_000_000);
    assert_eq!(jaeger.spans[1].span_id, "00f067aa0ba902b7");
    assert_eq!(
        jaeger.spans[1].parent_id.as_deref(),
        Some("b7ad6b7169203331")
    );
    assert_eq!(jaeger.spans[1].start_ns(), 1_700_000_000_100_000_000);
    for trace in [&otlp, &jaeger] {
        let summary = summary(trace);
        assert_eq!(summary.root_count, 1);
        assert_eq!(summary.error_span_count, 0);
        check_invariants(trace);
    }
}

#[test]
fn missing_parents_become_roots() {
    let trace = read_fixture("traces/missing_parents_jaeger.json");
    let summary = summary(&trace);
    assert_eq!(summary.span_count, 4);
    assert_eq!(summary.root_count, 2);
    assert_eq!(summary.missing_parent_count, 1);
    let root = summary.root.as_ref().unwrap();
    assert_eq!(root.operation, "GET /orders");
    // The orphaned subtree is read, but only the request's root is on the critical path.
    assert!(summary.critical_path.iter().all(|s| s.service != "mailer"));
    let mailer = summary
        .services
        .iter()
        .find(|s| s.service == "mailer")
        .unwrap();
    assert_eq!(mailer.span_count, 2);
    // send receipt: 50 ms minus the 30 ms of smtp send inside it; smtp send: 30 ms.
    assert_eq!(mailer.self_ns, 50_000_000);
    let smtp = trace
        .spans
        .iter()
        .find(|s| s.operation == "smtp send")
        .unwrap();
    assert_eq!(smtp.parent_id.as_deref(), Some("000000000000000c")); // FOLLOWS_FROM kept
    check_invariants(&trace);
}

#[test]
fn spans_out_of_order_are_sorted_and_linked() {
    let trace = read_fixture("traces/out_of_order_otlp.json");
    let operations: Vec<&str> = trace.spans.iter().map(|s| s.operation.as_str()).collect();
    assert_eq!(
        operations,
        [
            "GET /search",
            "search",
            "SELECT products",
            "SELECT prices",
            "render"
        ]
    );
    // An empty parentSpanId means "no parent", not a missing one.
    assert_eq!(trace.spans[0].parent_id, None);
    let summary = summary(&trace);
    assert_eq!(summary.root_count, 1);
    assert_eq!(summary.missing_parent_count, 0);
    assert_eq!(summary.error_span_count, 0);

    let ms = 1_000_000;
    let api = summary
        .services
        .iter()
        .find(|s| s.service == "search-api")
        .unwrap();
    assert_eq!(
        (api.span_count, api.total_ns, api.self_ns),
        (3, 210 * ms, 60 * ms)
    );
    let db = summary
        .services
        .iter()
        .find(|s| s.service == "search-db")
        .unwrap();
    assert_eq!(
        (db.span_count, db.total_ns, db.self_ns),
        (2, 80 * ms, 80 * ms)
    );

    // The slower query decided the request; the faster one ran in its shadow.
    let path: Vec<(&str, u64)> = summary
        .critical_path
        .iter()
        .map(|s| (s.operation.as_str(), s.critical_ns))
        .collect();
    assert_eq!(
        path,
        [
            ("GET /search", 30 * ms),
            ("search", 20 * ms),
            ("SELECT products", 60 * ms),
            ("render", 10 * ms)
        ]
    );
    check_invariants(&trace);
}

#[test]
fn trace_without_errors_has_no_error_points() {
    let trace = read_fixture("traces/checkout_baseline_jaeger.json");
    let summary = summary(&trace);
    assert_eq!(summary.error_span_count, 0);
    let points = timeline_points(&trace);
    assert!(points.iter().all(|p| !p.error && p.error_message.is_none()));
    // Root, then the first span of each of the four other services.
    let reasons: Vec<(&str, &[PointReason])> = points
        .iter()
        .map(|p| (p.service.as_str(), p.reasons.as_slice()))
        .collect();
    assert_eq!(
        reasons,
        [
            (
                "frontend",
                &[PointReason::Root, PointReason::FirstInService][..]
            ),
            ("cart", &[PointReason::FirstInService][..]),
            (
                "payments",
                &[PointReason::FirstInService, PointReason::Slowest][..]
            ),
            ("payments-db", &[PointReason::FirstInService][..]),
            ("inventory", &[PointReason::FirstInService][..]),
        ]
    );
    check_invariants(&trace);
}

#[test]
fn timeline_points_of_a_failing_trace() {
    let trace = read_fixture("traces/checkout_failing_otlp.json");
    let points = timeline_points(&trace);
    let picked: Vec<(&str, &str, Option<&str>)> = points
        .iter()
        .map(|p| {
            (
                p.service.as_str(),
                p.operation.as_str(),
                p.error_message.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        picked,
        [
            ("frontend", "POST /checkout", Some("payment failed")),
            ("cart", "GetCart", None),
            (
                "payments",
                "Charge",
                Some("connection pool exhausted: timed out after 1000ms")
            ),
            ("payments-db", "SELECT accounts", None),
            ("payments", "Charge", Some("HTTP status 503")),
        ]
    );
    assert!(points[4].reasons.contains(&PointReason::Slowest));
    check_invariants(&trace);
}

#[test]
fn compare_failing_with_baseline_across_formats() {
    let failing = read_fixture("traces/checkout_failing_otlp.json");
    let baseline = read_fixture("traces/checkout_baseline_jaeger.json");
    let comparison = compare_traces(&failing, &baseline, CompareOptions::default());

    let only_failing: Vec<(&str, &str, usize)> = comparison
        .only_in_failing
        .iter()
        .map(|s| (s.service.as_str(), s.name.as_str(), s.occurrence))
        .collect();
    assert_eq!(only_failing, [("payments", "Charge", 2)]);
    let only_baseline: Vec<(&str, &str)> = comparison
        .only_in_baseline
        .iter()
        .map(|s| (s.service.as_str(), s.name.as_str()))
        .collect();
    assert_eq!(only_baseline, [("inventory", "Reserve")]);

    let slower: Vec<(&str, u64)> = comparison
        .slower
        .iter()
        .map(|s| (s.name.as_str(), s.extra_ns / 1_000_000))
        .collect();
    assert_eq!(
        slower,
        [
            ("POST /checkout", 1980),
            ("Charge", 950),
            ("SELECT accounts", 888)
        ]
    );
    let select = &comparison.slower[2];
    assert_eq!(select.ratio.map(|r| (r * 10.0).round() / 10.0), Some(75.0));

    // The root fails too, but ends last: the first error is the first Charge.
    let first = comparison.first_error.as_ref().unwrap();
    assert_eq!(
        (first.step.service.as_str(), first.step.occurrence),
        ("payments", 1)
    );
    assert!(first.in_baseline && !first.failed_in_baseline);
    assert_eq!(first.step.offset_ns, 30_000_000);

    let mut bytes = Vec::new();
    whys::output::write_value(
        &whys::output::Output::Comparison(&comparison),
        whys::output::Format::Human,
        &mut bytes,
    )
    .unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.contains("first error: payments Charge at +30.0 ms"),
        "{text}"
    );
    assert!(
        text.contains("payments-db SELECT accounts: 900.0 ms vs 12.0 ms"),
        "{text}"
    );
    let json = serde_json::to_value(&comparison).unwrap();
    assert_eq!(json["failing"]["id"], "0af7651916cd43dd8448eb211c80319c");

    // A trace compared with itself differs nowhere.
    let same = compare_traces(&baseline, &baseline, CompareOptions::default());
    assert!(same.only_in_failing.is_empty() && same.only_in_baseline.is_empty());
    assert!(same.slower.is_empty() && same.first_error.is_none());
}

#[test]
fn malformed_files_name_the_json_path() {
    let cases = [
        (
            "malformed/jaeger_start_time_text.json",
            "data[0].spans[3].startTime: invalid value: string \"soon\", expected a number",
        ),
        (
            "malformed/jaeger_missing_span_id.json",
            "data[0].spans[0]: missing field `spanID`",
        ),
        (
            "malformed/otlp_status_code_7.json",
            "resourceSpans[0].scopeSpans[0].spans[1].status.code: invalid value: integer `7`",
        ),
        (
            "malformed/otlp_start_too_large.json",
            "resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano: invalid value",
        ),
        (
            "malformed/otlp_batch_not_object.json",
            "batches[1]: invalid type: string \"oops\"",
        ),
    ];
    for (name, expected) in cases {
        let message = read_error(name).to_string();
        assert!(message.starts_with(expected), "{name}: {message}");
    }

    // Line and column of the offending value come along.
    match read_error("malformed/jaeger_start_time_text.json") {
        TraceError::Json { line, .. } => assert_eq!(line, 44),
        other => panic!("unexpected {other:?}"),
    }
    match read_error("malformed/truncated.json") {
        TraceError::Json { line, message, .. } => {
            assert!(line >= 2, "line {line}");
            assert!(message.contains("EOF"), "{message}");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(matches!(
        read_error("malformed/not_a_trace.json"),
        TraceError::UnknownFormat
    ));
    assert!(matches!(parse_traces(b""), Err(TraceError::NoSpans)));
    assert!(matches!(
        parse_trace(b"{\"data\": []}"),
        Err(TraceError::NoSpans)
    ));
}

#[test]
fn a_file_of_several_documents_and_traces() {
    // The collector's file exporter writes one OTLP document per line.
    let clocks = fs::read_to_string(fixture("traces/clocks_otlp_ns.json")).unwrap();
    let search = fs::read_to_string(fixture("traces/out_of_order_otlp.json")).unwrap();
    let lines = format!(
        "{}\n{}\n",
        clocks.replace('\n', " "),
        search.replace('\n', " ")
    );
    let file = parse_traces(lines.as_bytes()).unwrap();
    assert_eq!(file.traces.len(), 2);
    assert_eq!(file.traces[1].spans.len(), 5);
    match parse_trace(lines.as_bytes()) {
        Err(TraceError::SeveralTraces { trace_ids }) => assert_eq!(trace_ids.len(), 2),
        other => panic!("unexpected {other:?}"),
    }
    // An error in the second document says so.
    let broken = format!(
        "{}\n{{\"resourceSpans\": [{{\"scopeSpans\": 3}}]}}\n",
        clocks.replace('\n', " ")
    );
    let message = parse_traces(broken.as_bytes()).unwrap_err().to_string();
    assert!(
        message.starts_with("document 2: resourceSpans[0].scopeSpans"),
        "{message}"
    );
}

/// Write a Jaeger export of `count` spans: half a single chain of calls (deep), half direct
/// children of the root (wide), listed in reverse so the reader must sort.
fn write_large_trace(path: &Path, count: usize) {
    let mut out = BufWriter::new(fs::File::create(path).unwrap());
    write!(out, "{{\"data\":[{{\"traceID\":\"7a3f\",\"spans\":[").unwrap();
    let base_us: u64 = 1_759_845_787_000_000;
    let half = count / 2;
    for index in (0..count).rev() {
        let parent = if index == 0 {
            None
        } else if index < half {
            Some(index - 1)
        } else {
            Some(0)
        };
        let (start, duration) = if index < half {
            (base_us + index as u64, (2 * count - 2 * index) as u64)
        } else {
            (base_us + 10 + (index - half) as u64, 5)
        };
        let references = parent
            .map(|p| {
                format!(
                    "[{{\"refType\":\"CHILD_OF\",\"traceID\":\"7a3f\",\"spanID\":\"{:x}\"}}]",
                    p + 1
                )
            })
            .unwrap_or_else(|| "[]".to_string());
        let error = if index % 1000 == 999 {
            ",{\"key\":\"error\",\"type\":\"bool\",\"value\":true}"
        } else {
            ""
        };
        write!(
            out,
            "{}{{\"traceID\":\"7a3f\",\"spanID\":\"{:x}\",\"operationName\":\"op-{}\",\"references\":{},\
             \"startTime\":{},\"duration\":{},\"tags\":[{{\"key\":\"span.kind\",\"type\":\"string\",\"value\":\"server\"}}{}],\
             \"logs\":[],\"processID\":\"p{}\",\"warnings\":null}}",
            if index + 1 == count { "" } else { "," },
            index + 1,
            index % 50,
            references,
            start,
            duration,
            error,
            index % 7
        )
        .unwrap();
    }
    write!(out, "],\"processes\":{{").unwrap();
    for process in 0..7 {
        write!(
            out,
            "{}\"p{process}\":{{\"serviceName\":\"service-{process}\",\"tags\":[]}}",
            if process == 0 { "" } else { "," }
        )
        .unwrap();
    }
    write!(out, "}}}}]}}").unwrap();
    out.flush().unwrap();
}

#[test]
fn a_hundred_thousand_spans_read_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.json");
    write_large_trace(&path, 100_000);

    let started = Instant::now();
    let trace = read_trace(fs::File::open(&path).unwrap()).unwrap();
    let read = started.elapsed();
    let summary = summary(&trace);
    let summarised = started.elapsed();
    let points = timeline_points(&trace);
    let elapsed = started.elapsed();
    eprintln!(
        "100,000 spans: read {read:?}, summary {:?}, points {:?}",
        summarised - read,
        elapsed - summarised
    );

    assert_eq!(summary.span_count, 100_000);
    assert_eq!(summary.service_count, 7);
    assert_eq!(summary.error_span_count, 100);
    assert_eq!(summary.root_count, 1);
    assert_eq!(summary.missing_parent_count, 0);
    // The 50,000-deep chain is walked without recursion.
    assert_eq!(
        summary.critical_path.iter().map(|s| s.depth).max(),
        Some(49_999)
    );
    assert_eq!(points.iter().filter(|p| p.error).count(), 100);
    check_invariants(&trace);
    // A hang guard, not a benchmark: an unoptimised build on a busy two-core machine took
    // about 6 s here, a release build about 0.4 s (0.2 s of it the read).
    let limit = if cfg!(debug_assertions) { 30 } else { 3 };
    assert!(elapsed < Duration::from_secs(limit), "took {elapsed:?}");
}
