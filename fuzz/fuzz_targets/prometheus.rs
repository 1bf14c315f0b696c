//! Any bytes as a Prometheus query_range body: no panic, and a series that parses is bounded
//! and charts to an SVG whose text cannot break out of it.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use whys::evidence::prometheus::{parse_query_range, MAX_POINTS, MAX_SERIES};
use whys::record::{Times, Timestamp};
use whys::render::signal_chart::signal_chart_svg;

fuzz_target!(|data: &[u8]| {
    let Ok(file) = parse_query_range(Path::new("body.json"), data, "latency") else {
        return;
    };
    assert!(file.series.len() <= MAX_SERIES);
    assert!(file.series.iter().all(|s| s.points.len() <= MAX_POINTS));
    let at = Timestamp::parse("2025-10-07T08:30:00Z").expect("a fixed time");
    let times = Times {
        started: at,
        detected: at,
        acknowledged: None,
        root_caused: None,
        mitigated: None,
        resolved: None,
    };
    if let Some(svg) = signal_chart_svg(&file, &times) {
        assert_eq!(svg.matches("<svg").count(), 1, "{svg}");
        assert!(!svg.contains("<script"), "{svg}");
    }
});
