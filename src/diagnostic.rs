//! Findings: what `whys check` (and every loader) has to say about a file.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "note" | "info" => Some(Severity::Note),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing wrong (or worth a look) in one file. (Serde: for `whys check`'s cache; the
/// output forms in [`crate::output`] write their own shapes.)
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    /// Stable rule id, e.g. `times/order`.
    pub rule: String,
    pub severity: Severity,
    /// Field path like `whys[2].because`; `None` for the file as a whole.
    pub field: Option<String>,
    pub message: String,
    pub suggestion: Option<String>,
    /// Where it stands; filled in once the file is located.
    pub span: Option<Span>,
    /// For findings inside a text: the byte range within the field's text, so the
    /// report can point at the words rather than at the start of the field.
    pub text_range: Option<(usize, usize)>,
}

impl Finding {
    pub fn new(
        rule: &str,
        severity: Severity,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: rule.to_owned(),
            severity,
            field: field.map(str::to_owned),
            message: message.into(),
            suggestion: None,
            span: None,
            text_range: None,
        }
    }

    pub fn at(mut self, span: Span) -> Finding {
        self.span = Some(span);
        self
    }

    pub fn suggest(mut self, suggestion: impl Into<String>) -> Finding {
        self.suggestion = Some(suggestion.into());
        self
    }
}

/// Everything said about one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: PathBuf,
    /// The file's text, when it could be read: the human report quotes its lines.
    pub source: Option<String>,
    pub record_id: Option<String>,
    pub findings: Vec<Finding>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub start: Position,
    pub end: Position,
}

impl Span {
    pub fn at(start: Position) -> Span {
        Span { start, end: start }
    }
}

/// A file that did not give a record, and why: at least one finding, each placed.
#[derive(Debug, Clone)]
pub struct LoadFailure {
    pub path: PathBuf,
    pub source: Option<String>,
    pub findings: Vec<Finding>,
}

impl LoadFailure {
    pub(crate) fn single(path: &Path, source: Option<String>, finding: Finding) -> LoadFailure {
        LoadFailure {
            path: path.to_owned(),
            source,
            findings: vec![finding],
        }
    }

    /// `file:line:col: message` of the first finding, and how many more there are.
    pub fn summary(&self) -> String {
        let first = self.findings.first();
        let place = first
            .and_then(|f| f.span)
            .map(|s| format!(":{}:{}", s.start.line, s.start.column))
            .unwrap_or_default();
        let message = first.map(|f| f.message.as_str()).unwrap_or("not a record");
        let more = match self.findings.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        format!("{}{place}: {message}{more}", self.path.display())
    }
}
