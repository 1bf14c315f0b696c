//! `whys import statuspage FILE|DIR... [--out DIR] [--page-name X]`

use std::path::PathBuf;

use whys::import::{import_statuspage, Flag, StatuspageOptions};
use whys::output::display_path;

use std::io::Write;

use super::out::{OrOutput, Out};
use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(Debug, clap::Subcommand)]
pub enum Source {
    /// Draft records from Atlassian Statuspage v2 incident JSON (list or single form, or a
    /// folder of either). Re-importing updates drafts and keeps records beyond draft.
    Statuspage(StatuspageArgs),
    /// Times, timeline, severity and service from PagerDuty REST API v2 bodies (GET
    /// /incidents, /incidents/{id}, /incidents/{id}/log_entries, in any files). A new draft
    /// per incident, or new facts merged into the record it already has; people become roles.
    Pagerduty(PagerDutyArgs),
}

#[derive(Debug, clap::Args)]
pub struct PagerDutyArgs {
    /// JSON files, or folders searched for *.json.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,
    /// Merge into this record (a file, or a record id) instead of the incident's own draft.
    #[arg(long, value_name = "ID")]
    pub into: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct StatuspageArgs {
    /// JSON files, or folders searched for *.json.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub inputs: Vec<PathBuf>,
    /// Where records go, as <out>/<year>/<id>.yaml; default: the archive's postmortems/.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The page's name, for files without one or to rename it (it is part of every id).
    #[arg(long, value_name = "NAME")]
    pub page_name: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    match args.source {
        Source::Statuspage(args) => statuspage(ctx, args),
        Source::Pagerduty(args) => pagerduty(ctx, args),
    }
}

fn pagerduty(ctx: &Context, args: PagerDutyArgs) -> whys::Result<Outcome> {
    use whys::import::pagerduty::{import_pagerduty, Outcome as Done, PagerDutyOptions};
    let options = PagerDutyOptions { into: args.into };
    let summary = import_pagerduty(&args.inputs, &ctx.archive, &options)?;
    let mut out = Out::new();
    out.line(format!(
        "read {} incident(s) from {} file(s)",
        summary.incidents.len(),
        summary.files_read
    ))?;
    for done in &summary.incidents {
        let path = display_path(&done.path);
        match &done.outcome {
            Done::Written => {
                out.line(format!("  {}: new draft {}", done.incident, path.display()))?
            }
            Done::Merged(m) if !m.changed() => out.line(format!(
                "  {}: {} already has every fact",
                done.incident,
                path.display()
            ))?,
            Done::Merged(m) => out.line(format!(
                "  {}: merged into {}: {} timeline entr{} added ({} already there){}{}",
                done.incident,
                path.display(),
                m.timeline_added,
                if m.timeline_added == 1 { "y" } else { "ies" },
                m.timeline_already_there,
                if m.times_set.is_empty() {
                    String::new()
                } else {
                    format!("; times set: {}", m.times_set.join(", "))
                },
                if m.services_added.is_empty() {
                    String::new()
                } else {
                    format!("; services added: {}", m.services_added.join(", "))
                },
            ))?,
        }
        if let Done::Merged(m) = &done.outcome {
            for skipped in &m.skipped {
                eprintln!("warning: {}: not added: {skipped}", path.display());
            }
        }
    }
    if summary.entries_left_out > 0 {
        out.line(format!(
            "  {} log entr{} left out (notifications and other entries a post-mortem does not need)",
            summary.entries_left_out,
            if summary.entries_left_out == 1 { "y" } else { "ies" }
        ))?;
    }
    out.finish()?;
    Ok(Outcome::Success)
}

fn statuspage(ctx: &Context, args: StatuspageArgs) -> whys::Result<Outcome> {
    let dir = args.out.unwrap_or_else(|| ctx.archive.postmortems_dir());
    let options = StatuspageOptions {
        out: dir.clone(),
        page_name: args.page_name,
        severities: ctx.archive.settings.severities.clone(),
    };
    let summary = import_statuspage(&args.inputs, &options)?;
    warn_if_outside_archive(ctx, &dir);
    let flags = summary.flag_counts();
    let reasons: Vec<String> = Flag::ALL
        .iter()
        .filter_map(|f| flags.get(f).map(|n| format!("{n} {f}")))
        .collect();
    let mut out = Out::new();
    writeln!(
        out,
        "imported {} incidents from {} files into {}",
        summary.records.len(),
        summary.files_read,
        display_path(&dir).display()
    )
    .or_output()?;
    writeln!(out, "  written    {:>6}", summary.written()).or_output()?;
    writeln!(out, "  updated    {:>6}", summary.updated()).or_output()?;
    writeln!(out, "  unchanged  {:>6}", summary.unchanged()).or_output()?;
    writeln!(
        out,
        "  kept       {:>6}  (status beyond draft: left untouched)",
        summary.kept()
    )
    .or_output()?;
    writeln!(
        out,
        "  skipped    {:>6}  (scheduled maintenance)",
        summary.skipped_maintenance
    )
    .or_output()?;
    if summary.duplicates > 0 {
        writeln!(
            out,
            "  duplicates {:>6}  (given twice; the latest update was imported)",
            summary.duplicates
        )
        .or_output()?;
    }
    if reasons.is_empty() {
        writeln!(out, "  flagged    {:>6}", 0).or_output()?;
    } else {
        writeln!(
            out,
            "  flagged    {:>6}  ({}; imported as given, see `whys check`)",
            summary.flagged(),
            reasons.join(", ")
        )
        .or_output()?;
    }
    out.finish()?;
    for failure in &summary.failures {
        eprintln!("error: {failure}");
    }
    Ok(if summary.failures.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

/// Records written outside the archive's `postmortems:` folder are invisible to every other
/// command: say so, and how to point `whys.yaml` at them.
pub fn warn_if_outside_archive(ctx: &Context, out: &std::path::Path) {
    let archive_dir = ctx.archive.postmortems_dir();
    let absolute = |p: &std::path::Path| {
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_owned())
    };
    if absolute(out).starts_with(absolute(&archive_dir)) {
        return;
    }
    let settings = ctx
        .archive
        .settings_file
        .as_ref()
        .map(|p| display_path(p).display().to_string())
        .unwrap_or_else(|| "whys.yaml".into());
    eprintln!(
        "warning: {} is outside the archive's records folder ({}): check, report, actions, export, site and related will not see these records.\n  \
         To use them, set `postmortems: {}` in {settings}, or import without --out.",
        display_path(out).display(),
        display_path(&archive_dir).display(),
        display_path(out).display(),
    );
}
