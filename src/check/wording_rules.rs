//! Blameless wording and personal data: the wording engine run over a record's fields.
//! Narrative fields get the blame rules; every text field (authors, owners, evidence
//! included) gets the personal-data and secret rules.

use crate::diagnostic::{Finding, Severity};
use crate::record::{Record, Status};
use crate::wording::{Hit, Level, RuleSet, ScanContext};

fn severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Note => Severity::Note,
    }
}

fn finding(hit: Hit, field: &str) -> Finding {
    let mut f = Finding::new(&hit.rule, severity(hit.level), Some(field), hit.message);
    f.suggestion = hit.rewrite;
    f.text_range = Some((hit.start, hit.end));
    f
}

/// Every text of the record with its field path: what the personal-data rules read.
pub fn text_fields(record: &Record) -> Vec<(String, &str)> {
    let mut out = record.narrative_fields();
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

/// Runs the wording rules over `record`; `roster` is every name known to the archive.
pub fn check(record: &Record, rules: &RuleSet, roster: &[String], out: &mut Vec<Finding>) {
    let mut names: Vec<String> = roster.to_vec();
    names.extend(record.named_people());
    let ctx = ScanContext {
        names: &names,
        published: record.status == Status::Published,
    };
    for (field, text) in record.narrative_fields() {
        out.extend(
            rules
                .scan_narrative(text, &ctx)
                .into_iter()
                .map(|h| finding(h, &field)),
        );
    }
    for (field, text) in text_fields(record) {
        out.extend(
            rules
                .scan_personal_data(text, &ctx)
                .into_iter()
                .map(|h| finding(h, &field)),
        );
    }
    if let Some(last) = record.whys.last() {
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
/// say) which a personal-data rule found to hold an address or a token.
pub fn redact_personal_data(findings: &mut [Finding], record: &Record) {
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
    if secrets.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        for secret in &secrets {
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
