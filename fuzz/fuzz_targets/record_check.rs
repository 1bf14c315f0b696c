//! Any bytes as a record file: the loader and every single-record rule of `whys check`.
//! Must never panic; a file that is not a record gets findings, each with a rule id.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use whys::check::check_bytes;
use whys::settings::Settings;
use whys::wording::RuleSet;

fn setup() -> &'static (Settings, RuleSet, Vec<String>) {
    static SETUP: OnceLock<(Settings, RuleSet, Vec<String>)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let settings = Settings::default();
        let rules = RuleSet::builtin().expect("the built-in wording rules compile");
        (
            settings,
            rules,
            vec!["Priya Raman".to_owned(), "jberg".to_owned()],
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let (settings, rules, roster) = setup();
    let path = Path::new("postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml");
    let report = check_bytes(path, data.to_vec(), settings, rules, roster);
    for finding in &report.findings {
        assert!(!finding.rule.is_empty());
        assert!(!finding.message.is_empty(), "{finding:?}");
    }
});
