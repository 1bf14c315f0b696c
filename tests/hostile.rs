//! Hostile and broken input, through the real binary.
//!
//! Every file here must be rejected the same way: exit code 1 (a finding, not 2 "the command
//! failed", not a signal), stdout naming the file with a line and column and the rule id,
//! and no panic on stderr. Each run has a 10-second hang guard: this is not a speed test,
//! only a guard against a parser that loops or expands without end.
//!
//! Files are written into a temporary directory at test time; the 50 MB one is never
//! committed.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const HANG_GUARD: Duration = Duration::from_secs(10);

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

/// Runs `whys --color never check FILE` in `dir`, killing it after [`HANG_GUARD`].
/// Output goes to files, not pipes, so a large report can never block the child.
fn check(dir: &Path, file: &str) -> Run {
    let out_path = dir.join(".stdout");
    let err_path = dir.join(".stderr");
    let mut child = common::whys_command(dir, &["check", file])
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG_GUARD {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`whys check {file}` still running after {HANG_GUARD:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    Run {
        status: status
            .code()
            .unwrap_or_else(|| panic!("`whys check {file}` ended by a signal: {status}")),
        stdout: read(&out_path),
        stderr: read(&err_path),
    }
}

/// Writes `content` as `name` in a fresh directory, checks it, and asserts the rejection:
/// exit 1, `rule` reported at `name:line:column`, no panic.
fn rejects(name: &str, content: &[u8], rule: &str, line: usize, column: usize) -> Run {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(name), content).unwrap();
    let run = check(tmp.path(), name);
    assert!(
        !run.stderr.contains("panicked"),
        "{name}: panicked:\n{}",
        run.stderr
    );
    assert_eq!(
        run.status, 1,
        "{name}: exit {}\nstdout:\n{}\nstderr:\n{}",
        run.status, run.stdout, run.stderr
    );
    let heading = format!("error[{rule}]: ");
    let place = format!(" --> {name}:{line}:{column}\n");
    let found = run
        .stdout
        .lines()
        .zip(run.stdout.lines().skip(1))
        .any(|(a, b)| a.starts_with(&heading) && format!("{b}\n").ends_with(&place));
    assert!(
        found,
        "{name}: no `{heading}...` at `{}`; stdout:\n{}",
        place.trim(),
        clip(&run.stdout)
    );
    run
}

/// The start of a long report, for an assertion message.
fn clip(text: &str) -> String {
    text.chars().take(3000).collect()
}

/// A valid draft record (id `2025-09-30-payments-dropped`) with `extra` lines appended.
fn record(extra: &str) -> String {
    format!(
        "id: 2025-09-30-payments-dropped\n\
         title: Payments dropped during compaction\n\
         status: draft\n\
         severity: SEV3\n\
         impact_kind: degraded\n\
         summary: Payments were accepted but never written to the ledger.\n\
         {extra}"
    )
}

const TIMES: &str = "times:\n  started: 2025-09-30T02:00:00Z\n  detected: 2025-09-30T02:30:00Z\n";

/// Nine levels of nine aliases: 9^9 (387 million) strings if anything expanded them.
fn bomb_lines(keys: [&str; 9]) -> String {
    let mut text = format!("{}: &a [{}]\n", keys[0], ["lol"; 9].join(", "));
    for (i, key) in keys.iter().enumerate().skip(1) {
        let anchor = (b'a' + i as u8) as char;
        let alias = format!("*{}", (b'a' + i as u8 - 1) as char);
        text += &format!("{key}: &{anchor} [{}]\n", vec![alias; 9].join(", "));
    }
    text
}

#[test]
fn the_valid_base_record_passes() {
    // The cases below break this record one way each; it must be clean on its own.
    let tmp = tempfile::tempdir().unwrap();
    let name = "2025-09-30-payments-dropped.yaml";
    std::fs::write(tmp.path().join(name), record(TIMES)).unwrap();
    let run = check(tmp.path(), name);
    assert_eq!(
        (run.status, run.stdout.as_str()),
        (0, "checked 1 file: no findings\n")
    );
}

#[test]
fn empty_file() {
    rejects("empty.yaml", b"", "record/empty", 1, 1);
}

#[test]
fn only_whitespace_and_comments() {
    rejects(
        "blank.yaml",
        b"\n   \n# nothing yet\n",
        "record/empty",
        1,
        1,
    );
}

#[test]
fn not_yaml() {
    let notes = "# Incident notes\n\nPayments dropped at 02:00: the pool: it ran dry.\n";
    rejects("notes.yaml", notes.as_bytes(), "yaml/syntax", 3, 36);
}

#[test]
fn a_list_instead_of_a_mapping() {
    let list = "- id: 2025-09-30-payments-dropped\n- title: Payments dropped\n";
    rejects("list.yaml", list.as_bytes(), "record/type", 1, 1);
}

#[test]
fn a_plain_text_instead_of_a_mapping() {
    rejects(
        "text.yaml",
        b"payments dropped again\n",
        "record/type",
        1,
        1,
    );
}

#[test]
fn a_50_mb_file_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let name = "huge.yaml";
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(tmp.path().join(name)).unwrap());
        f.write_all(record(TIMES).as_bytes()).unwrap();
        f.write_all(b"contributing_factors:\n").unwrap();
        let line = format!("  - {}\n", "x".repeat(1020));
        for _ in 0..(50 * 1024) {
            f.write_all(line.as_bytes()).unwrap();
        }
    }
    assert!(std::fs::metadata(tmp.path().join(name)).unwrap().len() > 50 * 1024 * 1024);
    // Refused by size before anything is read or parsed: memory stays bounded by design.
    let run = check(tmp.path(), name);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("error[file/too-large]: the file is 5"),
        "{}",
        clip(&run.stdout)
    );
    assert!(
        run.stdout.contains(&format!(" --> {name}:1:1\n")),
        "{}",
        clip(&run.stdout)
    );
}

