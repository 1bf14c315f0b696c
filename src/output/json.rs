//! One JSON object per finding, one per line.

use std::io::{self, Write};

use serde::Serialize;

use super::{portable_path, Output, Report};
use crate::check::CheckRun;
use crate::diagnostic::{FileReport, Severity};

pub struct JsonLines;

/// The documented shape of a finding in `--format json`.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub rule: &'a str,
    pub severity: Severity,
    pub field: Option<&'a str>,
    pub message: &'a str,
    pub suggestion: Option<&'a str>,
}

impl Report for JsonLines {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        let path = portable_path(&file.path);
        for f in &file.findings {
            let row = JsonFinding {
                file: path.clone(),
                line: f.span.map(|s| s.start.line),
                column: f.span.map(|s| s.start.column),
                end_line: f.span.map(|s| s.end.line),
                end_column: f.span.map(|s| s.end.column),
                rule: &f.rule,
                severity: f.severity,
                field: f.field.as_deref(),
                message: &f.message,
                suggestion: f.suggestion.as_deref(),
            };
            serde_json::to_writer(&mut *out, &row)?;
            writeln!(out)?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &CheckRun) -> io::Result<()> {
        Ok(())
    }

    fn value(&mut self, out: &mut dyn Write, value: &Output<'_>) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, value)?;
        writeln!(out)
    }
}
