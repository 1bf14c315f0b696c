//! Per-rule cases beyond the rules file's own examples: near-misses from the
//! starting lists, Markdown and quoting, roster names, personal data
//! look-alikes, overrides, and the reference record.

use std::collections::BTreeMap;

use whys::diagnostic::Severity;
use whys::wording::{Hit, RuleSet, RuleSpec, ScanContext, WordingError};

fn rules() -> RuleSet {
    match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(e) => panic!("built-in rules do not compile: {e}"),
    }
}

const DRAFT: ScanContext<'static> = ScanContext {
    names: &[],
    published: false,
};

fn blame(rules: &RuleSet, text: &str) -> Vec<String> {
    rules
        .scan_narrative(text, &DRAFT)
        .into_iter()
        .map(|h| h.rule)
        .collect()
}

fn personal(rules: &RuleSet, text: &str) -> Vec<String> {
    rules
        .scan_personal_data(text, &DRAFT)
        .into_iter()
        .map(|h| h.rule)
        .collect()
}

#[test]
fn near_misses_from_the_starting_lists_stay_quiet() {
    let rules = rules();
    for sentence in [
        "The health check failed to reach the replica.",
        "The job had just finished when the alert fired.",
        "Justin's dashboard showed the queue depth.",
        "Any engineer on the rota could have run the same command; the tool allowed it.",
        "The analysis does not stop at a person's action.",
        "The log line read \"should have retried\" from the client library.",
        "The canary stage did not run because the release tool skipped it for hotfixes.",
    ] {
        assert_eq!(blame(&rules, sentence), Vec::<String>::new(), "{sentence}");
    }
}

#[test]
fn phrases_match_across_line_breaks_with_original_offsets() {
    let rules = rules();
    let text = "The reviewer\nshould\n    have asked for a test.";
    let hits = rules.scan_narrative(text, &DRAFT);
    let hit = hits
        .first()
        .map(|h| (h.rule.as_str(), &text[h.start..h.end]));
    // The finding runs from the person it names to the cue.
    assert_eq!(
        hit,
        Some(("blame/counterfactual", "reviewer\nshould\n    have"))
    );
}

#[test]
fn typographic_apostrophes_match() {
    let rules = rules();
    assert_eq!(
        blame(&rules, "They didn\u{2019}t bother to run the tests."),
        ["blame/omission"]
    );
}

#[test]
fn code_quotes_block_quotes_and_link_targets_are_not_checked() {
    let rules = rules();
    for text in [
        "Run `obviously --just-do-it` to reproduce.",
        "The output:\n\n```\nerror: should have been a string\n```\n",
        "The output:\n\n    just a code block\n",
        "> Clearly the alert was noisy, said the vendor.\n",
        "See [the runbook](https://wiki/just-restart-it) for the steps.",
        "The client logged \u{201c}human error\u{201d} in its own words.",
        "The ticket title was 'careless cleanup' in the old tracker.",
    ] {
        assert_eq!(blame(&rules, text), Vec::<String>::new(), "{text:?}");
    }
    // The link's text is prose.
    assert_eq!(
        blame(
            &rules,
            "See [the on-call just restarted the service](https://wiki/x)."
        ),
        ["blame/hindsight"]
    );
}

#[test]
fn just_and_justin() {
    let rules = rules();
    assert!(blame(&rules, "Justin restarted the service.").is_empty());
    assert!(blame(&rules, "The deploy had just completed.").is_empty());
    assert_eq!(blame(&rules, "We just restarted it."), ["blame/hindsight"]);
    assert!(blame(&rules, "A non-obvious interaction between the two caches.").is_empty());
}

#[test]
fn system_subjects_are_not_blamed_but_people_and_roles_are() {
    let rules = rules();
    assert!(blame(&rules, "The scheduler failed to start the job.").is_empty());
    assert!(blame(&rules, "The consumer missed two heartbeats.").is_empty());
    assert_eq!(
        blame(&rules, "The operator failed to start the job."),
        ["blame/omission"]
    );
    assert_eq!(blame(&rules, "She missed two pages."), ["blame/omission"]);
    assert_eq!(
        blame(&rules, "Someone forgot the flag."),
        ["blame/omission"]
    );
    assert!(blame(&rules, "Anyone could have missed that page.").is_empty());
    assert!(blame(
        &rules,
        "No engineer could have seen the lag from that dashboard."
    )
    .is_empty());
}

