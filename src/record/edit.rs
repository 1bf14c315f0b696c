//! Adding entries to a list of a record file without rewriting the rest of it.
//!
//! A post-mortem is written by people: its comments, blank lines, quoting and key order are
//! theirs. Serialising the parsed record back would drop all of that, so commands that add
//! facts (`whys changes --add`, `whys timeline --into`) edit the text instead: they find the
//! list by its field path, copy its indentation, insert the new entries as lines, check that
//! the result still parses as a record with the list grown by exactly those entries, and only
//! then replace the file (atomically).

use super::locate::{split_path, Node, NodeValue, PathStep, SourceMap};
use super::{parse_record, LoadedRecord, TimelineEntry};
pub use crate::error::ListEditError;
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;

/// One entry to add: its YAML mapping text (as `key: value` lines, no leading dash) and the
/// index of the existing entry it goes before (the list's length to append).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListInsertion {
    pub before: usize,
    pub yaml: String,
}

/// `source` with `insertions` added to the list at `field` (e.g. `timeline`). Insertions with
/// the same `before` keep their order. A missing top-level list is added at the end of the
/// file; an empty one written `[]` or left empty becomes a block list.
pub fn insert_list_items(
    source: &str,
    field: &str,
    insertions: &[ListInsertion],
) -> Result<String, ListEditError> {
    let map = SourceMap::new(source).map_err(|e| ListEditError::Syntax {
        position: e.position,
        message: e.message,
    })?;
    let eol = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    let found = find_list(&map, &lines, field)?;
    let old_len = found.as_ref().map_or(0, |f| f.items.len());
    // Every insertion becomes a block of lines at a 0-based line index.
    let mut blocks: Vec<(usize, Vec<String>)> = Vec::new();
    match found {
        Some(list) if !list.items.is_empty() => {
            let first_dash = dash_line(&lines, list.items[0]);
            let indent = leading_whitespace(lines.get(first_dash).map_or("", String::as_str));
            let dash_column = indent.chars().count();
            let end = end_of_last_item(&lines, &list, dash_column);
            for insertion in insertions {
                let at = match list.items.get(insertion.before) {
                    Some(item) => start_of_item(&lines, dash_line(&lines, item), dash_column),
                    None => end,
                };
                blocks.push((at, item_lines(&insertion.yaml, &indent)));
            }
        }
        Some(list) => {
            // An empty list: `field: []`, `field: ~` or `field:` alone. Keep the key and any
            // comment on its line, drop the empty value, and start a block list below it.
            let key_line = list.key_line;
            let line = lines.get(key_line).cloned().unwrap_or_default();
            lines[key_line] = without_empty_value(&line, list.key_end_column, field)?;
            let indent = format!("{}  ", leading_whitespace(&line));
            for insertion in insertions {
                blocks.push((key_line + 1, item_lines(&insertion.yaml, &indent)));
            }
        }
        None => {
            if split_path(field).len() != 1 {
                return Err(ListEditError::MissingParent {
                    field: field.to_owned(),
                });
            }
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            lines.push(format!("{field}:"));
            for insertion in insertions {
                blocks.push((lines.len(), item_lines(&insertion.yaml, "  ")));
            }
        }
    }
    // From the bottom up, so earlier indexes stay valid; equal indexes in reverse, so the
    // first insertion ends up first.
    for (at, block) in blocks.into_iter().rev() {
        let at = at.min(lines.len());
        lines.splice(at..at, block);
    }
    let mut text = lines.join(eol);
    text.push_str(eol);
    let new_lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let grown = SourceMap::new(&text).ok().and_then(|m| {
        find_list(&m, &new_lines, field)
            .ok()
            .flatten()
            .map(|l| l.items.len())
    });
    if grown != Some(old_len + insertions.len()) {
        return Err(ListEditError::Unverified {
            field: field.to_owned(),
        });
    }
    Ok(text)
}

/// Adds `insertions` to the list at `field` of the loaded record's file. The new text must
/// parse as a record, or nothing is written; the file is replaced atomically.
pub fn add_list_items(
    loaded: &LoadedRecord,
    field: &str,
    insertions: &[ListInsertion],
) -> Result<()> {
    if insertions.is_empty() {
        return Ok(());
    }
    let edit_error = |source| Error::Edit {
        path: loaded.path.clone(),
        source,
    };
    let text = insert_list_items(&loaded.source, field, insertions).map_err(edit_error)?;
    parse_record(&loaded.path, text.clone()).map_err(|f| Error::Record(Box::new(f)))?;
    write_atomic(&loaded.path, text.as_bytes())
}

/// What adding timeline entries did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct TimelineAddition {
    pub added: usize,
    /// Entries the timeline already had (same `at` and `event`).
    pub already_there: usize,
    /// Whether the new entries went to their places in time order (the existing timeline was
    /// in order) or were appended (it was not, and whys does not guess).
    pub in_time_order: bool,
}

