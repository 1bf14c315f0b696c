//! The wording engine: blameless-wording rules for narrative fields, and
//! personal-data and secret detection for every field.
//!
//! Rules are data (`rules/wording.yaml`, compiled in), extendable and
//! re-levelled from `whys.yaml`. A [`RuleSet`] compiles every phrase of every
//! rule into one automaton, walked once per text; the costlier work (Markdown
//! masking, subject analysis) runs only around candidate matches, so clean
//! text is scanned without allocating.
//!
//! The engine is silent: it returns [`Hit`]s and never prints.

mod checks;
mod inflect;
mod judgement;
mod learned;
mod lexicon;
mod markdown;
mod phrases;
mod rewrite;
mod second_opinion;
mod sentences;
mod spec;
mod subject;

use std::collections::BTreeMap;

use regex::{Regex, RegexBuilder};

pub use learned::{
    builtin as builtin_encoder, probability as learned_probability, FLAG as LEARNED_FLAG,
};
use lexicon::Lexicon;
pub use lexicon::{builtin_word_lists, word_lists, LexiconError, WordList};
pub use rewrite::is_sentence_rewrite;
pub use second_opinion::{digest, train, ModelError, Sample, SecondOpinion, Training};
pub use spec::{Check, Judgement, RuleKind, RuleSpec, Scope};

use judgement::{Actor, Grounds, Reader, Sentence};

use phrases::{PhraseMatcher, PhraseRole};
use subject::{SubjectClass, Vocabulary};

const BUILTIN_RULES: &str = include_str!("../../rules/wording.yaml");
const BUILTIN_FIRST_NAMES: &str = include_str!("../../rules/first-names.txt");
const BUILTIN_WORD_NAMES: &str = include_str!("../../rules/word-names.txt");
const BUILTIN_ROLES: &str = include_str!("../../rules/roles.txt");

/// How serious a finding is: the one severity type of the library.
pub use crate::diagnostic::Severity;

/// Everything that can go wrong while building a [`RuleSet`].
#[derive(Debug, thiserror::Error)]
pub enum WordingError {
    #[error("the rules file is not valid: {0}")]
    RulesFile(#[from] yaml_serde::Error),
    #[error("rule `{id}`: {problem}")]
    InvalidRule { id: String, problem: String },
    #[error("rule `{id}`: the regular expression does not compile: {source}")]
    Regex {
        id: String,
        #[source]
        source: Box<regex::Error>,
    },
    #[error("rule `{id}` is defined twice")]
    DuplicateRule { id: String },
    #[error("`levels` names the rule `{id}`, which does not exist")]
    UnknownRule { id: String },
    #[error("`levels.{id}` is `{value}`; expected error, warning, note or off")]
    InvalidLevel { id: String, value: String },
    #[error("the phrase automaton could not be built: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
    #[error("the second opinion's model (rules/blame-model.tsv): {0}")]
    Model(#[from] ModelError),
    #[error("the judgement's word lists (rules/lexicon.yaml): {0}")]
    Lexicon(#[from] LexiconError),
    #[error("the learned reader's model (rules/blame-encoder.bin): {0}")]
    Encoder(#[from] whys_encoder::EncoderError),
}

/// What a scan needs to know about the record being checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScanContext<'a> {
    /// The roster: people from `whys.yaml`, the record's authors and owners,
    /// commit authors. Full names, handles and initials are all fine.
    pub names: &'a [String],
    /// Personal data and secrets are errors once a record is published.
    pub published: bool,
}

/// One finding in one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub rule: String,
    pub level: Severity,
    /// Byte offsets into the scanned text.
    pub start: usize,
    pub end: usize,
    /// Why it matters. For personal data and secrets it names the kind of
    /// data, never the data itself.
    pub message: String,
    /// A system-focused rewrite hint.
    pub rewrite: Option<String>,
}

/// A rule compiled for scanning.
#[derive(Debug)]
struct CompiledRule {
    spec: RuleSpec,
    /// `None`: switched off in `whys.yaml`.
    level: Option<Severity>,
    published_level: Option<Severity>,
    regex: Option<Regex>,
}

impl CompiledRule {
    fn level_for(&self, ctx: &ScanContext<'_>) -> Option<Severity> {
        if ctx.published {
            self.published_level.or(self.level)
        } else {
            self.level
        }
    }
}

/// The compiled rules. Build once, share across threads.
#[derive(Debug)]
pub struct RuleSet {
    rules: Vec<CompiledRule>,
    phrases: PhraseMatcher,
    vocabulary: Vocabulary,
    /// Rules of kind `regex` in the narrative scope (user rules).
    narrative_regexes: Vec<usize>,
    /// Rules of kind `regex` in the all-fields scope.
    personal_rules: Vec<usize>,
    /// Every all-fields pattern as one alternation. A text it does not match holds nothing
    /// any personal-data rule could find, so the rule-by-rule passes (a dozen searches, each
    /// with its own set-up cost) run only on the few texts where something may be found.
    personal_prefilter: Option<Regex>,
    /// No all-fields pattern anchors at the very start or end of a text (`\A`, `\z`), so
    /// texts joined with line breaks can be prefiltered in one search.
    prefilter_joins: bool,
    ends_at_person: Option<usize>,
    /// Asked about sentences where a cue was found and the judgement cleared it; none unless
    /// an archive opts in (`lint.second_opinion` in `whys.yaml`).
    second_opinion: Option<SecondOpinion>,
    /// Reads every sentence beside the rules (`learned.rs`); none unless an archive opts in
    /// (`lint.encoder` in `whys.yaml`).
    encoder: Option<&'static whys_encoder::Encoder>,
}

/// The rule of the learned reader's own findings (`learned.rs`).
pub const LEARNED_RULE: &str = "blame/learned";

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rules: Vec<RuleSpec>,
}

/// Whether a cue that needs words after it to mean anything has them nearby, checked on the
/// raw text before the sentence around it is read: "if" supposes a past act only with "had"
/// after it, "took", "brought", "locked" harm only with a particle of harm after their object,
/// and "committed", "emailed" only with a secret or a person's own account there
/// (judgement.rs: `supposed_otherwise`, `carried_to_harm`). Most
/// sentences with these common words have neither, and reading them costs time.
fn may_be_read(text: &str, candidate: &phrases::Candidate) -> bool {
    // The 80 bytes after the cue, lower-cased only for the two kinds of cue that ask.
    let after = || {
        let mut end = (candidate.end + 80).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.get(candidate.end..end)
            .unwrap_or_default()
            .to_lowercase()
    };
    match candidate.role {
        PhraseRole::Condition => after().contains(" had "),
        PhraseRole::Verb => {
            let cue = text.get(candidate.start..candidate.end).unwrap_or_default();
            !judgement::is_carrying_verb(cue) || judgement::may_carry_harm(&after())
        }
        _ => true,
    }
}

impl RuleSet {
    /// Runs `text` through whichever scan the rule's scope belongs to.
    pub fn scan_for(&self, spec: &RuleSpec, text: &str, ctx: &ScanContext) -> Vec<Hit> {
        match spec.scope {
            Scope::Narrative => self.scan_narrative(text, ctx),
            Scope::AllFields => self.scan_personal_data(text, ctx),
            Scope::LastBecause => self.ends_at_person(text, ctx).into_iter().collect(),
        }
    }

