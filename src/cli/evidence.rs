//! `whys timeline`, `whys trace-summary` and `whys compare`: evidence from logs and traces.

use std::path::{Path, PathBuf};

use whys::archive::history::find_record_file;
use whys::record::edit::add_timeline_entries;
use whys::record::{load_record, LoadedRecord};
use whys::settings::Archive;

use whys::evidence::compare::{compare_logs, compare_traces, CompareOptions};
use whys::evidence::logs::{follow_request, follow_requests, Level, LogSource, Selector};
use whys::evidence::timeline::{evidence_of, log_entries, trace_entries};
use whys::evidence::trace::{parse_trace, summary};
use whys::output::Output;
use whys::record::TimelineEntry;

use super::out::{forms, Format, Out};
use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct TimelineArgs {
    /// JSON-lines log files to follow one request through.
    #[arg(long = "from-logs", num_args = 1.., conflicts_with = "from_trace")]
    pub from_logs: Vec<PathBuf>,
    /// A trace export (Jaeger JSON or OTLP JSON).
    #[arg(long = "from-trace")]
    pub from_trace: Option<PathBuf>,
    #[arg(long)]
    pub trace_id: Option<String>,
    #[arg(long)]
    pub request_id: Option<String>,
    /// Only log lines at this level or above.
    #[arg(long)]
    pub level: Option<String>,
    /// Add the entries to this record's `timeline:` (a file, or a record id in the archive)
    /// instead of printing them; entries already there are skipped.
    #[arg(long, value_name = "RECORD")]
    pub into: Option<PathBuf>,
    #[command(flatten)]
    pub slack: super::slack::SlackArgs,
}

#[derive(Debug, clap::Args)]
pub struct SummaryArgs {
    pub file: PathBuf,
    #[arg(long, value_parser = forms(&[Format::Human, Format::Json]), default_value = "human")]
    pub format: Format,
}

#[derive(Debug, clap::Args)]
pub struct CompareArgs {
    /// The failing request: a trace file, or an id with --logs.
    #[arg(long)]
    pub failing: String,
    /// A good request to compare with: a trace file, or an id with --logs.
    #[arg(long)]
    pub baseline: String,
    /// Log files holding both requests; then --failing and --baseline are trace ids.
    #[arg(long, num_args = 1..)]
    pub logs: Vec<PathBuf>,
    #[arg(long, value_parser = forms(&[Format::Human, Format::Json]), default_value = "human")]
    pub format: Format,
}

fn read_trace(path: &PathBuf) -> whys::Result<whys::evidence::trace::Trace> {
    let bytes = std::fs::read(path).map_err(|e| whys::Error::io(path, e))?;
    parse_trace(&bytes).map_err(|source| whys::Error::Trace {
        path: path.clone(),
        source,
    })
}

fn open_logs(paths: &[PathBuf]) -> whys::Result<Vec<LogSource<'static>>> {
    paths
        .iter()
        .map(|p| LogSource::open(p).map_err(whys::Error::from))
        .collect()
}

fn print_entries(entries: &[TimelineEntry]) -> whys::Result<()> {
    let text = yaml_serde::to_string(entries).map_err(|e| whys::Error::Serialize {
        id: "timeline entries".into(),
        message: e.to_string(),
    })?;
    let mut out = Out::new();
    out.text(&text)?;
    out.finish()
}

/// What a command says about its work besides its output: on stderr, so stdout stays the
/// entries alone.
fn notes(value: &Output<'_>) -> whys::Result<()> {
    let mut err = std::io::stderr().lock();
    whys::output::write_value(value, whys::output::Format::Human, &mut err)
        .map_err(whys::Error::Stderr)
}

/// The record `--into` names: a file as given, else a record id looked up in the archive.
fn into_record(target: &Path) -> whys::Result<LoadedRecord> {
    let cwd = std::env::current_dir().map_err(|e| whys::Error::io(".", e))?;
    let archive = Archive::discover(&cwd)?;
    let path = if target.is_file() {
        target.to_owned()
    } else {
        find_record_file(&archive, &target.to_string_lossy())?
    };
    load_record(&path, &archive.settings.limits).map_err(|f| whys::Error::Record(Box::new(f)))
}

/// Prints the entries, or with `--into` adds them to the record and says what it did.
pub(super) fn deliver(entries: &[TimelineEntry], into: Option<&Path>) -> whys::Result<()> {
    let Some(target) = into else {
        return print_entries(entries);
    };
    let loaded = into_record(target)?;
    let done = add_timeline_entries(&loaded, entries)?;
    notes(&Output::TimelineAdded {
        record: &loaded.path,
        addition: &done,
    })
}

pub fn timeline(args: TimelineArgs) -> whys::Result<Outcome> {
    if args.slack.from_slack.is_some() {
        return super::slack::timeline(&args.slack, args.into.as_deref());
    }
    if let Some(path) = &args.from_trace {
        let trace = read_trace(path)?;
        let entries = trace_entries(&trace);
        deliver(&entries, args.into.as_deref())?;
        return Ok(Outcome::Success);
    }
    if args.from_logs.is_empty() {
        return Err(whys::Error::Usage(
            "give --from-logs FILE..., --from-trace FILE or --from-slack EXPORT_DIR".into(),
        ));
    }
    let selector = match (&args.trace_id, &args.request_id) {
        (Some(t), None) => Selector::TraceId(t.clone()),
        (None, Some(r)) => Selector::RequestId(r.clone()),
        _ => {
            return Err(whys::Error::Usage(
                "give one of --trace-id or --request-id".into(),
            ))
        }
    };
    let level = match &args.level {
        Some(l) => Some(
            Level::parse(l)
                .ok_or_else(|| whys::Error::Usage(format!("--level `{l}` is not a log level")))?,
        ),
        None => None,
    };
    let evidence = evidence_of(&selector);
    let follow = follow_request(open_logs(&args.from_logs)?, selector, level)?;
    let entries = log_entries(&follow, &evidence);
    deliver(&entries, args.into.as_deref())?;
    notes(&Output::LogsRead {
        entries: entries.len(),
        stats: &follow.stats,
    })?;
    Ok(Outcome::Success)
}

pub fn trace_summary(args: SummaryArgs) -> whys::Result<Outcome> {
    let trace = read_trace(&args.file)?;
    let s = summary(&trace);
    let mut out = Out::new();
    out.value(&Output::TraceSummary(&s), args.format)?;
    out.finish()?;
    Ok(Outcome::Success)
}

pub fn compare(args: CompareArgs) -> whys::Result<Outcome> {
    let result = if args.logs.is_empty() {
        let failing = read_trace(&PathBuf::from(&args.failing))?;
        let baseline = read_trace(&PathBuf::from(&args.baseline))?;
        compare_traces(&failing, &baseline, CompareOptions::default())
    } else {
        let selectors = [
            Selector::TraceId(args.failing.clone()),
            Selector::TraceId(args.baseline.clone()),
        ];
        let follows = follow_requests(open_logs(&args.logs)?, &selectors, None)?;
        match follows.as_slice() {
            [failing, baseline] => compare_logs(failing, baseline, CompareOptions::default()),
            _ => return Err(whys::Error::Usage("could not follow both requests".into())),
        }
    };
    let mut out = Out::new();
    out.value(&Output::Comparison(&result), args.format)?;
    out.finish()?;
    Ok(Outcome::Success)
}
