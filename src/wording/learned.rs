//! The learned reader: a fine-tuned sentence encoder's verdict on every sentence, beside the
//! rules (`lint.encoder` in `whys.yaml`; off unless set).
//!
//! The rules find a cue and read the clause around it; on fresh prose they miss about half
//! of what the labelling guideline (`docs/blameless.md`) calls blame. A small BERT
//! (all-MiniLM-L6-v2, fine-tuned on the tune half of the evaluation set;
//! `bench/encoder-probe.sh`, `bench/encoder-export.py`) reads each whole sentence instead. It
//! only adds: a sentence with no blame finding of the rules that it reads as blame
//! (probability at least [`FLAG`]) gets a finding of its own, `blame/learned`, a warning. It
//! never clears a rules' finding: letting it do so (below a veto threshold) helped on public
//! prose and cost a tenth of the recall on prose written like a team's own drafts
//! (`bench/RESULTS-judgement.md`).
//!
//! The weights (`rules/blame-encoder.bin`, int8, about 23 MB) are compiled in, so nothing is
//! downloaded; the forward pass is `crates/encoder`.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use whys_encoder::{Encoder, EncoderError};

use super::spec::Judgement;
use super::{Hit, Severity, LEARNED_RULE};

static WEIGHTS: &[u8] = include_bytes!("../../rules/blame-encoder.bin");

/// A sentence without a rules' finding that the encoder scores at least this is flagged.
///
/// Chosen with `bench/encoder-thresholds.py` as the best mean F1 over two kinds of prose the
/// shipped choice was not measured on: rounds 31 and 32 of the evaluation set, scored by the
/// same recipe fine-tuned on rounds 1 to 30 only, and parts 1 to 5 of the written set, which
/// the encoder had not seen then. Held-out rounds 33 to 36 and written parts 6 and 7 were
/// measured after. The shipped weights are the same recipe fine-tuned on rounds 1 to 35 and on written
/// parts 1 to 5, so a new choice of threshold needs a model trained without those parts.
pub const FLAG: f32 = 0.85;

/// What the 5-Whys answers were marked with when the model was trained: a `because` is read
/// by a different test than narrative prose (`docs/blameless.md`).
const WHY_PREFIX: &str = "why: ";

/// The built-in encoder, read once per process.
pub fn builtin() -> Result<&'static Encoder, EncoderError> {
    static ENCODER: OnceLock<Result<Encoder, EncoderError>> = OnceLock::new();
    ENCODER
        .get_or_init(|| Encoder::from_bytes(WEIGHTS))
        .as_ref()
        .map_err(Clone::clone)
}

/// How many sentences' probabilities are remembered before the memory is emptied.
const REMEMBERED: usize = 4096;

/// The encoder's probability that `sentence` is blame, read as a 5-Whys answer when
/// `why_step` is set. Remembered for the process: the language server checks a record again
/// at every edit, and the last `because` is read twice, so most sentences come back.
pub fn probability(encoder: &Encoder, sentence: &str, why_step: bool) -> f32 {
    type Memory = Mutex<HashMap<(usize, bool, String), f32>>;
    static MEMORY: OnceLock<Memory> = OnceLock::new();
    let memory = MEMORY.get_or_init(Memory::default);
    let key = (
        std::ptr::from_ref(encoder) as usize,
        why_step,
        sentence.to_string(),
    );
    if let Some(&known) = memory.lock().ok().as_ref().and_then(|m| m.get(&key)) {
        return known;
    }
    let probability = if why_step {
        encoder.probability(&format!("{WHY_PREFIX}{sentence}"))
    } else {
        encoder.probability(sentence)
    };
    if let Ok(mut memory) = memory.lock() {
        if memory.len() >= REMEMBERED {
            memory.clear();
        }
        memory.insert(key, probability);
    }
    probability
}

/// What the learned reader found in a sentence, for its finding's message.
pub(crate) struct Reading<'a> {
    /// Who the sentence makes its subject: a person the rules' words or a lone name show, or
    /// else a short noun phrase before its first verb ("the customer").
    pub actor: Option<&'a str>,
    /// The family of the rules' cue in the sentence that their reading cleared, or the agent
    /// family when no cue is there.
    pub family: Judgement,
    /// That cue's words.
    pub cue: Option<&'a str>,
    pub probability: f32,
}

/// The learned reader's finding on the sentence `text[from..to]`: the actor and the
/// judgement it reads there, and a rewrite made from the sentence.
/// Like the second opinion's, a learned finding is a warning; it never makes an error.
pub(crate) fn hit(
    text: &str,
    (from, to): (usize, usize),
    reading: Reading<'_>,
    rewrite: String,
) -> Hit {
    let sentence = text.get(from..to).unwrap_or_default();
    let start = from + (sentence.len() - sentence.trim_start().len());
    let end = from + sentence.trim_end().len();
    let quoted: String = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
    let who = match reading.actor {
        Some(name) => format!("actor {name}"),
        None => "no person named as its subject".to_string(),
    };
    let judgement = match reading.cue {
        Some(cue) => {
            let cue: String = cue.split_whitespace().collect::<Vec<_>>().join(" ");
            format!(
                "{} judgement (\"{cue}\", a cue the rules' reading of the clause cleared)",
                reading.family.as_str()
            )
        }
        None => format!(
            "{} judgement (no rule's cue is in it)",
            reading.family.as_str()
        ),
    };
    Hit {
        rule: LEARNED_RULE.to_string(),
        level: Severity::Warning,
        start,
        end: end.max(start),
        message: format!(
            "\"{quoted}\": the learned reader reads the sentence as blame (probability {:.2}), \
             {judgement}, {who}. A person is made the cause where the review should ask what \
             let the act through.",
            reading.probability
        ),
        rewrite: Some(rewrite),
    }
}
