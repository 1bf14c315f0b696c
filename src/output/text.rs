//! The `human` form of the commands' values other than findings: plain text for a terminal.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::SecondsFormat;

use super::{display_path, Output};
use crate::common::{human_duration, nanos, MISSING};
use crate::evidence::changes::RepoChange;
use crate::evidence::compare::{Comparison, StepSource};
use crate::evidence::logs::ReadStats;
use crate::evidence::trace::TraceSummary;
use crate::record::edit::TimelineAddition;
use crate::related::{Overlap, RelatedReport, LIKELY_REPEAT};

pub(super) fn write(out: &mut dyn Write, value: &Output<'_>) -> io::Result<()> {
    let text = match value {
        Output::History { id, revisions } => {
            let mut text = String::new();
            if revisions.is_empty() {
                let _ = writeln!(text, "{id} has no committed revisions yet");
            }
            for r in revisions.iter() {
                let _ = writeln!(text, "{} {} {} <{}>", r.commit, r.date, r.author, r.email);
                let _ = writeln!(text, "    {}", r.subject);
                for c in &r.changes {
                    let _ = writeln!(text, "    - {c}");
                }
            }
            text
        }
        Output::Changes {
            repo,
            since,
            until,
            changes,
        } => repo_changes(repo, since, until, changes),
        Output::Related(report) => related(report),
        Output::TraceSummary(summary) => trace_summary(summary),
        Output::Comparison(c) => comparison(c),
        Output::TimelineAdded { record, addition } => timeline_added(record, addition),
        Output::LogsRead { entries, stats } => logs_read(*entries, stats),
    };
    out.write_all(text.as_bytes())
}

fn timeline_added(record: &std::path::Path, done: &TimelineAddition) -> String {
    let placement = if done.in_time_order || done.added == 0 {
        "in time order"
    } else {
        "appended at the end, because the timeline is not in time order"
    };
    format!(
        "added {} timeline entr{} to {} ({placement}); {} already there\n",
        done.added,
        if done.added == 1 { "y" } else { "ies" },
        record.display(),
        done.already_there
    )
}

/// At most this many bad lines are quoted; all are counted.
const QUOTED_BAD_LINES: usize = 20;

fn logs_read(entries: usize, stats: &ReadStats) -> String {
    let mut text = format!(
        "{} entries from {} lines in {} file(s); {} bad line(s), {} without a time\n",
        entries, stats.lines, stats.files, stats.bad_line_count, stats.lines_without_time
    );
    for bad in stats.bad_lines.iter().take(QUOTED_BAD_LINES) {
        let _ = writeln!(text, "  bad line {}:{}: {}", bad.file, bad.line, bad.reason);
    }
    text
}

fn duration(ns: u64) -> String {
    human_duration(nanos(ns))
}

fn repo_changes(
    repo: &std::path::Path,
    since: &crate::record::Timestamp,
    until: &crate::record::Timestamp,
    changes: &[RepoChange],
) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} change(s) in {} between {since} and {until}, newest first:",
        changes.len(),
        repo.display()
    );
    for c in changes {
        let tags = if c.tags.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.tags.join(", "))
        };
        let _ = writeln!(
            text,
            "{} {:<6} {} {}{} [{}]",
            c.at,
            format!("{:?}", c.kind).to_lowercase(),
            c.short,
            c.subject,
            tags,
            c.author
        );
    }
    text
}

fn related(report: &RelatedReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}: {}", report.id, report.title);
    if report.related.is_empty() {
        let _ = writeln!(
            out,
            "no other record of {} shares services, change kinds, tags or causes",
            report.compared
        );
    }
    for r in &report.related {
        let linked = if r.linked { "  (in related:)" } else { "" };
        let _ = writeln!(out, "\n{:.2}  {}  {}{linked}", r.score, r.id, r.title);
        reason(&mut out, "services", &r.services);
        reason(&mut out, "change kinds", &r.change_kinds);
        reason(&mut out, "tags", &r.tags);
        reason(&mut out, "cause words", &r.causes);
        let _ = writeln!(out, "      {}", display_path(&r.path).display());
    }
    let unlinked: Vec<&str> = report
        .related
        .iter()
        .filter(|r| !r.linked && r.score >= LIKELY_REPEAT)
        .map(|r| r.id.as_str())
        .collect();
    if !unlinked.is_empty() {
        let _ = writeln!(
            out,
            "\nlikely repeats not yet under `related:` in {}: {}",
            report.id,
            unlinked.join(", ")
        );
    }
    for path in &report.unreadable {
        let _ = writeln!(
            out,
            "skipped {} (does not load; see `whys check`)",
            display_path(path).display()
        );
    }
    out
}

fn reason(out: &mut String, what: &str, overlap: &Overlap) {
    if overlap.shared.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "      {what}: {} ({:.0}% overlap)",
        overlap.shared.join(", "),
        overlap.similarity * 100.0
    );
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        MISSING.to_string()
    } else {
        format!("{:.0}%", part as f64 * 100.0 / whole as f64)
    }
}

