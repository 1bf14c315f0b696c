//! Findings written out: one trait, four forms.
//!
//! - `human`: rustc-style, with the YAML line and a caret under the value;
//! - `json`: one JSON object per finding per line (JSON Lines), fields documented in the README;
//! - `github`: GitHub Actions workflow commands, so findings annotate the pull request;
//! - `sarif`: SARIF 2.1.0, for code-scanning tools.

mod github;
mod human;
mod json;
mod sarif;

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::check::CheckRun;
use crate::diagnostic::FileReport;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

/// Something that writes a check run, file by file.
pub trait Report {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, run: &CheckRun) -> io::Result<()>;
}

/// Writes a whole run in `format`. `color` only matters to the human form.
pub fn write_run(
    run: &CheckRun,
    format: Format,
    color: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut report: Box<dyn Report> = match format {
        Format::Human => Box::new(human::Human::new(color)),
        Format::Json => Box::new(json::JsonLines),
        Format::Github => Box::new(github::Github),
        Format::Sarif => Box::new(sarif::Sarif::default()),
    };
    for file in &run.files {
        report.file(out, file)?;
    }
    report.finish(out, run)
}

/// A path as the user would write it: relative to the current folder when inside it.
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
