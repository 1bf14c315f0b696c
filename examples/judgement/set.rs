//! The blame-judgement evaluation set (`tests/data/judgement/`): its files read and checked.
//! Shared by the benchmark (`examples/judgement`) and the test that keeps the set honest
//! (`tests/judgement_set.rs`), so both read the same format the same way. The format is
//! described in `tests/data/judgement/README.md`.

// Each of the two users reads only part of what is here.
#![allow(dead_code)]

use std::path::Path;

/// The columns of `tune.tsv` and `held-out.tsv`, in order.
pub const SENTENCE_COLUMNS: [&str; 7] =
    ["id", "doc", "field", "label", "family", "hard", "sentence"];
/// The columns of `sources.tsv`, in order.
pub const SOURCE_COLUMNS: [&str; 5] = ["doc", "kind", "title", "url", "round"];
/// The columns of one labeller's sentences of a new round (`<letter>.tsv`): those of the set
/// without `hard`, which the merge sets from [`HARD_CUES`].
pub const LABELLER_COLUMNS: [&str; 6] = ["id", "doc", "field", "label", "family", "sentence"];
/// The columns of one labeller's sources of a new round (`<letter>-sources.tsv`): those of
/// `sources.tsv` without `round`, which the merge sets.
pub const LABELLER_SOURCE_COLUMNS: [&str; 4] = ["doc", "kind", "title", "url"];
/// The blame families of `docs/blameless.md`, in the order a sentence is given the first that
/// applies.
pub const FAMILIES: [&str; 6] = [
    "counterfactual",
    "normative",
    "hindsight",
    "error",
    "omission",
    "agent",
];
/// What `kind` in `sources.tsv` may be.
pub const KINDS: [&str; 8] = [
    "postmortem",
    "regulator",
    "news",
    "analysis",
    "guide",
    "book",
    "forum",
    "first-person",
];
/// The two halves, as file stems.
pub const HALVES: [&str; 2] = ["tune", "held-out"];

/// What makes a blameless sentence a hard negative (`hard` = y): a word a phrase list would
/// fire on. People (pronouns, roles, groups), error and fault words, omission and failure
/// words, counterfactual modals, hindsight words; whole words, any case. A given name from
/// `rules/first-names.txt` counts too ([`has_hard_cue`]). `tests/judgement_set.rs` holds the
/// `hard` column to exactly this, so the hard-negative share cannot drift from what it says.
pub const HARD_CUES: &str = concat!(
    r"(?i)\b(",
    r"i|we|he|she|they|you|him|her|them|someone|somebody|anyone|anybody|nobody|no one|",
    r"everyone|everybody|people|person|staff|teams?|engineers?|operators?|developers?|devs?|",
    r"admins?|administrators?|technicians?|employees?|workers?|contractors?|managers?|",
    r"supervisors?|interns?|board|executives?|officers?|officials?|governor|members?|owners?|",
    r"on-call|sres?|responders?|facilitators?|designers?|mechanics?|electricians?|substitute|",
    r"hires?|humans?|practitioners?|pilots?|caller|",
    r"mistakes?|mistaken(ly)?|errors?|erroneous(ly)?|typos?|blunders?|slips?|oversights?|",
    r"wrong(ly|doing)?|incorrect(ly)?|accident(al|ally)?|inadvertent(ly)?|unintentional(ly)?|",
    r"careless(ly)?|careful(ly)?|faults?|blam\w*|culprits?|lack(s|ed)?|negligen\w*|",
    r"incompeten\w*|",
    r"fail(s|ed|ing|ure|ures)?|forget|forgot|forgotten|miss|missed|without|never|skip(ped)?|",
    r"ignored|neglect(s|ed)?|bypass(es|ed)?|(did|does|do|was|were|had|has|have|could|would|is|are|should) not|\w+n't|",
    r"should|ought|could have|would have|just|simply|obvious(ly)?|clearly|simple|easy|trivial",
    r")\b|\bif\b.*\bhad\b",
);