/// Where each new timeline entry goes, skipping those already there (same instant and event
/// text, also among the new entries themselves). When the existing timeline is in time order
/// each entry goes to its place in it, after entries of the same time; otherwise all are
/// appended, in time order among themselves.
pub fn plan_timeline_insertions(
    existing: &[TimelineEntry],
    new: &[TimelineEntry],
) -> Result<(Vec<ListInsertion>, TimelineAddition)> {
    let in_order = existing.windows(2).all(|w| w[0].at <= w[1].at);
    let mut fresh: Vec<&TimelineEntry> = Vec::new();
    let mut already_there = 0;
    for entry in new {
        let seen = |e: &&TimelineEntry| e.at == entry.at && e.event == entry.event;
        if existing.iter().any(|e| seen(&e)) || fresh.iter().any(seen) {
            already_there += 1;
        } else {
            fresh.push(entry);
        }
    }
    fresh.sort_by_key(|e| e.at);
    let insertions = fresh
        .iter()
        .map(|entry| {
            let before = if in_order {
                existing.partition_point(|e| e.at <= entry.at)
            } else {
                existing.len()
            };
            let yaml = yaml_serde::to_string(entry).map_err(|e| Error::Serialize {
                id: "timeline entry".into(),
                message: e.to_string(),
            })?;
            Ok(ListInsertion { before, yaml })
        })
        .collect::<Result<Vec<_>>>()?;
    let summary = TimelineAddition {
        added: insertions.len(),
        already_there,
        in_time_order: in_order,
    };
    Ok((insertions, summary))
}

/// Adds timeline entries to the record's file, keeping its comments and layout.
pub fn add_timeline_entries(
    loaded: &LoadedRecord,
    entries: &[TimelineEntry],
) -> Result<TimelineAddition> {
    let (insertions, summary) = plan_timeline_insertions(&loaded.record.timeline, entries)?;
    add_list_items(loaded, "timeline", &insertions)?;
    Ok(summary)
}

/// A list found in the file: its items, and where its key's line is (0-based) and ends.
struct FoundList<'a> {
    items: Vec<&'a Node>,
    key_line: usize,
    key_end_column: usize,
    /// 0-based index of the first line of whatever follows the list in the file (the next key
    /// of the same or an enclosing mapping), or `None` when the list runs to the end.
    next_key_line: Option<usize>,
}

/// Finds the list at `field`: `None` when the field is missing, an error when it is something
/// other than a list (or a flow list with entries, which cannot take lines).
fn find_list<'a>(
    map: &'a SourceMap,
    lines: &[String],
    field: &str,
) -> Result<Option<FoundList<'a>>, ListEditError> {
    let Some(mut node) = map.root() else {
        return Ok(None);
    };
    let mut key_span = None;
    let mut next_key_line: Option<usize> = None;
    for step in split_path(field) {
        let next = match (&node.value, step) {
            (NodeValue::Mapping(entries), PathStep::Key(k)) => {
                entries.iter().position(|e| e.key == k).map(|i| {
                    if let Some(after) = entries.get(i + 1) {
                        // Deeper levels end sooner, so the last one seen is the nearest.
                        next_key_line = Some(after.key_span.start.line.saturating_sub(1));
                    }
                    (&entries[i].value, Some(entries[i].key_span))
                })
            }
            (NodeValue::Sequence(items), PathStep::Index(i)) => {
                if items.get(i + 1).is_some() {
                    next_key_line = Some(items[i + 1].span.start.line.saturating_sub(1));
                }
                items.get(i).map(|n| (n, None))
            }
            _ => None,
        };
        match next {
            Some((n, k)) => {
                node = n;
                key_span = k;
            }
            None => return Ok(None),
        }
    }
    let Some(key) = key_span else {
        return Err(ListEditError::NotAList {
            field: field.to_owned(),
            found: "not a named field",
        });
    };
    let items = match &node.value {
        NodeValue::Sequence(items) => {
            let opening = lines
                .get(node.span.start.line.saturating_sub(1))
                .and_then(|l| l.chars().nth(node.span.start.column.saturating_sub(1)));
            if opening == Some('[') && !items.is_empty() {
                return Err(ListEditError::FlowList {
                    field: field.to_owned(),
                });
            }
            items.iter().collect()
        }
        NodeValue::Scalar { .. } if node.scalar_kind() == Some(super::locate::ScalarKind::Null) => {
            Vec::new()
        }
        _ => {
            return Err(ListEditError::NotAList {
                field: field.to_owned(),
                found: node.describe(),
            })
        }
    };
    Ok(Some(FoundList {
        items,
        key_line: key.start.line.saturating_sub(1),
        key_end_column: key.end.column,
        next_key_line,
    }))
}

/// The 0-based line holding the dash of `item`: its own line, or the nearest one above that
/// starts with `-` (for an item written `-` alone on its line).
fn dash_line(lines: &[String], item: &Node) -> usize {
    let start = item.span.start.line.saturating_sub(1);
    (0..=start.min(lines.len().saturating_sub(1)))
        .rev()
        .find(|&i| lines[i].trim_start().starts_with('-'))
        .unwrap_or(start)
}

/// Where an insertion before the item whose dash is on `dash` goes: above the comments
/// directly over it (they describe that item), but not above blank lines.
fn start_of_item(lines: &[String], dash: usize, dash_column: usize) -> usize {
    let mut at = dash;
    while at > 0 && is_comment_at_most(&lines[at - 1], dash_column) {
        at -= 1;
    }
    at
}