/// The summary as plain text: a header, a table of services, and the critical path.
fn trace_summary(summary: &TraceSummary) -> String {
    let mut out = String::new();
    let start = summary
        .start
        .map(|at| at.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_else(|| MISSING.to_string());
    let _ = writeln!(
        out,
        "trace {}: {} spans, {} services, {} error spans, {} from {}",
        summary.trace_id,
        summary.span_count,
        summary.service_count,
        summary.error_span_count,
        duration(summary.duration_ns),
        start
    );
    if let Some(root) = &summary.root {
        let _ = writeln!(
            out,
            "root: {} {} ({})",
            root.service,
            root.operation,
            duration(root.duration_ns)
        );
    }
    if summary.root_count > 1 || summary.missing_parent_count > 0 {
        let _ = writeln!(
            out,
            "note: {} root spans; {} spans name a parent missing from the trace",
            summary.root_count, summary.missing_parent_count
        );
    }
    if summary.duplicate_span_id_count > 0 {
        let _ = writeln!(
            out,
            "note: {} spans repeat the id of another span",
            summary.duplicate_span_id_count
        );
    }

    let name_width = summary
        .services
        .iter()
        .map(|service| service.service.chars().count())
        .chain(std::iter::once("service".len()))
        .max()
        .unwrap_or(7);
    let root_ns = summary.root.as_ref().map_or(0, |root| root.duration_ns);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:<name_width$}  {:>6}  {:>10}  {:>10}  {:>10}  {:>5}  {:>6}",
        "service", "spans", "total", "self", "critical", "share", "errors"
    );
    for service in &summary.services {
        let _ = writeln!(
            out,
            "{:<name_width$}  {:>6}  {:>10}  {:>10}  {:>10}  {:>5}  {:>6}",
            service.service,
            service.span_count,
            duration(service.total_ns),
            duration(service.self_ns),
            duration(service.critical_ns),
            percent(service.critical_ns, root_ns),
            service.error_count
        );
    }

    if !summary.critical_path.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "critical path ({} spans, {}): time charged, share, offset from the root's start",
            summary.critical_path.len(),
            duration(root_ns)
        );
        let origin = summary.root.as_ref().map(|root| root.start);
        for step in &summary.critical_path {
            let offset = origin
                .map(|origin| (step.start - origin).num_nanoseconds().unwrap_or(0))
                .unwrap_or(0);
            let sign = if offset < 0 { "-" } else { "+" };
            let _ = writeln!(
                out,
                "  {:>10}  {:>4}  {}{:<10} {}{} {}{}",
                duration(step.critical_ns),
                percent(step.critical_ns, root_ns),
                sign,
                duration(offset.unsigned_abs()),
                "  ".repeat(step.depth.min(20)),
                step.service,
                step.operation,
                if step.error { "  [error]" } else { "" }
            );
        }
    }
    out
}

/// The comparison as plain text.
fn comparison(comparison: &Comparison) -> String {
    let mut out = String::new();
    let what = match comparison.source {
        StepSource::Trace => "trace",
        StepSource::Logs => "request",
    };
    for (label, side) in [
        ("failing", &comparison.failing),
        ("baseline", &comparison.baseline),
    ] {
        let _ = writeln!(
            out,
            "{label:<9}{what} {}: {} steps, {}, {} with errors",
            side.id,
            side.steps,
            duration(side.duration_ns),
            side.error_steps
        );
    }

    let _ = writeln!(out);
    match &comparison.first_error {
        Some(first) => {
            let step = &first.step;
            let baseline_note = if first.failed_in_baseline {
                "it failed in the baseline too"
            } else if first.in_baseline {
                "the baseline did the same step without error"
            } else {
                "the baseline has no such step"
            };
            let _ = writeln!(
                out,
                "first error: {} at +{}: {} ({baseline_note})",
                step_label(&step.service, &step.name, step.occurrence),
                duration(step.offset_ns.max(0).unsigned_abs()),
                step.error_message.as_deref().unwrap_or("no message"),
            );
        }
        None => {
            let _ = writeln!(out, "first error: none in the failing {what}");
        }
    }

    let _ = writeln!(out);
    if comparison.slower.is_empty() {
        let _ = writeln!(
            out,
            "much slower: none (thresholds: {:.1}x and +{})",
            comparison.options.min_ratio,
            duration(comparison.options.min_extra_ns)
        );
    } else {
        let _ = writeln!(
            out,
            "much slower in the failing {what} (at least {:.1}x and +{}):",
            comparison.options.min_ratio,
            duration(comparison.options.min_extra_ns)
        );
        for step in &comparison.slower {
            let ratio = step
                .ratio
                .map_or_else(|| "new time".to_string(), |ratio| format!("{ratio:.1}x"));
            let _ = writeln!(
                out,
                "  {}: {} vs {} (+{}, {ratio})",
                step_label(&step.service, &step.name, step.occurrence),
                duration(step.failing_ns),
                duration(step.baseline_ns),
                duration(step.extra_ns),
            );
        }
    }

    for (label, steps) in [
        ("only in the failing", &comparison.only_in_failing),
        ("only in the baseline", &comparison.only_in_baseline),
    ] {
        let _ = writeln!(out);
        if steps.is_empty() {
            let _ = writeln!(out, "{label} {what}: none");
            continue;
        }
        let _ = writeln!(out, "{label} {what} ({} steps):", steps.len());
        for step in steps.iter() {
            let _ = writeln!(
                out,
                "  +{:<10} {} ({}){}",
                duration(step.offset_ns.max(0).unsigned_abs()),
                step_label(&step.service, &step.name, step.occurrence),
                duration(step.duration_ns),
                if step.error { "  [error]" } else { "" }
            );
        }
    }
    out
}

fn step_label(service: &str, name: &str, occurrence: usize) -> String {
    if occurrence > 1 {
        format!("{service} {name} (#{occurrence})")
    } else {
        format!("{service} {name}")
    }
}
