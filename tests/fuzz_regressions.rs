//! Inputs the fuzz targets (`fuzz/`) stopped on, kept as tests, and the HTML safety oracle
//! the render target judges by (`tests/support/html_safety.rs`).

#[path = "support/html_safety.rs"]
mod html_safety;

use std::path::{Path, PathBuf};

use html_safety::script_in_html;
use whys::record::{parse_record, Evidence};
use whys::render::cmark::{block_html, inline_html};
use whys::render::{html, Renderer};

fn data(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path)
}

#[test]
fn the_oracle_finds_script_however_it_is_spelled() {
    let script = [
        "<script>alert(1)</script>",
        "<SCRIPT src=x>",
        r#"<a href="javascript:alert(1)">x</a>"#,
        r#"<a href=" JaVaScRiPt:alert(1)">x</a>"#,
        "<a href=javascript:alert(1)>x</a>",
        r#"<a href="jav&#x09;ascript:alert(1)">x</a>"#,
        r#"<a href="javascript&colon;alert(1)">x</a>"#,
        r#"<a href="&#106;avascript:alert(1)">x</a>"#,
        r#"<img src="data:text/html;base64,PHNjcmlwdD4=">"#,
        r#"<iframe src='vbscript:msgbox(1)'>"#,
        "<img src=x onerror=alert(1)>",
        r#"<svg/onload="alert(1)">"#,
        r#"<form><button formaction="javascript:alert(1)">"#,
    ];
    for html in script {
        assert!(script_in_html(html).is_some(), "missed: {html}");
    }
    let safe = [
        "<p>javascript: is a scheme; onload= is an attribute</p>",
        r#"<pre><code class="language-javascript:">x</code></pre>"#,
        r#"<a href="https://example.org/?q=javascript:">x</a>"#,
        r#"<a href="https://example.org" title="onclick=alert(1)">x</a>"#,
        r#"<p data-onload="x">text</p>"#,
    ];
    for html in safe {
        assert_eq!(script_in_html(html), None, "{html}");
    }
}

/// The render target stopped here: a fenced code block whose info string is
/// `javascript:` becomes `<code class="language-javascript:">`. A class is not a URL, so
/// the page is safe; the target's first oracle flagged any "javascript:" inside a tag.
#[test]
fn a_code_block_labelled_javascript_is_not_script() {
    let input = std::fs::read_to_string(data(
        "fuzz/render/crash-c69ba133b99df318a11dc003180eb5281c008f74",
    ))
    .unwrap();
    let block = block_html(&input);
    assert!(
        block.contains(r#"<code class="language-javascript:">"#),
        "{block}"
    );
    assert_eq!(script_in_html(&block), None, "{block}");
    assert_eq!(script_in_html(&inline_html(&input)), None);

    // And in every narrative field of a record page, as the target renders it.
    let reference = std::fs::read_to_string(data("reference-record.yaml")).unwrap();
    let mut record = parse_record(Path::new("reference.yaml"), reference)
        .unwrap()
        .record;
    record.summary = input.clone();
    record.root_cause = Some(input.clone());
    record.lessons = Some(input.clone());
    if let Some(step) = record.whys.first_mut() {
        step.because = input.clone();
        step.evidence = Evidence(vec![input.clone()]);
    }
    let page = html(&record, &Renderer::builtin().unwrap()).unwrap();
    assert_eq!(script_in_html(&page), None);
}

/// The record_check target stopped here: a mapping key holding brackets ("[=0 ]][[?") made
/// the field-path splitter slice an index from byte 1 to byte 0. The file is checked with
/// findings, as any bytes must be, and without a panic.
#[test]
fn a_key_holding_brackets_is_checked_without_a_panic() {
    let input = std::fs::read(data(
        "fuzz/record_check/crash-ad8daf743223d5ec9fabf2b24c859a61e21c8945",
    ))
    .unwrap();
    let settings = whys::settings::Settings::default();
    let rules = whys::wording::RuleSet::builtin().unwrap();
    let report = whys::check::check_bytes(
        Path::new("postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml"),
        input,
        &settings,
        &rules,
        &[],
    );
    assert!(!report.findings.is_empty());
    for finding in &report.findings {
        assert!(!finding.rule.is_empty());
        assert!(!finding.message.is_empty(), "{finding:?}");
    }
}