    /// Every example of `spec` that does not behave as it says: a `fire:` sentence without a
    /// finding of the rule, or a `quiet:` sentence with one. Built-in rules are held to their
    /// examples by a test, rules from `whys.yaml` when they are loaded.
    pub fn example_failures(&self, spec: &RuleSpec, ctx: &ScanContext) -> Vec<String> {
        let mut failures = Vec::new();
        for example in &spec.fire {
            let hits = self.scan_for(spec, example, ctx);
            if !hits.iter().any(|h| h.rule == spec.id) {
                failures.push(format!("{} should fire on: {example}", spec.id));
            }
        }
        for example in &spec.quiet {
            let hits = self.scan_for(spec, example, ctx);
            if let Some(hit) = hits.iter().find(|h| h.rule == spec.id) {
                let span = example.get(hit.start..hit.end).unwrap_or("?");
                failures.push(format!(
                    "{} should stay quiet on: {example} (fired on {span:?})",
                    spec.id
                ));
            }
        }
        failures
    }

    /// The built-in rules.
    pub fn builtin() -> Result<RuleSet, WordingError> {
        RuleSet::with_overrides(&[], &BTreeMap::new())
    }

    /// The built-in rules plus extra rules, with levels overridden, as they
    /// come from `whys.yaml` (`lint: { rules: [...], levels: {id: level|off} }`).
    /// An extra rule with a built-in id replaces the built-in one.
    pub fn with_overrides(
        extra_rules: &[RuleSpec],
        levels: &BTreeMap<String, String>,
    ) -> Result<RuleSet, WordingError> {
        let file: RulesFile = yaml_serde::from_str(BUILTIN_RULES)?;
        let mut specs = file.rules;
        let mut seen_extra = std::collections::BTreeSet::new();
        for extra in extra_rules {
            if !seen_extra.insert(extra.id.as_str()) {
                return Err(WordingError::DuplicateRule {
                    id: extra.id.clone(),
                });
            }
            match specs.iter_mut().find(|s| s.id == extra.id) {
                Some(slot) => *slot = extra.clone(),
                None => specs.push(extra.clone()),
            }
        }
        RuleSet::compile(specs, levels)
    }

    /// Compiles rule specs into matchers; `levels` may re-level or switch off rules.
    pub fn from_specs(
        specs: Vec<RuleSpec>,
        levels: &BTreeMap<String, String>,
    ) -> Result<RuleSet, WordingError> {
        RuleSet::compile(specs, levels)
    }

