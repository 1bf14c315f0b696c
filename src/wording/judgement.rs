//! The judgement of a blame cue in its sentence: who acts (a person, a generic "anyone", a
//! thing, or an actor the passive leaves unnamed) and whether the sentence judges that act.
//!
//! The phrase automaton finds cues ("failed to", "accidentally", "should have"); this
//! module reads the words of the cue's sentence to decide. It is a small heuristic
//! grammar, not a parser: clauses are cut at punctuation and clause words, the subject is
//! the noun phrase before the first verb-like word, "they" is resolved to the nearest
//! plural noun before it, a passive's actor is its "by" phrase. The families follow the
//! labelling guideline, `docs/blameless.md`.

use super::lexicon::{Lexicon, Words};
use super::sentences::Token;
use super::spec::Judgement;
use super::subject::{Roster, Vocabulary};

/// Who performs the act a cue is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Actor {
    /// A person, pronoun, role, team or a possessive of one: token range of the words.
    Person(usize, usize),
    /// "anyone", "no engineer": a statement about everyone is not blame.
    Generic,
    /// A system, a thing, an event.
    Thing,
    /// A passive without its "by" phrase: someone did it, unnamed.
    Unnamed,
    /// No subject found.
    Nothing,
}

impl Actor {
    /// The actor when it is a person, else none.
    fn person(self) -> Option<Actor> {
        matches!(self, Actor::Person(..)).then_some(self)
    }
}

/// Words that open a clause of their own.
const CLAUSE_STARTS: &[&str] = &[
    "because", "when", "after", "before", "while", "since", "although", "though", "until",
    "unless", "if", "so", "that", "which", "where", "whereas", "as", "who", "whom", "and", "but",
    "or", "yet", "once", "whether", "what", "why", "how",
];
const COORDINATORS: &[&str] = &["and", "but", "or", "yet", "so", "then"];

/// Clause words that open an adverbial clause hanging from another clause ("while
/// troubleshooting", "as low risk"), not a clause that states its own fact ("that ...").
const ADVERBIAL_OPENERS: &[&str] = &[
    "because", "when", "after", "before", "while", "since", "although", "though", "until",
    "unless", "if", "as", "once",
];

/// Where a noun phrase's head has ended ("the engineer on call", "Bob without review").
const PREPOSITIONS: &[&str] = &[
    "of", "on", "in", "at", "for", "from", "with", "to", "during", "without", "before", "after",
    "via", "through", "about", "against", "under", "over", "into", "onto", "than", "by", "outside",
    "beyond", "within", "inside", "between", "across", "among", "amid", "behind", "along",
    "toward", "towards", "upon", "around",
];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "one", "two", "three", "several", "some",
    "both", "another", "each", "all", "many", "few", "multiple", "other", "its", "of", "to", "on",
    "in", "for", "from", "with", "between", "across", "into", "onto", "over", "under", "by",
];

/// Auxiliaries, modals and negations: where a subject noun phrase ends.
const AUXILIARIES: &[&str] = &[
    "was",
    "were",
    "is",
    "are",
    "am",
    "be",
    "been",
    "being",
    "had",
    "has",
    "have",
    "did",
    "does",
    "do",
    "not",
    "never",
    "also",
    "again",
    "still",
    "already",
    "yet",
    "just",
    "simply",
    "may",
    "might",
    "must",
    "could",
    "would",
    "should",
    "can",
    "will",
    "shall",
    "ought",
    "then",
    "first",
    "once",
    "all",
    "both",
    "himself",
    "herself",
    "themselves",
    "cannot",
    "obviously",
    "clearly",
    "only",
    "having",
    "certainly",
    "usually",
    "actually",
    "merely",
];

/// Verbs of carrying that harm only with a particle of harm after their object ("took the
/// homepage down"; `carried_to_harm`). "let" harms with the lapse of what it let go ("let
/// the certificate expire"), "left" with a state that exposes what it left
/// (`EXPOSED_STATES`).
const PARTICLE_VERBS: &[&str] = &[
    "took", "brought", "knocked", "locked", "logged", "let", "left",
];

/// The particles that make a verb of `PARTICLE_VERBS` harm.
const HARM_PARTICLES: &[&str] = &[
    "down",
    "offline",
    "out",
    "halt",
    "standstill",
    "knees",
    "expire",
    "lapse",
];

/// Verbs that publish what they carry (or write it where it will be read: "hard-coded the
/// password into the script"), or move it out of the organisation's hands ("emailed the
/// customer list to his personal account"): harm only when what they carry is a secret
/// (`SECRET_NOUNS`) or where it went is a person's own (`published_secret`).
const PUBLISHING_VERBS: &[&str] = &[
    "committed",
    "pushed",
    "pasted",
    "posted",
    "uploaded",
    "published",
    "hard-coded",
    "hardcoded",
    "emailed",
    "forwarded",
    "copied",
    "downloaded",
];

/// What "left" can leave a thing as that exposes it ("left the database unencrypted", "left
/// an unpatched server facing the internet"); "left the old nodes running" is often the
/// plan. "open" and "public" expose only toward outsiders (`OUTSIDERS`) or as an open port
/// or bucket: "left the ticket open until the fix was verified" is bookkeeping.
const EXPOSED_STATES: &[&str] = &[
    "exposed",
    "unencrypted",
    "unprotected",
    "unlocked",
    "unsecured",
    "unpatched",
    "publicly",
];

/// What "left" can leave a thing as that exposes it only toward outsiders or as a port or a
/// bucket (`OUTSIDERS`, `OPENINGS`).
const OPEN_STATES: &[&str] = &["open", "public"];

/// Who an open thing is open to when leaving it so exposes it ("open to the public").
const OUTSIDERS: &[&str] = &[
    "public",
    "internet",
    "world",
    "anyone",
    "everyone",
    "outsiders",
];

/// What is exposed by being open ("left an open port", "left the bucket open").
const OPENINGS: &[&str] = &["port", "ports", "bucket", "buckets", "share", "firewall"];

/// Where what is published is read by outsiders (`published_secret`).
const PUBLIC_PLACES: &[&str] = &[
    "public",
    "publicly",
    "github",
    "gist",
    "pastebin",
    "slack",
    "channel",
    "forum",
    "chat",
    "plaintext",
    "plain",
    "internet",
    "twitter",
    "ticket",
    "wiki",
];

/// What a person must not publish: a verb of publishing with one of these in its object, in
/// a commit or a public place, is the leak itself ("pasted the production password into a
/// public channel").
const SECRET_NOUNS: &[&str] = &[
    "key",
    "keys",
    "token",
    "tokens",
    "password",
    "passwords",
    "credential",
    "credentials",
    "secret",
    "secrets",
];

/// A verb that harms only with the right words after it (`carried_to_harm`): a verb of
/// carrying or of publishing, in any case.
pub(crate) fn is_carrying_verb(word: &str) -> bool {
    PARTICLE_VERBS
        .iter()
        .chain(PUBLISHING_VERBS)
        .any(|verb| word.eq_ignore_ascii_case(verb))
}

/// Whether the text after a verb of `is_carrying_verb` (lower-cased) holds any word that could
/// make it harm: the scan looks for one in the raw text before reading the sentence (mod.rs:
/// `may_be_read`), a cheap test that may say yes wrongly, never no.
pub(crate) fn may_carry_harm(after: &str) -> bool {
    HARM_PARTICLES
        .iter()
        .chain(EXPOSED_STATES)
        .chain(SECRET_NOUNS)
        .chain(OPEN_STATES)
        .chain(&["personal"])
        .any(|word| after.contains(word))
}

/// Verbs of removal: harm when they remove the system or its data, the response when they
/// remove the problem ("deleted the old secrets", "purged the cache after rolling back").
const REMOVAL_VERBS: &[&str] = &[
    "deleted",
    "dropped",
    "deactivated",
    "killed",
    "purged",
    "erased",
    "wiped",
    "truncated",
    "destroyed",
    "revoked",
    "disabled",
    "removed",
    "terminated",
];

/// A chat or code-review handle names one person ("@okafor signed off on the pull
/// request"); Slack's broadcast mentions ("@here", "@channel") name nobody in particular.
fn is_personal_handle(token: &Token<'_>) -> bool {
    token.handle && !matches!(token.low.as_str(), "here" | "channel" | "everyone" | "all")
}

/// Past participles that are neither a past form above nor end in -ed.
const PAST_PARTICIPLES: &[&str] = &[
    "taken",
    "seen",
    "done",
    "known",
    "run",
    "read",
    "written",
    "given",
    "gone",
    "put",
    "set",
    "shut",
    "cut",
    "let",
    "hit",
    "spoken",
    "chosen",
    "driven",
    "forgotten",
    "gotten",
    "shown",
    "thrown",
    "woken",
    "stolen",
    "broken",
    "begun",
    "drawn",
    "flown",
    "ridden",
    "risen",
    "undertaken",
    "overseen",
    "rewritten",
    "withdrawn",
    "mistaken",
];

/// Whether `word` (lower case) is a past participle: a regular -ed form, a past form
/// that does not end in -ed, or a participle of its own ("taken", "written").
fn is_past_participle(word: &str) -> bool {
    word.len() > 3 && word.ends_with("ed") && !word.ends_with("eed")
        || IRREGULAR_PAST.contains(&word)
        || PAST_PARTICIPLES.contains(&word)
        || is_redone_past(word)
}

/// An irregular past with a hyphened "re-" before it: "re-sent", "re-ran", "re-run" ("re-deployed" already ends in "-ed").
fn is_redone_past(word: &str) -> bool {
    word.strip_prefix("re-")
        .is_some_and(|stem| IRREGULAR_PAST.contains(&stem) || PAST_PARTICIPLES.contains(&stem))
}

/// Past forms that do not end in -ed.
const IRREGULAR_PAST: &[&str] = &[
    "ran",
    "made",
    "took",
    "broke",
    "forgot",
    "went",
    "left",
    "sent",
    "wrote",
    "saw",
    "knew",
    "thought",
    "got",
    "gave",
    "lost",
    "told",
    "brought",
    "began",
    "chose",
    "drove",
    "fell",
    "found",
    "held",
    "kept",
    "led",
    "meant",
    "spent",
    "stood",
    "understood",
    "won",
    "caught",
    "came",
    "became",
    "built",
    "said",
    "felt",
    "heard",
    "paid",
    "sold",
    "taught",
    "threw",
    "blew",
    "grew",
    "drew",
    "flew",
    "fought",
    "bought",
    "sought",
    "dealt",
    "hung",
    "met",
    "rode",
    "rose",
    "sat",
    "slept",
    "struck",
    "stuck",
    "swept",
    "woke",
    "wrote",
    "shot",
    "hid",
    "froze",
    "overrode",
    "undid",
    "withdrew",
    "mistook",
    "misread",
    "misunderstood",
    "understood",
    "misled",
    "forgotten",
    "taken",
    "written",
    "given",
    "done",
    "seen",
    "known",
    "broken",
    "shown",
    "begun",
    "gone",
    "run",
    "hit",
    "put",
    "set",
    "cut",
    "shut",
    "quit",
];

const PAST_AUXILIARIES: &[&str] = &[
    "was", "were", "had", "did", "didn't", "wasn't", "weren't", "hadn't", "been", "'d",
];

/// What a sentence must tell of before a reason for it to judge the person acting in the
/// reason (see [`Reader::acting_reason`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grounds {
    /// Harm: an outage, a crash, data lost (`harms` of the rules file), before "because".
    Harm,
    /// A sanction or an apology (`sanctions`), before "after".
    Sanction,
}

/// Two-word phrases that give a reason: "because of the rotted boards", "due to a bug".
const REASON_PHRASES: &[(&str, &str)] = &[
    ("because", "of"),
    ("due", "to"),
    ("owing", "to"),
    ("thanks", "to"),
];

/// Words ending in s that are not plural nouns.
const NOT_PLURAL: &[&str] = &[
    "was",
    "has",
    "does",
    "is",
    "this",
    "its",
    "yes",
    "always",
    "perhaps",
    "sometimes",
    "across",
    "unless",
    "whereas",
    "besides",
    "towards",
    "afterwards",
    "thus",
    "plus",
    "minus",
    "as",
    "us",
    "less",
    "status",
    "alias",
    "analysis",
    "basis",
    "series",
    "news",
    "dns",
    "aws",
    "kubernetes",
    "redis",
    "postgres",
    "its",
    "hers",
    "ours",
    "yours",
    "theirs",
    "lets",
    "says",
];

/// Whether a word ends a noun phrase read backwards from its head: a clause word ("if",
/// "that"), an auxiliary ("was", "had") or a preposition. "much sooner if the governor":
/// the phrase is "the governor".
pub(crate) fn bounds_noun_phrase(low: &str) -> bool {
    CLAUSE_STARTS.contains(&low) || AUXILIARIES.contains(&low) || PREPOSITIONS.contains(&low)
}

/// A possessive pronoun that stands alone after "was" or "is": "the change was mine", "the
/// mistake was all hers".
fn is_owning_pronoun(low: &str) -> bool {
    matches!(low, "mine" | "his" | "hers" | "theirs" | "ours" | "yours")
}

/// "they" and its forms: people, or the things named before them.
fn is_plural_pronoun(low: &str) -> bool {
    matches!(low, "they" | "them" | "their" | "theirs" | "themselves")
}

/// A possessive: "Bob's", "the engineers'", "his", "our" (lower-cased).
pub(crate) fn is_possessive(low: &str) -> bool {
    low.ends_with("'s")
        || low.ends_with("s'")
        || matches!(low, "his" | "her" | "their" | "my" | "our" | "your")
}

/// An adverb that may stand between a subject and its verb, or open a clause before the
/// subject: "we then restarted", "Obviously the engineer should have".
fn is_verb_adverb(low: &str) -> bool {
    is_ly_adverb(low) || matches!(low, "then" | "also" | "still" | "just" | "only" | "later")
}

fn is_ly_adverb(low: &str) -> bool {
    low.len() > 4
        && low.ends_with("ly")
        && !matches!(
            low,
            "supply"
                | "reply"
                | "apply"
                | "family"
                | "assembly"
                | "anomaly"
                | "emily"
                | "kelly"
                | "holly"
                | "sally"
                | "molly"
                | "ally"
                | "only"
        )
}

/// Pronouns that can be the subject of a clause and name people ("you" is read apart: it is as
/// often the reader addressed).
const PERSONAL_SUBJECTS: &[&str] = &["i", "we", "he", "she", "they"];

/// Numbers written as words, and the words that count like them ("a few", "several").
const NUMBER_WORDS: &[&str] = &[
    "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "sixty", "ninety", "few", "several",
];

