//! The blame-judgement benchmark, for `bench/judgement.sh`.
//!
//! `judgement [DIR]`   DIR defaults to `tests/data/judgement`.
//! `judgement --tune-folds N [--show F] [DIR]`   the tune half only, in N folds by incident,
//! with fold F's confusion list: cross-validation that never reads the held-out half.
//! `judgement --by-round [DIR]`   the figures of every collection round, both halves.
//! `judgement --train-model [DIR]`   trains the learned second opinion on the tune half and
//! writes `rules/blame-model.tsv` (see `model.rs`).
//! `judgement --model-by-round FROM [DIR]`   each tune round from FROM on, scored with a model
//! trained only on the rounds before it.
//! `judgement --verdicts [DIR]`   every sentence of both halves with the rules' verdict, as a
//! table for a model outside the crate to compare itself with (`bench/encoder-probe.sh`).
//! `judgement --encoder [DIR]`   the held-out half and each part of the written set by the
//! rules alone and with the learned reader (`lint.encoder`) beside them.
//! `judgement --encoder-written`   the written set's tuned parts with the rules' verdict and
//! the encoder's probability, for `bench/encoder-thresholds.py --written`.
//! `judgement --written`   the written set (`tests/data/written/`), part by part.
//! `judgement --merge ROUND_DIR [DIR]`   a new blind round's labeller files merged in as the
//! held-out half, the old held-out half moved to tune (see `merge.rs`).
//!
//! Prints precision, recall and F1 of the wording check and of a grep of its phrases, overall,
//! per field, per family and per kind of source on both halves of the set, and the tune
//! half's confusion list (see `report.rs`).

#[path = "merge.rs"]
mod merge;
#[path = "model.rs"]
mod model;
#[path = "report.rs"]
mod report;
#[path = "set.rs"]
mod set;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut dir = PathBuf::from("tests/data/judgement");
    let mut folds: Option<u64> = None;
    let mut show: Option<u64> = None;
    let mut by_round = false;
    let mut merge_from: Option<PathBuf> = None;
    let mut train_model = false;
    let mut model_from: Option<u64> = None;
    let mut written = false;
    let mut verdicts = false;
    let mut encoder = false;
    let mut encoder_written = false;
    while let Some(arg) = args.next() {
        let number = |value: Option<String>| value.and_then(|v| v.parse::<u64>().ok());
        match arg.as_str() {
            "--tune-folds" => match number(args.next()) {
                Some(n) if n > 0 => folds = Some(n),
                _ => return usage("--tune-folds needs a positive number"),
            },
            "--show" => match number(args.next()) {
                Some(n) => show = Some(n),
                None => return usage("--show needs a fold number"),
            },
            "--by-round" => by_round = true,
            "--train-model" => train_model = true,
            "--written" => written = true,
            "--verdicts" => verdicts = true,
            "--encoder" => encoder = true,
            "--encoder-written" => encoder_written = true,
            "--model-by-round" => match number(args.next()) {
                Some(n) if (2..=u64::from(u8::MAX)).contains(&n) => model_from = Some(n),
                _ => return usage("--model-by-round needs the first round to score (2 or more)"),
            },
            "--merge" => match args.next() {
                Some(round_dir) => merge_from = Some(PathBuf::from(round_dir)),
                None => return usage("--merge needs the new round's folder"),
            },
            _ => dir = PathBuf::from(arg),
        }
    }
    let exclusive = [
        merge_from.is_some(),
        folds.is_some(),
        by_round,
        train_model,
        model_from.is_some(),
        written,
        verdicts,
        encoder,
        encoder_written,
    ];
    if exclusive.iter().filter(|&&set| set).count() > 1 {
        return usage(
            "--tune-folds, --by-round, --merge, --train-model, --model-by-round, --written, --verdicts, --encoder and --encoder-written go alone",
        );
    }
    if train_model {
        return finish(train_shipped_model(&dir));
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if written {
        return finish(report::run_written(
            &manifest.join("tests/data/written"),
            &manifest.join("rules/first-names.txt"),
        ));
    }
    if verdicts {
        return finish(report::verdicts(&dir));
    }
    if encoder_written {
        return finish(report::written_probabilities(
            &manifest.join("tests/data/written"),
            &manifest.join("rules/first-names.txt"),
        ));
    }
    if encoder {
        return finish(report::run_encoder(
            &dir,
            Some((
                &manifest.join("tests/data/written"),
                &manifest.join("rules/first-names.txt"),
            )),
        ));
    }
    if let Some(from) = model_from {
        return finish(report::run_model_by_round(&dir, from as u8));
    }
    let result = match (merge_from, folds) {
        (Some(round_dir), _) => {
            let names = manifest.join("rules/first-names.txt");
            merge::merge(&dir, &round_dir, &names).map(|merged| format!("{merged}\n"))
        }
        (None, Some(n)) => report::run_folds(&dir, n, show),
        (None, None) if by_round => report::run_by_round(&dir),
        (None, None) => report::run(&dir),
    };
    finish(result)
}

/// Trains the shipped model on the tune half of the set in `dir`.
fn train_shipped_model(dir: &std::path::Path) -> Result<String, String> {
    let rules = whys::wording::RuleSet::builtin().map_err(|e| e.to_string())?;
    let tune = set::read_sentences(&dir.join("tune.tsv"))?;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules/blame-model.tsv");
    model::write_shipped(&rules, &tune, &path)
}

fn finish(result: Result<String, String>) -> ExitCode {
    match result {
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

fn usage(problem: &str) -> ExitCode {
    eprintln!("judgement: {problem}\nusage: judgement [--tune-folds N [--show F] | --by-round | --merge ROUND_DIR | --train-model | --model-by-round FROM | --written] [DIR]");
    ExitCode::FAILURE
}
