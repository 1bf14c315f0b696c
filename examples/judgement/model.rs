//! The learned second opinion of the wording check (`src/wording/second_opinion.rs`): what it
//! is trained on, training the shipped model, and scoring it round by round.
//! Shared by `examples/judgement` (what `bench/judgement.sh` runs) and `tests/judgement_set.rs`.

use std::path::Path;

use crate::set::Sentence;
use whys::wording::{train, RuleSet, Sample, Scope, Training};

/// How much one of the rules' `quiet:` examples weighs against one sentence of the set: they
/// are the guideline's must-stay-quiet cases (denials, generic subjects, systems as
/// subjects), few beside thousands of set sentences, and a second opinion that fires on them
/// is the one teams switch off.
pub const QUIET_WEIGHT: f64 = 5.0;

/// What the model learns from: the given sentences of the set, and every `quiet:` example of
/// the narrative and 5-Whys rules as a blameless sentence.
pub fn training_samples<'a>(rules: &'a RuleSet, sentences: &'a [Sentence]) -> Vec<Sample<'a>> {
    let mut samples: Vec<Sample<'a>> = sentences
        .iter()
        .map(|s| Sample {
            text: s.sentence.as_str(),
            blameful: s.blameful,
            weight: 1.0,
        })
        .collect();
    for spec in rules.rules() {
        if spec.scope == Scope::AllFields {
            continue;
        }
        samples.extend(spec.quiet.iter().map(|text| Sample {
            text: text.as_str(),
            blameful: false,
            weight: QUIET_WEIGHT,
        }));
    }
    samples
}

/// The model file's opening comment.
const ABOUT: &str = "\
The learned second opinion of the blame rules (src/wording/second_opinion.rs): a logistic
regression over TF-IDF words and word pairs, asked only about sentences where a rule's cue was
found and the rules' reading of the clause cleared it. Trained on the tune half of
tests/data/judgement and the rules' quiet: examples. Do not edit: regenerate it with
  bench/judgement.sh --train-model
after the set or the quiet: examples change (tests/judgement_set.rs checks the trained-on
digest).";

/// Trains the model on the tune half (`tune` are its sentences), writes its file to `path`
/// (`rules/blame-model.tsv` for the shipped one; whole or not at all) and says what was trained.
pub fn write_shipped(rules: &RuleSet, tune: &[Sentence], path: &Path) -> Result<String, String> {
    let model = train(&training_samples(rules, tune), Training::default());
    let file = model.to_file(ABOUT);
    let partial = path.with_extension("tsv.partial");
    std::fs::write(&partial, file).map_err(|e| format!("{}: {e}", partial.display()))?;
    std::fs::rename(&partial, path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(format!(
        "{}: {} terms, threshold {}, trained on {} ({} tune sentences and the quiet: examples)\n",
        path.display(),
        model.terms(),
        model.threshold(),
        model.trained_on(),
        tune.len()
    ))
}
