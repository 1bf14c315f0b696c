//! `whys new --interactive`: the triage checklist, then the 5 Whys, as a dialogue.
//!
//! The dialogue is the same whoever answers: a person at a terminal (the command line's
//! respondent) or a file of answers (`--answers`, [`AnswersFile`]). The library asks and
//! builds the record; it never prints.
//!
//! Triage comes first because it is what the people in the incident need first: who is hurt,
//! since when, what changed, is it getting worse, what stopped it. Then the 5 Whys, one at a
//! time, each answer suggesting the next question, so the chain stays a chain.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{SubsecRound, Utc};

use super::draft::{draft_id, tidy_text};
use super::{
    Change, ChangeKind, Impact, ImpactKind, Record, TimelineEntry, TimelineKind, Times, Timestamp,
    Why,
};
use crate::error::{Error, Result};
use crate::settings::Settings;

/// How many whys the dialogue asks at most; the chain can grow in the file afterwards.
pub const MAX_WHYS: usize = 5;

/// One question of the dialogue.
#[derive(Debug, Clone)]
pub struct Question {
    /// Stable name, and the key of the answer in an answers file (`whys[2].because`).
    pub key: String,
    pub prompt: String,
    /// What an empty answer means.
    pub suggestion: Option<String>,
}

/// Whoever answers the dialogue.
pub trait Respondent {
    /// The answer, or `None` for "take the suggestion" (or "skip" when there is none).
    fn ask(&mut self, question: &Question) -> Result<Option<String>>;
    /// The answer could not be used: a person is asked again (`Ok`), a file fails (`Err`).
    fn reject(&mut self, question: &Question, problem: &str) -> Result<()>;
}

/// What the command line already knows before the dialogue starts.
#[derive(Debug, Clone)]
pub struct InterviewStart {
    /// Given with `--title`: not asked again.
    pub title: Option<String>,
    pub severity: String,
    pub impact_kind: ImpactKind,
    /// Given with `--started`: not asked again.
    pub started: Option<Timestamp>,
}

/// The keys an answers file may hold (besides `whys`).
pub const ANSWER_KEYS: &[&str] = &[
    "title",
    "severity",
    "impact_kind",
    "impact",
    "users_affected",
    "services",
    "started",
    "detected",
    "changed",
    "changed_kind",
    "changed_at",
    "getting_worse",
    "mitigation",
    "mitigated",
    "summary",
    "whys",
];

