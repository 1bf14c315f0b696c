//! `evidence:` entries: each is something a reader can open or run again.
//!
//! A link (http or https), `trace:<trace id>` or `logs:<query>`: the renderer turns these into
//! the evidence table, and a reader months later can follow them. DESIGN.md allows plain text
//! too (the reference record cites "Gateway logs for 2025-09-30 ..."), so prose is accepted;
//! what is flagged is an entry that means to be a trace, a query or a link and is malformed.
//! Messages never repeat the entry itself: evidence is where pasted tokens and addresses end
//! up, and the personal-data rules report those without echoing them.

use super::Findings;
use crate::evidence::normalize_id;
use crate::record::{Evidence, Record};

pub fn check(record: &Record, out: &mut Findings) {
    for (i, entry) in record.timeline.iter().enumerate() {
        check_list(&entry.evidence, &format!("timeline[{i}].evidence"), out);
    }
    for (i, why) in record.whys.iter().enumerate() {
        check_list(&why.evidence, &format!("whys[{i}].evidence"), out);
    }
}

fn check_list(evidence: &Evidence, path: &str, out: &mut Findings) {
    for (j, entry) in evidence.0.iter().enumerate() {
        if let Err(problem) = classify(entry) {
            let (message, suggestion) = problem.explain();
            out.add("evidence/format", Some(&format!("{path}[{j}]")), message)
                .suggest(suggestion);
        }
    }
}

/// What is wrong with one evidence entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceProblem {
    /// `trace:` with an id that is not 16 or 32 hex digits (after normalising).
    BadTraceId,
    /// `logs:` with nothing after it.
    EmptyLogQuery,
    /// `Trace:`, `LOGS:`: the prefixes are lower case.
    PrefixCase,
    /// A bare 16- or 32-digit hex id without `trace:`.
    BareTraceId,
    /// A web address without `http://` or `https://`, or with spaces in it.
    NotQuiteALink,
    /// A scheme whys cannot show as a link (`javascript:`, `file:`, `ftp:` ...).
    UnsupportedScheme,
}

impl EvidenceProblem {
    fn explain(self) -> (&'static str, &'static str) {
        match self {
            EvidenceProblem::BadTraceId => (
                "this `trace:` entry does not hold a trace id of 16 or 32 hex digits",
                "write the id as the tracing system shows it, e.g. `trace:4bf92f3577b34da6a3ce929d0e0e4736`",
            ),
            EvidenceProblem::EmptyLogQuery => (
                "this `logs:` entry has no query after it",
                "write the query that finds the lines, e.g. `logs:service=payments level=error`",
            ),
            EvidenceProblem::PrefixCase => (
                "evidence prefixes are lower case; this one is not read as a trace or log query",
                "write `trace:` or `logs:` in lower case",
            ),
            EvidenceProblem::BareTraceId => (
                "this evidence entry looks like a trace id without its `trace:` prefix",
                "write it as `trace:<id>` so it is shown and compared as a trace",
            ),
            EvidenceProblem::NotQuiteALink => (
                "this evidence entry looks like a web address but is not an http(s) link",
                "write the full link starting with `https://`, without spaces",
            ),
            EvidenceProblem::UnsupportedScheme => (
                "this evidence entry names a scheme that is not shown as a link (only http and https are)",
                "link with `https://`, or write `trace:<id>` or `logs:<query>`",
            ),
        }
    }
}

/// `Ok` when `entry` is a link, a trace id or a log query; else what is wrong with it.
pub fn classify(entry: &str) -> Result<(), EvidenceProblem> {
    let entry = entry.trim();
    if let Some(id) = entry.strip_prefix("trace:") {
        return if is_trace_id(id) {
            Ok(())
        } else {
            Err(EvidenceProblem::BadTraceId)
        };
    }
    if let Some(query) = entry.strip_prefix("logs:") {
        return if query.trim().is_empty() {
            Err(EvidenceProblem::EmptyLogQuery)
        } else {
            Ok(())
        };
    }
    let lower = entry.to_ascii_lowercase();
    if is_web_link(entry) {
        return Ok(());
    }
    if lower.starts_with("trace:") || lower.starts_with("logs:") {
        return Err(EvidenceProblem::PrefixCase);
    }
    if is_trace_id(entry) && entry.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(EvidenceProblem::BareTraceId);
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return Err(EvidenceProblem::NotQuiteALink);
    }
    if looks_like_a_scheme(&lower) {
        return Err(EvidenceProblem::UnsupportedScheme);
    }
    // Plain text: a note on where the evidence is. Allowed; the narrative checks do not read it.
    Ok(())
}

/// `javascript:alert(1)`, `file:///etc`, `ftp://host`: a scheme name, a colon, no space.
fn looks_like_a_scheme(lower: &str) -> bool {
    let Some((scheme, rest)) = lower.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '.' | '-'))
        && rest.chars().next().is_some_and(|c| !c.is_whitespace())
}

/// 16 or 32 hex digits once normalised (upper case, dropped leading zeros and base64 are
/// spellings exporters really use; see [`normalize_id`]).
fn is_trace_id(raw: &str) -> bool {
    normalize_id(raw).is_some_and(|id| {
        (id.len() == 16 || id.len() == 32) && id.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// `http://` or `https://`, a host, and no whitespace or control characters.
fn is_web_link(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !text.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

#[cfg(test)]
mod tests {
    use super::{classify, EvidenceProblem::*};

    #[test]
    fn accepted_forms() {
        for ok in [
            "https://grafana.example.com/d/payments?from=now-6h",
            "HTTP://intranet/wiki/Runbook",
            "trace:4bf92f3577b34da6a3ce929d0e0e4736",
            "trace: 4BF92F3577B34DA6A3CE929D0E0E4736",
            "trace:4df11891983cb20",
            "trace:Sc130fnc2TY=",
            "logs:service=payments level=error",
            "logs: {app=\"gateway\"} |= \"timeout\"",
            "Gateway logs for 2025-09-30 and 2025-10-07, request ids in the incident channel.",
            "PAY-2201: replay notes",
        ] {
            assert_eq!(classify(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejected_forms_say_why() {
        for (bad, why) in [
            ("trace:", BadTraceId),
            ("trace:req-42", BadTraceId),
            ("trace:4bf92f3577b34da6a3ce929d0e0e47361", BadTraceId),
            ("logs:   ", EmptyLogQuery),
            ("Trace:4bf92f3577b34da6", PrefixCase),
            ("4bf92f3577b34da6a3ce929d0e0e4736", BareTraceId),
            ("www.example.com/status", NotQuiteALink),
            ("https://example.com/a b", NotQuiteALink),
            ("https://", NotQuiteALink),
            ("javascript:alert(1)", UnsupportedScheme),
            ("file:///var/log/payments.log", UnsupportedScheme),
        ] {
            assert_eq!(classify(bad), Err(why), "{bad}");
        }
    }
}
