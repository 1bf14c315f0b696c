//! The library's one error type. Only `main` turns it into an exit code.

use std::path::PathBuf;

use crate::diagnostic::{LoadFailure, Position};

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
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
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
}