    fn compile(
        specs: Vec<RuleSpec>,
        levels: &BTreeMap<String, String>,
    ) -> Result<RuleSet, WordingError> {
        let mut ids = std::collections::BTreeSet::new();
        for spec in &specs {
            if !ids.insert(spec.id.as_str()) {
                return Err(WordingError::DuplicateRule {
                    id: spec.id.clone(),
                });
            }
            spec.validate()?;
        }
        for (id, value) in levels {
            if !ids.contains(id.as_str()) {
                return Err(WordingError::UnknownRule { id: id.clone() });
            }
            if value != "off" && Severity::parse(value).is_none() {
                return Err(WordingError::InvalidLevel {
                    id: id.clone(),
                    value: value.clone(),
                });
            }
        }

        let mut rules = Vec::with_capacity(specs.len());
        for spec in specs {
            let (level, published_level) = match levels.get(&spec.id).map(String::as_str) {
                Some("off") => (None, None),
                Some(word) => {
                    let level = Severity::parse(word);
                    (level, level)
                }
                None => (Some(spec.level), spec.published_level),
            };
            let regex = match &spec.pattern {
                Some(pattern) => Some(
                    RegexBuilder::new(pattern)
                        .case_insensitive(!spec.case_sensitive)
                        .build()
                        .map_err(|e| WordingError::Regex {
                            id: spec.id.clone(),
                            source: Box::new(e),
                        })?,
                ),
                None => None,
            };
            rules.push(CompiledRule {
                spec,
                level,
                published_level,
                regex,
            });
        }

        let phrases = PhraseMatcher::build(rules.iter().map(|r| &r.spec))?;
        let mut vocabulary =
            Vocabulary::new(BUILTIN_FIRST_NAMES, BUILTIN_WORD_NAMES, Lexicon::builtin()?);
        vocabulary.add_roles(BUILTIN_ROLES);
        for rule in &rules {
            vocabulary.add_subjects(
                &rule.spec.subjects,
                &rule.spec.generic,
                &rule.spec.organisations,
            );
            vocabulary.add_harms(&rule.spec.harms);
            vocabulary.add_sanctions(&rule.spec.sanctions);
        }

        let mut narrative_regexes = Vec::new();
        let mut personal_rules = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            if rule.spec.kind != RuleKind::Regex {
                continue;
            }
            match rule.spec.scope {
                Scope::AllFields => personal_rules.push(index),
                Scope::Narrative => narrative_regexes.push(index),
                Scope::LastBecause => {}
            }
        }
        let ends_at_person = rules
            .iter()
            .position(|r| r.spec.scope == Scope::LastBecause);
        let personal_prefilter = prefilter(personal_rules.iter().map(|&i| &rules[i]));
        let prefilter_joins = personal_rules.iter().all(|&i| {
            let pattern = rules[i].spec.pattern.as_deref().unwrap_or_default();
            !pattern.contains("\\A") && !pattern.contains("\\z")
        });

        Ok(RuleSet {
            rules,
            phrases,
            vocabulary,
            narrative_regexes,
            personal_rules,
            personal_prefilter,
            prefilter_joins,
            ends_at_person,
            second_opinion: None,
            encoder: None,
        })
    }

    /// The same rules with an archive's own words added to the judgement's word lists
    /// (`lint.words` in `whys.yaml`, by list id of `rules/lexicon.yaml`).
    pub fn with_extra_words(
        mut self,
        words: &BTreeMap<String, Vec<String>>,
    ) -> Result<RuleSet, LexiconError> {
        self.vocabulary.extend_lexicon(words)?;
        Ok(self)
    }

    /// The same rules read with other word lists (a test empties one list at a time).
    #[cfg(test)]
    pub(crate) fn with_lexicon(mut self, lexicon: Lexicon) -> RuleSet {
        self.vocabulary.set_lexicon(lexicon);
        self
    }

    /// The same rules with another second opinion, or none (the rules' judgement alone).
    pub fn with_second_opinion(mut self, model: Option<SecondOpinion>) -> RuleSet {
        self.second_opinion = model;
        self
    }

    /// The same rules with the learned reader beside them (`learned.rs`), or without it.
    pub fn with_encoder(mut self, on: bool) -> Result<RuleSet, WordingError> {
        self.encoder = if on { Some(learned::builtin()?) } else { None };
        Ok(self)
    }

    /// Whether the learned reader reads beside the rules.
    pub fn has_encoder(&self) -> bool {
        self.encoder.is_some()
    }

    /// Every rule, in rules-file order (built-in first, then extra rules).
    pub fn rules(&self) -> impl Iterator<Item = &RuleSpec> {
        self.rules.iter().map(|r| &r.spec)
    }

    /// The rationale of one rule, for `whys check --explain RULE`.
    pub fn explain(&self, id: &str) -> Option<String> {
        let rule = self.rules.iter().find(|r| r.spec.id == id)?;
        Some(rule.spec.explanation(rule.level, rule.published_level))
    }

    /// Blameless wording in one narrative field's Markdown text.
    pub fn scan_narrative(&self, text: &str, ctx: &ScanContext<'_>) -> Vec<Hit> {
        self.scan_blame(text, ctx, false, Learned::Prose)
    }

    /// Blameless wording in a 5-Whys answer (`whys[i].because`): the rules read it as
    /// narrative, the learned reader as the 5-Whys answer it was trained to tell apart.
    pub fn scan_because(&self, text: &str, ctx: &ScanContext<'_>) -> Vec<Hit> {
        self.scan_blame(text, ctx, false, Learned::Why)
    }

