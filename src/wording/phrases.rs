//! One automaton for every phrase of every rule, walked once per text.
//!
//! The text is fed to the automaton through a small normaliser, so that a
//! phrase written with one space matches any run of whitespace (line breaks
//! included) and a typographic apostrophe matches a straight one, while match
//! offsets still point into the original text.

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, StartKind};

use super::inflect;
use super::spec::{RuleKind, RuleSpec, MAX_PHRASE_BYTES};
use super::WordingError;

/// What a phrase means to its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhraseRole {
    /// Fires unless the subject is generic.
    Anywhere,
    /// Fires only when a person is the subject.
    WhenPerson,
    /// Makes overlapping matches of its rule innocent.
    Except,
    /// A failure verb; the subject right before it decides.
    Verb,
    /// An object phrase; any person subject in the clause decides.
    Object,
    /// A verb of blaming; the person it is laid on decides.
    Accusation,
    /// A phrase that names a cause; the noun phrase right after it decides.
    Cause,
    /// A word that gives a reason; a person acting in the reason, after harm, decides.
    Reason,
    /// A word that tells what came of an act; a person acting after it, with a sanction or
    /// an apology before it, decides.
    Sequel,
    /// A question opener; a person as the subject of the question decides.
    Question,
    /// A condition opener; a person's past act supposed otherwise decides.
    Condition,
    /// A charge, a conviction or a dismissal with its reason; a person charged with an act
    /// decides.
    Charge,
    /// A cleft ("it was", "the one who"); a person in its focus who acted decides.
    Cleft,
}

/// A whole-word occurrence of a phrase in the original text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub rule: usize,
    pub role: PhraseRole,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug)]
struct PatternInfo {
    rule: usize,
    role: PhraseRole,
    /// Length in normalised bytes.
    len: usize,
}

#[derive(Debug)]
pub(crate) struct PhraseMatcher {
    dfa: Option<DFA>,
    patterns: Vec<PatternInfo>,
}

/// Fed positions remembered to map a match back to the original text; a
/// power of two above the longest phrase.
const RING: usize = 256;
const _: () = assert!(RING > MAX_PHRASE_BYTES);

