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

/// A phrase listed twice in a rule, or both where it fires anywhere and where it needs a
/// person, is a list nobody can read at a glance: which entry was meant?
#[test]
fn no_rule_lists_a_phrase_twice() {
    let rules = rules();
    let mut repeats = Vec::new();
    for spec in rules.rules() {
        let lists: [(&str, &Vec<String>); 18] = [
            ("phrases", &spec.phrases),
            ("when-person", &spec.when_person),
            ("except", &spec.except),
            ("subjects", &spec.subjects),
            ("generic", &spec.generic),
            ("organisations", &spec.organisations),
            ("verbs", &spec.verbs),
            ("objects", &spec.objects),
            ("accusations", &spec.accusations),
            ("causes", &spec.causes),
            ("reasons", &spec.reasons),
            ("harms", &spec.harms),
            ("sequels", &spec.sequels),
            ("sanctions", &spec.sanctions),
            ("questions", &spec.questions),
            ("conditions", &spec.conditions),
            ("charges", &spec.charges),
            ("clefts", &spec.clefts),
        ];
        for (name, list) in lists {
            let mut seen = std::collections::HashSet::new();
            for phrase in list {
                if !seen.insert(phrase.to_lowercase()) {
                    repeats.push(format!("{} `{name}` repeats {phrase:?}", spec.id));
                }
            }
        }
        for phrase in &spec.when_person {
            if spec.phrases.iter().any(|p| p.eq_ignore_ascii_case(phrase)) {
                repeats.push(format!(
                    "{} has {phrase:?} in both `phrases` and `when-person`",
                    spec.id
                ));
            }
        }
    }
    assert!(repeats.is_empty(), "\n{}\n", repeats.join("\n"));
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
