//! The library's error types, and the one [`Error`] that wraps each of them with its source.
//! Only `main` turns an error into an exit code, printing its cause chain.
//!
//! The error types of the evidence readers and of record edits live here rather than beside
//! their code, so that this module stays below every stage in the module graph.

use std::path::PathBuf;

use crate::diagnostic::{LoadFailure, Position};
use crate::wording::{LexiconError, WordingError};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Settings {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}", .0.summary())]
    Record(Box<LoadFailure>),
    #[error("{} already exists; whys never overwrites a file", .0.display())]
    AlreadyExists(PathBuf),
    #[error("{0}")]
    Usage(String),
    /// A command that reads the archive found no record files where it looked: an empty
    /// result would hide that it read nothing (say, records imported elsewhere).
    #[error("no records found under {}", .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    NoRecords(Vec<PathBuf>),
    #[error("git ({}): {message}", path.display())]
    Git { path: PathBuf, message: String },
    /// The record(s) did not pass `whys check`; the run says why.
    #[error("{0}")]
    Refused(String),
    /// A template failed to compile or render: `file:line: message`, the line when known.
    #[error("{}{}: {message}", file, line.map(|l| format!(":{l}")).unwrap_or_default())]
    Template {
        file: String,
        line: Option<usize>,
        message: String,
    },
    /// Writing the command's output (stdout) failed. A closed pipe is not this: the CLI ends
    /// quietly then.
    #[error("writing output: {0}")]
    Output(#[source] std::io::Error),
    /// Writing to standard error failed: a question of the dialogue, or a note beside the
    /// output.
    #[error("writing to standard error: {0}")]
    Stderr(#[source] std::io::Error),
    /// Reading standard input failed.
    #[error("reading standard input: {0}")]
    Stdin(#[source] std::io::Error),
    /// A trace export that could not be read.
    #[error("{}: {source}", path.display())]
    Trace {
        path: PathBuf,
        #[source]
        source: TraceError,
    },
    /// Log files that could not be read (the error names the file).
    #[error(transparent)]
    Log(#[from] LogError),
    /// The built-in wording rules, or an archive's own (`lint.rules` in `path`), are not valid.
    #[error("{}: lint.rules: {source}", path.display())]
    Wording {
        path: PathBuf,
        #[source]
        source: WordingError,
    },
    /// `lint.words` in the settings file `path` names a list the judgement does not read, or
    /// a word that is not one.
    #[error("{}: lint.words: {source}", path.display())]
    WordingWords {
        path: PathBuf,
        #[source]
        source: LexiconError,
    },
    /// An entry of `lint.rules` in the settings file `path` is not a wording rule.
    #[error("{}: lint.rules[{index}]: {source}", path.display())]
    WordingRule {
        path: PathBuf,
        index: usize,
        #[source]
        source: yaml_serde::Error,
    },
    /// An archive's own wording rule that does not keep to its own `fire:`/`quiet:` examples.
    #[error("{}: lint.rules: a rule does not keep to its own examples: {}", path.display(), failures.join("; "))]
    WordingExamples {
        path: PathBuf,
        failures: Vec<String>,
    },
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An input file that is not what the command reads (e.g. not Statuspage JSON).
    #[error("{}: {message}", path.display())]
    Input { path: PathBuf, message: String },
    /// Entries could not be added to a list of a record file; the file is unchanged.
    #[error("{}: {source}", path.display())]
    Edit {
        path: PathBuf,
        #[source]
        source: ListEditError,
    },
    /// The issue tracker refused, failed or could not be reached (`whys actions sync`).
    #[error("{0}")]
    Tracker(#[from] TrackerError),
    /// A record whys built itself did not turn into valid YAML: a bug, reported, never written.
    #[error("could not write record `{id}` as YAML: {message}")]
    Serialize { id: String, message: String },
}

impl Error {
    /// A failed git operation on the repository at `path`.
    pub fn git(path: &std::path::Path, e: git2::Error) -> Error {
        Error::Git {
            path: path.to_owned(),
            message: e.message().to_owned(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why entries could not be added to a list in a file.
#[derive(Debug, thiserror::Error)]
pub enum ListEditError {
    #[error("`{field}` is a flow list (`[...]`) with entries; write it as a block list (one `- ` line per entry) so entries can be added")]
    FlowList { field: String },
    #[error("`{field}` is {found}, not a list")]
    NotAList { field: String, found: &'static str },
    #[error("`{field}` lies in a field the file does not have; add that field first")]
    MissingParent { field: String },
    #[error("the file is not valid YAML at {position}: {message}")]
    Syntax { position: Position, message: String },
    #[error("the edited text would not hold the new entries in `{field}` (a bug in whys); nothing was written")]
    Unverified { field: String },
    #[error(
        "`{field}` is not a one-line value or is the first field of a `- ` line; edit it by hand"
    )]
    NotOneLine { field: String },
    #[error("`{field}` is a flow mapping (`{{...}}`); write it as a block mapping (one `key: value` line per field) so fields can be set")]
    FlowMapping { field: String },
}

/// Why an export could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TraceError {
    #[error("cannot read the trace export: {0}")]
    Io(#[from] std::io::Error),
    /// Invalid JSON, or JSON not shaped like the detected format. `path` is like
    /// `data[0].spans[3].startTime` (indexes from 0); empty when the document itself is bad.
    #[error("{}{message} (line {line}, column {column})", path_prefix(.path))]
    Json {
        path: String,
        message: String,
        line: usize,
        column: usize,
    },
    /// Well-formed JSON with a value that cannot be a trace's (a time past the year 2262).
    #[error("{path}: {message}")]
    Value { path: String, message: String },
    #[error(
        "not a trace export: expected a JSON object with `data` or `spans` (Jaeger JSON) or \
         `resourceSpans`, `batches` or `result` (OTLP JSON)"
    )]
    UnknownFormat,
    #[error("the export holds no spans")]
    NoSpans,
    #[error("the export holds {} traces ({}); choose one", .trace_ids.len(), .trace_ids.join(", "))]
    SeveralTraces { trace_ids: Vec<String> },
}

fn path_prefix(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("{path}: ")
    }
}

/// Errors that stop reading. Bad log lines never do; they are counted in [`ReadStats`].
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("cannot open log file {file}: {source}")]
    Open {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read log {file} after line {line}: {source}")]
    Read {
        file: String,
        line: u64,
        #[source]
        source: std::io::Error,
    },
    #[error("empty {what} to follow: give the id of one request")]
    EmptySelector { what: &'static str },
}

/// Why a sync could not go on. Messages never hold a credential.
#[derive(Debug, thiserror::Error)]
pub enum TrackerError {
    #[error("{0}")]
    Setup(String),
    #[error("{url}: no answer ({message}); nothing after this was done: run the sync again (tickets already created are found by their marker, never created twice)")]
    Transport { url: String, message: String },
    #[error("{url}: the tracker's rate limit asks to wait {wait_seconds} s, longer than whys waits; run the sync again later")]
    RateLimited { url: String, wait_seconds: u64 },
    #[error("{doing}: HTTP {status}{}: {hint}", if message.is_empty() { String::new() } else { format!(" ({message})") })]
    Http {
        doing: String,
        status: u16,
        message: String,
        hint: String,
    },
    #[error("{doing}: the tracker's answer is not what its API describes: {message}")]
    Answer { doing: String, message: String },
}
