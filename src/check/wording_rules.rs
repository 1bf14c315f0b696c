//! Blameless wording and personal data: the wording engine run over a record's fields.
//! Narrative fields get the blame rules; every text field (authors, owners, evidence
//! included) gets the personal-data and secret rules.

use crate::diagnostic::{Finding, Severity};
use crate::record::locate::{split_path, PathStep};
use crate::record::{Record, Status};
use crate::wording::{Hit, RuleSet, ScanContext};

/// The wording rule that finds the prompts `whys new` writes into a record.
const PLACEHOLDER_RULE: &str = "record/placeholder";

fn finding(hit: Hit, field: &str) -> Finding {
    let mut f = Finding::new(&hit.rule, hit.level, Some(field), hit.message);
    f.suggestion = hit.rewrite;
    f.text_range = Some((hit.start, hit.end));
    f
}

/// The length in characters of a text over `max_chars`, counted only when its bytes are.
fn too_long(text: &str, max_chars: usize) -> Option<usize> {
    if text.len() <= max_chars {
        return None;
    }
    Some(text.chars().count()).filter(|&chars| chars > max_chars)
}

/// Every text of the record with its field path: what the personal-data rules read.
/// The narrative fields come first, in [`Record::narrative_fields`] order.
pub fn text_fields(record: &Record) -> Vec<(String, &str)> {
    text_fields_after(record, record.narrative_fields())
}

/// `narrative` (the record's narrative fields, already listed) and every other text.
fn text_fields_after<'r>(
    record: &'r Record,
    narrative: Vec<(String, &'r str)>,
) -> Vec<(String, &'r str)> {
    let mut out = narrative;
    let lists: [(&str, &Vec<String>); 4] = [
        ("services", &record.services),
        ("tags", &record.tags),
        ("authors", &record.authors),
        ("related", &record.related),
    ];
    for (name, list) in lists {
        for (i, t) in list.iter().enumerate() {
            out.push((format!("{name}[{i}]"), t));
        }
    }
    for (i, c) in record.changes.iter().enumerate() {
        if let Some(r) = &c.reference {
            out.push((format!("changes[{i}].ref"), r));
        }
    }
    for (i, e) in record.timeline.iter().enumerate() {
        if let Some(s) = &e.service {
            out.push((format!("timeline[{i}].service"), s));
        }
        for (j, ev) in e.evidence.0.iter().enumerate() {
            out.push((format!("timeline[{i}].evidence[{j}]"), ev));
        }
    }
    for (i, w) in record.whys.iter().enumerate() {
        for (j, ev) in w.evidence.0.iter().enumerate() {
            out.push((format!("whys[{i}].evidence[{j}]"), ev));
        }
    }
    for (i, a) in record.action_items.iter().enumerate() {
        if let Some(o) = &a.owner {
            out.push((format!("action_items[{i}].owner"), o));
        }
        if let Some(t) = &a.ticket {
            out.push((format!("action_items[{i}].ticket"), t));
        }
    }
    if let Some(s) = &record.source {
        if let Some(r) = &s.reference {
            out.push(("source.ref".into(), r));
        }
        for (i, n) in s.notes.iter().enumerate() {
            out.push((format!("source.notes[{i}]"), n));
        }
    }
    out
}

