//! The rules-file entry, as written in `rules/wording.yaml` and `whys.yaml`.

use super::{Severity, WordingError};

/// How a rule matches text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// Multi-word phrases, whole words, any whitespace run matching a space.
    Phrases,
    /// Single words, whole words.
    Words,
    /// A regular expression, optionally confirmed by a named [`Check`].
    Regex,
    /// A failure verb whose subject is a person, pronoun, role or name.
    PersonAsSubject,
}

/// The family of blame a rule's cues belong to (see `docs/blameless.md`). It decides how
/// the sentence around a cue is read: who must act, and what clears the cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Judgement {
    /// A person as the plain agent of the faulty act ("Bob's change took down checkout").
    Agent,
    /// An error pinned on a person ("accidentally", "his typo", "human error").
    Error,
    /// What a person did not do ("didn't run", "without reading").
    Omission,
    /// What should or could have happened ("should have", "if ... had ... would have").
    Counterfactual,
    /// A judgement of character or competence ("careless", "lacked awareness").
    Normative,
    /// The past made to look easy ("obviously", "just had to").
    Hindsight,
}

impl Judgement {
    /// The name a finding gives the judgement.
    pub fn as_str(self) -> &'static str {
        match self {
            Judgement::Agent => "agent",
            Judgement::Error => "error",
            Judgement::Omission => "omission",
            Judgement::Counterfactual => "counterfactual",
            Judgement::Normative => "normative",
            Judgement::Hindsight => "hindsight",
        }
    }
}

/// Which text a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Narrative fields only (blameless wording).
    #[default]
    Narrative,
    /// Every field (personal data and secrets).
    AllFields,
    /// The last `because` of the 5-Whys chain.
    LastBecause,
}

/// A confirmation that a regex match really is what the rule is after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// 13 to 19 digits, a card-network prefix, a valid Luhn checksum.
    Luhn,
    /// An IPv4 address (octets up to 255, not a version number) or an IPv6 address.
    Ip,
    /// A phone number: enough digits, not a date, time or id.
    Phone,
    /// An e-mail address outside the documentation domains.
    Email,
    /// A bearer token that looks like a token, not a word.
    Bearer,
    /// A URL whose password is not a placeholder.
    UrlPassword,
}

