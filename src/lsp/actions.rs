//! Quick fixes: each fix `whys check` can name precisely becomes an edit.
//! - a "did you mean `x`?" (a misspelt field, a wrong enum value or a `related` id): rename;
//! - a time without an offset: the time with the offset the message proposes (the record's
//!   own, or `Z`);
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