/// True when `sentence` holds one of [`HARD_CUES`] or a capitalised word that is one of
/// `first_names` (lower-cased).
pub fn has_hard_cue(
    cues: &regex::Regex,
    first_names: &std::collections::HashSet<String>,
    sentence: &str,
) -> bool {
    cues.is_match(sentence)
        || sentence
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .any(|w| first_names.contains(&w.to_lowercase()))
}

/// The given names of `rules/first-names.txt` (one a line, `#` comments), lower-cased, for
/// [`has_hard_cue`].
pub fn read_first_names(path: &Path) -> Result<std::collections::HashSet<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_lowercase)
        .collect())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A narrative field: summary, timeline event, root cause.
    Prose,
    /// A `because` answer of a 5-Whys chain.
    Why,
}

impl Field {
    /// The field's name as the set's files write it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Prose => "prose",
            Field::Why => "why",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Sentence {
    pub id: String,
    pub doc: String,
    pub field: Field,
    pub blameful: bool,
    /// One of [`FAMILIES`] for a blameful sentence, `none` for a blameless one.
    pub family: String,
    /// A hard negative: blameless, but with what a phrase list would fire on.
    pub hard: bool,
    pub sentence: String,
    /// 1-based line in its file, for messages.
    pub line: usize,
}

impl Sentence {
    /// `blameful` or `blameless`, as the set's files write the label.
    pub fn label(&self) -> &'static str {
        if self.blameful {
            "blameful"
        } else {
            "blameless"
        }
    }
}

#[derive(Debug, Clone)]
pub struct Source {
    pub doc: String,
    pub kind: String,
    pub title: String,
    pub url: String,
    /// The collection round the document was found in, from 1. See [`half_of`].
    pub round: u8,
}

/// The part of a document id before the `/`: the incident, guide or account it is about.
/// Every document of a group goes to the same half.
pub fn group(doc: &str) -> &str {
    doc.split('/').next().unwrap_or(doc)
}

/// The collection round that is held out: the newest. Every earlier round has been measured
/// and then tuned on, so it is part of the tune half (see `tests/data/judgement/README.md`).
pub const HELD_OUT_ROUND: u8 = 36;

/// The half a document belongs to, by the round its source was collected in: the newest
/// round ([`HELD_OUT_ROUND`]) is `held-out`, every earlier one is `tune`. A round is measured
/// once as the held-out half; after that its sentences have been seen in figures, and the
/// next round, collected blind from sources no earlier round used, takes its place.
pub fn half_of(round: u8) -> &'static str {
    if round < HELD_OUT_ROUND {
        HALVES[0]
    } else {
        HALVES[1]
    }
}

/// The rows of a tab-separated file with the given header, each with its 1-based line number.
fn read_table<const N: usize>(
    path: &Path,
    columns: &[&str; N],
) -> Result<Vec<(usize, [String; N])>, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
    let mut lines = text.lines().enumerate();
    let header: Vec<&str> = match lines.next() {
        Some((_, header)) => header.split('\t').collect(),
        None => return Err(format!("{name}: empty file; expected the header line")),
    };
    if header != columns {
        return Err(format!(
            "{name}:1: header is {header:?}; expected {columns:?}"
        ));
    }
    let mut rows = Vec::new();
    for (index, line) in lines {
        let number = index + 1;
        if line.trim().is_empty() {
            return Err(format!("{name}:{number}: empty line"));
        }
        let cells: Vec<String> = line.split('\t').map(str::to_owned).collect();
        if cells.len() != columns.len() {
            return Err(format!(
                "{name}:{number}: {} columns; expected {} ({})",
                cells.len(),
                columns.len(),
                columns.join(", ")
            ));
        }
        if let Some((column, _)) = columns
            .iter()
            .zip(&cells)
            .find(|(_, cell)| cell.trim().is_empty() || cell.trim() != cell.as_str())
        {
            return Err(format!(
                "{name}:{number}: `{column}` is empty or has spaces around it"
            ));
        }
        let cells: [String; N] = cells
            .try_into()
            .map_err(|_| format!("{name}:{number}: wrong column count"))?;
        rows.push((number, cells));
    }
    Ok(rows)
}

