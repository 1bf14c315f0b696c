//! `whys changes --repo DIR (--around ID | --since T --until T) [--window 24h] [--add]`

use std::path::PathBuf;

use chrono::TimeDelta;
use whys::archive::history::find_record_file;
use whys::evidence::changes::{add_to_record, repo_changes, ChangesQuery};
use whys::record::{load_record, Timestamp};

use whys::output::Output;

use super::out::{forms, Format, Out};
use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The service repository to look in.
    #[arg(
        long,
        required_unless_present = "from_grafana",
        conflicts_with = "from_grafana"
    )]
    pub repo: Option<PathBuf>,
    /// Grafana annotations (the body of GET /api/annotations) instead of a repository.
    #[arg(long = "from-grafana", value_name = "FILE")]
    pub from_grafana: Option<PathBuf>,
    /// The incident whose start ends the window.
    #[arg(long, conflicts_with_all = ["since", "until"])]
    pub around: Option<String>,
    /// Window start: RFC 3339 with offset, or a day or period (2022, 2022-03, 2022-Q1).
    #[arg(long, requires = "until")]
    pub since: Option<String>,
    /// Window end: RFC 3339 with offset, or a day or period (to its last day).
    #[arg(long, requires = "since")]
    pub until: Option<String>,
    /// How far back from the start to look with --around: 90m, 24h, 7d.
    #[arg(long, default_value = "24h")]
    pub window: String,
    /// Only commits whose message contains this.
    #[arg(long)]
    pub grep: Option<String>,
    /// Only commits touching this path prefix.
    #[arg(long)]
    pub path: Option<String>,
    /// Write the listed commits into the record's `changes:` (needs --around).
    #[arg(long, requires = "around")]
    pub add: bool,
    #[arg(long, value_parser = forms(&[Format::Human, Format::Json]), default_value = "human")]
    pub format: Format,
}

fn parse_window(text: &str) -> whys::Result<TimeDelta> {
    let bad = || whys::Error::Usage(format!("--window `{text}`: write it like 90m, 24h or 7d"));
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: i64 = number.parse().map_err(|_| bad())?;
    match unit {
        "m" => Ok(TimeDelta::minutes(n)),
        "h" => Ok(TimeDelta::hours(n)),
        "d" => Ok(TimeDelta::days(n)),
        _ => Err(bad()),
    }
}

/// A time, or a day or period (`2022`, `2022-03`, `2022-Q1`, `2022-03-14`) read in UTC:
/// `--since` from the start of its first day, `--until` to the end of its last.
fn parse_time(flag: &str, text: &str) -> whys::Result<Timestamp> {
    Timestamp::parse(text).or_else(|time_message| {
        let days = whys::common::period::period_days(text).map_err(|_| {
            whys::Error::Usage(format!(
                "{flag}: {time_message}; a day or period (2022, 2022-03, 2022-Q1, 2022-03-14) also works"
            ))
        })?;
        let (day, clock) = if flag == "--until" {
            (days.1, "23:59:59")
        } else {
            (days.0, "00:00:00")
        };
        Timestamp::parse(&format!("{day}T{clock}Z"))
            .map_err(|m| whys::Error::Usage(format!("{flag}: {m}")))
    })
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let mut record = None;
    let (since, until) = match (&args.around, &args.since, &args.until) {
        (Some(id), _, _) => {
            let path = find_record_file(&ctx.archive, id)?;
            let loaded = load_record(&path, &ctx.archive.settings.limits)
                .map_err(|f| whys::Error::Record(Box::new(f)))?;
            let started = loaded.record.times.started;
            let window = parse_window(&args.window)?;
            record = Some(loaded);
            (Timestamp(started.0 - window), started)
        }
        (None, Some(s), Some(u)) => (parse_time("--since", s)?, parse_time("--until", u)?),
        _ => {
            return Err(whys::Error::Usage(
                "give --around ID, or --since and --until".into(),
            ))
        }
    };
    if let Some(file) = &args.from_grafana {
        return super::grafana::changes(
            ctx,
            file,
            since,
            until,
            record.as_ref(),
            args.add,
            args.format,
        );
    }
    let Some(repo) = &args.repo else {
        return Err(whys::Error::Usage(
            "give --repo DIR or --from-grafana FILE".into(),
        ));
    };
    let query = ChangesQuery {
        since,
        until,
        grep: args.grep.as_deref(),
        path: args.path.as_deref(),
    };
    let changes = repo_changes(repo, &query)?;
    let mut out = Out::new();
    out.value(
        &Output::Changes {
            repo,
            since,
            until,
            changes: &changes,
        },
        args.format,
    )?;
    out.finish()?;
    if args.add {
        if let Some(loaded) = &record {
            let repo_name = repo
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "repo".into());
            let added = add_to_record(loaded, &repo_name, &changes)?;
            eprintln!("added {added} change(s) to {}", loaded.path.display());
        }
    }
    Ok(Outcome::Success)
}
