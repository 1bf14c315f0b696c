//! The blame-judgement benchmark's figures: every sentence of the evaluation set
//! (`tests/data/judgement/`) through the wording check, as a record's narrative field
//! (`field` = prose) or as the last `because` of its 5-Whys chain (`field` = why) would be
//! checked, beside a plain case-insensitive grep of every phrase in `rules/wording.yaml`.
//! Shared by `examples/judgement` (what `bench/judgement.sh` runs) and `tests/judgement_set.rs`.

/// Appends one line (or an empty one) to the report.
macro_rules! say {
    ($out:expr) => {
        $out.push('\n')
    };
    ($out:expr, $($arg:tt)*) => {{
        $out.push_str(&format!($($arg)*));
        $out.push('\n');
    }};
}

use std::collections::HashMap;
use std::path::Path;

use crate::model;
use crate::set::{self, Field, Sentence, FAMILIES, HALVES, KINDS};
use whys::wording::{train, RuleKind, RuleSet, ScanContext, SecondOpinion, Training};

/// What one checker said about one sentence.
struct Verdict {
    fires: bool,
    /// `rule "span"` for every finding, for the confusion list.
    findings: Vec<String>,
}

/// The wording check as `whys check` runs it on a record with no roster: the narrative scan on
/// every narrative field, and the 5-Whys person rule on the last `because`.
fn whys_verdict(rules: &RuleSet, sentence: &Sentence) -> Verdict {
    let ctx = ScanContext::default();
    let text = sentence.sentence.as_str();
    let mut hits = if sentence.field == Field::Why {
        rules.scan_because(text, &ctx)
    } else {
        rules.scan_narrative(text, &ctx)
    };
    if sentence.field == Field::Why {
        hits.extend(rules.ends_at_person(text, &ctx));
    }
    let findings: Vec<String> = hits
        .iter()
        .map(|h| format!("{} {:?}", h.rule, text.get(h.start..h.end).unwrap_or("?")))
        .collect();
    Verdict {
        fires: !findings.is_empty(),
        findings,
    }
}

