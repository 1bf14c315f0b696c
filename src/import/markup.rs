//! Text from other tools made fit for a record: HTML to Markdown, and other people's words
//! kept as quotations.
//!
//! HTML goes through `htmd` (a port of turndown.js over html5ever, the HTML5 parser of Servo):
//! Apache-2.0, maintained, one parser dependency, and it handles lists, emphasis, links, line
//! breaks and entities the way a browser would parse them. `html2md` is GPL (not usable here)
//! and `mdka` pulls in more than a converter needs.

/// Whether `text` holds HTML markup or an entity, so it needs converting at all. Plain text is
/// left alone: converting it would escape Markdown that is already there.
pub fn looks_like_html(text: &str) -> bool {
    static MARKUP: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let markup = MARKUP.get_or_init(|| {
        regex::Regex::new(r"(?i)</?[a-z][a-z0-9]*(\s[^<>]*)?/?>|&(#[0-9]+|#x[0-9a-f]+|[a-z]+);")
            .expect("a fixed pattern")
    });
    markup.is_match(text)
}

/// `text` as Markdown: HTML converted, plain text as given (trimmed). A body the converter
/// cannot read keeps its text with the tags taken out, never the tags.
pub fn html_to_markdown(text: &str) -> String {
    if !looks_like_html(text) {
        return text.trim().to_owned();
    }
    let converter = htmd::HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style", "head"])
        .options(htmd::options::Options {
            bullet_list_marker: htmd::options::BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Default::default()
        })
        .build();
    match converter.convert(text) {
        Ok(markdown) => markdown.trim().to_owned(),
        Err(_) => strip_tags(text),
    }
}

fn strip_tags(text: &str) -> String {
    static TAG: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let tag = TAG.get_or_init(|| regex::Regex::new(r"<[^<>]*>").expect("a fixed pattern"));
    tag.replace_all(text, " ").trim().to_owned()
}

/// `text` as a Markdown block quote: every line starts with `> `. The wording rules skip
/// quoted text (it is someone else's words); the personal-data rules still read it.
pub fn quote(text: &str) -> String {
    text.trim()
        .lines()
        .map(|line| {
            let line = line.trim_end();
            if line.is_empty() {
                ">".to_owned()
            } else {
                format!("> {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_style_update_lists_become_markdown_lists() {
        let html = "<ul><li><strong>2011-09-13 18:11:00</strong> - A new app server &amp; a <a href=\"https://example.com/x\">link</a></li><li>Second<br>line</li></ul>";
        let md = html_to_markdown(html);
        assert!(!md.contains('<'), "{md}");
        assert!(
            md.starts_with(
                "- **2011-09-13 18:11:00** - A new app server & a [link](https://example.com/x)"
            ),
            "{md}"
        );
        assert!(md.contains("Second"), "{md}");
    }

    #[test]
    fn plain_text_is_left_as_it_is() {
        assert_eq!(
            html_to_markdown(" We are *investigating*. "),
            "We are *investigating*."
        );
        assert!(!looks_like_html("a < b and c > d"));
    }

    #[test]
    fn quotes_every_line() {
        assert_eq!(quote("one\n\ntwo"), "> one\n>\n> two");
    }
}
