//! Any bytes as a saved PagerDuty REST API v2 body (incident, list or log entries), imported
//! through the library into a scratch archive: no panic, and every record written must load.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whys::import::pagerduty::{import_pagerduty, PagerDutyOptions};
use whys::record::load_record;
use whys::settings::Archive;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let input = dir.path().join("body.json");
    if std::fs::write(&input, data).is_err() {
        return;
    }
    let Ok(archive) = Archive::discover(dir.path()) else { return };
    let Ok(summary) = import_pagerduty(&[input], &archive, &PagerDutyOptions::default()) else {
        return;
    };
    for done in summary.incidents {
        if let Err(failure) = load_record(&done.path, &Default::default()) {
            panic!("the importer wrote a record whys cannot read: {}", failure.summary());
        }
    }
});
