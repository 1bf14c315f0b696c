//! The `whys` command: parses the command line and hands over to the library. Only here do
//! errors become exit codes: 0 clean, 1 findings (or overdue items) that fail the run,
//! 2 the command itself could not do its work.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(outcome) => outcome.exit_code(),
        // The reader stopped early (`whys export | head -1`): what it read is all it wanted.
        Err(whys::Error::Output(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(err) => {
            let message = err.to_string();
            eprintln!("error: {message}");
            // Walk the chain (Tera and git errors nest their real cause), skipping causes
            // the message already quotes.
            let mut source = std::error::Error::source(&err);
            while let Some(cause) = source {
                let text = cause.to_string();
                if !message.contains(&text) {
                    eprintln!("  caused by: {text}");
                }
                source = cause.source();
            }
            ExitCode::from(2)
        }
    }
}
