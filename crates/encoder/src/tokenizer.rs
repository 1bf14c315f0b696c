//! BERT's uncased WordPiece tokenizer, as the model was trained with it.
//!
//! The steps and their order follow the `BertNormalizer`, `BertPreTokenizer` and `WordPiece`
//! model of Hugging Face's `tokenizers` (their documentation and the BERT paper, Devlin et al.
//! 2019, section 3 and appendix A): drop control characters and turn every kind of white
//! space into a space; put spaces around CJK ideographs; decompose (NFD) and drop combining
//! marks; lower-case; split at white space and around each punctuation character; then cut
//! each word greedily into the longest pieces the vocabulary holds, later pieces spelled with
//! a leading `##`. A word that cannot be cut, or is longer than 100 characters, is `[UNK]`.

use std::collections::HashMap;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A word longer than this many characters is one unknown token.
const MAX_WORD_CHARS: usize = 100;

/// The vocabulary and the ids of the tokens the model's input is framed with.
#[derive(Debug)]
pub struct WordPiece {
    ids: HashMap<String, u32>,
    /// `[CLS]`: the first token; the classifier reads its final state.
    pub cls: u32,
    /// `[SEP]`: the last token.
    pub sep: u32,
    unk: u32,
}

impl WordPiece {
    /// A tokenizer over `vocab`, one token per line, its id being its line number. `None` when
    /// one of `[CLS]`, `[SEP]` or `[UNK]` is missing.
    pub fn new(vocab: &str) -> Option<WordPiece> {
        let ids: HashMap<String, u32> = vocab
            .lines()
            .enumerate()
            .map(|(i, token)| (token.to_string(), i as u32))
            .collect();
        Some(WordPiece {
            cls: *ids.get("[CLS]")?,
            sep: *ids.get("[SEP]")?,
            unk: *ids.get("[UNK]")?,
            ids,
        })
    }

    /// How many tokens the vocabulary holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether the vocabulary is empty (never, for a tokenizer `new` returned).
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The model's input for `text`: `[CLS]`, the pieces, `[SEP]`, at most `max_tokens` in
    /// all (the pieces past that are dropped, as the training truncated them).
    pub fn encode(&self, text: &str, max_tokens: usize) -> Vec<u32> {
        let mut out = vec![self.cls];
        let room = max_tokens.saturating_sub(2);
        for word in words(&normalise(text)) {
            if out.len() > room {
                break;
            }
            self.pieces(word, &mut out);
        }
        out.truncate(room + 1);
        out.push(self.sep);
        out
    }

    /// Appends the pieces of one word.
    fn pieces(&self, word: &str, out: &mut Vec<u32>) {
        if word.chars().count() > MAX_WORD_CHARS {
            out.push(self.unk);
            return;
        }
        let mark = out.len();
        let mut start = 0;
        let mut piece = String::new();
        while start < word.len() {
            let mut end = word.len();
            let mut found = None;
            while end > start {
                piece.clear();
                if start > 0 {
                    piece.push_str("##");
                }
                piece.push_str(&word[start..end]);
                if let Some(&id) = self.ids.get(&piece) {
                    found = Some(id);
                    break;
                }
                end = word[..end]
                    .char_indices()
                    .next_back()
                    .map_or(start, |(i, _)| i);
            }
            match found {
                Some(id) => {
                    out.push(id);
                    start = end;
                }
                None => {
                    out.truncate(mark);
                    out.push(self.unk);
                    return;
                }
            }
        }
    }
}

/// The text as the uncased model reads it.
fn normalise(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || is_control(c) {
            continue;
        }
        if c.is_whitespace() {
            cleaned.push(' ');
        } else if is_cjk(c) {
            cleaned.push(' ');
            cleaned.push(c);
            cleaned.push(' ');
        } else {
            cleaned.push(c);
        }
    }
    cleaned
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words and punctuation marks of normalised text, in order.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(char::is_whitespace).flat_map(|chunk| {
        let mut parts = Vec::new();
        let mut from = 0;
        for (i, c) in chunk.char_indices() {
            if is_punctuation(c) {
                if from < i {
                    parts.push(&chunk[from..i]);
                }
                parts.push(&chunk[i..i + c.len_utf8()]);
                from = i + c.len_utf8();
            }
        }
        if from < chunk.len() {
            parts.push(&chunk[from..]);
        }
        parts
    })
}