    /// The narrative scan, reading `text` as a 5-Whys step when `why_step` is set; the
    /// learned reader, when there is one, reads it as `learned` says.
    fn scan_blame(
        &self,
        text: &str,
        ctx: &ScanContext<'_>,
        why_step: bool,
        learned: Learned,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        let candidates = self.phrases.find(text);
        let needs_regex = !self.narrative_regexes.is_empty();
        let reads = self.encoder.is_some() && learned != Learned::Off;
        if candidates.is_empty() && !needs_regex && !reads {
            return hits;
        }
        let mask = markdown::Mask::of(text);
        let names = subject::Roster::new(ctx.names);
        let reader = Reader {
            vocabulary: &self.vocabulary,
            roster: &names,
            why_step,
        };
        let mut sentences = SentenceCache::new(text, &mask, &self.vocabulary);

        // Exceptions ("had just") make overlapping matches of the same rule innocent.
        let exceptions: Vec<&phrases::Candidate> = candidates
            .iter()
            .filter(|c| c.role == PhraseRole::Except)
            .collect();
        // Cues the judgement cleared, for the second opinion: (rule, level, start, end).
        let mut cleared: Vec<(usize, Severity, usize, usize)> = Vec::new();

        for candidate in &candidates {
            let rule = &self.rules[candidate.rule];
            if rule.spec.scope != Scope::Narrative || candidate.role == PhraseRole::Except {
                continue;
            }
            let Some(level) = rule.level_for(ctx) else {
                continue;
            };
            if mask.hides(candidate.start, candidate.end) {
                continue;
            }
            // ... unless the cue holds the whole exception and more ("obvious to anyone"
            // holds "obvious to", which keeps "make it obvious to the operator" quiet).
            if exceptions.iter().any(|e| {
                let holds = candidate.start <= e.start
                    && e.end <= candidate.end
                    && candidate.end - candidate.start > e.end - e.start;
                e.rule == candidate.rule
                    && e.start < candidate.end
                    && candidate.start < e.end
                    && !holds
            }) {
                continue;
            }
            if let Some(family) = rule.spec.judgement {
                if !may_be_read(text, candidate) {
                    continue;
                }
                let Some((sentence, i, j)) = sentences.locate(candidate.start, candidate.end)
                else {
                    continue;
                };
                // A question about who is to blame looks for blame and lays none ("working
                // out whose fault it is"); but "Who on earth approved this?" is the
                // incredulous question of hindsight, which judges.
                if family != Judgement::Hindsight && sentence.asks_who(i) {
                    continue;
                }
                // Not a cue at all, so not one for the second opinion either: a word of a
                // title or a name, or a verb of harm that is not one here.
                if sentence.names_with(i, j)
                    || family == Judgement::Agent && reader.not_a_harmful_act(sentence, i, j)
                {
                    continue;
                }
                let anywhere = candidate.role == PhraseRole::Anywhere;
                let actor = match candidate.role {
                    PhraseRole::Accusation => reader.accused(sentence, i, j),
                    PhraseRole::Cause => reader.named_cause(sentence, j),
                    PhraseRole::Reason => reader.acting_reason(sentence, i, j, Grounds::Harm),
                    PhraseRole::Sequel => reader.acting_reason(sentence, i, j, Grounds::Sanction),
                    PhraseRole::Question => reader.questioned(sentence, j),
                    PhraseRole::Condition => reader.supposed_otherwise(sentence, i, j),
                    PhraseRole::Charge => reader.charged_with(sentence, i, j),
                    PhraseRole::Cleft => reader.cleft_focus(sentence, i, j),
                    _ => reader
                        .judge(family, anywhere, sentence, i, j)
                        .map(|actor| reader.named_on_the_part_of(sentence, actor, j)),
                };
                match actor {
                    Some(actor) => hits.push(self.judged_hit(
                        candidate.rule,
                        level,
                        text,
                        sentence,
                        actor,
                        i,
                        j,
                    )),
                    // The second opinion may not overrule a generic subject ("anyone could
                    // have …"), nor a pronoun read as a thing ("they" after "the tasks" is the
                    // tasks): the model cannot tell which noun a pronoun stands for.
                    None if !sentence.second_opinion_barred(reader.actor(sentence, i), i) => {
                        cleared.push((candidate.rule, level, candidate.start, candidate.end))
                    }
                    None => {}
                }
                continue;
            }
            let (start, fires) = match candidate.role {
                PhraseRole::Anywhere => {
                    let class = self
                        .vocabulary
                        .subject_before(text, candidate.start, &names);
                    (candidate.start, class != SubjectClass::Generic)
                }
                PhraseRole::WhenPerson => {
                    let class = self
                        .vocabulary
                        .subject_before(text, candidate.start, &names);
                    (candidate.start, class.is_person())
                }
                PhraseRole::Verb => {
                    match self.vocabulary.subject_span(text, candidate.start, &names) {
                        Some((subject_start, class)) if class.is_person() => (subject_start, true),
                        _ => (candidate.start, false),
                    }
                }
                PhraseRole::Object => {
                    match self
                        .vocabulary
                        .person_in_clause(text, candidate.start, &names)
                    {
                        Some(subject_start) => (subject_start, true),
                        None => (candidate.start, false),
                    }
                }
                PhraseRole::Except
                | PhraseRole::Accusation
                | PhraseRole::Cause
                | PhraseRole::Reason
                | PhraseRole::Sequel
                | PhraseRole::Question
                | PhraseRole::Condition
                | PhraseRole::Charge
                | PhraseRole::Cleft => (candidate.start, false),
            };
            if fires {
                hits.push(self.blame_hit(candidate.rule, level, text, start, candidate.end));
            }
        }

        for &index in &self.narrative_regexes {
            let rule = &self.rules[index];
            let (Some(level), Some(regex)) = (rule.level_for(ctx), &rule.regex) else {
                continue;
            };
            for m in regex.find_iter(text) {
                if m.start() == m.end() || mask.hides(m.start(), m.end()) {
                    continue;
                }
                if rule.spec.whole_words() && !phrases::is_whole_word(text, m.start(), m.end()) {
                    continue;
                }
                hits.push(self.blame_hit(index, level, text, m.start(), m.end()));
            }
        }
        if let Some(model) = &self.second_opinion {
            self.second_opinion_hits(model, text, &cleared, &mut sentences, &mut hits);
        }
        let reading = LearnedReading {
            text,
            mask: &mask,
            reader: &reader,
            candidates: &candidates,
        };
        self.learned_hits(learned, &reading, &mut sentences, &mut hits);
        // Among blame findings on the same words the stronger family speaks, in the order
        // of the labelling guideline (a counterfactual about a named person is a
        // counterfactual, not an agent).
        resolve_overlaps(&mut hits, |h| self.family_strength(&h.rule));
        hits
    }

