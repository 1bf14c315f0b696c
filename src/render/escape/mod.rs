//! Every escape `whys` applies when it writes someone's text into a document: one module for
//! Markdown ([`markdown`]) and one for HTML and SVG ([`html`]). Templates reach them through
//! Tera's filters and its autoescape (see [`crate::render::Renderer`]); Rust code that writes
//! markup calls them directly. Nothing else in `src/` escapes by hand.

pub mod html;
pub mod markdown;

/// `text` on one line (runs of white space become one space), each character written as
/// `escape` says, or as itself where it says nothing.
fn one_line_escaped(text: &str, escape: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match escape(c) {
                Some(escaped) => out.push_str(escaped),
                None => out.push(c),
            }
        }
    }
    out
}
