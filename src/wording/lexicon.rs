//! What the blame judgement knows of meaning: the word lists of `rules/lexicon.yaml`.
//!
//! The judgement (`judgement.rs`) reads the clause around a cue with a small grammar that
//! stays in code (determiners, auxiliaries, prepositions, clause words). Which verbs only a
//! person does, which nouns name a fault of a system, which verbs befall someone rather
//! than being done: those are lists a maintainer wants to change without reading Rust, so
//! they are data, compiled in, and checked when a rule set is built.

use serde::Deserialize;

pub(crate) const BUILTIN_LEXICON: &str = include_str!("../../rules/lexicon.yaml");

/// Everything that can be wrong with a lexicon file.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("the lexicon file is not valid: {0}")]
    File(#[from] yaml_serde::Error),
    #[error("the lexicon file has a list `{id}`, which the judgement does not read")]
    UnknownList { id: String },
    #[error("the lexicon file has no list `{id}`")]
    MissingList { id: String },
    #[error("the lexicon file has the list `{id}` twice")]
    DuplicateList { id: String },
    #[error("lexicon list `{id}`: {problem}")]
    InvalidWord { id: String, problem: String },
    #[error("`{id}` is not one of the judgement's word lists; they are {known}")]
    UnknownExtraList { id: String, known: String },
    #[error("`{id}`: {problem}")]
    InvalidExtraWord { id: String, problem: String },
}

/// The lists, by what the judgement reads them for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Words {
    InquiryVerbs,
    ReportingVerbs,
    PersonCompounds,
    PresentMarkers,
    WhoQuestionOpeners,
    SufferingVerbs,
    MentalVerbs,
    RemedialVerbs,
    Verdicts,
    VerdictVerbs,
    SeekVerbs,
    ApologyNouns,
    MadeErrors,
    SystemFaults,
    TimeNouns,
    HumanSlips,
    SafeguardVerbs,
    Acts,
    States,
    IndividualVerbs,
    HumanVerbs,
    PeoplePlurals,
    KnowingVerbs,
    TopicNouns,
    SoftwareRoles,
    MachineModifiers,
    Departments,
    Changes,
    SystemVerbs,
    Offences,
    FaultyMarks,
    SpentMarks,
    Plans,
}

impl Words {
    pub(crate) const ALL: [Words; 33] = [
        Words::InquiryVerbs,
        Words::ReportingVerbs,
        Words::PersonCompounds,
        Words::PresentMarkers,
        Words::WhoQuestionOpeners,
        Words::SufferingVerbs,
        Words::MentalVerbs,
        Words::RemedialVerbs,
        Words::Verdicts,
        Words::VerdictVerbs,
        Words::SeekVerbs,
        Words::ApologyNouns,
        Words::MadeErrors,
        Words::SystemFaults,
        Words::TimeNouns,
        Words::HumanSlips,
        Words::SafeguardVerbs,
        Words::Acts,
        Words::States,
        Words::IndividualVerbs,
        Words::HumanVerbs,
        Words::PeoplePlurals,
        Words::KnowingVerbs,
        Words::TopicNouns,
        Words::SoftwareRoles,
        Words::MachineModifiers,
        Words::Departments,
        Words::Changes,
        Words::SystemVerbs,
        Words::Offences,
        Words::FaultyMarks,
        Words::SpentMarks,
        Words::Plans,
    ];

    /// The list a lexicon file or `lint.words` names by `id`.
    fn from_id(id: &str) -> Option<Words> {
        Words::ALL.iter().copied().find(|w| w.id() == id)
    }

