//! The user documentation in docs/ agrees with the code:
//! - docs/rules.md is generated from the rule catalogue, the wording rules (rules/wording.yaml),
//!   the judgement's word lists (rules/lexicon.yaml) and docs/rule-fixes.yaml; after a change to any of them, regenerate it with
//!   `WHYS_BLESS=1 cargo test --test docs` and read the diff;
//! - every field of the generated JSON Schema (`whys schema`) is documented in docs/format.md;
//! - README.md and docs/ link only to files inside the repository (or to the web).

mod common;
use common::{assert_expected, repo, whys};

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use whys::check::catalogue::RULES;
use whys::wording::{builtin_word_lists, RuleKind, RuleSet, RuleSpec, Scope};

/// How to fix each catalogue rule (the wording rules carry their own `rewrite`).
fn rule_fixes() -> BTreeMap<String, String> {
    let path = repo().join("docs/rule-fixes.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The heading of each group of rules, by the part of the id before the slash.
fn group_title(prefix: &str) -> &'static str {
    match prefix {
        "file" => "Reading the file",
        "yaml" => "YAML",
        "record" => "Structure of the record",
        "times" => "Incident times",
        "timeline" => "Timeline",
        "whys" => "The 5-Whys chain",
        "actions" => "Action items",
        "evidence" => "Evidence",
        "lint" => "Silencing rules",
        "blame" => "Blameless wording",
        "pii" => "Personal data",
        "secret" => "Secrets",
        other => panic!("rule group `{other}` has no title in tests/docs.rs"),
    }
}

/// One rule as the reference shows it.
struct Entry {
    id: String,
    level: String,
    looks_at: &'static str,
    catches: String,
    why: String,
    fix: String,
    fire: Vec<String>,
    quiet: Vec<String>,
    /// The rule's fixture folder under tests/rules/, when it has one.
    fixtures: Option<String>,
}

/// `"a", "b", "c"`, or the first `cap` of them and how many more the rules file lists.
fn quoted_list(items: &[String], cap: usize) -> String {
    let mut text = items
        .iter()
        .take(cap)
        .map(|item| format!("\"{item}\""))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > cap {
        write!(text, " and {} more", items.len() - cap).unwrap();
    }
    text
}

/// What a wording rule catches, in words, from its matcher.
fn wording_catches(spec: &RuleSpec) -> String {
    if let Some(what) = &spec.what {
        return what.clone();
    }
    let mut text = wording_matcher(spec);
    if !spec.accusations.is_empty() {
        write!(
            text,
            "; a verb of blaming with the person it lands on ({})",
            quoted_list(&spec.accusations, 6)
        )
        .unwrap();
    }
    if !spec.causes.is_empty() {
        write!(
            text,
            "; a person named right after {}",
            quoted_list(&spec.causes, 8)
        )
        .unwrap();
    }
    if !spec.reasons.is_empty() {
        write!(
            text,
            "; a person acting in a reason ({}) given for harm ({})",
            quoted_list(&spec.reasons, 4),
            quoted_list(&spec.harms, 6)
        )
        .unwrap();
    }
    if !spec.sequels.is_empty() {
        write!(
            text,
            "; a person's act that a sanction or an apology ({}) came {}",
            quoted_list(&spec.sanctions, 6),
            quoted_list(&spec.sequels, 4)
        )
        .unwrap();
    }
    if !spec.charges.is_empty() {
        write!(
            text,
            "; a person charged, convicted or dismissed for an act ({})",
            quoted_list(&spec.charges, 6)
        )
        .unwrap();
    }
    if !spec.clefts.is_empty() {
        write!(
            text,
            "; a person singled out by a cleft ({}) as the one who acted",
            quoted_list(&spec.clefts, 4)
        )
        .unwrap();
    }
    if !spec.questions.is_empty() {
        write!(
            text,
            "; a question about a past act (the writer's own only when it looks back: \"how could I have\"), opened by {}",
            quoted_list(&spec.questions, 8)
        )
        .unwrap();
    }
    text
}

/// The phrase, subject or regex part of a wording rule's matcher, in words.
fn wording_matcher(spec: &RuleSpec) -> String {
    match spec.kind {
        RuleKind::PersonAsSubject if spec.scope == Scope::LastBecause => format!(
            "a chain whose last `because` has a person as the subject of a failure, or says \
             {}",
            quoted_list(&spec.phrases, 12)
        ),
        RuleKind::PersonAsSubject => format!(
            "a person as the subject of a failure: a name (from the archive's `people:`, the \
             record's authors and owners, the archive's commit authors, or common first names), \
             a pronoun or a role ({}, or one of the roles of `rules/roles.txt`) followed by a \
             failure verb ({}), or a person who did \
             something {}. A generic subject (\"anyone could have\") is not blame",
            quoted_list(&spec.subjects, 8),
            quoted_list(&spec.verbs, 8),
            quoted_list(&spec.objects, 4)
        ),
        RuleKind::Phrases | RuleKind::Words => {
            let mut text = String::new();
            if !spec.phrases.is_empty() {
                write!(text, "{}", quoted_list(&spec.phrases, 30)).unwrap();
            }
            if !spec.when_person.is_empty() {
                if !text.is_empty() {
                    text.push_str("; ");
                }
                write!(
                    text,
                    "with a person as the subject: {}",
                    quoted_list(&spec.when_person, 30)
                )
                .unwrap();
            }
            if !spec.except.is_empty() {
                write!(text, " (but not in {})", quoted_list(&spec.except, 30)).unwrap();
            }
            text
        }
        RuleKind::Regex => format!("text matching `{}`", spec.pattern.as_deref().unwrap_or("")),
    }
}

fn entries() -> Vec<Entry> {
    let mut fixes = rule_fixes();
    let mut entries = Vec::new();
    for rule in RULES {
        let fix = fixes.remove(rule.id).unwrap_or_else(|| {
            panic!(
                "docs/rule-fixes.yaml says nothing about `{}`: add how to fix it",
                rule.id
            )
        });
        entries.push(Entry {
            id: rule.id.to_string(),
            level: rule.level.to_string(),
            looks_at: "the record",
            catches: rule.summary.to_string(),
            why: rule.rationale.to_string(),
            fix,
            fire: Vec::new(),
            quiet: Vec::new(),
            fixtures: Some(format!("tests/rules/{}", rule.id.replace('/', "--")))
                .filter(|dir| repo().join(dir).is_dir()),
        });
    }
    assert!(
        fixes.is_empty(),
        "docs/rule-fixes.yaml names rules the catalogue does not have: {:?}",
        fixes.keys().collect::<Vec<_>>()
    );
    let wording = RuleSet::builtin().expect("the built-in wording rules load");
    for spec in wording.rules() {
        let level = match spec.published_level {
            Some(published) if published != spec.level => {
                format!("{} in drafts, {published} once published", spec.level)
            }
            _ => spec.level.to_string(),
        };
        entries.push(Entry {
            id: spec.id.clone(),
            level,
            looks_at: match spec.scope {
                Scope::Narrative => "the narrative fields",
                Scope::AllFields => "every field",
                Scope::LastBecause => "the last `because` of the 5 Whys",
            },
            catches: wording_catches(spec),
            why: spec.why.clone(),
            fix: spec.rewrite.clone().unwrap_or_default(),
            fire: spec.fire.clone(),
            quiet: spec.quiet.clone(),
            fixtures: None,
        });
    }
    entries
}

/// One line of Markdown for an example sentence: line breaks shown as `\n`.
fn example(text: &str) -> String {
    text.replace('\n', "\\n")
}

fn table_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// docs/rules.md, from the catalogue, the wording rules and the fixes.
fn rules_reference() -> String {
    let entries = entries();
    let mut groups: Vec<(&str, Vec<&Entry>)> = Vec::new();
    for entry in &entries {
        let prefix = entry.id.split('/').next().unwrap();
        match groups.iter_mut().find(|(p, _)| *p == prefix) {
            Some((_, members)) => members.push(entry),
            None => groups.push((prefix, vec![entry])),
        }
    }
    let mut out = String::new();
    out.push_str(
        "<!-- Generated by tests/docs.rs from src/check/catalogue.rs, rules/wording.yaml, \
         rules/lexicon.yaml and docs/rule-fixes.yaml. Do not edit by hand: change those, then run \
         `WHYS_BLESS=1 cargo test --test docs`. -->\n\n",
    );
    out.push_str("# The rules of `whys check`\n\n");
    out.push_str(
        "Every finding of `whys check` names one of the rules below by its id. The level is the \
         default: `error` fails the check (exit status 1), `warning` fails it only with \
         `--deny warnings`, and `note` never fails it. An archive can re-level any rule in its \
         `whys.yaml` (`lint: { levels: { whys/broken-chain: off } }`). A record can silence \
         one rule in one field, with a reason \
         (`lint: { allow: [{rule: blame/hindsight, field: \"whys[2].because\", reason: \"...\"}] }`). \
         `whys check --explain RULE` prints a rule's explanation in the terminal.\n\n",
    );
    out.push_str(
        "The wording rules (blameless wording, personal data, secrets, and \
         `whys/ends-at-person`) are data in [`rules/wording.yaml`](../rules/wording.yaml). \
         Each one carries sentences it must fire on and near-misses it must stay quiet on, \
         and a test runs them all. The narrative fields they read are listed in \
         [format.md](format.md#narrative-fields).\n\n",
    );
    out.push_str("| rule | level | catches |\n|---|---|---|\n");
    for entry in &entries {
        let catches = if entry.fire.is_empty() || entry.catches.len() < 100 {
            entry.catches.clone()
        } else {
            format!("e.g. \"{}\"", example(&entry.fire[0]))
        };
        writeln!(
            out,
            "| `{}` | {} | {} |",
            entry.id,
            entry.level,
            table_cell(&catches)
        )
        .unwrap();
    }
    for (prefix, members) in &groups {
        write!(out, "\n## {}\n", group_title(prefix)).unwrap();
        for entry in members {
            write!(out, "\n### `{}`\n\n", entry.id).unwrap();
            writeln!(out, "- **Level:** {}", entry.level).unwrap();
            writeln!(out, "- **Looks at:** {}", entry.looks_at).unwrap();
            writeln!(out, "- **Catches:** {}", entry.catches).unwrap();
            writeln!(out, "- **Why it matters:** {}", entry.why).unwrap();
            if !entry.fix.is_empty() {
                writeln!(out, "- **How to fix it:** {}", entry.fix).unwrap();
            }
            if let Some(dir) = &entry.fixtures {
                writeln!(
                    out,
                    "- **Examples:** records it [fires on](../{dir}/fire/) and \
                     [stays quiet on](../{dir}/quiet/)"
                )
                .unwrap();
            }
            if !entry.fire.is_empty() {
                out.push_str("\nFires on:\n\n");
                for sentence in &entry.fire {
                    writeln!(out, "- {}", example(sentence)).unwrap();
                }
            }
            if !entry.quiet.is_empty() {
                out.push_str("\nStays quiet on:\n\n");
                for sentence in &entry.quiet {
                    writeln!(out, "- {}", example(sentence)).unwrap();
                }
            }
        }
    }
    out.push_str(&word_lists_reference());
    out
}

/// The section of docs/rules.md on the judgement's word lists (rules/lexicon.yaml).
fn word_lists_reference() -> String {
    let lists = builtin_word_lists().unwrap();
    let mut out = String::new();
    out.push_str("\n## Word lists of the judgement\n\n");
    out.push_str(
        "The blame rules find a cue, and a small grammar then reads the clause around it: who \
         acted, whether the act was a person's, whether the sentence tells of one incident or \
         states a rule. What that reading knows of meaning is data in \
         [`rules/lexicon.yaml`](../rules/lexicon.yaml), compiled in. A change to a list \
         changes verdicts: measure it with `bench/judgement.sh` before and after. A test \
         empties each list in turn and fails unless some rule example above changes \
         verdict. An archive adds words of its own to a list in `whys.yaml`, by the list's \
         id: `lint: { words: { system-faults: [brownout] } }`.\n",
    );
    for list in &lists {
        write!(out, "\n### `{}`\n\n{}\n\n", list.id, list.about).unwrap();
        let words: Vec<String> = list.words.iter().map(|w| format!("`{w}`")).collect();
        writeln!(out, "{} words: {}", words.len(), words.join(", ")).unwrap();
    }
    out
}

#[test]
fn the_rules_reference_is_generated_from_the_catalogue_and_the_wording_data() {
    assert_expected(&repo().join("docs/rules.md"), &rules_reference());
}

#[test]
fn every_rule_has_how_to_fix_it() {
    for entry in entries() {
        assert!(!entry.fix.trim().is_empty(), "{} has no fix", entry.id);
        assert!(
            !entry.catches.trim().is_empty(),
            "{} says nothing it catches",
            entry.id
        );
    }
}

/// Every property path of a JSON Schema (`times.started`, `action_items[].owner`), following
/// `$ref`, `anyOf`/`oneOf` and array items.
fn property_paths(schema: &serde_json::Value) -> Vec<String> {
    fn resolve<'a>(
        root: &'a serde_json::Value,
        mut node: &'a serde_json::Value,
    ) -> Vec<&'a serde_json::Value> {
        while let Some(reference) = node.get("$ref").and_then(|r| r.as_str()) {
            let name = reference.trim_start_matches("#/$defs/");
            node = &root["$defs"][name];
        }
        let mut out = vec![node];
        for key in ["anyOf", "oneOf"] {
            if let Some(options) = node.get(key).and_then(|o| o.as_array()) {
                for option in options {
                    out.extend(resolve(root, option));
                }
            }
        }
        out
    }
    fn walk(root: &serde_json::Value, node: &serde_json::Value, path: &str, out: &mut Vec<String>) {
        for node in resolve(root, node) {
            if let Some(items) = node.get("items") {
                walk(root, items, &format!("{path}[]"), out);
            }
            if let Some(properties) = node.get("properties").and_then(|p| p.as_object()) {
                for (name, value) in properties {
                    let child = if path.is_empty() {
                        name.clone()
                    } else {
                        format!("{path}.{name}")
                    };
                    if !out.contains(&child) {
                        out.push(child.clone());
                    }
                    walk(root, value, &child, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(schema, schema, "", &mut out);
    out
}

#[test]
fn every_field_of_the_schema_is_documented_in_the_format_reference() {
    let tmp = tempfile::tempdir().unwrap();
    let out = whys(tmp.path(), &["schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths = property_paths(&schema);
    // The schema has nested objects and lists; a walk that found only the top level is broken.
    for expected in [
        "times.started",
        "action_items[].owner",
        "lint.allow[].reason",
    ] {
        assert!(paths.iter().any(|p| p == expected), "{paths:?}");
    }
    let reference = std::fs::read_to_string(repo().join("docs/format.md")).unwrap();
    let missing: Vec<&String> = paths
        .iter()
        .filter(|path| !reference.contains(&format!("`{path}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/format.md does not document these fields of `whys schema` (write each as `path`): \
         {missing:?}"
    );
    // And the other way round: a documented field that the schema does not have is stale.
    // (Field tables are the ones whose header starts with `| field`.)
    let mut in_field_table = false;
    let mut documented = Vec::new();
    for line in reference.lines() {
        if line.starts_with("| field") {
            in_field_table = true;
        } else if !line.starts_with('|') {
            in_field_table = false;
        } else if in_field_table && line.starts_with("| `") {
            documented.extend(line.split('`').nth(1));
        }
    }
    assert!(documented.len() >= paths.len(), "{documented:?}");
    for field in documented {
        assert!(
            paths.iter().any(|p| p == field),
            "docs/format.md documents `{field}`, which `whys schema` does not have"
        );
    }
}

/// The targets of the Markdown links `[text](target)` in `text`.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("](") {
        rest = &rest[start + 2..];
        if let Some(end) = rest.find(')') {
            targets.push(rest[..end].to_string());
        }
    }
    targets
}

fn check_links(file: &Path, problems: &mut Vec<String>) {
    let root = repo().canonicalize().unwrap();
    let text = std::fs::read_to_string(file).unwrap();
    for target in link_targets(&text) {
        if target.starts_with("https://")
            || target.starts_with("http://")
            || target.starts_with('#')
        {
            continue;
        }
        let path = target.split('#').next().unwrap();
        let resolved = file.parent().unwrap().join(path);
        match resolved.canonicalize() {
            Ok(found) if found.starts_with(&root) => {}
            Ok(found) => problems.push(format!(
                "{}: `{target}` leads outside the repository ({})",
                file.display(),
                found.display()
            )),
            Err(_) => problems.push(format!("{}: `{target}` does not exist", file.display())),
        }
    }
}

#[test]
fn the_readme_and_the_docs_link_only_inside_the_repository() {
    let mut files = vec![repo().join("README.md"), repo().join("fuzz/README.md")];
    for entry in std::fs::read_dir(repo().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut problems = Vec::new();
    for file in &files {
        check_links(file, &mut problems);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
