//! `whys related ID`: which other incidents look like this one, and why.
//!
//! Repeat incidents hide behind different titles. Four things give them away, each measured
//! as the overlap (Jaccard: shared / all) of two sets, then weighted:
//! - services (0.35): the same parts of the system failed;
//! - causes (0.35): the root cause and the 5-Whys answers use the same words (stemmed
//!   content words, so "connections timed out" meets "connection timeout");
//! - change kinds (0.15): both followed a deploy, a config change, a migration...;
//! - tags (0.15): what the authors themselves grouped them by.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

use crate::common::stems;
use crate::error::{Error, Result};
use crate::record::{load_record, Record};
use crate::settings::Archive;

const SERVICES_WEIGHT: f64 = 0.35;
const CAUSES_WEIGHT: f64 = 0.35;
const CHANGE_KINDS_WEIGHT: f64 = 0.15;
const TAGS_WEIGHT: f64 = 0.15;

/// From this score on, a relation is worth a link in `related:`.
pub const LIKELY_REPEAT: f64 = 0.3;

/// What two records share in one respect, and how much of the whole that is (0..=1).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Overlap {
    pub shared: Vec<String>,
    pub similarity: f64,
}

impl Overlap {
    fn of(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Overlap {
        let shared: Vec<String> = a.intersection(b).cloned().collect();
        let union = a.union(b).count();
        let similarity = if union == 0 {
            0.0
        } else {
            shared.len() as f64 / union as f64
        };
        Overlap { shared, similarity }
    }

    fn is_empty(&self) -> bool {
        self.shared.is_empty()
    }
}

/// One other record and why it is related.
#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub id: String,
    pub title: String,
    pub path: PathBuf,
    /// Weighted sum of the overlaps, 0..=1.
    pub score: f64,
    /// Already listed in the record's `related:`.
    pub linked: bool,
    pub services: Overlap,
    pub change_kinds: Overlap,
    pub tags: Overlap,
    /// Words of root causes and 5-Whys answers that both use (in a form this record uses).
    pub causes: Overlap,
}

/// The ranking for one record.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedReport {
    pub id: String,
    pub title: String,
    /// How many other records were compared.
    pub compared: usize,
    /// Files under `postmortems/` that did not load (`whys check` says why): not compared.
    pub unreadable: Vec<PathBuf>,
    /// Best first; only records that share something.
    pub related: Vec<Relation>,
}

/// What one record is made of, for comparing.
struct Features {
    /// A word of this record's text for each cause stem, to show people words, not stems.
    words: HashMap<String, String>,
    services: BTreeSet<String>,
    change_kinds: BTreeSet<String>,
    tags: BTreeSet<String>,
    causes: BTreeSet<String>,
}

fn lower_set<'a>(items: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    items
        .into_iter()
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Each stem of `text` with the first word that gave it.
fn cause_words(text: &str) -> HashMap<String, String> {
    let mut words = HashMap::new();
    for word in text
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        for stem in stems(word) {
            words.entry(stem).or_insert_with(|| word.to_owned());
        }
    }
    words
}

impl Features {
    fn of(record: &Record) -> Features {
        let mut cause_text = record.root_cause.clone().unwrap_or_default();
        for step in &record.whys {
            cause_text.push('\n');
            cause_text.push_str(&step.because);
        }
        let causes: HashSet<String> = stems(&cause_text);
        let words = cause_words(&cause_text);
        Features {
            words,
            services: lower_set(&record.services),
            change_kinds: record
                .changes
                .iter()
                .map(|c| {
                    serde_json::to_value(c.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default()
                })
                .filter(|k| !k.is_empty())
                .collect(),
            tags: lower_set(&record.tags),
            causes: causes.into_iter().collect(),
        }
    }
}

/// Ranks `others` by how much they share with `target` (the target itself, by id, is left
/// out). Ties go to the later incident, then by id, so the order is stable.
pub fn rank_related(target: &Record, others: &[(PathBuf, Record)]) -> Vec<Relation> {
    let mine = Features::of(target);
    let mut relations: Vec<Relation> = others
        .iter()
        .filter(|(_, r)| r.id != target.id)
        .filter_map(|(path, other)| {
            let theirs = Features::of(other);
            let services = Overlap::of(&mine.services, &theirs.services);
            let change_kinds = Overlap::of(&mine.change_kinds, &theirs.change_kinds);
            let tags = Overlap::of(&mine.tags, &theirs.tags);
            let mut causes = Overlap::of(&mine.causes, &theirs.causes);
            for stem in &mut causes.shared {
                if let Some(word) = mine.words.get(stem) {
                    stem.clone_from(word);
                }
            }
            causes.shared.sort();
            causes.shared.dedup();
            let score = SERVICES_WEIGHT * services.similarity
                + CAUSES_WEIGHT * causes.similarity
                + CHANGE_KINDS_WEIGHT * change_kinds.similarity
                + TAGS_WEIGHT * tags.similarity;
            let shares_something = !(services.is_empty()
                && change_kinds.is_empty()
                && tags.is_empty()
                && causes.is_empty());
            shares_something.then(|| Relation {
                id: other.id.clone(),
                title: other.title.clone(),
                path: path.clone(),
                score,
                linked: target.related.contains(&other.id),
                services,
                change_kinds,
                tags,
                causes,
            })
        })
        .collect();
    let started = |id: &str| {
        others
            .iter()
            .find(|(_, r)| r.id == id)
            .map(|(_, r)| r.times.started)
    };
    relations.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| started(&b.id).cmp(&started(&a.id)))
            .then_with(|| a.id.cmp(&b.id))
    });
    relations
}

/// Loads the archive's records and ranks them against the one with `id`.
pub fn related_in_archive(archive: &Archive, id: &str) -> Result<RelatedReport> {
    let files = archive.record_files(&[])?;
    let loaded: Vec<std::result::Result<(PathBuf, Record), PathBuf>> = files
        .par_iter()
        .map(|path| {
            load_record(path, &archive.settings.limits)
                .map(|l| (l.path, l.record))
                .map_err(|_| path.clone())
        })
        .collect();
    let mut records = Vec::new();
    let mut unreadable = Vec::new();
    for item in loaded {
        match item {
            Ok(r) => records.push(r),
            Err(path) => unreadable.push(path),
        }
    }
    let Some((_, target)) = records.iter().find(|(_, r)| r.id == id) else {
        let closest = records
            .iter()
            .map(|(_, r)| (strsim::jaro_winkler(id, &r.id), r.id.as_str()))
            .filter(|(s, _)| *s > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, id)| format!("; did you mean `{id}`?"))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "no record with id `{id}` in {}{closest}",
            archive.postmortems_dir().display()
        )));
    };
    let target = target.clone();
    let related = rank_related(&target, &records);
    Ok(RelatedReport {
        id: target.id.clone(),
        title: target.title.clone(),
        compared: records.len().saturating_sub(1),
        unreadable,
        related,
    })
}