/// Where an insertion after the last item goes: after its last line, before the blank lines
/// and the comments that stand left of or at the dashes (those belong to what follows). Lines
/// indented deeper than the dashes belong to the item, even when they start with `#` (the
/// text of a block scalar can).
fn end_of_last_item(lines: &[String], list: &FoundList, dash_column: usize) -> usize {
    let last_dash = list.items.last().map_or(0, |item| dash_line(lines, item));
    let mut at = list.next_key_line.unwrap_or(lines.len()).min(lines.len());
    while at > last_dash + 1 {
        let line = &lines[at - 1];
        if line.trim().is_empty() || is_comment_at_most(line, dash_column) {
            at -= 1;
        } else {
            break;
        }
    }
    at
}

fn is_comment_at_most(line: &str, column: usize) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with('#') && line.chars().count() - trimmed.chars().count() <= column
}

fn leading_whitespace(line: &str) -> String {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// An entry's mapping text as list lines: `- ` before the first line, two spaces before the
/// others (blank lines stay blank), all behind `indent`.
fn item_lines(yaml: &str, indent: &str) -> Vec<String> {
    yaml.lines()
        .enumerate()
        .map(|(i, line)| match (i, line.is_empty()) {
            (0, _) => format!("{indent}- {line}"),
            (_, true) => String::new(),
            _ => format!("{indent}  {line}"),
        })
        .collect()
}

/// The key line of an empty list without its value (`[]`, `~`, `null`), comment kept.
fn without_empty_value(
    line: &str,
    key_end_column: usize,
    field: &str,
) -> Result<String, ListEditError> {
    let split = line
        .char_indices()
        .nth(key_end_column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let (key, rest) = line.split_at(split);
    let rest = rest
        .trim_start()
        .strip_prefix(':')
        .unwrap_or(rest)
        .trim_start();
    let (value, comment) = match rest.find('#') {
        Some(i) => (rest[..i].trim(), &rest[i..]),
        None => (rest.trim(), ""),
    };
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if !matches!(compact.as_str(), "" | "[]" | "~" | "null" | "Null" | "NULL") {
        return Err(ListEditError::FlowList {
            field: field.to_owned(),
        });
    }
    Ok(if comment.is_empty() {
        format!("{key}:")
    } else {
        format!("{key}: {comment}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(before: usize, yaml: &str) -> ListInsertion {
        ListInsertion {
            before,
            yaml: yaml.to_owned(),
        }
    }

    const DOC: &str = "\
id: x   # the id
timeline:
  # the trigger
  - at: 1
    event: a
  - at: 3
    event: |
      text
      # not a comment
  # trailing note
whys: []  # none yet
";

    #[test]
    fn inserts_in_place_and_at_the_end_keeping_comments() {
        let out = insert_list_items(
            DOC,
            "timeline",
            &[
                item(0, "at: 0\nevent: z"),
                item(1, "at: 2\nevent: b"),
                item(2, "at: 4\nevent: d"),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "\
id: x   # the id
timeline:
  - at: 0
    event: z
  # the trigger
  - at: 1
    event: a
  - at: 2
    event: b
  - at: 3
    event: |
      text
      # not a comment
  - at: 4
    event: d
  # trailing note
whys: []  # none yet
"
        );
    }

    #[test]
    fn an_empty_flow_list_becomes_a_block_list() {
        let out = insert_list_items(DOC, "whys", &[item(0, "why: w?\nbecause: b")]).unwrap();
        assert!(
            out.ends_with("whys: # none yet\n  - why: w?\n    because: b\n"),
            "{out}"
        );
    }

    #[test]
    fn a_missing_list_is_added_at_the_end() {
        let out = insert_list_items("id: x\n\n", "changes", &[item(0, "at: 1")]).unwrap();
        assert_eq!(out, "id: x\nchanges:\n  - at: 1\n");
    }

    #[test]
    fn a_flow_list_with_entries_is_refused() {
        let err = insert_list_items("tags: [a, b]\n", "tags", &[item(2, "c")]).unwrap_err();
        assert!(matches!(err, ListEditError::FlowList { .. }), "{err}");
    }

    #[test]
    fn a_scalar_is_not_a_list() {
        let err =
            insert_list_items("timeline: soon\n", "timeline", &[item(0, "a: 1")]).unwrap_err();
        assert!(matches!(err, ListEditError::NotAList { .. }), "{err}");
    }

    #[test]
    fn crlf_files_stay_crlf() {
        let out = insert_list_items("l:\r\n  - a: 1\r\n", "l", &[item(1, "a: 2")]).unwrap();
        assert_eq!(out, "l:\r\n  - a: 1\r\n  - a: 2\r\n");
    }

    #[test]
    fn a_list_at_column_zero_keeps_its_style() {
        let out = insert_list_items("l:\n- a: 1\nm: 2\n", "l", &[item(1, "a: 2")]).unwrap();
        assert_eq!(out, "l:\n- a: 1\n- a: 2\nm: 2\n");
    }
}