    /// The learned model's findings: for each sentence with a cleared cue and no finding yet,
    /// one finding on its first cleared cue when the model reads the sentence as blame.
    fn second_opinion_hits(
        &self,
        model: &SecondOpinion,
        text: &str,
        cleared: &[(usize, Severity, usize, usize)],
        sentences: &mut SentenceCache<'_>,
        hits: &mut Vec<Hit>,
    ) {
        let mut asked: Vec<(usize, usize)> = Vec::new();
        for &(rule, level, start, end) in cleared {
            let Some((from, to)) = sentences.span_at(start) else {
                continue;
            };
            if asked.contains(&(from, to)) || hits.iter().any(|h| h.start < to && from < h.end) {
                continue;
            }
            asked.push((from, to));
            let Some(score) = model.flags(text.get(from..to).unwrap_or_default()) else {
                continue;
            };
            let Some((sentence, i, j)) = sentences.locate(start, end) else {
                continue;
            };
            // A second opinion warns; it never makes an error on its own.
            let level = level.min(Severity::Warning);
            let mut hit = self.judged_hit(rule, level, text, sentence, Actor::Unnamed, i, j);
            hit.message = format!(
                "{} (the rules' reading of the clause cleared it; the learned second opinion \
                 reads the sentence as blame, score {score:.2})",
                hit.message
            );
            hits.push(hit);
        }
    }

    /// The learned reader's findings, when there is one and `learned` asks for them: each
    /// sentence without a judged finding that it reads as blame gets one.
    fn learned_hits(
        &self,
        learned: Learned,
        reading: &LearnedReading<'_, '_>,
        sentences: &mut SentenceCache<'_>,
        hits: &mut Vec<Hit>,
    ) {
        let Some(encoder) = self.encoder.filter(|_| learned != Learned::Off) else {
            return;
        };
        let text = reading.text;
        let why_step = learned == Learned::Why;
        for (from, to) in sentences::sentence_spans(text) {
            let Some(words) = text.get(from..to).map(str::trim) else {
                continue;
            };
            if words.is_empty() || reading.mask.hides_all(text, from, to) {
                continue;
            }
            let judged = hits
                .iter()
                .any(|h| self.is_judged(&h.rule) && h.start < to && from < h.end);
            if judged {
                continue;
            }
            let probability = learned::probability(encoder, words, why_step);
            if probability < learned::FLAG {
                continue;
            }
            // The judgement a finding names: the family of the first cue of the rules in the
            // sentence, the one their reading of the clause cleared, else the agent family
            // read at the first word.
            let cue = reading.candidates.iter().find_map(|c| {
                let family = self.rules[c.rule].spec.judgement?;
                let inside = from <= c.start && c.end <= to;
                (inside && c.role != PhraseRole::Except && !reading.mask.hides(c.start, c.end))
                    .then_some((family, c.start, c.end))
            });
            let located = match cue {
                Some((family, start, end)) => sentences
                    .locate(start, end)
                    .map(|(sentence, i, j)| (sentence, family, Some((i, j)))),
                None => sentences
                    .locate(from, to)
                    .map(|(sentence, _, _)| (sentence, Judgement::Agent, None)),
            };
            let Some((sentence, family, cue)) = located else {
                continue;
            };
            // The encoder reads one sentence: "they" after "the tasks" in the sentence
            // before is people to it. The rules' reading of the pronoun stands, and of a
            // statement about everyone.
            if reading.reader.learned_flag_barred(sentence) {
                continue;
            }
            let actor = reading.reader.learned_subject(sentence);
            let named = match actor {
                Actor::Person(a, b) => Some(self.actor_words(sentence, a, b)),
                _ => reading
                    .reader
                    .learned_subject_words(sentence)
                    .map(|(a, b)| subject_phrase(sentence, a, b)),
            };
            let cue_words = cue.map(|(i, j)| {
                let tokens = &sentence.tokens;
                text.get(tokens[i].start..tokens[j - 1].end)
                    .unwrap_or_default()
                    .to_string()
            });
            let (i, j) = cue.unwrap_or((0, 1));
            let rewrite = rewrite::from_sentence(text, sentence, actor, family, i, j);
            hits.push(learned::hit(
                text,
                (from, to),
                learned::Reading {
                    actor: named.as_deref(),
                    family,
                    cue: cue_words.as_deref(),
                    probability,
                },
                rewrite,
            ));
        }
    }

