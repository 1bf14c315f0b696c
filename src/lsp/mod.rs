//! What `whys lsp` knows about a record being edited: its diagnostics (every rule of `whys
//! check`, on the unsaved text, plus `related` against the archive), the quick fixes for
//! them, completions and hovers. Pure functions from text to `lsp-types` values; the
//! binary's `whys lsp` owns the connection and the main loop.

mod actions;
mod complete;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use lsp_types::{Diagnostic, DiagnosticSeverity, NumberOrString, Position, Range};

pub use actions::code_actions;
pub use complete::completions;

use crate::check::{check_bytes, roster, wording_rules_for};
use crate::diagnostic::{Finding, Severity};
use crate::record::locate::SourceMap;
use crate::settings::Archive;
use crate::wording::RuleSet;

/// The archive a document belongs to, read once: settings, wording rules, the people and
/// owners it knows, and its record ids.
pub struct Workspace {
    pub archive: Archive,
    wording: RuleSet,
    roster: Vec<String>,
    /// Ids of the archive's records (their file names).
    pub ids: BTreeSet<String>,
    /// Owners of action items anywhere in the archive, and the roster's names.
    pub owners: BTreeSet<String>,
}

impl Workspace {
    /// The archive around `dir` (walking up to its `whys.yaml`), or defaults outside one.
    pub fn open(dir: &Path) -> crate::Result<Workspace> {
        let archive = Archive::discover(dir)?;
        let wording = wording_rules_for(&archive)?;
        let authors = crate::archive::commit_authors(&archive.root);
        let roster = roster(&archive.settings, &authors);
        let mut ws = Workspace {
            archive,
            wording,
            roster,
            ids: BTreeSet::new(),
            owners: BTreeSet::new(),
        };
        ws.rescan();
        Ok(ws)
    }

    /// Reads the archive's ids and owners again (after a record was saved).
    pub fn rescan(&mut self) {
        let files =
            crate::common::collect_files(&[self.archive.postmortems_dir()]).unwrap_or_default();
        self.ids = files
            .iter()
            .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
            .collect();
        self.owners = self.archive.settings.people.iter().cloned().collect();
        for file in files.iter().take(5_000) {
            let Ok(text) = std::fs::read_to_string(file) else {
                continue;
            };
            for line in text.lines() {
                if let Some(owner) = line.trim_start().strip_prefix("owner:") {
                    let owner = owner.trim().trim_matches(['"', '\'']);
                    if !owner.is_empty() {
                        self.owners.insert(owner.to_owned());
                    }
                }
            }
        }
    }

    /// Every finding `whys check` would report for `text` as the file `path`, with the
    /// archive's `related` rule; placed.
    pub fn findings(&self, path: &Path, text: &str) -> Vec<Finding> {
        let report = check_bytes(
            path,
            text.as_bytes().to_vec(),
            &self.archive.settings,
            &self.wording,
            &self.roster,
        );
        let mut findings = report.findings;
        findings.extend(self.related_findings(path, text));
        findings
    }

    /// `related` ids that are no record of the archive.
    fn related_findings(&self, path: &Path, text: &str) -> Vec<Finding> {
        let Ok(map) = SourceMap::new(text) else {
            return Vec::new();
        };
        let own = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let mut out = Vec::new();
        for j in 0.. {
            let field = format!("related[{j}]");
            let Some(located) = map.locate(&field).filter(|l| l.exact) else {
                break;
            };
            let Some(id) = slice(text, located.value) else {
                break;
            };
            let id = id.trim().trim_matches(['"', '\'']);
            if !self.ids.contains(id) && id != own {
                let mut f = Finding::new(
                    "record/related",
                    Severity::Error,
                    Some(&field),
                    format!("`{id}` is not the id of a record in the archive"),
                );
                if let Some(m) =
                    crate::record::schema::did_you_mean(id, self.ids.iter().map(String::as_str))
                {
                    f = f.suggest(format!("did you mean `{m}`?"));
                }
                f.span = Some(located.value);
                out.push(f);
            }
        }
        out
    }