#[test]
fn ten_thousand_nested_lists() {
    let deep = format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    rejects("deep.yaml", deep.as_bytes(), "yaml/limits", 1, 256);
}

#[test]
fn ten_thousand_nested_mappings_inside_a_field() {
    let deep = record(&format!(
        "{TIMES}tags: {}x{}\n",
        "{a: ".repeat(10_000),
        "}".repeat(10_000)
    ));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("deep.yaml"), &deep).unwrap();
    let run = check(tmp.path(), "deep.yaml");
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        run.stdout.starts_with("error[yaml/limits]: "),
        "{}",
        clip(&run.stdout)
    );
    assert!(
        run.stdout.contains(" --> deep.yaml:10:"),
        "{}",
        clip(&run.stdout)
    );
}

#[test]
fn billion_laughs() {
    let bomb = bomb_lines(["a", "b", "c", "d", "e", "f", "g", "h", "i"]);
    // No alias is expanded: the first key is simply not a field of the record.
    rejects("bomb.yaml", bomb.as_bytes(), "record/unknown-field", 1, 1);
}

#[test]
fn billion_laughs_with_the_alias_inside_a_valid_field() {
    let bomb = bomb_lines([
        "x-a", "x-b", "x-c", "x-d", "x-e", "x-f", "x-g", "x-h", "x-i",
    ]);
    let text = record(&format!("{TIMES}{bomb}tags: *i\n"));
    rejects("bomb.yaml", text.as_bytes(), "record/unknown-field", 10, 1);
}

#[test]
fn billion_laughs_built_from_valid_fields() {
    // The anchors sit in list fields of the record itself; the first alias of a list where
    // a text belongs is a type error, reported at the alias.
    let mut text = record(TIMES);
    text += &format!("contributing_factors: &a [{}]\n", ["lol"; 9].join(", "));
    for (key, anchor, alias) in [
        ("tags", "b", "a"),
        ("authors", "c", "b"),
        ("services", "d", "c"),
    ] {
        text += &format!(
            "{key}: &{anchor} [{}]\n",
            vec![format!("*{alias}"); 9].join(", ")
        );
    }
    text += "related: *d\n";
    rejects("bomb.yaml", text.as_bytes(), "record/type", 11, 11);
}