/// Runs the dialogue and returns the draft record it gathered.
pub fn interview(
    respondent: &mut dyn Respondent,
    settings: &Settings,
    start: &InterviewStart,
) -> Result<Record> {
    let mut asker = Asker { respondent };
    let now = Timestamp(Utc::now().trunc_subsecs(0).fixed_offset());

    let title = match &start.title {
        Some(t) => one_line_title(t).map_err(Error::Usage)?,
        None => asker.parse(
            question(
                "title",
                "What happened, in one line? (this becomes the title)",
                None,
            ),
            |a| one_line_title(a.unwrap_or("")),
        )?,
    };
    let severities = settings.severities.join(", ");
    let severity = asker.parse(
        question(
            "severity",
            &format!("Severity ({severities}; the first is the worst)?"),
            Some(&start.severity),
        ),
        |a| {
            let s = a.unwrap_or(&start.severity).trim().to_owned();
            if settings.severities.contains(&s) {
                Ok(s)
            } else {
                Err(format!("`{s}` is not one of {severities}"))
            }
        },
    )?;
    let impact_kind = asker.parse(
        question(
            "impact_kind",
            "Total downtime, degraded performance, or one feature? (outage, degraded, feature)",
            Some(start.impact_kind.as_str()),
        ),
        |a| match a.map(str::trim) {
            None => Ok(start.impact_kind),
            Some("outage") => Ok(ImpactKind::Outage),
            Some("degraded") => Ok(ImpactKind::Degraded),
            Some("feature") => Ok(ImpactKind::Feature),
            Some(other) => Err(format!("`{other}` is not outage, degraded or feature")),
        },
    )?;

    // Triage 1: impact and users.
    let impact = asker.text(question(
        "impact",
        "Triage 1/5, impact: what do users see, and which users? (Enter if not known yet)",
        None,
    ))?;
    let users_affected = asker.parse(
        question(
            "users_affected",
            "How many users are affected? (a number; Enter if unknown)",
            None,
        ),
        |a| match a {
            None => Ok(None),
            Some(text) => text
                .trim()
                .replace([',', '_'], "")
                .parse::<u64>()
                .map(Some)
                .map_err(|_| format!("`{text}` is not a whole number")),
        },
    )?;
    let services = asker.parse(
        question(
            "services",
            "Which services are affected? (comma-separated; Enter if not known yet)",
            None,
        ),
        |a| {
            Ok(a.unwrap_or("")
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>())
        },
    )?;

    // Triage 2: when it started.
    let started = match start.started {
        Some(t) => t,
        None => asker.time(
            question(
                "started",
                "Triage 2/5, when did it start? (RFC 3339 with offset, e.g. 2025-10-07T08:30:00Z)",
                Some(&now.to_string()),
            ),
            now,
            None,
        )?,
    };
    let detected = asker.time(
        question(
            "detected",
            "When was it noticed?",
            Some(&started.to_string()),
        ),
        started,
        Some(("started", started)),
    )?;

    // Triage 3: what changed.
    let changed = asker.text(question(
        "changed",
        "Triage 3/5, what changed just before it started? (a deploy, config, traffic...; Enter if nothing known)",
        None,
    ))?;
    let mut changes = Vec::new();
    if let Some(description) = changed {
        let guess = guess_change_kind(&description);
        let kind = asker.parse(
            question(
                "changed_kind",
                "What kind of change? (deploy, config, traffic, dependency, migration, cron, infrastructure, other)",
                Some(change_kind_name(guess)),
            ),
            |a| match a {
                None => Ok(guess),
                Some(text) => parse_change_kind(text.trim())
                    .ok_or_else(|| format!("`{text}` is not a kind of change")),
            },
        )?;
        let at = asker.time(
            question(
                "changed_at",
                "When did it change?",
                Some(&started.to_string()),
            ),
            started,
            None,
        )?;
        changes.push(Change {
            at,
            kind,
            description,
            reference: None,
        });
    }

    // Triage 4: is it getting worse.
    let worse = asker.parse(
        question(
            "getting_worse",
            "Triage 4/5, is it getting worse? (yes/no; Enter if unclear)",
            None,
        ),
        |a| match a.map(|t| t.trim().to_lowercase()).as_deref() {
            None => Ok(None),
            Some("yes" | "y" | "true") => Ok(Some(true)),
            Some("no" | "n" | "false") => Ok(Some(false)),
            Some(other) => Err(format!("`{other}`: answer yes or no")),
        },
    )?;

    // Triage 5: mitigation.
    let mitigation_prompt = if worse == Some(true) {
        "Triage 5/5, it is getting worse: stop the bleeding first (roll back, fail over, shed load). How was it mitigated? (Enter if not yet)"
    } else {
        "Triage 5/5, how was it mitigated? (Enter if not yet)"
    };
    let mitigation = asker.text(question("mitigation", mitigation_prompt, None))?;
    let mitigated = match &mitigation {
        Some(_) => Some(asker.time(
            question(
                "mitigated",
                "When was it mitigated?",
                Some(&now.to_string()),
            ),
            now,
            Some(("started", started)),
        )?),
        None => None,
    };

    // The 5 Whys, one at a time.
    let mut whys: Vec<Why> = Vec::new();
    let mut previous = impact.clone().unwrap_or_else(|| title.clone());
    for i in 0..MAX_WHYS {
        let suggested = why_question(&previous);
        let why = asker.parse(
            question(
                &format!("whys[{i}].why"),
                &format!("Why {}/{MAX_WHYS}: the question", i + 1),
                Some(&suggested),
            ),
            |a| {
                let q = a.map(str::trim).unwrap_or(&suggested).to_owned();
                Ok(if q.ends_with('?') { q } else { format!("{q}?") })
            },
        )?;
        let because = asker.text(question(
            &format!("whys[{i}].because"),
            &format!("{why}\n  Because... (Enter to stop asking why)"),
            None,
        ))?;
        let Some(because) = because else { break };
        previous = because.clone();
        whys.push(Why {
            why,
            because,
            evidence: Default::default(),
        });
    }

    let built_summary = summary_from(&title, impact.as_deref(), worse, mitigation.as_deref());
    let summary = asker
        .text(question(
            "summary",
            "Summary in two or three sentences?",
            Some(&built_summary),
        ))?
        .unwrap_or(built_summary);

    let mut timeline = vec![TimelineEntry {
        at: detected,
        kind: TimelineKind::Detection,
        event: match &impact {
            Some(i) => format!("Impact noticed: {i}"),
            None => "Impact noticed.".into(),
        },
        service: None,
        evidence: Default::default(),
    }];
    if let Some(w) = worse {
        timeline.push(TimelineEntry {
            at: detected,
            kind: TimelineKind::Observation,
            event: if w {
                "At triage the impact was getting worse.".into()
            } else {
                "At triage the impact was not getting worse.".into()
            },
            service: None,
            evidence: Default::default(),
        });
    }
    if let (Some(m), Some(at)) = (&mitigation, mitigated) {
        timeline.push(TimelineEntry {
            at,
            kind: TimelineKind::Mitigation,
            event: m.clone(),
            service: None,
            evidence: Default::default(),
        });
    }
    timeline.sort_by_key(|e| e.at);

    let id = draft_id(&started, &title);
    let times = Times {
        started,
        detected,
        acknowledged: None,
        root_caused: None,
        mitigated,
        resolved: None,
    };
    Ok(Record {
        services,
        impact: (impact.is_some() || users_affected.is_some()).then(|| Impact {
            users_affected,
            description: impact.clone(),
        }),
        changes,
        timeline,
        whys,
        ..Record::draft(id, title, severity, impact_kind, summary, times)
    })
}

