//! Any bytes as an answer of GitHub's or Jira's REST API, through the readers
//! `whys actions sync` uses: the first byte picks the reader, the rest is the body (or the
//! `Link` header). None may panic; a marker found must be one whys could have written.
#![no_main]

use chrono::FixedOffset;
use libfuzzer_sys::fuzz_target;
use whys::tracker::{find_marker, github, http, jira};

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let Some(utc) = FixedOffset::east_opt(0) else {
        return;
    };
    let markers: Vec<String> = match which % 6 {
        0 => {
            let _ = github::parse_issue(&text, utc);
            Vec::new()
        }
        1 => github::parse_issue_page(&text)
            .map(|page| page.into_iter().map(|(m, _)| m).collect())
            .unwrap_or_default(),
        2 => {
            let _ = jira::parse_issue(&text, utc);
            Vec::new()
        }
        3 => jira::parse_search_page(&text)
            .map(|(page, _)| page.into_iter().map(|(m, _)| m).collect())
            .unwrap_or_default(),
        4 => {
            let _ = http::next_link(&text);
            Vec::new()
        }
        _ => find_marker(&text).into_iter().collect(),
    };
    for marker in markers {
        let rest = marker
            .strip_prefix("whys-action: ")
            .unwrap_or_else(|| panic!("a marker without its prefix: {marker:?}"));
        let (id, key) = rest
            .split_once('/')
            .unwrap_or_else(|| panic!("a marker without record id and key: {marker:?}"));
        assert!(!id.is_empty() && !key.is_empty(), "{marker:?}");
    }
});
