//! Any bytes as a record file: the loader and every single-record rule of `whys check`.
//! Must never panic; a file that is not a record gets findings, each with a rule id. The
//! learned second opinion is switched on, as an archive with `lint.second_opinion` has it, so
//! its path through the sentence cache is fuzzed too.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use whys::check::check_bytes;
use whys::settings::Settings;
use whys::wording::{RuleSet, SecondOpinion};

fn setup() -> &'static (Settings, RuleSet, Vec<String>) {
    static SETUP: OnceLock<(Settings, RuleSet, Vec<String>)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let settings = Settings::default();
        let model = SecondOpinion::builtin().expect("the built-in model parses");
        let rules = RuleSet::builtin()
            .expect("the built-in wording rules compile")
            .with_second_opinion(Some(model));
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