fn question(key: &str, prompt: &str, suggestion: Option<&str>) -> Question {
    Question {
        key: key.into(),
        prompt: prompt.into(),
        suggestion: suggestion.map(str::to_owned),
    }
}

/// Asks until an answer parses (or the respondent gives up).
struct Asker<'a> {
    respondent: &'a mut dyn Respondent,
}

impl Asker<'_> {
    fn parse<T>(
        &mut self,
        q: Question,
        parse: impl Fn(Option<&str>) -> std::result::Result<T, String>,
    ) -> Result<T> {
        loop {
            let answer = self.respondent.ask(&q)?;
            let answer = answer.as_deref().map(str::trim).filter(|a| !a.is_empty());
            match parse(answer) {
                Ok(value) => return Ok(value),
                Err(problem) => self.respondent.reject(&q, &problem)?,
            }
        }
    }

    /// Free text; `None` when left empty.
    fn text(&mut self, q: Question) -> Result<Option<String>> {
        let answer = self.respondent.ask(&q)?;
        Ok(answer.map(|a| tidy_text(&a)).filter(|a| !a.is_empty()))
    }

    /// A time; empty means `default`; must not be before `not_before` (by a second or more).
    fn time(
        &mut self,
        q: Question,
        default: Timestamp,
        not_before: Option<(&str, Timestamp)>,
    ) -> Result<Timestamp> {
        self.parse(q, |a| {
            let t = match a {
                None => default,
                Some(text) => Timestamp::parse(text)?,
            };
            match not_before {
                Some((name, earlier)) if t.clearly_before(&earlier) => {
                    Err(format!("{t} is before `{name}` ({earlier})"))
                }
                _ => Ok(t),
            }
        })
    }
}

fn one_line_title(text: &str) -> std::result::Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        Err("a title is needed: one line that says what happened".into())
    } else if t.contains('\n') {
        Err("the title is one line".into())
    } else {
        Ok(t.to_owned())
    }
}

const CHANGE_KINDS: [(&str, ChangeKind); 8] = [
    ("deploy", ChangeKind::Deploy),
    ("config", ChangeKind::Config),
    ("traffic", ChangeKind::Traffic),
    ("dependency", ChangeKind::Dependency),
    ("migration", ChangeKind::Migration),
    ("cron", ChangeKind::Cron),
    ("infrastructure", ChangeKind::Infrastructure),
    ("other", ChangeKind::Other),
];

fn parse_change_kind(text: &str) -> Option<ChangeKind> {
    CHANGE_KINDS
        .iter()
        .find(|(name, _)| *name == text)
        .map(|(_, k)| *k)
}

fn change_kind_name(kind: ChangeKind) -> &'static str {
    CHANGE_KINDS
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(name, _)| *name)
        .unwrap_or("other")
}

