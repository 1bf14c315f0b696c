//! `whys report [PATH...]`

use std::path::PathBuf;

use chrono::NaiveDate;
use whys::fsutil::write_atomic;
use whys::render::{report as report_render, Renderer};
use whys::report::{self, GroupBy, Metric, Period, ReportOptions};

use super::out::{forms, Format, Out};
use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record files or folders; default: the archive's postmortems/.
    pub paths: Vec<PathBuf>,
    /// ttd, tta, ttm (time to mitigate, the default), ttr or ttrc.
    #[arg(long, default_value = "ttm")]
    pub metric: String,
    /// month, quarter or year.
    #[arg(long, default_value = "quarter")]
    pub period: String,
    /// severity, service or impact.
    #[arg(long)]
    pub by: Option<String>,
    /// Only incidents that started on or after this day or period (2022, 2022-03,
    /// 2022-Q1 or 2022-03-14: its first day).
    #[arg(long, value_parser = whys::common::period::period_start)]
    pub since: Option<NaiveDate>,
    /// Only incidents that started on or before this day or period (its last day).
    #[arg(long, value_parser = whys::common::period::period_end)]
    pub until: Option<NaiveDate>,
    /// Parse every record again instead of reusing the archive's cache of parsed records
    /// (`.whys-cache/`); the cache changes only how long a run takes, never its result.
    #[arg(long)]
    pub no_cache: bool,
    #[arg(long, value_parser = forms(&[Format::Md, Format::Html, Format::Json, Format::Csv]), default_value = "md")]
    pub format: Format,
    /// Write report.<format> (and, for md, report.svg beside it) into this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The day the report is read (default: today, UTC): the summary compares the latest
    /// period that had ended by then, and counts action items past due on it.
    #[arg(long)]
    pub today: Option<NaiveDate>,
    /// Seed of the bootstrap and permutation tests.
    #[arg(long, default_value_t = ReportOptions::default().seed)]
    pub seed: u64,
}

fn usage(flag: &str, value: &str, allowed: &str) -> whys::Error {
    whys::Error::Usage(format!("{flag} `{value}` is not one of {allowed}"))
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let options = ReportOptions {
        metric: Metric::parse(&args.metric)
            .ok_or_else(|| usage("--metric", &args.metric, "ttd, tta, ttm, ttr, ttrc"))?,
        period: Period::parse(&args.period)
            .ok_or_else(|| usage("--period", &args.period, "month, quarter, year"))?,
        by: match &args.by {
            Some(b) => Some(
                GroupBy::parse(b).ok_or_else(|| usage("--by", b, "severity, service, impact"))?,
            ),
            None => None,
        },
        since: args.since,
        until: args.until,
        seed: args.seed,
        today: Some(
            args.today
                .unwrap_or_else(|| chrono::Utc::now().date_naive()),
        ),
    };
    let files = ctx.archive.record_files(&args.paths)?;
    let (loaded, failed) = super::load_for_review(ctx, &files, args.no_cache);
    for f in &failed {
        eprintln!("warning: not counted: {}", f.summary());
    }
    let records: Vec<&whys::record::Record> = loaded.iter().collect();
    let mut built = report::build(&records, &options, &ctx.archive.settings)?;
    built.unreadable = failed.iter().map(|f| f.summary()).collect();
    let renderer = Renderer::for_archive(&ctx.archive)?;
    let (text, chart) = match args.format {
        Format::Html => (report_render::to_html(&built, &renderer)?, false),
        Format::Json => (
            serde_json::to_string_pretty(&built)?
                + "
",
            false,
        ),
        Format::Csv => (report::to_csv(&built), false),
        _ => (
            report_render::to_markdown(&built, &renderer, args.out.as_ref().map(|_| "report.svg"))?,
            true,
        ),
    };
    let mut out = Out::new();
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| whys::Error::io(dir, e))?;
            let path = dir.join(format!("report.{}", args.format.as_str()));
            write_atomic(&path, text.as_bytes())?;
            if chart {
                write_atomic(
                    &dir.join("report.svg"),
                    report_render::to_svg(&built, &renderer)?.as_bytes(),
                )?;
            }
            out.line(whys::output::display_path(&path).display())?;
        }
        None => out.text(&text)?,
    }
    out.finish()?;
    Ok(Outcome::Success)
}