#[test]
fn roster_names_and_initials_count() {
    let rules = rules();
    let roster = vec![
        "Yuri Petrov".to_string(),
        "YP".to_string(),
        "kdoe".to_string(),
    ];
    let ctx = ScanContext {
        names: &roster,
        published: false,
    };
    let with_roster = |text: &str| -> Vec<String> {
        rules
            .scan_narrative(text, &ctx)
            .into_iter()
            .map(|h| h.rule)
            .collect()
    };
    assert_eq!(with_roster("YP ran the wrong command."), ["blame/error"]);
    assert_eq!(
        with_roster("Petrov skipped the canary."),
        ["blame/omission"]
    );
    assert_eq!(
        with_roster("kdoe forgot to page the DBA."),
        ["blame/omission"]
    );
    // Without the roster, initials are not known to be a person.
    assert!(blame(&rules, "YP ran the wrong command.").is_empty());
    // Common first names need no roster.
    assert_eq!(
        blame(&rules, "Priya ignored the warning."),
        ["blame/omission"]
    );
    // A hit names the person and the verb as its span.
    let text = "At 02:00 Alice deployed broken code.";
    let hits = rules.scan_narrative(text, &DRAFT);
    assert_eq!(
        hits.first().map(|h| &text[h.start..h.end]),
        Some("Alice deployed broken")
    );
}

#[test]
fn ends_at_person() {
    let rules = rules();
    for because in [
        "Human error.",
        "Operator error during the failover.",
        "The on-call engineer ran the wrong command.",
        "Because Bob forgot to renew the certificate.",
        "The flag was flipped by an engineer without review.",
    ] {
        assert!(rules.ends_at_person(because, &DRAFT).is_some(), "{because}");
    }
    for because in [
        "The deploy tool does not ask for confirmation before touching production.",
        "Nothing monitored pool utilisation.",
        "Anyone could have run it; the CLI did not show the active context.",
        "The runbook pointed at a dashboard that no longer existed.",
    ] {
        assert!(rules.ends_at_person(because, &DRAFT).is_none(), "{because}");
    }
}

#[test]
fn personal_data_positives() {
    let rules = rules();
    let cases = [
        ("Reported by jane.doe@gmail.com.", "pii/email"),
        ("Call +1 415 555 0132 for the vendor.", "pii/phone"),
        ("Call (415) 555-0132 for the vendor.", "pii/phone"),
        ("UK desk: 020 7946 0958.", "pii/phone"),
        ("Blocked 198.51.100.23 at the edge.", "pii/ip"),
        ("Blocked fe80::1ff:fe23:4567:890a at the edge.", "pii/ip"),
        ("Card 4242-4242-4242-4242 was charged.", "pii/card"),
        ("Amex 3782 822463 10005 was charged.", "pii/card"),
        ("Key AKIAIOSFODNN7EXAMPLE leaked.", "secret/aws-key"),
        (
            "Token gho_16C7e42F292c6912E7710c838347Ae178B4a leaked.",
            "secret/github-token",
        ),
        (
            "Token xoxp-1234567890-abcdefghij leaked.",
            "secret/slack-token",
        ),
        (
            "Header: Authorization: Bearer abc123def456ghi789jkl",
            "secret/bearer",
        ),
        (
            "Used redis://default:p4ssw0rd@cache:6379/0 in the job.",
            "secret/url-password",
        ),
        ("-----BEGIN EC PRIVATE KEY-----", "secret/private-key"),
    ];
    for (text, rule) in cases {
        assert_eq!(personal(&rules, text), [rule], "{text}");
    }
}