/// One rule, as written in the rules file.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    pub id: String,
    pub level: Severity,
    /// The level once the record is published (personal data and secrets).
    #[serde(default)]
    pub published_level: Option<Severity>,
    pub kind: RuleKind,
    #[serde(default)]
    pub scope: Scope,
    /// What kind of data the rule finds ("an AWS access key"); findings name
    /// this, never the data.
    #[serde(default)]
    pub what: Option<String>,
    /// One line: what the rule finds, for `whys check --explain`'s list.
    #[serde(default)]
    pub summary: Option<String>,
    /// The blame family of the rule's cues: the sentence is then read for who acts and
    /// whether it judges the act. Without it, the cue's role alone decides.
    #[serde(default)]
    pub judgement: Option<Judgement>,
    /// Why it matters.
    pub why: String,
    /// A system-focused rewrite.
    #[serde(default)]
    pub rewrite: Option<String>,
    /// Phrases or words that fire unless the subject is generic.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Phrases or words that fire only when a person is the subject.
    #[serde(default)]
    pub when_person: Vec<String>,
    /// Longer phrases that make an overlapping match innocent.
    #[serde(default)]
    pub except: Vec<String>,
    /// person-as-subject: pronouns and roles that make a person the subject.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// person-as-subject: determiners and pronouns that make a subject generic.
    #[serde(default)]
    pub generic: Vec<String>,
    /// person-as-subject: nouns for organisations ("the vendor", "the bank"). Not people,
    /// but a counterfactual about what an organisation should have done still judges the
    /// people who ran it (`docs/blameless.md`).
    #[serde(default)]
    pub organisations: Vec<String>,
    /// person-as-subject: failure verbs right after the subject.
    #[serde(default)]
    pub verbs: Vec<String>,
    /// person-as-subject: object phrases later in a clause with a person subject.
    #[serde(default)]
    pub objects: Vec<String>,
    /// Verbs that lay blame on whoever follows them ("blamed an intern", "pointed the finger
    /// at the manager") or, in the passive, on their subject ("the engineer was blamed").
    #[serde(default)]
    pub accusations: Vec<String>,
    /// Phrases that name a cause ("caused by", "the result of"): fire when the noun phrase
    /// right after them is a person ("the result of an engineer disconnecting the power").
    #[serde(default)]
    pub causes: Vec<String>,
    /// Words that give a reason ("because"): fire when the reason's subject is a person who
    /// acts, in a sentence that tells of harm (one of `harms`) before it: "Chernobyl exploded
    /// because a test engineer decided to see what would happen".
    #[serde(default)]
    pub reasons: Vec<String>,
    /// Words for harm, for `reasons`: an outage, a crash, data lost.
    #[serde(default)]
    pub harms: Vec<String>,
    /// Words that tell what came of an act ("after"): fire when the subject after them is a
    /// person who acts, in a sentence that tells of a sanction or an apology (one of
    /// `sanctions`) before them: "the council was fined after an employee emailed the file
    /// to the wrong list" offers the act as the reason for the fine.
    #[serde(default)]
    pub sequels: Vec<String>,
    /// Words for a sanction or an apology, for `sequels`: fined, sacked, apologised.
    #[serde(default)]
    pub sanctions: Vec<String>,
    /// Openers of a question about a past act ("how could", "why didn't"): fire when the
    /// sentence is a question whose subject is a person ("How could the crew have missed the
    /// lighthouse?"; the writer only when it looks back, "how could I have forgotten?"), not
    /// when it asks about a system ("Why did the check pass?").
    #[serde(default)]
    pub questions: Vec<String>,
    /// Openers of a condition ("if"): fire when the condition supposes a person's past act
    /// other than it was ("if the reviewer had opened the plan", "if only he had
    /// remembered"), whatever the main clause says; not a thing's ("if the health check had
    /// covered the replica"), not "even if" or "as if", not "asked if".
    #[serde(default)]
    pub conditions: Vec<String>,
    /// A charge, a conviction or a dismissal and the word that leads to its reason ("charged
    /// with", "fired for", "pleaded guilty to"): fire when a gerund or a word of harm follows
    /// and the subject is a person ("the worker has been charged with causing an
    /// explosion"); a court or an employer has judged the act, so it is the person's.
    #[serde(default)]
    pub charges: Vec<String>,
    /// Openers of a cleft ("it was", "the one who"): fire when a person is in its focus and
    /// did a past act ("It was Gareth's merge that put the stores into ring 0", "I am the
    /// one who sent the train"), not a step of the response, a thought or a report.
    #[serde(default)]
    pub clefts: Vec<String>,
    /// regex: the pattern.
    #[serde(default)]
    pub pattern: Option<String>,
    /// regex: a confirmation of each match.
    #[serde(default)]
    pub check: Option<Check>,
    /// regex: match case (keys and tokens have a fixed case).
    #[serde(default)]
    pub case_sensitive: bool,
    /// regex: whether matches must stand alone as words (default true).
    #[serde(default)]
    pub whole_word: Option<bool>,
    /// Sentences that must produce a finding of this rule.
    #[serde(default)]
    pub fire: Vec<String>,
    /// Near-misses that must not.
    #[serde(default)]
    pub quiet: Vec<String>,
}

/// Phrases longer than this cannot be located by the phrase automaton.
pub(crate) const MAX_PHRASE_BYTES: usize = 200;

impl RuleSpec {
    pub(crate) fn whole_words(&self) -> bool {
        self.whole_word.unwrap_or(true)
    }

