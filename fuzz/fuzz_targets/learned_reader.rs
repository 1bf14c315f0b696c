//! Any text as a narrative field and as a 5-Whys answer, read by the rules with the learned
//! reader beside them (`lint.encoder`): its tokenizer and forward pass see whatever a record
//! holds. Must never panic, and every finding lies on character boundaries inside the text.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use whys::wording::{RuleSet, ScanContext};

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| {
        RuleSet::builtin()
            .and_then(|rules| rules.with_encoder(true))
            .expect("the built-in rules and encoder load")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let ctx = ScanContext::default();
    let rules = rules();
    let mut hits = rules.scan_narrative(text, &ctx);
    hits.extend(rules.scan_because(text, &ctx));
    hits.extend(rules.ends_at_person(text, &ctx));
    for hit in hits {
        assert!(hit.start <= hit.end && hit.end <= text.len(), "{hit:?}");
        assert!(text.is_char_boundary(hit.start) && text.is_char_boundary(hit.end));
    }
});