/// `label` and `family` checked together: true for blameful. A blameful sentence takes one of
/// [`FAMILIES`], a blameless one `none`.
fn label_and_family(
    name: &std::path::Display<'_>,
    line: usize,
    label: &str,
    family: &str,
) -> Result<bool, String> {
    let blameful = match label {
        "blameful" => true,
        "blameless" => false,
        other => {
            return Err(format!(
                "{name}:{line}: `label` is `{other}`; expected blameful or blameless"
            ))
        }
    };
    let family_ok = if blameful {
        FAMILIES.contains(&family)
    } else {
        family == "none"
    };
    if !family_ok {
        return Err(format!(
            "{name}:{line}: `family` is `{family}`; a {label} sentence takes {}",
            if blameful {
                "one of counterfactual, normative, hindsight, error, omission, agent"
            } else {
                "none"
            }
        ));
    }
    Ok(blameful)
}

/// The columns of `second-labels.tsv`.
pub const SECOND_LABEL_COLUMNS: [&str; 4] = ["id", "labeller", "label", "family"];

/// One sentence of the set labelled again by another blind labeller, to measure how far two
/// labellers agree (`second-labels.tsv`).
#[derive(Debug, Clone)]
pub struct SecondLabel {
    pub id: String,
    pub labeller: String,
    pub blameful: bool,
    pub family: String,
    /// 1-based line in `second-labels.tsv`.
    pub line: usize,
}

/// The rows of `second-labels.tsv`.
pub fn read_second_labels(path: &Path) -> Result<Vec<SecondLabel>, String> {
    let name = path.display();
    let mut out = Vec::new();
    for (line, [id, labeller, label, family]) in read_table(path, &SECOND_LABEL_COLUMNS)? {
        let blameful = label_and_family(&name, line, &label, &family)?;
        out.push(SecondLabel {
            id,
            labeller,
            blameful,
            family,
            line,
        });
    }
    Ok(out)
}

/// The sentences of one half's file.
pub fn read_sentences(path: &Path) -> Result<Vec<Sentence>, String> {
    let name = path.display();
    let mut out = Vec::new();
    for (line, [id, doc, field, label, family, hard, sentence]) in
        read_table(path, &SENTENCE_COLUMNS)?
    {
        let hard = match hard.as_str() {
            "y" => true,
            "n" => false,
            other => {
                return Err(format!(
                    "{name}:{line}: `hard` is `{other}`; expected y or n"
                ))
            }
        };
        let s = sentence_from(&name, line, [id, doc, field, label, family, sentence], hard)?;
        if s.hard && s.blameful {
            return Err(format!(
                "{name}:{line}: `hard` is y on a blameful sentence; it marks negatives only"
            ));
        }
        out.push(s);
    }
    Ok(out)
}

/// The sentences of one labeller's file of a new round ([`LABELLER_COLUMNS`]), with `hard`
/// set from [`has_hard_cue`] for the blameless ones.
pub fn read_labeller_sentences(
    path: &Path,
    cues: &regex::Regex,
    first_names: &std::collections::HashSet<String>,
) -> Result<Vec<Sentence>, String> {
    let name = path.display();
    let mut out = Vec::new();
    for (line, cells) in read_table(path, &LABELLER_COLUMNS)? {
        let mut s = sentence_from(&name, line, cells, false)?;
        s.hard = !s.blameful && has_hard_cue(cues, first_names, &s.sentence);
        out.push(s);
    }
    Ok(out)
}

/// How many of the written set's parts (the first K) the learned reader was trained on, by
/// what its file's header says (`bench/encoder-export.py --trained-on`, which ends in
/// ` and tests/data/written parts 1-K (W sentences)` when `--written-parts` was given); 0
/// when it read none.
pub fn encoder_written_parts(trained_on: &str) -> usize {
    trained_on
        .split_once(" and tests/data/written parts 1-")
        .and_then(|(_, rest)| rest.split_once(' '))
        .and_then(|(k, _)| k.parse().ok())
        .unwrap_or(0)
}

