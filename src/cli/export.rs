//! `whys export [PATH...] --format jsonl|csv`

use std::io::Write;
use std::path::PathBuf;

use whys::check::collect_files;
use whys::record::load_record;
use whys::report::export::{write_csv, write_csv_rows, write_jsonl};

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record files or folders; default: the archive's postmortems/.
    pub paths: Vec<PathBuf>,
    /// jsonl or csv.
    #[arg(long, default_value = "jsonl")]
    pub format: String,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let default = [ctx.archive.postmortems_dir()];
    let paths = if args.paths.is_empty() {
        &default[..]
    } else {
        &args.paths[..]
    };
    let format = args.format.as_str();
    if !matches!(format, "jsonl" | "csv") {
        return Err(whys::Error::Usage(format!(
            "--format `{format}` is not one of jsonl, csv"
        )));
    }
    let files = collect_files(paths)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Streamed: one record is read, written and dropped at a time, so memory stays flat
    // however large the archive.
    let limits = ctx.archive.settings.limits;
    let mut header = format == "csv";
    for path in &files {
        match load_record(path, &limits) {
            Ok(loaded) => {
                let one = std::iter::once(&loaded.record);
                match format {
                    "csv" if header => write_csv(one, &mut out)?,
                    "csv" => write_csv_rows(one, &mut out)?,
                    _ => write_jsonl(one, &mut out)?,
                }
                header = false;
            }
            Err(f) => eprintln!("warning: not exported: {}", f.summary()),
        }
    }
    if header {
        write_csv(std::iter::empty(), &mut out)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
