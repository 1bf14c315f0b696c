//! Which parts of a Markdown text are not the author's own prose: code
//! (spans, fenced and indented blocks), link targets and bare URLs, block
//! quotes and quoted text. Wording rules skip them; offsets stay those of the
//! original text because the text itself is never rewritten.

/// Byte ranges of a text that wording rules do not look at.
#[derive(Debug, Default)]
pub(crate) struct Mask {
    /// Sorted, non-overlapping.
    hidden: Vec<(usize, usize)>,
    /// Code only (spans and blocks), sorted.
    code: Vec<(usize, usize)>,
}

impl Mask {
    pub(crate) fn of(text: &str) -> Mask {
        let mut mask = Mask::default();
        let bytes = text.as_bytes();
        let prose = mask.mark_blocks(text);
        for (start, end) in prose {
            mask.mark_inline(bytes, start, end);
        }
        mask.hidden.sort_unstable();
        mask.code.sort_unstable();
        mask.hidden = merge(std::mem::take(&mut mask.hidden));
        mask
    }

    /// True when any byte of `start..end` is hidden.
    pub(crate) fn hides(&self, start: usize, end: usize) -> bool {
        overlaps(&self.hidden, start, end)
    }

    /// Whether every letter or digit of `text[start..end]` is hidden: a sentence wholly in
    /// code, a quotation or a link target says nothing in the record's own voice.
    pub(crate) fn hides_all(&self, text: &str, start: usize, end: usize) -> bool {
        text.get(start..end)
            .unwrap_or_default()
            .char_indices()
            .filter(|(_, c)| c.is_alphanumeric())
            .all(|(i, c)| self.hides(start + i, start + i + c.len_utf8()))
    }

    pub(crate) fn in_code(&self, start: usize, end: usize) -> bool {
        overlaps(&self.code, start, end)
    }