    /// The list's id in the lexicon file.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Words::InquiryVerbs => "inquiry-verbs",
            Words::ReportingVerbs => "reporting-verbs",
            Words::PersonCompounds => "person-compounds",
            Words::PresentMarkers => "present-markers",
            Words::WhoQuestionOpeners => "who-question-openers",
            Words::SufferingVerbs => "suffering-verbs",
            Words::MentalVerbs => "mental-verbs",
            Words::RemedialVerbs => "remedial-verbs",
            Words::Verdicts => "verdicts",
            Words::VerdictVerbs => "verdict-verbs",
            Words::SeekVerbs => "seek-verbs",
            Words::ApologyNouns => "apology-nouns",
            Words::MadeErrors => "made-errors",
            Words::SystemFaults => "system-faults",
            Words::TimeNouns => "time-nouns",
            Words::HumanSlips => "human-slips",
            Words::SafeguardVerbs => "safeguard-verbs",
            Words::Acts => "acts",
            Words::States => "states",
            Words::IndividualVerbs => "individual-verbs",
            Words::HumanVerbs => "human-verbs",
            Words::PeoplePlurals => "people-plurals",
            Words::KnowingVerbs => "knowing-verbs",
            Words::TopicNouns => "topic-nouns",
            Words::SoftwareRoles => "software-roles",
            Words::MachineModifiers => "machine-modifiers",
            Words::Departments => "departments",
            Words::Changes => "changes",
            Words::SystemVerbs => "system-verbs",
            Words::Offences => "offences",
            Words::FaultyMarks => "faulty-marks",
            Words::SpentMarks => "spent-marks",
            Words::Plans => "plans",
        }
    }
}

/// One list as the file has it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordList {
    pub id: String,
    /// What the list is for, and which reading uses it.
    pub about: String,
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    lists: Vec<WordList>,
}

/// The lists, ready to look words up in.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    /// Indexed by `Words as usize`, each sorted: the judgement looks words up for every
    /// token of a sentence with a cue, and a binary search over a few dozen short words
    /// beats hashing each one (bench/wording.sh).
    lists: Vec<Vec<String>>,
}

impl Lexicon {
    pub(crate) fn builtin() -> Result<Lexicon, LexiconError> {
        Lexicon::parse(BUILTIN_LEXICON)
    }

    /// Reads a lexicon file: every list the judgement reads, once, and no other; words
    /// lower case, trimmed, without spaces, each once in its list.
    pub(crate) fn parse(text: &str) -> Result<Lexicon, LexiconError> {
        let lists = word_lists(text)?;
        let mut sorted: Vec<Option<Vec<String>>> = vec![None; Words::ALL.len()];
        for list in lists {
            let Some(which) = Words::from_id(&list.id) else {
                return Err(LexiconError::UnknownList { id: list.id });
            };
            let slot = &mut sorted[which as usize];
            if slot.is_some() {
                return Err(LexiconError::DuplicateList { id: list.id });
            }
            if let Some(problem) = list
                .words
                .iter()
                .find_map(|w| word_problem(w).map(|p| (w, p)))
            {
                return Err(LexiconError::InvalidWord {
                    problem: format!("`{}` {}", problem.0, problem.1),
                    id: list.id,
                });
            }
            let mut words = list.words;
            words.sort_unstable();
            if let Some(pair) = words.windows(2).find(|pair| pair[0] == pair[1]) {
                return Err(LexiconError::InvalidWord {
                    problem: format!("`{}` is in the list twice", pair[0]),
                    id: list.id,
                });
            }
            *slot = Some(words);
        }
        let mut lexicon = Lexicon::default();
        for (which, words) in Words::ALL.iter().zip(sorted) {
            let Some(words) = words else {
                return Err(LexiconError::MissingList {
                    id: which.id().to_owned(),
                });
            };
            lexicon.lists.push(words);
        }
        Ok(lexicon)
    }

