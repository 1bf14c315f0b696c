//! The `whys` command: parses the command line and hands over to the library. Only here do
//! errors become exit codes: 0 clean, 1 findings (or overdue items) that fail the run,
//! 2 the command itself could not do its work.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(outcome) => outcome.exit_code(),
        Err(err) => {
            let shown = err.to_string();
            eprintln!("error: {shown}");
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                // Most messages already end with their cause; say it once.
                let cause_text = cause.to_string();
                if !shown.contains(&cause_text) {
                    eprintln!("  caused by: {cause_text}");
                }
                source = cause.source();
            }
            ExitCode::from(2)
        }
    }
}
