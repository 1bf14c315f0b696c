//! Does a piece of HTML let anything run script? One oracle, shared by the render fuzz target
//! (`fuzz/fuzz_targets/render.rs`) and the regression tests of what it found
//! (`tests/fuzz_regressions.rs`), so both judge the same way.
//!
//! Text outside tags is escaped by the renderer, so every `<` opens a tag. In each tag the
//! attributes are read as a browser reads them: a `<script` element, any `on...` attribute,
//! or a URL attribute whose value, once character references are decoded and the tabs, line
//! breaks and control characters browsers ignore are dropped, starts with `javascript:`,
//! `vbscript:` or `data:` is script. Words like "javascript:" elsewhere (a code block's
//! `class="language-javascript:"`) are text, not script.

/// Attributes whose value a browser may follow or load as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "cite",
    "srcset",
    "ping",
    "manifest",
    "codebase",
    "longdesc",
    "usemap",
];

const SCRIPT_SCHEMES: &[&str] = &["javascript:", "vbscript:", "data:"];

/// The first way `html` could run script, described; `None` when there is none.
pub fn script_in_html(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    if lower.contains("<script") {
        return Some("a <script> element".into());
    }
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        for (name, value) in attributes(tag) {
            if name.len() > 2 && name.starts_with("on") {
                return Some(format!("the event attribute {name} in <{tag}>"));
            }
            if URL_ATTRIBUTES.contains(&name) {
                let url = browser_url(value);
                if let Some(scheme) = SCRIPT_SCHEMES.iter().find(|s| url.starts_with(*s)) {
                    return Some(format!("a {scheme} URL in {name} of <{tag}>"));
                }
            }
        }
        rest = &after[end..];
    }
    None
}

/// The attributes of one tag's text (element name first, then `name`, `name=value`,
/// `name="value"` or `name='value'`), as (name, raw value).
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let bytes = tag.as_bytes();
    let mut out = Vec::new();
    // Skip the element name.
    let mut i = bytes
        .iter()
        .position(|b| b.is_ascii_whitespace() || *b == b'/')
        .unwrap_or(bytes.len());
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'=' | b'/')
        {
            i += 1;
        }
        let name = &tag[start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && matches!(bytes[i], b'"' | b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                let value_end = bytes[value_start..]
                    .iter()
                    .position(|b| *b == quote)
                    .map_or(bytes.len(), |n| value_start + n);
                value = &tag[value_start..value_end];
                i = (value_end + 1).min(bytes.len());
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = &tag[value_start..i];
            }
        }
        if !name.is_empty() {
            out.push((name, value));
        } else if i == start {
            i += 1;
        }
    }
    out
}

/// An attribute value as a browser takes it for a URL: numeric and a few named character
/// references decoded, then every ASCII whitespace and control character dropped (browsers
/// strip them around and inside the scheme), lower case.
fn browser_url(value: &str) -> String {
    let mut decoded = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        decoded.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|n| *n <= 10);
        let reference = end.map(|n| &after[..n]);
        let character = reference.and_then(|r| {
            if let Some(hex) = r.strip_prefix("#x") {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(decimal) = r.strip_prefix('#') {
                decimal.parse().ok().and_then(char::from_u32)
            } else {
                match r {
                    "colon" => Some(':'),
                    "tab" => Some('\t'),
                    "newline" => Some('\n'),
                    "amp" => Some('&'),
                    _ => None,
                }
            }
        });
        match (character, end) {
            (Some(c), Some(n)) => {
                decoded.push(c);
                rest = &after[n + 1..];
            }
            _ => {
                decoded.push('&');
                rest = after;
            }
        }
    }
    decoded.push_str(rest);
    decoded
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}