    /// The findings as LSP diagnostics.
    pub fn diagnostics(&self, path: &Path, text: &str) -> Vec<Diagnostic> {
        self.findings(path, text)
            .iter()
            .map(|f| to_diagnostic(f, text))
            .collect()
    }
}

/// The text a span covers (single-line spans only; enough for ids).
fn slice(text: &str, span: crate::diagnostic::Span) -> Option<&str> {
    let line = text.lines().nth(span.start.line.checked_sub(1)?)?;
    let start = char_to_byte(line, span.start.column.saturating_sub(1));
    let end = if span.end.line == span.start.line {
        char_to_byte(line, span.end.column.saturating_sub(1))
    } else {
        line.len()
    };
    line.get(start..end.max(start))
}

fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map(|(i, _)| i)
        .unwrap_or(line.len())
}

/// A 1-based line and character column as an LSP position (0-based, UTF-16 units).
pub fn lsp_position(text: &str, pos: crate::diagnostic::Position) -> Position {
    let line_index = pos.line.saturating_sub(1);
    let line = text.lines().nth(line_index).unwrap_or("");
    let character: usize = line
        .chars()
        .take(pos.column.saturating_sub(1))
        .map(char::len_utf16)
        .sum();
    Position::new(line_index as u32, character as u32)
}

/// An LSP position as the byte offset in `text` (clamped to the text).
pub fn byte_offset(text: &str, pos: Position) -> usize {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i == pos.line as usize {
            let mut units = 0u32;
            for (b, c) in line.char_indices() {
                if units >= pos.character || c == '\n' {
                    return offset + b;
                }
                units += c.len_utf16() as u32;
            }
            return offset + line.trim_end_matches('\n').len();
        }
        offset += line.len();
    }
    text.len()
}

fn to_diagnostic(f: &Finding, text: &str) -> Diagnostic {
    let range = match f.span {
        Some(span) => {
            let start = lsp_position(text, span.start);
            let mut end = lsp_position(text, span.end);
            if end <= start {
                end = Position::new(start.line, start.character + 1);
            }
            Range::new(start, end)
        }
        None => Range::new(Position::new(0, 0), Position::new(0, 1)),
    };
    let severity = match f.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Note => DiagnosticSeverity::INFORMATION,
        #[allow(unreachable_patterns)]
        _ => DiagnosticSeverity::HINT,
    };
    let mut message = f.message.clone();
    if let Some(s) = &f.suggestion {
        message.push_str("\nhelp: ");
        message.push_str(s);
    }
    Diagnostic {
        range,
        severity: Some(severity),
        code: Some(NumberOrString::String(f.rule.clone())),
        source: Some("whys".into()),
        message,
        data: f.field.clone().map(serde_json::Value::String),
        ..Diagnostic::default()
    }
}

/// The explanation of a rule for a hover: its summary and why it exists, from the check
/// catalogue or the wording rules.
pub fn explain(ws: &Workspace, rule: &str) -> Option<String> {
    if let Some(info) = crate::check::catalogue::find(rule) {
        return Some(format!(
            "**{}**: {}\n\n{}",
            info.id, info.summary, info.rationale
        ));
    }
    ws.wording.rules().find(|r| r.id == rule).map(|r| {
        let mut text = format!("**{}**: {}", r.id, r.why);
        if let Some(rewrite) = &r.rewrite {
            text.push_str(&format!("\n\nInstead: {rewrite}"));
        }
        text
    })
}

/// The file a `file://` URI names.
pub fn uri_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_through_utf16() {
        let text = "a: é😀x\nb: y\n";
        let p = lsp_position(text, crate::diagnostic::Position { line: 1, column: 6 });
        assert_eq!(p, Position::new(0, 6));
        assert_eq!(&text[byte_offset(text, p)..byte_offset(text, p) + 1], "x");
        assert_eq!(byte_offset(text, Position::new(9, 9)), text.len());
        assert_eq!(
            uri_path("file:///tmp/a%20b.yaml"),
            Some(PathBuf::from("/tmp/a b.yaml"))
        );
    }
}
