//! `whys related ID [--format json] [--limit N]`

use std::io::Write;

use clap::ValueEnum;
use whys::output::display_path;
use whys::related::{related_in_archive, Overlap, LIKELY_REPEAT};

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record to find relatives of.
    pub id: String,
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    pub format: FormatArg,
    /// Show at most this many.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Human,
    Json,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let mut report = related_in_archive(&ctx.archive, &args.id)?;
    report.related.truncate(args.limit);
    let mut out = std::io::stdout().lock();
    match args.format {
        FormatArg::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        FormatArg::Human => {
            writeln!(out, "{}: {}", report.id, report.title)?;
            if report.related.is_empty() {
                writeln!(
                    out,
                    "no other record of {} shares services, change kinds, tags or causes",
                    report.compared
                )?;
            }
            for r in &report.related {
                let linked = if r.linked { "  (in related:)" } else { "" };
                writeln!(out, "\n{:.2}  {}  {}{linked}", r.score, r.id, r.title)?;
                reason(&mut out, "services", &r.services)?;
                reason(&mut out, "change kinds", &r.change_kinds)?;
                reason(&mut out, "tags", &r.tags)?;
                reason(&mut out, "cause words", &r.causes)?;
                writeln!(out, "      {}", display_path(&r.path).display())?;
            }
            let unlinked: Vec<&str> = report
                .related
                .iter()
                .filter(|r| !r.linked && r.score >= LIKELY_REPEAT)
                .map(|r| r.id.as_str())
                .collect();
            if !unlinked.is_empty() {
                writeln!(
                    out,
                    "\nlikely repeats not yet under `related:` in {}: {}",
                    report.id,
                    unlinked.join(", ")
                )?;
            }
            for path in &report.unreadable {
                writeln!(
                    out,
                    "skipped {} (does not load; see `whys check`)",
                    display_path(path).display()
                )?;
            }
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

fn reason(out: &mut dyn Write, what: &str, overlap: &Overlap) -> std::io::Result<()> {
    if overlap.shared.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "      {what}: {} ({:.0}% overlap)",
        overlap.shared.join(", "),
        overlap.similarity * 100.0
    )
}
