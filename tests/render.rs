//! `whys render` and `whys site` through the real binary: snapshots of the reference record,
//! the injection record, determinism, incremental builds and safe paths.
//!
//! Snapshots live in tests/snapshots/render/; after an intended change, re-bless them with
//! `WHYS_BLESS=1 cargo test --test render` and review the diff.

mod common;
use common::{repo, whys};

use std::path::{Path, PathBuf};
use std::process::Output;

const REFERENCE: &str = "2025-10-07-payments-pool-exhaustion";
const INJECTION: &str = "2025-11-01-injection-attempts";
const EVIDENCE: &str = "2025-10-07-checkout-evidence";

fn reference_yaml() -> PathBuf {
    repo().join(format!("postmortems/2025/{REFERENCE}.yaml"))
}

fn injection_yaml() -> PathBuf {
    repo().join(format!("tests/data/render/{INJECTION}.yaml"))
}

// `whys` runs in a temporary archive (empty unless the test fills it), so the repository's
// own `templates/` folder is not picked up as overrides and the built-in templates are tested.

fn ok_stdout(out: Output) -> String {
    assert!(
        out.status.success(),
        "whys failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn snapshot(name: &str, actual: &str) {
    common::assert_expected(&repo().join("tests/snapshots/render").join(name), actual);
}

#[test]
fn reference_record_markdown_matches_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let md = ok_stdout(whys(
        dir.path(),
        &[
            "render",
            reference_yaml().to_str().unwrap(),
            "--format",
            "md",
        ],
    ));
    snapshot(&format!("{REFERENCE}.md"), &md);
    assert!(md.contains("```mermaid\nflowchart TD\n"));
    assert!(md.contains("| -12 h | 2025-09-29 14:00 UTC | trigger |"));
    assert!(md.contains("### Immediate"));
}

#[test]
fn reference_record_html_matches_its_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let html = ok_stdout(whys(
        dir.path(),
        &[
            "render",
            reference_yaml().to_str().unwrap(),
            "--format",
            "html",
        ],
    ));
    snapshot(&format!("{REFERENCE}.html"), &html);
    assert!(!html.contains("<script"), "a record page needs no script");
    assert!(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(!html.contains("<link"), "no external stylesheet");
}

#[test]
fn injection_record_markdown_and_html_match_their_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = injection_yaml();
    let md = ok_stdout(whys(
        dir.path(),
        &["render", yaml.to_str().unwrap(), "--format", "md"],
    ));
    snapshot(&format!("{INJECTION}.md"), &md);
    // The evidence table, rendered as GitHub would (tables on, raw HTML allowed), builds no
    // element from the payloads: its code spans keep them as text. (The author's own Markdown
    // fields pass through as Markdown, images included; the HTML page is checked below.)
    let evidence = md
        .split("## Evidence")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("an evidence section");
    let mut from_md = String::new();
    pulldown_cmark::html::push_html(
        &mut from_md,
        pulldown_cmark::Parser::new_ext(evidence, pulldown_cmark::Options::ENABLE_TABLES),
    );
    assert!(from_md.contains("<table>"), "{from_md}");
    for element in ["<script", "<img", "<svg"] {
        assert!(!from_md.contains(element), "{element} in:\n{from_md}");
    }
    let html = ok_stdout(whys(
        dir.path(),
        &["render", yaml.to_str().unwrap(), "--format", "html"],
    ));
    snapshot(&format!("{INJECTION}.html"), &html);
}

