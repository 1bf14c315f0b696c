//! The blame-judgement benchmark, for `bench/judgement.sh`.
//!
//! `judgement [DIR]`   DIR defaults to `tests/data/judgement`.
//!
//! Prints precision, recall and F1 of the wording check and of a grep of its phrases, overall,
//! per field and per family on both halves of the set, and the tune half's confusion list
//! (see `report.rs`).

#[path = "report.rs"]
mod report;
#[path = "set.rs"]
mod set;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "tests/data/judgement".into()),
    );
    match report::run(&dir) {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("judgement: {e}");
            ExitCode::FAILURE
        }
    }
}
