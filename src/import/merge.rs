//! Facts from an importer merged into a record file that people may already have edited.
//!
//! Like [`crate::record::edit`], the merge edits the text (comments, layout and quoting stay
//! the writer's), and only adds: missing times, missing services, timeline entries not there
//! yet, a golden signal's text. Before anything is written the new text is parsed and compared
//! with the old record plus exactly those additions; any other difference means the edit went
//! wrong, and nothing is written. A second merge of the same facts changes nothing.

use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::record::edit::{insert_list_items, plan_timeline_insertions, ListInsertion};
use crate::record::locate::{NodeValue, SourceMap};
use crate::record::{parse_record, LoadedRecord, Record, TimelineEntry, Timestamp};

/// What an importer knows about an incident, to add to a record.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub acknowledged: Option<Timestamp>,
    pub root_caused: Option<Timestamp>,
    /// Like every time here, set only when the record has none: an existing value is the
    /// writer's and is kept.
    pub mitigated: Option<Timestamp>,
    pub resolved: Option<Timestamp>,
    pub services: Vec<String>,
    pub timeline: Vec<TimelineEntry>,
    /// A golden signal (`latency`, …) and the Markdown to put in it (replacing what the
    /// importer wrote there before; other text is kept, the new text appended).
    pub signal: Option<(String, String)>,
}

/// What a merge changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeOutcome {
    pub times_set: Vec<&'static str>,
    pub services_added: Vec<String>,
    pub timeline_added: usize,
    pub timeline_already_there: usize,
    pub signal_set: bool,
    /// Additions that could not be made, and why (the rest were).
    pub skipped: Vec<String>,
}

impl MergeOutcome {
    pub fn changed(&self) -> bool {
        !self.times_set.is_empty()
            || !self.services_added.is_empty()
            || self.timeline_added > 0
            || self.signal_set
    }
}

/// Merges `facts` into the record's file; writes it (atomically) only if something changed.
pub fn merge_into_file(loaded: &LoadedRecord, facts: &Facts) -> Result<MergeOutcome> {
    let (text, outcome, expected) =
        merge_text(&loaded.source, &loaded.record, facts).map_err(|message| Error::Input {
            path: loaded.path.clone(),
            message,
        })?;
    if !outcome.changed() {
        return Ok(outcome);
    }
    let parsed =
        parse_record(&loaded.path, text.clone()).map_err(|f| Error::Record(Box::new(f)))?;
    let same = serde_json::to_value(&parsed.record).ok() == serde_json::to_value(&expected).ok();
    if !same {
        return Err(Error::Input {
            path: loaded.path.clone(),
            message: "the merged text would not hold exactly the new facts (a bug in whys); nothing was written".into(),
        });
    }
    write_atomic(&loaded.path, text.as_bytes())?;
    Ok(outcome)
}

