//! rustc-style findings: the rule, the place, the YAML line with a caret, the help.

use std::io::{self, Write};

use super::{display_path, text, Output, Report};
use crate::check::CheckRun;
use crate::diagnostic::{FileReport, Finding, Severity};

pub struct Human {
    color: bool,
}

impl Human {
    pub fn new(color: bool) -> Human {
        Human { color }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn level(&self, severity: Severity) -> String {
        match severity {
            Severity::Error => self.paint("1;31", "error"),
            Severity::Warning => self.paint("1;33", "warning"),
            Severity::Note => self.paint("1;36", "note"),
        }
    }

    fn finding(&self, out: &mut dyn Write, file: &FileReport, f: &Finding) -> io::Result<()> {
        let path = display_path(&file.path);
        writeln!(
            out,
            "{}[{}]: {}",
            self.level(f.severity),
            f.rule,
            self.paint("1", &f.message)
        )?;
        let Some(span) = f.span else {
            writeln!(out, "  --> {}", path.display())?;
            return self.notes(out, f, 0);
        };
        let line_no = span.start.line;
        let gutter = line_no.to_string().len();
        let pad = " ".repeat(gutter);
        writeln!(
            out,
            "{pad}{} {}:{}:{}",
            self.paint("1;34", "-->"),
            path.display(),
            line_no,
            span.start.column
        )?;
        let line = file
            .source
            .as_deref()
            .and_then(|s| s.lines().nth(line_no.saturating_sub(1)));
        if let Some(line) = line {
            let bar = self.paint("1;34", "|");
            writeln!(out, "{pad} {bar}")?;
            let all: Vec<char> = line.trim_end().chars().collect();
            let start = span.start.column.saturating_sub(1).min(all.len());
            let width =
                if span.end.line == span.start.line && span.end.column > span.start.column {
                    span.end.column - span.start.column
                } else {
                    all[start..]
                        .iter()
                        .take_while(|c| !c.is_whitespace())
                        .count()
                }
                .max(1);
            // A minified or generated line can be megabytes long: show a window around the
            // value, marked with an ellipsis, rather than flood the terminal.
            let (from, to) = line_window(all.len(), start, width);
            let shown: String = all[from..to].iter().collect();
            let (lead, tail) = (
                if from > 0 { "…" } else { "" },
                if to < all.len() { "…" } else { "" },
            );
            writeln!(
                out,
                "{} {bar} {lead}{shown}{tail}",
                self.paint("1;34", &line_no.to_string())
            )?;
            let width = width.min(to.saturating_sub(start)).max(1);
            let indent: String = std::iter::repeat_n(' ', lead.chars().count())
                .chain(
                    all[from..start]
                        .iter()
                        .map(|c| if *c == '\t' { '\t' } else { ' ' }),
                )
                .collect();
            let caret_code = if f.severity == Severity::Error {
                "1;31"
            } else {
                "1;33"
            };
            writeln!(
                out,
                "{pad} {bar} {indent}{}",
                self.paint(caret_code, &"^".repeat(width))
            )?;
        }
        self.notes(out, f, gutter)
    }

    fn notes(&self, out: &mut dyn Write, f: &Finding, gutter: usize) -> io::Result<()> {
        let pad = " ".repeat(gutter);
        if let Some(field) = &f.field {
            writeln!(out, "{pad} {} field: {field}", self.paint("1;34", "="))?;
        }
        if let Some(s) = &f.suggestion {
            writeln!(out, "{pad} {} help: {s}", self.paint("1;34", "="))?;
        }
        writeln!(out)
    }
}

/// The part of a line of `len` characters worth showing for a value at `start`: the whole
/// line when it is short, else about 120 characters around the value.
fn line_window(len: usize, start: usize, width: usize) -> (usize, usize) {
    const MAX: usize = 160;
    if len <= MAX {
        return (0, len);
    }
    let from = start.saturating_sub(40);
    let to = (start + width.min(80) + 40).min(len);
    (from, to)
}

impl Report for Human {
    fn file(&mut self, out: &mut dyn Write, file: &FileReport) -> io::Result<()> {
        for f in &file.findings {
            self.finding(out, file, f)?;
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, run: &CheckRun) -> io::Result<()> {
        let files = run.files.len();
        let (e, w, n) = (
            run.count(Severity::Error),
            run.count(Severity::Warning),
            run.count(Severity::Note),
        );
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let head = format!("checked {}", plural(files, "file"));
        if e + w + n == 0 {
            writeln!(out, "{head}: no findings")
        } else {
            writeln!(
                out,
                "{head}: {}, {}, {}",
                plural(e, "error"),
                plural(w, "warning"),
                plural(n, "note")
            )
        }
    }

    fn value(&mut self, out: &mut dyn Write, value: &Output<'_>) -> io::Result<()> {
        text::write(out, value)
    }
}