fn is_past_form(tokens: &[Token<'_>], i: usize) -> bool {
    let low = tokens[i].low.as_str();
    if PAST_AUXILIARIES.contains(&low) || IRREGULAR_PAST.contains(&low) || is_redone_past(low) {
        return true;
    }
    if low.len() > 3 && low.ends_with("ed") && !low.ends_with("eed") {
        // "the automated check", "is required": an adjective or a present passive.
        // "is often treated": look past adverbs for the auxiliary.
        let mut p = i.checked_sub(1);
        while let Some(k) = p.filter(|&k| {
            k > 0 && {
                let w = tokens[k].low.as_str();
                is_ly_adverb(w) || matches!(w, "often" | "also" | "still" | "now" | "not" | "never")
            }
        }) {
            p = Some(k - 1);
        }
        return match p.map(|p| tokens[p].low.as_str()) {
            // "the crush that killed almost 160 people", "a change that deleted the data":
            // "that" before a past form with an object opens a relative clause; "that
            // failed deploy" is a determiner before an adjective.
            Some("that") => tokens.get(i + 1).is_some_and(|next| {
                let w = next.low.as_str();
                w.chars().next().is_some_and(|c| c.is_ascii_digit())
                    || matches!(
                        w,
                        "the"
                            | "a"
                            | "an"
                            | "all"
                            | "every"
                            | "almost"
                            | "nearly"
                            | "more"
                            | "about"
                            | "some"
                            | "his"
                            | "her"
                            | "their"
                            | "its"
                            | "our"
                            | "my"
                            | "it"
                            | "them"
                            | "him"
                            | "us"
                            | "me"
                            | "thousands"
                            | "hundreds"
                            | "millions"
                    )
            }),
            Some(before) => {
                !DETERMINERS.contains(&before)
                    && !matches!(
                        before,
                        "is" | "are" | "be" | "being" | "am" | "get" | "gets" | "as"
                    )
            }
            None => false,
        };
    }
    false
}

/// Whether a present-tense sentence tells of one incident rather than a rule: a clock time
/// ("11:12 UTC: the switch configurations are erased because of human error") or one
/// incident's harm ("Employee error is to blame for the massive data leak, Wyze says").
fn points_at_incident(tokens: &[Token<'_>], vocabulary: &Vocabulary) -> bool {
    let clock = tokens.iter().enumerate().any(|(k, t)| {
        matches!(t.low.as_str(), "utc" | "gmt")
            || t.break_after
                && t.low.chars().all(|c| c.is_ascii_digit())
                && tokens
                    .get(k + 1)
                    .is_some_and(|n| n.low.len() == 2 && n.low.chars().all(|c| c.is_ascii_digit()))
    });
    let this_harm = (0..tokens.len()).any(|k| {
        vocabulary.is_harm(&tokens[k].low)
            && (k.saturating_sub(3)..k).any(|d| {
                matches!(
                    tokens[d].low.as_str(),
                    "the" | "this" | "last" | "yesterday's"
                ) && !(d + 1..k)
                    .any(|m| matches!(tokens[m].low.as_str(), "a" | "an" | "of" | "reason"))
            })
    });
    clock || this_harm
}

/// One sentence, read once for every cue in it.
pub(crate) struct Sentence<'t> {
    pub tokens: Vec<Token<'t>>,
    /// It states a rule, a lesson or a plan: present or future markers and no past form,
    /// and it points at no one moment or harm of an incident ([`Sentence::new`]).
    pub general: bool,
    /// The words of the sentence before, for "they" that refers across sentences.
    pub before: Vec<Token<'t>>,
    /// It ends with a question mark.
    pub question: bool,
    /// The word lists the sentence is read with.
    pub lexicon: &'t Lexicon,
}

impl<'t> Sentence<'t> {
    fn verb_like(&self, i: usize) -> bool {
        let tokens = &self.tokens;
        let low = tokens[i].low.as_str();
        // "In May 2022": the month, not the modal.
        if low == "may" && i > 0 && tokens[i].text.starts_with('M') {
            return false;
        }
        AUXILIARIES.contains(&low)
            || low.ends_with("n't")
            || is_past_form(tokens, i)
            || is_ly_adverb(low)
            || self.lexicon.has(Words::HumanVerbs, low)
    }

    /// Whether the learned second opinion must leave a cleared cue at word `i` alone: its
    /// actor was read as generic, or as a thing while a pronoun stands before the cue.
    pub(crate) fn second_opinion_barred(&self, actor: Actor, i: usize) -> bool {
        match actor {
            Actor::Generic => true,
            Actor::Thing => self.tokens[..i.min(self.tokens.len())].iter().any(|t| {
                matches!(
                    t.low.as_str(),
                    "they" | "them" | "their" | "it" | "its" | "this" | "these" | "those"
                )
            }),
            _ => false,
        }
    }

    pub(crate) fn new(
        tokens: Vec<Token<'t>>,
        before: Vec<Token<'t>>,
        question: bool,
        vocabulary: &'t Vocabulary,
    ) -> Sentence<'t> {
        let mut past = false;
        let mut present = false;
        // "what happened", "why we did not detect it", "want to know how it happened": a
        // past inside a question clause does not make the sentence a story of the past.
        // "This is how I accidentally took down the site" tells the story: "how" asks only
        // after a verb of finding out.
        let mut in_question = false;
        for i in 0..tokens.len() {
            if tokens[i].masked {
                continue;
            }
            let low = tokens[i].low.as_str();
            let asked = low == "how"
                && i > 0
                && (vocabulary
                    .lexicon()
                    .has(Words::InquiryVerbs, tokens[i - 1].low.as_str())
                    || matches!(
                        tokens[i - 1].low.as_str(),
                        "knows"
                            | "knew"
                            | "wonder"
                            | "wondered"
                            | "wondering"
                            | "understand"
                            | "explain"
                            | "explains"
                            | "out"
                            | "learn"
                            | "asks"
                    ));
            // "is what took the site down", "that is why nobody could post": a cleft tells
            // what brought the outcome about; it asks nothing.
            let cleft = matches!(low, "what" | "why")
                && i > 0
                && matches!(tokens[i - 1].low.as_str(), "is" | "was" | "that's" | "it's");
            if matches!(low, "what" | "why" | "whether") && !cleft || asked {
                in_question = true;
                continue;
            }
            if in_question {
                if tokens[i].comma_after || tokens[i].break_after {
                    in_question = false;
                }
                if vocabulary.lexicon().has(Words::PresentMarkers, low) {
                    present = true;
                }
                continue;
            }
            let perfect_modal = matches!(low, "have" | "'ve")
                && i > 0
                && matches!(
                    tokens[i - 1].low.as_str(),
                    "should"
                        | "could"
                        | "would"
                        | "might"
                        | "must"
                        | "shouldn't"
                        | "couldn't"
                        | "wouldn't"
                        | "to"
                        | "not"
                );
            if is_past_form(&tokens, i) || perfect_modal || low.ends_with("'ve") {
                past = true;
            } else if vocabulary.lexicon().has(Words::PresentMarkers, low) {
                present = true;
            }
        }
        let general = present && !past && !points_at_incident(&tokens, vocabulary);
        Sentence {
            tokens,
            general,
            before,
            question,
            lexicon: vocabulary.lexicon(),
        }
    }

    /// The index of the first word at or after byte `pos`.
    pub(crate) fn index_at(&self, pos: usize) -> Option<usize> {
        self.tokens.iter().position(|t| t.end > pos)
    }

    /// Whether the one-word cue at word `i` is part of a title or a name: a capitalised
    /// word inside the sentence next to another one ("Dekker's book Just Culture", "the House
    /// Oversight Committee"), not a word that opens the sentence.
    pub(crate) fn names_with(&self, i: usize, j: usize) -> bool {
        if j != i + 1 || i == 0 || self.tokens[i - 1].break_after {
            return false;
        }
        let named = |t: &Token<'_>| t.capitalised() && !t.masked && t.low != "i";
        named(&self.tokens[i])
            && (self.tokens.get(i + 1).is_some_and(named)
                || i > 1 && named(&self.tokens[i - 1]) && !self.tokens[i - 1].comma_after)
    }

    /// Whether the cue at word `i` sits in a question about who is to blame, not an answer
    /// to it: an indirect question after a word of finding out or talking about ("find out
    /// whose fault it is", "no conclusion about who is to blame", "the story finishes with
    /// who messed up") or a direct one ("Whose fault is it?"). Looking for blame, or talking
    /// about the looking, is not laying it; "the poster who screwed up" is a relative clause
    /// and still judges the poster.
    pub(crate) fn asks_who(&self, i: usize) -> bool {
        let tokens = &self.tokens;
        let start = self.clause_start(i);
        let Some(k) = (start..=i.min(tokens.len().saturating_sub(1)))
            .find(|&k| matches!(tokens[k].low.as_str(), "who" | "whose"))
        else {
            return false;
        };
        if k == 0 {
            return self.question;
        }
        let before = tokens[k - 1].low.as_str();
        !tokens[k - 1].comma_after
            && (self.lexicon.has(Words::InquiryVerbs, before)
                || self.lexicon.has(Words::WhoQuestionOpeners, before))
    }

    /// The first word of the clause that holds word `i`.
    fn clause_start(&self, i: usize) -> usize {
        let mut j = i;
        while j > 0 {
            let previous = &self.tokens[j - 1];
            if previous.comma_after && !previous.break_after {
                if let Some(head) = self.appositive_before(j) {
                    // "the captain, Graham, mistakenly shut down": the clause goes on past
                    // the name set off by commas, to the noun phrase it names.
                    j = head;
                    continue;
                }
            }
            if previous.break_after || previous.comma_after || self.reports_before(j) {
                return j;
            }
            if self.opens_clause(j - 1) {
                return j - 1;
            }
            j -= 1;
        }
        0
    }

    /// When the words before `j` are an appositive set off by commas, the last word of the
    /// noun phrase it renames: "the captain, Graham," and "Graham, the captain," (one to
    /// four words, no verb; a name after a phrase with a determiner, or a phrase with a
    /// determiner after a name).
    fn appositive_before(&self, j: usize) -> Option<usize> {
        let tokens = &self.tokens;
        let last = j.checked_sub(1)?;
        let mut first = last;
        while first > 0 && !tokens[first - 1].comma_after && !tokens[first - 1].break_after {
            if last - first >= 3 {
                return None;
            }
            first -= 1;
        }
        let head = first.checked_sub(1)?;
        if !tokens[head].comma_after || tokens[head].break_after {
            return None;
        }
        if (first..=last)
            .any(|k| self.verb_like(k) || CLAUSE_STARTS.contains(&tokens[k].low.as_str()))
        {
            return None;
        }
        let words = &tokens[first..=last];
        let names = words.iter().all(|t| t.capitalised() && !t.masked);
        let determined = |t: &Token<'_>| {
            matches!(
                t.low.as_str(),
                "the" | "a" | "an" | "our" | "their" | "his" | "her" | "its" | "my"
            )
        };
        if names {
            // The phrase renamed starts with a determiner: "the first officer, Neil,".
            let start = (head.saturating_sub(4)..=head)
                .rev()
                .take_while(|&k| k == head || !tokens[k].comma_after && !tokens[k].break_after)
                .last()
                .unwrap_or(head);
            let noun = !self.verb_like(head) && !tokens[head].capitalised();
            let opened = (start..head).any(|k| determined(&tokens[k]))
                && !PREPOSITIONS.contains(&tokens[start].low.as_str());
            return (noun && opened).then_some(head);
        }
        let role = determined(&words[0]) && words.iter().skip(1).all(|t| !t.capitalised());
        let named = tokens[head].capitalised()
            && (head == 0 || !PREPOSITIONS.contains(&tokens[head - 1].low.as_str()));
        (role && named && words.len() >= 2).then_some(head)
    }

    /// Whether word `k` opens a clause. "that" before a noun and a preposition ("used that
    /// one by accident", "that day instead of") points at a thing; "once" before a verb ("I
    /// once took down") is an adverb.
    fn opens_clause(&self, k: usize) -> bool {
        let tokens = &self.tokens;
        let low = tokens[k].low.as_str();
        if !CLAUSE_STARTS.contains(&low) {
            return false;
        }
        let next = tokens.get(k + 1);
        match low {
            "that" => {
                let Some(next) = next else {
                    return true;
                };
                if tokens[k].comma_after
                    || self.verb_like(k + 1)
                    || matches!(
                        next.low.as_str(),
                        "the"
                            | "a"
                            | "an"
                            | "this"
                            | "these"
                            | "those"
                            | "his"
                            | "her"
                            | "its"
                            | "their"
                            | "our"
                            | "my"
                            | "your"
                            | "it"
                            | "he"
                            | "she"
                            | "they"
                            | "we"
                            | "i"
                            | "you"
                            | "there"
                    )
                {
                    return true;
                }
                // "an employee of that sub-contractor": after a preposition, "that" points.
                if k > 0
                    && !tokens[k - 1].comma_after
                    && PREPOSITIONS.contains(&tokens[k - 1].low.as_str())
                    && !matches!(tokens[k - 1].low.as_str(), "than" | "before" | "after")
                {
                    return false;
                }
                let after = tokens.get(k + 2);
                let demonstrative = next.comma_after
                    || next.break_after
                    || after.is_none_or(|a| {
                        PREPOSITIONS.contains(&a.low.as_str()) || a.low == "instead"
                    });
                !demonstrative
            }
            "once" => next.is_none_or(|_| !self.verb_like(k + 1)),
            // "the Centers for Medicare and Medicaid Services", "Marks and Spencer": a
            // name that runs on past "and" is one noun phrase.
            "and" | "or" => {
                let named = |t: &Token<'_>| t.capitalised() && !t.masked && t.low != "i";
                !(k > 0
                    && !tokens[k - 1].comma_after
                    && named(&tokens[k - 1])
                    && next.is_some_and(named))
            }
            _ => true,
        }
    }

    /// Whether word `k` starts a reported clause whose "that" is left out: "said HMRC had
    /// not", but not "said that" (the "that" opens it) nor "said in a statement".
    fn reports_before(&self, k: usize) -> bool {
        let (Some(verb), Some(next)) = (
            k.checked_sub(1).map(|v| &self.tokens[v]),
            self.tokens.get(k),
        ) else {
            return false;
        };
        if CLAUSE_STARTS.contains(&next.low.as_str()) || PREPOSITIONS.contains(&next.low.as_str()) {
            return false;
        }
        self.lexicon.has(Words::ReportingVerbs, verb.low.as_str()) || self.content_clause_at(k)
    }

    /// Whether a verb of knowing or seeing right before `k` takes a clause with its own
    /// subject, its "that" left out: a short noun phrase, then an auxiliary ("we did not know
    /// the replica was behind", "they noticed the consumer group was lagging"). "saw the
    /// alert and ignored it" has an object, not a clause.
    pub(crate) fn content_clause_at(&self, k: usize) -> bool {
        let Some(verb) = k.checked_sub(1).map(|v| &self.tokens[v]) else {
            return false;
        };
        let low = verb.low.as_str();
        if !(self.lexicon.has(Words::MentalVerbs, low)
            || self.lexicon.has(Words::KnowingVerbs, low))
            || verb.comma_after
            || verb.break_after
        {
            return false;
        }
        (k + 1..(k + 5).min(self.tokens.len())).any(|a| {
            AUXILIARIES.contains(&self.tokens[a].low.as_str())
                && (k..a).all(|n| {
                    let t = &self.tokens[n];
                    !t.comma_after
                        && !t.break_after
                        && !AUXILIARIES.contains(&t.low.as_str())
                        && !CLAUSE_STARTS.contains(&t.low.as_str())
                        && !PREPOSITIONS.contains(&t.low.as_str())
                        && !COORDINATORS.contains(&t.low.as_str())
                })
        })
    }

    /// One past the last word of the clause that holds word `i`.
    fn clause_end(&self, i: usize) -> usize {
        let mut j = i;
        while j < self.tokens.len() {
            if self.tokens[j].break_after || self.tokens[j].comma_after {
                return j + 1;
            }
            if j > i && self.opens_clause(j) {
                return j;
            }
            if j + 1 > i && self.reports_before(j + 1) {
                return j + 1;
            }
            j += 1;
        }
        self.tokens.len()
    }

    fn is_passive(&self, from: usize, to: usize) -> bool {
        (from..to.min(self.tokens.len())).any(|k| {
            matches!(
                self.tokens[k].low.as_str(),
                "was" | "were" | "been" | "be" | "is" | "are" | "being"
            ) && (k + 1..(k + 3).min(self.tokens.len())).any(|n| {
                let low = self.tokens[n].low.as_str();
                (low.len() > 3 && low.ends_with("ed") && !low.ends_with("eed"))
                    || IRREGULAR_PAST.contains(&low)
            })
        })
    }
}

/// Words that stand where a name could but never name a person: a capitalised one before a
/// verb is no name ("It failed", "They restarted").
const NOT_NAMES: &[&str] = &[
    "they", "it", "this", "that", "these", "those", "there", "what",
];

/// Where the learned reader looks for a sentence's subject: from its first word (after a
/// conditional's "Had" or "If") to its first verb.
fn subject_span(sentence: &Sentence<'_>) -> (usize, usize) {
    let tokens = &sentence.tokens;
    let opener = tokens
        .first()
        .is_some_and(|t| matches!(t.low.as_str(), "had" | "if"));
    let from = usize::from(opener);
    let first_verb = (from..tokens.len())
        .find(|&k| sentence.verb_like(k))
        .unwrap_or(tokens.len());
    (from, first_verb)
}

/// What the judgement needs to know about words.
pub(crate) struct Reader<'a> {
    pub vocabulary: &'a Vocabulary,
    pub roster: &'a Roster,
    /// The text is a step of a 5-Whys chain, which states its cause in the present tense
    /// ("Because employees fail to follow the procedure"): the present tells of the
    /// incident's act there, not of a rule or a plan.
    pub why_step: bool,
}

