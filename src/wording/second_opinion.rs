//! A learned second opinion on the sentences the judgement clears.
//!
//! The rules find a cue ("wrong", "should have", "failed to") and then read the clause to
//! decide whether a person is judged. On fresh prose that reading clears a good share of the
//! sentences the labelling guideline calls blameful (see `bench/RESULTS-judgement.md`). A
//! logistic regression over the sentence's words and word pairs, trained on the labelled
//! evaluation set, is asked about those sentences only: a sentence with no cue is never
//! flagged by it, and a sentence the judgement flags is never cleared by it.
//!
//! The model is data (`rules/blame-model.tsv`, compiled in), trained by
//! `bench/judgement.sh --train-model` on the tune half of the set and the rules' own `quiet:`
//! examples. Nothing is downloaded; the features are the ones of a plain TF-IDF text
//! classifier (Manning, Raghavan and Schütze, *Introduction to Information Retrieval*,
//! chapters 6 and 13): lower-cased words of two or more letters and pairs of adjacent words,
//! counts damped by a logarithm, weighted by inverse document frequency, the vector scaled to
//! unit length.

use std::collections::{BTreeMap, HashMap};

const BUILTIN_MODEL: &str = include_str!("../../rules/blame-model.tsv");

/// Everything that can be wrong with a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("model file line {line}: {problem}")]
    Line { line: usize, problem: String },
    #[error("model file: {0}")]
    Missing(&'static str),
}

/// The trained model: a weight and an inverse document frequency per term.
#[derive(Debug, Clone, PartialEq)]
pub struct SecondOpinion {
    intercept: f64,
    /// A sentence is flagged when its score is at least this.
    threshold: f64,
    /// What the model was trained on: a digest of the training sentences and labels, so a
    /// test can tell when the set has changed and the model has not.
    trained_on: String,
    terms: HashMap<String, Term>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Term {
    idf: f64,
    weight: f64,
}

/// One labelled training sentence.
#[derive(Debug, Clone)]
pub struct Sample<'a> {
    pub text: &'a str,
    pub blameful: bool,
    /// How much the sentence counts, before class balancing.
    pub weight: f64,
}

/// How a model is trained.
#[derive(Debug, Clone, Copy)]
pub struct Training {
    /// A term is kept only when it is in at least this many sentences.
    pub min_sentences: usize,
    /// The inverse of the L2 penalty, as in scikit-learn's `C`.
    pub inverse_penalty: f64,
    /// Only this many terms, the heaviest, are kept (a smaller file; the score barely moves).
    pub keep_terms: usize,
    pub threshold: f64,
}

impl Default for Training {
    /// The settings chosen by training on the rounds before each of rounds 10 to 19 and
    /// scoring it (`bench/judgement.sh --model-by-round 10`): thresholds 0.8, 0.85 and 0.9 gave
    /// the same F1 (0.70, against the rules' 0.69), trading precision for recall; 0.85 is the
    /// middle.
    fn default() -> Self {
        Training {
            min_sentences: 3,
            inverse_penalty: 4.0,
            keep_terms: 5000,
            threshold: 0.85,
        }
    }
}

/// The words of a sentence for the model: lower-cased runs of letters, digits and `_`, two
/// characters or more.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().nth(1).is_some())
        .map(str::to_lowercase)
        .collect()
}

