//! `whys actions [PATH...]`

use std::path::PathBuf;

use chrono::NaiveDate;
use whys::record::Horizon;
use whys::render::report::actions_markdown;
use whys::render::Renderer;
use whys::report::actions::{review, to_csv, ActionFilter};

use super::out::{forms, Format, Out};
use super::{Context, Outcome};

mod sync;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<ActionsCommand>,
    /// Record files or folders; default: the archive's postmortems/.
    pub paths: Vec<PathBuf>,
    /// `open` (open or in progress), in-progress, done or wont-do.
    #[arg(long)]
    pub status: Option<String>,
    /// Only open items past their due date; exit 1 when there are any.
    #[arg(long)]
    pub overdue: bool,
    #[arg(long)]
    pub owner: Option<String>,
    /// immediate, short, medium or long.
    #[arg(long)]
    pub horizon: Option<String>,
    /// The day to count overdue from (default: today, UTC).
    #[arg(long)]
    pub today: Option<NaiveDate>,
    /// Parse every record again instead of reusing the archive's cache of parsed records
    /// (`.whys-cache/`); the cache changes only how long a run takes, never its result.
    #[arg(long)]
    pub no_cache: bool,
    #[arg(long, value_parser = forms(&[Format::Md, Format::Json, Format::Csv]), default_value = "md")]
    pub format: Format,
}

#[derive(Debug, clap::Subcommand)]
pub enum ActionsCommand {
    /// Create tickets for open items (--create) and read their state back: GitHub Issues or Jira.
    Sync(sync::Args),
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    if let Some(ActionsCommand::Sync(sync_args)) = args.command {
        return sync::run(ctx, sync_args);
    }
    let horizon = match args.horizon.as_deref() {
        None => None,
        Some(h) => Some(
            Horizon::ALL
                .into_iter()
                .find(|x| x.as_str() == h)
                .ok_or_else(|| {
                    whys::Error::Usage(format!(
                        "--horizon `{h}` is not one of immediate, short, medium, long"
                    ))
                })?,
        ),
    };
    if let Some(s) = args.status.as_deref() {
        if !["open", "in-progress", "done", "wont-do"].contains(&s) {
            return Err(whys::Error::Usage(format!(
                "--status `{s}` is not one of open, in-progress, done, wont-do"
            )));
        }
    }
    let files = ctx.archive.record_files(&args.paths)?;
    let (loaded, failed) = super::load_for_review(ctx, &files, args.no_cache);
    for f in &failed {
        eprintln!("warning: not reviewed: {}", f.summary());
    }
    let records: Vec<&whys::record::Record> = loaded.iter().collect();
    let today = args
        .today
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let filter = ActionFilter {
        status: args.status,
        overdue: args.overdue,
        owner: args.owner,
        horizon,
    };
    let result = review(&records, &filter, today);
    let mut out = Out::new();
    match args.format {
        Format::Json => out.json(&result)?,
        Format::Csv => out.text(&to_csv(&result))?,
        _ => out.text(&actions_markdown(
            &result,
            &Renderer::for_archive(&ctx.archive)?,
        )?)?,
    }
    out.finish()?;
    Ok(if args.overdue && result.overdue > 0 {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}