    /// Marks fenced and indented code and block quotes; returns the
    /// remaining prose as paragraphs (runs of lines between blank lines and
    /// hidden blocks), so inline constructs never span a paragraph break.
    fn mark_blocks(&mut self, text: &str) -> Vec<(usize, usize)> {
        let mut prose: Vec<(usize, usize)> = Vec::new();
        let mut paragraph: Option<(usize, usize)> = None;
        let mut fence: Option<(u8, usize, usize)> = None; // (char, length, start)
        let mut previous_blank = true;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            let end = offset + line.len();
            offset = end;
            let content = line.trim_end_matches(['\n', '\r']);
            let indent = content.len() - content.trim_start_matches(' ').len();
            let rest = &content[indent..];

            if let Some((marker, length, fence_start)) = fence {
                let run = rest.bytes().take_while(|&b| b == marker).count();
                if indent < 4 && run >= length && rest[run..].trim().is_empty() {
                    self.hide_code(fence_start, end);
                    fence = None;
                    previous_blank = true;
                }
                continue;
            }
            let blank = content.trim().is_empty();
            let fence_run = |marker: u8| rest.bytes().take_while(|&b| b == marker).count();
            let opens_fence = indent < 4
                && (fence_run(b'`') >= 3 || fence_run(b'~') >= 3)
                && !(rest.starts_with("```") && rest[fence_run(b'`')..].contains('`'));
            let indented_code =
                !blank && previous_blank && (indent >= 4 || content.starts_with('\t'));
            let quote = indent < 4 && rest.starts_with('>');

            if blank || opens_fence || indented_code || quote {
                if let Some(p) = paragraph.take() {
                    prose.push(p);
                }
            }
            if opens_fence {
                let marker = rest.as_bytes()[0];
                fence = Some((marker, fence_run(marker), start));
                continue;
            }
            if indented_code {
                self.hide_code(start, end);
                // Following indented lines continue the block.
                previous_blank = true;
                continue;
            }
            if quote {
                self.hidden.push((start, end));
                previous_blank = false;
                continue;
            }
            previous_blank = blank;
            if !blank {
                paragraph = Some(match paragraph {
                    Some((p_start, _)) => (p_start, end),
                    None => (start, end),
                });
            }
        }
        if let Some((_, _, fence_start)) = fence {
            // An unclosed fence runs to the end, as CommonMark has it.
            self.hide_code(fence_start, text.len());
        }
        if let Some(p) = paragraph {
            prose.push(p);
        }
        prose
    }

    fn hide_code(&mut self, start: usize, end: usize) {
        self.hidden.push((start, end));
        self.code.push((start, end));
    }

    /// Hides the quotation `open..close` unless it is reported speech: a clause of three
    /// words or more that a verb of saying attributes, anywhere earlier in its sentence (`the
    /// owner said in a statement that the captain "made errors of judgment"`) or in the 40
    /// bytes after it (`"... was caused by human error," she said`); or a few quoted words
    /// that name, give a cause, or finish the writer's verb phrase. The labelling guideline
    /// counts reported blame as blame; a quoted prompt, label or log line stays hidden.
    fn hide_quote(&mut self, bytes: &[u8], paragraph: (usize, usize), open: usize, close: usize) {
        let inner = &bytes[open..close];
        let words = inner
            .split(|b| b.is_ascii_whitespace())
            .filter(|w| !w.is_empty())
            .count();
        // A quotation that opens the paragraph and runs for a sentence is what someone said,
        // with or without "she said" beside it.
        let opens_paragraph = bytes[paragraph.0..open].iter().all(u8::is_ascii_whitespace);
        // The sentence the quotation stands in, up to it: a verb of saying at its start
        // ("The union president said … but management "failed to listen."") attributes
        // the quotation however long the clause between them, and one in the sentence
        // before does not.
        let sentence = &bytes[sentence_start(bytes, paragraph.0, open)..open];
        let before = &sentence[sentence.len().saturating_sub(90)..];
        let near = &sentence[sentence.len().saturating_sub(60)..];
        let speech = (words >= 8 && opens_paragraph)
            || words >= 3 && {
                // `"It failed." She said nothing more.`: a quotation that ends its sentence is
                // not attributed by the sentence after it.
                let after = &bytes[close..(close + 40).min(paragraph.1)];
                let ends_sentence = inner
                    .iter()
                    .rev()
                    .find(|b| !matches!(b, b'"' | b'\'' | 0x80..=0xFF))
                    .is_some_and(|b| matches!(b, b'.' | b'!' | b'?'))
                    && after
                        .iter()
                        .find(|b| !b.is_ascii_whitespace())
                        .is_some_and(u8::is_ascii_uppercase);
                attributes_speech(sentence) || !ends_sentence && attributes_speech(after)
            }
            // A few words that finish the writer's own verb phrase: `had been "inadvertently
            // removed"`, `the pilots were "not focused"`.
            || words <= 4 && finishes_verb_phrase(before, inner)
            // A few words that someone is said to have called a person or an act:
            // `branded the engineer an 'idiot'`, `described his conduct as a "dereliction
            // of duty"`. A label the text merely shows (`the label read "human error"`)
            // has no verb of naming before it.
            || words < 7 && (names_something(near) || gives_cause(before))
            || words <= 4
                && inner.iter().filter(|b| b.is_ascii_alphabetic()).count() > 2
                && scare_quoted(before, &bytes[close..paragraph.1]);
        if !speech {
            self.hidden.push((open, close));
        }
    }

    /// Code spans, link targets, bare URLs and quoted text inside one paragraph.
    fn mark_inline(&mut self, bytes: &[u8], start: usize, end: usize) {
        let mut i = start;
        while i < end {
            match bytes[i] {
                b'`' => {
                    let run = count_run(bytes, i, end, b'`');
                    match find_closing_backticks(bytes, i + run, end, run) {
                        Some(close) => {
                            // "`@tkowal` changed the regex": a chat handle set in code is
                            // still the person it names, not code.
                            if !is_handle(&bytes[i + run..close]) {
                                self.hide_code(i, close + run);
                            }
                            i = close + run;
                        }
                        None => i += run,
                    }
                }
                b']' if bytes.get(i + 1) == Some(&b'(') => {
                    let close = matching_paren(bytes, i + 1, end).unwrap_or(end);
                    self.hidden.push((i + 1, (close + 1).min(end)));
                    i = close + 1;
                }
                b'<' if starts_url(bytes, i + 1) => {
                    let close = find_byte(bytes, i, end, b'>').unwrap_or(end);
                    self.hidden.push((i, (close + 1).min(end)));
                    i = close + 1;
                }
                b'h' | b'H' if starts_url(bytes, i) && !prev_is_word(bytes, i) => {
                    let stop = (i..end)
                        .find(|&j| bytes[j].is_ascii_whitespace() || bytes[j] == b')')
                        .unwrap_or(end);
                    self.hidden.push((i, stop));
                    i = stop;
                }
                b'"' => match find_byte(bytes, i + 1, end, b'"') {
                    Some(close) => {
                        self.hide_quote(bytes, (start, end), i, close + 1);
                        i = close + 1;
                    }
                    None => i += 1,
                },
                0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x9C) => {
                    // “ ... ”
                    match find_seq(bytes, i + 3, end, &[0xE2, 0x80, 0x9D]) {
                        Some(close) => {
                            self.hide_quote(bytes, (start, end), i, close + 3);
                            i = close + 3;
                        }
                        None => i += 3,
                    }
                }
                0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0x98) => {
                    // ‘ ... ’ where the closing mark is not an apostrophe inside a word.
                    match find_closing_single(bytes, i + 3, end, &[0xE2, 0x80, 0x99]) {
                        Some(close) => {
                            self.hide_quote(bytes, (start, end), i, close + 3);
                            i = close + 3;
                        }
                        None => i += 3,
                    }
                }
                b'\''
                    if !prev_is_word(bytes, i)
                        && bytes.get(i + 1).is_some_and(|b| !b.is_ascii_whitespace()) =>
                {
                    match find_closing_single(bytes, i + 1, end, b"'") {
                        Some(close) => {
                            self.hide_quote(bytes, (start, end), i, close + 1);
                            i = close + 1;
                        }
                        None => i += 1,
                    }
                }
                _ => i += 1,
            }
        }
    }
}