impl Reader<'_> {
    fn lexicon(&self) -> &Lexicon {
        self.vocabulary.lexicon()
    }

    /// Whether the learned reader may not flag the sentence on its own: a plural pronoun
    /// stands for a thing named before it ("they" after "the tasks"), which a reader of the
    /// sentence alone cannot know; or its subject is everyone ("anyone could have made this
    /// mistake"), which the guideline reads as culture, not blame. The same grounds
    /// bar the second opinion (`second_opinion_barred`).
    pub(crate) fn learned_flag_barred(&self, sentence: &Sentence<'_>) -> bool {
        // Everyone as the subject, before the first verb: "locked everyone out" is not it.
        let first_verb = (0..sentence.tokens.len())
            .find(|&k| sentence.verb_like(k))
            .unwrap_or(sentence.tokens.len());
        sentence
            .tokens
            .iter()
            .enumerate()
            .any(|(k, token)| match self.word_class(sentence, k) {
                Actor::Generic => k < first_verb,
                Actor::Thing => is_plural_pronoun(&token.low),
                _ => false,
            })
    }

    /// Who the learned reader's finding names: the first person word before the sentence's
    /// first verb ("the identity team", "his"), or a lone capitalised word right before it,
    /// which after the encoder's verdict is read as a name the rules' lists lack ("Lee
    /// misconfigured the firewall"). A conditional's "Had" is not that verb.
    pub(crate) fn learned_subject(&self, sentence: &Sentence<'_>) -> Actor {
        let tokens = &sentence.tokens;
        let (from, first_verb) = subject_span(sentence);
        for k in from..first_verb {
            if let Actor::Person(a, b) = self.word_class(sentence, k) {
                return Actor::Person(a, b);
            }
        }
        // Alone: at the start, or after a comma or a colon ("Root cause: Lee dropped ...").
        let named = first_verb > from && first_verb < tokens.len() && {
            let k = first_verb - 1;
            let word = &tokens[k];
            word.capitalised()
                && !word.masked
                && !DETERMINERS.contains(&word.low.as_str())
                && !NOT_NAMES.contains(&word.low.as_str())
                && (k == from || tokens[k - 1].comma_after || tokens[k - 1].break_after)
        };
        if named {
            Actor::Person(first_verb - 1, first_verb)
        } else {
            Actor::Unnamed
        }
    }

    /// The words of the sentence's subject when it is a short noun phrase, not a pronoun: what
    /// the learned reader's finding names when no person word is there ("the customer").
    pub(crate) fn learned_subject_words(&self, sentence: &Sentence<'_>) -> Option<(usize, usize)> {
        let tokens = &sentence.tokens;
        let (from, first_verb) = subject_span(sentence);
        let plain = (from..first_verb).all(|k| {
            let t = &tokens[k];
            !t.masked && (k + 1 == first_verb || !t.comma_after && !t.break_after)
        });
        let pronoun = tokens
            .get(from)
            .is_some_and(|t| NOT_NAMES.contains(&t.low.as_str()) || t.low == "which");
        (plain && !pronoun && first_verb < tokens.len() && (1..=4).contains(&(first_verb - from)))
            .then_some((from, first_verb))
    }

    /// A person word by itself: a name, a role, a pronoun for people, or a possessive of one.
    fn word_class(&self, sentence: &Sentence<'_>, i: usize) -> Actor {
        let Some(token) = sentence.tokens.get(i) else {
            return Actor::Nothing;
        };
        if token.masked {
            return Actor::Thing;
        }
        let low = token.low.as_str();
        if self.vocabulary.is_generic(low) {
            return Actor::Generic;
        }
        // "You might have wiped a server by accident", "some of you may have seen errors":
        // the reader imagined or addressed, not an actor named.
        if low == "you"
            && sentence
                .tokens
                .get(i + 1)
                .is_some_and(|next| matches!(next.low.as_str(), "might" | "may"))
        {
            return Actor::Generic;
        }
        if is_plural_pronoun(low) {
            return self.resolve_plural_pronoun(sentence, i);
        }
        if matches!(low, "it" | "its" | "this" | "that" | "which" | "what") {
            return Actor::Thing;
        }
        if self.names_a_thing(sentence, i) || self.is_machine_role(sentence, i) {
            return Actor::Thing;
        }
        if self.is_acting_department(sentence, i) {
            return Actor::Person(i, i + 1);
        }
        if matches!(low, "his" | "my" | "our" | "your" | "us" | "me") || self.is_person_word(token)
        {
            return Actor::Person(i, i + 1);
        }
        if let Some(stem) = low.strip_suffix("'s").or_else(|| low.strip_suffix('\'')) {
            let capital = token.text.chars().next().is_some_and(char::is_uppercase);
            // The lower-cased stem may differ in length from the text ("’" is one byte
            // shorter as "'"): cut the text at its own apostrophe.
            let stem_text = token
                .text
                .rfind(['\'', '\u{2019}'])
                .map_or(token.text, |at| &token.text[..at]);
            if self.vocabulary.is_subject(stem)
                || (capital && self.vocabulary.is_name(stem_text, self.roster))
                || self.vocabulary.is_word_name(stem_text)
            {
                return Actor::Person(i, i + 1);
            }
        }
        if self.word_name_acts(sentence, i) {
            return Actor::Person(i, i + 1);
        }
        Actor::Thing
    }

    /// Whether the given name at word `i` that is also a word ("Mark", "Pat") acts as a
    /// person: a verb in the past or a modal right after it ("Mark deployed", "Pat didn't
    /// page", "Will should have"), and no determiner before it ("the Grant expired" is a thing).
    fn word_name_acts(&self, sentence: &Sentence<'_>, i: usize) -> bool {
        let tokens = &sentence.tokens;
        self.vocabulary.is_word_name(tokens[i].text)
            && !tokens[i].comma_after
            && !tokens[i].break_after
            && (i == 0 || !DETERMINERS.contains(&tokens[i - 1].low.as_str()))
            && tokens.get(i + 1).is_some_and(|next| {
                !next.capitalised()
                    && (next.low.ends_with("n't")
                        || is_past_form(tokens, i + 1)
                        || matches!(
                            next.low.as_str(),
                            "should" | "could" | "would" | "must" | "never"
                        ))
            })
    }

    /// Whether the possessive at word `k` owns an organisation: "his department accidentally
    /// exposed" tells what the department did, and a department is not a person.
    fn owns_organisation(&self, sentence: &Sentence<'_>, k: usize) -> bool {
        sentence
            .tokens
            .get(k + 1)
            .is_some_and(|t| self.vocabulary.is_organisation(&t.low))
    }

    /// Whether the given name at word `i` names a thing: right after "the" it is a
    /// vessel, a train or a place ("the Rena had been held up", "the John S McCain turned
    /// unintentionally"), not a person. A role or a pronoun is never one.
    fn names_a_thing(&self, sentence: &Sentence<'_>, i: usize) -> bool {
        let Some((before, token)) = joined_to_previous(&sentence.tokens, i) else {
            return false;
        };
        before.low == "the"
            && !self.vocabulary.is_subject(&token.low)
            && self.vocabulary.is_name(token.text, self.roster)
    }

    /// Whether the role word at `i` names a program: one of the lexicon's software roles right
    /// after a machine modifier ("the query planner", "the Kafka broker").
    fn is_machine_role(&self, sentence: &Sentence<'_>, i: usize) -> bool {
        let tokens = &sentence.tokens;
        // "controller B did not take over", "worker 3 crashed": a role numbered or lettered
        // as one of a set of machines.
        let numbered = self.lexicon().has(Words::SoftwareRoles, &tokens[i].low)
            && !tokens[i].comma_after
            && tokens.get(i + 1).is_some_and(|next| {
                next.text.len() == 1 && next.text.chars().all(|c| c.is_ascii_uppercase())
                    || next.text.bytes().all(|b| b.is_ascii_digit())
            });
        if numbered {
            return true;
        }
        let Some((before, token)) = joined_to_previous(tokens, i) else {
            return false;
        };
        self.lexicon().has(Words::SoftwareRoles, &token.low)
            && self.lexicon().has(Words::MachineModifiers, &before.low)
    }

    /// Whether the word at `i` is a team named by what it does, acting: one of the lexicon's
    /// departments, not after a determiner or a modifier, right before an auxiliary or a
    /// verb only people do ("Support didn't tell engineering", "Treasury could have
    /// stopped the payouts"). "Support for IPv6 did not exist" is not one.
    fn is_acting_department(&self, sentence: &Sentence<'_>, i: usize) -> bool {
        let tokens = &sentence.tokens;
        if !self.lexicon().has(Words::Departments, &tokens[i].low) {
            return false;
        }
        let after_modifier = i > 0 && {
            let before = &tokens[i - 1];
            !before.comma_after
                && !before.break_after
                && !CLAUSE_STARTS.contains(&before.low.as_str())
                && !PREPOSITIONS.contains(&before.low.as_str())
                && before.low != "the"
        };
        // ("Security also didn't answer": an adverb may stand before the verb.)
        let mut verb = i + 1;
        while tokens.get(verb).is_some_and(|t| is_verb_adverb(&t.low)) {
            verb += 1;
        }
        !after_modifier
            && tokens.get(verb).is_some_and(|next| {
                matches!(
                    next.low.as_str(),
                    "should"
                        | "shouldn't"
                        | "could"
                        | "couldn't"
                        | "would"
                        | "did"
                        | "didn't"
                        | "had"
                        | "hadn't"
                        | "has"
                        | "hasn't"
                        | "have"
                        | "never"
                        | "skipped"
                        | "ignored"
                        | "forgot"
                        | "missed"
                        | "neglected"
                        | "overlooked"
                        | "chose"
                        | "decided"
                        | "approved"
                        | "signed"
                        | "failed"
                        | "let"
                        | "refused"
                )
            })
    }

    /// The person who is, or whose act is, the subject of the copula at `c` ("is", "was", or
    /// "that's" holding both): "Kevin's flag flip is", "the change that Ben merged was", and
    /// for a pronoun that stands for the clause before it ("Ravi set that schedule, and that
    /// is"), that clause's subject.
    fn copula_subject(&self, sentence: &Sentence<'_>, c: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        let (start, pronoun) = if matches!(low(c), "that's" | "it's" | "which's") {
            (c, true)
        } else {
            let start = sentence.clause_start(c);
            let mut first = start;
            if matches!(low(first), "and" | "so" | "but") {
                first += 1;
            }
            // "that", or "that reordering", "this change": what the clause before told.
            let points_back = matches!(low(first), "that" | "it" | "which" | "this")
                && (c == first + 1 || c == first + 2 && matches!(low(first), "that" | "this"));
            (start, points_back)
        };
        if pronoun {
            // The clause before the pronoun, up to the comma or "and" that ends it; past a
            // phrase with no verb ("moved the batch, ahead of the retry window, and that is
            // what ...") or a clause of time ("moved the write to after the call returns,
            // and that reordering is what ..."), to the act they hang on.
            let mut before = start.checked_sub(1)?;
            for _ in 0..3 {
                while matches!(low(before), "and" | "so" | "but" | "then") {
                    before = before.checked_sub(1)?;
                }
                let main = sentence.clause_start(before);
                if let Some(verb) = (main..=before).find(|&k| sentence.verb_like(k)) {
                    // "We did not have a system for tracking outflows, which is why ...": a
                    // lack, not an act (an omission is read by its own rule).
                    let lack = (verb..=before).any(|k| {
                        matches!(low(k), "not" | "never" | "lacked")
                            || low(k).ends_with("n't")
                            || matches!(low(k), "have" | "had" | "has")
                                && low(k + 1) != "been"
                                && !is_past_participle(low(k + 1))
                    });
                    if lack {
                        return None;
                    }
                    // ("The login was restricted by @rhys.o, and that restriction is why
                    // ...": the agent of a passive.)
                    if let person @ Actor::Person(..) = self.actor(sentence, verb) {
                        return Some(person);
                    }
                    if !matches!(
                        low(main),
                        "after" | "before" | "when" | "while" | "until" | "once" | "since"
                    ) {
                        return None;
                    }
                }
                before = main.checked_sub(1)?;
            }
            return None;
        }
        if let Some(owner) = (start..c).find_map(|k| self.personal_owner(sentence, k)) {
            return Some(owner);
        }
        self.subject(sentence, start, c, 0).person()
    }

    /// For a cue whose subject is "which" right before it ("..., which mistakenly added"):
    /// the person who owns the noun phrase "which" stands for ("Sofia's template edit on
    /// Thursday, which ..."), not a person acting in a clause before it ("the engineer ran
    /// the failover script, which ...").
    fn owner_before_which(&self, sentence: &Sentence<'_>, i: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        let which = (i.saturating_sub(3)..i)
            .rev()
            .find(|&k| low(k) == "which")?;
        if !(which + 1..i).all(|k| is_ly_adverb(low(k)) || low(k) == "then")
            || which == 0
            || !tokens[which - 1].comma_after
        {
            return None;
        }
        for k in (which.saturating_sub(7)..which).rev() {
            if sentence.verb_like(k) || k + 1 < which && tokens[k].comma_after {
                return None;
            }
            if is_possessive(low(k)) {
                return self.personal_owner(sentence, k);
            }
        }
        None
    }

    /// For a verb of causing at `i` right after ", which" ("..., which caused the losses",
    /// "..., which led to the outage"): the person acting in the clause before, when that
    /// clause tells an act (not a state, a thought or a remedy).
    fn act_before_which_caused(&self, sentence: &Sentence<'_>, i: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        let causing = matches!(low(i), "caused" | "triggered")
            || matches!(low(i), "led" | "resulted") && matches!(low(i + 1), "to" | "in");
        if !causing || i < 2 || low(i - 1) != "which" || !tokens[i - 2].comma_after {
            return None;
        }
        let main = sentence.clause_start(i - 2);
        let verb = (main..i - 1).find(|&k| sentence.verb_like(k))?;
        let word = low(verb);
        if matches!(word, "was" | "were" | "is" | "are" | "had" | "has" | "have")
            || self.lexicon().has(Words::MentalVerbs, word)
            || self.is_remedial_act(sentence, verb)
        {
            return None;
        }
        self.subject(sentence, main, verb, 0).person()
    }

    /// The person the possessive at `k` names, when it is one and does not own an
    /// organisation ("Kevin's flag flip", not "our backbone" nor "his department").
    fn personal_owner(&self, sentence: &Sentence<'_>, k: usize) -> Option<Actor> {
        let low = sentence.tokens[k].low.as_str();
        if !is_possessive(low) || low == "our" || self.owns_organisation(sentence, k) {
            return None;
        }
        self.word_class(sentence, k).person()
    }

    /// Whether the subject of the clause from `start` to the modal at `i` is a change made
    /// to a system (the lexicon's `changes`): "the 4.3.0 rollout", "a change touching a
    /// restricted bucket", not "the canary", "the email" or "a key with admin rights".
    fn act_is_subject(&self, sentence: &Sentence<'_>, start: usize, i: usize) -> bool {
        let tokens = &sentence.tokens;
        let first = (start..i).find(|&k| {
            let w = tokens[k].low.as_str();
            !DETERMINERS.contains(&w) && !w.starts_with(|c: char| c.is_ascii_digit())
        });
        let Some(first) = first else {
            return false;
        };
        (first..(first + 3).min(i))
            .take_while(|&k| {
                k == first
                    || !PREPOSITIONS.contains(&tokens[k].low.as_str()) && !sentence.verb_like(k)
            })
            .any(|k| self.lexicon().has(Words::Changes, &tokens[k].low))
    }

    fn is_person_word(&self, token: &Token<'_>) -> bool {
        self.vocabulary.is_subject(&token.low)
            || self.vocabulary.is_name(token.text, self.roster)
            || is_personal_handle(token)
    }

    /// "they" refers to the nearest plural noun before it, in this sentence or the one
    /// before; to people when there is none.
    fn resolve_plural_pronoun(&self, sentence: &Sentence<'_>, i: usize) -> Actor {
        let here = sentence.tokens[..i].iter().rev();
        let there = sentence.before.iter().rev();
        let words: Vec<&Token<'_>> = here.chain(there).collect();
        for (k, token) in words.iter().enumerate() {
            let low = token.low.as_str();
            if self.lexicon().has(Words::PeoplePlurals, low)
                || self.vocabulary.is_subject(low) && low != "they"
            {
                return Actor::Person(i, i + 1);
            }
            let previous = words.get(k + 1).map(|t| t.low.as_str());
            // "the backup systems should have kicked in": a plural after a modifier noun,
            // right before an auxiliary, is the subject of its own clause.
            let next = k
                .checked_sub(1)
                .and_then(|n| words.get(n))
                .map(|t| t.low.as_str());
            let subject_of_auxiliary = next.is_some_and(|n| AUXILIARIES.contains(&n))
                && previous.is_some_and(|p| p.chars().all(|c| c.is_ascii_lowercase()))
                && is_plural_noun(low, None);
            // "these access rules", "our new servers": a plural determiner or a possessive
            // two or three words before, with only lower-case modifiers between, opens the
            // noun phrase the -s word ends.
            let determined = is_plural_noun(low, None)
                && (2..=3).any(|step| {
                    words.get(k + step).is_some_and(|d| {
                        matches!(
                            d.low.as_str(),
                            "these" | "those" | "our" | "their" | "its" | "his" | "her" | "my"
                        )
                    }) && (1..step).all(|m| {
                        words.get(k + m).is_some_and(|w| {
                            !w.comma_after
                                && !w.break_after
                                && w.low.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                                && !AUXILIARIES.contains(&w.low.as_str())
                                && !PREPOSITIONS.contains(&w.low.as_str())
                                && !self.lexicon().has(Words::PeoplePlurals, w.low.as_str())
                                && !self.vocabulary.is_subject(&w.low)
                        })
                    })
                });
            if is_plural_noun(low, previous) || subject_of_auxiliary || determined {
                return Actor::Thing;
            }
        }
        Actor::Person(i, i + 1)
    }

    /// The subject of the clause that starts at `start`, before word `limit`.
    fn subject(&self, sentence: &Sentence<'_>, start: usize, limit: usize, depth: u8) -> Actor {
        let tokens = &sentence.tokens;
        if let person @ Actor::Person(..) = self.pronoun_before(sentence, start, limit) {
            return person;
        }
        let mut first = start;
        let opener = tokens.get(start).map(|t| t.low.as_str()).unwrap_or("");
        if CLAUSE_STARTS.contains(&opener) {
            first += 1;
        }
        // "Obviously the engineer should have ...": adverbs before the subject.
        while first < limit.min(tokens.len()) && {
            let low = tokens[first].low.as_str();
            is_verb_adverb(low)
        } {
            first += 1;
        }
        // "A more experienced operator", "the untrained engineer": a past form between a
        // determiner or a degree word and a noun describes the noun.
        let attributive = |k: usize| {
            k > first
                && is_past_form(tokens, k)
                && !AUXILIARIES.contains(&tokens[k].low.as_str())
                && !tokens[k].comma_after
                && matches!(
                    tokens[k - 1].low.as_str(),
                    "a" | "an" | "the" | "more" | "most" | "less" | "very" | "well" | "highly"
                )
                && tokens.get(k + 1).is_some_and(|next| {
                    !sentence.verb_like(k + 1)
                        && !DETERMINERS.contains(&next.low.as_str())
                        && !PREPOSITIONS.contains(&next.low.as_str())
                })
        };
        // "Luis, who owns the key ring, let the key lapse": after "who" the next word is the
        // verb, whatever its tense, unless a subject of its own starts there ("the engineer
        // who the manager blamed").
        let who_then_verb = matches!(opener, "who" | "whom")
            && tokens.get(first).is_some_and(|t| {
                !DETERMINERS.contains(&t.low.as_str())
                    && !PERSONAL_SUBJECTS.contains(&t.low.as_str())
                    && !is_possessive(&t.low)
                    && !t.capitalised()
            });
        let mut end = first;
        while !who_then_verb
            && end < limit
            && end < tokens.len()
            && end - first < 8
            // "Will failed to", "Drew deleted": a name that is also a verb still leads.
            && (!sentence.verb_like(end)
                || attributive(end)
                || end == first && self.word_name_acts(sentence, end))
        {
            if tokens[end].break_after || tokens[end].comma_after {
                end += 1;
                break;
            }
            end += 1;
        }
        // "a countermeasure, which we think may have tripped": a verb of saying or belief
        // between a relative word and its verb is said in passing; the relative word is the
        // subject.
        let aside = matches!(opener, "which" | "that")
            && tokens
                .get(first)
                .is_some_and(|t| t.low == "you" || PERSONAL_SUBJECTS.contains(&t.low.as_str()))
            && tokens.get(first + 1).is_some_and(|verb| {
                self.lexicon().has(Words::ReportingVerbs, &verb.low)
                    || self.lexicon().has(Words::MentalVerbs, &verb.low)
            })
            // The relative word's own verb comes right after the verb of belief.
            && (end == first + 1 || end == first + 2)
            && end < limit;
        if aside {
            return Actor::Thing;
        }
        if end == first {
            // No subject of its own: "... and forgot to", "an engineer who skipped".
            if depth > 3 || start == 0 {
                return Actor::Nothing;
            }
            return match opener {
                "who" | "whom" => match start.checked_sub(1) {
                    Some(antecedent) => match self.word_class(sentence, antecedent) {
                        Actor::Person(a, b) => Actor::Person(a, b),
                        Actor::Generic => Actor::Generic,
                        _ => Actor::Thing,
                    },
                    None => Actor::Thing,
                },
                "which" | "that" => Actor::Thing,
                o if COORDINATORS.contains(&o) || tokens[start - 1].comma_after => {
                    // "I opened the breakers while troubleshooting and forgot to log them",
                    // "used a procedure rated as low risk and brought the work forward": a
                    // verb coordinated past a subordinate clause shares the subject of the
                    // clause that clause hangs from.
                    let mut previous = sentence.clause_start(start - 1);
                    while previous > 0 && {
                        // Only a clause with no verb of its own ("while troubleshooting", "as
                        // zero risk"): "because we had built retries ... and never refined
                        // them" coordinates inside the because-clause.
                        let low = tokens[previous].low.as_str();
                        ADVERBIAL_OPENERS.contains(&low)
                            && !(previous + 1..start).any(|k| sentence.verb_like(k))
                            // "He picked what turned out to be a standard message and
                            // accidentally sent it": a clause that names the object.
                            || matches!(low, "what" | "which")
                                && !tokens[previous - 1].comma_after
                                && !tokens[previous - 1].break_after
                            // "He knew the replica was behind and deleted it": the verb after
                            // "and" goes with "knew", not with the clause "knew" took.
                            || sentence.content_clause_at(previous)
                    } {
                        previous = sentence.clause_start(previous - 1);
                    }
                    self.subject(sentence, previous, start, depth + 1)
                }
                _ => Actor::Nothing,
            };
        }
        self.noun_phrase(sentence, first, end)
    }

    /// "after the database was restored we didn't restart", "In the first 24 hours we
    /// failed to": a subject pronoun right before the verb (past adverbs) is its subject
    /// whatever the scan from the clause's start makes of the words before it. Not after a
    /// generic, a comparison or an inverting auxiliary: "nothing we could have done", "later
    /// than we would have liked", "at no point had he decided".
    fn pronoun_before(&self, sentence: &Sentence<'_>, start: usize, limit: usize) -> Actor {
        let tokens = &sentence.tokens;
        let mut near = limit.min(tokens.len());
        while near > start + 1 && { is_verb_adverb(tokens[near - 1].low.as_str()) } {
            near -= 1;
        }
        if near < start + 2 {
            return Actor::Nothing;
        }
        let before = &tokens[near - 2];
        if !PERSONAL_SUBJECTS.contains(&tokens[near - 1].low.as_str())
            || before.comma_after
            || before.break_after
            || self.vocabulary.is_generic(&before.low)
            || AUXILIARIES.contains(&before.low.as_str())
            || matches!(
                before.low.as_str(),
                "than" | "as" | "nothing" | "point" | "all"
            )
        {
            return Actor::Nothing;
        }
        match self.word_class(sentence, near - 1) {
            person @ Actor::Person(..) => person,
            _ => Actor::Nothing,
        }
    }

    /// The class of the noun phrase `first..end`: a generic determiner, a possessive
    /// person, or its head noun (the last word before a preposition).
    fn noun_phrase(&self, sentence: &Sentence<'_>, first: usize, end: usize) -> Actor {
        let tokens = &sentence.tokens;
        let end = end.min(tokens.len());
        // "one of the employees", "some of its contractors": the people counted.
        let mut first = first;
        if first + 2 < end
            && tokens[first + 1].low == "of"
            && matches!(
                tokens[first].low.as_str(),
                "one" | "some" | "two" | "three" | "several" | "many" | "most" | "both"
            )
        {
            first += 2;
            while first + 1 < end && DETERMINERS.contains(&tokens[first].low.as_str()) {
                first += 1;
            }
        }
        if first >= end {
            return Actor::Nothing;
        }
        let generic = (first..end).any(|k| {
            let low = tokens[k].low.as_str();
            matches!(low, "any" | "every" | "no" | "each") || self.vocabulary.is_generic(low)
        });
        if generic {
            return Actor::Generic;
        }
        // "the new code we deployed had a bug", "the work I had been doing had caused": a
        // pronoun after a thing that a determiner opens starts a relative clause about the
        // thing, which is the subject ("the next day we deleted" is a time, then the subject).
        if end >= first + 3
            && matches!(
                tokens[first].low.as_str(),
                "the" | "a" | "an" | "this" | "that" | "these" | "those"
            )
            && (tokens[end - 1].low == "you"
                || PERSONAL_SUBJECTS.contains(&tokens[end - 1].low.as_str()))
            && !self.is_person_word(&tokens[end - 2])
            && !self
                .lexicon()
                .has(Words::TimeNouns, tokens[end - 2].low.as_str())
            && !(first..end - 1).any(|k| tokens[k].comma_after || tokens[k].break_after)
        {
            return Actor::Thing;
        }
        // "In about three seconds I deleted ...": a person word right before the verb.
        // Not after "of": "the processes of the firm and its contractors had not" is about
        // the processes.
        // ("one of the firm's technicians" is still the technician).
        let of_phrase = (first + 1..end.saturating_sub(1)).any(|k| {
            tokens[k].low == "of"
                && !matches!(
                    tokens[k - 1].low.as_str(),
                    "one"
                        | "some"
                        | "many"
                        | "several"
                        | "two"
                        | "three"
                        | "none"
                        | "each"
                        | "most"
                        | "all"
                        | "any"
                        | "either"
                        | "neither"
                        | "both"
                )
        });
        if end > first + 1 && !of_phrase {
            if let person @ Actor::Person(..) = self.word_class(sentence, end - 1) {
                let low = tokens[end - 1].low.as_str();
                if !low.ends_with("'s")
                    && !self.lexicon().has(Words::PersonCompounds, low)
                    && low != "our"
                {
                    return person;
                }
            }
        }
        let mut head = first;
        for k in first..end {
            let low = tokens[k].low.as_str();
            if matches!(low, "any" | "every" | "no" | "each") || self.vocabulary.is_generic(low) {
                return Actor::Generic;
            }
            if k > first && PREPOSITIONS.contains(&low) {
                break;
            }
            if let person @ Actor::Person(..) = self.word_class(sentence, k) {
                // A possessive or a pronoun anywhere before the head is the actor. "our"
                // before a thing is the organisation writing ("our backbone network").
                let owns =
                    low.ends_with("'s") || matches!(low, "his" | "her" | "their" | "my" | "your");
                if low == "our" {
                    continue;
                }
                if owns && self.owns_organisation(sentence, k) {
                    continue;
                }
                if owns {
                    return person;
                }
                if k + 1 == end || !self.is_modifier(sentence, k, end) {
                    // "the on-call engineer": the whole run of person words.
                    let mut last = k + 1;
                    while last < end && self.is_person_word(&tokens[last]) {
                        last += 1;
                    }
                    return Actor::Person(k, last);
                }
            }
            head = k;
        }
        match self.word_class(sentence, head) {
            Actor::Person(a, b) => Actor::Person(a, b),
            Actor::Generic => Actor::Generic,
            _ => {
                // An unknown capitalised word alone before a verb only people do: a name.
                let token = &tokens[head];
                let alone = head == first && end == first + 1;
                let verb = tokens.get(end).map(|t| t.low.as_str()).unwrap_or("");
                let pronoun = NOT_NAMES.contains(&token.low.as_str());
                if alone
                    && token.capitalised()
                    && !token.masked
                    && !pronoun
                    && self.lexicon().has(Words::IndividualVerbs, verb)
                {
                    Actor::Person(head, head + 1)
                } else {
                    Actor::Thing
                }
            }
        }
    }

    /// A person word used as a modifier ("the operator console"): another noun follows it
    /// in the phrase.
    fn is_modifier(&self, sentence: &Sentence<'_>, k: usize, end: usize) -> bool {
        (k + 1..end).next().is_some_and(|n| {
            self.lexicon()
                .has(Words::PersonCompounds, sentence.tokens[n].low.as_str())
        })
    }

    /// The actor of the act that word `i` belongs to.
    pub(crate) fn actor(&self, sentence: &Sentence<'_>, i: usize) -> Actor {
        let start = sentence.clause_start(i);
        let end = sentence.clause_end(i);
        if let Some(person) = self.shared_subject(sentence, start, i) {
            return person;
        }
        // The verb group around the cue decides, not a passive later in the clause: "we
        // didn't take care to make sure they were powered" is active. A past form right
        // before "by" is a passive without its auxiliary ("slowdowns, usually caused by
        // network problems"): its actor is after "by", not the subject before it.
        let cue = sentence.tokens[i].low.as_str();
        let reduced_passive = sentence.tokens.get(i + 1).is_some_and(|t| t.low == "by")
            && (cue.ends_with("ed") || IRREGULAR_PAST.contains(&cue));
        if reduced_passive || sentence.is_passive(start, end.min(i + 5)) {
            // "sent out by mistake" names no actor.
            // "wiped out by an IT blunder": a slip is always someone's, so the phrase
            // hides a person as "by mistake" does.
            let by_agent = (start..end).find(|&k| {
                sentence.tokens[k].low == "by"
                    && !matches!(
                        sentence.tokens.get(k + 1).map(|t| t.low.as_str()),
                        Some("mistake" | "accident" | "error" | "design" | "default" | "hand")
                    )
                    && !(k > i
                        && (k + 1..(k + 4).min(end)).any(|m| {
                            self.lexicon()
                                .has(Words::HumanSlips, sentence.tokens[m].low.as_str())
                        }))
            });
            if let Some(by) = by_agent {
                let mut first = by + 1;
                while first < end && DETERMINERS.contains(&sentence.tokens[first].low.as_str()) {
                    first += 1;
                }
                let last = (first + 4).min(end);
                let stop = (first..last)
                    .find(|&k| sentence.verb_like(k) || sentence.tokens[k].comma_after)
                    .map_or(last, |k| k + 1);
                if first < stop {
                    return self.noun_phrase(sentence, first, stop);
                }
            }
            // "was wrongly served with a 200 status", "were wrongly reported as archived": a
            // passive of what a system does to requests and records hides no person.
            let system_did = (i.saturating_sub(3)..(i + 3).min(end)).any(|k| {
                self.lexicon()
                    .has(Words::SystemVerbs, sentence.tokens[k].low.as_str())
            });
            return match self.subject(sentence, start, i, 0) {
                Actor::Generic => Actor::Generic,
                _ if system_did => Actor::Thing,
                _ => Actor::Unnamed,
            };
        }
        self.subject(sentence, start, i, 0)
    }

    /// The person who is the subject of the clause before a verb joined to it by "and",
    /// "but" or "then" with no subject of its own: "Marcus applied the new policy and
    /// knocked a third of the network offline", "the analyst saw the indicator but did not
    /// escalate it". None when the joined clause has a subject, or the one before is not a
    /// person.
    fn shared_subject(&self, sentence: &Sentence<'_>, start: usize, i: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        if start == 0 || !matches!(low(start), "and" | "but" | "then" | "yet") {
            return None;
        }
        let bare = (start + 1..i).all(|k| {
            let w = low(k);
            is_ly_adverb(w)
                || AUXILIARIES.contains(&w)
                || matches!(
                    w,
                    "not" | "never" | "also" | "then" | "later" | "still" | "soon"
                )
        });
        if !bare {
            return None;
        }
        let previous = start - 1;
        let main = sentence.clause_start(previous);
        let verb = (main..=previous).find(|&k| sentence.verb_like(k))?;
        // "Two workers were hit and killed": the subject of a passive suffered the act.
        if self.is_remedial_act(sentence, verb) || sentence.is_passive(main, start) {
            return None;
        }
        self.subject(sentence, main, verb, 0).person()
    }

    /// Whether the verb at `k` is a step of the response in the past tense: "restarted",
    /// "reverted", "restored", "rolled back" (the lexicon's `remedial-verbs`).
    fn is_remedial_act(&self, sentence: &Sentence<'_>, k: usize) -> bool {
        let tokens = &sentence.tokens;
        let w = tokens[k].low.as_str();
        let stem = |suffix: &str| w.strip_suffix(suffix).unwrap_or(w);
        w.ends_with('d')
            && [stem("ed"), stem("d")]
                .iter()
                .any(|s| self.lexicon().has(Words::RemedialVerbs, s))
            || w == "rolled" && tokens.get(k + 1).is_some_and(|t| t.low == "back")
    }

    /// For the last step of a 5-Whys chain: the person who acts in its first clause, when
    /// no later clause gives a system reason ("..., and the tool accepted any list").
    pub(crate) fn cause(&self, sentence: &Sentence<'_>) -> Option<Actor> {
        if sentence.general {
            return None;
        }
        let tokens = &sentence.tokens;
        let verb = (0..tokens.len()).find(|&k| sentence.verb_like(k))?;
        let actor = self.actor(sentence, verb);
        let Actor::Person(a, b) = actor else {
            return None;
        };
        // "My alarm clock didn't go off": the step is about the person's thing.
        if is_possessive(&tokens[a].low)
            && tokens.get(a + 1).is_some_and(|t| !self.is_person_word(t))
        {
            return None;
        }
        // "The operator was not familiar with the procedure", "the electrician was off
        // sick": a person's state is not an act the chain stops at; "fell down the steps
        // because of the rotted boards": the step names the thing that caused it.
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        if matches!(
            low(verb),
            "was" | "were" | "is" | "are" | "am" | "be" | "been"
        ) || self.lexicon().has(Words::MentalVerbs, low(verb))
        {
            return None;
        }
        let thing_reason =
            (verb..tokens.len()).any(|k| REASON_PHRASES.contains(&(low(k), low(k + 1))));
        if thing_reason {
            return None;
        }
        let mut k = sentence.clause_end(verb);
        while k < tokens.len() && k >= b {
            let end = sentence.clause_end(k);
            // A clause with a subject and a verb of its own.
            if let Some(limit) = (k + 1..end).find(|&n| sentence.verb_like(n)) {
                if self.subject(sentence, k, limit, 0) == Actor::Thing {
                    return None;
                }
            }
            if end <= k {
                break;
            }
            k = end;
        }
        Some(actor)
    }

    /// The last word before the verb group that precedes word `i`, when it is a person.
    fn nearest_agent(&self, sentence: &Sentence<'_>, i: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let start = sentence.clause_start(i);
        let mut k = i;
        while k > start && !sentence.verb_like(k - 1) {
            k -= 1;
        }
        while k > start && sentence.verb_like(k - 1) {
            k -= 1;
        }
        let word = k.checked_sub(1).filter(|&w| w >= start)?;
        if self
            .lexicon()
            .has(Words::PersonCompounds, tokens[word].low.as_str())
        {
            return None;
        }
        self.word_class(sentence, word).person()
    }

    /// Whether the subject noun phrase of the clause that starts at word `from` (its words
    /// before the first verb, and before `limit`) is an organisation: a noun of the rules'
    /// `organisations`, or a proper name ("Cloudflare", "CrowdStrike") that is not a
    /// person's, inside the sentence or written in mixed case.
    fn organisation_before(&self, sentence: &Sentence<'_>, from: usize, limit: usize) -> bool {
        let tokens = &sentence.tokens;
        let mut first = from;
        if tokens
            .get(first)
            .is_some_and(|t| CLAUSE_STARTS.contains(&t.low.as_str()))
        {
            first += 1;
        }
        // The head: the last word before a preposition or the verb ("a limit on the BGP
        // sessions would have" is a limit).
        let mut head = None;
        for (k, token) in tokens.iter().enumerate().take(limit).skip(first) {
            let low = token.low.as_str();
            if sentence.verb_like(k) || (k > first && PREPOSITIONS.contains(&low)) {
                break;
            }
            head = Some(k);
            if token.comma_after {
                break;
            }
        }
        let Some(k) = head else {
            return false;
        };
        let token = &tokens[k];
        if token.masked {
            return false;
        }
        let low = token.low.as_str();
        if self.vocabulary.is_organisation(low) {
            return true;
        }
        let mut chars = token.text.chars();
        let capital = chars.next().is_some_and(char::is_uppercase);
        let inner_capital = chars.clone().any(char::is_uppercase);
        let word = chars.all(|c| c.is_alphanumeric() || c == '-');
        let opens = k == 0 || tokens[k - 1].break_after;
        capital && word && (inner_capital || !opens) && low != "i" && !self.is_person_word(token)
    }

    /// The person that the noun phrase starting at word `from` names: "an engineer
    /// disconnecting the power", "the contractor's team", "human operators". Only the
    /// phrase's own words count, up to a preposition or a verb ("a lack of training for
    /// operators" names a lack, not the operators).
    /// For a question opener ending before word `j` ("how could", "why didn't"): the person
    /// who is the subject of the question, when the sentence is a question about a past act:
    /// someone else's, or the writer's own when it looks back ("how could I have", "how could
    /// we not"). "How could the crew have missed the lighthouse?"
    /// judges the crew; "Why did the check pass?" asks about the system, and "why did we
    /// not detect it?" is the inquiry a review makes.
    pub(crate) fn questioned(&self, sentence: &Sentence<'_>, j: usize) -> Option<Actor> {
        if !sentence.question {
            return None;
        }
        let tokens = &sentence.tokens;
        // "How did two reviewers not see it?": "how did" judges only when it asks why an act
        // was not done; "how did the failure spread?" is the inquiry itself.
        let plain_how = j >= 2
            && tokens[j - 2].low == "how"
            && matches!(tokens[j - 1].low.as_str(), "did" | "do" | "does");
        if plain_how
            && !(j..(j + 6).min(tokens.len()))
                .any(|k| matches!(tokens[k].low.as_str(), "not" | "never"))
        {
            return None;
        }
        let end = (j..tokens.len())
            .find(|&k| sentence.verb_like(k) || tokens[k].comma_after || tokens[k].break_after)
            .map_or(tokens.len(), |k| k + 1);
        // "How could the reviewer approve a change without asking?" in the present tense
        // still asks about one person's act when the person is named or definite; "how
        // could an operator know?" asks about anyone.
        let definite = |a: usize| {
            a > 0 && matches!(tokens[a - 1].low.as_str(), "the" | "that" | "this")
                || tokens[a].handle
                || self.vocabulary.is_name(tokens[a].text, self.roster)
        };
        (j..end.min(j + 5)).find_map(|k| match self.word_class(sentence, k) {
            Actor::Person(a, _) if sentence.general && !definite(a) => None,
            // The writer asking about their own past act ("how could I have forgotten?",
            // "how could we not see it?") judges it too; "how could we make this
            // better?" asks about what comes next.
            Actor::Person(a, b)
                if !matches!(
                    tokens[a].low.as_str(),
                    "we" | "i" | "us" | "me" | "our" | "my"
                ) || tokens[b..(b + 3).min(tokens.len())]
                    .iter()
                    .any(|t| t.low == "have" || t.low == "not") =>
            {
                Some(Actor::Person(a, b))
            }
            Actor::Generic if !sentence.general => Some(Actor::Generic),
            _ => None,
        })
    }

    /// The actor of a condition opened by "had" at word `had`, before the main clause's cue
    /// at `i`: "Had they checked ...", "Had the operators, or ..., kept ..." (the subject
    /// follows "had"); "Had the block been applied at the first alert" (a passive act
    /// supposed otherwise judges whoever did not do it, as "if it had been tested" does).
    fn fronted_condition_actor(&self, sentence: &Sentence<'_>, had: usize, i: usize) -> Actor {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        let end = (had + 1..i)
            .find(|&k| sentence.verb_like(k) || tokens[k].comma_after)
            .map_or(i, |k| if tokens[k].comma_after { k + 1 } else { k });
        if low(end) == "been" && is_past_participle(low(end + 1)) {
            Actor::Unnamed
        } else {
            self.noun_phrase(sentence, had + 1, end.max(had + 2).min(i))
        }
    }

    /// The actor of a condition put after its main clause with "had" first ("the incident
    /// would not have happened had the runbook been followed", "… shorter had the on-call
    /// escalated"), read from word `j` on: a passive act supposed otherwise judges whoever
    /// did not do it (unnamed), an active one its subject when that is a person. "… which
    /// we had deployed" is no condition: a past perfect has its subject before "had", and
    /// the participle right after it.
    fn inverted_condition_after(&self, sentence: &Sentence<'_>, j: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        let end = sentence.clause_end(j);
        let had = (j..end).find(|&k| low(k) == "had")?;
        if had == 0 || matches!(low(had - 1), "have" | "would" | "could" | "might" | "'d") {
            return None;
        }
        let verb = (had + 1..(had + 6).min(tokens.len())).find(|&k| sentence.verb_like(k))?;
        let passive = low(verb) == "been";
        if verb == had + 1 || !passive && !is_past_participle(low(verb)) {
            return None;
        }
        match self.fronted_condition_actor(sentence, had, verb + 1) {
            person @ Actor::Person(..) if !passive => Some(person),
            Actor::Unnamed if passive => Some(Actor::Unnamed),
            _ => None,
        }
    }

    /// Where a condition opened by "had" starts the sentence or a clause before word `i`
    /// ("Had they checked the host, ...").
    fn fronted_had(&self, sentence: &Sentence<'_>, i: usize) -> Option<usize> {
        let tokens = &sentence.tokens;
        (0..i.min(tokens.len()))
            .find(|&k| tokens[k].low == "had" && (k == 0 || tokens[k - 1].break_after))
    }

    /// For a condition opener at words `i..j` ("if"): the person whose past act the
    /// condition supposes otherwise, "if the reviewer had opened the plan output", "if only
    /// he had remembered his password", "if they had not cut the staff": the subject before
    /// "had", then a past participle. Quiet for a thing as the subject ("if the trains had
    /// carried the equipment"), for "had been" (what the person was given or told is the
    /// system's part), for "had" as a verb of having ("if he had a pager"), and for "even
    /// if", "as if" and a condition asked ("she asked if he had checked").
    pub(crate) fn supposed_otherwise(
        &self,
        sentence: &Sentence<'_>,
        i: usize,
        j: usize,
    ) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        if i > 0
            && (matches!(low(i - 1), "even" | "as" | "only")
                || self.lexicon().has(Words::InquiryVerbs, low(i - 1))
                || matches!(low(i - 1), "wondered" | "wonder" | "unsure" | "sure"))
        {
            return None;
        }
        let first = if low(j) == "only" { j + 1 } else { j };
        let had = (first + 1..(first + 6).min(tokens.len()))
            .find(|&k| low(k) == "had" || tokens[k - 1].comma_after || tokens[k - 1].break_after)?;
        if low(had) != "had" || (first..had).any(|k| sentence.verb_like(k)) {
            return None;
        }
        let mut verb = had + 1;
        while verb < tokens.len()
            && (matches!(
                low(verb),
                "not" | "never" | "only" | "just" | "actually" | "first" | "ever" | "even"
            ) || is_ly_adverb(low(verb)))
        {
            verb += 1;
        }
        let participle = low(verb);
        if participle == "been" || participle == "had" || !is_past_participle(participle) {
            return None;
        }
        self.subject(sentence, first, had, 0).person()
    }

    /// For a phrase that names a cause, ending before word `j`: the person it names.
    /// "caused by an engineer's change": right after the phrase; "the cause of the
    /// grounding was the skipper falling asleep": after the verb "to be" that follows the
    /// thing caused.
    pub(crate) fn named_cause(&self, sentence: &Sentence<'_>, j: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let ends_with_of = j > 1
            && tokens[j - 1].low == "of"
            && matches!(tokens[j - 2].low.as_str(), "cause" | "causes" | "factor");
        if !ends_with_of {
            return self.person_after(sentence, j);
        }
        // The first copula, unless the clause breaks off before it.
        let is_copula = |k: usize| matches!(tokens[k].low.as_str(), "was" | "is" | "were" | "are");
        let stop =
            (j..(j + 8).min(tokens.len())).find(|&k| is_copula(k) || tokens[k].break_after)?;
        if !is_copula(stop) {
            return None;
        }
        self.person_after(sentence, stop + 1)
    }

    pub(crate) fn person_after(&self, sentence: &Sentence<'_>, from: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let mut first = from;
        while first < tokens.len() && DETERMINERS.contains(&tokens[first].low.as_str()) {
            // "Because of this, messages we had accepted were lost": a determiner that ends
            // the phrase stands for a thing said before it.
            if tokens[first].comma_after || tokens[first].break_after {
                return None;
            }
            first += 1;
        }
        let end = (first..(first + 4).min(tokens.len()))
            .find(|&k| {
                // "an engineer disconnecting the power": an -ing word with an object is the
                // person's act; "operator training combined with ..." is a noun.
                let gerund = tokens[k].low.ends_with("ing")
                    && tokens.get(k + 1).is_none_or(|next| {
                        DETERMINERS.contains(&next.low.as_str())
                            || matches!(
                                next.low.as_str(),
                                "his"
                                    | "her"
                                    | "their"
                                    | "it"
                                    | "up"
                                    | "down"
                                    | "off"
                                    | "out"
                                    | "and"
                            )
                    });
                // "a change by Harriet that added the regex": a relative clause ends it.
                let relative = k > first && matches!(tokens[k].low.as_str(), "that" | "who");
                sentence.verb_like(k)
                    || gerund
                    || relative
                    || PREPOSITIONS.contains(&tokens[k].low.as_str())
            })
            .unwrap_or((first + 4).min(tokens.len()));
        // "Because of this DNS error, many people could not": the phrase ends at its comma.
        let end = (first..end)
            .find(|&k| tokens[k].comma_after)
            .map_or(end, |k| k + 1);
        // "a developer's local test suite": a person's possessive in the phrase.
        for (k, token) in tokens.iter().enumerate().take(end).skip(first) {
            let low = token.low.as_str();
            if low.ends_with("'s") || low.ends_with("s'") {
                if let person @ Actor::Person(..) = self.word_class(sentence, k) {
                    return (!denied(sentence, from, from)).then_some(person);
                }
            }
        }
        // "a manual change that Mei had made", "the change Mei made": the person in the
        // relative clause right after the phrase made the thing it names.
        let relative = if tokens
            .get(end)
            .is_some_and(|t| matches!(t.low.as_str(), "that" | "which"))
        {
            end + 1
        } else {
            end
        };
        if let Some(person @ Actor::Person(..)) = (relative < tokens.len())
            .then(|| self.word_class(sentence, relative))
            .filter(|_| {
                tokens
                    .get(relative + 1)
                    .is_some_and(|_| sentence.verb_like(relative + 1))
            })
        {
            return (!denied(sentence, from, from)).then_some(person);
        }
        // "a VCL change by Harriet", "a manual change made by an engineer": the maker named
        // after "by".
        let made_by =
            tokens.get(end + 1).is_some_and(|t| t.low == "by") && is_past_form(tokens, end);
        let by = if made_by { end + 1 } else { end };
        if tokens.get(by).is_some_and(|t| t.low == "by") && end > first {
            if let Some(person) = self.person_after(sentence, by + 1) {
                return Some(person);
            }
        }
        // The head, the phrase's last word, must be the person: "poor operator training"
        // is training.
        let head = end.checked_sub(1).filter(|&h| h >= first)?;
        match self.word_class(sentence, head) {
            Actor::Person(..) if !denied(sentence, from, from) => {
                let mut start = head;
                while start > first && self.is_person_word(&tokens[start - 1]) {
                    start -= 1;
                }
                Some(Actor::Person(start, head + 1))
            }
            _ => None,
        }
    }

    /// For a word that gives a reason ("because") or tells what came of an act ("after") at
    /// words `i..j`: the person who acts in the reason, when the sentence tells before it of
    /// what `grounds` asks for: harm ("the agency lost an orbiter because a contractor's team
    /// used English units"), or a sanction or an apology ("the council was fined after an
    /// employee emailed the file"). Not a person's state, thought or suffering ("because the
    /// operator was waiting for approval", "because they believed", "after a worker died"),
    /// nor an omission, which the omission cues judge.
    pub(crate) fn acting_reason(
        &self,
        sentence: &Sentence<'_>,
        i: usize,
        j: usize,
        grounds: Grounds,
    ) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        if sentence.general && !self.why_step {
            return None;
        }
        let told = (0..i).any(|k| match grounds {
            Grounds::Harm => self.vocabulary.is_harm(low(k)),
            Grounds::Sanction => self.vocabulary.is_sanction(low(k)),
        });
        if !told {
            return None;
        }
        let end = sentence.clause_end(j);
        let verb = (j..end).find(|&k| sentence.verb_like(k))?;
        let actor = self.noun_phrase(sentence, j, verb);
        let Actor::Person(..) = actor else {
            return None;
        };
        let word = low(verb);
        let not_an_act = matches!(word, "was" | "were" | "is" | "are" | "had" | "has" | "have")
            || (self.lexicon().has(Words::MentalVerbs, word) && word != "decided")
            || self.lexicon().has(Words::SufferingVerbs, word)
            // "apologised to customers after we restored the service": the response, not
            // what the apology is for.
            || grounds == Grounds::Sanction && self.lexicon().starts(Words::RemedialVerbs, word)
            || word.ends_with("n't")
            || matches!(low(verb + 1), "not" | "never");
        (!not_an_act).then_some(actor)
    }

    /// The person a charge, a conviction or a dismissal at words `i..j` is for, when its
    /// clause gives the reason: "has been charged with causing an explosion", "were fired
    /// for illegally accessing records", "was convicted last summer of attacking the
    /// network", "a jury convicted Frank of computer sabotage", "after pleading guilty to
    /// destroying data". A court or an employer has judged the act, so the sentence tells
    /// it as the person's. The reason is a gerund, a word of harm or an offence
    /// (`offences`) after "for", "of", "over", "with" (after "charged") or "to" (after
    /// "guilty"). The person is the subject of a passive ("was fired", or of the clause
    /// before when the charge sits in a participle after "after"), the object of an active
    /// verb ("convicted Frank of"), or the noun a participle follows ("a former programmer
    /// fired for"). A sanction with no reason ("the nurse was fired") is left alone: the
    /// set's labellers read it both ways.
    pub(crate) fn charged_with(
        &self,
        sentence: &Sentence<'_>,
        i: usize,
        j: usize,
    ) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        if denied(sentence, i, j) || sentence.question || sentence.general {
            return None;
        }
        // "acquitted all 16 people charged over the fire": the charge set aside; "asked
        // whether anyone had ever fired a person for causing an outage": a charge wondered
        // about; "an employee may be dismissed for gross misconduct": a charge that may be.
        // ("was about to be fired": one to come.)
        if (0..i).any(|k| matches!(low(k), "acquitted" | "cleared" | "whether"))
            || (i.saturating_sub(3)..i).any(|k| {
                matches!(
                    low(k),
                    "may" | "might" | "could" | "would" | "can" | "should" | "will" | "to"
                )
            })
        {
            return None;
        }
        let cue = low(j - 1);
        // A sentence, a plea or an admission is the subject's own: "the employee received a
        // prison sentence for", "pleaded guilty to", "admitted one count of".
        let subjects_own = matches!(
            cue,
            "guilty" | "sentence" | "sentences" | "term" | "prison" | "jail" | "admitted"
        );
        let reason_word = |w: &str| match w {
            "for" | "of" | "over" => true,
            "with" => cue == "charged",
            "to" => cue == "guilty",
            _ => false,
        };
        // (Not the clause's end: "admitted" is a verb of saying, after which a new clause
        // may start; the reason lies within the sentence part, ten words on at most.)
        let limit = (j + 10).min(tokens.len());
        let end = (j..limit)
            .find(|&k| tokens[k].break_after)
            .map_or(limit, |k| k + 1);
        let reason = (j..end).find(|&k| reason_word(low(k)))?;
        let mut act = reason + 1;
        // "pleaded guilty to one count of intentionally damaging a computer": the charge's
        // own words before the act.
        if matches!(low(act + 1), "count" | "counts" | "charge" | "charges") && low(act + 2) == "of"
        {
            act += 3;
        }
        while is_ly_adverb(low(act)) || low(act) == "allegedly" {
            act += 1;
        }
        let gerund = low(act).ends_with("ing") && !matches!(low(act), "being" | "nothing");
        let judged_within = |n: usize| {
            (act..(act + n).min(tokens.len())).any(|k| {
                self.vocabulary.is_harm(low(k)) || self.lexicon().has(Words::Offences, low(k))
            })
        };
        // "charged with" is also a duty ("the team is charged with keeping the site up"):
        // as a charge it needs harm or an offence in the act, an adverb of intent or
        // allegation before it, or a failure.
        let reason_given = if cue == "charged" {
            act > reason + 1 || low(act) == "failing" || judged_within(6)
        } else {
            gerund || judged_within(3)
        };
        if !reason_given || self.lexicon().starts(Words::RemedialVerbs, low(act)) {
            return None;
        }
        let mut auxiliary = i;
        while auxiliary > 0 && is_ly_adverb(low(auxiliary - 1)) {
            auxiliary -= 1;
        }
        let passive = auxiliary > 0
            && matches!(
                low(auxiliary - 1),
                "was" | "were" | "been" | "be" | "is" | "are" | "being" | "get" | "got" | "gets"
            );
        if passive || subjects_own {
            let start = sentence.clause_start(i);
            let start = if start > 0 && matches!(low(start), "after" | "before") {
                sentence.clause_start(start - 1)
            } else {
                start
            };
            let verb = (start..i).find(|&k| sentence.verb_like(k)).unwrap_or(i);
            return self.subject(sentence, start, verb, 0).person();
        }
        if let Some(person) = self.person_after(sentence, j) {
            return Some(person);
        }
        // "a former programmer fired for": the noun the participle follows.
        let before = i.checked_sub(1).filter(|&k| !tokens[k].comma_after)?;
        self.word_class(sentence, before).person()
    }

    /// The person a cleft at words `i..j` puts in focus as the one who acted: "It was
    /// Gareth's merge that put all 212 stores into ring 0", "it was the controllers who put
    /// the aircraft on a collision course", "I am the one who sent the train on its way".
    /// Singling a person out as the doer pins the act on them, whatever it was. None when
    /// the focus is no person ("it was a bug in the parser that ..."), when the act is a
    /// step of the response, a thought or a report ("it was Ana who restored the service",
    /// "who noticed the drop", "who reported it"), when it is not in the past ("the one who
    /// decides"), or when denied ("it wasn't Ana who ...").
    pub(crate) fn cleft_focus(&self, sentence: &Sentence<'_>, i: usize, j: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        if denied(sentence, i, j) || sentence.question || sentence.general {
            return None;
        }
        let (person, relative) = if matches!(low(i), "it" | "it's" | "that" | "that's") {
            // "It was <focus> who/that <act>": the focus runs to the relative word.
            let opens = i == sentence.clause_start(i)
                || i > 0 && matches!(low(i - 1), "and" | "but" | "so" | "yes");
            if !opens {
                return None;
            }
            let relative =
                (j..(j + 7).min(tokens.len())).find(|&k| matches!(low(k), "who" | "that"));
            let Some(relative) = relative else {
                return self.bare_cleft_focus(sentence, j);
            };
            if (j..relative).any(|k| sentence.verb_like(k) || tokens[k].comma_after) {
                return None;
            }
            // (A person word or a possessive of one: "the controllers", "Gareth's merge".)
            let person = (j..relative).find_map(|k| self.word_class(sentence, k).person())?;
            (person, relative)
        } else {
            // "<person> is the one who <act>": the subject of the copula before it.
            let copula = i.checked_sub(1)?;
            if !matches!(low(copula), "is" | "was" | "am" | "are" | "were" | "'m") {
                return None;
            }
            let start = sentence.clause_start(copula);
            (self.subject(sentence, start, copula, 0).person()?, j - 1)
        };
        let mut verb = relative + 1;
        while is_verb_adverb(low(verb)) || low(verb) == "first" {
            verb += 1;
        }
        let word = low(verb);
        let past = verb < tokens.len() && is_past_form(tokens, verb);
        let not_an_act = matches!(word, "was" | "were" | "had" | "has" | "have" | "did")
            || self.lexicon().has(Words::MentalVerbs, word)
            || self.lexicon().has(Words::KnowingVerbs, word)
            || self.lexicon().has(Words::ReportingVerbs, word)
            || self.lexicon().has(Words::SufferingVerbs, word)
            || self.is_remedial_act(sentence, verb);
        (past && !not_an_act).then_some(person)
    }

    /// "Yes, it was the intern.", "..., that was me.": a cleft whose focus is a person and
    /// ends the sentence names who did what the sentence or the one before told. Not "that
    /// was me, standing in the booth" (the focus goes on), nor "it was her second shift".
    fn bare_cleft_focus(&self, sentence: &Sentence<'_>, j: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let mut k = j;
        if tokens
            .get(k)
            .is_some_and(|t| DETERMINERS.contains(&t.low.as_str()))
        {
            k += 1;
        }
        let last = tokens.get(k)?;
        let ends = k + 1 == tokens.len() || last.break_after;
        if !ends || last.comma_after {
            return None;
        }
        match self.word_class(sentence, k) {
            person @ Actor::Person(..) if !is_possessive(&last.low) => Some(person),
            _ => None,
        }
    }

    /// The person a verb of blaming at words `i..j` lays the blame on: the first person in
    /// the rest of its clause ("blamed the new junior developer", "pointed the finger at
    /// the manager", "put the outage down to an engineer's typo"), or the subject of a
    /// passive ("the intern was blamed"). None when the sentence denies the blame ("we do
    /// not blame the engineer") or the blame lands on a thing ("blamed the power supply").
    pub(crate) fn accused(&self, sentence: &Sentence<'_>, i: usize, j: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        if denied(sentence, i, j) {
            return None;
        }
        // "tries to find someone to blame": looking for blame is not laying it; "more
        // than from blaming Nadia", "instead of blaming the engineer": blame talked about.
        if i > 1 && low(i - 1) == "to" && matches!(low(i - 2), "someone" | "somebody" | "who") {
            return None;
        }
        // "Blaming the engineer achieves nothing", "say that blaming an intern ignores",
        // "apologised for having blamed": the blaming is the topic, not the act.
        if low(i).ends_with("ing")
            && (i == sentence.clause_start(i)
                || i > 0
                    && (PREPOSITIONS.contains(&low(i - 1))
                        || matches!(low(i - 1), "avoid" | "stop" | "that")))
        {
            return None;
        }
        // "afraid of being blamed", "the fear of being blamed": blame feared, not laid.
        if i > 1 && low(i - 1) == "being" && PREPOSITIONS.contains(&low(i - 2)) {
            return None;
        }
        if i > 1 && low(i - 1) == "having" && PREPOSITIONS.contains(&low(i - 2)) {
            return None;
        }
        // "were strongly criticised": adverbs may stand between the auxiliary and the verb.
        let mut auxiliary = i;
        while auxiliary > 1 && is_ly_adverb(low(auxiliary - 1)) {
            auxiliary -= 1;
        }
        if auxiliary > 0
            && matches!(
                low(auxiliary - 1),
                "was" | "were" | "been" | "be" | "is" | "are" | "being"
            )
        {
            return self
                .subject(sentence, sentence.clause_start(i), auxiliary, 0)
                .person();
        }
        // The object of the blaming, up to its first preposition ("criticised the railway
        // for not screening employees" blames the railway); "on" and "at" lead to the
        // person blamed ("pinned it on the contractor", "pointed the finger at").
        let clause_end = sentence.clause_end(j.saturating_sub(1));
        let end = (j + 1..clause_end)
            .find(|&k| {
                let w = low(k);
                PREPOSITIONS.contains(&w) && !matches!(w, "on" | "at")
            })
            .unwrap_or(clause_end);
        let Some(first) =
            (j..end).find(|&k| matches!(self.word_class(sentence, k), Actor::Person(..)))
        else {
            // "laid the blame for the crash that killed 50 people on the two pilots": the
            // noun "blame" lands on whoever follows "on", past what it is blamed for.
            if low(j - 1) != "blame" {
                return None;
            }
            let mut k = j;
            while k < tokens.len() && k < j + 16 && !tokens[k].break_after {
                if matches!(low(k), "on" | "upon") {
                    return self.person_after(sentence, k + 1);
                }
                k += 1;
            }
            return None;
        };
        // "the new junior developer": the whole run of person words.
        let mut last = first + 1;
        while last < end && self.is_person_word(&tokens[last]) {
            last += 1;
        }
        Some(Actor::Person(first, last))
    }

    /// For the word "fault" at `i`: the person it is laid on. "It was Olu's fault", "my own
    /// fault", "the engineer was at fault", "the fault of the controller"; not "a fault in
    /// the relay" (a defect), nor "not my fault" (denied).
    fn at_fault(&self, sentence: &Sentence<'_>, actor: Actor, i: usize, j: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        // "Was this really Rahul's fault?" doubts the blame it names.
        if denied(sentence, i, j) || sentence.question {
            return None;
        }
        for k in (i.saturating_sub(3)..i).rev() {
            let word = low(k);
            if matches!(word, "a" | "an" | "the") {
                break;
            }
            if is_possessive(word) || word == "our" {
                if let person @ Actor::Person(..) = self.word_class(sentence, k) {
                    return (!self.owns_organisation(sentence, k)).then_some(person);
                }
            }
        }
        if i > 0 && low(i - 1) == "at" {
            return matches!(actor, Actor::Person(..)).then_some(actor);
        }
        if low(j) == "of" {
            return self.person_after(sentence, j + 1);
        }
        None
    }

    /// For "responsible for" at `i..j`: the person it names as the author of the harm that
    /// follows ("the crane's operator was responsible for the fatal accident", "the employee
    /// responsible for deleting the data"). A team responsible for a service owns it, and
    /// "I was ultimately responsible" accepts accountability rather than naming a cause.
    fn responsible_for_harm(
        &self,
        sentence: &Sentence<'_>,
        actor: Actor,
        i: usize,
        j: usize,
    ) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        if i == 0
            || matches!(low(i - 1), "ultimately" | "solely" | "jointly")
            || denied(sentence, i, j)
        {
            return None;
        }
        let harmful = |word: &str| {
            self.vocabulary.is_harm(word)
                || word
                    .strip_suffix("ing")
                    .is_some_and(|stem| self.vocabulary.is_harm(&format!("{stem}ed")))
        };
        // "responsible for not controlling the train", "responsible for failing to": an
        // omission laid on whoever it names.
        // Not a duty in the present ("the on-call is responsible for not leaving alerts
        // open"), nor "responsible for not only the database but".
        let omitted = matches!(low(j), "not" | "failing" | "neglecting" | "ignoring")
            && !matches!(low(j + 1), "only" | "just" | "merely")
            && !matches!(low(i - 1), "is" | "are" | "am" | "be");
        // "responsible for making sure a failure does not last": a duty, not a cause.
        if !omitted && low(j).ends_with("ing") && !harmful(low(j)) {
            return None;
        }
        let end = (j + 8).min(tokens.len());
        if !omitted && !(j..end).any(|k| harmful(low(k))) {
            return None;
        }
        if let Actor::Person(..) = actor {
            return Some(actor);
        }
        self.word_class(sentence, i - 1).person()
    }

    /// For a verdict word at `i` ("responsible", "liable", "guilty"): the
    /// person a verb of judging lays it on. "An inquiry held the crew working on the pylon
    /// responsible", "found thirteen of the employees responsible", "the staff found
    /// responsible", "he pleaded guilty". Without such a verb the word says nothing on its
    /// own ("the team responsible for DNS"), and "we hold ourselves responsible" owns the
    /// outcome rather than naming a cause. ("Accountable" is left out: "hold people
    /// accountable" is mostly said of a culture, not of one incident.)
    fn verdict(&self, sentence: &Sentence<'_>, i: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        let start = sentence.clause_start(i);
        let verb = (start.max(i.saturating_sub(12))..i)
            .rev()
            .find(|&k| self.lexicon().has(Words::VerdictVerbs, low(k)))?;
        if denied(sentence, verb, verb + 1) || denied(sentence, i, i + 1) {
            return None;
        }
        let object = verb + 1..i;
        if object.is_empty() {
            // The passive or a reduced relative: "were found responsible", "the staff found
            // responsible"; "pleaded guilty" has its subject before the verb too.
            let mut k = verb;
            while k > start && AUXILIARIES.contains(&low(k - 1)) {
                k -= 1;
            }
            if k > start {
                if let person @ Actor::Person(..) = self.word_class(sentence, k - 1) {
                    return Some(person);
                }
            }
            return self.subject(sentence, start, k, 0).person();
        }
        if object
            .clone()
            .any(|k| matches!(low(k), "ourselves" | "myself" | "themselves" | "itself"))
        {
            return None;
        }
        for k in object {
            match self.word_class(sentence, k) {
                person @ Actor::Person(..) => return Some(person),
                Actor::Generic => return None,
                _ => {}
            }
        }
        None
    }

    /// A person named by a "by" phrase after word `from`.
    fn by_person(&self, sentence: &Sentence<'_>, from: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let end = sentence.clause_end(from);
        let by = (from..end).find(|&k| tokens[k].low == "by")?;
        let mut first = by + 1;
        while first < tokens.len() && DETERMINERS.contains(&tokens[first].low.as_str()) {
            first += 1;
        }
        let last = (first + 4).min(tokens.len());
        let stop = (first..last)
            .find(|&k| sentence.verb_like(k) || tokens[k].comma_after)
            .map_or(last, |k| k + 1);
        self.noun_phrase(sentence, first.min(stop), stop).person()
    }

    /// A possessive person just before word `i` ("Bob's typo", "his simple mistake").
    fn owner(&self, sentence: &Sentence<'_>, i: usize) -> Option<Actor> {
        for k in (i.saturating_sub(3)..i).rev() {
            let low = sentence.tokens[k].low.as_str();
            if matches!(low, "a" | "an" | "the") {
                return None;
            }
            if is_possessive(low) {
                if let person @ Actor::Person(..) = self.word_class(sentence, k) {
                    return Some(person);
                }
            }
        }
        None
    }

    /// "the mistake they made", "the errors I had committed": the person at word `k`, right
    /// after an error word, who made it.
    /// A judgement whose cue names no person names whoever "on the part of" names after it:
    /// "a failure of basic diligence on the part of the DBA" judges the DBA.
    pub(crate) fn named_on_the_part_of(
        &self,
        sentence: &Sentence<'_>,
        actor: Actor,
        j: usize,
    ) -> Actor {
        if matches!(actor, Actor::Person(..) | Actor::Generic) {
            return actor;
        }
        let tokens = &sentence.tokens;
        (j..(j + 6).min(tokens.len()))
            .take_while(|&k| k == j || !tokens[k - 1].break_after)
            .find(|&k| tokens[k].low == "on")
            .and_then(|k| self.part_owner(sentence, k))
            .unwrap_or(actor)
    }

    /// The person an error word is said to belong to after "was" or "is", at word `j`: "the
    /// mistake was entirely Kim's", "the mistake was all his" (not "was Kim's config").
    fn owner_after_copula(&self, sentence: &Sentence<'_>, j: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |n: usize| tokens.get(n).map_or("", |t| t.low.as_str());
        if !matches!(low(j), "was" | "is") {
            return None;
        }
        let mut k = j + 1;
        while matches!(
            low(k),
            "entirely" | "all" | "solely" | "wholly" | "squarely" | "clearly" | "mostly" | "partly"
        ) {
            k += 1;
        }
        let owner = tokens.get(k)?;
        let alone = owner.comma_after || owner.break_after || k + 1 == tokens.len();
        let owns = is_owning_pronoun(low(k))
            || is_possessive(low(k))
                && matches!(self.word_class(sentence, k), Actor::Person(..))
                && (alone || sentence.verb_like(k + 1));
        (owns && !owner.masked).then_some(Actor::Person(k, k + 1))
    }

    /// The person "on the part of" or "on …'s part" names at word `on` ("on the part of the
    /// DBA", "on the infrastructure team's part", "on his part").
    fn part_owner(&self, sentence: &Sentence<'_>, on: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |n: usize| tokens.get(n).map_or("", |t| t.low.as_str());
        if low(on) != "on" {
            return None;
        }
        if low(on + 1) == "the" && low(on + 2) == "part" && low(on + 3) == "of" {
            return self.person_after(sentence, on + 4);
        }
        let part = (on + 2..(on + 6).min(tokens.len())).find(|&k| low(k) == "part")?;
        let owner = part - 1;
        match self.word_class(sentence, owner) {
            person @ Actor::Person(..) if is_possessive(low(owner)) => Some(person),
            _ => None,
        }
    }

    fn maker_after(&self, sentence: &Sentence<'_>, k: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |n: usize| tokens.get(n).map(|t| t.low.as_str()).unwrap_or("");
        let person @ Actor::Person(..) = self.word_class(sentence, k) else {
            return None;
        };
        // "the mistake I had made", "the worst mistake I have ever made".
        let mut verb = k + 1;
        while verb < k + 3 && matches!(low(verb), "had" | "have" | "has" | "ever" | "just") {
            verb += 1;
        }
        matches!(low(verb), "made" | "committed").then_some(person)
    }

    /// Whether the verb of harm at words `i..j` is not one here: a verb with a particle
    /// ("broke it up", "spilled over into"; "broke into the systems" is a harmful act), a
    /// passive participle after the people it befell ("the 115 people killed when the block
    /// came down"), or the start of a routine operation ("the developer who triggered the
    /// deployment").
    pub(crate) fn not_a_harmful_act(&self, sentence: &Sentence<'_>, i: usize, j: usize) -> bool {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        if j == i + 2 && self.removes_the_problem(sentence, i, j) {
            return true;
        }
        if j != i + 1 {
            return false;
        }
        let verb = low(i);
        let mut next = i + 1;
        if matches!(low(next), "it" | "them") {
            next += 1;
        }
        let particle = matches!(verb, "broke" | "spilled" | "dropped")
            && matches!(
                low(next),
                "up" | "over" | "away" | "out" | "off" | "by" | "in"
            )
            && !tokens[i].comma_after;
        let befell = i > 1
            && !tokens[i - 1].comma_after
            && (self.lexicon().has(Words::PeoplePlurals, low(i - 1))
                || is_plural_noun(low(i - 1), Some(low(i - 2)))
                    && self.is_person_word(&tokens[i - 1]))
            && (matches!(
                low(i + 1),
                "when"
                    | "in"
                    | "by"
                    | "at"
                    | "during"
                    | "on"
                    | "after"
                    | "while"
                    | "as"
                    | "near"
                    | "outside"
                    | "inside"
                    | "aboard"
                    | "along"
            ) || (verb.ends_with("ed")
                && (tokens[i].comma_after || tokens[i].break_after || i + 1 == tokens.len())));
        let mut object = i + 1;
        while matches!(
            low(object),
            "the" | "a" | "an" | "production" | "prod" | "our"
        ) {
            object += 1;
        }
        // "triggered a deploy", "killed the rollout when errors rose": starting or stopping
        // a run of the delivery machinery is a step of the work or of the response.
        let routine = matches!(
            verb,
            "triggered" | "triggering" | "trigger" | "triggers" | "killed" | "aborted"
        ) && matches!(
            low(object),
            "deploy"
                | "deployment"
                | "deploys"
                | "build"
                | "builds"
                | "release"
                | "rollout"
                | "pipeline"
                | "job"
                | "failover"
                | "backup"
                | "run"
                | "workflow"
        );
        // "took the homepage down", "brought every region to a halt": a verb of carrying
        // harms only with its particle after the object; "took the ticket", "brought a
        // laptop" do not, nor "took the API down for maintenance" (planned).
        // "We took the servers down and began checking": a team taking its own service
        // down is a step of the response.
        let we_did = i > 0 && low(i - 1) == "we"
            || i > 1
                && low(i - 2) == "we"
                && (is_ly_adverb(low(i - 1)) || matches!(low(i - 1), "then" | "also" | "again"));
        // ("We let the certificate expire" is no step of the response.)
        let carried = is_carrying_verb(verb)
            && (we_did && !matches!(verb, "let" | "left") && !PUBLISHING_VERBS.contains(&verb)
                || !self.carried_to_harm(sentence, i));
        // "deleted the policy from all namespaces, and resolution recovered at once": an act
        // the service recovered from right after is the fix.
        let recovered = (i + 2..tokens.len()).any(|k| {
            let recovery = matches!(low(k), "recovered" | "resumed" | "recovering")
                || low(k) == "came" && low(k + 1) == "back"
                || low(k) == "back" && low(k + 1) == "to" && low(k + 2) == "normal";
            recovery && (i + 1..k).any(|m| tokens[m - 1].comma_after || low(m) == "and")
        });
        // "Harriet rolled back to version 418 and purged the key": a step after a step of
        // the response shares its purpose.
        let responding =
            REMOVAL_VERBS.contains(&verb) && (0..i).any(|k| self.is_remedial_act(sentence, k));
        particle
            || befell
            || routine
            || carried
            || recovered
            || responding
            || self.removes_the_problem(sentence, i, j)
    }

    /// Whether the verb of removal at `i` removes the problem, not the system: its object
    /// is marked as stale or bad ("deleted the old Helm release secrets", "dropped the unused
    /// slot", "deactivated the leaked key", "killed the stuck queries", "turned off the noisy
    /// alert"), or it is a cache ("purged the CDN cache"): the response. The verb is the
    /// words `i..j`.
    fn removes_the_problem(&self, sentence: &Sentence<'_>, i: usize, j: usize) -> bool {
        let tokens = &sentence.tokens;
        let removal = match j.saturating_sub(i) {
            1 => REMOVAL_VERBS.contains(&tokens[i].low.as_str()),
            2 => matches!(
                (tokens[i].low.as_str(), tokens[i + 1].low.as_str()),
                ("turned" | "switched" | "shut", "off") | ("shut", "down")
            ),
            _ => false,
        };
        if !removal {
            return false;
        }
        let mut k = j;
        while k < tokens.len()
            && (DETERMINERS.contains(&tokens[k].low.as_str())
                || tokens[k].low.starts_with(|c: char| c.is_ascii_digit()))
        {
            k += 1;
        }
        let mut phrase = (k..(k + 4).min(tokens.len())).take_while(|&m| {
            !PREPOSITIONS.contains(&tokens[m].low.as_str()) && !sentence.verb_like(m)
        });
        // "purged the entire cache" empties what the service stands on.
        let whole = (j..k)
            .chain(phrase.clone())
            .any(|m| matches!(tokens[m].low.as_str(), "entire" | "whole" | "all" | "every"));
        let cache = |m: usize| !whole && matches!(tokens[m].low.as_str(), "cache" | "caches");
        // Turning off or shutting down a thing no longer used still stops what it serves
        // ("shut down the old cluster while it still served traffic"); deleting it does not.
        let marked = |m: usize| {
            let word = tokens[m].low.as_str();
            self.lexicon().has(Words::FaultyMarks, word)
                || j == i + 1 && self.lexicon().has(Words::SpentMarks, word)
        };
        phrase.clone().any(cache) || phrase.any(marked)
    }

    /// Whether `actor` is the writer's team ("we", "I") and the sentence's if-clause has a
    /// thing as the subject of an active verb ("if the canary had checked …", "if a backup
    /// had existed"): the counterfactual is about what a system lacked. A passive ("if the
    /// change had been canaried") judges whoever did not do it, and stays.
    fn team_short_of_a_system(&self, sentence: &Sentence<'_>, actor: Actor) -> bool {
        let tokens = &sentence.tokens;
        let Actor::Person(a, _) = actor else {
            return false;
        };
        if !matches!(tokens[a].low.as_str(), "we" | "i") {
            return false;
        }
        let Some(condition) = tokens.iter().position(|t| t.low == "if") else {
            return false;
        };
        let end = sentence.clause_end(condition + 1);
        let Some(verb) = (condition + 1..end).find(|&k| sentence.verb_like(k)) else {
            return false;
        };
        let passive = (verb..end).any(|k| tokens[k].low == "been");
        !passive
            && verb > condition + 1
            && matches!(self.subject(sentence, condition, verb, 0), Actor::Thing)
    }

    /// Whether the act at word `i` is told as what followed from a clause before it, after
    /// ", so" or ", and so" ("the emails looked routine, so the staff did not read them").
    fn told_as_consequence(&self, sentence: &Sentence<'_>, i: usize) -> bool {
        let tokens = &sentence.tokens;
        (1..i.min(tokens.len())).any(|k| {
            tokens[k].low == "so"
                && (tokens[k - 1].comma_after
                    || k > 1 && tokens[k - 1].low == "and" && tokens[k - 2].comma_after)
        })
    }

    /// Whether the act at word `i` is told as done by plan or by the book: "shut down the old
    /// cluster as planned", "wiped the volume, as the procedure says", "per the runbook",
    /// "according to the playbook". The act is the plan's, not a fault of whoever carried it
    /// out ("following the outage" is a time, not a plan).
    fn done_by_the_book(&self, sentence: &Sentence<'_>, i: usize) -> bool {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        let plan_at = |k: usize| {
            let k = if matches!(low(k), "the" | "our" | "its" | "their") {
                k + 1
            } else {
                k
            };
            self.lexicon().has(Words::Plans, low(k)) || self.lexicon().has(Words::Plans, low(k + 1))
        };
        (i + 1..tokens.len()).any(|k| match low(k) {
            "as" => {
                matches!(
                    low(k + 1),
                    "planned" | "scheduled" | "intended" | "agreed" | "announced" | "documented"
                ) || low(k + 1) == "the" && plan_at(k + 1)
            }
            "per" => plan_at(k + 1),
            "according" => low(k + 1) == "to" && plan_at(k + 2),
            "following" => matches!(low(k + 1), "the" | "our") && plan_at(k + 1),
            _ => false,
        })
    }

    /// Whether the verb of carrying at `i` has a particle of harm after its object, within
    /// five words of its clause: "took the homepage down", "knocked the cluster offline",
    /// "knocked the network out", "brought the region to a halt" (not "down for
    /// maintenance", not "out of rotation").
    fn carried_to_harm(&self, sentence: &Sentence<'_>, i: usize) -> bool {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        // "logged in and out", "logged me out": no object, or the person it befell.
        if PREPOSITIONS.contains(&low(i + 1))
            || matches!(
                low(i + 1),
                "me" | "us" | "him" | "her" | "them" | "you" | "up"
            )
        {
            return false;
        }
        if PUBLISHING_VERBS.contains(&low(i)) {
            return self.published_secret(sentence, i);
        }
        if low(i) == "left" {
            // "left the database unencrypted", "left the S3 bucket open to the public", "left
            // an open port on the jump host".
            let mut window = (i + 1..(i + 6).min(tokens.len()))
                .take_while(|&k| k == i + 1 || !tokens[k - 1].comma_after);
            let opening = (i + 1..(i + 5).min(tokens.len())).any(|k| OPENINGS.contains(&low(k)));
            return window.any(|k| {
                EXPOSED_STATES.contains(&low(k))
                    || OPEN_STATES.contains(&low(k))
                        && (opening
                            || low(k + 1) == "to"
                                && (OUTSIDERS.contains(&low(k + 2))
                                    || OUTSIDERS.contains(&low(k + 3))))
            });
        }
        for k in i + 2..(i + 7).min(tokens.len()) {
            if tokens[k - 1].comma_after
                || tokens[k - 1].break_after
                || sentence.verb_like(k)
                || low(k) == "to"
                    && low(k + 1) != "a"
                    && low(k + 1) != "its"
                    && low(k + 1) != "their"
            {
                return false;
            }
            let planned = low(k + 1) == "for"
                && matches!(
                    low(k + 2),
                    "maintenance"
                        | "scheduled"
                        | "planned"
                        | "upgrade"
                        | "upgrades"
                        | "patching"
                        | "repair"
                        | "repairs"
                );
            let harm = match low(k) {
                "expire" | "lapse" => low(i) == "let",
                "down" | "offline" => !planned,
                // "knocked the network out", not "took the node out of rotation"; but
                // "locked every customer out of the dashboard".
                "out" => !planned && (low(k + 1) != "of" || matches!(low(i), "locked" | "logged")),
                "to" => {
                    matches!(low(k + 1), "a" | "its" | "their")
                        && matches!(low(k + 2), "halt" | "standstill" | "knees")
                }
                _ => false,
            };
            if harm {
                return true;
            }
        }
        false
    }

    /// For a verb of publishing at `i`: whether it sent something to a person's own account
    /// ("emailed the list to his personal address"), or its object, before any preposition,
    /// comma or next verb, is a secret put in a commit, in code or in a public place
    /// ("committed an AWS access key", "pasted the token into a public channel"). "Pushed the
    /// fix", "posted an update" and "uploaded the new key to the load balancer" harm nothing.
    fn published_secret(&self, sentence: &Sentence<'_>, i: usize) -> bool {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        let to_own = (i + 2..(i + 12).min(tokens.len())).any(|k| {
            low(k) == "personal"
                && matches!(low(k - 1), "his" | "her" | "their" | "a" | "my")
                && matches!(low(k.saturating_sub(2)), "to" | "into" | "onto" | "on")
        });
        if to_own {
            return true;
        }
        // The object: up to the first preposition, comma or next verb.
        let end = (i + 6).min(tokens.len());
        let object_end = (i + 1..end)
            .find(|&k| {
                tokens[k].comma_after
                    || tokens[k].break_after
                    || PREPOSITIONS.contains(&low(k))
                    || k > i + 1 && sentence.verb_like(k)
            })
            .map_or(end, |k| k + 1);
        if !(i + 1..object_end).any(|k| SECRET_NOUNS.contains(&low(k))) {
            return false;
        }
        // A secret in a commit or in code is the leak itself; pushed, pasted or uploaded it
        // leaks only where outsiders read it ("pasted the token into a public channel"), not
        // in a rotation ("we uploaded the new key to the load balancer").
        matches!(low(i), "committed" | "hard-coded" | "hardcoded")
            || (object_end..(object_end + 8).min(tokens.len()))
                .take_while(|&k| !tokens[k].break_after)
                .any(|k| PUBLIC_PLACES.contains(&low(k)))
    }

    /// Whether a "because" or "since" clause after word `j` has a thing as its subject: the
    /// sentence gives the system's reason ("did not act because the emails looked routine").
    fn thing_reason_after(&self, sentence: &Sentence<'_>, j: usize) -> bool {
        let tokens = &sentence.tokens;
        // Not "because of" (a cause phrase, read elsewhere), nor "since" of time ("since
        // April").
        let next = |k: usize| tokens.get(k + 1).map(|t| t.low.as_str()).unwrap_or("");
        let Some(k) = (j..tokens.len()).find(|&k| match tokens[k].low.as_str() {
            "because" => next(k) != "of",
            "since" => {
                PERSONAL_SUBJECTS.contains(&next(k))
                    || matches!(
                        next(k),
                        "the"
                            | "a"
                            | "an"
                            | "it"
                            | "its"
                            | "their"
                            | "there"
                            | "this"
                            | "that"
                            | "these"
                            | "those"
                            | "our"
                            | "you"
                    )
            }
            _ => false,
        }) else {
            return false;
        };
        // A reason is a clause with a verb; "since the morning" is a time.
        let end = sentence.clause_end(k + 1);
        let Some(verb) = (k + 1..end).find(|&n| sentence.verb_like(n)) else {
            return false;
        };
        self.subject(sentence, k, verb, 0) == Actor::Thing
    }

    /// Whether the sentence names a fault of a system as a cause: a reason phrase
    /// ([`REASON_PHRASES`]), "as a result of" or "caused by", then within four words a bug, a
    /// glitch, a defect, or a system's error or failure ("an internal routing error", not "a
    /// user error"), with no person in between.
    fn system_fault_given(&self, sentence: &Sentence<'_>) -> bool {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        (0..tokens.len()).any(|k| {
            let pair = (low(k), low(k + 1));
            let opens = REASON_PHRASES.contains(&pair)
                || pair == ("caused", "by")
                || pair == ("result", "of") && k > 0 && low(k - 1) == "a";
            opens
                && (k + 2..(k + 7).min(tokens.len()))
                    .take_while(|&m| {
                        !tokens[m - 1].comma_after
                            && !matches!(self.word_class(sentence, m), Actor::Person(..))
                    })
                    .any(|m| {
                        // ("because of a user error": a person's, not the system's.)
                        self.lexicon().has(Words::SystemFaults, low(m))
                            && !matches!(low(m - 1), "user" | "users" | "clerical")
                            && !self.is_person_word(&tokens[m - 1])
                    })
        })
    }

    /// The person whose error the noun "error" at word `i` is: a person word right before it
    /// ("co-pilot error", "nurse error"), or whoever made it ([`Reader::made_errors`]).
    fn error_of(&self, sentence: &Sentence<'_>, i: usize) -> Option<Actor> {
        if denied(sentence, i, i + 1) {
            return None;
        }
        // ("human error" is a phrase of its own, read with its context.)
        if let Some(before) = i.checked_sub(1).map(|k| &sentence.tokens[k]) {
            if !before.comma_after
                && !before.break_after
                && !is_possessive(&before.low)
                && !matches!(before.low.as_str(), "human" | "humans")
                && self.is_person_word(before)
                && (i < 2 || !self.vocabulary.is_generic(&sentence.tokens[i - 2].low))
            {
                return Some(Actor::Person(i - 1, i));
            }
        }
        self.made_errors(sentence, i)
    }

    /// The person said to have made the errors that the bare plural noun at word `i` names:
    /// "I made some really bad mistakes", "the errors they committed", "mistakes had been
    /// made" (left unnamed). None when the noun is not the object of a making.
    fn made_errors(&self, sentence: &Sentence<'_>, i: usize) -> Option<Actor> {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        let made = |k: usize| matches!(low(k), "made" | "committed");
        if denied(sentence, i, i + 1) {
            return None;
        }
        if let Some(person) = self.maker_after(sentence, i + 1) {
            return Some(person);
        }
        // "mistakes had been made", "errors were committed".
        let mut k = i + 1;
        while k < i + 4 && matches!(low(k), "were" | "was" | "had" | "have" | "has" | "been") {
            k += 1;
        }
        if k > i + 1 && made(k) && !tokens[i].comma_after {
            return Some(Actor::Unnamed);
        }
        // "mistakes made while implementing the software", "errors made by the crew": the
        // participle alone, before what it was made in or by.
        if k == i + 1
            && made(k)
            && !tokens[i].comma_after
            && matches!(low(k + 1), "while" | "when" | "during" | "by")
        {
            return Some(self.by_person(sentence, k).unwrap_or(Actor::Unnamed));
        }
        // "I made some really bad mistakes", "the operators committed several errors",
        // "managed to make two mistakes": the making verb a few words before, in the same
        // clause.
        let start = sentence.clause_start(i);
        let verb = (start.max(i.saturating_sub(5))..i).rev().find(|&k| {
            made(k)
                || matches!(low(k), "making" | "committing")
                || matches!(low(k), "make" | "commit")
                    && k > 1
                    && low(k - 1) == "to"
                    && is_past_form(tokens, k - 2)
        })?;
        if (verb..i).any(|k| tokens[k].comma_after || tokens[k].break_after) {
            return None;
        }
        self.actor(sentence, verb).person()
    }

    /// Whether the sentence judges a person for the act the cue at words `i..j` is part
    /// of, and the actor it names (None when it names nobody).
    pub(crate) fn judge(
        &self,
        family: Judgement,
        anywhere: bool,
        sentence: &Sentence<'_>,
        i: usize,
        j: usize,
    ) -> Option<Actor> {
        // A rule, a lesson or a plan judges no past act; a word of character judges a
        // person whenever it is said.
        // ... nor does an incredulous phrase ("how on earth", "how anyone could") in any tense.
        let incredulous = family == Judgement::Hindsight && anywhere && j - i > 1;
        if sentence.general && !self.why_step && family != Judgement::Normative && !incredulous {
            return None;
        }
        // "If it was a human error, change the process", "if someone made a mistake": an
        // error or an omission supposed in a condition is not said to have happened; "to
        // establish whether foul play, a glitch or human error had led to the collision" asks.
        if matches!(family, Judgement::Error | Judgement::Omission) {
            let start = sentence.clause_start(i);
            let tokens = &sentence.tokens;
            let supposed = matches!(tokens[start].low.as_str(), "if" | "unless")
                || (i.saturating_sub(10)..i).any(|k| {
                    tokens[k].low == "whether"
                        && (k.saturating_sub(3)..k).any(|v| {
                            self.lexicon()
                                .has(Words::InquiryVerbs, tokens[v].low.as_str())
                        })
                        && !(k..i).any(|m| tokens[m].break_after)
                });
            if supposed {
                return None;
            }
        }
        if matches!(family, Judgement::Error | Judgement::Normative) && self.topic(sentence, i) {
            return None;
        }
        // "All the analyst had to do was set the refresh": what someone had to do looks easy
        // only after "all"; "the first thing we had to do was restore" tells the response.
        if family == Judgement::Hindsight
            && j >= i + 4
            && matches!(sentence.tokens[i].low.as_str(), "had" | "needed")
            && sentence.tokens[i + 1].low == "to"
            && !(i.saturating_sub(5)..i).any(|k| sentence.tokens[k].low == "all")
        {
            return None;
        }
        // "If the alert had fired, the on-call would have been paged an hour earlier": a
        // person the supposed outcome would have befallen did nothing in it. ("She should
        // not have been sent home" judges whoever sent her: only "would" and "might" tell
        // an outcome.)
        if family == Judgement::Counterfactual && !anywhere {
            let tokens = &sentence.tokens;
            let outcome = tokens[i..j]
                .iter()
                .any(|t| matches!(t.low.as_str(), "would" | "wouldn't" | "might"));
            let befell = outcome
                && i > 0
                && matches!(self.word_class(sentence, i - 1), Actor::Person(..))
                && tokens[j - 1].low == "have"
                && tokens.get(j).is_some_and(|t| t.low == "been")
                && tokens.get(j + 1).is_some_and(|t| {
                    t.low.ends_with("ed") || IRREGULAR_PAST.contains(&t.low.as_str())
                });
            if befell {
                return None;
            }
        }
        // "Names were inadvertently accessible in the metadata": an error word before an
        // adjective of state tells how a thing stood, not what anyone did.
        if family == Judgement::Error && j == i + 1 && is_ly_adverb(&sentence.tokens[i].low) {
            let tokens = &sentence.tokens;
            let state = tokens.get(j).is_some_and(|t| {
                let w = t.low.as_str();
                w.len() > 5 && (w.ends_with("able") || w.ends_with("ible"))
                    || matches!(w, "available" | "visible" | "public")
            });
            let copula = i > 0
                && matches!(
                    tokens[i - 1].low.as_str(),
                    "was" | "were" | "is" | "are" | "been" | "be" | "remained" | "stayed"
                );
            if state && copula {
                return None;
            }
        }
        // "error" alone is most often a system's ("a DNS error", "served errors"): it judges
        // a person only as a person's error ("co-pilot error caused the crash") or as an
        // error someone made ("I made a production-grade error").
        if family == Judgement::Error && j == i + 1 && sentence.tokens[i].low == "error" {
            return self.error_of(sentence, i);
        }
        // A possessive decides when it owns the cue ("his typo", "his failure to") or the
        // subject of the cue's verb ("Bob's change took down"), but not "our backbone network
        // caused" (the firm), nor "my alarm clock didn't go off" (the clock).
        let owner = self.owner(sentence, i).filter(|owner| {
            let Actor::Person(a, _) = *owner else {
                return false;
            };
            let tokens = &sentence.tokens;
            let word = tokens[a].low.as_str();
            if self.owns_organisation(sentence, a) {
                return false;
            }
            match family {
                Judgement::Agent => word != "our",
                Judgement::Omission => tokens[i].low.starts_with("failure"),
                _ => true,
            }
        });
        let mut actor = owner.unwrap_or_else(|| self.actor(sentence, i));
        // "Had Mei waited for the canary, nobody would have noticed": the counterfactual's
        // person is in the condition, not in the main clause.
        if actor == Actor::Generic && family == Judgement::Counterfactual {
            if let Some(had) = self.fronted_had(sentence, i) {
                if let person @ Actor::Person(..) = self.fronted_condition_actor(sentence, had, i) {
                    actor = person;
                }
            }
        }
        // "anyone could have made this mistake" asks what let it through; but "nobody had
        // checked the obvious things" still makes the past look easy.
        if actor == Actor::Generic && family != Judgement::Hindsight {
            return None;
        }
        if actor == Actor::Thing {
            // "said the employee had merely hit the wrong button": the noun phrase right
            // before the verb that governs the cue, in a clause without "that".
            if let Some(person) = self.nearest_agent(sentence, i) {
                actor = person;
            }
        }
        if actor == Actor::Thing && matches!(family, Judgement::Error | Judgement::Agent) {
            // "Sofia's template edit, which mistakenly added a link": what a person's act
            // did is the person's.
            if let Some(person) = self.owner_before_which(sentence, i) {
                actor = person;
            }
        }
        if family == Judgement::Agent && actor == Actor::Thing {
            // "Stephanie created the code with stacking enabled, which caused the losses": a
            // verb of causing after "which" lays the harm on the act of the clause before.
            // Any other verb tells what the tool did ("ran the failover script, which
            // removed both replicas").
            if let Some(person) = self.act_before_which_caused(sentence, i) {
                actor = person;
            }
        }
        if matches!(
            family,
            Judgement::Error | Judgement::Agent | Judgement::Omission
        ) && !matches!(actor, Actor::Person(..))
        {
            // "a typo in a command-line tool, entered by one engineer".
            if let Some(person) = self.by_person(sentence, i) {
                actor = person;
            }
        }
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map(|t| t.low.as_str()).unwrap_or("");
        // "A man has been jailed for sabotaging the company", "was sacked for deleting": the
        // subject of a passive sanction did what it is sanctioned for.
        if actor == Actor::Unnamed && i > 0 && low(i - 1) == "for" && low(i).ends_with("ing") {
            let start = sentence.clause_start(i);
            let verb = (start..i).find(|&k| sentence.verb_like(k)).unwrap_or(i);
            if let person @ Actor::Person(..) = self.subject(sentence, start, verb, 0) {
                actor = person;
            }
        }
        // A participle tells what the noun before it did: "agents failing to report",
        // "users mistakenly seeing".
        let participle = low(i).ends_with("ing") && i > 0 && low(i - 1) != "for"
            || is_ly_adverb(low(i)) && low(j).ends_with("ing") && i > 0;
        if participle && !matches!(low(i - 1), "was" | "were" | "is" | "are" | "been" | "be") {
            actor = if tokens[i - 1].comma_after {
                // "he truncated the table, causing an outage": a participle after a comma
                // tells what the subject of the clause before it did.
                let main = sentence.clause_start(i - 1);
                let verb = (main..i).find(|&k| sentence.verb_like(k)).unwrap_or(i - 1);
                match self.subject(sentence, main, verb, 0) {
                    person @ Actor::Person(..) => person,
                    _ => Actor::Thing,
                }
            } else if matches!(
                low(i - 1),
                "after" | "before" | "while" | "when" | "since" | "by"
            ) {
                // "apologising after mistakenly sending": the main clause's subject acted.
                let main = sentence.clause_start(i - 1);
                let main = if main == i - 1 {
                    sentence.clause_start(main.saturating_sub(1))
                } else {
                    main
                };
                let verb = (main..i - 1)
                    .find(|&k| sentence.verb_like(k))
                    .unwrap_or(i - 1);
                match self.subject(sentence, main, verb, 0) {
                    person @ Actor::Person(..) => person,
                    _ => Actor::Thing,
                }
            } else {
                match self.word_class(sentence, i - 1) {
                    person @ Actor::Person(..) => person,
                    _ => Actor::Thing,
                }
            };
        }
        // "the missed webhooks", "a large number of deleted sites", "the cause of
        // incorrect results": a past form or an error word used of a thing.
        let single = j == i + 1;
        // ("a change that deleted the data": "that" opens a relative clause there.)
        // ("jailed for sabotaging the servers": a gerund with an object is an act.)
        let gerund_act = low(i).ends_with("ing")
            && tokens.get(i + 1).is_some_and(|next| {
                DETERMINERS.contains(&next.low.as_str()) || is_possessive(&next.low)
            });
        let attributive = single
            && !anywhere
            && i > 0
            && !gerund_act
            && DETERMINERS.contains(&low(i - 1))
            && !(low(i - 1) == "that" && sentence.opens_clause(i - 1))
            && (is_past_form(tokens, i)
                || low(i).ends_with("ed")
                || matches!(low(i - 1), "of" | "about" | "for" | "on" | "in"))
            // "Employees soon noticed damaged rivets": a past form right after a verb, before
            // a bare noun, describes the noun.
            || single
                && !anywhere
                && i > 0
                && low(i).ends_with("ed")
                && is_past_form(tokens, i - 1)
                && !AUXILIARIES.contains(&low(i - 1))
                && !is_ly_adverb(low(i - 1))
                && tokens.get(i + 1).is_some_and(|next| {
                    !DETERMINERS.contains(&next.low.as_str())
                        && !is_possessive(&next.low)
                        && !PREPOSITIONS.contains(&next.low.as_str())
                        && !matches!(next.low.as_str(), "it" | "them" | "him" | "her" | "up")
                });
        // "the accidental removal of data", "caused by a wrong command": an error word on
        // an act a person performs judges the person the phrase leaves unnamed, unless a
        // thing is the active subject that performed it ("the job ran the wrong command").
        if family == Judgement::Error
            && !matches!(actor, Actor::Person(..))
            && self.lexicon().has(Words::Acts, low(j))
        {
            let start = sentence.clause_start(i);
            let end = sentence.clause_end(i);
            let guarded =
                (i.saturating_sub(3)..i).any(|k| self.lexicon().has(Words::SafeguardVerbs, low(k)));
            let thing_acts = guarded
                || actor == Actor::Thing
                    && !sentence.is_passive(start, end)
                    && (start..i).any(|k| {
                        sentence.verb_like(k)
                            && !matches!(low(k), "was" | "were" | "is" | "are" | "be" | "been")
                    });
            if !thing_acts && !denied(sentence, i, j) {
                return Some(Actor::Unnamed);
            }
        }
        if attributive && family != Judgement::Normative && family != Judgement::Hindsight {
            return None;
        }
        if family == Judgement::Omission && i > 0 && sentence.tokens[i - 1].low == "for" {
            // "criticised the board for failing to", "the executives are being taken to task
            // for failing to": the person before "for", in its clause.
            for k in (sentence.clause_start(i)..i - 1).rev() {
                if let person @ Actor::Person(..) = self.word_class(sentence, k) {
                    actor = person;
                    break;
                }
            }
        }
        // "not to find the person who made the mistake", "firing someone for one mistake":
        // a person sought or punished is talked about, not found at fault.
        if let Actor::Person(a, _) = actor {
            let sought = (a.saturating_sub(2)..a).any(|k| {
                self.lexicon().has(Words::SeekVerbs, low(k))
                    && !tokens[k].comma_after
                    && !tokens[k].break_after
            });
            if sought {
                return None;
            }
        }
        // "Because of an internal routing error, the customers were accidentally sent a
        // reminder": the sentence gives a fault of the system as the cause of what the
        // passive leaves unnamed.
        // "The wrong certificate was served because two ingress rules matched the host": so
        // does a reason clause whose subject is a thing.
        if family == Judgement::Error
            && actor == Actor::Unnamed
            && (self.system_fault_given(sentence) || self.thing_reason_after(sentence, j))
        {
            return None;
        }
        let person = matches!(actor, Actor::Person(..));
        match family {
            Judgement::Agent => {
                // "When we shut down the primary to move it, the backup did not pick up":
                // an act in a time clause is the setting, not the cause.
                let start = sentence.clause_start(i);
                if matches!(
                    low(start),
                    "when" | "while" | "as" | "after" | "before" | "once"
                ) {
                    return None;
                }
                // "sorry for the trouble we have caused": an apology, not a finding.
                let apology = (i.saturating_sub(6)..i)
                    .any(|k| self.lexicon().has(Words::ApologyNouns, low(k)));
                if apology {
                    return None;
                }
                // "To restore service we truncated the stale data", "turned off SLO reading
                // to save capacity": an act done to recover is the response, not the cause
                // ("while trying to restore it, deleted" is still an attempt that harmed).
                let (act_start, act_end) = (sentence.clause_start(i), sentence.clause_end(i));
                let remedial = (0..tokens.len().saturating_sub(1)).any(|k| {
                    // The purpose opens the sentence, sits in the act's clause, or follows it
                    // after a comma: not "when the admins went to restore the data, ...".
                    let placed = k == 0
                        || (act_start..act_end).contains(&k)
                        || k > i && tokens[k - 1].comma_after;
                    placed
                        && low(k) == "to"
                        && self.lexicon().has(Words::RemedialVerbs, low(k + 1))
                        && !(k > 0
                            && matches!(
                                low(k - 1),
                                "trying"
                                    | "tried"
                                    | "try"
                                    | "attempt"
                                    | "attempts"
                                    | "attempting"
                                    | "failed"
                                    | "failure"
                                    | "way"
                            ))
                });
                if remedial || self.done_by_the_book(sentence, i) {
                    return None;
                }
                // "ended up knocking out the entire facility through no fault of his own":
                // the sentence clears the person it tells of.
                let cleared = (2..tokens.len()).any(|k| {
                    low(k) == "of" && low(k - 1) == "fault" && matches!(low(k - 2), "no" | "not")
                });
                if cleared {
                    return None;
                }
                if low(i) == "fault" && j == i + 1 {
                    return self.at_fault(sentence, actor, i, j);
                }
                if j == i + 1 && self.lexicon().has(Words::Verdicts, low(i)) {
                    return self.verdict(sentence, i);
                }
                if low(i) == "responsible" {
                    return self.responsible_for_harm(sentence, actor, i, j);
                }
                // "Pedro's release is what turned a suspension into deleted data", "that
                // restriction is why nobody could post": a cleft that names a person's act as
                // what brought the outcome about; not "that is what fixed it", "that is what
                // happened", nor a "why" with no failure after it ("that is why we
                // restarted").
                if j == i + 2 && matches!(low(i + 1), "what" | "why") {
                    let outcome = low(j);
                    let failure = (j..(j + 8).min(tokens.len())).any(|k| {
                        matches!(
                            low(k),
                            "not" | "never" | "nobody" | "no" | "none" | "nothing"
                        ) || low(k).ends_with("n't")
                    });
                    // ("..., which is why the breach was not found": "which" stands for a
                    // whole clause, as in "ran the failover script, which ...".)
                    // ("my question is why ..." asks.)
                    let which = i > 0
                        && matches!(low(i - 1), "question" | "questions" | "mystery" | "puzzle");
                    let told = if which {
                        false
                    } else if low(i + 1) == "why" {
                        failure
                    } else {
                        // ("what let", "what put", "what cut": a past the same as the
                        // present, which would have been "lets", "puts", "cuts".)
                        (outcome.len() > 3 && outcome.ends_with("ed")
                            || IRREGULAR_PAST.contains(&outcome)
                            || matches!(
                                outcome,
                                "let" | "put" | "set" | "cut" | "hit" | "shut" | "cost" | "spread"
                            ))
                            && !matches!(
                                outcome,
                                "happened"
                                    | "fixed"
                                    | "saved"
                                    | "solved"
                                    | "resolved"
                                    | "helped"
                                    | "restored"
                                    | "recovered"
                                    | "worked"
                                    | "mitigated"
                                    | "prevented"
                                    | "caught"
                                    | "stopped"
                                    | "we"
                                    | "i"
                                    | "you"
                                    | "they"
                                    | "it"
                            )
                            && !self.lexicon().has(Words::RemedialVerbs, outcome)
                    };
                    return if told {
                        self.copula_subject(sentence, i)
                    } else {
                        None
                    };
                }
                if person {
                    return Some(actor);
                }
                // "Kevin's flag flip is what took the homepage down", "Ravi set the schedule,
                // and that is what broke invoicing", "..., and it is the root cause": the
                // subject of the copula did the harm.
                let copula = if matches!(low(i), "is" | "was" | "that's") {
                    Some(i)
                } else if i >= 2 && low(i - 1) == "what" {
                    Some(i - 2)
                        .filter(|&c| matches!(low(c), "is" | "was" | "that's" | "it's" | "which's"))
                } else {
                    None
                };
                if let Some(person) = copula.and_then(|c| self.copula_subject(sentence, c)) {
                    return Some(person);
                }
                // "the change that caused the problem was mine": the owner named after the
                // copula.
                let owned = (j..tokens.len().saturating_sub(1)).find(|&k| {
                    matches!(low(k), "was" | "is")
                        && is_owning_pronoun(low(k + 1))
                        && k + 2 >= tokens.len()
                });
                if let Some(k) = owned {
                    return Some(Actor::Person(k + 1, k + 2));
                }
                // "the outage I caused", "the first time I caused a huge error": a person
                // right before the verb of harm, in a relative clause without "that".
                // ("rang the on-call engineer instead of waiting": before a contrast the
                // person is the object of the verb before it.)
                if i > 0
                    && !is_possessive(low(i - 1))
                    && !matches!(low(i), "instead" | "rather" | "despite" | "in" | "against")
                {
                    if let person @ Actor::Person(..) = self.word_class(sentence, i - 1) {
                        return Some(person);
                    }
                }
                // "a senior engineer deployed a config change that took down payments": the
                // harm is done by what the person's act made, in a restrictive clause.
                // ("a problem that could have contributed to the crash" supposes one.)
                // ("an outage that was set off by problems in a service" is passive: what
                // set it off follows "by".)
                let relative_subject = (start + 1..i).all(|k| {
                    sentence.verb_like(k)
                        && !matches!(low(k), "could" | "might" | "may" | "would" | "can")
                }) && !sentence.is_passive(start + 1, i + 1);
                if low(start) == "that"
                    && relative_subject
                    && start > 0
                    && !tokens[start - 1].comma_after
                {
                    let main = sentence.clause_start(start - 1);
                    let verb = (main..start)
                        .find(|&k| sentence.verb_like(k))
                        .unwrap_or(start);
                    // "finished their investigation of the crush that killed 160 people":
                    // the thing that harmed is named inside an "of" phrase, not made by the
                    // person's act ("convicted of causing the crash that killed" still is).
                    let made =
                        !(verb..start).any(|k| low(k) == "of" && !low(k + 1).ends_with("ing"));
                    // "the new code we deployed had a bug that set off the logging": a
                    // pronoun and its verb right after a noun are a clause that describes
                    // the noun, and the clause's own verb comes after them; what had the
                    // bug is the code.
                    let described = verb >= main + 2
                        && PERSONAL_SUBJECTS.contains(&low(verb - 1))
                        && {
                            let noun = &tokens[verb - 2];
                            !noun.comma_after
                                && !noun.break_after
                                && !sentence.verb_like(verb - 2)
                                && !CLAUSE_STARTS.contains(&noun.low.as_str())
                                && !PREPOSITIONS.contains(&noun.low.as_str())
                                && !DETERMINERS.contains(&noun.low.as_str())
                        }
                        && (verb + 1..start).any(|k| sentence.verb_like(k));
                    if described {
                        return None;
                    }
                    if let person @ Actor::Person(..) = self.subject(sentence, main, verb, 0) {
                        if made {
                            return Some(person);
                        }
                    }
                }
                None
            }
            Judgement::Normative => {
                // "tries to find someone to blame": looking for blame is not laying it.
                let sought = low(i) == "to"
                    && i > 0
                    && matches!(
                        low(i - 1),
                        "someone" | "somebody" | "person" | "who" | "whom" | "one"
                    );
                // "The lookout had been distracted": a state of mind told with its auxiliary
                // is its subject's, not a passive whose agent is left unnamed.
                let state_of = || {
                    let aux = matches!(low(i), "was" | "were" | "had" | "have" | "has" | "been");
                    (aux && actor == Actor::Unnamed)
                        .then(|| self.subject(sentence, sentence.clause_start(i), i, 0))
                        .filter(|subject| matches!(subject, Actor::Person(..)))
                };
                if denied(sentence, i, j) || sought {
                    None
                } else if anywhere || person {
                    Some(actor)
                } else {
                    state_of()
                }
            }
            Judgement::Error => {
                if j == i + 1 && self.lexicon().has(Words::MadeErrors, low(i)) {
                    return self.made_errors(sentence, i);
                }
                if !person && !denied(sentence, i, j) {
                    if let Some(maker) = self.maker_after(sentence, j) {
                        return Some(maker);
                    }
                    // "an oversight on the part of the DBA" (the cue ends with "of"), "an
                    // oversight on the infrastructure team's part".
                    let on = if j >= i + 2 && low(j - 1) == "of" && low(j - 2) == "part" {
                        j.saturating_sub(4)
                    } else {
                        j
                    };
                    if let Some(owner) = self.part_owner(sentence, on) {
                        return Some(owner);
                    }
                    if let Some(owner) = self.owner_after_copula(sentence, j) {
                        return Some(owner);
                    }
                }
                // "the system did not allow for human error": the words are the object of
                // a system's act.
                // ... unless a person acts in what follows ("errant input that engineers
                // entered").
                let person_after = (j..tokens.len())
                    .any(|k| matches!(self.word_class(sentence, k), Actor::Person(..)));
                let object_of_thing = actor == Actor::Thing && !person_after && {
                    let start = sentence.clause_start(i);
                    let end = sentence.clause_end(i);
                    !sentence.is_passive(start, end)
                        && (start..i).any(|k| {
                            self.lexicon().has(Words::SafeguardVerbs, low(k))
                                || matches!(low(k), "not" | "no" | "cannot" | "can't" | "without")
                        })
                };
                if denied(sentence, i, j) || object_of_thing {
                    None
                } else if anywhere || person || actor == Actor::Unnamed {
                    Some(actor)
                } else {
                    None
                }
            }
            Judgement::Omission => {
                if anywhere {
                    return Some(actor);
                }
                // "My alarm clock didn't go off", "his training had not covered": a person's
                // thing is the subject, not the person.
                if let Actor::Person(a, _) = actor {
                    let owned = tokens.get(a + 1);
                    if is_possessive(low(a))
                        && !low(i).starts_with("fail")
                        && owned.is_some_and(|t| !self.is_person_word(t))
                        && a + 1 < i
                    {
                        return None;
                    }
                }
                let negated_verb = matches!(
                    low(j - 1),
                    "not" | "didn't" | "to" | "never" | "hadn't" | "wasn't" | "weren't"
                );
                // "had not covered", "had not since been given": a state, or what the person
                // was not given, is no skipped act.
                let mut verb = j;
                while matches!(
                    low(verb),
                    "since" | "yet" | "always" | "ever" | "really" | "even"
                ) {
                    verb += 1;
                }
                let next = low(verb);
                let stems = [
                    next.strip_suffix("ed"),
                    next.strip_suffix('d'),
                    next.strip_suffix('s'),
                ];
                if negated_verb
                    && (self.lexicon().has(Words::States, next)
                        || stems
                            .iter()
                            .flatten()
                            .any(|stem| self.lexicon().has(Words::States, stem))
                        || matches!(next, "been" | "received" | "got" | "had"))
                {
                    return None;
                }
                // "..., so the staff did not read them", "did not act because the emails
                // looked routine": the sentence gives the system's reason.
                if self.told_as_consequence(sentence, i) {
                    return None;
                }
                // A step chosen away ("I skipped the dry run because the checklist marks it
                // optional") stays judged: the reason does not take the choice back
                // (docs/blameless.md).
                let chosen = matches!(
                    low(i),
                    "skipped"
                        | "ignored"
                        | "disregarded"
                        | "chose"
                        | "decided"
                        | "opted"
                        | "refused"
                );
                if !chosen && self.thing_reason_after(sentence, j) {
                    return None;
                }
                person.then_some(actor)
            }
            Judgement::Counterfactual => {
                // "not wholly preventable": the sentence denies it.
                if anywhere && denied(sentence, i, j) {
                    return None;
                }
                // "We should have an expiry monitor for every key", "NATS should have more
                // engineers on site", "we should have alerts on expiry", "should have
                // alerting on the queue": "have" is the verb, a duty now, not a past undone.
                // (A participle never ends in "-s" or "-ing".)
                let noun = |w: &str| {
                    w.len() > 3
                        && (w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us")
                            || w.ends_with("ing"))
                        && !matches!(w, "always" | "perhaps" | "thus" | "being")
                };
                if matches!(low(i), "should" | "ought")
                    && low(j - 1) == "have"
                    && (DETERMINERS.contains(&low(j))
                        || matches!(low(j), "more" | "fewer" | "better" | "enough" | "at")
                        || noun(low(j)))
                {
                    return None;
                }
                // "We do not think a more careful engineer would have produced a different
                // outcome": the writer denies the counterfactual it states.
                let disbelieved = (1..i).any(|k| {
                    matches!(low(k), "think" | "believe")
                        && matches!(low(k - 1), "not" | "don't" | "didn't" | "never")
                }) || (0..i).any(|k| matches!(low(k), "doubt" | "doubtful"));
                if disbelieved {
                    return None;
                }
                // "the drivers might not have been able to see one another" guesses at what
                // happened; "might not have happened if ..." sets it against a condition.
                if low(i) == "might"
                    && low(i + 1) == "not"
                    && !tokens
                        .iter()
                        .any(|t| matches!(t.low.as_str(), "if" | "unless" | "without" | "but"))
                {
                    return None;
                }
                // "We could have caught it in the canary if the canary had checked payment
                // success", "if a backup had existed we could have restored from it": what the
                // team could have done, had a system done or held something, tells of a
                // missing capability, not of a past act judged.
                if person && !anywhere && self.team_short_of_a_system(sentence, actor) {
                    return None;
                }
                if anywhere || person {
                    return Some(actor);
                }
                // "the one thing they could have done": a person right before the modal, in
                // a relative clause without "that".
                // Not "there was nothing we could have done" (nothing was possible), nor
                // "later than we would have liked" (a wish).
                let possible = i > 1
                    && matches!(
                        low(i - 2),
                        "nothing" | "anything" | "everything" | "all" | "than" | "little"
                    );
                if i > 0 && !is_possessive(low(i - 1)) && !possible {
                    if let person @ Actor::Person(..) = self.word_class(sentence, i - 1) {
                        return Some(person);
                    }
                }
                // "Should have saved more information": the writer's own past, subject left
                // out.
                if i == sentence.clause_start(i) && low(i).starts_with("should") {
                    return Some(Actor::Unnamed);
                }
                // "The bank should have phased the migration": an organisation's
                // counterfactual judges the people who ran it. ("Content Security Policy
                // would have blocked the script" foretells what a named control would have
                // done.)
                let start = sentence.clause_start(i);
                let foretold = matches!(low(i), "would" | "wouldn't" | "would've")
                    && !tokens
                        .iter()
                        .any(|t| matches!(t.low.as_str(), "if" | "had" | "unless" | "by"));
                if !foretold && self.organisation_before(sentence, start, i) {
                    return Some(Actor::Unnamed);
                }
                let modal = low(i);
                // "The cutover should have waited", "the rollout should have started at 1%":
                // what an act should have done judges whoever performed it, but not what it
                // was expected to yield ("the migration should have taken ten minutes", "the
                // change should have triggered an alert").
                if matches!(modal, "should" | "shouldn't" | "ought" | "should've")
                    && self.act_is_subject(sentence, start, i)
                {
                    let verb = (j..(j + 3).min(tokens.len()))
                        .find(|&k| !matches!(low(k), "have" | "not" | "never" | "to"))
                        .unwrap_or(j);
                    if !matches!(
                        low(verb),
                        "been"
                            | "taken"
                            | "lasted"
                            | "completed"
                            | "finished"
                            | "failed"
                            | "succeeded"
                            | "worked"
                            | "run"
                            | "done"
                            | "returned"
                            | "included"
                            | "contained"
                            | "produced"
                            | "triggered"
                            | "fired"
                            | "caught"
                            | "blocked"
                            | "stopped"
                            | "prevented"
                            | "rejected"
                            | "alerted"
                            | "paged"
                            | "shown"
                            | "showed"
                    ) {
                        return Some(Actor::Unnamed);
                    }
                }
                // "should have been staged": the passive judges whoever staged it.
                let been = (j..(j + 2).min(tokens.len())).find(|&k| low(k) == "been");
                let participle = been.is_some_and(|k| {
                    let next = low(k + 1);
                    (next.len() > 3 && next.ends_with("ed")) || IRREGULAR_PAST.contains(&next)
                });
                if matches!(modal, "should" | "shouldn't" | "ought" | "should've") && participle {
                    return Some(Actor::Unnamed);
                }
                // "if it had been tested, ... would have": the if-clause decides.
                let condition = (0..i)
                    .rev()
                    .find(|&k| low(k) == "if")
                    .or_else(|| self.fronted_had(sentence, i));
                if let Some(condition) = condition {
                    let condition_actor = if low(condition) == "had" {
                        self.fronted_condition_actor(sentence, condition, i)
                    } else {
                        let verb = (condition + 1..i)
                            .find(|&k| sentence.verb_like(k))
                            .unwrap_or(i);
                        self.actor(sentence, verb)
                    };
                    if matches!(condition_actor, Actor::Person(..) | Actor::Unnamed) {
                        return Some(condition_actor);
                    }
                    if self.organisation_before(sentence, condition + 1, i) {
                        return Some(Actor::Unnamed);
                    }
                } else if let Some(condition) = (j..tokens.len()).find(|&k| low(k) == "if") {
                    // "The all-clear could have come much sooner if the governor had been able
                    // to remember his password": the if-clause after the modal decides, when
                    // a person is its subject.
                    let end = sentence.clause_end(condition + 1);
                    let verb = (condition + 1..end)
                        .find(|&k| sentence.verb_like(k))
                        .unwrap_or(end);
                    if let person @ Actor::Person(..) = self.subject(sentence, condition, verb, 0) {
                        return Some(person);
                    }
                    // "might not have happened if the regulator had been more thorough": an
                    // organisation's act judges the people who ran it.
                    if low(condition + 1) != "it"
                        && self.organisation_before(sentence, condition + 1, verb)
                    {
                        return Some(Actor::Unnamed);
                    }
                } else if let Some(actor) = self.inverted_condition_after(sentence, j) {
                    return Some(actor);
                }
                None
            }
            Judgement::Hindsight => {
                // "We simply must do better": a resolve about the future, not a past act.
                if matches!(
                    low(j),
                    "must" | "need" | "needs" | "will" | "can" | "cannot" | "should" | "have"
                ) {
                    return None;
                }
                // A word that calls a thing plain ("clearly", "obviously") rather than easy.
                let plain = matches!(
                    low(i),
                    "clearly" | "obviously" | "plainly" | "evidently" | "blatantly" | "glaringly"
                );
                // (But "he clearly did not know what he was doing" is the verdict itself.)
                if self.grants_inability(sentence, j, plain) {
                    return None;
                }
                // "Just two hours after the release", "just 10 minutes later": before a
                // span of time, "just" measures; it judges no act ("set just seven hand
                // brakes" still makes the act look easy to have done better).
                let number = |w: &str| {
                    w.starts_with(|c: char| c.is_ascii_digit()) || NUMBER_WORDS.contains(&w)
                };
                let time_unit = |w: &str| self.lexicon().has(Words::TimeNouns, w);
                let span = number(low(j))
                    && (time_unit(low(j + 1)) || low(j + 1) == "few" && time_unit(low(j + 2)));
                if matches!(low(i), "just" | "simply") && j == i + 1 && span {
                    return None;
                }
                // "Simply restarting the pods did not help": a remedy tried, told as what was
                // done, not a past act made to look easy.
                if matches!(low(i), "just" | "simply" | "merely")
                    && low(i + 1).ends_with("ing")
                    && self.lexicon().starts(Words::RemedialVerbs, low(i + 1))
                {
                    return None;
                }
                if anywhere && j - i > 1 {
                    return Some(actor);
                }
                if person {
                    return Some(actor);
                }
                // "Clearly the config was wrong", "Of course, ...": the writer's verdict.
                let opens = i == 0 || tokens[i - 1].break_after;
                let comma = tokens[j - 1].comma_after && sentence.clause_start(i) == i;
                if opens || comma {
                    return Some(actor);
                }
                // "The fix was simply to restart": not "was simply a missing check".
                let after_copula = i > 0 && matches!(low(i - 1), "was" | "were");
                if after_copula && !matches!(low(j), "a" | "an" | "the" | "one") {
                    return Some(actor);
                }
                // "The error clearly said password auth, yet on-call spent 15 minutes on the
                // host": what was plain set against what a person then did.
                if !plain {
                    return None;
                }
                // "Tomás restarted the broker, even though the logs clearly said the certs had
                // expired": the same, with the plain thing conceded after the act (not after
                // "when" or "which": "we failed over when the graphs clearly showed ...").
                let conceded = (i.saturating_sub(6)..i)
                    .find(|&k| matches!(low(k), "though" | "although"))
                    .map(|k| {
                        if k > 0 && low(k - 1) == "even" {
                            k - 1
                        } else {
                            k
                        }
                    })
                    .filter(|&k| k > 0)
                    .and_then(|k| {
                        let start = sentence.clause_start(k - 1);
                        let verb = (start..k).find(|&m| sentence.verb_like(m))?;
                        self.subject(sentence, start, verb, 0).person()
                    });
                if conceded.is_some() {
                    return conceded;
                }
                (j..tokens.len().saturating_sub(1))
                    .filter(|&k| {
                        matches!(low(k), "yet" | "but") && k > 0 && tokens[k - 1].comma_after
                    })
                    .find_map(|k| {
                        let first = if DETERMINERS.contains(&low(k + 1)) {
                            k + 2
                        } else {
                            k + 1
                        };
                        match self.word_class(sentence, first) {
                            person @ Actor::Person(..)
                                if tokens
                                    .get(first + 1)
                                    .is_some_and(|_| sentence.verb_like(first + 1)) =>
                            {
                                Some(person)
                            }
                            _ => None,
                        }
                    })
            }
        }
    }

    /// "a public lecture entirely about usability and user error", "a book on human error":
    /// the judgement at word `i` is what a work or a talk is about, said of nobody.
    fn topic(&self, sentence: &Sentence<'_>, i: usize) -> bool {
        let tokens = &sentence.tokens;
        let Some(about) = (i.saturating_sub(5)..i)
            .rev()
            .find(|&k| matches!(tokens[k].low.as_str(), "about" | "on"))
        else {
            return false;
        };
        let plain = (about + 1..i).all(|k| {
            let low = tokens[k].low.as_str();
            !tokens[k].break_after && !is_possessive(low) && !sentence.verb_like(k)
        });
        plain
            && (about.saturating_sub(7)..about).any(|k| {
                self.lexicon()
                    .has(Words::TopicNouns, tokens[k].low.as_str())
            })
    }

    /// "of course he did not know", "I simply could not reach the console": the words after
    /// a hindsight cue grant that the act was out of the person's reach or knowledge, the
    /// opposite of the verdict the cue usually makes ("he simply did not check").
    /// A not-knowing grants it only after a concession ("of course", "simply"), not after a
    /// verdict (`verdict`: "clearly", "obviously").
    fn grants_inability(&self, sentence: &Sentence<'_>, j: usize, verdict: bool) -> bool {
        let tokens = &sentence.tokens;
        let low = |k: usize| tokens.get(k).map_or("", |t| t.low.as_str());
        let mut k = j;
        while k < tokens.len() && k < j + 6 {
            let word = low(k);
            let negated_next = matches!(low(k + 1), "not" | "never");
            let able = word.starts_with('c') || low(k + 2) == "able";
            if matches!(word, "can't" | "cannot" | "couldn't" | "unable")
                || (matches!(word, "could" | "can" | "was" | "were") && negated_next && able)
            {
                return true;
            }
            // (A verdict's "did not understand" judges competence; "never imagined" still
            // grants.)
            let grants = |m: usize| {
                self.lexicon().has(Words::KnowingVerbs, low(m))
                    && !(verdict && matches!(low(m), "know" | "understand"))
            };
            if matches!(
                word,
                "not" | "never" | "didn't" | "hadn't" | "wasn't" | "weren't"
            ) && (k + 1..(k + 3).min(tokens.len())).any(grants)
            {
                return true;
            }
            if tokens[k].break_after || tokens[k].comma_after {
                return false;
            }
            k += 1;
        }
        false
    }
}

