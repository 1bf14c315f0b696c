//! A record read leniently, field by field, when the typed parse failed.
//!
//! A structural error in one field (a time without an offset, a misspelt key, a wrong enum
//! value) must not hide what the rules would say about every other field. So after the
//! loader has reported the structural errors, this module repairs a copy of the YAML just
//! enough for it to become a [`Record`]: a time without an offset gets the record's own
//! prevailing offset, an unknown key is dropped, a bad value is replaced by a neutral
//! placeholder. The rules then run on that copy; findings about the fields that were
//! replaced are dropped (the structural error already names them).

use yaml_serde::{Mapping, Value};

use super::locate::{split_path, PathStep};
use super::time::{Timestamp, NO_OFFSET_MARK};
use super::Record;

/// How many repairs one record may need before the reader gives up (each repair fixes
/// one field; a record has far fewer broken fields than this).
const MAX_REPAIRS: usize = 200;

/// A record recovered from text that did not parse as one, and the field paths whose
/// value was made up (rules' findings on them, or under them, mean nothing).
#[derive(Debug, Clone)]
pub struct Recovered {
    pub record: Record,
    pub replaced: Vec<String>,
}

impl Recovered {
    /// Whether a finding on `field` is about a value this reader made up.
    pub fn is_replaced(&self, field: &str) -> bool {
        self.replaced.iter().any(|r| is_within(field, r))
    }

    /// Whether a finding of `rule` on `field` means nothing because of a made-up value: one
    /// on that value, or a "something is missing" finding on the item that holds it.
    pub fn hides(&self, rule: &str, field: &str) -> bool {
        self.is_replaced(field)
            || (rule == "actions/incomplete" && self.replaced.iter().any(|r| is_within(r, field)))
    }
}

/// `path` is `outer` or a field inside it.
fn is_within(path: &str, outer: &str) -> bool {
    path == outer
        || (path.starts_with(outer)
            && matches!(path.as_bytes().get(outer.len()), Some(b'.') | Some(b'[')))
}

/// The record `source` would be with its broken fields repaired, or `None` when the text is
/// not YAML or not a mapping at all.
pub fn recover(source: &str) -> Option<Recovered> {
    let mut value: Value = yaml_serde::from_str(source).ok()?;
    if !value.is_mapping() {
        return None;
    }
    let offset = prevailing_offset(source);
    let placeholder_time = first_time(&value).unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut replaced: Vec<String> = Vec::new();
    let mut last: Option<(String, String)> = None;
    for _ in 0..MAX_REPAIRS {
        let error = match serde_path_to_error::deserialize::<_, Record>(value.clone()) {
            Ok(record) => return Some(Recovered { record, replaced }),
            Err(e) => e,
        };
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let message = error.inner().to_string();
        if last.as_ref() == Some(&(path.clone(), message.clone())) {
            // The same repair did not help: drop the whole field, or give up.
            if path.is_empty() || remove_at(&mut value, &path).is_none() {
                return None;
            }
            replaced.push(path);
            last = None;
            continue;
        }
        last = Some((path.clone(), message.clone()));
        repair(
            &mut value,
            &path,
            &message,
            &offset,
            &placeholder_time,
            &mut replaced,
        )?;
    }
    None
}

