//! Every rule's own `fire:` and `quiet:` examples, and per-rule cases beyond them.

use whys::diagnostic::Severity;
use whys::wording::{RuleSet, ScanContext};

fn rules() -> RuleSet {
    match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(e) => panic!("built-in rules do not compile: {e}"),
    }
}

#[test]
fn every_rule_keeps_to_its_own_examples() {
    let rules = rules();
    let roster = vec!["Yuri Petrov (YP)".to_string()];
    let ctx = ScanContext {
        names: &roster,
        published: false,
    };
    let mut failures = Vec::new();
    for spec in rules.rules() {
        assert!(
            !spec.fire.is_empty(),
            "rule {} has no `fire:` examples",
            spec.id
        );
        assert!(
            !spec.quiet.is_empty(),
            "rule {} has no `quiet:` examples",
            spec.id
        );
        failures.extend(rules.example_failures(spec, &ctx));
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn builtin_levels_follow_the_design() {
    let rules = rules();
    let draft = ScanContext {
        names: &[],
        published: false,
    };
    let published = ScanContext {
        names: &[],
        published: true,
    };
    let level = |text: &str, ctx: &ScanContext<'_>| {
        let mut hits = rules.scan_narrative(text, ctx);
        hits.extend(rules.scan_personal_data(text, ctx));
        hits.first().map(|h| (h.rule.clone(), h.level))
    };
    assert_eq!(
        level("It was human error.", &draft),
        Some(("blame/error".into(), Severity::Error))
    );
    assert_eq!(
        level("Bob forgot to renew it.", &draft),
        Some(("blame/omission".into(), Severity::Error))
    );
    assert_eq!(
        level("Clearly the config was wrong.", &draft),
        Some(("blame/hindsight".into(), Severity::Warning))
    );
    assert_eq!(
        level("If only we had a canary.", &draft),
        Some(("blame/counterfactual".into(), Severity::Warning))
    );
    assert_eq!(
        level("Mail jane@acme.io now.", &draft),
        Some(("pii/email".into(), Severity::Warning))
    );
    assert_eq!(
        level("Mail jane@acme.io now.", &published),
        Some(("pii/email".into(), Severity::Error))
    );
    let hit = rules.ends_at_person("Human error.", &draft);
    assert_eq!(
        hit.map(|h| (h.rule, h.level)),
        Some(("whys/ends-at-person".into(), Severity::Error))
    );
}
