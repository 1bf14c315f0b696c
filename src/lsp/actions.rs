//! Quick fixes: each fix `whys check` can name precisely becomes an edit.
//! - a "did you mean `x`?" (a misspelt field, a wrong enum value or a `related` id): rename;
//! - a time without an offset: the time with the offset the message proposes (the record's
//!   own, or `Z`);
//! - a blameful sentence with a rewrite made from it: the sentence replaced by the rewrite;
//! - any finding on a field: a `lint.allow` entry for it, with the reason left to fill.

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, NumberOrString, Position, Range,
    TextEdit, Uri, WorkspaceEdit,
};

/// The quick fixes for `diagnostics` (as the editor sends them back) in `text`.
pub fn code_actions(uri: &Uri, text: &str, diagnostics: &[Diagnostic]) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    for d in diagnostics {
        if d.source.as_deref() != Some("whys") {
            continue;
        }
        let rule = match &d.code {
            Some(NumberOrString::String(r)) => r.as_str(),
            _ => continue,
        };
        if let Some(word) = backticked_after(&d.message, "did you mean `") {
            // An unknown `-title` key is a list item without its space: not a rename.
            if !d.message.contains("needs a space") {
                out.push(fix(
                    uri,
                    format!("Change to `{word}`"),
                    d,
                    vec![TextEdit::new(d.range, word)],
                    true,
                ));
            }
        }
        if rule == "times/no-offset" {
            for time in backticked_all(&d.message)
                .into_iter()
                .filter(|t| crate::record::Timestamp::parse(t).is_ok())
            {
                out.push(fix(
                    uri,
                    format!("Write `{time}`"),
                    d,
                    vec![TextEdit::new(d.range, time.clone())],
                    !time.ends_with('Z'),
                ));
            }
        }
        if let Some(edit) = sentence_rewrite_edit(text, d) {
            out.push(fix(
                uri,
                "Rewrite the sentence".to_owned(),
                d,
                vec![edit],
                true,
            ));
        }
        if let Some(serde_json::Value::String(field)) = &d.data {
            if let Some(edit) = lint_allow_edit(text, rule, field) {
                out.push(fix(
                    uri,
                    format!("Allow `{rule}` on `{field}` (lint.allow, with a reason)"),
                    d,
                    vec![edit],
                    false,
                ));
            }
        }
    }
    out
}

fn fix(
    uri: &Uri,
    title: String,
    d: &Diagnostic,
    edits: Vec<TextEdit>,
    preferred: bool,
) -> CodeActionOrCommand {
    // lsp-types keys edits by `Uri`, whose parsed form caches lazily; it is never mutated here.
    #[allow(clippy::mutable_key_type)]
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![d.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(preferred),
        ..CodeAction::default()
    })
}

/// A `lint.allow` entry for `rule` on `field`: under an existing `allow:` list, or a new
/// `lint:` section at the end of the file.
fn lint_allow_edit(text: &str, rule: &str, field: &str) -> Option<TextEdit> {
    if rule.starts_with("yaml/") || rule.starts_with("file/") || rule.starts_with("lint/") {
        return None;
    }
    let entry = |indent: &str| {
        format!(
            "{indent}- rule: {rule}\n{indent}  field: \"{field}\"\n{indent}  reason: \"\"  # say why this is right here\n"
        )
    };
    let lines: Vec<&str> = text.lines().collect();
    if let Some(lint_line) = lines.iter().position(|l| l.trim_end() == "lint:") {
        let allow = lines
            .iter()
            .enumerate()
            .skip(lint_line + 1)
            .find(|(_, l)| l.trim_start().starts_with("allow:"))?;
        let indent = " ".repeat(allow.1.len() - allow.1.trim_start().len() + 2);
        let at = Position::new(allow.0 as u32 + 1, 0);
        return Some(TextEdit::new(Range::new(at, at), entry(&indent)));
    }
    let end_line = lines.len() as u32;
    let newline = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    let at = if newline.is_empty() {
        Position::new(end_line, 0)
    } else {
        Position::new(
            end_line.saturating_sub(1),
            lines.last().map(|l| l.encode_utf16().count()).unwrap_or(0) as u32,
        )
    };
    Some(TextEdit::new(
        Range::new(at, at),
        format!("{newline}lint:\n  allow:\n{}", entry("    ")),
    ))
}

