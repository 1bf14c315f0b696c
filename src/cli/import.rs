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
    }
}

fn statuspage(ctx: &Context, args: StatuspageArgs) -> whys::Result<Outcome> {
    let dir = args.out.unwrap_or_else(|| ctx.archive.postmortems_dir());
    let options = StatuspageOptions {
        out: dir.clone(),
        page_name: args.page_name,
        severities: ctx.archive.settings.severities.clone(),
    };
    let summary = import_statuspage(&args.inputs, &options)?;
    warn_if_outside_archive(ctx, &out);
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