#[test]
fn evidence_from_traces_and_logs_is_one_short_table_row_each() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = repo().join(format!("tests/data/render/{EVIDENCE}.yaml"));
    let md = ok_stdout(whys(
        dir.path(),
        &["render", yaml.to_str().unwrap(), "--format", "md"],
    ));
    snapshot(&format!("{EVIDENCE}.md"), &md);
    let html = ok_stdout(whys(
        dir.path(),
        &["render", yaml.to_str().unwrap(), "--format", "html"],
    ));
    snapshot(&format!("{EVIDENCE}.html"), &html);

    let table: Vec<&str> = md
        .split("## Evidence")
        .nth(1)
        .expect("an evidence section")
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Cited in"))
        .take_while(|l| !l.is_empty())
        .collect();
    // One trace (cited twice in the timeline, once spelled in upper case, and by why 1), one
    // log query (timeline and why 1), one link, one more log query (why 2).
    assert_eq!(table.len(), 4, "{table:#?}");
    assert!(table[0].starts_with(
        "| timeline 2025-10-07 14:03:07 UTC to 14:03:07.030 UTC (2 entries); why 1 | trace | `0af7651916cd43dd8448eb211c80319c` |"
    ), "{}", table[0]);
    // The LogQL query is shown as written: pipes escaped for the table, backticks kept.
    assert!(
        table[1].contains(
            r#"``{app="payments"} \|= "pool exhausted" \| json \| line_format "`{{.msg}}`"``"#
        ),
        "{}",
        table[1]
    );
    assert!(table[2].contains("| link | <https://grafana.example.com/d/checkout?"));
    assert!(table[3].starts_with("| why 2 | logs |"));
    assert_eq!(
        html.matches(r#"<td data-label="Kind">trace</td>"#).count(),
        1,
        "{html}"
    );
    assert_eq!(
        html.matches(r#"<td data-label="Kind">logs</td>"#).count(),
        2,
        "{html}"
    );
}

/// Every tag in the page, as `<name attr...`: what a browser would build elements from.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|rest| rest.split('>').next().unwrap_or("").to_ascii_lowercase())
        .collect()
}

#[test]
fn injection_payloads_stay_text_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let html = ok_stdout(whys(
        dir.path(),
        &[
            "render",
            injection_yaml().to_str().unwrap(),
            "--format",
            "html",
        ],
    ));
    let allowed = [
        "!doctype",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "a",
        "main",
        "header",
        "p",
        "code",
        "h1",
        "h2",
        "h3",
        "ul",
        "li",
        "dl",
        "div",
        "dt",
        "dd",
        "time",
        "small",
        "section",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
        "span",
        "svg",
        "desc",
        "line",
        "text",
        "rect",
        "circle",
        "polygon",
        "figure",
        "figcaption",
        "ol",
        "pre",
        "footer",
        "colgroup",
        "col",
        "em",
        "strong",
    ];
    // The page's own <meta> tags (the content security policy) are not record text.
    for tag in tags(&html).into_iter().filter(|t| !t.starts_with("meta ")) {
        let name = tag.trim_start_matches('/');
        let name = name.split_whitespace().next().unwrap_or("");
        assert!(allowed.contains(&name), "unexpected element <{tag}>");
        for attr in tag.split_whitespace().skip(1) {
            assert!(!attr.starts_with("on"), "event handler in <{tag}>");
            assert!(!attr.starts_with("style"), "style attribute in <{tag}>");
            assert!(
                !attr.contains("javascript:") && !attr.contains("data:"),
                "script URL in <{tag}>"
            );
        }
    }
    assert_eq!(html.matches("<style>").count(), 1);
    assert!(html.contains("&lt;script&gt;window.__pwned=8;alert(1)&lt;/script&gt;"));
    assert!(html.contains(r#"<a href="https://example.org/ok">a fine link</a>"#));
}

#[test]
fn render_out_writes_the_file_named_by_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let printed = ok_stdout(whys(
        dir.path(),
        &[
            "render",
            reference_yaml().to_str().unwrap(),
            "--format",
            "md",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let file = out.join(format!("{REFERENCE}.md"));
    assert_eq!(printed.trim(), file.display().to_string());
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "no temporary file left: {names:?}");
}

#[test]
fn render_out_never_writes_outside_the_folder_whatever_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deep/out");
    let reference = std::fs::read_to_string(reference_yaml()).unwrap();
    for (n, id) in [
        "../../escaped",
        "../escaped",
        "/tmp/whys-escaped-absolute",
        "sub/dir",
        "..",
        "with\\backslash",
    ]
    .into_iter()
    .enumerate()
    {
        let yaml = reference.replace(&format!("id: {REFERENCE}"), &format!("id: '{id}'"));
        let file = dir.path().join(format!("hostile-{n}.yaml"));
        std::fs::write(&file, yaml).unwrap();
        for format in ["md", "html"] {
            let run = whys(
                dir.path(),
                &[
                    "render",
                    file.to_str().unwrap(),
                    "--format",
                    format,
                    "--out",
                    out.to_str().unwrap(),
                ],
            );
            assert_eq!(run.status.code(), Some(2), "id {id:?} was rendered");
            let err = String::from_utf8_lossy(&run.stderr);
            assert!(err.contains("is not a slug"), "{err}");
            assert!(!err.contains("panicked"), "{err}");
        }
    }
    // Nothing was written anywhere: not the folder, not beside it, not above it.
    assert!(!out.exists(), "the output folder was created");
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("hostile-"))
        .collect();
    names.sort();
    assert_eq!(names, Vec::<String>::new());
    assert!(!dir.path().join("escaped.md").exists());
    assert!(!Path::new("/tmp/whys-escaped-absolute.md").exists());
}