#[test]
fn invalid_utf8() {
    let mut bytes = record(TIMES).into_bytes();
    // "caf\xE9" on the summary line: Latin-1, not UTF-8.
    let at = bytes.windows(8).position(|w| w == b"accepted").unwrap();
    bytes.splice(at..at, b"caf\xe9 ".iter().copied());
    rejects("latin1.yaml", &bytes, "file/encoding", 6, 27);
}

#[test]
fn a_date_like_2025_13_45() {
    let text =
        record("times:\n  started: 2025-13-45T02:00:00Z\n  detected: 2025-09-30T02:30:00Z\n");
    let run = rejects("date.yaml", text.as_bytes(), "times/format", 8, 12);
    assert!(run
        .stdout
        .contains("`2025-13-45T02:00:00Z` is not an RFC 3339 time"));
}

#[test]
fn a_due_date_like_2025_13_45() {
    let text = record(&format!(
        "{TIMES}action_items:\n  - title: Fix the pool\n    horizon: short\n    owner: payments-team\n    due: 2025-13-45\n"
    ));
    rejects("due.yaml", text.as_bytes(), "times/format", 14, 10);
}

#[test]
fn a_time_without_offset() {
    let text = record("times:\n  started: 2025-09-30T02:00:00\n  detected: 2025-09-30T02:30:00Z\n");
    let run = rejects("local.yaml", text.as_bytes(), "times/no-offset", 8, 12);
    assert!(
        run.stdout.contains("write `2025-09-30T02:00:00Z` for UTC"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("= field: times.started\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_duplicate_key() {
    let text = record(&format!("{TIMES}severity: SEV1\n"));
    let run = rejects("dup.yaml", text.as_bytes(), "yaml/duplicate-key", 10, 1);
    assert!(
        run.stdout.contains("`severity` is given twice"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_scalar_where_a_mapping_belongs() {
    let text = record("times: 2025-09-30T02:00:00Z\n");
    let run = rejects("scalar.yaml", text.as_bytes(), "record/type", 7, 8);
    assert!(
        run.stdout
            .contains("`times` should be a mapping of fields, found a text"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_mapping_where_a_text_belongs() {
    let text = record(&format!("{TIMES}tags:\n  database: true\n"));
    rejects("mapping.yaml", text.as_bytes(), "record/type", 11, 3);
}

#[test]
fn a_nul_byte() {
    let text = record(TIMES).replace("Payments dropped", "Payments\0dropped");
    rejects("nul.yaml", text.as_bytes(), "yaml/syntax", 2, 16);
}

#[test]
fn a_1_mb_single_line() {
    // One line of a megabyte, broken at its very end.
    let text = record(TIMES).replace(
        "summary: Payments were accepted but never written to the ledger.",
        &format!("summary: {}: oops", "x".repeat(1 << 20)),
    );
    rejects(
        "long.yaml",
        text.as_bytes(),
        "yaml/syntax",
        6,
        "summary: ".len() + (1 << 20) + 1,
    );
}

#[test]
fn two_documents_in_one_file() {
    let text = format!("{}---\n{}", record(TIMES), record(TIMES));
    let run = rejects("two.yaml", text.as_bytes(), "record/type", 10, 1);
    assert!(
        run.stdout.contains("a second YAML document starts here"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_field_of_200_000_characters() {
    // Far below the file limit, far above `limits.max_field_chars` (100,000 by default): an
    // error at the field, and the wording rules never scan it.
    // 7,000 x 29 characters; YAML drops the trailing space of a plain scalar.
    let long = "the pool was exhausted again ".repeat(7_000);
    let text = record(&format!("{TIMES}lessons: {long}\n"));
    let run = rejects(
        "2025-09-30-payments-dropped.yaml",
        text.as_bytes(),
        "record/field-too-long",
        10,
        10,
    );
    assert!(
        run.stdout
            .contains("`lessons` is 202999 characters long; the limit is 100000"),
        "{}",
        clip(&run.stdout)
    );
}
