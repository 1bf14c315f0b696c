//! Any bytes as a trace export (Jaeger, OTLP, Tempo): reading it, and summarising each trace.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whys::evidence::trace::{parse_traces, summary, timeline_points};

fuzz_target!(|data: &[u8]| {
    if let Ok(file) = parse_traces(data) {
        for trace in &file.traces {
            let s = summary(trace);
            let mut text = Vec::new();
            let _ = whys::output::write_value(
                &whys::output::Output::TraceSummary(&s),
                whys::output::Format::Human,
                &mut text,
            );
            let _ = timeline_points(trace);
        }
    }
});
