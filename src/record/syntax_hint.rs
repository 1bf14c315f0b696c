//! YAML syntax errors said in the terms of a record. The parser names what it expected in
//! its grammar ("did not find expected '-' indicator"); a person needs the slip that caused
//! it, and the slips are few: no space after `-` or `:`, a tab, an unclosed quote or bracket.

use super::locate::Position;

/// The likely slip behind a syntax error reported at `at`, with how to fix it. Parsers
/// report some slips lines after they happen, so the lines just before count too.
pub fn syntax_hint(source: &str, at: Position) -> Option<(Position, String)> {
    let lines: Vec<&str> = source.lines().collect();
    // The parser sometimes stops on the line before the slip (a tab at the next indent).
    let last = (at.line + 1).min(lines.len());
    let first = last.saturating_sub(4).max(1);
    // Nearest to the reported place first.
    for number in (first..=last).rev() {
        let line = lines[number - 1];
        if let Some(hint) = hint_for_line(line) {
            return Some((
                Position {
                    line: number,
                    column: hint.0 + 1,
                },
                hint.1,
            ));
        }
    }
    // An unclosed quote or bracket can have opened anywhere above.
    for (i, line) in lines[..last].iter().enumerate().rev() {
        if let Some(hint) = unclosed(line) {
            return Some((
                Position {
                    line: i + 1,
                    column: hint.0 + 1,
                },
                hint.1,
            ));
        }
    }
    None
}

/// A slip visible on one line: its column (from 0, in characters) and the advice.
fn hint_for_line(line: &str) -> Option<(usize, String)> {
    let content = strip_comment(line);
    let indent = content.chars().take_while(|c| *c == ' ').count();
    let trimmed = &content[indent..];
    if let Some(tab) = content.chars().position(|c| c == '\t') {
        return Some((
            tab,
            "this line has a tab: YAML indents with spaces only; replace the tab with spaces"
                .into(),
        ));
    }
    if let Some(rest) = trimmed.strip_prefix('-') {
        if rest.chars().next().is_some_and(|c| c.is_alphanumeric()) && rest.contains(':') {
            let key = rest.split(':').next().unwrap_or(rest);
            return Some((
                indent,
                format!("a list item needs a space after `-`: write `- {key}:`"),
            ));
        }
    }
    // `title:Payments` is one word to YAML, not a field and its value.
    if let Some(colon) = trimmed.find(':') {
        let key = &trimmed[..colon];
        let after = &trimmed[colon + 1..];
        let is_key = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if is_key
            && after.chars().next().is_some_and(|c| !c.is_whitespace())
            && !after.starts_with("//")
        {
            return Some((
                indent + colon,
                format!("a field needs a space after `:`: write `{key}: {after}`"),
            ));
        }
    }
    unclosed(line)
}

/// A quote or bracket opened on this line and not closed on it.
fn unclosed(line: &str) -> Option<(usize, String)> {
    let content = strip_comment(line);
    let value_start = content.find(": ").map(|i| i + 2).or_else(|| {
        let t = content.trim_start();
        t.starts_with("- ").then(|| content.len() - t.len() + 2)
    })?;
    let value = content[value_start..].trim_start();
    let column =
        content[..value_start].chars().count() + (content[value_start..].len() - value.len());
    let quote = value.chars().next()?;
    if (quote == '"' || quote == '\'') && !closes(&value[1..], quote) {
        return Some((
            column,
            format!("the quote `{quote}` opened here is not closed: end the value with `{quote}`"),
        ));
    }
    if quote == '[' || quote == '{' {
        let close = if quote == '[' { ']' } else { '}' };
        let opened = value.matches(quote).count();
        let closed = value.matches(close).count();
        if opened > closed {
            return Some((
                column,
                format!("the `{quote}` opened here is not closed: end the list with `{close}`"),
            ));
        }
        // A quoted item inside the list that is not closed.
        for q in ['"', '\''] {
            if value.matches(q).count() % 2 == 1 {
                let at = value.find(q).unwrap_or(0);
                return Some((
                    column + value[..at].chars().count(),
                    format!("the quote `{q}` opened here is not closed: end the item with `{q}`"),
                ));
            }
        }
    }
    None
}

fn closes(rest: &str, quote: char) -> bool {
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && quote == '"' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek() == Some(&'\'') {
                chars.next();
                continue;
            }
            return true;
        }
    }
    false
}

/// The line without a trailing ` # comment` (a rough cut: enough for hints).
fn strip_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    match line.find(" #") {
        Some(i) if !line[..i].contains('"') && !line[..i].contains('\'') => &line[..i],
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(src: &str, line: usize) -> String {
        syntax_hint(src, Position { line, column: 1 })
            .map(|(p, h)| format!("{}:{} {h}", p.line, p.column))
            .unwrap_or_default()
    }

    #[test]
    fn the_common_slips_are_named() {
        assert!(
            hint("timeline:\n  -at: x\n", 2).starts_with("2:3 a list item needs a space after `-`")
        );
        assert!(hint("id: a\ntitle:Payments\nstatus: draft\n", 3)
            .starts_with("2:6 a field needs a space after `:`"));
        assert!(hint("times:\n\tstarted: x\n", 2).contains("tab"));
        assert!(hint("title: \"Payments\nstatus: draft\n", 2).starts_with("1:8 the quote `\"`"));
        assert!(hint("services: [a, b\nstatus: draft\n", 2).starts_with("1:11 the `[`"));
        assert_eq!(hint("title: \"ok\"\nurl: https://x\n", 2), "");
    }
}