    /// Adds an archive's own words (`lint.words` in `whys.yaml`) to the lists they name.
    /// Words are trimmed, lower-cased and given straight apostrophes, as the judgement reads
    /// a sentence's words; a word already in its list is left as it is.
    pub(crate) fn extend(
        &mut self,
        extra: &std::collections::BTreeMap<String, Vec<String>>,
    ) -> Result<(), LexiconError> {
        for (id, words) in extra {
            let Some(list) = Words::from_id(id) else {
                let known: Vec<&str> = Words::ALL.iter().map(|w| w.id()).collect();
                return Err(LexiconError::UnknownExtraList {
                    id: id.clone(),
                    known: known.join(", "),
                });
            };
            for word in words {
                let word = word.trim().to_lowercase().replace('\u{2019}', "'");
                if let Some(problem) = word_problem(&word) {
                    return Err(LexiconError::InvalidExtraWord {
                        id: id.clone(),
                        problem: format!("`{word}` {problem}"),
                    });
                }
                if let Some(sorted) = self.lists.get_mut(list as usize) {
                    if let Err(at) = sorted.binary_search(&word) {
                        sorted.insert(at, word);
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether `word` (lower case) is in the list.
    pub(crate) fn has(&self, list: Words, word: &str) -> bool {
        self.lists
            .get(list as usize)
            .is_some_and(|words| words.binary_search_by(|w| w.as_str().cmp(word)).is_ok())
    }

    /// Whether `word` starts with a word of the list ("restored" with "restore").
    pub(crate) fn starts(&self, list: Words, word: &str) -> bool {
        self.lists
            .get(list as usize)
            .is_some_and(|words| words.iter().any(|w| word.starts_with(w.as_str())))
    }

    /// The same lexicon with one list emptied: what the judgement reads without it.
    #[cfg(test)]
    pub(crate) fn without(&self, list: Words) -> Lexicon {
        let mut copy = self.clone();
        if let Some(words) = copy.lists.get_mut(list as usize) {
            words.clear();
        }
        copy
    }
}

/// What is wrong with a word of a list, if anything.
fn word_problem(word: &str) -> Option<&'static str> {
    if word.is_empty() || word.trim() != word {
        Some("is empty or has spaces around it")
    } else if word.contains(char::is_whitespace) {
        Some("is more than one word")
    } else if word.to_lowercase() != word {
        Some("is not lower case")
    } else if word.contains('\u{2019}') {
        Some("has a typographic apostrophe; the judgement reads straight ones")
    } else {
        None
    }
}

/// The lists of a lexicon file, in its order, as written (for documentation).
pub fn word_lists(text: &str) -> Result<Vec<WordList>, LexiconError> {
    let file: LexiconFile = yaml_serde::from_str(text)?;
    Ok(file.lists)
}

/// The built-in lists, in the file's order.
pub fn builtin_word_lists() -> Result<Vec<WordList>, LexiconError> {
    word_lists(BUILTIN_LEXICON)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lexicon_has_every_list() {
        let lexicon = Lexicon::builtin().unwrap();
        for list in Words::ALL {
            assert!(
                lexicon.lists[list as usize].len() >= 3,
                "{} has fewer than three words",
                list.id()
            );
        }
        assert!(lexicon.has(Words::HumanVerbs, "mistyped"));
        assert!(lexicon.starts(Words::RemedialVerbs, "restored"));
        assert!(!lexicon.has(Words::HumanVerbs, "restored"));
    }

    /// Rules as data, kept honest: each list is what makes some rule's own `fire:` or
    /// `quiet:` example come out as it says. A list nothing depends on fails here, and a new
    /// list comes with the example that shows what it is for.
    #[test]
    fn every_list_decides_some_rule_example() {
        let rules = crate::wording::RuleSet::builtin().unwrap();
        let lexicon = Lexicon::builtin().unwrap();
        let ctx = crate::wording::ScanContext::default();
        let mut idle = Vec::new();
        for list in Words::ALL {
            let without = crate::wording::RuleSet::builtin()
                .unwrap()
                .with_lexicon(lexicon.without(list));
            let failures: Vec<String> = rules
                .rules()
                .flat_map(|spec| without.example_failures(spec, &ctx))
                .collect();
            if failures.is_empty() {
                idle.push(list.id());
            }
        }
        assert!(idle.is_empty(), "no rule example depends on: {idle:?}");
    }

    #[test]
    fn a_broken_lexicon_is_named_not_panicked_on() {
        let missing = Lexicon::parse("lists: []").unwrap_err();
        assert!(
            matches!(missing, LexiconError::MissingList { .. }),
            "{missing}"
        );
        let unknown = Lexicon::parse("lists: [{id: colours, about: x, words: [red]}]").unwrap_err();
        assert_eq!(
            unknown.to_string(),
            "the lexicon file has a list `colours`, which the judgement does not read"
        );
        let upper = BUILTIN_LEXICON.replacen("      - approved", "      - Approved", 1);
        let err = Lexicon::parse(&upper).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lexicon list `human-verbs`: `Approved` is not lower case"
        );
        let twice = BUILTIN_LEXICON.replacen("      - approved", "      - forgot", 1);
        let err = Lexicon::parse(&twice).unwrap_err();
        assert!(
            err.to_string().contains("`forgot` is in the list twice"),
            "{err}"
        );
        let field = Lexicon::parse("lists: [{id: acts, about: x, words: [a], extra: 1}]");
        assert!(matches!(field, Err(LexiconError::File(_))));
    }
}