/// A first guess from the words of the description; the person confirms or corrects it.
fn guess_change_kind(description: &str) -> ChangeKind {
    let text = description.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["deploy", "release", "rollout", "rolled out", "shipped"]) {
        ChangeKind::Deploy
    } else if has(&["migration", "migrated", "schema"]) {
        ChangeKind::Migration
    } else if has(&["config", "flag", "setting"]) {
        ChangeKind::Config
    } else if has(&["traffic", "spike", "load", "campaign"]) {
        ChangeKind::Traffic
    } else if has(&["cron", "scheduled job", "batch job"]) {
        ChangeKind::Cron
    } else if has(&["upgrade", "dependency", "library", "vendor", "provider"]) {
        ChangeKind::Dependency
    } else if has(&["node", "cluster", "network", "dns", "certificate", "disk"]) {
        ChangeKind::Infrastructure
    } else {
        ChangeKind::Other
    }
}

const AUXILIARIES: &[&str] = &[
    "was", "were", "is", "are", "had", "has", "have", "did", "does", "do", "could", "can", "would",
    "will", "should",
];

/// The next question, made from the last answer: "the pool was exhausted" gives
/// "Why was the pool exhausted?"; without a helping verb to move, "Why `<answer>`?".
pub fn why_question(answer: &str) -> String {
    let text = answer.trim().trim_end_matches(['.', '!', '?', ' ']);
    let text = text
        .strip_prefix("because ")
        .or_else(|| text.strip_prefix("Because "))
        .unwrap_or(text);
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() {
        return "Why did it happen?".into();
    }
    let lowered = |w: &str| -> String {
        // Keep acronyms and names that are capitalised beyond the first letter ("DNS", "GitHub").
        let mut chars = w.chars();
        match chars.next() {
            Some(first) if !chars.any(|c| c.is_uppercase()) => {
                first.to_lowercase().chain(w.chars().skip(1)).collect()
            }
            _ => w.to_owned(),
        }
    };
    let aux = words
        .iter()
        .take(7)
        .position(|w| AUXILIARIES.contains(&w.to_lowercase().as_str()))
        .filter(|&i| i > 0);
    match aux {
        Some(i) => {
            let mut parts = vec![words[i].to_lowercase(), lowered(words[0])];
            parts.extend(words[1..i].iter().map(|w| w.to_string()));
            parts.extend(words[i + 1..].iter().map(|w| w.to_string()));
            format!("Why {}?", parts.join(" "))
        }
        None => {
            let mut parts = vec![lowered(words[0])];
            parts.extend(words[1..].iter().map(|w| w.to_string()));
            format!("Why {}?", parts.join(" "))
        }
    }
}

fn summary_from(
    title: &str,
    impact: Option<&str>,
    worse: Option<bool>,
    mitigation: Option<&str>,
) -> String {
    let sentence = |t: &str| {
        let t = t.trim();
        if t.ends_with(['.', '!', '?']) {
            t.to_owned()
        } else {
            format!("{t}.")
        }
    };
    let mut parts = vec![sentence(title)];
    if let Some(i) = impact {
        parts.push(format!("Users saw: {}", sentence(i)));
    }
    if worse == Some(true) {
        parts.push("The impact was growing at triage.".into());
    }
    parts.push(match mitigation {
        Some(m) => format!("Mitigated by: {}", sentence(m)),
        None => "Not mitigated yet.".into(),
    });
    parts.join(" ")
}

/// Answers read from a YAML file, for `whys new --interactive --answers FILE`: the keys are
/// [`ANSWER_KEYS`]; `whys` is a list of answers (`- because: ...`, optionally with the
/// `why:` question; a plain text is the answer).
#[derive(Debug, Clone)]
pub struct AnswersFile {
    path: PathBuf,
    answers: BTreeMap<String, String>,
}