/// Verbs that attribute a quotation to a speaker.
const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "wrote",
    "writes",
    "added",
    "adds",
    "stated",
    "states",
    "admitted",
    "admits",
    "explained",
    "explains",
    "remarked",
    "claimed",
    "claims",
    "insisted",
    "insists",
    "tweeted",
    "posted",
    "according",
    "declared",
    "conceded",
    "warned",
    "concluded",
    "noted",
    "replied",
    "commented",
    "saying",
    "telling",
    "adding",
    "stating",
    "admitting",
    "explaining",
    "claiming",
    "insisting",
    "warning",
    "noting",
    "concluding",
    "exclaimed",
    "shouted",
    "yelled",
    "complained",
    "argued",
    "argues",
    "acknowledged",
    "testified",
];

/// Words that give a person or an act a name, or a cause ("attributed", "cause"): what
/// follows in quotes is someone's judgement.
const NAMING_VERBS: &[&str] = &[
    "call",
    "called",
    "calling",
    "calls",
    "branded",
    "brands",
    "described",
    "describes",
    "labelled",
    "labeled",
    "termed",
    "dubbed",
    "blamed",
    "cited",
    "accused",
    "criticised",
    "criticized",
    "condemned",
    // What someone said the cause was: `attributed the crash to "pilot error"`, `concluded
    // that the cause was "human error"`; `put it down to "human error"` is read by
    // `gives_cause`.
    "attributed",
    "attributes",
    "cause",
    "caused",
    "blames",
    "blaming",
];

/// Whether a short quotation is a noun phrase of the writer's own sentence, in scare quotes:
/// a determiner right before it and, right after it, the end of a clause or a word that
/// carries the sentence on (`explain the "human error" that locked the tickets out`, `put it
/// down to a "human reporting error".`). A label or a button is named by the noun after its
/// quotation (`the "Delete" button`, `the "cc" field`), so that stays hidden.
fn scare_quoted(before: &[u8], after: &[u8]) -> bool {
    let determiner = word_right_before(before).is_some_and(|last_word| {
        [
            "the", "a", "an", "this", "that", "his", "her", "their", "its",
        ]
        .iter()
        .any(|d| last_word.eq_ignore_ascii_case(d.as_bytes()))
    });
    let rest = after.trim_ascii_start();
    let next_word: Vec<u8> = rest
        .iter()
        .take_while(|b| b.is_ascii_alphabetic())
        .map(u8::to_ascii_lowercase)
        .collect();
    let carries_on = rest.is_empty()
        || !rest[0].is_ascii_alphanumeric()
        || [
            "that", "which", "who", "is", "was", "were", "had", "has", "in", "on", "at", "of",
            "for", "by", "and", "but", "as", "from",
        ]
        .iter()
        .any(|w| next_word == w.as_bytes());
    determiner && carries_on
}

