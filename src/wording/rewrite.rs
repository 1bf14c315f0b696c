//! A rewrite that starts from the writer's own sentence: the person taken out of the
//! subject or the possessive, the judging word dropped, and the question a blameless
//! review asks instead ("Bob's change took down checkout" becomes "The change took down
//! checkout: what let it through review and rollout?").

use super::judgement::{bounds_noun_phrase, is_possessive, Actor, Sentence};
use super::spec::Judgement;

/// The question each family of blame is turned into.
fn question(family: Judgement) -> &'static str {
    match family {
        Judgement::Agent => "what let it through review and rollout?",
        Judgement::Error => {
            "what made the action look right at the time, and what would have caught it?"
        }
        Judgement::Omission => "what made the step easy to skip, and what would have caught it?",
        Judgement::Counterfactual => {
            "what did people know and see at that moment, and what made the other path look right?"
        }
        Judgement::Normative => "what conditions made the action reasonable at the time?",
        Judgement::Hindsight => "what made it hard to see at the time?",
    }
}

/// Judging words that can simply go ("accidentally", "obviously", "just").
fn droppable(family: Judgement, cue: &str) -> bool {
    let single = !cue.contains(' ');
    match family {
        Judgement::Hindsight => single || cue == "of course" || cue == "in hindsight",
        Judgement::Error | Judgement::Normative => single && cue.ends_with("ly"),
        _ => false,
    }
}

pub(crate) fn from_sentence(
    text: &str,
    sentence: &Sentence<'_>,
    actor: Actor,
    family: Judgement,
    i: usize,
    j: usize,
) -> String {
    let tokens = &sentence.tokens;
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return question(family).to_string();
    };
    // Edits as (start, end, replacement), in text order.
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    match actor {
        // "the cause was the skipper's decision": the decision, no one's.
        Actor::Person(a, b) if a >= j && b == a + 1 && tokens[a].low.ends_with("'s") => {
            let first = if a > j && matches!(tokens[a - 1].low.as_str(), "the" | "a" | "an") {
                a - 1
            } else {
                a
            };
            edits.push((tokens[first].start, tokens[a].end, "the"));
        }
        // The person the blame lands on, after the cue ("blamed the new junior developer",
        // "the result of an engineer disconnecting", "much sooner if the governor had"): the
        // noun phrase becomes "someone", so the sentence no longer says who.
        Actor::Person(a, b) if a >= j => {
            let mut first = a;
            while first > j
                && a - first < 3
                && !tokens[first - 1].comma_after
                && !bounds_noun_phrase(&tokens[first - 1].low)
            {
                first -= 1;
            }
            // The whole of a partitive around the person: "one of our engineers", "a member
            // of staff", "a member of its staff", not only the head noun.
            if first >= j + 2
                && tokens[first - 1].low == "of"
                && matches!(
                    tokens[first - 2].low.as_str(),
                    "one" | "two" | "three" | "some" | "several" | "many" | "members" | "member"
                )
            {
                first -= 2;
                if first > j && matches!(tokens[first - 1].low.as_str(), "a" | "an" | "the") {
                    first -= 1;
                }
            }
            let mut last = b;
            if tokens.get(b).is_some_and(|t| t.low == "of") && !tokens[b - 1].comma_after {
                let noun = if tokens.get(b + 1).is_some_and(|t| {
                    is_possessive(&t.low) || matches!(t.low.as_str(), "the" | "its")
                }) {
                    b + 2
                } else {
                    b + 1
                };
                if noun < tokens.len() && !tokens[noun - 1].comma_after {
                    last = noun + 1;
                }
            }
            edits.push((tokens[first].start, tokens[last - 1].end, "someone"));
        }
        Actor::Person(a, b) => {
            let word = tokens[a].low.as_str();
            if is_possessive(word) {
                edits.push((tokens[a].start, tokens[b - 1].end, "the"));
            } else if !matches!(word, "i" | "we" | "you" | "he" | "she" | "they")
                && !tokens[a].low.contains('-')
                && tokens[a]
                    .text
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && a + 1 == b
                && (a == 0 || !matches!(tokens[a - 1].low.as_str(), "the" | "a" | "an"))
            {
                // A name: the role, not the person.
                edits.push((tokens[a].start, tokens[b - 1].end, "the engineer"));
            }
        }
        _ => {}
    }
    let cue_start = tokens[i].start;
    let cue_end = tokens[j - 1].end;
    let cue = text
        .get(cue_start..cue_end)
        .unwrap_or_default()
        .to_lowercase();
    if droppable(family, &cue) && !edits.iter().any(|e| e.0 < cue_end && cue_start < e.1) {
        // The word and the space (and comma) after it.
        let rest = text.get(cue_end..).unwrap_or_default();
        let skip = rest.len() - rest.trim_start_matches([',', ' ']).len();
        edits.push((cue_start, cue_end + skip, ""));
    }
    edits.sort_by_key(|e| e.0);

    let mut out = String::new();
    let mut at = first.start;
    for (start, end, replacement) in edits {
        if start < at {
            continue;
        }
        out.push_str(text.get(at..start).unwrap_or_default());
        out.push_str(replacement);
        at = end;
    }
    out.push_str(text.get(at..last.end).unwrap_or_default());
    let sentence: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = sentence.chars();
    let sentence = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
        None => String::new(),
    };
    format!("{sentence}: {}", question(family))
}

/// Whether `suggestion` is a rewrite of the writer's sentence (made by [`from_sentence`]),
/// rather than a rule's general advice: it ends with one of the questions a rewrite asks.
pub fn is_sentence_rewrite(suggestion: &str) -> bool {
    use Judgement::*;
    [Agent, Error, Omission, Counterfactual, Normative, Hindsight]
        .into_iter()
        .any(|family| {
            suggestion
                .strip_suffix(question(family))
                .is_some_and(|body| body.ends_with(": ") && body.len() > 2)
        })
}