/// Each term of a sentence (words and adjacent pairs) with its count.
fn term_counts(text: &str) -> BTreeMap<String, u32> {
    let words = words(text);
    let mut counts = BTreeMap::new();
    for (k, word) in words.iter().enumerate() {
        *counts.entry(word.clone()).or_insert(0) += 1;
        if let Some(next) = words.get(k + 1) {
            *counts.entry(format!("{word} {next}")).or_insert(0) += 1;
        }
    }
    counts
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl SecondOpinion {
    /// The model that ships with whys, trained on the tune half of the evaluation set.
    pub fn builtin() -> Result<SecondOpinion, ModelError> {
        SecondOpinion::parse(BUILTIN_MODEL)
    }

    /// The probability the model gives that `sentence` is blameful.
    pub fn score(&self, sentence: &str) -> f64 {
        let mut weighted = Vec::new();
        for (term, count) in term_counts(sentence) {
            if let Some(t) = self.terms.get(&term) {
                weighted.push(((1.0 + f64::from(count).ln()) * t.idf, t.weight));
            }
        }
        // Unit length over the model's own terms, as in training (others have no column).
        let norm = weighted.iter().map(|(x, _)| x * x).sum::<f64>().sqrt();
        let dot = if norm > 0.0 {
            weighted.iter().map(|(x, w)| x / norm * w).sum::<f64>()
        } else {
            0.0
        };
        sigmoid(self.intercept + dot)
    }

    /// The score, when it reaches the threshold.
    pub fn flags(&self, sentence: &str) -> Option<f64> {
        let score = self.score(sentence);
        (score >= self.threshold).then_some(score)
    }

    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    pub fn trained_on(&self) -> &str {
        &self.trained_on
    }

    pub fn terms(&self) -> usize {
        self.terms.len()
    }

    /// Reads a model file: `#` comment lines, then `intercept`, `threshold` and `trained-on`
    /// lines (key, tab, value), then the header `term<TAB>idf<TAB>weight` and one row per term.
    pub fn parse(text: &str) -> Result<SecondOpinion, ModelError> {
        let mut intercept = None;
        let mut threshold = None;
        let mut trained_on = None;
        let mut terms = HashMap::new();
        let mut in_terms = false;
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            let bad = |problem: String| ModelError::Line {
                line: line_no,
                problem,
            };
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let number = |field: &str, what: &str| -> Result<f64, ModelError> {
                // A trained weight is a few units; bounding them keeps every sum finite.
                field
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && v.abs() <= 1e6)
                    .ok_or_else(|| bad(format!("{what} {field:?} is not a number within ±1e6")))
            };
            if in_terms {
                let [name, idf, weight] = fields[..] else {
                    return Err(bad(format!(
                        "expected 3 tab-separated fields (term, idf, weight), found {}",
                        fields.len()
                    )));
                };
                let term = Term {
                    idf: number(idf, "idf")?,
                    weight: number(weight, "weight")?,
                };
                if terms.insert(name.to_string(), term).is_some() {
                    return Err(bad(format!("the term {name:?} is listed twice")));
                }
                continue;
            }
            match fields[..] {
                ["intercept", value] => intercept = Some(number(value, "intercept")?),
                ["threshold", value] => {
                    let value = number(value, "threshold")?;
                    if !(0.0..=1.0).contains(&value) {
                        return Err(bad(format!("threshold {value} is not between 0 and 1")));
                    }
                    threshold = Some(value);
                }
                ["trained-on", value] => trained_on = Some(value.to_string()),
                ["term", "idf", "weight"] => in_terms = true,
                _ => {
                    return Err(bad(format!(
                        "expected intercept, threshold, trained-on or the header \
                         term<TAB>idf<TAB>weight, found {line:?}"
                    )))
                }
            }
        }
        if !in_terms {
            return Err(ModelError::Missing("the header term<TAB>idf<TAB>weight"));
        }
        Ok(SecondOpinion {
            intercept: intercept.ok_or(ModelError::Missing("the intercept line"))?,
            threshold: threshold.ok_or(ModelError::Missing("the threshold line"))?,
            trained_on: trained_on.ok_or(ModelError::Missing("the trained-on line"))?,
            terms,
        })
    }

    /// The model file, terms sorted, numbers rounded to what the score needs: the same model
    /// writes the same bytes.
    pub fn to_file(&self, comment: &str) -> String {
        let mut out = String::new();
        for line in comment.lines() {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&format!("intercept\t{:.6}\n", self.intercept));
        out.push_str(&format!("threshold\t{}\n", self.threshold));
        out.push_str(&format!("trained-on\t{}\n", self.trained_on));
        out.push_str("term\tidf\tweight\n");
        let mut terms: Vec<(&String, &Term)> = self.terms.iter().collect();
        terms.sort_by(|a, b| a.0.cmp(b.0));
        for (term, t) in terms {
            out.push_str(&format!("{term}\t{:.4}\t{:.6}\n", t.idf, t.weight));
        }
        out
    }
}