#[test]
fn personal_data_look_alikes_stay_quiet() {
    let rules = rules();
    for text in [
        "Upgraded from 1.2.3 to 10.2.0-rc1 and then to v1.2.3.4.",
        "Order 4111111111111112 and order id 9876543210987654 were retried.",
        "Started 2025-10-07T02:00:00Z, resolved 2025-10-23 15:00.",
        "Between 02:00 and 03:00 UTC; p99 30 s; 1,842 payments.",
        "Request 550e8400-e29b-41d4-a716-446655440000 failed.",
        "Trace 4bf92f3577b34da6a3ce929d0e0e4736 shows the slow span.",
        "Use `user@host.tld` as the address format.",
        "The module std::net::Ipv6Addr parses addresses.",
        "Listening on 127.0.0.1 and 0.0.0.0 inside the pod.",
        "The Bearer token is sent on every call.",
        "Commit 3f2a9c1 and ticket PAY-2201.",
    ] {
        assert_eq!(personal(&rules, text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn findings_never_echo_the_secret() {
    let rules = rules();
    let secret = "AKIAIOSFODNN7EXAMPLE";
    let text = format!("The key {secret} was in the log.");
    let hits: Vec<Hit> = rules.scan_personal_data(&text, &DRAFT);
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(&text[hit.start..hit.end], secret);
    assert!(!hit.message.contains(secret));
    assert!(hit.message.contains("AWS access key"));
    assert!(!hit.rewrite.clone().unwrap_or_default().contains(secret));
}

#[test]
fn personal_data_is_an_error_once_published() {
    let rules = rules();
    let published = ScanContext {
        names: &[],
        published: true,
    };
    let level = |ctx: &ScanContext<'_>| {
        rules
            .scan_personal_data("Mail ops@acme.io.", ctx)
            .first()
            .map(|h| h.level)
    };
    assert_eq!(level(&DRAFT), Some(Severity::Warning));
    assert_eq!(level(&published), Some(Severity::Error));
}

#[test]
fn overrides_relevel_switch_off_and_add_rules() {
    let extra: Vec<RuleSpec> = match yaml_serde::from_str(
        r#"
- id: local/vendor-blame
  level: note
  kind: phrases
  why: Blaming the vendor ends the inquiry too.
  rewrite: Say what our side of the integration assumed.
  phrases: [vendor's fault, their fault]
  fire: [It was the vendor's fault.]
  quiet: [The vendor fixed the fault.]
- id: local/ticket-speak
  level: warning
  kind: regex
  why: Internal shorthand.
  pattern: 'P[0-9] incident'
  fire: [A P1 incident.]
  quiet: [An incident.]
"#,
    ) {
        Ok(extra) => extra,
        Err(e) => panic!("extra rules do not parse: {e}"),
    };
    let mut levels = BTreeMap::new();
    levels.insert("blame/hindsight".to_string(), "off".to_string());
    levels.insert("blame/word".to_string(), "note".to_string());
    let rules = match RuleSet::with_overrides(&extra, &levels) {
        Ok(rules) => rules,
        Err(e) => panic!("overrides rejected: {e}"),
    };
    let hits = rules.scan_narrative(
        "Clearly a careless P1 incident; the vendor's fault.",
        &DRAFT,
    );
    let found: Vec<(&str, Severity)> = hits.iter().map(|h| (h.rule.as_str(), h.level)).collect();
    assert_eq!(
        found,
        [
            ("blame/word", Severity::Note),
            ("local/ticket-speak", Severity::Warning),
            ("local/vendor-blame", Severity::Note)
        ]
    );
    assert!(rules
        .explain("local/vendor-blame")
        .is_some_and(|e| e.contains("Blaming the vendor")));
    assert!(rules
        .explain("blame/hindsight")
        .is_some_and(|e| e.contains("Level: off")));

    let mut unknown = BTreeMap::new();
    unknown.insert("blame/nope".to_string(), "error".to_string());
    assert!(matches!(
        RuleSet::with_overrides(&[], &unknown),
        Err(WordingError::UnknownRule { .. })
    ));
    let mut bad = BTreeMap::new();
    bad.insert("blame/word".to_string(), "fatal".to_string());
    assert!(matches!(
        RuleSet::with_overrides(&[], &bad),
        Err(WordingError::InvalidLevel { .. })
    ));
}

#[test]
fn rule_specs_reject_unknown_fields_and_bad_rules() {
    let typo: Result<Vec<RuleSpec>, _> =
        yaml_serde::from_str("- {id: x/y, level: error, kind: phrases, why: w, phrase: [a]}");
    assert!(typo.is_err());
    let specs: Vec<RuleSpec> = match yaml_serde::from_str(
        "- {id: x/y, level: error, kind: regex, why: w, pattern: '(unclosed'}",
    ) {
        Ok(specs) => specs,
        Err(e) => panic!("{e}"),
    };
    assert!(matches!(
        RuleSet::with_overrides(&specs, &BTreeMap::new()),
        Err(WordingError::Regex { .. })
    ));
}

#[test]
fn explain_gives_the_rationale() {
    let rules = rules();
    let text = rules.explain("blame/counterfactual").unwrap_or_default();
    assert!(text.contains("what did not happen"));
    assert!(text.contains("Level: warning"));
    let pii = rules.explain("pii/card").unwrap_or_default();
    assert!(pii.contains("warning in drafts, error once published"));
    assert!(rules.explain("no/such-rule").is_none());
}

#[test]
fn a_rule_set_is_shared_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<RuleSet>();
    let rules = std::sync::Arc::new(rules());
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let rules = std::sync::Arc::clone(&rules);
            std::thread::spawn(move || rules.scan_narrative("He forgot.", &DRAFT).len())
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().ok(), Some(1));
    }
}

/// The narrative fields of the reference record (docs/format.md lists them).
fn narrative_texts(record: &yaml_serde::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let text = |v: &yaml_serde::Value| v.as_str().map(str::to_string);
    for key in ["title", "summary", "root_cause", "lessons"] {
        if let Some(t) = record.get(key).and_then(text) {
            out.push((key.to_string(), t));
        }
    }
    if let Some(t) = record
        .get("impact")
        .and_then(|i| i.get("description"))
        .and_then(text)
    {
        out.push(("impact.description".into(), t));
    }
    if let Some(signals) = record.get("signals").and_then(|s| s.as_mapping()) {
        for (k, v) in signals {
            if let Some(t) = text(v) {
                out.push((format!("signals.{}", k.as_str().unwrap_or("?")), t));
            }
        }
    }
    let lists = [
        ("changes", &["description"][..]),
        ("timeline", &["event"][..]),
        ("whys", &["why", "because"][..]),
        ("action_items", &["title", "done_when"][..]),
    ];
    for (list, fields) in lists {
        let items = record
            .get(list)
            .and_then(|l| l.as_sequence())
            .cloned()
            .unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            for field in fields {
                if let Some(t) = item.get(*field).and_then(text) {
                    out.push((format!("{list}[{i}].{field}"), t));
                }
            }
        }
    }
    let factors = record
        .get("contributing_factors")
        .and_then(|l| l.as_sequence())
        .cloned()
        .unwrap_or_default();
    for (i, f) in factors.iter().enumerate() {
        if let Some(t) = text(f) {
            out.push((format!("contributing_factors[{i}]"), t));
        }
    }
    out
}

fn all_strings(value: &yaml_serde::Value, out: &mut Vec<String>) {
    match value {
        yaml_serde::Value::String(s) => out.push(s.clone()),
        yaml_serde::Value::Sequence(items) => items.iter().for_each(|v| all_strings(v, out)),
        yaml_serde::Value::Mapping(map) => map.iter().for_each(|(_, v)| all_strings(v, out)),
        _ => {}
    }
}

#[test]
fn the_reference_record_is_clean() {
    let rules = rules();
    let record: yaml_serde::Value =
        match yaml_serde::from_str(include_str!("data/reference-record.yaml")) {
            Ok(record) => record,
            Err(e) => panic!("{e}"),
        };
    let roster = vec!["payments-oncall".to_string(), "payments-team".to_string()];
    let ctx = ScanContext {
        names: &roster,
        published: true,
    };
    let fields = narrative_texts(&record);
    assert!(fields.len() > 30, "expected the record's narrative fields");
    for (field, text) in &fields {
        let hits = rules.scan_narrative(text, &ctx);
        assert!(hits.is_empty(), "{field}: {hits:?}");
    }
    let last_because = fields
        .iter()
        .rev()
        .find(|(f, _)| f.ends_with(".because"))
        .map(|(_, t)| t.clone())
        .unwrap_or_default();
    assert!(rules.ends_at_person(&last_because, &ctx).is_none());
    let mut strings = Vec::new();
    all_strings(&record, &mut strings);
    for text in &strings {
        let hits = rules.scan_personal_data(text, &ctx);
        assert!(hits.is_empty(), "{text}: {hits:?}");
    }
}

#[test]
fn a_blameful_rewrite_of_the_reference_is_caught_line_by_line() {
    let rules = rules();
    let rewrite = [
        (
            "Mike moved the compaction job to Tuesday without checking the payment traffic.",
            "blame/omission",
        ),
        (
            "The on-call engineer ignored the pool-wait warnings.",
            "blame/omission",
        ),
        (
            "The payments team should have added a pool dashboard long ago.",
            "blame/counterfactual",
        ),
        (
            "Obviously the pool never recovered after the resets.",
            "blame/hindsight",
        ),
        (
            "The root cause was human error in the schedule change.",
            "blame/error",
        ),
        (
            "They just restarted the pods and hoped for the best.",
            "blame/hindsight",
        ),
    ];
    for (sentence, rule) in rewrite {
        let hits = rules.scan_narrative(sentence, &DRAFT);
        assert!(hits.iter().any(|h| h.rule == rule), "{sentence}: {hits:?}");
        assert!(hits.iter().all(|h| h.rewrite.is_some()));
    }
}

#[test]
fn pronouns_tense_and_participles_decide_who_is_judged() {
    let rules = rules();
    // "they" is the nearest plural noun before it, in this sentence or the one before.
    for quiet in [
        "Restarting the tasks created a herd effect on the table they depend on, and they did not back off.",
        "The pods restarted together. They did not back off.",
        // Plans and lessons judge no past act.
        "We will make sure engineers do not skip the canary.",
        "Destructive commands should ask for the target host.",
        // A participle's actor is the noun before it; an error word of a thing is no blame.
        "We continue to investigate job agents failing to report their status.",
        "We have started a cleanup of incorrect billing information.",
        // A system reason in the same sentence.
        "The staff did not act on the emails because those emails looked like routine messages.",
    ] {
        assert_eq!(blame(&rules, quiet), Vec::<String>::new(), "{quiet}");
    }
    assert_eq!(
        blame(
            &rules,
            "The tasks restarted. They forgot to back off, and then they ignored the limit."
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        blame(
            &rules,
            "The engineers were paged. They ignored the first alert."
        ),
        ["blame/omission"]
    );
    assert_eq!(
        blame(
            &rules,
            "In about three seconds I deleted roughly 12,000 user records."
        ),
        ["blame/person"]
    );
    assert_eq!(
        blame(
            &rules,
            "State officials said an employee had merely hit the wrong button."
        ),
        ["blame/error"]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any prose, however odd its letters, apostrophes and punctuation, is judged without a
    /// panic, and every finding's span lies on character boundaries of the text.
    #[test]
    fn any_text_is_judged_without_a_panic(
        words in proptest::collection::vec(
            "(Bob|Bob’s|İSTANBUL’S|they|The|tasks|didn’t|failed to|should have|by|if|had|\
              the wrong|accidentally|typo|obviously|,|;|\\.|\n|`x`|\"q\"|é|ß|[a-zA-Z’']{1,6})",
            0..40,
        )
    ) {
        static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        static LEARNED: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        let text = words.join(" ");
        let rules = RULES.get_or_init(rules);
        for hit in rules.scan_narrative(&text, &DRAFT) {
            proptest::prop_assert!(text.get(hit.start..hit.end).is_some());
        }
        let _ = rules.ends_at_person(&text, &DRAFT);
        // With the learned second opinion asked too: the same, and what it adds only warns.
        let learned = LEARNED.get_or_init(|| {
            let model = whys::wording::SecondOpinion::builtin().unwrap();
            self::rules().with_second_opinion(Some(model))
        });
        for hit in learned.scan_narrative(&text, &DRAFT) {
            proptest::prop_assert!(text.get(hit.start..hit.end).is_some());
            if hit.message.contains("learned second opinion") {
                proptest::prop_assert_eq!(hit.level, whys::diagnostic::Severity::Warning);
            }
        }
    }
}

/// What a learned model added to the rules must keep: every example of `rules/wording.yaml`
/// behaves as it says (a model that only adds keeps every `fire:` one, and must not make a
/// `quiet:` one fire), and "they" after "the tasks" is the tasks whatever the model makes of
/// the words, read as a narrative or as a 5-Whys answer.
fn examples_and_the_pronoun_reading_hold(rules: &RuleSet) {
    let failures: Vec<String> = rules
        .rules()
        .flat_map(|spec| rules.example_failures(spec, &DRAFT))
        .collect();
    assert_eq!(failures, Vec::<String>::new());
    for quiet in [
        "The tasks restarted. They forgot to back off, and then they ignored the limit.",
        "Restarting the tasks created a herd effect on the table they depend on, and the service lacked randomized exponential backoff.",
        "Anyone could have made this mistake.",
    ] {
        assert_eq!(blame(rules, quiet), Vec::<String>::new(), "{quiet}");
        assert!(rules.scan_because(quiet, &DRAFT).is_empty(), "{quiet}");
    }
}

#[test]
fn the_learned_second_opinion_keeps_every_quiet_example_and_the_pronoun_reading() {
    let model = whys::wording::SecondOpinion::builtin().unwrap();
    let rules = rules().with_second_opinion(Some(model));
    examples_and_the_pronoun_reading_hold(&rules);
    // What the rules find, they still find: the model only adds.
    assert_eq!(
        blame(&rules, "Priya ignored the warning."),
        ["blame/omission"]
    );
}

#[test]
fn the_learned_reader_keeps_every_example_and_the_tasks_step_quiet() {
    examples_and_the_pronoun_reading_hold(&rules().with_encoder(true).unwrap());
}
