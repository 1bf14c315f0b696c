//! Every rule's own `fire:` and `quiet:` examples, and per-rule cases beyond them.

use whys::wording::{Hit, Level, RuleSet, RuleSpec, ScanContext, Scope};

fn rules() -> RuleSet {
    match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(e) => panic!("built-in rules do not compile: {e}"),
    }
}

fn scan(rules: &RuleSet, spec: &RuleSpec, text: &str, ctx: &ScanContext<'_>) -> Vec<Hit> {
    match spec.scope {
        Scope::Narrative => rules.scan_narrative(text, ctx),
        Scope::AllFields => rules.scan_personal_data(text, ctx),
        Scope::LastBecause => rules.ends_at_person(text, ctx).into_iter().collect(),
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
        for example in &spec.fire {
            let hits = scan(&rules, spec, example, &ctx);
            if !hits.iter().any(|h| h.rule == spec.id) {
                failures.push(format!(
                    "{} should fire on: {example}  (got {hits:?})",
                    spec.id
                ));
            }
        }
        for example in &spec.quiet {
            let hits = scan(&rules, spec, example, &ctx);
            if let Some(hit) = hits.iter().find(|h| h.rule == spec.id) {
                let span = example.get(hit.start..hit.end).unwrap_or("?");
                failures.push(format!(
                    "{} should stay quiet on: {example}  (fired on {span:?})",
                    spec.id
                ));
            }
        }
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
        Some(("blame/word".into(), Level::Error))
    );
    assert_eq!(
        level("Bob forgot to renew it.", &draft),
        Some(("blame/person".into(), Level::Error))
    );
    assert_eq!(
        level("Clearly the config was wrong.", &draft),
        Some(("blame/hindsight".into(), Level::Warning))
    );
    assert_eq!(
        level("If only we had a canary.", &draft),
        Some(("blame/counterfactual".into(), Level::Warning))
    );
    assert_eq!(
        level("Mail jane@acme.io now.", &draft),
        Some(("pii/email".into(), Level::Warning))
    );
    assert_eq!(
        level("Mail jane@acme.io now.", &published),
        Some(("pii/email".into(), Level::Error))
    );
    let hit = rules.ends_at_person("Human error.", &draft);
    assert_eq!(
        hit.map(|h| (h.rule, h.level)),
        Some(("whys/ends-at-person".into(), Level::Error))
    );
}