impl PhraseMatcher {
    pub(crate) fn build<'a>(
        specs: impl Iterator<Item = &'a RuleSpec>,
    ) -> Result<PhraseMatcher, WordingError> {
        let mut texts = Vec::new();
        let mut patterns = Vec::new();
        for (rule, spec) in specs.enumerate() {
            if spec.kind == RuleKind::Regex {
                continue;
            }
            let lists = [
                (&spec.phrases, PhraseRole::Anywhere),
                (&spec.when_person, PhraseRole::WhenPerson),
                (&spec.except, PhraseRole::Except),
                (&spec.verbs, PhraseRole::Verb),
                (&spec.objects, PhraseRole::Object),
                (&spec.accusations, PhraseRole::Accusation),
                (&spec.causes, PhraseRole::Cause),
                (&spec.reasons, PhraseRole::Reason),
                (&spec.sequels, PhraseRole::Sequel),
                (&spec.questions, PhraseRole::Question),
                (&spec.conditions, PhraseRole::Condition),
                (&spec.charges, PhraseRole::Charge),
                (&spec.clefts, PhraseRole::Cleft),
            ];
            for (list, role) in lists {
                for phrase in list {
                    // A harm verb also matches after "managed to", "ended up" (inflect.rs).
                    let catenatives = match role {
                        PhraseRole::Verb => inflect::catenative_forms(phrase),
                        _ => Vec::new(),
                    };
                    for text in std::iter::once(phrase.as_str())
                        .chain(catenatives.iter().map(String::as_str))
                    {
                        let normal = normalise(text);
                        // The rules file's own phrases were held to the cap when loaded; a
                        // derived form that would pass it is left out rather than refused.
                        if normal.is_empty() || normal.len() > MAX_PHRASE_BYTES {
                            continue;
                        }
                        patterns.push(PatternInfo {
                            rule,
                            role,
                            len: normal.len(),
                        });
                        texts.push(normal);
                    }
                }
            }
        }
        let dfa = if texts.is_empty() {
            None
        } else {
            Some(
                DFA::builder()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .start_kind(StartKind::Unanchored)
                    .prefilter(false)
                    .build(&texts)?,
            )
        };
        Ok(PhraseMatcher { dfa, patterns })
    }

    /// Every whole-word occurrence of every phrase, overlapping ones included.
    /// Allocates only when something matches.
    pub(crate) fn find(&self, text: &str) -> Vec<Candidate> {
        let mut found = Vec::new();
        let Some(dfa) = &self.dfa else {
            return found;
        };
        let Ok(mut state) = dfa.start_state(Anchored::No) else {
            return found;
        };
        let bytes = text.as_bytes();
        let mut fed_at = [0usize; RING];
        let mut fed = 0usize;
        let mut in_space = false;
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            let mut width = 1;
            let input = if byte.is_ascii_whitespace() {
                if in_space {
                    i += 1;
                    continue;
                }
                in_space = true;
                b' '
            } else {
                in_space = false;
                if byte == 0xE2
                    && bytes.get(i + 1) == Some(&0x80)
                    && matches!(bytes.get(i + 2), Some(0x98) | Some(0x99))
                {
                    width = 3;
                    b'\''
                } else {
                    byte
                }
            };
            fed_at[fed % RING] = i;
            fed += 1;
            state = dfa.next_state(Anchored::No, state, input);
            if dfa.is_special(state) && dfa.is_match(state) {
                let end = i + width;
                for index in 0..dfa.match_len(state) {
                    let pattern = dfa.match_pattern(state, index).as_usize();
                    let Some(info) = self.patterns.get(pattern) else {
                        continue;
                    };
                    if info.len > fed || info.len > RING {
                        continue;
                    }
                    let start = fed_at[(fed - info.len) % RING];
                    if is_whole_word(text, start, end)
                        && !text.get(start..end).is_some_and(is_acronym)
                    {
                        found.push(Candidate {
                            rule: info.rule,
                            role: info.role,
                            start,
                            end,
                        });
                    }
                }
            }
            i += width;
        }
        found
    }
}

/// A short word in capitals is an acronym, not the word it spells: "LAX" is the airport,
/// not lax. Longer runs of capitals are shouting and still count ("CARELESS").
fn is_acronym(matched: &str) -> bool {
    (2..=4).contains(&matched.len()) && matched.bytes().all(|b| b.is_ascii_uppercase())
}

/// Lower case, whitespace runs to one space, typographic apostrophes to straight ones.
fn normalise(phrase: &str) -> String {
    let mut out = String::with_capacity(phrase.len());
    for word in phrase.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2018}' | '\u{2019}' => out.push('\''),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// No letter or digit touches the match, and no hyphen joins it to one
/// ("non-obvious" does not contain "obvious", "Justin" does not contain "just").
pub(crate) fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    let mut back = before.chars().rev();
    match back.next() {
        Some(c) if is_word_char(c) => return false,
        Some('-') if back.next().is_some_and(is_word_char) => return false,
        _ => {}
    }
    let mut forward = after.chars();
    match forward.next() {
        Some(c) if is_word_char(c) => return false,
        Some('-') if forward.next().is_some_and(is_word_char) => return false,
        _ => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_capitals_are_acronyms() {
        assert!(is_acronym("LAX"));
        assert!(!is_acronym("lax"));
        assert!(!is_acronym("Lax"));
        assert!(!is_acronym("CARELESS"));
    }

    #[test]
    fn whole_words_only() {
        assert!(is_whole_word("it was just so", 7, 11));
        assert!(!is_whole_word("Justin said", 0, 4));
        assert!(!is_whole_word("adjust it", 2, 6));
        assert!(!is_whole_word("a non-obvious bug", 6, 13));
    }

    #[test]
    fn normalises_phrases() {
        assert_eq!(normalise("  Should\n  Have "), "should have");
        assert_eq!(normalise("didn\u{2019}t"), "didn't");
    }
}