    pub(crate) fn validate(&self) -> Result<(), WordingError> {
        let problem = |problem: &str| WordingError::InvalidRule {
            id: self.id.clone(),
            problem: problem.to_string(),
        };
        if self.id.trim().is_empty() || self.id.chars().any(char::is_whitespace) {
            return Err(problem("the id must be one word like `blame/word`"));
        }
        if self.why.trim().is_empty() {
            return Err(problem("`why` must say why the rule matters"));
        }
        let phrase_lists = [
            &self.phrases,
            &self.when_person,
            &self.except,
            &self.verbs,
            &self.objects,
            &self.accusations,
            &self.causes,
            &self.reasons,
            &self.harms,
            &self.sequels,
            &self.sanctions,
            &self.questions,
            &self.conditions,
            &self.charges,
            &self.clefts,
        ];
        for list in phrase_lists {
            for phrase in list {
                if phrase.trim().is_empty() {
                    return Err(problem("a phrase is empty"));
                }
                if phrase.len() > MAX_PHRASE_BYTES {
                    return Err(problem("a phrase is longer than 200 bytes"));
                }
            }
        }
        match self.kind {
            RuleKind::Regex => {
                if self.pattern.is_none() {
                    return Err(problem("a regex rule needs `pattern`"));
                }
            }
            RuleKind::Words => {
                if self
                    .phrases
                    .iter()
                    .chain(&self.when_person)
                    .any(|w| w.trim().contains(char::is_whitespace))
                {
                    return Err(problem(
                        "a words rule takes single words; use kind `phrases` for phrases",
                    ));
                }
            }
            RuleKind::Phrases => {
                if self.phrases.is_empty() && self.when_person.is_empty() {
                    return Err(problem("a phrases rule needs `phrases` or `when-person`"));
                }
            }
            RuleKind::PersonAsSubject => {
                if self.scope != Scope::LastBecause
                    && self.verbs.is_empty()
                    && self.objects.is_empty()
                {
                    return Err(problem(
                        "a person-as-subject rule needs `verbs` or `objects`",
                    ));
                }
            }
        }
        if self.kind != RuleKind::Regex && (self.pattern.is_some() || self.check.is_some()) {
            return Err(problem("`pattern` and `check` belong to regex rules"));
        }
        if self.kind == RuleKind::Regex && self.scope == Scope::LastBecause {
            return Err(problem("a regex rule cannot have scope last-because"));
        }
        Ok(())
    }

    /// One line for `whys check --explain`'s list: the summary, else what the rule finds,
    /// else the first sentence of why it matters.
    pub fn summary_line(&self) -> String {
        if let Some(line) = self.summary.as_deref().or(self.what.as_deref()) {
            return line.to_string();
        }
        let why = self.why.trim();
        match why.find(". ") {
            Some(end) => why[..=end].to_string(),
            None => why.to_string(),
        }
    }

    /// The text of `whys check --explain RULE`.
    pub(crate) fn explanation(
        &self,
        level: Option<Severity>,
        published: Option<Severity>,
    ) -> String {
        let mut out = match &self.summary {
            Some(summary) => format!("{}: {}\n\n{}\n", self.id, summary, self.why),
            None => format!("{}\n\n{}\n", self.id, self.why),
        };
        if let Some(rewrite) = &self.rewrite {
            out.push_str(&format!("\nInstead: {rewrite}\n"));
        }
        let level_line = match (level, published) {
            (None, _) => "off".to_string(),
            (Some(l), Some(p)) if p != l => format!("{l} in drafts, {p} once published"),
            (Some(l), _) => l.to_string(),
        };
        out.push_str(&format!("\nLevel: {level_line}\n"));
        if !self.fire.is_empty() {
            out.push_str("\nFires on:\n");
            for example in &self.fire {
                out.push_str(&format!("  - {}\n", example.replace('\n', "\\n")));
            }
        }
        if !self.quiet.is_empty() {
            out.push_str("\nStays quiet on:\n");
            for example in &self.quiet {
                out.push_str(&format!("  - {}\n", example.replace('\n', "\\n")));
            }
        }
        out
    }
}
