//! Any text as Markdown, alone and in every narrative field of a record rendered to HTML:
//! the output must hold no `<script`, no `on...` event attribute and no URL attribute with
//! a script scheme (`javascript:`, `vbscript:`, `data:`).
#![no_main]

#[path = "../../tests/support/html_safety.rs"]
mod html_safety;

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

/// Panics with the HTML when it could run script (see `tests/support/html_safety.rs`, the
/// oracle the regression tests share).
fn assert_safe(html: &str, what: &str) {
    if let Some(problem) = html_safety::script_in_html(html) {
        panic!("{what}: {problem}:\n{html}");
    }
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
