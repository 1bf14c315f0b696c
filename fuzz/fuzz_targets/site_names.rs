//! Any text as what the site turns into names and links: a record's words (search terms and
//! the files they go in), a tag or service name (its page's file name), and a ticket through
//! a `tracker.ticket_url` pattern. Names must stay inside their folder; links must stay web
//! links.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whys::render::links::group_file_name;
use whys::render::search::{prefix_file_name, words};
use whys::settings::tracker::TrackerSettings;

fn portable(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first line is the tracker pattern, the rest the ticket, the name and the text.
    let (pattern, rest) = text.split_once('\n').unwrap_or(("https://t.example/{ticket}", &*text));
    for word in words(rest) {
        let prefix: String = word.chars().take(3).collect();
        let name = prefix_file_name(&prefix);
        assert!(portable(&name) && !name.contains(".."), "{name:?}");
    }
    let group = group_file_name(rest);
    assert!(portable(&group) && !group.contains("..") && group.ends_with(".html"), "{group:?}");
    let tracker = TrackerSettings {
        ticket_url: Some(pattern.to_string()),
        ..TrackerSettings::default()
    };
    if let Some(href) = tracker.ticket_link(rest) {
        assert!(href.starts_with("https://") || href.starts_with("http://"), "{href:?}");
    }
});