    /// Whether `id` is a blame rule whose findings read a clause (a judgement family): a
    /// sentence with one needs no word from the learned reader.
    fn is_judged(&self, id: &str) -> bool {
        self.rules
            .iter()
            .any(|r| r.spec.id == id && r.spec.judgement.is_some())
    }

    fn family_strength(&self, id: &str) -> u8 {
        let family = self
            .rules
            .iter()
            .find(|r| r.spec.id == id)
            .and_then(|r| r.spec.judgement);
        match family {
            Some(Judgement::Counterfactual) => 0,
            Some(Judgement::Normative) => 1,
            Some(Judgement::Hindsight) => 2,
            Some(Judgement::Error) => 3,
            Some(Judgement::Omission) => 4,
            Some(Judgement::Agent) => 5,
            None => 6,
        }
    }

    /// A finding that names the actor and the judgement, with a rewrite made from the
    /// sentence itself.
    #[allow(clippy::too_many_arguments)]
    fn judged_hit(
        &self,
        rule: usize,
        level: Severity,
        text: &str,
        sentence: &Sentence<'_>,
        actor: Actor,
        i: usize,
        j: usize,
    ) -> Hit {
        let spec = &self.rules[rule].spec;
        let family = spec.judgement.unwrap_or(Judgement::Agent);
        let tokens = &sentence.tokens;
        let cue_start = tokens[i].start;
        let cue_end = tokens[j - 1].end;
        // The finding runs from the person it names to the cue, when the person comes first.
        let (start, named) = match actor {
            Actor::Person(a, b) => (
                tokens[a].start.min(cue_start),
                Some(self.actor_words(sentence, a, b)),
            ),
            _ => (cue_start, None),
        };
        let end = cue_end;
        let quoted = text.get(start..end).unwrap_or_default();
        let quoted: String = quoted.split_whitespace().collect::<Vec<_>>().join(" ");
        let cue: String = text
            .get(cue_start..cue_end)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let who = match &named {
            Some(name) => format!("actor {name}"),
            None => "the actor left unnamed".to_string(),
        };
        Hit {
            rule: spec.id.clone(),
            level,
            start,
            end,
            message: format!(
                "\"{quoted}\": {} judgement (\"{cue}\"), {who}: {}",
                family.as_str(),
                spec.why
            ),
            rewrite: Some(rewrite::from_sentence(text, sentence, actor, family, i, j)),
        }
    }

    /// How a finding names the person at words `a..b`: a possessive pronoun with the role
    /// words after it ("Our DBA dropped the wrong index" names "Our DBA", not "Our").
    fn actor_words(&self, sentence: &Sentence<'_>, a: usize, b: usize) -> String {
        let tokens = &sentence.tokens;
        let mut end = b;
        if b == a + 1
            && matches!(
                tokens[a].low.as_str(),
                "my" | "our" | "your" | "his" | "her" | "their"
            )
        {
            while end < tokens.len()
                && end < b + 3
                && !tokens[end - 1].comma_after
                && self.vocabulary.is_subject(&tokens[end].low)
            {
                end += 1;
            }
        }
        person_words(sentence, a, end)
    }

    fn blame_hit(&self, rule: usize, level: Severity, text: &str, start: usize, end: usize) -> Hit {
        let spec = &self.rules[rule].spec;
        let quoted = text.get(start..end).unwrap_or_default();
        let quoted: String = quoted.split_whitespace().collect::<Vec<_>>().join(" ");
        Hit {
            rule: spec.id.clone(),
            level,
            start,
            end,
            message: format!("\"{quoted}\": {}", spec.why),
            rewrite: spec.rewrite.clone(),
        }
    }

    /// False only when no personal-data or secret rule can find anything in `text`: one
    /// search instead of one per rule.
    pub fn may_hold_personal_data(&self, text: &str) -> bool {
        match &self.personal_prefilter {
            Some(prefilter) => prefilter.is_match(text),
            None => !self.personal_rules.is_empty(),
        }
    }

