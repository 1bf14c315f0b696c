//! Markdown fields of a record turned into HTML that cannot run script or restyle the page.
//!
//! Record text is untrusted: a post-mortem may be imported, pasted from chat, or written by
//! someone testing the tool. Instead of sanitising HTML after the fact, the parser's events are
//! filtered before any HTML exists: raw HTML becomes visible text, and a link or image keeps
//! its URL only when the scheme is on a short allow list. What pulldown-cmark writes itself
//! (escaped text, escaped attributes) is then safe by construction.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The one place that decides which Markdown extensions records may use, for every output.
///
/// Tables, strikethrough and task lists are what people paste from GitHub. Left out on purpose:
/// heading attributes (`{#id .class}` would let a record set ids and classes of the page),
/// smart punctuation (changes what the author wrote), math and metadata blocks.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Renders a Markdown block (summary, root cause, lessons...) to safe HTML.
///
/// Headings in a field are moved two levels down, so that a `# Heading` inside the summary does
/// not compete with the page's own `<h1>` and `<h2>` sections.
pub fn block_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, SafeEvents::new(markdown));
    html
}

/// Renders a one-line text (a timeline event, a why) to safe inline HTML: `code` and
/// *emphasis* work, but no paragraph is wrapped around it.
pub fn inline_html(markdown: &str) -> String {
    let html = block_html(markdown);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        // Only one paragraph: a second one would contain its own `<p>`.
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => html,
    }
}

/// The Markdown as written, except that raw HTML in it is escaped (`<` becomes `&lt;`), so the
/// `.md` file shows it as text in any viewer, not only in those that sanitise (GitHub, GitLab).
/// Everything else, code spans and blocks included, is left byte for byte.
pub fn markdown_without_html(markdown: &str) -> String {
    let mut html_ranges: Vec<std::ops::Range<usize>> = Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        .map(|(_, range)| range)
        .collect();
    html_ranges.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut copied = 0;
    for range in html_ranges {
        if range.start < copied {
            continue;
        }
        out.push_str(&markdown[copied..range.start]);
        out.push_str(&markdown[range.clone()].replace('<', "&lt;"));
        copied = range.end;
    }
    out.push_str(&markdown[copied..]);
    out
}

/// Whether a link or image URL may stay: http, https, mailto, or relative (no scheme).
///
/// Browsers ignore ASCII tab and newline inside a URL and leading control characters and spaces,
/// so `java\tscript:` is `javascript:` to them; the check sees the URL the way a browser does.
pub fn is_allowed_url(url: &str) -> bool {
    let seen: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // A scheme is what comes before the first `:` when no `/`, `?` or `#` comes earlier.
    let scheme_end = seen.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if seen[i..].starts_with(':') => {
            let scheme = seen[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// The parser's events with raw HTML made text and unsafe URLs dropped.
struct SafeEvents<'a> {
    inner: Parser<'a>,
    /// For each open link: whether its start tag was kept (so its end tag must be too).
    links: Vec<bool>,
    /// For each open image: whether it was kept; inside a dropped one the alt text is shown
    /// as plain text.
    images: Vec<bool>,
}

impl<'a> SafeEvents<'a> {
    fn new(markdown: &'a str) -> SafeEvents<'a> {
        SafeEvents {
            inner: Parser::new_ext(markdown, options()),
            links: Vec::new(),
            images: Vec::new(),
        }
    }
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

impl SafeEvents<'_> {
    /// The stack of open links or of open images, whichever `tag` starts.
    fn open(&mut self, tag: &Tag<'_>) -> &mut Vec<bool> {
        match tag {
            Tag::Link { .. } => &mut self.links,
            _ => &mut self.images,
        }
    }
}

impl<'a> Iterator for SafeEvents<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.inner.next()?;
            return Some(match event {
                // Raw HTML is shown as what the author typed, never interpreted.
                Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
                Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
                Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
                Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
                    level: demote(level),
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }),
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
                Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                    let keep = match &tag {
                        Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                            is_allowed_url(dest_url)
                        }
                        _ => true,
                    };
                    self.open(&tag).push(keep);
                    if !keep {
                        continue;
                    }
                    Event::Start(tag)
                }
                Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                    let open = match end {
                        TagEnd::Link => &mut self.links,
                        _ => &mut self.images,
                    };
                    if open.pop() == Some(false) {
                        continue;
                    }
                    Event::End(end)
                }
                Event::FootnoteReference(label) => Event::Text(CowStr::from(format!("[^{label}]"))),
                other => other,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_not_run() {
        let html = block_html("hi <script>alert(1)</script>\n\n<div onclick=x>block</div>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn script_urls_lose_their_link() {
        for md in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](java\tscript:alert(1))",
            "[x]( vbscript:msgbox)",
            "[x](data:text/html,<script>alert(1)</script>)",
            "<javascript:alert(1)>",
            "![i](javascript:alert(1))",
            "[x](&#106;avascript:alert(1))",
        ] {
            let html = block_html(md);
            assert!(!html.contains("href"), "{md}: {html}");
            assert!(!html.contains("<img"), "{md}: {html}");
        }
    }

    #[test]
    fn good_urls_stay() {
        let html =
            block_html("[a](https://example.org/x?y=1) [b](../other.html) [c](mailto:x@y.z)");
        assert!(
            html.contains(r#"href="https://example.org/x?y=1""#),
            "{html}"
        );
        assert!(html.contains(r#"href="../other.html""#), "{html}");
        assert!(html.contains(r#"href="mailto:x@y.z""#), "{html}");
    }

    #[test]
    fn markdown_keeps_everything_but_raw_html() {
        let md = "a <b>x</b> `<code>` and\n\n<div onclick=x>\nblock\n</div>\n\n```\n<pre>\n```\n";
        assert_eq!(
            markdown_without_html(md),
            "a &lt;b>x&lt;/b> `<code>` and\n\n&lt;div onclick=x>\nblock\n&lt;/div>\n\n```\n<pre>\n```\n"
        );
    }

    #[test]
    fn headings_move_below_the_page_sections() {
        assert!(block_html("# Top").contains("<h3>Top</h3>"));
    }

    #[test]
    fn inline_text_has_no_paragraph() {
        assert_eq!(
            inline_html("pool of `payments-db`"),
            "pool of <code>payments-db</code>"
        );
    }
}
