//! A new blind round merged into the evaluation set (`tests/data/judgement/`): the held-out
//! half joins the tune half, the new round becomes the held-out half, and its sources are
//! listed with their round. The steps every round since the second took by hand, in one place
//! so that the next round is merged the same way (see the set's README).
//!
//! The round's folder holds, per labeller, `<letter>.tsv` ([`set::LABELLER_COLUMNS`]) and
//! `<letter>-sources.tsv` ([`set::LABELLER_SOURCE_COLUMNS`]); anything else there (notes,
//! briefs) is left alone. Nothing is written unless every file is valid.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::set::{self, Sentence, Source, HALVES, HELD_OUT_ROUND};

/// What a merge did, for the person running it.
pub struct Merged {
    /// The round number the new sentences were given.
    pub round: u8,
    /// What each labeller's files gave, by letter.
    pub labellers: Vec<LabellerCounts>,
    /// Rows left out because they repeat a sentence already in the set or in the round,
    /// word for word (any case): `file:line id`.
    pub repeats: Vec<String>,
}

/// One labeller's part of a merged round.
pub struct LabellerCounts {
    pub letter: String,
    /// Sentences kept (repeats left out).
    pub sentences: usize,
    pub documents: usize,
    pub groups: usize,
    pub blameful: usize,
}

impl std::fmt::Display for Merged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "Round {} merged as the held-out half.", self.round)?;
        writeln!(f)?;
        writeln!(
            f,
            "| labeller | sentences | documents | groups | blameful |"
        )?;
        writeln!(f, "|---|---:|---:|---:|---:|")?;
        for l in &self.labellers {
            let share = 100.0 * l.blameful as f64 / l.sentences.max(1) as f64;
            writeln!(
                f,
                "| {} | {} | {} | {} | {} ({share:.0} %) |",
                l.letter, l.sentences, l.documents, l.groups, l.blameful
            )?;
        }
        for repeat in &self.repeats {
            writeln!(f, "left out, a word-for-word repeat: {repeat}")?;
        }
        writeln!(f)?;
        write!(
            f,
            "Now set HELD_OUT_ROUND to {} in examples/judgement/set.rs, and measure once.",
            self.round
        )
    }
}

/// The labellers of a round folder: every `<letter>-sources.tsv` with its `<letter>.tsv`,
/// by letter.
fn labeller_files(round_dir: &Path) -> Result<Vec<(String, PathBuf, PathBuf)>, String> {
    let entries =
        std::fs::read_dir(round_dir).map_err(|e| format!("{}: {e}", round_dir.display()))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", round_dir.display()))?;
        let file = entry.file_name();
        let Some(letter) = file
            .to_str()
            .and_then(|name| name.strip_suffix("-sources.tsv"))
        else {
            continue;
        };
        let rows = round_dir.join(format!("{letter}.tsv"));
        if !rows.is_file() {
            return Err(format!(
                "{}: no {letter}.tsv beside {letter}-sources.tsv",
                round_dir.display()
            ));
        }
        out.push((letter.to_owned(), rows, entry.path()));
    }
    if out.is_empty() {
        return Err(format!(
            "{}: no <letter>-sources.tsv, so no labeller's round to merge",
            round_dir.display()
        ));
    }
    out.sort();
    Ok(out)
}

