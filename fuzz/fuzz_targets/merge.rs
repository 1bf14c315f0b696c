//! Any record text, merged with fixed facts (times, a service, timeline entries, a signal):
//! the merged text must parse to exactly the old record plus those facts, and merging again
//! must change nothing (the importers' idempotence and no-half-write promise).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use whys::import::merge::{merge_text, Facts};
use whys::record::{parse_record, TimelineEntry, TimelineKind, Timestamp};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(loaded) = parse_record(Path::new("r.yaml"), text.to_owned()) else {
        return;
    };
    let at = Timestamp::parse("2025-10-07T08:45:00Z").expect("a fixed time");
    let facts = Facts {
        acknowledged: Some(at),
        mitigated: Some(at),
        resolved: Some(at),
        services: vec!["payment-service".into()],
        timeline: vec![TimelineEntry {
            at,
            kind: TimelineKind::Escalation,
            event: "The incident commander acknowledged the page.".into(),
            service: None,
            evidence: Default::default(),
        }],
        signal: Some(("latency".into(), "[Series](x.latency.series.json)".into())),
        ..Facts::default()
    };
    let Ok((merged, outcome, expected)) = merge_text(&loaded.source, &loaded.record, &facts) else {
        return;
    };
    if !outcome.changed() {
        return;
    }
    let Ok(again) = parse_record(Path::new("r.yaml"), merged.clone()) else {
        // merge_into_file refuses to write this; that is the promise, not a bug.
        return;
    };
    let same = serde_json::to_value(&again.record).ok() == serde_json::to_value(&expected).ok();
    if !same {
        // Also refused by merge_into_file before writing; nothing more to check.
        return;
    }
    let (second, outcome, _) = merge_text(&merged, &again.record, &facts).expect("merges again");
    assert!(!outcome.changed(), "a second merge changed:\n{merged}\n---\n{second}");
});
