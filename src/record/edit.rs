//! Adding entries to a list of a record file without rewriting the rest of it.
//!
//! A post-mortem is written by people: its comments, blank lines, quoting and key order are
//! theirs. Serialising the parsed record back would drop all of that, so commands that add
//! facts (`whys changes --add`, `whys timeline --into`) edit the text instead: they find the
//! list by its field path, copy its indentation, insert the new entries as lines, check that
//! the result still parses as a record with the list grown by exactly those entries, and only
//! then replace the file (atomically).

use super::locate::{split_path, Node, NodeValue, PathStep, SourceMap};
use super::{parse_record, ChangeKind, LoadedRecord, TimelineEntry, Timestamp};
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

/// One entry for a record's `changes:` list, as the commands that find changes add them.
pub struct NewChange<'a> {
    pub at: &'a Timestamp,
    pub kind: ChangeKind,
    pub description: &'a str,
    /// What the entry's `ref` holds: how a later run knows the change is already there.
    pub reference: &'a str,
}

/// The `ref`s the record's `changes:` entries already hold.
pub fn change_references(loaded: &LoadedRecord) -> Vec<&str> {
    loaded
        .record
        .changes
        .iter()
        .filter_map(|c| c.reference.as_deref())
        .collect()
}

/// Appends `changes`, in their order, to the record's `changes:` list (kept as the file
/// writes it: comments, layout), through [`add_list_items`]. Returns how many were added.
pub fn add_changes(loaded: &LoadedRecord, changes: &[NewChange]) -> Result<usize> {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    let kind_name = |k: ChangeKind| {
        serde_json::to_value(k)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| "other".into())
    };
    let before = loaded.record.changes.len();
    let insertions: Vec<ListInsertion> = changes
        .iter()
        .map(|c| ListInsertion {
            before,
            yaml: format!(
                "at: {}\nkind: {}\ndescription: {}\nref: {}\n",
                c.at,
                kind_name(c.kind),
                quote(c.description),
                quote(c.reference)
            ),
        })
        .collect();
    add_list_items(loaded, "changes", &insertions)?;
    Ok(changes.len())
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

/// One field of a mapping to set to a one-line text (`Some`) or to remove (`None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEdit {
    pub key: String,
    pub value: Option<String>,
}

/// `source` with the fields of the block mapping at `mapping` (e.g. `action_items[2]`) set or
/// removed, every other line as it was. A field that is there gets its value replaced in its
/// line (a comment after it stays); a new one goes on a line of its own after the mapping's
/// last one-line field, at that field's indentation. Only one-line values are written or
/// removed: a field whose value spans lines, or that sits on the item's `- ` line and would
/// have to be removed, is refused rather than guessed at.
pub fn set_mapping_fields(
    source: &str,
    mapping: &str,
    edits: &[FieldEdit],
) -> Result<String, ListEditError> {
    let mut text = source.to_owned();
    for edit in edits {
        text = set_one_field(&text, mapping, edit)?;
    }
    // Verify: the mapping now reads as asked, whatever the parser makes of the new lines.
    let map = SourceMap::new(&text).map_err(|e| ListEditError::Syntax {
        position: e.position,
        message: e.message,
    })?;
    for edit in edits {
        let field = format!("{mapping}.{}", edit.key);
        let value = mapping_entries(&map, mapping)
            .ok()
            .and_then(|entries| entries.iter().find(|e| e.key == edit.key))
            .map(|e| e.value.as_scalar().map(str::to_owned));
        let as_asked = match (&edit.value, value) {
            (None, None) => true,
            (Some(want), Some(Some(got))) => *want == got,
            _ => false,
        };
        if !as_asked {
            return Err(ListEditError::Unverified { field });
        }
    }
    Ok(text)
}

/// Sets fields of the loaded record's file (see [`set_mapping_fields`]). The new text must
/// parse as a record, or nothing is written; the file is replaced atomically. Returns the new
/// text.
pub fn set_record_fields(
    loaded: &LoadedRecord,
    mapping: &str,
    edits: &[FieldEdit],
) -> Result<String> {
    let text =
        set_mapping_fields(&loaded.source, mapping, edits).map_err(|source| Error::Edit {
            path: loaded.path.clone(),
            source,
        })?;
    parse_record(&loaded.path, text.clone()).map_err(|f| Error::Record(Box::new(f)))?;
    write_atomic(&loaded.path, text.as_bytes())?;
    Ok(text)
}

