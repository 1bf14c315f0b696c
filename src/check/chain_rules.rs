//! The 5-Whys chain: long enough, asked as questions, each asking about the last answer.

use super::Findings;
use crate::common::stems;
use crate::record::{Record, Status};
use crate::settings::Settings;

/// Words that make a question about detection or prevention: such a why branches from the
/// whole chain by design, not from the previous answer.
const BRANCH_WORDS: &[&str] = &[
    "caught",
    "catch",
    "detect",
    "detected",
    "noticed",
    "notice",
    "prevent",
    "prevented",
    "earlier",
    "sooner",
    "alert",
    "alerted",
    "monitor",
    "monitoring",
    "test",
    "tests",
    "tested",
    "review",
    "found",
];

pub fn check(record: &Record, settings: &Settings, out: &mut Findings) {
    let chain = &record.whys;
    if chain.is_empty() {
        return;
    }
    if record.status >= Status::Review
        && settings.is_high_severity(&record.severity)
        && chain.len() < 3
    {
        out.add(
            "whys/too-short",
            Some("whys"),
            format!(
                "the 5-Whys chain of this {} incident has {} step{}; people stop at the first why",
                record.severity,
                chain.len(),
                if chain.len() == 1 { "" } else { "s" }
            ),
        )
        .suggest("keep asking why until the answer is about the system: a process, a tool, a missing check");
    }
    for (i, step) in chain.iter().enumerate() {
        if !reads_as_question(&step.why) {
            out.add(
                "whys/not-a-question",
                Some(&format!("whys[{i}].why")),
                "this `why` does not read as a question",
            )
            .suggest("ask it: \"Why did ...?\"");
        }
        if i == 0 {
            continue;
        }
        let previous = stems(&chain[i - 1].because);
        let question = stems(&step.why);
        let branches = step
            .why
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| BRANCH_WORDS.contains(&w));
        if !branches && !refers_back(&step.why) && previous.is_disjoint(&question) {
            out.add(
                "whys/broken-chain",
                Some(&format!("whys[{i}].why")),
                format!("this question shares no words with the answer before it (whys[{}].because); the chain may have broken", i - 1),
            )
            .suggest("ask about the previous answer, in its words");
        }
    }
}

/// Pronouns that stand for what the previous answer named, read as the blame rules read
/// them ("they" after "the tasks" is the tasks): "Why did they all retry at once?" asks
/// about the answer before it, in other words.
const BACK_REFERENCES: &[&str] = &[
    "it", "its", "they", "them", "their", "this", "that", "these", "those",
];

/// The question's subject is a pronoun for the previous answer: "Why did it ...?",
/// "Why were they ...?", "Why was this ...?". Only the words right after the question
/// word and its auxiliary count, so "Why did the job ignore it?" is not one.
fn refers_back(question: &str) -> bool {
    let words: Vec<String> = question
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let subject = match words.first().map(String::as_str) {
        Some("why" | "how") => words.get(2),
        _ => None,
    };
    subject.is_some_and(|w| BACK_REFERENCES.contains(&w.as_str()))
}

fn reads_as_question(text: &str) -> bool {
    let t = text.trim();
    t.ends_with('?')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pronoun_subject_refers_to_the_answer_before() {
        assert!(refers_back("Why did they all hit the table at once?"));
        assert!(refers_back("Why was it not caught?"));
        assert!(!refers_back("Why did the job ignore it?"));
        assert!(!refers_back("Why did billing fail?"));
    }
}
