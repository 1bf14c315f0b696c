//! Text into Markdown: a line or table cell of plain text, a code span, or a Markdown field
//! with its raw HTML disarmed.

/// Plain text for a Markdown line or table cell: one line, pipes escaped, and no raw HTML or
/// link syntax (titles, owners, services are text, not Markdown). Backticks stay: people
/// write `service-names` in titles and events and expect code spans.
pub fn text(input: &str) -> String {
    super::one_line_escaped(input, |c| match c {
        '|' => Some("\\|"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '[' => Some("\\["),
        ']' => Some("\\]"),
        '\\' => Some("\\\\"),
        _ => None,
    })
}

/// A node label inside `["..."]` of a Mermaid flowchart (a diagram inside the Markdown):
/// Mermaid reads `#name;` as an entity, so quotes, angle brackets, backticks and `#` itself
/// are written that way.
pub fn mermaid_label(input: &str) -> String {
    super::one_line_escaped(input, |c| match c {
        '#' => Some("#35;"),
        '"' => Some("#quot;"),
        '<' => Some("#lt;"),
        '>' => Some("#gt;"),
        '`' => Some("#96;"),
        _ => None,
    })
}

/// A text as a Markdown code span inside a table cell, shown exactly as written: the fence
/// is one backtick longer than the longest run inside, and `|` is escaped (GitHub's table
/// parser splits cells at it even inside code). Backslash escapes and entities would show
/// literally inside code, so nothing else is touched; code spans never hold live HTML.
pub fn code(input: &str) -> String {
    let text = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // A space keeps a backtick at either end from merging with the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    let body = text.replace('|', "\\|");
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A Markdown field of a record for a `.md` file: as written, with raw HTML escaped.
pub fn field(input: &str) -> String {
    crate::render::cmark::markdown_without_html(input.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_stays_text() {
        assert_eq!(text("a | <b> [x](y)\nz"), "a \\| &lt;b&gt; \\[x\\](y) z");
    }

    #[test]
    fn code_spans_hold_any_backticks() {
        assert_eq!(code("a`b|c"), "``a`b\\|c``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
