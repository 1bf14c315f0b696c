//! Text into HTML or SVG (element content and quoted attribute values alike).

/// Escapes what can end text or a quoted attribute (`&`, `<`, `>`, `"`, `'`) and `/`, as OWASP
/// advises and as Tera's own escape did (pages rendered before keep their bytes). Tera uses
/// this as its autoescape function, so a template and Rust code escape the same.
pub fn text(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + 8);
    for c in input.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            '/' => out.push_str("&#x2F;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_characters_become_entities() {
        assert_eq!(
            super::text(r#"<a href="x" title='y'>&</a>"#),
            "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;&#x2F;a&gt;"
        );
    }
}