/// The sentence around a wording finding replaced by the rewrite its message carries (after
/// `help: `), when that rewrite was made from the sentence rather than being general advice.
/// The finding covers the words from the person to the judging cue on one line; the sentence
/// runs back to the previous full stop (or the start of the value) and on to the last word
/// of the rewrite, which edits only ever leave in place, with its closing punctuation.
fn sentence_rewrite_edit(text: &str, d: &Diagnostic) -> Option<TextEdit> {
    let rewrite = d.message.split_once("\nhelp: ")?.1.trim();
    if !crate::wording::is_sentence_rewrite(rewrite) || d.range.start.line != d.range.end.line {
        return None;
    }
    let line_start = super::byte_offset(text, Position::new(d.range.start.line, 0));
    let line = text[line_start..].lines().next().unwrap_or("");
    let from = super::byte_offset(text, d.range.start).checked_sub(line_start)?;
    let to = super::byte_offset(text, d.range.end).checked_sub(line_start)?;
    let (body, _) = rewrite.rsplit_once(": what ")?;
    let last_word = body
        .split_whitespace()
        .last()?
        .trim_matches(|c: char| !c.is_alphanumeric());
    if last_word.is_empty() || from > to || to > line.len() {
        return None;
    }
    // The start: after the value's key, list dash, quote or a previous sentence's stop.
    let head = &line[..from];
    let mut start = head.len() - head.trim_start().len();
    // Where the value starts, when it starts on this line (not a block scalar's line).
    let mut value_start = None;
    if let Some(rest) = head[start..].strip_prefix("- ") {
        start = head.len() - rest.len();
        value_start = Some(start);
    }
    if let Some(colon) = head.find(": ") {
        let key = head[start..colon].trim();
        if !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            start = colon + 2;
            value_start = Some(start);
        }
    }
    if let Some(at) = [". ", "! ", "? "]
        .iter()
        .filter_map(|stop| head[start..].rfind(stop))
        .max()
    {
        start += at + 2;
    }
    start += head[start..].len() - head[start..].trim_start_matches([' ', '"', '\'']).len();
    // The end: the rewrite's last word at or after the finding, and its full stop.
    let tail = &line[to.max(start)..];
    let mut end = match tail
        .match_indices(last_word)
        .find(|(i, _)| !tail[i + last_word.len()..].starts_with(|c: char| c.is_alphanumeric()))
    {
        Some((i, _)) => to.max(start) + i + last_word.len(),
        None if line[start..to].ends_with(last_word) => to,
        None => return None,
    };
    if line[end..].starts_with(['.', '!', '?']) {
        end += 1;
    }
    let line_no = d.range.start.line;
    let position = |byte: usize| Position::new(line_no, line[..byte].encode_utf16().count() as u32);
    // A plain scalar cannot hold the rewrite's ": " (nor a " #"): quote the whole value.
    if let Some(value_start) = value_start {
        let value_end = line.trim_end().len();
        let plain = !line[value_start..].starts_with(['"', '\'', '|', '>']);
        if plain && value_end >= end {
            let value = format!(
                "{}{rewrite}{}",
                &line[value_start..start],
                &line[end..value_end]
            );
            let quoted = serde_json::to_string(&value).ok()?;
            return Some(TextEdit::new(
                Range::new(position(value_start), position(value_end)),
                quoted,
            ));
        }
    }
    Some(TextEdit::new(
        Range::new(position(start), position(end)),
        rewrite.to_owned(),
    ))
}

fn backticked_after(message: &str, prefix: &str) -> Option<String> {
    let start = message.find(prefix)? + prefix.len();
    let end = message[start..].find('`')?;
    Some(message[start..start + end].to_owned())
}

fn backticked_all(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blame(line: u32, from: u32, to: u32) -> Diagnostic {
        Diagnostic {
            range: Range::new(Position::new(line, from), Position::new(line, to)),
            code: Some(NumberOrString::String("blame/error".into())),
            source: Some("whys".into()),
            message: "judged\nhelp: The change took down checkout: what made the action look right at the time, and what would have caught it?".into(),
            ..Diagnostic::default()
        }
    }

    #[test]
    fn the_rewrite_replaces_the_sentence_and_quotes_a_plain_value() {
        let text = "summary: Calm. Bob's change took down checkout. Then more.\n";
        let edit = sentence_rewrite_edit(text, &blame(0, 15, 27)).unwrap();
        assert_eq!(edit.range.start, Position::new(0, 9));
        assert_eq!(
            edit.new_text,
            "\"Calm. The change took down checkout: what made the action look right at the time, and what would have caught it? Then more.\""
        );
        let block = "summary: |\n  Bob's change took down checkout. Then more.\n";
        let edit = sentence_rewrite_edit(block, &blame(1, 2, 14)).unwrap();
        assert_eq!(
            edit.range,
            Range::new(Position::new(1, 2), Position::new(1, 34))
        );
    }

    #[test]
    fn any_range_a_client_sends_back_is_safe() {
        let text = "- \"Bob\n  - x: 'y. z\n";
        for line in 0..3 {
            for from in 0..12 {
                for to in from..12 {
                    let _ = sentence_rewrite_edit(text, &blame(line, from, to));
                }
            }
        }
    }
}