fn mapping_entries<'a>(
    map: &'a SourceMap,
    mapping: &str,
) -> Result<&'a [super::locate::MapEntry], ListEditError> {
    let mut node = map.root().ok_or_else(|| ListEditError::MissingParent {
        field: mapping.to_owned(),
    })?;
    for step in split_path(mapping) {
        let next = match (&node.value, step) {
            (NodeValue::Mapping(entries), PathStep::Key(k)) => {
                entries.iter().find(|e| e.key == k).map(|e| &e.value)
            }
            (NodeValue::Sequence(items), PathStep::Index(i)) => items.get(i),
            _ => None,
        };
        node = next.ok_or_else(|| ListEditError::MissingParent {
            field: mapping.to_owned(),
        })?;
    }
    match &node.value {
        NodeValue::Mapping(entries) => Ok(entries),
        _ => Err(ListEditError::NotAList {
            field: mapping.to_owned(),
            found: node.describe(),
        }),
    }
}

/// Whether a mapping entry's value is a scalar on its key's line.
fn on_key_line(entry: &super::locate::MapEntry) -> bool {
    matches!(entry.value.value, NodeValue::Scalar { .. })
        && entry.value.span.end.line <= entry.key_span.start.line
        && !entry.value.as_scalar().is_some_and(|t| t.contains('\n'))
}

fn set_one_field(source: &str, mapping: &str, edit: &FieldEdit) -> Result<String, ListEditError> {
    let map = SourceMap::new(source).map_err(|e| ListEditError::Syntax {
        position: e.position,
        message: e.message,
    })?;
    let field = format!("{mapping}.{}", edit.key);
    let entries = mapping_entries(&map, mapping)?;
    let eol = if source.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    let first = entries.first().ok_or_else(|| ListEditError::NotOneLine {
        field: field.clone(),
    })?;
    let first_line = first.key_span.start.line.saturating_sub(1);
    if lines
        .get(first_line)
        .and_then(|l| l.chars().nth(first.key_span.start.column.saturating_sub(1)))
        == Some('{')
        || first_line_is_flow(&lines, first)
    {
        return Err(ListEditError::FlowMapping { field });
    }
    let existing = entries.iter().find(|e| e.key == edit.key);
    match (existing, &edit.value) {
        (Some(entry), value) => {
            if !on_key_line(entry) {
                return Err(ListEditError::NotOneLine { field });
            }
            let at = entry.key_span.start.line.saturating_sub(1);
            let line = lines.get(at).cloned().unwrap_or_default();
            match value {
                Some(value) => {
                    let comment = trailing_comment(&line, entry);
                    let key_end = byte_at_column(&line, entry.key_span.end.column);
                    lines[at] = format!("{}: {}{comment}", &line[..key_end], yaml_text(value));
                }
                None => {
                    if line.trim_start().starts_with('-') {
                        return Err(ListEditError::NotOneLine { field });
                    }
                    lines.remove(at);
                }
            }
        }
        (None, None) => return Ok(source.to_owned()),
        (None, Some(value)) => {
            let anchor = entries
                .iter()
                .filter(|e| on_key_line(e))
                .max_by_key(|e| e.key_span.start.line)
                .ok_or_else(|| ListEditError::NotOneLine {
                    field: field.clone(),
                })?;
            let indent = " ".repeat(first.key_span.start.column.saturating_sub(1));
            let at = anchor.key_span.start.line;
            lines.insert(
                at.min(lines.len()),
                format!("{indent}{}: {}", edit.key, yaml_text(value)),
            );
        }
    }
    let mut text = lines.join(eol);
    text.push_str(eol);
    Ok(text)
}

/// A mapping written `{ a: 1 }` starts its first key after a `{` on the same line.
fn first_line_is_flow(lines: &[String], first: &super::locate::MapEntry) -> bool {
    let Some(line) = lines.get(first.key_span.start.line.saturating_sub(1)) else {
        return false;
    };
    let before = byte_at_column(line, first.key_span.start.column);
    line[..before].trim_end().ends_with('{')
}

/// The byte offset of a 1-based character column in `line` (its length past the end).
fn byte_at_column(line: &str, column: usize) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i)
}