impl AnswersFile {
    pub fn load(path: &Path) -> Result<AnswersFile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        AnswersFile::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<AnswersFile> {
        let fail = |message: String| Error::Input {
            path: path.to_owned(),
            message,
        };
        let value: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| {
            let place = e
                .location()
                .map(|l| format!("line {}, column {}: ", l.line(), l.column()))
                .unwrap_or_default();
            fail(format!("{place}{e}"))
        })?;
        let yaml_serde::Value::Mapping(map) = value else {
            return Err(fail(
                "the answers file is a mapping of question keys to answers".into(),
            ));
        };
        let mut answers = BTreeMap::new();
        for (key, value) in map {
            let Some(key) = key.as_str().map(str::to_owned) else {
                return Err(fail("every key is a text".into()));
            };
            if !ANSWER_KEYS.contains(&key.as_str()) {
                let hint = ANSWER_KEYS
                    .iter()
                    .map(|k| (strsim::jaro_winkler(k, &key), *k))
                    .filter(|(s, _)| *s > 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, k)| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                return Err(fail(format!(
                    "`{key}` is not a question of the dialogue{hint} (the keys are {})",
                    ANSWER_KEYS.join(", ")
                )));
            }
            if key == "whys" {
                let yaml_serde::Value::Sequence(steps) = value else {
                    return Err(fail("`whys` is a list of answers".into()));
                };
                for (i, step) in steps.into_iter().enumerate() {
                    match step {
                        yaml_serde::Value::Mapping(m) => {
                            for (k, v) in m {
                                let k = k.as_str().unwrap_or_default().to_owned();
                                if k != "why" && k != "because" {
                                    return Err(fail(format!(
                                        "whys[{i}]: `{k}` is not `why` or `because`"
                                    )));
                                }
                                let v = scalar_text(&v)
                                    .ok_or_else(|| fail(format!("whys[{i}].{k} is not a text")))?;
                                answers.insert(format!("whys[{i}].{k}"), v);
                            }
                        }
                        other => {
                            let v = scalar_text(&other)
                                .ok_or_else(|| fail(format!("whys[{i}] is not a text")))?;
                            answers.insert(format!("whys[{i}].because"), v);
                        }
                    }
                }
            } else if key == "services" {
                // A list is the natural way to write services; the dialogue takes a comma list.
                let text = match &value {
                    yaml_serde::Value::Sequence(items) => items
                        .iter()
                        .filter_map(scalar_text)
                        .collect::<Vec<_>>()
                        .join(", "),
                    other => scalar_text(other)
                        .ok_or_else(|| fail("`services` is a list of names".into()))?,
                };
                answers.insert(key, text);
            } else {
                let text = scalar_text(&value)
                    .ok_or_else(|| fail(format!("`{key}` is not a text, number or yes/no")))?;
                answers.insert(key, text);
            }
        }
        Ok(AnswersFile {
            path: path.to_owned(),
            answers,
        })
    }
}

fn scalar_text(value: &yaml_serde::Value) -> Option<String> {
    match value {
        yaml_serde::Value::String(s) => Some(s.clone()),
        yaml_serde::Value::Number(n) => Some(n.to_string()),
        yaml_serde::Value::Bool(b) => Some(if *b { "yes" } else { "no" }.into()),
        yaml_serde::Value::Null => Some(String::new()),
        _ => None,
    }
}

impl Respondent for AnswersFile {
    fn ask(&mut self, question: &Question) -> Result<Option<String>> {
        Ok(self.answers.get(&question.key).cloned())
    }

    fn reject(&mut self, question: &Question, problem: &str) -> Result<()> {
        Err(Error::Input {
            path: self.path.clone(),
            message: format!("`{}`: {problem}", question.key),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_question_moves_the_helping_verb_forward() {
        assert_eq!(
            why_question("The connection pool was exhausted."),
            "Why was the connection pool exhausted?"
        );
        assert_eq!(
            why_question("DNS records were stale"),
            "Why were DNS records stale?"
        );
        assert_eq!(
            why_question("retries doubled the load"),
            "Why retries doubled the load?"
        );
        assert_eq!(why_question(""), "Why did it happen?");
    }

    #[test]
    fn change_kinds_are_guessed_from_words() {
        assert_eq!(
            guess_change_kind("Deployed v2.3 of checkout"),
            ChangeKind::Deploy
        );
        assert_eq!(
            guess_change_kind("raised a feature flag"),
            ChangeKind::Config
        );
        assert_eq!(guess_change_kind("nothing we know of"), ChangeKind::Other);
    }

    #[test]
    fn unknown_answer_keys_get_a_hint() {
        let err = AnswersFile::parse(Path::new("a.yaml"), "titel: x\n").unwrap_err();
        assert!(err.to_string().contains("did you mean `title`"), "{err}");
    }
}