/// The parts of the written set in `dir` (`part-1.tsv`, `part-2.tsv`, … up to the first
/// missing one), each in a labeller's columns with the incident as `doc`, and `hard` set as a
/// merge sets it. `first_names` is `rules/first-names.txt`.
pub fn read_written_parts(dir: &Path, first_names: &Path) -> Result<Vec<Vec<Sentence>>, String> {
    let cues = regex::Regex::new(HARD_CUES).map_err(|e| e.to_string())?;
    let names = read_first_names(first_names)?;
    let mut parts = Vec::new();
    for n in 1.. {
        let path = dir.join(format!("part-{n}.tsv"));
        if !path.exists() {
            break;
        }
        parts.push(read_labeller_sentences(&path, &cues, &names)?);
    }
    Ok(parts)
}

/// One sentence from its cells (`id`, `doc`, `field`, `label`, `family`, `sentence`), checked.
fn sentence_from(
    name: &std::path::Display<'_>,
    line: usize,
    [id, doc, field, label, family, sentence]: [String; 6],
    hard: bool,
) -> Result<Sentence, String> {
    let field = match field.as_str() {
        "prose" => Field::Prose,
        "why" => Field::Why,
        other => {
            return Err(format!(
                "{name}:{line}: `field` is `{other}`; expected prose or why"
            ))
        }
    };
    let blameful = label_and_family(name, line, &label, &family)?;
    if !id.starts_with(&format!("{doc}#")) {
        return Err(format!(
            "{name}:{line}: `id` {id} does not start with its doc `{doc}#`"
        ));
    }
    Ok(Sentence {
        id,
        doc,
        field,
        blameful,
        family,
        hard,
        sentence,
        line,
    })
}

/// A sentence as a line of `tune.tsv` or `held-out.tsv`, without the line break.
pub fn sentence_row(s: &Sentence) -> String {
    let hard = if s.hard { "y" } else { "n" };
    [
        s.id.as_str(),
        &s.doc,
        s.field.name(),
        s.label(),
        &s.family,
        hard,
        &s.sentence,
    ]
    .join("\t")
}

/// A source as a line of `sources.tsv`, without the line break.
pub fn source_row(s: &Source) -> String {
    format!("{}\t{}\t{}\t{}\t{}", s.doc, s.kind, s.title, s.url, s.round)
}

/// The documents of `sources.tsv`.
pub fn read_sources(path: &Path) -> Result<Vec<Source>, String> {
    let name = path.display();
    let mut out = Vec::new();
    for (line, [doc, kind, title, url, round]) in read_table(path, &SOURCE_COLUMNS)? {
        let round = match round.parse::<u8>() {
            Ok(n) if (1..=HELD_OUT_ROUND).contains(&n) => n,
            _ => {
                return Err(format!(
                    "{name}:{line}: `round` is `{round}`; expected 1 to {HELD_OUT_ROUND}"
                ))
            }
        };
        out.push(source_from(&name, line, [doc, kind, title, url], round)?);
    }
    Ok(out)
}

/// The documents of one labeller's sources of a new round ([`LABELLER_SOURCE_COLUMNS`]), each
/// given `round`.
pub fn read_labeller_sources(path: &Path, round: u8) -> Result<Vec<Source>, String> {
    let name = path.display();
    let mut out = Vec::new();
    for (line, cells) in read_table(path, &LABELLER_SOURCE_COLUMNS)? {
        out.push(source_from(&name, line, cells, round)?);
    }
    Ok(out)
}

/// One source from its cells (`doc`, `kind`, `title`, `url`), checked.
fn source_from(
    name: &std::path::Display<'_>,
    line: usize,
    [doc, kind, title, url]: [String; 4],
    round: u8,
) -> Result<Source, String> {
    if !KINDS.contains(&kind.as_str()) {
        return Err(format!(
            "{name}:{line}: `kind` is `{kind}`; expected one of {}",
            KINDS.join(", ")
        ));
    }
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("{name}:{line}: `url` is not an http(s) address"));
    }
    if doc.split('/').count() != 2 || doc.split('/').any(str::is_empty) {
        return Err(format!(
            "{name}:{line}: `doc` is `{doc}`; expected <group>/<source>"
        ));
    }
    Ok(Source {
        doc,
        kind,
        title,
        url,
        round,
    })
}