/// The merged text, what changed, and the record the text must parse to.
pub fn merge_text(
    source: &str,
    record: &Record,
    facts: &Facts,
) -> std::result::Result<(String, MergeOutcome, Record), String> {
    let mut text = source.to_owned();
    let mut expected = record.clone();
    let mut outcome = MergeOutcome::default();

    let mut times: Vec<(&'static str, Timestamp)> = Vec::new();
    let t = &mut expected.times;
    for (key, have, new) in [
        ("acknowledged", &mut t.acknowledged, facts.acknowledged),
        ("root_caused", &mut t.root_caused, facts.root_caused),
        ("mitigated", &mut t.mitigated, facts.mitigated),
        ("resolved", &mut t.resolved, facts.resolved),
    ] {
        if let (None, Some(new)) = (&have, new) {
            *have = Some(new);
            times.push((key, new));
        }
    }
    if !times.is_empty() {
        let pairs: Vec<(String, String)> = times
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.to_string()))
            .collect();
        text = set_keys(&text, "times", &pairs)?;
        outcome.times_set = times.iter().map(|(k, _)| *k).collect();
    }

    let new_services: Vec<String> = facts
        .services
        .iter()
        .filter(|s| !record.services.contains(s))
        .fold(Vec::new(), |mut acc, s| {
            if !acc.contains(s) {
                acc.push(s.clone());
            }
            acc
        });
    if !new_services.is_empty() {
        let insertions: Vec<ListInsertion> = new_services
            .iter()
            .map(|s| ListInsertion {
                before: record.services.len(),
                yaml: json_scalar(s),
            })
            .collect();
        match insert_list_items(&text, "services", &insertions) {
            Ok(t) => {
                text = t;
                expected.services.extend(new_services.iter().cloned());
                outcome.services_added = new_services;
            }
            Err(e) => outcome
                .skipped
                .push(format!("services {}: {e}", new_services.join(", "))),
        }
    }

    let (insertions, added) =
        plan_timeline_insertions(&record.timeline, &facts.timeline).map_err(|e| e.to_string())?;
    if !insertions.is_empty() {
        text = insert_list_items(&text, "timeline", &insertions).map_err(|e| e.to_string())?;
        // Insertions come sorted by time and keep their order at the same `before`.
        let mut ordered = record.timeline.clone();
        let mut sorted: Vec<&ListInsertion> = insertions.iter().collect();
        sorted.sort_by_key(|i| i.before);
        // Each insertion before it moved the existing entries one place down.
        for (shift, insertion) in sorted.into_iter().enumerate() {
            let entry: TimelineEntry =
                yaml_serde::from_str(&insertion.yaml).map_err(|e| e.to_string())?;
            ordered.insert(insertion.before + shift, entry);
        }
        expected.timeline = ordered;
    }
    outcome.timeline_added = added.added;
    outcome.timeline_already_there = added.already_there;

    if let Some((name, markdown)) = &facts.signal {
        let signals = expected.signals.get_or_insert_with(Default::default);
        let slot = match name.as_str() {
            "latency" => &mut signals.latency,
            "traffic" => &mut signals.traffic,
            "errors" => &mut signals.errors,
            "saturation" => &mut signals.saturation,
            other => return Err(format!("`{other}` is not a golden signal")),
        };
        let merged = match slot.as_deref() {
            None => markdown.clone(),
            Some(old) if old.contains(markdown.as_str()) => old.to_owned(),
            Some(old) => format!("{}\n\n{markdown}", old.trim_end()),
        };
        if slot.as_deref() != Some(merged.as_str()) {
            *slot = Some(merged.clone());
            text = set_keys(&text, "signals", &[(name.clone(), json_scalar(&merged))])?;
            outcome.signal_set = true;
        }
    }
    Ok((text, outcome, expected))
}

