//! Every rule `whys check` knows: its id, default level and what it is for.
//!
//! Ids are stable: users silence them in `lint.allow` and re-level them in `whys.yaml`.
//! A test keeps this table and the code honest: every rule here has a fixture that fires it
//! and one that does not, and every id the code emits is listed here.

use crate::diagnostic::Severity;

pub struct RuleInfo {
    pub id: &'static str,
    pub level: Severity,
    pub summary: &'static str,
    /// Why the rule exists, for `whys check --explain`.
    pub rationale: &'static str,
}

macro_rules! rule {
    ($id:literal, $level:ident, $summary:literal, $rationale:literal) => {
        RuleInfo {
            id: $id,
            level: Severity::$level,
            summary: $summary,
            rationale: $rationale,
        }
    };
}

pub const RULES: &[RuleInfo] = &[
    rule!("file/read", Error, "the file cannot be read", "A record that cannot be read cannot be checked; nothing else is said about it."),
    rule!("file/too-large", Error, "the file is larger than `limits.max_file_bytes`", "A post-mortem is a few kilobytes. A file of megabytes is a mistake or an attack, and reading it whole would cost every command."),
    rule!("file/encoding", Error, "the file is not UTF-8", "YAML is UTF-8 here; other encodings garble names and quotes silently."),
    rule!("yaml/syntax", Error, "the file is not valid YAML", "Nothing can be checked until the file parses."),
    rule!("yaml/duplicate-key", Error, "a key is given twice in one mapping", "YAML parsers disagree on duplicates and most keep the last silently: data is lost without a word."),
    rule!("yaml/limits", Error, "aliases or nesting beyond the parser's limits", "Alias expansion and deep nesting are how hostile YAML exhausts memory; a record needs neither."),
    rule!("yaml/comment", Warning, "text after ` #` in an unquoted value, which YAML drops as a comment", "`event: opens #inc-payments` is read as \"opens\": channel names and ticket numbers vanish without a word. Quote the value to keep them."),
    rule!("record/empty", Error, "the file holds no YAML document", "An empty file in the archive is a record lost or never written."),
    rule!("record/type", Error, "a value of the wrong kind, or not one of the allowed values", "A value the format does not define would be misread by every report downstream."),
    rule!("record/unknown-field", Error, "a field whys/v1 does not define", "A typo in a field name must not silently drop the data under it."),
    rule!("record/missing-field", Error, "a field every record needs is missing", "id, title, status, severity, impact_kind, summary and times.started/detected make a record."),
    rule!("record/schema", Error, "`schema` is not `whys/v1`", "A record of another version would be misread by this one."),
    rule!("record/id", Error, "the id is not a lower-case slug", "Ids become file names and URLs: `^[a-z0-9][a-z0-9-]{2,80}$`."),
    rule!("record/file-name", Error, "the file name does not match the id", "Links, history and re-imports find a record by its id; the file must be `<id>.yaml`."),
    rule!("record/duplicate-id", Error, "two records share an id", "Ids are unique in the archive, or links and reports count one incident twice."),
    rule!("record/severity", Error, "a severity the archive does not define", "Reports group by severity; an unknown name splits a group silently."),
    rule!("record/required-for-status", Error, "a field this status requires is missing", "A post-mortem in review needs services, impact, mitigation time, timeline, 5 Whys and action items; a published one also its resolution time."),
    rule!("record/field-too-long", Error, "a text field longer than `limits.max_field_chars`", "A post-mortem's fields are prose of a few hundred characters. A field of a hundred thousand is a pasted log or dump: it belongs behind an evidence link, and scanning it would cost every command. It is not scanned by the wording rules."),
    rule!("record/related", Error, "`related` names an id not in the archive", "A link to nowhere hides the repeat incident it meant to show."),
    rule!("times/no-offset", Error, "a time without a UTC offset", "`02:00` is a different instant in every office; write `Z` or `+hh:mm`."),
    rule!("times/format", Error, "a time or date that is not RFC 3339 / YYYY-MM-DD", "A time that cannot be read cannot be ordered or measured."),
    rule!("times/order", Error, "incident times out of order", "started <= detected <= acknowledged, started <= mitigated <= resolved and root_caused <= resolved; otherwise every duration is wrong. Times less than a second apart count as equal."),
    rule!("times/zero-length", Warning, "`resolved` equals `started`", "A zero-length incident is almost always back-filled data; it would pull every average down."),
    rule!("timeline/order", Error, "timeline entries out of time order", "A timeline is read top to bottom as a story; an entry out of order is usually a typo in its time."),
    rule!("timeline/far-outside", Warning, "a timeline entry far outside the incident", "Triggers weeks before and follow-ups after are normal; an entry months away is probably a wrong date."),
    rule!("whys/too-short", Warning, "fewer than three whys for a high-severity incident", "People stop at the first why; the systemic cause is rarely the first answer."),
    rule!("whys/not-a-question", Warning, "a `why` that does not read as a question", "Each step asks; an assertion in the `why` slot usually hides a skipped step."),
    rule!("whys/broken-chain", Note, "a `why` that shares no words with the previous `because`", "Each why should ask about the last answer. Questions about detection or prevention branch from the whole chain and are exempt."),
    rule!("actions/incomplete", Error, "an action item without owner, horizon or due date", "An action item without an owner and a date is a wish; these are the ones that get lost."),
    rule!("actions/due-horizon", Warning, "a due date that does not fit the item's horizon", "Horizons count from resolution: immediate within 2 days, short within 30, medium within 90, long beyond (see `horizon_days`)."),
    rule!("actions/done-on", Warning, "`done_on` and `status` disagree", "A done item records the day it was done, and only a done item has one: follow-through rates compare it with `due`."),
    rule!("actions/key", Error, "an action-item `key` that is not a slug or is used twice", "The tracker sync finds an item's ticket by its record id and key; a key shared by two items would give them one ticket, and a changed key a second one."),
    rule!("actions/prevention", Warning, "a published post-mortem without a test and a monitoring item", "The prevention checklist: regression test, monitoring, logging, runbook, share. Without a test and an alert the same incident comes back unannounced."),
    rule!("evidence/format", Warning, "an evidence entry meant as a link, `trace:<id>` or `logs:<query>` that is malformed", "Evidence is what a reader can open or run again months later: a link, a trace id (16 or 32 hex digits), a log query. A malformed one is shown as plain text and cannot be followed. Plain prose is allowed."),
    rule!("blame/learned", Warning, "a sentence the learned reader (`lint.encoder`) reads as blame where no rule's cue found any", "The wording rules find blame by its cues and miss about half of it in prose nobody here wrote. With `lint.encoder: true` a small sentence encoder fine-tuned on the labelled evaluation set reads every sentence the rules do not flag, and flags the blame no cue found. It is a second reader, not a proof: with it, a third to two fifths of what the check flags in the held-out rounds of public prose is not blame, about a tenth in prose written like a team's drafts (bench/RESULTS-judgement.md), so its findings are warnings. A finding names the sentence's subject (a person word, a lone name before the first verb, or else the noun phrase there) and the family of the rules' cue it holds that their reading cleared (agent when it holds none), and its rewrite starts from the sentence."),
    rule!("lint/allow", Error, "a `lint.allow` entry without a reason or for an unknown rule", "Silencing is precise and explained, never blanket or by accident."),
    rule!("lint/unused-allow", Warning, "a `lint.allow` entry that silences nothing", "A stale allowance would silently hide the next real finding in that field."),
];

pub fn find(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}