    /// [`RuleSet::may_hold_personal_data`] for many texts (all fields of a record) in one
    /// search over them joined by line breaks. A match that spans two texts only costs the
    /// per-text scans it would have had anyway.
    pub fn may_hold_personal_data_in(&self, texts: &[&str]) -> bool {
        if !self.prefilter_joins {
            return true;
        }
        let mut joined = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
        for text in texts {
            joined.push_str(text);
            joined.push('\n');
        }
        self.may_hold_personal_data(&joined)
    }

    /// Personal data and secrets in any field's text.
    pub fn scan_personal_data(&self, text: &str, ctx: &ScanContext<'_>) -> Vec<Hit> {
        let mut hits = Vec::new();
        if !self.may_hold_personal_data(text) {
            return hits;
        }
        let mut mask: Option<markdown::Mask> = None;
        // One pass per rule: each regex has its own literal prefilter, which
        // is faster than one combined set that has none.
        for &index in &self.personal_rules {
            let rule = &self.rules[index];
            let (Some(level), Some(regex)) = (rule.level_for(ctx), &rule.regex) else {
                continue;
            };
            for m in regex.find_iter(text) {
                let (start, end) = (m.start(), m.end());
                if start == end {
                    continue;
                }
                if rule.spec.whole_words() && !checks::standalone(text, start, end) {
                    continue;
                }
                if let Some(check) = rule.spec.check {
                    if !check.accepts(m.as_str()) {
                        continue;
                    }
                    // A documented address format in code is not an address.
                    if check == Check::Email {
                        let mask = mask.get_or_insert_with(|| markdown::Mask::of(text));
                        if mask.in_code(start, end) {
                            continue;
                        }
                    }
                }
                let what = rule.spec.what.as_deref().unwrap_or("personal data");
                hits.push(Hit {
                    rule: rule.spec.id.clone(),
                    level,
                    start,
                    end,
                    message: format!("{what}: {}", rule.spec.why),
                    rewrite: rule.spec.rewrite.clone(),
                });
            }
        }
        resolve_overlaps(&mut hits, |_| 0);
        hits
    }

    /// `whys/ends-at-person`: the last `because` of a 5-Whys chain names a
    /// person, pronoun or role as the cause, or "human error".
    pub fn ends_at_person(&self, last_because: &str, ctx: &ScanContext<'_>) -> Option<Hit> {
        let index = self.ends_at_person?;
        let rule = &self.rules[index];
        let level = rule.level_for(ctx)?;
        let mask = markdown::Mask::of(last_because);
        let names = subject::Roster::new(ctx.names);
        let reader = Reader {
            vocabulary: &self.vocabulary,
            roster: &names,
            why_step: true,
        };
        let mut sentences = SentenceCache::new(last_because, &mask, &self.vocabulary);
        // A blame judgement of the rules anywhere in the step: the chain ends at what a
        // person did. The learned reader's own findings never make this error, so it is not
        // asked here (`scan_because` asks it about the same step).
        if let Some(blame) = self
            .scan_blame(last_because, ctx, true, Learned::Off)
            .into_iter()
            .find(|h| h.rule.starts_with("blame/"))
        {
            let mut hit = self.blame_hit(index, level, last_because, blame.start, blame.end);
            hit.message = format!("{} ({})", rule.spec.why, blame.message);
            hit.rewrite = rule.spec.rewrite.clone();
            return Some(hit);
        }
        // The rule's own phrases ("human error"), unless the step states a rule or a
        // generic subject ("anyone can make a mistake").
        for candidate in self.phrases.find(last_because) {
            if candidate.rule != index || mask.hides(candidate.start, candidate.end) {
                continue;
            }
            let Some((sentence, i, j)) = sentences.locate(candidate.start, candidate.end) else {
                continue;
            };
            if reader
                .judge(Judgement::Normative, true, sentence, i, j)
                .is_some()
            {
                let mut hit =
                    self.blame_hit(index, level, last_because, candidate.start, candidate.end);
                hit.message = rule.spec.why.clone();
                return Some(hit);
            }
        }
        // A person as the subject of the cause, with no system reason after it.
        let first = last_because.find(|c: char| c.is_alphanumeric())?;
        let (sentence, _, _) = sentences.locate(first, first + 1)?;
        let Actor::Person(a, b) = reader.cause(sentence)? else {
            return None;
        };
        let (start, end) = (sentence.tokens[a].start, sentence.tokens[b - 1].end);
        let mut hit = self.blame_hit(index, level, last_because, start, end);
        let who = last_because.get(start..end).unwrap_or_default();
        hit.message = format!("{} (actor {})", rule.spec.why, person_name(who));
        Some(hit)
    }
}

/// One regex that matches wherever any of `rules` would: a superset, never fewer places.
/// `None` when a pattern is missing or the alternation is too big to build: then every
/// rule simply runs.
fn prefilter<'a>(rules: impl Iterator<Item = &'a CompiledRule>) -> Option<Regex> {
    let mut alternatives = Vec::new();
    for rule in rules {
        let pattern = rule.spec.pattern.as_deref()?;
        let flags = if rule.spec.case_sensitive { "" } else { "i" };
        alternatives.push(format!("(?{flags}:{pattern})"));
    }
    if alternatives.is_empty() {
        return None;
    }
    // Multi-line: `^` and `$` also match at the line breaks that join texts, so a pattern
    // anchored at a text's edge still finds it inside the joined texts.
    Regex::new(&format!("(?m){}", alternatives.join("|"))).ok()
}