/// Where the sentence holding byte `at` starts: after the last `.`, `!` or `?` followed by a
/// space before it, or at the paragraph's start. The point of a title or an initial ("Mr.
/// Tobin", "U.S. officials") ends no sentence.
fn sentence_start(bytes: &[u8], paragraph_start: usize, at: usize) -> usize {
    // An initial (one letter) or one of the sentence splitter's abbreviations.
    let abbreviation = |dot: usize| {
        let word_start = bytes[paragraph_start..dot]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(paragraph_start, |k| paragraph_start + k + 1);
        // The few bytes before the point are enough (the longest abbreviation and the
        // character before it), started on a character boundary.
        let mut tail = dot.saturating_sub(9).max(paragraph_start);
        while tail < dot && bytes[tail] & 0xC0 == 0x80 {
            tail += 1;
        }
        dot - word_start == 1
            || std::str::from_utf8(&bytes[tail..=dot])
                .is_ok_and(super::sentences::ends_with_abbreviation)
    };
    (paragraph_start + 1..at)
        .rev()
        .find(|&i| {
            bytes[i].is_ascii_whitespace()
                && (matches!(bytes[i - 1], b'!' | b'?')
                    || bytes[i - 1] == b'.' && !abbreviation(i - 1))
        })
        .unwrap_or(paragraph_start)
}

