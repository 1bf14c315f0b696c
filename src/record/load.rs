//! Reading a record file: fast when it is good, precise when it is not.
//!
//! Most records in an archive are fine, so the first attempt is a typed parse with
//! `yaml_serde` (libyaml), which is fast but keeps no positions. Only when that fails is the
//! file read again with positions, walked against the schema, and every problem placed at
//! its line and column.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::locate::{Position, SourceMap, Span};
use super::schema::structural_findings;
use super::time::NO_OFFSET_MARK;
use super::Record;
pub use crate::diagnostic::LoadFailure;
use crate::diagnostic::{Finding, Severity};
use crate::settings::Limits;

/// A record read whole, with its file text (kept to place findings later).
#[derive(Debug, Clone)]
pub struct LoadedRecord {
    pub path: PathBuf,
    pub source: String,
    pub record: Record,
}

/// Reads and parses one record file.
pub fn load_record(path: &Path, limits: &Limits) -> Result<LoadedRecord, LoadFailure> {
    let bytes = read_record_bytes(path, limits)?;
    record_from_bytes(path, bytes, limits)
}

/// A record file's bytes, refused unread when it is larger than `limits.max_file_bytes`.
pub fn read_record_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>, LoadFailure> {
    let start = Span::at(Position { line: 1, column: 1 });
    let file = std::fs::File::open(path).map_err(|e| read_failure(path, &e, start))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    if size > limits.max_file_bytes {
        return Err(too_large(path, size, limits));
    }
    // Read at most one byte past the limit, in case the file grows while we read it.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| read_failure(path, &e, start))?;
    Ok(bytes)
}

/// A record from a file's bytes, as [`load_record`] reads it once the file is read: the size
/// limit, then UTF-8, then the parse. `path` only names the file in findings.
pub fn record_from_bytes(
    path: &Path,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<LoadedRecord, LoadFailure> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(too_large(path, bytes.len() as u64, limits));
    }
    let source = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let text = String::from_utf8_lossy(valid);
            let line = text.matches('\n').count() + 1;
            let column = text
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0)
                + 1;
            let at = Span::at(Position { line, column });
            return Err(LoadFailure::single(
                path,
                None,
                Finding::new(
                    "file/encoding",
                    Severity::Error,
                    None,
                    format!(
                        "the file is not valid UTF-8 (byte {} is the first bad one)",
                        valid.len()
                    ),
                )
                .suggest("save the file as UTF-8")
                .at(at),
            ));
        }
    };
    parse_record(path, source)
}

fn read_failure(path: &Path, e: &std::io::Error, at: Span) -> LoadFailure {
    LoadFailure::single(
        path,
        None,
        Finding::new(
            "file/read",
            Severity::Error,
            None,
            format!("cannot read the file: {e}"),
        )
        .at(at),
    )
}

fn too_large(path: &Path, size: u64, limits: &Limits) -> LoadFailure {
    LoadFailure::single(
        path,
        None,
        Finding::new(
            "file/too-large",
            Severity::Error,
            None,
            format!(
                "the file is {size} bytes; the limit for a record is {} bytes",
                limits.max_file_bytes
            ),
        )
        .suggest("raise `limits.max_file_bytes` in whys.yaml if this really is one post-mortem")
        .at(Span::at(Position { line: 1, column: 1 })),
    )
}

/// Parses a record from its text; `path` names it in findings.
pub fn parse_record(path: &Path, mut source: String) -> Result<LoadedRecord, LoadFailure> {
    // A UTF-8 byte-order mark (some Windows editors write one) is not part of the YAML:
    // yaml_serde misreads a mark directly before a key and reports a field as missing.
    if source.starts_with('\u{feff}') {
        source.drain(..'\u{feff}'.len_utf8());
    }
    match yaml_serde::from_str::<Record>(&source) {
        Ok(mut record) => Ok(LoadedRecord {
            record: {
                record.signal_series = super::series::load_record_series(path, &record);
                record
            },
            path: path.to_owned(),
            source,
        }),
        Err(fast_error) => {
            let mut findings = diagnose(&source, &fast_error);
            fit_offset_hints(&mut findings, &source);
            Err(LoadFailure {
                path: path.to_owned(),
                source: Some(source),
                findings,
            })
        }
    }
}

/// A time without an offset is most likely in the offset the record's other times are
/// written in: the hint proposes that one instead of a generic example.
fn fit_offset_hints(findings: &mut [Finding], source: &str) {
    if !findings.iter().any(|f| f.rule == "times/no-offset") {
        return;
    }
    let offset = super::lenient::prevailing_offset(source);
    if offset == "Z" {
        return;
    }
    for f in findings.iter_mut().filter(|f| f.rule == "times/no-offset") {
        f.message = f.message.replace(
            "+02:00`",
            &format!("{offset}`, the offset of the record's other times"),
        );
    }
}

