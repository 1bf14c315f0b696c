//! Sentences and their words, for the judgement of a blame cue.
//!
//! Sentence bounds come from `unicode-segmentation` (UAX #29 sentence boundaries, no
//! model, no data beyond the Unicode tables the crate ships). Markdown wraps prose at
//! single line breaks, which UAX #29 takes as paragraph ends, so the text is segmented
//! with those line breaks read as spaces; a blank line, a list item or a heading still
//! ends a sentence.

use unicode_segmentation::UnicodeSegmentation;

use super::markdown::Mask;

/// Byte ranges of the sentences of `text`, in order, covering it.
pub(crate) fn sentence_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut joined: Option<Vec<u8>> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' && wraps(bytes, i) {
            // A one-byte newline becomes a one-byte space: offsets stay valid.
            joined.get_or_insert_with(|| bytes.to_vec())[i] = b' ';
        }
    }
    // Replacing an ASCII byte with an ASCII byte keeps the text valid UTF-8.
    let joined = joined.and_then(|j| String::from_utf8(j).ok());
    let source = joined.as_deref().unwrap_or(text);
    let mut spans: Vec<(usize, usize)> = source
        .split_sentence_bound_indices()
        .map(|(start, s)| (start, start + s.len()))
        .collect();
    merge_abbreviations(text, &mut spans);
    spans
}

/// A line break inside a paragraph: not next to another line break, and the next line is
/// not a list item, heading, quote or table row.
fn wraps(bytes: &[u8], i: usize) -> bool {
    if i == 0 || bytes[i - 1] == b'\n' || bytes.get(i + 1).is_none_or(|&b| b == b'\n') {
        return false;
    }
    let rest = &bytes[i + 1..];
    let trimmed: &[u8] = {
        let skip = rest
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        &rest[skip..]
    };
    match trimmed.first() {
        Some(b'-' | b'*' | b'+') => trimmed.get(1) != Some(&b' '),
        Some(b'#' | b'>' | b'|') => false,
        Some(b) if b.is_ascii_digit() => {
            let digits = trimmed.iter().take_while(|b| b.is_ascii_digit()).count();
            !matches!(trimmed.get(digits), Some(b'.' | b')'))
        }
        _ => true,
    }
}

/// Abbreviations that UAX #29 ends a sentence after when a capital follows ("Mr. Smith",
/// "e.g. Redis"): join the two parts again.
fn merge_abbreviations(text: &str, spans: &mut Vec<(usize, usize)>) {
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for &(start, end) in spans.iter() {
        if let Some(last) = merged.last_mut() {
            let previous = text.get(last.0..last.1).unwrap_or_default().trim_end();
            if ends_with_abbreviation(previous) {
                last.1 = end;
                continue;
            }
        }
        merged.push((start, end));
    }
    *spans = merged;
}

/// Whether `text` ends with an abbreviation whose point ends no sentence ("Mr.", "e.g.",
/// "etc."), as a whole word. The quotation reader of `markdown.rs` asks the same when it looks
/// back for the start of a quotation's sentence.
pub(crate) fn ends_with_abbreviation(text: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "mr.", "mrs.", "ms.", "dr.", "e.g.", "i.e.", "etc.", "vs.", "approx.", "no.", "inc.",
        "ltd.", "st.", "jr.", "sr.", "cf.", "fig.",
    ];
    let lower = text.to_lowercase();
    ABBREVIATIONS.iter().any(|a| {
        lower.ends_with(a)
            && lower[..lower.len() - a.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// One word of a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Token<'t> {
    pub text: &'t str,
    /// Lower case, typographic apostrophes made straight.
    pub low: String,
    pub start: usize,
    pub end: usize,
    /// A comma follows the word.
    pub comma_after: bool,
    /// A semicolon, colon, dash or bracket follows: a clause ends.
    pub break_after: bool,
    /// In code, a quotation or a link target: not the writer's words.
    pub masked: bool,
    /// Written after an "@" that starts it, as a chat or code-review handle is ("@okafor").
    pub handle: bool,
}

impl Token<'_> {
    pub(crate) fn capitalised(&self) -> bool {
        capitalised(self.text)
    }
}

/// Whether `word` is written as a name is: capitalised, the rest in lower case ("ALERT" and
/// "DB" are shouting or acronyms).
pub(crate) fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase())
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '-' | '_')
}

