//! The library's one error type. Only `main` turns it into an exit code.

use std::path::PathBuf;

use crate::record::LoadFailure;

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
        source: crate::record::edit::ListEditError,
    },
    /// A record whys built itself did not turn into valid YAML: a bug, reported, never written.
    #[error("could not write record `{id}` as YAML: {message}")]
    Serialize { id: String, message: String },
}

impl Error {
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
