//! What the commands found, written out: one [`Report`] trait, one renderer per form. The
//! commands compute a value in the library ([`CheckRun`] or an [`Output`]); the renderer of
//! the chosen form writes it. Nothing else in the library formats a command's output.
//!
//! - `human`: rustc-style findings, with the YAML line and a caret under the value; plain
//!   text for the other commands' values;
//! - `json`: for findings, one JSON object per finding per line (JSON Lines), fields
//!   documented in the README; for the other values, the value as one JSON document;
//! - `github`: GitHub Actions workflow commands, so findings annotate the pull request;
//! - `sarif`: SARIF 2.1.0, for code-scanning tools.
//!
//! (The MTTx report, the action review and the export have Markdown, HTML and CSV forms of
//! their own, through the templates and [`crate::report`].)

mod github;
mod human;
mod json;
mod sarif;
mod text;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

use crate::archive::history::Revision;
use crate::check::CheckRun;
use crate::diagnostic::FileReport;
use crate::evidence::changes::RepoChange;
use crate::evidence::compare::Comparison;
use crate::evidence::logs::ReadStats;
use crate::evidence::trace::TraceSummary;
use crate::record::edit::TimelineAddition;
use crate::record::Timestamp;
use crate::related::RelatedReport;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

/// Something that writes a check run, file by file.
/// A command's value, other than `whys check`'s findings, for a renderer to write.
pub enum Output<'a> {
    /// `whys history ID`: the record's revisions, newest first.
    History {
        id: &'a str,
        revisions: &'a [Revision],
    },
    /// `whys changes`: what changed in a service repository in a window.
    Changes {
        repo: &'a Path,
        since: Timestamp,
        until: Timestamp,
        changes: &'a [RepoChange],
    },
    /// `whys related ID`.
    Related(&'a RelatedReport),
    /// `whys trace-summary FILE`.
    TraceSummary(&'a TraceSummary),
    /// `whys compare`.
    Comparison(&'a Comparison),
    /// `whys timeline --into RECORD`: what adding the entries to the record did.
    TimelineAdded {
        record: &'a Path,
        addition: &'a TimelineAddition,
    },
    /// `whys timeline --from-logs`: how many entries came from how much reading.
    LogsRead {
        entries: usize,
        stats: &'a ReadStats,
    },
}

/// The JSON form of a value: the data alone (for `history` and `changes`, the list).
impl Serialize for Output<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Output::History { revisions, .. } => revisions.serialize(serializer),
            Output::Changes { changes, .. } => changes.serialize(serializer),
            Output::Related(report) => report.serialize(serializer),
            Output::TraceSummary(summary) => summary.serialize(serializer),
            Output::Comparison(comparison) => comparison.serialize(serializer),
            Output::TimelineAdded { addition, .. } => addition.serialize(serializer),
            Output::LogsRead { stats, .. } => stats.serialize(serializer),
        }
    }
}

/// One renderer per form ([`Format`]).
pub trait Report {
    /// `whys check`: one file's findings, written as soon as the file is done.
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()>;
    /// `whys check`: after the last file (a summary, or the whole document).
    fn finish(&mut self, out: &mut dyn Write, run: &CheckRun) -> io::Result<()>;
    /// Any other command's value.
    fn value(&mut self, out: &mut dyn Write, value: &Output<'_>) -> io::Result<()>;
}

/// The renderer of `format`.
pub fn reporter(format: Format, color: bool) -> Box<dyn Report> {
    match format {
        Format::Human => Box::new(human::Human::new(color)),
        Format::Json => Box::new(json::JsonLines),
        Format::Github => Box::new(github::Github),
        Format::Sarif => Box::new(sarif::Sarif::default()),
    }
}

/// Writes `whys check`'s findings in `format`.
pub fn write_run(
    run: &CheckRun,
    format: Format,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut report = reporter(format, color);
    for file in &run.files {
        report.file(out, file)?;
    }
    report.finish(out, run)
}

/// Writes a command's value in `format`.
pub fn write_value(value: &Output<'_>, format: Format, out: &mut dyn Write) -> io::Result<()> {
    reporter(format, false).value(out, value)
}

/// What a renderer answers for a value its form does not have (the command line offers only
/// the forms a command has, so this is a bug).
fn unsupported(form: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::Unsupported,
        format!("the {form} form is only for `whys check`"),
    )
}

pub fn display_path(path: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir() else {
        return path.to_owned();
    };
    path.strip_prefix(&cwd)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_owned())
}

/// Forward slashes, for formats read on every platform.
pub fn portable_path(path: &Path) -> String {
    display_path(path).to_string_lossy().replace('\\', "/")
}