/// Control and format characters (Unicode categories Cc and Cf), which the tokenizer drops;
/// tab and line ends are white space instead.
fn is_control(c: char) -> bool {
    if matches!(c, '\t' | '\n' | '\r') {
        return false;
    }
    c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}'
            | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}' | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}')
}

/// CJK ideographs, which BERT reads one character at a time.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{20000}'..='\u{2a6df}'
        | '\u{2a700}'..='\u{2b73f}' | '\u{2b740}'..='\u{2b81f}' | '\u{2b820}'..='\u{2ceaf}'
        | '\u{f900}'..='\u{faff}' | '\u{2f800}'..='\u{2fa1f}')
}

/// ASCII punctuation and the Unicode punctuation (category P) that prose uses: dashes,
/// curly quotes, ellipses, guillemets, inverted marks, CJK and full-width marks.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
            | '\u{37e}' | '\u{387}' | '\u{55a}'..='\u{55f}' | '\u{589}' | '\u{58a}'
            | '\u{5be}' | '\u{5c0}' | '\u{5c3}' | '\u{5c6}' | '\u{5f3}' | '\u{5f4}'
            | '\u{609}' | '\u{60a}' | '\u{60c}' | '\u{60d}' | '\u{61b}' | '\u{61e}' | '\u{61f}'
            | '\u{66a}'..='\u{66d}' | '\u{6d4}' | '\u{964}' | '\u{965}' | '\u{970}'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{2043}' | '\u{2045}'..='\u{2051}'
            | '\u{2053}'..='\u{205e}' | '\u{207d}' | '\u{207e}' | '\u{208d}' | '\u{208e}'
            | '\u{2308}'..='\u{230b}' | '\u{2329}' | '\u{232a}' | '\u{2768}'..='\u{2775}'
            | '\u{27c5}' | '\u{27c6}' | '\u{27e6}'..='\u{27ef}' | '\u{2983}'..='\u{2998}'
            | '\u{29d8}'..='\u{29db}' | '\u{29fc}' | '\u{29fd}' | '\u{2cf9}'..='\u{2cfc}'
            | '\u{2cfe}' | '\u{2cff}' | '\u{2e00}'..='\u{2e2e}' | '\u{2e30}'..='\u{2e4f}'
            | '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}'
            | '\u{3030}' | '\u{303d}' | '\u{30a0}' | '\u{30fb}'
            | '\u{fe10}'..='\u{fe19}' | '\u{fe30}'..='\u{fe52}' | '\u{fe54}'..='\u{fe61}'
            | '\u{fe63}' | '\u{fe68}' | '\u{fe6a}' | '\u{fe6b}'
            | '\u{ff01}'..='\u{ff03}' | '\u{ff05}'..='\u{ff0a}' | '\u{ff0c}'..='\u{ff0f}'
            | '\u{ff1a}' | '\u{ff1b}' | '\u{ff1f}' | '\u{ff20}' | '\u{ff3b}'..='\u{ff3d}'
            | '\u{ff3f}' | '\u{ff5b}' | '\u{ff5d}' | '\u{ff5f}'..='\u{ff65}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenizer() -> WordPiece {
        let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\nthe\nrun\n##s\n##way\n.\n'\ncafe\nbob\n";
        WordPiece::new(vocab).unwrap()
    }

    #[test]
    fn words_split_at_white_space_and_around_punctuation() {
        let text = normalise("Bob’s  run\u{200b}s—the café.");
        assert_eq!(
            words(&text).collect::<Vec<_>>(),
            ["bob", "’", "s", "runs", "—", "the", "cafe", "."]
        );
    }

    #[test]
    fn a_word_is_cut_into_the_longest_pieces_and_unknown_when_it_cannot_be() {
        let t = tokenizer();
        assert_eq!(t.encode("The runs.", 16), [2, 4, 5, 6, 8, 3]);
        assert_eq!(t.encode("Runway xyz", 16), [2, 5, 7, 1, 3]);
        assert_eq!(t.encode(&"a".repeat(101), 16), [2, 1, 3]);
    }

    #[test]
    fn the_input_is_cut_to_the_longest_the_model_reads() {
        let t = tokenizer();
        assert_eq!(t.encode("the the the the the", 4), [2, 4, 4, 3]);
        assert_eq!(t.encode("runs runs", 4), [2, 5, 6, 3]);
    }
}