/// Every problem that kept `source` from being a record, placed.
fn diagnose(source: &str, fast_error: &yaml_serde::Error) -> Vec<Finding> {
    let map = match SourceMap::new(source) {
        Ok(map) => map,
        Err(syntax) => {
            let rule = if syntax.message.contains("recursion limit")
                || syntax.message.contains("nesting deeper")
            {
                "yaml/limits"
            } else {
                "yaml/syntax"
            };
            let finding = match super::syntax_hint::syntax_hint(source, syntax.position) {
                Some((at, hint)) if rule == "yaml/syntax" => Finding::new(
                    rule,
                    Severity::Error,
                    None,
                    format!(
                        "the record is not valid YAML from here on (the parser says: {})",
                        syntax.message
                    ),
                )
                .suggest(hint)
                .at(Span::at(at)),
                _ => Finding::new(
                    rule,
                    Severity::Error,
                    None,
                    format!("YAML: {}", syntax.message),
                )
                .at(Span::at(syntax.position)),
            };
            return vec![finding];
        }
    };
    let Some(root) = map.root() else {
        return vec![Finding::new(
            "record/empty",
            Severity::Error,
            None,
            "the file holds no YAML document",
        )
        .suggest("start from `whys new --title ...`")
        .at(Span::at(Position { line: 1, column: 1 }))];
    };
    let fast_message = fast_error.to_string();
    let mut findings: Vec<Finding> = Vec::new();
    if fast_message.contains("repetition limit") || fast_message.contains("recursion limit") {
        // An alias bomb or deep nesting: say so first, whatever else is wrong.
        let at = fast_error
            .location()
            .map(|l| Position {
                line: l.line(),
                column: l.column(),
            })
            .unwrap_or(Position { line: 1, column: 1 });
        findings.push(
            Finding::new(
                "yaml/limits",
                Severity::Error,
                None,
                "aliases expand beyond the parser's limit (or nest too deep)",
            )
            .suggest("write the values out; a record needs no aliases")
            .at(Span::at(at)),
        );
    }
    findings.extend(map.duplicate_keys().into_iter().map(|(path, span)| {
        Finding::new(
            "yaml/duplicate-key",
            Severity::Error,
            Some(&path),
            format!("`{path}` is given twice; the second would silently replace the first"),
        )
        .suggest("keep one of them")
        .at(span)
    }));
    findings.extend(structural_findings(root));
    if findings.is_empty() {
        if let Some(at) = super::locate::second_document(source) {
            // yaml_serde says only "more than one document", with no place.
            findings.push(
                Finding::new(
                    "record/type",
                    Severity::Error,
                    None,
                    "a second YAML document starts here; a record file holds one record",
                )
                .suggest("move the second record into its own file")
                .at(Span::at(at)),
            );
            return findings;
        }
        findings.push(typed_error(source, &map, fast_error));
    }
    findings
}

/// The typed parser's own error, placed at the value its path names.
fn typed_error(source: &str, map: &SourceMap, fast_error: &yaml_serde::Error) -> Finding {
    let de = yaml_serde::Deserializer::from_str(source);
    let (path, message) = match serde_path_to_error::deserialize::<_, Record>(de) {
        Err(e) => (e.path().to_string(), e.inner().to_string()),
        Ok(_) => (String::new(), fast_error.to_string()),
    };
    let path = if path == "." { String::new() } else { path };
    let span = map
        .locate(&path)
        .filter(|_| !path.is_empty())
        .map(|l| l.value)
        .or_else(|| {
            fast_error.location().map(|l| {
                Span::at(Position {
                    line: l.line(),
                    column: l.column(),
                })
            })
        });
    let rule = if message.contains(NO_OFFSET_MARK) {
        "times/no-offset"
    } else if message.contains("RFC 3339") || message.contains("YYYY-MM-DD") {
        "times/format"
    } else if message.contains("alias")
        || message.contains("recursion limit")
        || message.contains("repetition limit")
    {
        "yaml/limits"
    } else {
        "record/type"
    };
    // yaml_serde appends " at line L column C"; the finding carries its own place.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    let field = (!path.is_empty()).then_some(path.as_str());
    let mut f = Finding::new(rule, Severity::Error, field, message);
    f.span = span;
    f
}

/// Every record under `paths`, read on all cores: the ones that loaded, and the ones that
/// did not (never dropped silently: reports list them). What reports, action reviews and
/// exports never read is dropped as soon as each file is parsed (the file's text and the
/// record's prose, see [`Record::drop_prose`]), so memory grows by about 2 KB a record.
pub fn load_all(paths: &[PathBuf], limits: &Limits) -> (Vec<Record>, Vec<LoadFailure>) {
    use rayon::prelude::*;
    let results: Vec<Result<Record, LoadFailure>> = paths
        .par_iter()
        .map(|p| {
            load_record(p, limits)
                .map(|loaded| {
                    let mut record = loaded.record;
                    record.drop_prose();
                    record
                })
                .map_err(|mut failure| {
                    failure.source = None;
                    failure
                })
        })
        .collect();
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(l) => ok.push(l),
            Err(f) => failed.push(f),
        }
    }
    (ok, failed)
}
