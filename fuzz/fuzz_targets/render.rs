//! Any text as Markdown, alone and in every narrative field of a record rendered to HTML:
//! the output must hold no `<script` and no `on...=` event attribute that came from the
//! input, and no `javascript:` link.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use whys::record::{parse_record, Evidence, Record};
use whys::render::cmark::{block_html, inline_html};
use whys::render::{html, Renderer};

const REFERENCE: &str = include_str!("../../tests/data/reference-record.yaml");

fn setup() -> &'static (Record, Renderer) {
    static SETUP: OnceLock<(Record, Renderer)> = OnceLock::new();
    SETUP.get_or_init(|| {
        let record = parse_record(Path::new("reference.yaml"), REFERENCE.to_owned())
            .expect("the reference record parses")
            .record;
        (
            record,
            Renderer::builtin().expect("the built-in templates compile"),
        )
    })
}

/// Every tag of `html` (text between `<` and `>`; text outside tags is escaped, so every
/// `<` opens a tag).
fn assert_safe(html: &str, what: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{what}: a script tag:\n{html}");
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('<') {
        let tag_and_more = &rest[open + 1..];
        let end = tag_and_more.find('>').unwrap_or(tag_and_more.len());
        let tag = &tag_and_more[..end];
        assert!(
            !has_event_attribute(tag),
            "{what}: an event attribute in <{tag}>:\n{html}"
        );
        assert!(
            !tag.contains("javascript:"),
            "{what}: a javascript: URL in <{tag}>:\n{html}"
        );
        rest = &tag_and_more[end..];
    }
}

/// ` onclick=`, `/onload =` ...: an attribute name starting with `on` after a separator.
fn has_event_attribute(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    (1..bytes.len()).any(|i| {
        let separated = matches!(
            bytes[i - 1],
            b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\''
        );
        if !separated || !tag[i..].starts_with("on") {
            return false;
        }
        let name_end = tag[i..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
            .map_or(tag.len(), |n| i + n);
        name_end > i + 2 && tag[name_end..].trim_start().starts_with('=')
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    assert_safe(&block_html(text), "block Markdown");
    assert_safe(&inline_html(text), "inline Markdown");

    let (reference, renderer) = setup();
    let mut record = reference.clone();
    record.title = text.to_owned();
    record.summary = text.to_owned();
    record.root_cause = Some(text.to_owned());
    record.lessons = Some(text.to_owned());
    record.services = vec![text.to_owned()];
    record.tags = vec![text.to_owned()];
    if let Some(entry) = record.timeline.first_mut() {
        entry.event = text.to_owned();
        entry.evidence = Evidence(vec![text.to_owned()]);
    }
    if let Some(step) = record.whys.first_mut() {
        step.because = text.to_owned();
        step.evidence = Evidence(vec![text.to_owned()]);
    }
    if let Some(item) = record.action_items.first_mut() {
        item.title = text.to_owned();
        item.owner = Some(text.to_owned());
        item.ticket = Some(text.to_owned());
    }
    if let Ok(page) = html(&record, renderer) {
        assert_safe(&page, "record page");
    }
});