/// Runs the wording rules over `record`; `roster` is every name known to the archive. A
/// field longer than `max_chars` characters gets `record/field-too-long` instead of a scan.
pub fn check(
    record: &Record,
    rules: &RuleSet,
    roster: &[String],
    max_chars: usize,
    out: &mut Vec<Finding>,
) {
    let mut names: Vec<String> = roster.to_vec();
    names.extend(record.named_people());
    let ctx = ScanContext {
        names: &names,
        published: record.status == Status::Published,
    };
    let mut narrative = record.narrative_fields();
    let mut texts = text_fields_after(record, Vec::new());
    for (field, text) in narrative.iter().chain(&texts) {
        if let Some(chars) = too_long(text, max_chars) {
            out.push(
                Finding::new(
                    "record/field-too-long",
                    Severity::Error,
                    Some(field),
                    format!("`{field}` is {chars} characters long; the limit is {max_chars}"),
                )
                .suggest(
                    "link long material (logs, dumps) as evidence, or raise \
                     `limits.max_field_chars` in whys.yaml",
                ),
            );
        }
    }
    narrative.retain(|(_, text)| too_long(text, max_chars).is_none());
    texts.retain(|(_, text)| too_long(text, max_chars).is_none());
    for (field, text) in &narrative {
        // A 5-Whys answer is read as one by the learned reader; the rules read it as prose.
        let because = matches!(
            split_path(field).as_slice(),
            [
                PathStep::Key("whys"),
                PathStep::Index(_),
                PathStep::Key("because")
            ]
        );
        let hits = if because {
            rules.scan_because(text, &ctx)
        } else {
            rules.scan_narrative(text, &ctx)
        };
        out.extend(hits.into_iter().map(|mut h| {
            // A prompt left in a draft is a reminder; in a record under review it is a
            // hole in the post-mortem.
            if h.rule == PLACEHOLDER_RULE && record.status >= Status::Review {
                h.level = Severity::Error;
            }
            finding(h, field)
        }));
    }
    // Most records hold no personal data at all: one search over every text says so, and
    // only a record where something may be found is scanned field by field, rule by rule.
    narrative.append(&mut texts);
    let texts = narrative;
    let all: Vec<&str> = texts.iter().map(|(_, t)| *t).collect();
    if rules.may_hold_personal_data_in(&all) {
        for (field, text) in &texts {
            out.extend(
                rules
                    .scan_personal_data(text, &ctx)
                    .into_iter()
                    .map(|h| finding(h, field)),
            );
        }
    }

    if let Some(last) = record
        .whys
        .last()
        .filter(|w| too_long(&w.because, max_chars).is_none())
    {
        if let Some(hit) = rules.ends_at_person(&last.because, &ctx) {
            let field = format!("whys[{}].because", record.whys.len() - 1);
            // The same words may already carry a blame finding; the chain finding says more.
            out.retain(|f| {
                !(f.field.as_deref() == Some(field.as_str()) && f.rule.starts_with("blame/"))
            });
            out.push(finding(hit, &field));
        }
    }
}

/// Personal data and secrets must not leave the file through a report: a finding's place
/// points at them, its words never repeat them. The wording rules' own messages are written
/// that way; this also covers any other rule that quotes a value (an unknown `related` id,
/// say) which a personal-data rule found to hold an address or a token. This finds them.
pub fn personal_data_found(findings: &[Finding], record: &Record) -> Vec<String> {
    let texts: std::collections::HashMap<String, &str> = text_fields(record).into_iter().collect();
    let mut secrets: Vec<String> = findings
        .iter()
        .filter(|f| f.rule.starts_with("pii/") || f.rule.starts_with("secret/"))
        .filter_map(|f| {
            let (start, end) = f.text_range?;
            texts
                .get(f.field.as_deref()?)?
                .get(start..end)
                .map(str::to_owned)
        })
        .filter(|s| !s.trim().is_empty())
        .collect();
    // Longest first, so a secret that contains another is replaced whole.
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

/// Replaces every one of `secrets` in the findings' messages and suggestions.
pub fn redact(findings: &mut [Finding], secrets: &[String]) {
    for f in findings.iter_mut() {
        for secret in secrets {
            if f.message.contains(secret.as_str()) {
                f.message = f.message.replace(secret.as_str(), "[redacted]");
            }
            if let Some(s) = f
                .suggestion
                .as_mut()
                .filter(|s| s.contains(secret.as_str()))
            {
                *s = s.replace(secret.as_str(), "[redacted]");
            }
        }
    }
}
