//! Any bytes as one Statuspage v2 incident: the conversion to a draft record, and the
//! record's YAML, which `whys` must read back (an importer must never write a file that
//! whys cannot load).
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use whys::import::statuspage::{convert_incident, StatuspageIncident};
use whys::record::draft::record_yaml;
use whys::record::parse_record;

fuzz_target!(|data: &[u8]| {
    let Ok(incident) = serde_json::from_slice::<StatuspageIncident>(data) else {
        return;
    };
    let severities: Vec<String> = ["SEV1", "SEV2", "SEV3", "SEV4"].map(String::from).to_vec();
    let Ok(converted) = convert_incident(&incident, "GitHub", &severities) else {
        return;
    };
    let Ok(yaml) = record_yaml(&converted.record, "") else {
        return;
    };
    if let Err(failure) = parse_record(Path::new("imported.yaml"), yaml.clone()) {
        panic!(
            "the importer wrote YAML whys cannot read: {}\n{yaml}",
            failure.summary()
        );
    }
});