/// Every phrase of every phrase-based rule, lower-cased: what `grep -i -F -f` would look for.
fn grep_phrases(rules: &RuleSet) -> Vec<String> {
    let mut out: Vec<String> = rules
        .rules()
        .filter(|spec| spec.kind != RuleKind::Regex)
        .flat_map(|spec| [&spec.phrases, &spec.when_person, &spec.verbs, &spec.objects])
        .flatten()
        .map(|p| p.to_lowercase())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn grep_verdict(phrases: &[String], sentence: &Sentence) -> Verdict {
    let text = sentence.sentence.to_lowercase();
    let findings: Vec<String> = phrases
        .iter()
        .filter(|p| text.contains(p.as_str()))
        .map(|p| format!("{p:?}"))
        .collect();
    Verdict {
        fires: !findings.is_empty(),
        findings,
    }
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    fn add(&mut self, blameful: bool, fires: bool) {
        match (blameful, fires) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
    }
    fn precision(self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }
    /// How far precision and recall could move by chance alone on another set of this
    /// size, with the counts they come from.
    fn intervals(self) -> String {
        let interval = |hits: usize, of: usize| {
            whys::stats::share_ci95(hits, of).map_or_else(
                || "–".to_owned(),
                |ci| format!("{:.2} to {:.2}", ci.lo, ci.hi),
            )
        };
        format!(
            "precision {} ({} of {} flagged), recall {} ({} of {} blameful)",
            interval(self.tp, self.tp + self.fp),
            self.tp,
            self.tp + self.fp,
            interval(self.tp, self.tp + self.fn_),
            self.tp,
            self.tp + self.fn_
        )
    }
    fn recall(self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn f1(self) -> Option<f64> {
        let (p, r) = (self.precision()?, self.recall()?);
        (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
    }
    fn cells(self) -> String {
        format!(
            "{} | {} | {}",
            fmt(self.precision()),
            fmt(self.recall()),
            fmt(self.f1())
        )
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

fn fmt(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

/// One row of the figures table: which sentences it counts.
struct Slice<'a> {
    name: String,
    positives: Box<dyn Fn(&Sentence) -> bool + 'a>,
    negatives: Box<dyn Fn(&Sentence) -> bool + 'a>,
}

/// What every half or fold is scored with: the rules, the rules with the shipped second
/// opinion, the grep baseline's phrases, and each document's kind of source (`kind` in
/// `sources.tsv`), for the per-kind rows.
struct Scorers {
    rules: RuleSet,
    learned: RuleSet,
    phrases: Vec<String>,
    kinds: HashMap<String, String>,
}

impl Scorers {
    fn load(dir: &Path) -> Result<Scorers, String> {
        let kinds = set::read_sources(&dir.join("sources.tsv"))?
            .into_iter()
            .map(|source| (source.doc, source.kind))
            .collect();
        Scorers::with_kinds(kinds)
    }

    /// The scorers with each document's kind of source given (empty for a set without
    /// sources, which then has no per-kind rows).
    fn with_kinds(kinds: HashMap<String, String>) -> Result<Scorers, String> {
        let rules = RuleSet::builtin().map_err(|e| e.to_string())?;
        let phrases = grep_phrases(&rules);
        Ok(Scorers {
            rules,
            learned: with_learned()?,
            phrases,
            kinds,
        })
    }
}

/// The rows of the figures table: overall, per field, per family, and per kind of source
/// (`kinds`: each document's kind, from `sources.tsv`) present in the half. A team judging the
/// check for its own post-mortems reads the `kind postmortem` row.
fn slices<'a>(kinds: &'a HashMap<String, String>, sentences: &[Sentence]) -> Vec<Slice<'a>> {
    let mut out = vec![
        Slice {
            name: "all".into(),
            positives: Box::new(|s| s.blameful),
            negatives: Box::new(|s| !s.blameful),
        },
        Slice {
            name: "field prose".into(),
            positives: Box::new(|s| s.blameful && s.field == Field::Prose),
            negatives: Box::new(|s| !s.blameful && s.field == Field::Prose),
        },
        Slice {
            name: "field why".into(),
            positives: Box::new(|s| s.blameful && s.field == Field::Why),
            negatives: Box::new(|s| !s.blameful && s.field == Field::Why),
        },
    ];
    for family in FAMILIES {
        // A family has no negatives of its own: its precision is taken against every
        // blameless sentence of the half.
        out.push(Slice {
            name: format!("family {family}"),
            positives: Box::new(move |s| s.family == family),
            negatives: Box::new(|s| !s.blameful),
        });
    }
    for kind in KINDS {
        let of_kind = move |s: &Sentence| kinds.get(&s.doc).is_some_and(|k| k == kind);
        if !sentences.iter().any(of_kind) {
            continue;
        }
        out.push(Slice {
            name: format!("kind {kind}"),
            positives: Box::new(move |s| s.blameful && of_kind(s)),
            negatives: Box::new(move |s| !s.blameful && of_kind(s)),
        });
    }
    out
}

fn report_half(
    out: &mut String,
    half: &str,
    sentences: &[Sentence],
    scorers: &Scorers,
    confusion: bool,
) {
    let Scorers {
        rules,
        learned,
        phrases,
        kinds,
    } = scorers;
    let whys: Vec<Verdict> = sentences.iter().map(|s| whys_verdict(rules, s)).collect();
    let grep: Vec<Verdict> = sentences.iter().map(|s| grep_verdict(phrases, s)).collect();
    let blameful = sentences.iter().filter(|s| s.blameful).count();
    let hard = sentences.iter().filter(|s| s.hard).count();
    let mut docs: Vec<&str> = sentences.iter().map(|s| s.doc.as_str()).collect();
    docs.sort();
    docs.dedup();
    say!(
        out,
        "## {half}: {} sentences from {} documents",
        sentences.len(),
        docs.len()
    );
    say!(out);
    say!(
        out,
        "{blameful} blameful, {} blameless of which {hard} hard negatives.",
        sentences.len() - blameful
    );
    say!(out);
    say!(
        out,
        "| slice | blameful | whys P | whys R | whys F1 | grep P | grep R | grep F1 |"
    );
    say!(out, "|---|---:|---:|---:|---:|---:|---:|---:|");
    let fires = |verdicts: &[Verdict]| verdicts.iter().map(|v| v.fires).collect::<Vec<_>>();
    slice_rows(out, kinds, sentences, &fires(&whys), &fires(&grep));
    // The same rules with the learned second opinion an archive can opt into.
    let mut with_model = Counts::default();
    for s in sentences {
        with_model.add(s.blameful, whys_verdict(learned, s).fires);
    }
    say!(
        out,
        "| all, with the learned second opinion (opt-in) | {blameful} | {} | | | |",
        with_model.cells()
    );
    let mut overall = Counts::default();
    for (s, v) in sentences.iter().zip(&whys) {
        overall.add(s.blameful, v.fires);
    }
    say!(out);
    say!(
        out,
        "95 % intervals (Wilson score) of the check's overall figures: {}.",
        overall.intervals()
    );
    let rate = |verdicts: &[Verdict], pick: &dyn Fn(&Sentence) -> bool| {
        let picked: Vec<usize> = (0..sentences.len())
            .filter(|&i| pick(&sentences[i]))
            .collect();
        let fired = picked.iter().filter(|&&i| verdicts[i].fires).count();
        format!(
            "{fired}/{} ({})",
            picked.len(),
            fmt(ratio(fired, picked.len()))
        )
    };
    say!(out);
    say!(
        out,
        "Blameless sentences flagged: whys {} (hard negatives {}), grep {} (hard negatives {}).",
        rate(&whys, &|s| !s.blameful),
        rate(&whys, &|s| s.hard),
        rate(&grep, &|s| !s.blameful),
        rate(&grep, &|s| s.hard),
    );
    say!(out);
    if !confusion {
        return;
    }
    say!(out, "### {half}: confusion list of the wording check");
    say!(out);
    say!(out, "False positives (blameless, flagged):");
    say!(out);
    for (s, v) in sentences
        .iter()
        .zip(&whys)
        .filter(|(s, v)| !s.blameful && v.fires)
    {
        let hard = if s.hard { " [hard]" } else { "" };
        say!(
            out,
            "- `{}`{hard} {}: {}",
            s.id,
            v.findings.join(", "),
            s.sentence
        );
    }
    say!(out);
    say!(out, "False negatives (blameful, missed):");
    say!(out);
    for (s, _) in sentences
        .iter()
        .zip(&whys)
        .filter(|(s, v)| s.blameful && !v.fires)
    {
        let field = if s.field == Field::Why { " why" } else { "" };
        say!(out, "- `{}` {}{field}: {}", s.id, s.family, s.sentence);
    }
    say!(out);
}

/// The rules with the shipped second opinion (`rules/blame-model.tsv`).
fn with_learned() -> Result<RuleSet, String> {
    let model = SecondOpinion::builtin().map_err(|e| e.to_string())?;
    let rules = RuleSet::builtin().map_err(|e| e.to_string())?;
    Ok(rules.with_second_opinion(Some(model)))
}

/// The whole report for the set in `dir`: precision, recall and F1 overall, per field and per
/// family on both halves, and the confusion list of the tune half only (the held-out half is
/// never looked at sentence by sentence while tuning). Errors name the file and line.
pub fn run(dir: &Path) -> Result<String, String> {
    let scorers = Scorers::load(dir)?;
    let mut halves = Vec::new();
    for half in HALVES {
        halves.push((half, set::read_sentences(&dir.join(format!("{half}.tsv")))?));
    }
    let mut out = String::new();
    say!(
        out,
        "# Blame judgement: the wording check beside a grep of its phrases"
    );
    say!(out);
    say!(
        out,
        "P, R, F1: precision, recall and F1 of `blameful`. grep: a case-insensitive substring match \
         of the {} phrases of `rules/wording.yaml`. A blameless sentence has no family, so a \
         family's precision counts every flagged blameless sentence of the half against it: it \
         is a lower bound, and the family rows are mainly there for recall.",
        scorers.phrases.len()
    );
    say!(out);
    for (half, sentences) in &halves {
        report_half(&mut out, half, sentences, &scorers, *half == "tune");
    }
    let second = set::read_second_labels(&dir.join("second-labels.tsv"))?;
    report_agreement(&mut out, &halves, &second)?;
    Ok(out)
}

/// The written set in `dir` (`tests/data/written/`): sentences written blind in the voice of a
/// team's own post-mortem drafts, in parts (`part-1.tsv`, `part-2.tsv`, …, each in the columns
/// of a labeller's file, [`set::LABELLER_COLUMNS`], with the incident as `doc`). Every part but
/// the newest has been tuned on and prints its confusion list; the newest is measured only.
/// `first_names` is `rules/first-names.txt`, for the hard-negative count.
pub fn run_written(dir: &Path, first_names: &Path) -> Result<String, String> {
    let parts = set::read_written_parts(dir, first_names)?;
    if parts.is_empty() {
        return Err(format!("{}: no part-1.tsv", dir.display()));
    }
    let scorers = Scorers::with_kinds(HashMap::new())?;
    let mut out = String::new();
    say!(
        out,
        "# Blame judgement on the written set: the wording check beside a grep of its phrases"
    );
    say!(out);
    say!(
        out,
        "Sentences written blind in the voice of software teams' own post-mortem drafts (see \
         `tests/data/written/README.md`). The newest part has not been tuned on; every earlier \
         part has, and prints its confusion list."
    );
    say!(out);
    let newest = parts.len();
    for (n, sentences) in (1..).zip(&parts) {
        let half = if n == newest {
            format!("part {n} (measured, not tuned on)")
        } else {
            format!("part {n} (tuned on)")
        };
        report_half(&mut out, &half, sentences, &scorers, n != newest);
    }
    Ok(out)
}

/// Precision, recall and F1 of labels `a` taken as predictions of labels `b`, the share of
/// equal labels, and Cohen's kappa (agreement beyond what the two label rates give by chance).
fn agreement(pairs: &[(bool, bool)]) -> String {
    let mut counts = Counts::default();
    for &(a, b) in pairs {
        counts.add(b, a);
    }
    let n = pairs.len();
    let tn = n - counts.tp - counts.fp - counts.fn_;
    let observed = ratio(counts.tp + tn, n);
    let share = |k: usize| k as f64 / n.max(1) as f64;
    let (a_yes, b_yes) = (share(counts.tp + counts.fp), share(counts.tp + counts.fn_));
    let chance = a_yes * b_yes + (1.0 - a_yes) * (1.0 - b_yes);
    let kappa = observed.and_then(|o| (chance < 1.0).then(|| (o - chance) / (1.0 - chance)));
    format!(
        "{n} | {} | {} | {}",
        counts.cells(),
        fmt(observed),
        fmt(kappa)
    )
}

/// How far blind labellers agree with the set and with each other, on the sentences of
/// `second-labels.tsv`: the ceiling any check can be expected to reach on these labels.
fn report_agreement(
    out: &mut String,
    halves: &[(&str, Vec<Sentence>)],
    second: &[set::SecondLabel],
) -> Result<(), String> {
    let set_label: std::collections::HashMap<&str, bool> = halves
        .iter()
        .flat_map(|(_, sentences)| sentences.iter().map(|s| (s.id.as_str(), s.blameful)))
        .collect();
    let mut labellers: Vec<&str> = second.iter().map(|l| l.labeller.as_str()).collect();
    labellers.sort_unstable();
    labellers.dedup();
    let mut by_labeller: Vec<std::collections::HashMap<&str, bool>> = Vec::new();
    for labeller in &labellers {
        let mut labels = std::collections::HashMap::new();
        for label in second.iter().filter(|l| l.labeller == *labeller) {
            if !set_label.contains_key(label.id.as_str()) {
                return Err(format!(
                    "second-labels.tsv:{}: `{}` is in neither half of the set",
                    label.line, label.id
                ));
            }
            labels.insert(label.id.as_str(), label.blameful);
        }
        by_labeller.push(labels);
    }
    say!(out, "## Second labellers: how far blind labellers agree");
    say!(out);
    say!(
        out,
        "Sentences of both halves labelled again by labellers working blind from the guideline \
         alone, without the set's labels (`second-labels.tsv`). The first labels are scored as \
         predictions of the second; kappa is Cohen's."
    );
    say!(out);
    say!(
        out,
        "| labels | against | sentences | P | R | F1 | agreement | kappa |"
    );
    say!(out, "|---|---|---:|---:|---:|---:|---:|---:|");
    for (labeller, labels) in labellers.iter().zip(&by_labeller) {
        let pairs: Vec<(bool, bool)> = labels
            .iter()
            .filter_map(|(id, &mine)| set_label.get(id).map(|&theirs| (mine, theirs)))
            .collect();
        say!(out, "| {labeller} | the set | {} |", agreement(&pairs));
    }
    for (i, a) in labellers.iter().enumerate() {
        for (j, b) in labellers.iter().enumerate().skip(i + 1) {
            let pairs: Vec<(bool, bool)> = by_labeller[i]
                .iter()
                .filter_map(|(id, &mine)| by_labeller[j].get(id).map(|&theirs| (mine, theirs)))
                .collect();
            // Labellers of different samples have nothing to compare.
            if pairs.is_empty() {
                continue;
            }
            say!(out, "| {a} | {b} | {} |", agreement(&pairs));
        }
    }
    say!(out);
    Ok(())
}

/// The tune half alone, split by incident into `folds` folds (the FNV-1a hash of the group
/// modulo `folds`): each fold's figures, and
/// the confusion list of fold `show` only. For estimating how a change generalises without
/// ever reading the held-out half: study one fold's confusions, judge the change by the
/// others' figures.
pub fn run_folds(dir: &Path, folds: u64, show: Option<u64>) -> Result<String, String> {
    let scorers = Scorers::load(dir)?;
    let tune = set::read_sentences(&dir.join(format!("{}.tsv", HALVES[0])))?;
    let fold_of = |s: &Sentence| whys::stable_hash::fnv1a(set::group(&s.doc).as_bytes()) % folds;
    let mut out = String::new();
    say!(
        out,
        "# Blame judgement: the tune half in {folds} folds by incident"
    );
    say!(out);
    for fold in 0..folds {
        let part: Vec<Sentence> = tune
            .iter()
            .filter(|s| fold_of(s) == fold)
            .cloned()
            .collect();
        report_half(
            &mut out,
            &format!("tune fold {fold}"),
            &part,
            &scorers,
            show == Some(fold),
        );
    }
    Ok(out)
}

/// The held-out half scored by the rules alone and with the learned reader beside them
/// (`lint.encoder`, `src/wording/learned.rs`), slice by slice as `run` prints it, and then each
/// part of the written set when `written` names it and `rules/first-names.txt`. The encoder
/// was fine-tuned on the tune half and on the first written parts its file's header names
/// ([`set::encoder_written_parts`]); the rules may be tuned on every written part but the
/// newest. Each part's heading says which, since a side's figure flatters it where it learned. Sentences are scored on every core (tens of milliseconds each).
pub fn run_encoder(dir: &Path, written: Option<(&Path, &Path)>) -> Result<String, String> {
    let kinds: HashMap<String, String> = set::read_sources(&dir.join("sources.tsv"))?
        .into_iter()
        .map(|source| (source.doc, source.kind))
        .collect();
    let rules = RuleSet::builtin().map_err(|e| e.to_string())?;
    let reader = RuleSet::builtin()
        .and_then(|r| r.with_encoder(true))
        .map_err(|e| e.to_string())?;
    let mut out = String::new();
    say!(out, "# Blame judgement: the rules with the learned reader");
    say!(out);
    say!(
        out,
        "By the rules alone and with the learned reader (`lint.encoder`): a sentence without \
         a rules' finding is flagged when the encoder scores it {} or more.",
        whys::wording::LEARNED_FLAG
    );
    say!(out);
    let half = HALVES[1];
    let sentences = set::read_sentences(&dir.join(format!("{half}.tsv")))?;
    reader_table(&mut out, half, &sentences, &kinds, &rules, &reader);
    if let Some((written, first_names)) = written {
        let parts = set::read_written_parts(written, first_names)?;
        let no_kinds = HashMap::new();
        // The file's header says what the encoder was trained on (bench/encoder-export.py).
        let encoder_read = set::encoder_written_parts(
            whys::wording::builtin_encoder()
                .map_err(|e| e.to_string())?
                .trained_on(),
        );
        for (n, part) in (1..).zip(&parts) {
            let name = if n == parts.len() {
                format!("written part {n} (measured only: neither the rules nor the encoder tuned on it)")
            } else if n <= encoder_read {
                format!(
                    "written part {n} (tuning material of the rules; the encoder trained on it)"
                )
            } else {
                format!("written part {n} (tuning material of the rules; not the encoder's)")
            };
            reader_table(&mut out, &name, part, &no_kinds, &rules, &reader);
        }
    }
    Ok(out)
}

/// For every sentence of the written set's parts but the newest (which stays for measuring):
/// whether it is blameful, whether the rules flag it, and the encoder's probability
/// (`blameful fires probability`, tab-separated): what `bench/encoder-thresholds.py --written`
/// chooses the learned reader's threshold on, beside rounds the encoder was not trained on.
/// An encoder trained on those parts too (`--written-parts`) scores them in-sample: choose a
/// threshold with it only from a model trained without them.
pub fn written_probabilities(dir: &Path, first_names: &Path) -> Result<String, String> {
    use rayon::prelude::*;
    let parts = set::read_written_parts(dir, first_names)?;
    let tuned = &parts[..parts.len().saturating_sub(1)];
    let rules = RuleSet::builtin().map_err(|e| e.to_string())?;
    let encoder = whys::wording::builtin_encoder().map_err(|e| e.to_string())?;
    let rows: Vec<String> = tuned
        .iter()
        .flatten()
        .collect::<Vec<_>>()
        .par_iter()
        .map(|s| {
            let why = s.field == Field::Why;
            format!(
                "{}\t{}\t{:.4}",
                u8::from(s.blameful),
                u8::from(whys_verdict(&rules, s).fires),
                whys::wording::learned_probability(encoder, &s.sentence, why)
            )
        })
        .collect();
    let mut out = String::from("blameful\tfires\tprobability\n");
    for row in rows {
        say!(out, "{row}");
    }
    Ok(out)
}

/// One set's table for `run_encoder`.
fn reader_table(
    out: &mut String,
    name: &str,
    sentences: &[Sentence],
    kinds: &HashMap<String, String>,
    rules: &RuleSet,
    reader: &RuleSet,
) {
    use rayon::prelude::*;
    let plain: Vec<bool> = sentences
        .par_iter()
        .map(|s| whys_verdict(rules, s).fires)
        .collect();
    let started = std::time::Instant::now();
    let learned: Vec<bool> = sentences
        .par_iter()
        .map(|s| whys_verdict(reader, s).fires)
        .collect();
    let took = started.elapsed().as_secs_f64();
    say!(out, "## {name}: {} sentences", sentences.len());
    say!(out);
    say!(
        out,
        "Scored on {} threads in {took:.1} s: {:.0} ms a sentence per thread.",
        rayon::current_num_threads(),
        took * 1e3 * rayon::current_num_threads() as f64 / sentences.len().max(1) as f64
    );
    say!(out);
    say!(
        out,
        "| slice | blameful | rules P | rules R | rules F1 | with reader P | R | F1 |"
    );
    say!(out, "|---|---:|---:|---:|---:|---:|---:|---:|");
    slice_rows(out, kinds, sentences, &plain, &learned);
    let mut overall = Counts::default();
    for (s, &flagged) in sentences.iter().zip(&learned) {
        overall.add(s.blameful, flagged);
    }
    say!(out);
    say!(
        out,
        "With the reader, 95 % intervals (Wilson score): {}.",
        overall.intervals()
    );
    say!(out);
}

/// A row per slice (`slices`): its blameful count, then precision, recall and F1 of the
/// `first` checker's verdicts and of the `second`'s, one verdict a sentence.
fn slice_rows(
    out: &mut String,
    kinds: &HashMap<String, String>,
    sentences: &[Sentence],
    first: &[bool],
    second: &[bool],
) {
    for slice in slices(kinds, sentences) {
        let (mut a, mut b) = (Counts::default(), Counts::default());
        let mut positives = 0;
        for (i, s) in sentences.iter().enumerate() {
            let positive = (slice.positives)(s);
            if !positive && !(slice.negatives)(s) {
                continue;
            }
            positives += usize::from(positive);
            a.add(positive, first[i]);
            b.add(positive, second[i]);
        }
        say!(
            out,
            "| {} | {positives} | {} | {} |",
            slice.name,
            a.cells(),
            b.cells()
        );
    }
}

/// Every sentence of both halves with what the rules say of it, one tab-separated row each
/// (`id half round field label family fires sentence`, `fires` being `1` or `0`): what a model or
/// script outside the crate compares itself with (`bench/encoder-probe.sh`).
pub fn verdicts(dir: &Path) -> Result<String, String> {
    let rules = RuleSet::builtin().map_err(|e| e.to_string())?;
    let mut out = String::from("id\thalf\tround\tfield\tlabel\tfamily\tfires\tsentence\n");
    for half in HALVES {
        for (round, s) in sentences_with_rounds(dir, half)? {
            let fires = u8::from(whys_verdict(&rules, &s).fires);
            say!(
                out,
                "{}\t{half}\t{round}\t{}\t{}\t{}\t{fires}\t{}",
                s.id,
                s.field.name(),
                s.label(),
                s.family,
                s.sentence
            );
        }
    }
    Ok(out)
}

/// The sentences of one half of the set in `dir`, each with the collection round of its
/// document (`round` in `sources.tsv`).
fn sentences_with_rounds(dir: &Path, half: &str) -> Result<Vec<(u8, Sentence)>, String> {
    let sources = set::read_sources(&dir.join("sources.tsv"))?;
    let round_of: std::collections::BTreeMap<&str, u8> =
        sources.iter().map(|s| (s.doc.as_str(), s.round)).collect();
    let path = dir.join(format!("{half}.tsv"));
    let mut out = Vec::new();
    for s in set::read_sentences(&path)? {
        let round = *round_of.get(s.doc.as_str()).ok_or_else(|| {
            format!(
                "{}:{}: {} is not in sources.tsv",
                path.display(),
                s.line,
                s.doc
            )
        })?;
        out.push((round, s));
    }
    Ok(out)
}

/// Precision, recall and F1 of the wording check and of the grep on each collection round of
/// both halves (`round` in `sources.tsv`): how the rules in the working tree score a round,
/// to set beside the figures the round got when it was held out (the set's README).
pub fn run_by_round(dir: &Path) -> Result<String, String> {
    let rules = RuleSet::builtin().map_err(|e| e.to_string())?;
    let phrases = grep_phrases(&rules);
    let mut rounds: std::collections::BTreeMap<u8, (usize, usize, Counts, Counts)> =
        std::collections::BTreeMap::new();
    for half in HALVES {
        for (round, s) in sentences_with_rounds(dir, half)? {
            let entry = rounds.entry(round).or_default();
            entry.0 += 1;
            entry.1 += usize::from(s.blameful);
            entry.2.add(s.blameful, whys_verdict(&rules, &s).fires);
            entry.3.add(s.blameful, grep_verdict(&phrases, &s).fires);
        }
    }
    let mut out = String::new();
    say!(out, "# Blame judgement by collection round");
    say!(out);
    say!(
        out,
        "| round | sentences | blameful | whys P | whys R | whys F1 | grep P | grep R | grep F1 |"
    );
    say!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (round, (sentences, blameful, whys, grep)) in rounds {
        say!(
            out,
            "| {round} | {sentences} | {blameful} | {} | {} |",
            whys.cells(),
            grep.cells()
        );
    }
    Ok(out)
}

/// The second opinion scored as it would have been on each fresh round: for every tune round
/// from `from` on, a model trained only on the tune rounds before it (and the `quiet:`
/// examples) is added to the rules, and the round is scored with and without it. The held-out
/// half is never read. The rules themselves are those of the working tree, tuned on every
/// tune round, so the "rules" rows flatter the rules; the model's rows are honest about the
/// model.
pub fn run_model_by_round(dir: &Path, from: u8) -> Result<String, String> {
    let plain = RuleSet::builtin().map_err(|e| e.to_string())?;
    let tune = sentences_with_rounds(dir, HALVES[0])?;
    let last = tune.iter().map(|(r, _)| *r).max().unwrap_or(0);
    let mut out = String::new();
    say!(
        out,
        "# The learned second opinion, trained on the rounds before each round"
    );
    say!(out);
    say!(
        out,
        "| round | sentences | blameful | rules P | rules R | rules F1 | with model P | R | F1 |"
    );
    say!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    let (mut all_plain, mut all_model) = (Counts::default(), Counts::default());
    for round in from..=last {
        let before: Vec<Sentence> = tune
            .iter()
            .filter(|(r, _)| *r < round)
            .map(|(_, s)| s.clone())
            .collect();
        let samples = model::training_samples(&plain, &before);
        let opinion = train(&samples, Training::default());
        let with_model = RuleSet::builtin()
            .map_err(|e| e.to_string())?
            .with_second_opinion(Some(opinion));
        let (mut counts_plain, mut counts_model) = (Counts::default(), Counts::default());
        let (mut sentences, mut blameful) = (0, 0);
        for (_, s) in tune.iter().filter(|(r, _)| *r == round) {
            sentences += 1;
            blameful += usize::from(s.blameful);
            counts_plain.add(s.blameful, whys_verdict(&plain, s).fires);
            counts_model.add(s.blameful, whys_verdict(&with_model, s).fires);
        }
        for (all, one) in [
            (&mut all_plain, counts_plain),
            (&mut all_model, counts_model),
        ] {
            all.tp += one.tp;
            all.fp += one.fp;
            all.fn_ += one.fn_;
        }
        say!(
            out,
            "| {round} | {sentences} | {blameful} | {} | {} |",
            counts_plain.cells(),
            counts_model.cells()
        );
    }
    say!(
        out,
        "| {from}–{last} pooled | | | {} | {} |",
        all_plain.cells(),
        all_model.cells()
    );
    Ok(out)
}