/// A digest of the training sentences, their labels and weights: which data a model was
/// trained on.
pub fn digest(samples: &[Sample<'_>]) -> String {
    let mut bytes = Vec::new();
    for sample in samples {
        bytes.extend_from_slice(sample.text.as_bytes());
        bytes.extend_from_slice(if sample.blameful { b"\t1\t" } else { b"\t0\t" });
        bytes.extend_from_slice(format!("{}\n", sample.weight).as_bytes());
    }
    format!(
        "{:016x}-{}",
        crate::stable_hash::fnv1a(&bytes),
        samples.len()
    )
}

/// Trains the model: a logistic regression with an L2 penalty and classes balanced (each class
/// weighs as much in all as the other), fitted by L-BFGS. It is fitted once on every term seen
/// often enough, then again on the heaviest `keep_terms` of them alone, so the model that is
/// written (and scores sentences over its own terms) is the one that was fitted.
/// Deterministic: the same samples give the same model.
pub fn train(samples: &[Sample<'_>], settings: Training) -> SecondOpinion {
    let counts: Vec<BTreeMap<String, u32>> = samples.iter().map(|s| term_counts(s.text)).collect();
    let mut in_sentences: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &counts {
        for term in c.keys() {
            *in_sentences.entry(term.as_str()).or_insert(0) += 1;
        }
    }
    let n = samples.len() as f64;
    // Smoothed inverse document frequency, rounded as the file keeps it.
    let vocabulary: Vec<(&str, f64)> = in_sentences
        .iter()
        .filter(|(_, &df)| df >= settings.min_sentences)
        .map(|(&term, &df)| {
            let idf = ((1.0 + n) / (1.0 + df as f64)).ln() + 1.0;
            (term, round_to(idf, 4))
        })
        .collect();
    let mut theta = fit(samples, &counts, &vocabulary, settings.inverse_penalty);
    let mut kept: Vec<usize> = (0..vocabulary.len()).collect();
    let mut vocabulary = vocabulary;
    if kept.len() > settings.keep_terms {
        kept.sort_by(|&a, &b| theta[b].abs().total_cmp(&theta[a].abs()).then(a.cmp(&b)));
        kept.truncate(settings.keep_terms);
        kept.sort_unstable();
        vocabulary = kept.iter().map(|&k| vocabulary[k]).collect();
        theta = fit(samples, &counts, &vocabulary, settings.inverse_penalty);
    }
    let intercept = theta[vocabulary.len()];
    let terms = vocabulary
        .iter()
        .zip(&theta)
        .map(|(&(term, idf), &weight)| {
            let weight = round_to(weight, 6);
            (term.to_string(), Term { idf, weight })
        })
        .collect();
    SecondOpinion {
        intercept: round_to(intercept, 6),
        threshold: settings.threshold,
        trained_on: digest(samples),
        terms,
    }
}

/// The fitted term weights over `vocabulary` (term, idf), then the intercept.
fn fit(
    samples: &[Sample<'_>],
    counts: &[BTreeMap<String, u32>],
    vocabulary: &[(&str, f64)],
    inverse_penalty: f64,
) -> Vec<f64> {
    let column: HashMap<&str, usize> = vocabulary
        .iter()
        .enumerate()
        .map(|(k, (term, _))| (*term, k))
        .collect();
    // Rows: sparse, unit length over the vocabulary, as `SecondOpinion::score` makes them.
    let rows: Vec<Vec<(usize, f64)>> = counts
        .iter()
        .map(|c| {
            let mut row: Vec<(usize, f64)> = c
                .iter()
                .filter_map(|(term, &count)| {
                    let &k = column.get(term.as_str())?;
                    Some((k, (1.0 + f64::from(count).ln()) * vocabulary[k].1))
                })
                .collect();
            let norm = row.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
            if norm > 0.0 {
                row.iter_mut().for_each(|(_, x)| *x /= norm);
            }
            row
        })
        .collect();
    let n = samples.len() as f64;
    let positives = samples.iter().filter(|s| s.blameful).count().max(1) as f64;
    let negatives = samples.iter().filter(|s| !s.blameful).count().max(1) as f64;
    let weights: Vec<f64> = samples
        .iter()
        .map(|s| {
            let balance = if s.blameful {
                n / (2.0 * positives)
            } else {
                n / (2.0 * negatives)
            };
            s.weight * balance
        })
        .collect();
    let labels: Vec<f64> = samples
        .iter()
        .map(|s| if s.blameful { 1.0 } else { -1.0 })
        .collect();

    // Parameters: the term weights, then the intercept (not penalised).
    let dims = vocabulary.len() + 1;
    let penalty = 1.0 / inverse_penalty;
    let objective = |theta: &[f64], gradient: &mut [f64]| -> f64 {
        let b = theta[dims - 1];
        let mut loss = 0.0;
        for (g, t) in gradient.iter_mut().zip(theta).take(dims - 1) {
            *g = penalty * t;
            loss += 0.5 * penalty * t * t;
        }
        gradient[dims - 1] = 0.0;
        for ((row, &y), &w) in rows.iter().zip(&labels).zip(&weights) {
            let z = b + row.iter().map(|&(k, x)| theta[k] * x).sum::<f64>();
            let margin = y * z;
            // log(1 + e^-m), computed without overflow.
            loss += w * if margin > 0.0 {
                (-margin).exp().ln_1p()
            } else {
                -margin + margin.exp().ln_1p()
            };
            let d = -w * y * sigmoid(-margin);
            for &(k, x) in row {
                gradient[k] += d * x;
            }
            gradient[dims - 1] += d;
        }
        loss
    };
    lbfgs(dims, objective)
}

/// Rounded as the model file writes it, so a trained model and its file score alike.
fn round_to(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

/// Limited-memory BFGS (Nocedal and Wright, *Numerical Optimization*, algorithm 7.4) with a
/// backtracking line search on the sufficient-decrease condition. The objective is smooth
/// and strictly convex, so this converges to its one minimum.
fn lbfgs(dims: usize, f: impl Fn(&[f64], &mut [f64]) -> f64) -> Vec<f64> {
    const MEMORY: usize = 10;
    const MAX_STEPS: usize = 1000;
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let mut x = vec![0.0; dims];
    let mut g = vec![0.0; dims];
    let mut fx = f(&x, &mut g);
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut x_next = vec![0.0; dims];
    let mut g_next = vec![0.0; dims];
    for _ in 0..MAX_STEPS {
        let g_norm = dot(&g, &g).sqrt();
        if g_norm < 1e-6 {
            break;
        }
        // Two-loop recursion: direction = -H g.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, y, rho) in history.iter().rev() {
            let alpha = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= alpha * yi);
            alphas.push(alpha);
        }
        let gamma = history
            .last()
            .map_or(1.0 / g_norm.max(1.0), |(s, y, _)| dot(s, y) / dot(y, y));
        q.iter_mut().for_each(|qi| *qi *= gamma);
        for ((s, y, rho), alpha) in history.iter().zip(alphas.iter().rev()) {
            let beta = rho * dot(y, &q);
            q.iter_mut()
                .zip(s)
                .for_each(|(qi, si)| *qi += (alpha - beta) * si);
        }
        let direction: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dot(&g, &direction);
        if slope >= 0.0 {
            // Not a descent direction (rounding): start the memory afresh.
            history.clear();
            continue;
        }
        let mut step = 1.0;
        let mut f_next;
        loop {
            for ((xn, xi), di) in x_next.iter_mut().zip(&x).zip(&direction) {
                *xn = xi + step * di;
            }
            f_next = f(&x_next, &mut g_next);
            if f_next <= fx + 1e-4 * step * slope || step < 1e-12 {
                break;
            }
            step *= 0.5;
        }
        let s: Vec<f64> = x_next.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_next.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        let converged = (fx - f_next).abs() <= 1e-10 * fx.abs().max(1.0);
        std::mem::swap(&mut x, &mut x_next);
        std::mem::swap(&mut g, &mut g_next);
        fx = f_next;
        if converged {
            break;
        }
        if sy > 1e-12 {
            if history.len() == MEMORY {
                history.remove(0);
            }
            history.push((s, y, 1.0 / sy));
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples<'a>(rows: &[(&'a str, bool)]) -> Vec<Sample<'a>> {
        rows.iter()
            .map(|&(text, blameful)| Sample {
                text,
                blameful,
                weight: 1.0,
            })
            .collect()
    }

    #[test]
    fn terms_are_words_and_pairs() {
        let counts = term_counts("Bob didn't check it; Bob's fault.");
        assert_eq!(counts.get("bob"), Some(&2));
        assert_eq!(counts.get("bob didn"), Some(&1));
        assert_eq!(counts.get("check it"), Some(&1));
        // One-letter pieces ("t", "s") are not words.
        assert!(!counts.contains_key("t"));
    }

    #[test]
    fn training_separates_what_it_was_shown_and_the_file_keeps_it() {
        let rows = [
            ("the engineer carelessly deleted the table", true),
            ("the engineer carelessly skipped the review", true),
            ("an engineer carelessly pushed the change", true),
            ("the disk filled and the table was deleted", false),
            ("the review was skipped by the pipeline", false),
            ("the pipeline pushed the change at noon", false),
        ];
        let settings = Training {
            min_sentences: 1,
            keep_terms: 100,
            ..Training::default()
        };
        let model = train(&samples(&rows), settings);
        assert!(model.score("someone carelessly deleted it") > 0.5);
        assert!(model.score("the pipeline deleted it") < 0.5);
        let file = model.to_file("a test model");
        let read = SecondOpinion::parse(&file).map_err(|e| e.to_string());
        assert_eq!(read, Ok(model.clone()));
        assert_eq!(
            train(&samples(&rows), settings).to_file("a test model"),
            file
        );
    }

    proptest::proptest! {
        /// Any text as a model file is read or refused with a message, never a panic.
        #[test]
        fn any_text_is_read_or_refused(
            lines in proptest::collection::vec(
                "(intercept|threshold|trained-on|term|idf|weight|bob|0\\.5|-1e3|NaN|inf|\t|[a-z ]{0,4}|[0-9.e-]{0,6})*",
                0..8,
            )
        ) {
            let text = lines.join("\n");
            match SecondOpinion::parse(&text) {
                Ok(model) => {
                    proptest::prop_assert!((0.0..=1.0).contains(&model.threshold()));
                    let score = model.score(&text);
                    proptest::prop_assert!((0.0..=1.0).contains(&score));
                }
                Err(error) => proptest::prop_assert!(!error.to_string().is_empty()),
            }
        }
    }

    #[test]
    fn a_bad_model_file_names_the_line() {
        let refusal = |text: &str| {
            SecondOpinion::parse(text)
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            refusal("intercept\t0.1\nthreshold\t2\n"),
            Err("model file line 2: threshold 2 is not between 0 and 1".to_string())
        );
        assert_eq!(
            refusal("intercept\t0.1\nthreshold\t0.8\ntrained-on\tx\nterm\tidf\tweight\nbob\t1\n"),
            Err(
                "model file line 5: expected 3 tab-separated fields (term, idf, weight), found 2"
                    .to_string()
            )
        );
        assert_eq!(
            refusal("intercept\t1e9\n"),
            Err("model file line 1: intercept \"1e9\" is not a number within ±1e6".to_string())
        );
        assert!(SecondOpinion::parse("intercept\t0\n").is_err());
    }
}