#[test]
fn an_archive_template_overrides_the_built_in_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/record.md.tera"),
        "Incident {{ id }}: {{ title | md_text }}\n",
    )
    .unwrap();
    let md = ok_stdout(whys(
        dir.path(),
        &[
            "render",
            reference_yaml().to_str().unwrap(),
            "--format",
            "md",
        ],
    ));
    assert_eq!(
        md,
        format!("Incident {REFERENCE}: Payments silently dropped during the weekly database compaction\n")
    );

    std::fs::write(
        dir.path().join("templates/record.md.tera"),
        "ok\n{{ nowhere.to_be_found }}\n",
    )
    .unwrap();
    let out = whys(
        dir.path(),
        &[
            "render",
            reference_yaml().to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("templates/record.md.tera:2:"), "{err}");
    assert!(err.contains("nowhere.to_be_found"), "{err}");
}

/// An archive with the reference record, the injection record, a broken file and a record
/// whose id could climb out of the output folder.
fn sample_archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("postmortems/2025");
    std::fs::create_dir_all(&pm).unwrap();
    std::fs::copy(reference_yaml(), pm.join(format!("{REFERENCE}.yaml"))).unwrap();
    std::fs::copy(injection_yaml(), pm.join(format!("{INJECTION}.yaml"))).unwrap();
    std::fs::write(pm.join("broken.yaml"), "id: [unclosed\n").unwrap();
    let escaping = std::fs::read_to_string(reference_yaml()).unwrap().replace(
        &format!("id: {REFERENCE}"),
        "id: ../../escaped-from-the-site",
    );
    std::fs::write(pm.join("escaping.yaml"), escaping).unwrap();
    dir
}

fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(dir).unwrap().to_owned(), bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_site_is_deterministic_incremental_and_stays_in_its_folder() {
    let archive = sample_archive();
    let a = archive.path().join("site-a");
    let b = archive.path().join("site-b");
    let out = whys(archive.path(), &["site", "--out", a.to_str().unwrap()]);
    let stdout = ok_stdout(out);
    // 4 list and incident pages, the report, and a page per service (5) and per tag (5).
    assert!(stdout.contains("2 incidents, 15 pages written"), "{stdout}");
    ok_stdout(whys(
        archive.path(),
        &["site", "--out", b.to_str().unwrap()],
    ));
    let files_a = files_under(&a);
    assert_eq!(files_a, files_under(&b), "two builds give the same bytes");
    let (grouped, pages_a): (Vec<_>, Vec<_>) = files_a.into_iter().partition(|(p, _)| {
        ["search", "services", "tags"]
            .iter()
            .any(|dir| p.starts_with(dir))
    });
    let in_dir = |dir: &str| grouped.iter().filter(|(p, _)| p.starts_with(dir)).count();
    assert_eq!((in_dir("services"), in_dir("tags")), (5, 5));
    assert!(grouped
        .iter()
        .any(|(p, _)| p == Path::new("search/meta.js")));
    assert!(
        in_dir("search") > 10,
        "the search index is written: {grouped:?}"
    );
    let names: Vec<String> = pages_a
        .iter()
        .map(|(p, _)| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(
        names,
        [
            "actions.html",
            "incidents/2025-10-07-payments-pool-exhaustion.html",
            "incidents/2025-11-01-injection-attempts.html",
            "index.html",
            "report.html",
        ]
    );
    assert!(!archive.path().join("escaped-from-the-site.html").exists());

    let index = String::from_utf8(pages_a[3].1.clone()).unwrap();
    assert!(index.contains("broken.yaml"), "broken file listed: {index}");
    assert!(index.contains("escaping.yaml"), "bad id listed");
    assert!(index.contains("is not a slug"));

    // Nothing changed: nothing is written, and modification times stay.
    let before = std::fs::metadata(a.join("index.html"))
        .unwrap()
        .modified()
        .unwrap();
    let stdout = ok_stdout(whys(
        archive.path(),
        &["site", "--out", a.to_str().unwrap()],
    ));
    assert!(stdout.contains("0 pages written, 15 unchanged"), "{stdout}");
    let after = std::fs::metadata(a.join("index.html"))
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(before, after);

    // A record leaves the archive: its page goes, the index changes, the rest stays.
    std::fs::remove_file(
        archive
            .path()
            .join(format!("postmortems/2025/{INJECTION}.yaml")),
    )
    .unwrap();
    let stdout = ok_stdout(whys(
        archive.path(),
        &["site", "--out", a.to_str().unwrap()],
    ));
    // The index, the action items and the report change, and so does the other incident's
    // page (the injection record named it in `related:`, so it linked back); its services'
    // and tags' pages do not. The injection record's page goes, with the pages of the three
    // services and two tags only it had.
    assert!(
        stdout.contains("1 incident, 4 pages written, 5 unchanged, 6 removed"),
        "{stdout}"
    );
    assert!(!a.join(format!("incidents/{INJECTION}.html")).exists());
}

#[test]
fn today_marks_overdue_items_in_the_page_itself() {
    let archive = sample_archive();
    let out = archive.path().join("site");
    ok_stdout(whys(
        archive.path(),
        &[
            "site",
            "--out",
            out.to_str().unwrap(),
            "--today",
            "2025-11-10",
        ],
    ));
    let actions = std::fs::read_to_string(out.join("actions.html")).unwrap();
    assert!(actions.contains(r#"<body data-today="2025-11-10">"#));
    // Due 2025-11-07 (logging) and 2025-11-02 (injection) are past; 2025-11-14 and later are not.
    assert_eq!(
        actions.matches(r#"class="overdue""#).count(),
        2,
        "{actions}"
    );
    let out = whys(archive.path(), &["site", "--today", "2025-13-01"]);
    assert_eq!(out.status.code(), Some(2));
}

/// More record files than the site renders at once, with two ids given twice: the file that
/// comes first by path keeps the page, whichever chunk of files either falls in.
#[test]
fn a_repeated_id_keeps_the_first_file_by_path_across_a_big_archive() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(reference_yaml()).unwrap();
    let with_id = |id: &str| text.replace(&format!("id: {REFERENCE}"), &format!("id: {id}"));
    let copies = dir.path().join("postmortems/b");
    std::fs::create_dir_all(&copies).unwrap();
    for n in 0..300 {
        std::fs::write(
            copies.join(format!("{n:03}.yaml")),
            with_id(&format!("copy-{n:03}")),
        )
        .unwrap();
    }
    // Before every copy by path, so it takes `copy-299` from the last copy.
    let early = dir.path().join("postmortems/a");
    std::fs::create_dir_all(&early).unwrap();
    std::fs::write(
        early.join("early.yaml"),
        with_id("copy-299").replace(
            "title: Payments silently dropped",
            "title: Early copy, payments silently dropped",
        ),
    )
    .unwrap();
    // After every copy by path, so the first copy keeps `copy-000`.
    let late = dir.path().join("postmortems/z");
    std::fs::create_dir_all(&late).unwrap();
    std::fs::write(late.join("late.yaml"), with_id("copy-000")).unwrap();

    let out = dir.path().join("site");
    let run = whys(dir.path(), &["site", "--out", out.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    let stdout = ok_stdout(run);
    assert!(
        // 300 incidents, the report, one index page, two action-list pages (1,200 open
        // items), and the pages of the record's 2 services and 3 tags.
        stdout.contains("300 incidents, 309 pages written, 0 unchanged"),
        "{stdout}"
    );
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: postmortems/b/299.yaml not rendered: the id `copy-299` is already the id \
             of postmortems/a/early.yaml",
            "warning: postmortems/z/late.yaml not rendered: the id `copy-000` is already the id \
             of postmortems/b/000.yaml",
        ]
    );
    let page = std::fs::read_to_string(out.join("incidents/copy-299.html")).unwrap();
    assert!(
        page.contains("Early copy, payments"),
        "the early file's page"
    );
    let incidents = std::fs::read_dir(out.join("incidents")).unwrap().count();
    assert_eq!(incidents, 300);
}
