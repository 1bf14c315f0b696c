//! GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::message`.

use std::io::{self, Write};

use super::{portable_path, unsupported, Output, Report};
use crate::check::CheckRun;
use crate::diagnostic::{FileReport, Severity};

pub struct Github;

/// Workflow commands end at a newline and split properties at commas and colons.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

impl Report for Github {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        let path = escape_property(&portable_path(&file.path));
        for f in &file.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "notice",
            };
            let place = f
                .span
                .map(|s| format!(",line={},col={}", s.start.line, s.start.column))
                .unwrap_or_default();
            let mut message = f.message.clone();
            if let Some(s) = &f.suggestion {
                message.push_str("\nhelp: ");
                message.push_str(s);
            }
            writeln!(
                out,
                "::{command} file={path}{place},title={}::{}",
                escape_property(&format!("whys {}", f.rule)),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn finish(&mut self, _: &mut dyn Write, _: &CheckRun) -> io::Result<()> {
        Ok(())
    }

    fn value(&mut self, _: &mut dyn Write, _: &Output<'_>) -> io::Result<()> {
        Err(unsupported("github"))
    }
}