/// A string as a YAML scalar on one line: JSON's double-quoted string is valid YAML.
fn json_scalar(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// `text` with `key: value` set in the top-level block mapping `parent` for each pair: a key
/// already there has its value (all its lines) replaced, a new key goes after the mapping's
/// last entry, and a missing `parent` is added at the end of the file. Values are one-line
/// YAML scalars.
fn set_keys(
    text: &str,
    parent: &str,
    pairs: &[(String, String)],
) -> std::result::Result<String, String> {
    let mut text = text.to_owned();
    for (key, value) in pairs {
        text = set_key(&text, parent, key, value)?;
    }
    Ok(text)
}

fn set_key(
    text: &str,
    parent: &str,
    key: &str,
    value: &str,
) -> std::result::Result<String, String> {
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let map = SourceMap::new(text)
        .map_err(|e| format!("not valid YAML at {}: {}", e.position, e.message))?;
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let Some(root) = map.root() else {
        return Err("the file is empty".into());
    };
    let NodeValue::Mapping(top) = &root.value else {
        return Err("the file is not a mapping".into());
    };
    let Some(index) = top.iter().position(|e| e.key == parent) else {
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        lines.push(format!("{parent}:"));
        lines.push(format!("  {key}: {value}"));
        return Ok(join(lines, eol));
    };
    let entry = &top[index];
    // 0-based line where whatever follows the parent mapping starts.
    let after_parent = top
        .get(index + 1)
        .map(|e| e.key_span.start.line.saturating_sub(1))
        .unwrap_or(lines.len());
    match &entry.value.value {
        NodeValue::Mapping(entries) if !entries.is_empty() => {
            let first = &entries[0];
            if first.key_span.start.line == entry.key_span.start.line {
                return Err(format!(
                    "`{parent}` is a flow mapping (`{{...}}`); write it one key a line so facts can be added"
                ));
            }
            let indent = " ".repeat(first.key_span.start.column.saturating_sub(1));
            let new_line = format!("{indent}{key}: {value}");
            match entries.iter().position(|e| e.key == key) {
                Some(i) => {
                    let start = entries[i].key_span.start.line.saturating_sub(1);
                    let next = entries
                        .get(i + 1)
                        .map(|e| e.key_span.start.line.saturating_sub(1))
                        .unwrap_or(after_parent);
                    let end = last_content_line(&lines, start, next);
                    lines.splice(start..=end, [new_line]);
                }
                None => {
                    let last = entries.len() - 1;
                    let start = entries[last].key_span.start.line.saturating_sub(1);
                    let end = last_content_line(&lines, start, after_parent);
                    lines.insert(end + 1, new_line);
                }
            }
        }
        NodeValue::Scalar { text: empty, .. }
            if empty.is_empty() || empty == "~" || empty == "null" =>
        {
            let key_line = entry.key_span.start.line.saturating_sub(1);
            let line = lines.get(key_line).cloned().unwrap_or_default();
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            lines[key_line] = format!("{indent}{parent}:");
            lines.insert(key_line + 1, format!("{indent}  {key}: {value}"));
        }
        other => {
            let found = match other {
                NodeValue::Sequence(_) => "a list",
                NodeValue::Mapping(_) => "an empty flow mapping",
                _ => "a text",
            };
            return Err(format!(
                "`{parent}` is {found}, not a mapping with one key a line"
            ));
        }
    }
    Ok(join(lines, eol))
}

/// The last line in `start..next` that is not blank or a comment (those belong to what
/// follows), at least `start`.
fn last_content_line(lines: &[String], start: usize, next: usize) -> usize {
    let mut end = next.min(lines.len()).saturating_sub(1).max(start);
    while end > start {
        let l = lines[end].trim();
        if l.is_empty() || l.starts_with('#') {
            end -= 1;
        } else {
            break;
        }
    }
    end
}

fn join(lines: Vec<String>, eol: &str) -> String {
    let mut text = lines.join(eol);
    text.push_str(eol);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const RECORD: &str = "schema: whys/v1\nid: 2025-01-01-x\ntitle: X\nstatus: draft\nseverity: SEV2\nimpact_kind: degraded\nsummary: S.\ntimes:\n  started: 2025-01-01T00:00:00Z\n  detected: 2025-01-01T00:05:00Z\n  # the page\nsignals:\n  latency: |\n    p99 rose.\n    Still high.\n  errors: none\ntimeline: []\n";

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    #[test]
    fn adds_times_and_replaces_a_signal_keeping_the_rest() {
        let record = parse_record(Path::new("r.yaml"), RECORD.into())
            .unwrap()
            .record;
        let facts = Facts {
            acknowledged: Some(t("2025-01-01T00:10:00Z")),
            signal: Some(("latency".into(), "chart".into())),
            ..Facts::default()
        };
        let (text, outcome, expected) = merge_text(RECORD, &record, &facts).unwrap();
        assert_eq!(outcome.times_set, ["acknowledged"]);
        assert!(text.contains("  detected: 2025-01-01T00:05:00Z\n  acknowledged: 2025-01-01T00:10:00Z\n  # the page\n"), "{text}");
        let parsed = parse_record(Path::new("r.yaml"), text.clone())
            .unwrap()
            .record;
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            serde_json::to_value(&expected).unwrap()
        );
        assert_eq!(
            parsed.signals.as_ref().unwrap().latency.as_deref(),
            Some("p99 rose.\nStill high.\n\nchart")
        );
        let (again, outcome, _) = merge_text(&text, &parsed, &facts).unwrap();
        assert!(!outcome.changed());
        assert_eq!(again, text);
    }
}
