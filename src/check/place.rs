//! Placing findings: from the field path a rule names to a line and column in the file,
//! down to the words a wording finding is about.

use std::collections::HashMap;

use super::wording_rules;
use crate::diagnostic::{Finding, Position, Span};
use crate::record::locate::SourceMap;
use crate::record::Record;

/// Gives each finding that names a field the line and column of that field, or of the
/// words inside it that the finding is about (for which `record` holds the field's text).
pub(super) fn place(findings: &mut [Finding], source: &str, record: Option<&Record>) {
    if findings.iter().all(|f| f.span.is_some()) {
        return;
    }
    let Ok(map) = SourceMap::new(source) else {
        return;
    };
    let texts: HashMap<String, &str> = if findings.iter().any(|f| f.text_range.is_some()) {
        record
            .map(|r| wording_rules::text_fields(r).into_iter().collect())
            .unwrap_or_default()
    } else {
        HashMap::new()
    };
    for f in findings.iter_mut().filter(|f| f.span.is_none()) {
        let path = f.field.as_deref().unwrap_or("");
        let Some(located) = map.locate(path) else {
            continue;
        };
        f.span = Some(located.value);
        if !located.exact && located.key.is_none() && f.rule == "record/required-for-status" {
            // A missing top-level field has no place of its own; the status that requires it
            // explains the finding better than the first line of the file.
            if let Some(status) = map.locate("status").filter(|l| l.exact) {
                f.span = Some(status.value);
            }
        }
        if let (Some((start, end)), Some(text)) = (f.text_range, texts.get(path)) {
            if let Some(span) = locate_words(source, located.value, text, start, end) {
                f.span = Some(span);
            }
        }
    }
}

/// The place in `source` of `text[start..end]`, searching from the field's value: the n-th
/// occurrence of its first line, where n counts the occurrences before it in the text.
fn locate_words(source: &str, value: Span, text: &str, start: usize, end: usize) -> Option<Span> {
    let words = text.get(start..end)?;
    let needle = words.lines().next().filter(|l| !l.is_empty())?;
    let before = text.get(..start)?.matches(needle).count();
    let line_offset: usize = source
        .split_inclusive('\n')
        .take(value.start.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = source.get(line_offset..)?.lines().next().unwrap_or("");
    let column_offset = line
        .char_indices()
        .nth(value.start.column.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let value_start = line_offset + column_offset;
    let found = source
        .get(value_start..)?
        .match_indices(needle)
        .nth(before)?
        .0
        + value_start;
    let line_no = source[..found].matches('\n').count() + 1;
    let line_start = source[..found].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = source[line_start..found].chars().count() + 1;
    Some(Span {
        start: Position {
            line: line_no,
            column,
        },
        end: Position {
            line: line_no,
            column: column + needle.chars().count(),
        },
    })
}
