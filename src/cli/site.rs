//! `whys site [--out DIR] [--today DATE]`

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::OnceLock;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use whys::record::Day;
use whys::render::site::{build_site, SiteOptions};
use whys::render::Renderer;

use std::io::Write;

use super::out::{OrOutput, Out};
use super::{Context, Outcome};

/// Below this many pages a build is quick and a progress bar would only flicker.
const PROGRESS_FROM_PAGES: usize = 50;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output folder; default: `site/` in the archive's root.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Mark action items due before this day (YYYY-MM-DD) as overdue in the pages. Without it
    /// the pages do not depend on the day they were built, and the reader's browser marks them.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub today: Option<Day>,
}

fn parse_day(text: &str) -> Result<Day, String> {
    Day::parse(text)
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let renderer = Renderer::for_archive(&ctx.archive)?;
    let options = SiteOptions {
        out: args.out.unwrap_or_else(|| ctx.archive.root.join("site")),
        today: args.today.map(|d| d.0),
    };
    let show_progress = std::io::stderr().is_terminal();
    let bar: OnceLock<ProgressBar> = OnceLock::new();
    let progress = |done: usize, total: usize| {
        if !show_progress || total < PROGRESS_FROM_PAGES {
            return;
        }
        let bar = bar.get_or_init(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} pages") {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done as u64);
    };
    let report = build_site(&ctx.archive, &renderer, &options, &progress)?;
    if let Some(bar) = bar.get() {
        bar.finish_and_clear();
    }
    for failure in &report.not_rendered {
        eprintln!("warning: {} not rendered: {}", failure.path, failure.reason);
    }
    let mut out = Out::new();
    writeln!(
        out,
        "{}: {} incident{}, {} page{} written, {} unchanged{}",
        options.out.display(),
        report.records,
        if report.records == 1 { "" } else { "s" },
        report.written.len(),
        if report.written.len() == 1 { "" } else { "s" },
        report.unchanged,
        if report.removed.is_empty() {
            String::new()
        } else {
            format!(", {} removed", report.removed.len())
        }
    )
    .or_output()?;
    out.finish()?;
    Ok(Outcome::Success)
}