/// Word `i` and the word before it, when no punctuation parts them ("the Rena", "query
/// planner"; not "the captain, Graham").
fn joined_to_previous<'s, 't>(
    tokens: &'s [Token<'t>],
    i: usize,
) -> Option<(&'s Token<'t>, &'s Token<'t>)> {
    let before = tokens.get(i.checked_sub(1)?)?;
    let token = tokens.get(i)?;
    (!before.comma_after && !before.break_after).then_some((before, token))
}

/// "not careless", "was not human error", "no typo": the sentence denies the judgement.
fn denied(sentence: &Sentence<'_>, i: usize, j: usize) -> bool {
    let tokens = &sentence.tokens;
    // "rather than careless", but not "rather unprofessional" (quite).
    let negation = |k: usize| {
        tokens.get(k).is_some_and(|t| {
            matches!(t.low.as_str(), "not" | "no" | "never" | "nor")
                || t.low.ends_with("n't")
                || t.low == "rather" && tokens.get(k + 1).is_some_and(|n| n.low == "than")
        })
    };
    // "ruled out both a drone and pilot error": a judgement considered and set aside.
    let set_aside = (i.saturating_sub(8)..i).any(|k| {
        tokens[k].low == "out"
            && k > 0
            && matches!(
                tokens[k - 1].low.as_str(),
                "ruled" | "rule" | "rules" | "ruling"
            )
    });
    // "found no evidence of errors by railway staff", "no sign that the crew erred": a
    // judgement looked for and not found.
    let not_found = (i.saturating_sub(6)..i).any(|k| {
        matches!(
            tokens[k].low.as_str(),
            "evidence" | "sign" | "signs" | "indication" | "suggestion"
        ) && k > 0
            && tokens[k - 1].low == "no"
            && !(k..i).any(|m| tokens[m].break_after)
    });
    // "Neither the staff nor the infrastructure was to blame", "fail not because of a
    // lack of attention": the negation opens the phrase the judgement ends.
    // "not because of X or Y but because of Z" denies X and Y, not Z.
    let clause = (0..i)
        .rev()
        .take_while(|&k| !tokens[k].break_after)
        .take(12);
    let denied_ahead = clause.clone().any(|k| tokens[k].low == "neither")
        && clause.clone().any(|k| tokens[k].low == "nor")
        || clause.clone().any(|k| {
            tokens[k].low == "not"
                && tokens.get(k + 1).is_some_and(|n| n.low == "because")
                && !(k..i).any(|m| tokens[m].low == "but")
        });
    // "was found not to be at fault", "had not been negligent": the negation stands before
    // the verb that joins the judgement to its subject.
    let mut joined = i;
    while joined > 0
        && i - joined < 3
        && matches!(
            tokens[joined - 1].low.as_str(),
            "to" | "be" | "been" | "have" | "being"
        )
    {
        joined -= 1;
    }
    // "the report did not find that the driver fell asleep": a finding denied.
    let finding_denied = (i.saturating_sub(10)..i).any(|k| {
        tokens[k].low == "that"
            && k > 1
            && matches!(
                tokens[k - 1].low.as_str(),
                "find" | "conclude" | "say" | "show" | "establish" | "suggest" | "prove"
            )
            && (k.saturating_sub(3)..k - 1).any(negation)
            && !(k..i).any(|m| tokens[m].break_after)
    });
    let before = set_aside
        || not_found
        || denied_ahead
        || finding_denied
        || (joined.saturating_sub(2)..i).any(negation);
    let after = (j..(j + 2).min(tokens.len())).any(negation)
        && tokens
            .get(j)
            .is_some_and(|t| matches!(t.low.as_str(), "was" | "is" | "were" | "wasn't" | "isn't"));
    before || after
}

fn is_plural_noun(low: &str, previous: Option<&str>) -> bool {
    if low.len() < 4
        || !low.ends_with('s')
        || low.ends_with("ss")
        || low.ends_with("us")
        || low.ends_with("is")
        || low.ends_with("'s")
        || NOT_PLURAL.contains(&low)
    {
        return false;
    }
    // "the service depends": a verb after a noun; "the tasks", "failed requests": a noun.
    match previous {
        Some(p) => {
            DETERMINERS.contains(&p)
                || p.ends_with("ed")
                || p.ends_with("ing")
                || p.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    p,
                    "these" | "those" | "our" | "their" | "its" | "his" | "her"
                )
        }
        None => true,
    }
}