/// Whether the quotation `inner` finishes a verb phrase the writer's text before it
/// (`window`) opens: right after a perfect auxiliary (`had been "inadvertently removed"`),
/// or after a copula when it opens with a participle, an adverb or "not" (`was
/// "erroneously" recorded`, `were "not focused"`). After a bare copula a quotation is
/// usually a name (`the ticket title was 'careless cleanup'`), which stays hidden.
fn finishes_verb_phrase(window: &[u8], inner: &[u8]) -> bool {
    let Some(last_word) = word_right_before(window) else {
        return false;
    };
    let is = |w: &[u8], list: &[&str]| list.iter().any(|x| w.eq_ignore_ascii_case(x.as_bytes()));
    let first_quoted = inner
        .split(|b| !b.is_ascii_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let opens_verb_phrase =
        first_quoted.ends_with(b"ly") || first_quoted.ends_with(b"ed") || first_quoted == b"not";
    is(last_word, &["been", "being", "had", "has", "have"])
        || is(last_word, &["was", "were", "is", "are", "be"]) && opens_verb_phrase
}

/// The last word of `window` when only spaces stand between it and the end (the quotation
/// that follows): `the "human error"` gives `the`; `the label: "x"` gives none.
fn word_right_before(window: &[u8]) -> Option<&[u8]> {
    let right_before = window
        .iter()
        .rev()
        .take_while(|b| !b.is_ascii_alphabetic())
        .all(u8::is_ascii_whitespace);
    right_before.then(|| {
        window
            .rsplit(|b| !b.is_ascii_alphabetic())
            .find(|w| !w.is_empty())
            .unwrap_or_default()
    })
}

/// Whether `window` (text beside a quotation) holds a verb of saying as a whole word.
fn attributes_speech(window: &[u8]) -> bool {
    let words: Vec<&[u8]> = ascii_words(window).collect();
    // `the error message said "you forgot to set DATABASE_URL"`: a program's words, not a
    // person's, however they are worded.
    words.iter().enumerate().any(|(k, w)| {
        is_one_of(w, SPEECH_VERBS) && !(k > 0 && is_one_of(words[k - 1], MACHINE_SPEAKERS))
    })
}

/// What speaks for a program, not a person, right before a verb of saying.
const MACHINE_SPEAKERS: &[&str] = &[
    "message",
    "messages",
    "error",
    "errors",
    "log",
    "logs",
    "prompt",
    "banner",
    "output",
    "screen",
    "dialog",
    "dialogue",
    "alert",
    "alerts",
    "notification",
    "popup",
    "response",
    "exception",
    "traceback",
    "console",
    "terminal",
    "cli",
    "tool",
    "script",
    "page",
    "warning",
    "warnings",
    "bot",
    "linter",
    "compiler",
    "installer",
];

/// Whether `window` (text before a short quotation) ends with a phrase that names a cause:
/// `said it was down to "human error"`, `as a result of "human error"`, `blamed on "a rogue
/// employee"`. What follows is what someone gave as the cause, in their words.
fn gives_cause(window: &[u8]) -> bool {
    let words: Vec<&[u8]> = ascii_words(window).collect();
    let [.., first, second] = words.as_slice() else {
        return false;
    };
    let is = |w: &[u8], s: &str| w.eq_ignore_ascii_case(s.as_bytes());
    word_right_before(window).is_some()
        && [
            ("down", "to"),
            ("result", "of"),
            ("due", "to"),
            ("because", "of"),
            ("caused", "by"),
            ("blamed", "on"),
            ("owing", "to"),
            ("attributed", "to"),
        ]
        .iter()
        .any(|(a, b)| is(first, a) && is(second, b))
}

/// Whether `window` (text before a short quotation) holds a verb of naming.
fn names_something(window: &[u8]) -> bool {
    holds_word(window, NAMING_VERBS)
}

fn holds_word(window: &[u8], list: &[&str]) -> bool {
    ascii_words(window).any(|w| is_one_of(w, list))
}

/// The runs of ASCII letters of `window`: its words, as the quotation reader compares them.
fn ascii_words(window: &[u8]) -> impl Iterator<Item = &[u8]> {
    window
        .split(|b| !b.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
}

/// Whether `word` is one of `list`, in any case.
fn is_one_of(word: &[u8], list: &[&str]) -> bool {
    list.iter().any(|v| word.eq_ignore_ascii_case(v.as_bytes()))
}

fn overlaps(ranges: &[(usize, usize)], start: usize, end: usize) -> bool {
    // First range whose end is past `start`; it hides the span if it begins before `end`.
    let index = ranges.partition_point(|&(_, r_end)| r_end <= start);
    ranges.get(index).is_some_and(|&(r_start, _)| r_start < end)
}

fn merge(ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// Whether a code span's text is a chat or code-review handle alone ("@tkowal",
/// "@j.doe"): an "@" and one word of letters, digits, dots, dashes or underscores.
fn is_handle(span: &[u8]) -> bool {
    match span.split_first() {
        Some((b'@', name)) => {
            name.first().is_some_and(u8::is_ascii_alphanumeric)
                && name
                    .iter()
                    .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        }
        _ => false,
    }
}

fn count_run(bytes: &[u8], from: usize, end: usize, byte: u8) -> usize {
    bytes[from..end].iter().take_while(|&&b| b == byte).count()
}

fn find_closing_backticks(bytes: &[u8], from: usize, end: usize, run: usize) -> Option<usize> {
    let mut i = from;
    while i < end {
        if bytes[i] == b'`' {
            let here = count_run(bytes, i, end, b'`');
            if here == run {
                return Some(i);
            }
            i += here;
        } else {
            i += 1;
        }
    }
    None
}

fn matching_paren(bytes: &[u8], open: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (j, &b) in bytes.iter().enumerate().take(end).skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
    }
    None
}

fn find_byte(bytes: &[u8], from: usize, end: usize, byte: u8) -> Option<usize> {
    bytes
        .get(from..end)?
        .iter()
        .position(|&b| b == byte)
        .map(|p| p + from)
}

fn find_seq(bytes: &[u8], from: usize, end: usize, seq: &[u8]) -> Option<usize> {
    let window = bytes.get(from..end)?;
    window
        .windows(seq.len())
        .position(|w| w == seq)
        .map(|p| p + from)
}

/// A closing single quote: not followed by a letter (so "didn't" and
/// "team's" are apostrophes, not the end of a quotation).
fn find_closing_single(bytes: &[u8], from: usize, end: usize, seq: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(at) = find_seq(bytes, i, end, seq) {
        let after = bytes.get(at + seq.len()).copied();
        let before = bytes.get(at.wrapping_sub(1)).copied();
        let closes = !after.is_some_and(|b| b.is_ascii_alphanumeric())
            && before.is_some_and(|b| !b.is_ascii_whitespace());
        if closes {
            return Some(at);
        }
        i = at + seq.len();
    }
    None
}

fn starts_url(bytes: &[u8], at: usize) -> bool {
    let rest = match bytes.get(at..) {
        Some(rest) => rest,
        None => return false,
    };
    let lower = |n: usize| rest.get(..n).map(|s| s.to_ascii_lowercase());
    lower(7).as_deref() == Some(b"http://") || lower(8).as_deref() == Some(b"https://")
}

fn prev_is_word(bytes: &[u8], at: usize) -> bool {
    at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] >= 0x80)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(text: &str, needle: &str) -> bool {
        let start = text.find(needle).unwrap_or(usize::MAX);
        Mask::of(text).hides(start, start + needle.len())
    }

    #[test]
    fn hides_code_quotes_and_urls() {
        assert!(hidden("run `just deploy` now", "just"));
        assert!(hidden("text\n\n```\njust\n```\nafter", "just"));
        assert!(hidden("see [the doc](http://x/just-do-it) here", "just"));
        assert!(!hidden("see [just the doc](http://x) here", "just"));
        assert!(hidden("> just a quote\n\nprose", "just"));
        assert!(hidden(
            "the log read \"should have retried\" today",
            "should"
        ));
        assert!(hidden("the log read 'should have retried' today", "should"));
        assert!(!hidden(
            "the team's runbook didn't say; it should have",
            "should"
        ));
        assert!(hidden("text\n\n    just indented code\n", "just"));
    }

    #[test]
    fn a_handle_alone_in_a_code_span_is_read_as_the_person() {
        assert!(!hidden("`@tkowal` wrongly changed the regex", "tkowal"));
        assert!(!hidden("approved by `@j.doe-2` at 10:02", "j.doe-2"));
        assert!(hidden("ran `notify @tkowal` by hand", "tkowal"));
        assert!(hidden("the bot posts `@` first", "@"));
        assert!(hidden("`user@host` answered", "user"));
    }

    #[test]
    fn reads_reported_speech_but_not_quoted_prompts() {
        // Attributed by a verb of saying, before or after: what someone said is read.
        assert!(!hidden(
            "\"This outage was caused by human error,\" she said.",
            "human error"
        ));
        assert!(!hidden(
            "The minister said it \"should never have happened\" at all.",
            "should"
        ));
        // A whole quoted sentence opening the paragraph is speech too.
        assert!(!hidden(
            "\"It should not have happened, and we will find out why it did.\"",
            "should"
        ));
        // A word or two that someone called a person or an act is their judgement.
        assert!(!hidden(
            "The headline branded the engineer an 'idiot' for pulling the plug.",
            "idiot"
        ));
        assert!(!hidden(
            "The prosecutor described his conduct as a \"dereliction of duty\".",
            "dereliction"
        ));
        // A cause someone gave, in their words, after a phrase that names a cause.
        assert!(!hidden(
            "The council said it was down to \"human error\" that the file held names.",
            "human error"
        ));
        assert!(hidden(
            "The log line read \"human error\" from the vendor tool.",
            "human error"
        ));
        // A blame term in scare quotes is part of the writer's own sentence.
        assert!(!hidden(
            "Officials did not explain the \"human error\" that locked the tickets out.",
            "human error"
        ));
        assert!(hidden(
            "She pressed the \"Send alert\" button twice.",
            "Send alert"
        ));
        // A verb of saying at the start of the sentence attributes a quotation however far
        // after it, and its -ing form attributes as the past does.
        assert!(!hidden(
            "The union's president said staff had warned about the old scheduling system for \
             years, but management \"failed to listen.\"",
            "failed to"
        ));
        assert!(!hidden(
            "The regulator fined the company, saying the breach \"could have been prevented\".",
            "could have"
        ));
        assert!(hidden(
            "She said it was fine. The log then read \"could have been prevented\" twice.",
            "could have"
        ));
        // A title's point ends no sentence.
        assert!(!hidden(
            "The inspector said Mr. Tobin \"should have checked the valve\" first.",
            "should have"
        ));
        // ... nor does one in the sentence after a quotation that ends its own.
        assert!(hidden(
            "The banner read \"Somebody should have checked this.\" She said nothing more.",
            "should have"
        ));
        assert!(!hidden(
            "\"Somebody should have checked this,\" she said.",
            "should have"
        ));
        // A few quoted words that finish the writer's verb phrase are the writer's words.
        assert!(!hidden(
            "The patch had been \"inadvertently removed\" before the collision.",
            "inadvertently"
        ));
        assert!(hidden(
            "The operator typed \"inadvertently removed\" into the search box.",
            "inadvertently"
        ));
        assert!(hidden(
            "The ticket's title was 'careless cleanup' in the old tracker.",
            "careless"
        ));
        // A prompt or a label, even long, with no verb of saying beside it stays hidden.
        assert!(hidden(
            "The dialog asked \"Are you sure you should delete this?\" and waited.",
            "should"
        ));
        assert!(hidden(
            "the label read \"human error\" in red",
            "human error"
        ));
    }
}