/// The `# ...` comment after a one-line value, with the blanks before it, or "".
fn trailing_comment<'a>(line: &'a str, entry: &super::locate::MapEntry) -> &'a str {
    let from = if entry.value.as_scalar().is_some_and(str::is_empty) {
        byte_at_column(line, entry.key_span.end.column)
    } else {
        byte_at_column(line, entry.value.span.end.column)
    };
    let rest = &line[from.min(line.len())..];
    let rest = rest.trim_start().strip_prefix(':').unwrap_or(rest);
    match rest.find('#') {
        Some(i) if rest[..i].trim().is_empty() => {
            if i == 0 {
                // `key:# x` is no comment in YAML; `key: v # x` needs a blank before `#`.
                ""
            } else {
                rest
            }
        }
        _ => "",
    }
}

/// A text as a YAML scalar: plain when it reads back as the same text, else double-quoted
/// (a JSON string is a valid YAML double-quoted scalar).
fn yaml_text(value: &str) -> String {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && super::locate::ScalarKind::String == plain_kind(value);
    if plain {
        value.to_owned()
    } else {
        serde_json::to_string(value).unwrap_or_else(|_| format!("{value:?}"))
    }
}

fn plain_kind(value: &str) -> super::locate::ScalarKind {
    Node {
        span: Default::default(),
        value: NodeValue::Scalar {
            text: value.to_owned(),
            plain: true,
        },
    }
    .scalar_kind()
    .unwrap_or(super::locate::ScalarKind::String)
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

#[cfg(test)]
mod field_tests {
    use super::*;

    fn set(key: &str, value: &str) -> FieldEdit {
        FieldEdit {
            key: key.into(),
            value: Some(value.into()),
        }
    }

    const ITEMS: &str = "\
action_items:
  # the first
  - title: Fix it   # keep
    status: open  # still open
    due: 2026-01-05
  - title: Watch it
    done_when: |
      a block
    done_on: 2026-01-02
";

    #[test]
    fn replaces_a_value_in_place_and_keeps_its_comment() {
        let out = set_mapping_fields(ITEMS, "action_items[0]", &[set("status", "done")]).unwrap();
        assert_eq!(out, ITEMS.replace("status: open", "status: done"));
    }

    #[test]
    fn adds_a_missing_field_after_the_last_one_line_field() {
        let out = set_mapping_fields(
            ITEMS,
            "action_items[0]",
            &[set("ticket", "acme/shop#12"), set("done_on", "2026-01-04")],
        )
        .unwrap();
        assert!(
            out.contains("    due: 2026-01-05\n    ticket: \"acme/shop#12\"\n    done_on: 2026-01-04\n  - title: Watch it"),
            "{out}"
        );
    }

    #[test]
    fn removes_a_field_but_not_the_dash_line() {
        let edit = FieldEdit {
            key: "done_on".into(),
            value: None,
        };
        let out =
            set_mapping_fields(ITEMS, "action_items[1]", std::slice::from_ref(&edit)).unwrap();
        assert_eq!(out, ITEMS.replace("    done_on: 2026-01-02\n", ""));
        let title = FieldEdit {
            key: "title".into(),
            value: None,
        };
        let err = set_mapping_fields(ITEMS, "action_items[1]", &[title]).unwrap_err();
        assert!(matches!(err, ListEditError::NotOneLine { .. }), "{err}");
    }

    #[test]
    fn an_empty_value_is_filled_in_keeping_its_comment() {
        let doc = "l:\n  - title: a\n    ticket:   # none yet\n    due: 2026-01-05\n";
        let out = set_mapping_fields(doc, "l[0]", &[set("ticket", "PAY-1")]).unwrap();
        assert_eq!(
            out,
            "l:\n  - title: a\n    ticket: PAY-1   # none yet\n    due: 2026-01-05\n"
        );
        let doc = "l:\n  - title: a\n    ticket:\n";
        let out = set_mapping_fields(doc, "l[0]", &[set("ticket", "PAY-1")]).unwrap();
        assert_eq!(out, "l:\n  - title: a\n    ticket: PAY-1\n");
    }

    #[test]
    fn a_block_value_is_refused() {
        let err =
            set_mapping_fields(ITEMS, "action_items[1]", &[set("done_when", "x")]).unwrap_err();
        assert!(matches!(err, ListEditError::NotOneLine { .. }), "{err}");
    }

    #[test]
    fn a_flow_mapping_is_refused() {
        let err =
            set_mapping_fields("l:\n  - {title: a}\n", "l[0]", &[set("key", "a1")]).unwrap_err();
        assert!(matches!(err, ListEditError::FlowMapping { .. }), "{err}");
    }
}