/// The words of `text[start..end]`.
pub(crate) fn tokens<'t>(text: &'t str, start: usize, end: usize, mask: &Mask) -> Vec<Token<'t>> {
    let mut out: Vec<Token<'t>> = Vec::new();
    let Some(slice) = text.get(start..end) else {
        return out;
    };
    let mut word_start: Option<usize> = None;
    let push = |out: &mut Vec<Token<'t>>, s: usize, e: usize| {
        let word = &text[s..e];
        let word = word.trim_matches(|c| matches!(c, '\'' | '\u{2019}' | '-' | '_'));
        if word.is_empty() || !word.chars().any(char::is_alphanumeric) {
            return;
        }
        let offset = text[s..e].find(word).unwrap_or(0);
        let (s, e) = (s + offset, s + offset + word.len());
        // "@okafor" but not the domain of "ops@example.com".
        let mut before = text[..s].chars().rev();
        let handle = before.next() == Some('@') && !before.next().is_some_and(is_word_char);
        out.push(Token {
            text: word,
            low: word.replace('\u{2019}', "'").to_lowercase(),
            start: s,
            end: e,
            comma_after: false,
            break_after: false,
            masked: mask.hides(s, e),
            handle,
        });
    };
    for (at, c) in slice.char_indices() {
        let offset = at;
        let at = start + at;
        if is_word_char(c) {
            word_start.get_or_insert(at);
            continue;
        }
        if let Some(s) = word_start.take() {
            push(&mut out, s, at);
        }
        if let Some(last) = out.last_mut() {
            // "at 13:18" is a clock time, not a colon that ends a clause.
            let clock = c == ':'
                && last.text.bytes().all(|b| b.is_ascii_digit())
                && last.end == at
                && slice[offset + 1..].starts_with(|d: char| d.is_ascii_digit());
            match c {
                ':' if clock => {}
                ',' => last.comma_after = true,
                ';' | ':' | '(' | ')' | '[' | ']' | '\u{2014}' | '\u{2013}' => {
                    last.break_after = true
                }
                _ => {}
            }
        }
    }
    if let Some(s) = word_start {
        push(&mut out, s, end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        sentence_spans(text)
            .into_iter()
            .map(|(s, e)| text[s..e].trim())
            .filter(|s| !s.is_empty())
            .collect()
    }

    #[test]
    fn splits_sentences_across_wrapped_lines() {
        assert_eq!(
            sentences(
                "Alice restarted\nthe pod. Bob watched v1.2 roll out.\n\n- a list item\n- another"
            ),
            vec![
                "Alice restarted\nthe pod.",
                "Bob watched v1.2 roll out.",
                "- a list item",
                "- another"
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_inside_a_sentence() {
        assert_eq!(
            sentences("Caches, e.g. Redis, were cold. Then it recovered."),
            vec!["Caches, e.g. Redis, were cold.", "Then it recovered."]
        );
    }

    #[test]
    fn words_carry_their_punctuation() {
        let text = "The tasks, they said; it's `code`.";
        let mask = Mask::of(text);
        let words = tokens(text, 0, text.len(), &mask);
        let lows: Vec<&str> = words.iter().map(|t| t.low.as_str()).collect();
        assert_eq!(lows, vec!["the", "tasks", "they", "said", "it's", "code"]);
        assert!(words[1].comma_after);
        assert!(words[3].break_after);
        assert!(words[5].masked);
    }

    #[test]
    fn a_word_after_a_lone_at_sign_is_a_handle() {
        let text = "@okafor paged ops@example.com and @here.";
        let mask = Mask::of(text);
        let words = tokens(text, 0, text.len(), &mask);
        let handles: Vec<&str> = words.iter().filter(|t| t.handle).map(|t| t.text).collect();
        assert_eq!(handles, vec!["okafor", "here"]);
    }
}