fn repair(
    value: &mut Value,
    path: &str,
    message: &str,
    offset: &str,
    placeholder_time: &str,
    replaced: &mut Vec<String>,
) -> Option<()> {
    if message.contains(NO_OFFSET_MARK) {
        // Read the time in the offset the rest of the record is written in.
        let text = get_at(value, path)?.as_str()?.trim().to_owned();
        let fixed = if text.len() == 10 {
            format!("{text}T00:00:00{offset}")
        } else {
            format!("{text}{offset}")
        };
        if Timestamp::parse(&fixed).is_err() {
            replaced.push(path.to_owned());
            *get_at(value, path)? = Value::String(placeholder_time.to_owned());
        } else {
            *get_at(value, path)? = Value::String(fixed);
        }
        return Some(());
    }
    if let Some(key) = backticked(message, "unknown field `") {
        // The path may or may not name the key; drop it from the mapping it stands in.
        let parent = path
            .strip_suffix(&key)
            .map(|p| p.trim_end_matches('.'))
            .unwrap_or(path);
        get_at(value, parent)?
            .as_mapping_mut()?
            .remove(key.as_str());
        return Some(());
    }
    if let Some(field) = backticked(message, "missing field `") {
        let at = super::locate::join_key(path, &field);
        let placeholder = match field.as_str() {
            "times" => {
                let mut m = Mapping::new();
                m.insert("started".into(), placeholder_time.into());
                m.insert("detected".into(), placeholder_time.into());
                Value::Mapping(m)
            }
            "at" | "started" | "detected" => Value::String(placeholder_time.to_owned()),
            "status" => "draft".into(),
            "impact_kind" => "outage".into(),
            _ => Value::String(String::new()),
        };
        get_at(value, path)?
            .as_mapping_mut()?
            .insert(field.as_str().into(), placeholder);
        replaced.push(at);
        return Some(());
    }
    replaced.push(path.to_owned());
    if let Some(first) = backticked(message, "expected one of `") {
        *get_at(value, path)? = Value::String(first);
        return Some(());
    }
    if message.contains("YYYY-MM-DD") {
        let day: String = placeholder_time.chars().take(10).collect();
        *get_at(value, path)? = Value::String(day);
        return Some(());
    }
    if message.contains("RFC 3339") {
        *get_at(value, path)? = Value::String(placeholder_time.to_owned());
        return Some(());
    }
    // Any other bad value: drop it when it is a field (a required one comes back as a
    // placeholder), neutralise it when it is a list element (indices must stay stable).
    match split_path(path).last() {
        Some(PathStep::Index(_)) => {
            let slot = get_at(value, path)?;
            *slot = if message.contains("struct") || message.contains("map") {
                Value::Mapping(Mapping::new())
            } else {
                Value::String(String::new())
            };
            Some(())
        }
        Some(PathStep::Key(_)) => remove_at(value, path).map(|_| ()),
        None => None,
    }
}

/// The word between `prefix` and the next backtick in `message`.
fn backticked(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let end = message[start..].find('`')?;
    Some(message[start..start + end].to_owned())
}

fn get_at<'v>(value: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut node = value;
    for step in split_path(path) {
        node = match step {
            PathStep::Key(k) => node.as_mapping_mut()?.get_mut(k)?,
            PathStep::Index(i) => node.as_sequence_mut()?.get_mut(i)?,
        };
    }
    Some(node)
}

/// Removes the field or list element at `path`.
fn remove_at(value: &mut Value, path: &str) -> Option<Value> {
    let steps = split_path(path);
    let (last, parents) = steps.split_last()?;
    let mut node = value;
    for step in parents {
        node = match step {
            PathStep::Key(k) => node.as_mapping_mut()?.get_mut(*k)?,
            PathStep::Index(i) => node.as_sequence_mut()?.get_mut(*i)?,
        };
    }
    match last {
        PathStep::Key(k) => node.as_mapping_mut()?.remove(*k),
        PathStep::Index(i) => {
            let seq = node.as_sequence_mut()?;
            (*i < seq.len()).then(|| seq.remove(*i))
        }
    }
}

/// The first time in the record that parses, to stand in for one that is missing.
fn first_time(value: &Value) -> Option<String> {
    let times = value.get("times")?;
    ["started", "detected"].iter().find_map(|k| {
        let text = times.get(*k)?.as_str()?;
        Timestamp::parse(text).ok().map(|t| t.to_string())
    })
}

/// The UTC offset the record's times are most often written in (`Z` when none is).
pub fn prevailing_offset(source: &str) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for word in source.split(|c: char| c.is_whitespace() || c == '"' || c == '\'') {
        let Ok(t) = Timestamp::parse(word) else {
            continue;
        };
        let shown = t.to_string();
        let offset = if shown.ends_with('Z') {
            "Z".to_owned()
        } else {
            shown[shown.len() - 6..].to_owned()
        };
        match counts.iter_mut().find(|(o, _)| *o == offset) {
            Some((_, n)) => *n += 1,
            None => counts.push((offset, 1)),
        }
    }
    // Most frequent; on a tie the first written.
    let mut best: Option<(String, usize)> = None;
    for (o, n) in counts {
        if best.as_ref().is_none_or(|(_, b)| n > *b) {
            best = Some((o, n));
        }
    }
    best.map(|(o, _)| o).unwrap_or_else(|| "Z".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prevailing_offset_is_the_most_written_one() {
        let src =
            "a: 2026-12-03T10:00:00+01:00\nb: 2026-12-03T11:00:00+01:00\nc: 2026-12-03T10:00:00Z\n";
        assert_eq!(prevailing_offset(src), "+01:00");
        assert_eq!(prevailing_offset("x: 1"), "Z");
    }
}