/// Among overlapping hits keep the most serious, then the longest, then the
/// earliest rule: one sentence gets one finding per span, not three.
fn resolve_overlaps(hits: &mut Vec<Hit>, strength: impl Fn(&Hit) -> u8) {
    if hits.len() < 2 {
        return;
    }
    hits.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.level.cmp(&a.level))
            .then(strength(a).cmp(&strength(b)))
            .then((b.end - b.start).cmp(&(a.end - a.start)))
    });
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits.drain(..) {
        match kept.last_mut() {
            Some(last) if hit.start < last.end => {
                let (new, old) = (strength(&hit), strength(last));
                let better = hit.level > last.level
                    || (hit.level == last.level && new < old)
                    || (hit.level == last.level
                        && new == old
                        && hit.end - hit.start > last.end - last.start);
                if better {
                    *last = hit;
                }
            }
            _ => kept.push(hit),
        }
    }
    *hits = kept;
}

/// "Bob's" is Bob.
fn person_name(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("\u{2019}s"))
        .unwrap_or(word)
}

/// The person the words `a..b` of the sentence name, as a finding names them.
fn person_words(sentence: &Sentence<'_>, a: usize, b: usize) -> String {
    sentence.tokens[a..b]
        .iter()
        .map(|t| person_name(t.text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A subject noun phrase at words `a..b`, as a finding names it: a determiner that starts
/// the sentence is lower-cased ("The customer" is named "the customer"), a name is not.
fn subject_phrase(sentence: &Sentence<'_>, a: usize, b: usize) -> String {
    let words = person_words(sentence, a, b);
    let determiner = matches!(
        sentence.tokens[a].low.as_str(),
        "the" | "a" | "an" | "this" | "that" | "these" | "those" | "its"
    );
    match words.chars().next() {
        Some(first) if determiner => first.to_lowercase().chain(words.chars().skip(1)).collect(),
        _ => words,
    }
}

/// What the learned reader needs of a scan besides the sentences: the text, what of it is
/// not the writer's own words, how the rules read people, and the rules' cues.
struct LearnedReading<'s, 'r> {
    text: &'s str,
    mask: &'s markdown::Mask,
    reader: &'s Reader<'r>,
    candidates: &'s [phrases::Candidate],
}

/// How the learned reader, when an archive has one, reads a scanned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Learned {
    /// Not at all: its findings are not wanted (`ends_at_person` makes an error only of the
    /// rules' own).
    Off,
    /// As narrative prose.
    Prose,
    /// As a 5-Whys answer, the way it was trained on them.
    Why,
}

/// The sentences of one text, split once and read once, only where a cue needs them.
struct SentenceCache<'t> {
    text: &'t str,
    mask: &'t markdown::Mask,
    vocabulary: &'t Vocabulary,
    spans: Option<Vec<(usize, usize)>>,
    read: Vec<Option<Sentence<'t>>>,
}

impl<'t> SentenceCache<'t> {
    fn new(
        text: &'t str,
        mask: &'t markdown::Mask,
        vocabulary: &'t Vocabulary,
    ) -> SentenceCache<'t> {
        SentenceCache {
            text,
            mask,
            vocabulary,
            spans: None,
            read: Vec::new(),
        }
    }

    /// The byte span of the sentence that holds `start`.
    fn span_at(&mut self, start: usize) -> Option<(usize, usize)> {
        let text = self.text;
        let spans = self
            .spans
            .get_or_insert_with(|| sentences::sentence_spans(text));
        let index = spans.partition_point(|&(_, e)| e <= start);
        spans.get(index).copied()
    }

    /// The sentence that holds `start..end`, and the cue's word range in it.
    fn locate(&mut self, start: usize, end: usize) -> Option<(&Sentence<'t>, usize, usize)> {
        let text = self.text;
        let spans = self
            .spans
            .get_or_insert_with(|| sentences::sentence_spans(text));
        let index = spans.partition_point(|&(_, e)| e <= start);
        let &(s, e) = spans.get(index)?;
        if self.read.len() < spans.len() {
            self.read.resize_with(spans.len(), || None);
        }
        if self.read[index].is_none() {
            let before = match index.checked_sub(1).and_then(|p| spans.get(p)) {
                Some(&(ps, pe)) => sentences::tokens(text, ps, pe, self.mask),
                None => Vec::new(),
            };
            let words = sentences::tokens(text, s, e.max(end), self.mask);
            let question = text
                .get(s..e)
                .unwrap_or_default()
                .trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | ')')
                })
                .ends_with('?');
            self.read[index] = Some(Sentence::new(words, before, question, self.vocabulary));
        }
        let sentence = self.read[index].as_ref()?;
        let i = sentence.index_at(start)?;
        let j = sentence
            .tokens
            .iter()
            .rposition(|t| t.start < end)
            .map_or(i + 1, |k| k + 1)
            .max(i + 1);
        Some((sentence, i, j))
    }
}