/// Merges the round in `round_dir` into the set in `set_dir`. `first_names` is
/// `rules/first-names.txt`, which [`set::has_hard_cue`] reads.
pub fn merge(set_dir: &Path, round_dir: &Path, first_names: &Path) -> Result<Merged, String> {
    let round = HELD_OUT_ROUND + 1;
    let cues = regex::Regex::new(set::HARD_CUES).map_err(|e| e.to_string())?;
    let names = set::read_first_names(first_names)?;
    let mut tune = set::read_sentences(&set_dir.join(format!("{}.tsv", HALVES[0])))?;
    let held_out = set::read_sentences(&set_dir.join(format!("{}.tsv", HALVES[1])))?;
    let mut sources = set::read_sources(&set_dir.join("sources.tsv"))?;

    let used_groups: BTreeSet<String> = sources
        .iter()
        .map(|s| set::group(&s.doc).to_owned())
        .collect();
    let used_urls: BTreeSet<String> = sources.iter().map(|s| s.url.clone()).collect();
    let mut seen: BTreeMap<String, String> = tune
        .iter()
        .chain(&held_out)
        .map(|s| (s.sentence.to_lowercase(), s.id.clone()))
        .collect();
    let mut ids: BTreeSet<String> = seen.values().cloned().collect();
    // Which labeller took each group: two labellers may not share an incident.
    let mut group_owner: BTreeMap<String, String> = BTreeMap::new();

    let mut new_sentences: Vec<Sentence> = Vec::new();
    let mut new_sources: Vec<Source> = Vec::new();
    let mut merged = Merged {
        round,
        labellers: Vec::new(),
        repeats: Vec::new(),
    };
    for (letter, rows_path, sources_path) in labeller_files(round_dir)? {
        let theirs = set::read_labeller_sources(&sources_path, round)?;
        let mut docs = BTreeSet::new();
        for (n, source) in theirs.iter().enumerate() {
            let at = format!("{}:{}", sources_path.display(), n + 2);
            let group = set::group(&source.doc).to_owned();
            if used_groups.contains(&group) {
                return Err(format!(
                    "{at}: group `{group}` was used by an earlier round; a round takes new incidents only"
                ));
            }
            if used_urls.contains(&source.url) {
                return Err(format!("{at}: {} is already in sources.tsv", source.url));
            }
            if let Some(other) = group_owner.insert(group.clone(), letter.clone()) {
                if other != letter {
                    return Err(format!("{at}: group `{group}` is also labeller {other}'s"));
                }
            }
            if !docs.insert(source.doc.clone()) {
                return Err(format!("{at}: {} is listed twice", source.doc));
            }
        }
        let rows = set::read_labeller_sentences(&rows_path, &cues, &names)?;
        let mut kept = 0;
        let mut blameful = 0;
        let mut used_docs = BTreeSet::new();
        for s in rows {
            let at = format!("{}:{}", rows_path.display(), s.line);
            if !docs.contains(&s.doc) {
                return Err(format!(
                    "{at}: {} is not in {}",
                    s.doc,
                    sources_path.display()
                ));
            }
            if !ids.insert(s.id.clone()) {
                return Err(format!("{at}: id {} is used twice", s.id));
            }
            if let Some(first) = seen.get(&s.sentence.to_lowercase()) {
                merged
                    .repeats
                    .push(format!("{at} {} (repeats {first})", s.id));
                continue;
            }
            seen.insert(s.sentence.to_lowercase(), s.id.clone());
            used_docs.insert(s.doc.clone());
            kept += 1;
            blameful += usize::from(s.blameful);
            new_sentences.push(s);
        }
        if let Some(unused) = docs.difference(&used_docs).next() {
            return Err(format!(
                "{}: {unused} has no sentence in {}",
                sources_path.display(),
                rows_path.display()
            ));
        }
        let groups: BTreeSet<&str> = docs.iter().map(|d| set::group(d)).collect();
        merged.labellers.push(LabellerCounts {
            letter,
            sentences: kept,
            documents: docs.len(),
            groups: groups.len(),
            blameful,
        });
        new_sources.extend(theirs);
    }

    tune.extend(held_out);
    sources.extend(new_sources);
    let table = |header: &[&str], rows: Vec<String>| {
        let mut text = header.join("\t");
        text.push('\n');
        for row in rows {
            text.push_str(&row);
            text.push('\n');
        }
        text
    };
    write_all(&[
        (
            set_dir.join(format!("{}.tsv", HALVES[0])),
            table(
                &set::SENTENCE_COLUMNS,
                tune.iter().map(set::sentence_row).collect(),
            ),
        ),
        (
            set_dir.join(format!("{}.tsv", HALVES[1])),
            table(
                &set::SENTENCE_COLUMNS,
                new_sentences.iter().map(set::sentence_row).collect(),
            ),
        ),
        (
            set_dir.join("sources.tsv"),
            table(
                &set::SOURCE_COLUMNS,
                sources.iter().map(set::source_row).collect(),
            ),
        ),
    ])?;
    Ok(merged)
}

/// Writes every file whole or none: each goes to a temporary file beside it first, and the
/// renames happen only once all are written.
fn write_all(files: &[(PathBuf, String)]) -> Result<(), String> {
    let mut written = Vec::new();
    for (path, text) in files {
        let temporary = path.with_extension("tsv.merging");
        if let Err(e) = std::fs::write(&temporary, text) {
            for (_, t) in &written {
                let _ = std::fs::remove_file(t);
            }
            let _ = std::fs::remove_file(&temporary);
            return Err(format!("{}: {e}", temporary.display()));
        }
        written.push((path, temporary));
    }
    for (path, temporary) in &written {
        std::fs::rename(temporary, path).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
