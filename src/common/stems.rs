//! Word stems: enough to tell whether two sentences talk about the same thing. The 5-Whys
//! chain rule asks it of a question and the previous answer; `related` of two incidents.

use std::collections::HashSet;

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "because", "been", "but", "by", "did", "do", "does",
    "for", "from", "had", "has", "have", "how", "in", "into", "is", "it", "its", "not", "of", "on",
    "or", "so", "that", "the", "their", "then", "there", "this", "to", "was", "were", "what",
    "when", "which", "while", "who", "why", "with",
];

/// Lower-cased content words, crudely stemmed: enough to tell "timed out" from "time out"
/// apart from "billing".
pub fn stems(text: &str) -> HashSet<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2 && !STOP_WORDS.contains(w))
        .map(stem)
        .collect()
}

fn stem(word: &str) -> String {
    let mut w = word;
    for suffix in [
        "ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly",
    ] {
        if w.len() > suffix.len() + 2 {
            if let Some(s) = w.strip_suffix(suffix) {
                w = s;
                break;
            }
        }
    }
    let w = w.strip_suffix('e').filter(|s| s.len() > 2).unwrap_or(w);
    w.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_join_word_forms() {
        assert_eq!(stem("timed"), stem("time"));
        assert_eq!(stem("connections"), stem("connection"));
        assert!(
            !stems("Writes to the ledger timed out on database connections")
                .is_disjoint(&stems("Why did the database connections time out?"))
        );
    }
}
