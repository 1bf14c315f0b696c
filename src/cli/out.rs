//! Where every command's output goes, and the one `--format` argument type.
//!
//! Output goes through one locked, buffered stdout. A reader that stops early (`| head -1`)
//! closes the pipe; the next write fails with `BrokenPipe`, and `main` ends quietly then:
//! no panic, no message, no error status.

use std::fmt::Display;
use std::io::{BufWriter, StdoutLock, Write};

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

/// Every output form a command can have, named the same in every command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// For people at a terminal (alias: `text`).
    Human,
    Json,
    Md,
    Html,
    Csv,
    Jsonl,
    Github,
    Sarif,
}

impl Format {
    const ALL: [Format; 8] = [
        Format::Human,
        Format::Json,
        Format::Md,
        Format::Html,
        Format::Csv,
        Format::Jsonl,
        Format::Github,
        Format::Sarif,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Md => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Github => "github",
            Format::Sarif => "sarif",
        }
    }

    /// The library's renderer for the forms of [`whys::output`].
    pub fn output(self) -> Option<whys::output::Format> {
        match self {
            Format::Human => Some(whys::output::Format::Human),
            Format::Json => Some(whys::output::Format::Json),
            Format::Github => Some(whys::output::Format::Github),
            Format::Sarif => Some(whys::output::Format::Sarif),
            _ => None,
        }
    }
}

/// The value parser of a command's `--format`: only the forms it has. `text`, the old name of
/// `human`, is kept as a hidden alias so that scripts written for it keep working.
pub fn forms(allowed: &'static [Format]) -> impl TypedValueParser<Value = Format> {
    let values = allowed.iter().map(|f| {
        let value = PossibleValue::new(f.as_str());
        if *f == Format::Human {
            value.alias("text")
        } else {
            value
        }
    });
    PossibleValuesParser::new(values).map(|name: String| {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == name || (name == "text" && *f == Format::Human))
            .unwrap_or(Format::Human)
    })
}

/// The locked, buffered stdout every command writes to.
pub struct Out(BufWriter<StdoutLock<'static>>);

impl Out {
    pub fn new() -> Out {
        Out(BufWriter::new(std::io::stdout().lock()))
    }

    /// The writer, for renderers that write themselves.
    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.0
    }

    pub fn text(&mut self, text: &str) -> whys::Result<()> {
        self.0
            .write_all(text.as_bytes())
            .map_err(whys::Error::Output)
    }

    pub fn line(&mut self, line: impl Display) -> whys::Result<()> {
        writeln!(self.0, "{line}").map_err(whys::Error::Output)
    }

    pub fn json(&mut self, value: &impl serde::Serialize) -> whys::Result<()> {
        serde_json::to_writer_pretty(&mut self.0, value).map_err(|e| match e.io_error_kind() {
            Some(_) => whys::Error::Output(e.into()),
            None => whys::Error::Json(e),
        })?;
        self.line("")
    }

    /// A command's value through the library's renderer of `format`.
    pub fn value(&mut self, value: &whys::output::Output<'_>, format: Format) -> whys::Result<()> {
        let form = format.output().unwrap_or(whys::output::Format::Human);
        whys::output::write_value(value, form, &mut self.0).map_err(whys::Error::Output)
    }

    /// Writes what is buffered; every command ends with it.
    pub fn finish(mut self) -> whys::Result<()> {
        self.0.flush().map_err(whys::Error::Output)
    }
}

/// The library's writers report failures as `io::Error`; on stdout they are output failures.
pub trait OrOutput<T> {
    fn or_output(self) -> whys::Result<T>;
}

impl<T> OrOutput<T> for std::io::Result<T> {
    fn or_output(self) -> whys::Result<T> {
        self.map_err(whys::Error::Output)
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}
