//! `whys signals --from-prometheus FILE --signal latency|traffic|errors|saturation [--into RECORD]`

use std::path::PathBuf;

use whys::evidence::prometheus::{read_query_range, series_file_name, GOLDEN_SIGNALS};
use whys::fsutil::{write_if_changed, WriteOutcome};
use whys::import::merge::{merge_into_file, Facts};
use whys::import::pagerduty::resolve_record;
use whys::record::load_record;

use super::out::Out;
use super::{Context, Outcome};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Signal {
    Latency,
    Traffic,
    Errors,
    Saturation,
}

impl Signal {
    fn name(self) -> &'static str {
        GOLDEN_SIGNALS[self as usize]
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The body of a Prometheus HTTP API range query (/api/v1/query_range, resultType matrix).
    #[arg(long = "from-prometheus", value_name = "FILE")]
    pub from_prometheus: PathBuf,
    /// The golden signal the series shows.
    #[arg(long, value_enum)]
    pub signal: Signal,
    /// Keep the series beside this record (a file, or a record id) and link it from the
    /// record's `signals`; the Markdown and HTML pages then draw it.
    #[arg(long, value_name = "RECORD")]
    pub into: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let signal = args.signal.name();
    let file = read_query_range(&args.from_prometheus, signal)?;
    let points: usize = file.series.iter().map(|s| s.points.len()).sum();
    let mut out = Out::new();
    out.line(format!(
        "{signal}: {} series, {points} points{}",
        file.series.len(),
        if file.dropped_series > 0 {
            format!(" ({} more series left out)", file.dropped_series)
        } else {
            String::new()
        }
    ))?;
    let Some(into) = &args.into else {
        for s in &file.series {
            let (low, high) = s
                .points
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
                    (l.min(p.1), h.max(p.1))
                });
            out.line(format!(
                "  {}: {} points, {low} to {high}",
                s.name,
                s.points.len()
            ))?;
        }
        out.line("give --into RECORD to keep the series beside a record and chart it")?;
        out.finish()?;
        return Ok(Outcome::Success);
    };
    let path = resolve_record(&ctx.archive, into)?;
    let loaded = load_record(&path, &ctx.archive.settings.limits)
        .map_err(|f| whys::Error::Record(Box::new(f)))?;
    let name = series_file_name(&loaded.record.id, signal);
    let data_path = path
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .join(&name);
    let mut json = serde_json::to_string_pretty(&file)?;
    json.push('\n');
    let written = write_if_changed(&data_path, json.as_bytes())?;
    let facts = Facts {
        signal: Some((
            signal.to_owned(),
            format!("[Series from Prometheus]({name}), charted below."),
        )),
        ..Facts::default()
    };
    let merged = merge_into_file(&loaded, &facts)?;
    out.line(format!(
        "  series {} {}; `signals.{signal}` of {} {}",
        match written {
            WriteOutcome::Written => "written to",
            WriteOutcome::Unchanged => "unchanged in",
        },
        data_path.display(),
        path.display(),
        if merged.signal_set {
            "now links to it"
        } else {
            "already links to it"
        }
    ))?;
    out.finish()?;
    Ok(Outcome::Success)
}
