//! The comment trap: in YAML, ` #` after a plain (unquoted) value starts a comment, so
//! `event: opens #inc-payments` is read as "opens". Channel names, ticket numbers and issue
//! references are in every timeline, and nothing else would say that text was dropped.

use crate::diagnostic::{Finding, Position, Span};
use crate::record::locate::{join_key, parse_tree, Node, NodeValue};

/// A cheap look before the tree is built: most records have no ` #` after a value at all.
fn may_have_trailing_comment(source: &str) -> bool {
    source.lines().any(|line| {
        let t = line.trim_start();
        !t.starts_with('#') && line.contains(" #")
    })
}

/// A warning for each plain prose value whose line goes on with a comment.
pub(super) fn check(source: &str, out: &mut Vec<Finding>) {
    if !may_have_trailing_comment(source) {
        return;
    }
    let Ok(Some(root)) = parse_tree(source) else {
        return;
    };
    let lines: Vec<&str> = source.lines().collect();
    walk(&root, "", &lines, out);
}

fn walk(node: &Node, path: &str, lines: &[&str], out: &mut Vec<Finding>) {
    match &node.value {
        NodeValue::Mapping(entries) => {
            for e in entries {
                walk(&e.value, &join_key(path, &e.key), lines, out);
            }
        }
        NodeValue::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, &format!("{path}[{i}]"), lines, out);
            }
        }
        NodeValue::Scalar { text, plain: true } => {
            // Single words (`draft`, `SEV2`) lose nothing to a comment; prose does.
            if !text.contains(char::is_whitespace) {
                return;
            }
            let Some(line) = lines.get(node.span.end.line.wrapping_sub(1)) else {
                return;
            };
            let rest: String = line.chars().skip(node.span.end.column - 1).collect();
            let Some(hash) = rest.find('#') else {
                return;
            };
            if hash == 0 || !rest[..hash].chars().all(char::is_whitespace) {
                return;
            }
            let dropped = rest[hash..].trim_end();
            let column = node.span.end.column + rest[..hash].chars().count();
            let mut finding = Finding::new(
                "yaml/comment",
                crate::diagnostic::Severity::Warning,
                Some(path),
                format!(
                    "`{dropped}` is read as a YAML comment and dropped: the value ends at \"{}\"",
                    last_words(text)
                ),
            )
            .suggest(format!(
                "quote the whole value to keep it: \"{} {dropped}\"",
                last_words(text)
            ));
            finding.span = Some(Span {
                start: Position {
                    line: node.span.end.line,
                    column,
                },
                end: Position {
                    line: node.span.end.line,
                    column: column + dropped.chars().count(),
                },
            });
            out.push(finding);
        }
        _ => {}
    }
}

/// The end of a long value, enough to recognise it.
fn last_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let tail = &words[words.len().saturating_sub(6)..];
    let prefix = if words.len() > 6 { "… " } else { "" };
    format!("{prefix}{}", tail.join(" "))
}
