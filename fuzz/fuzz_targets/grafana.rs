//! Any bytes as a Grafana annotations body: no panic, and every change it lists has a time
//! inside the window asked for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whys::import::grafana::grafana_changes;
use whys::import::people::Roster;
use whys::record::Timestamp;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let input = dir.path().join("annotations.json");
    if std::fs::write(&input, data).is_err() {
        return;
    }
    let since = Timestamp::parse("2000-01-01T00:00:00Z").expect("a fixed time");
    let until = Timestamp::parse("2100-01-01T00:00:00Z").expect("a fixed time");
    let Ok(changes) = grafana_changes(&input, since, until, &Roster::default()) else {
        return;
    };
    for c in changes {
        assert!(c.at > since && c.at <= until);
    }
});
