//! `whys export [PATH...] --format jsonl|csv`

use std::io::Write;
use std::path::PathBuf;

use whys::record::load_record;
use whys::report::export::{write_csv, write_csv_rows, write_jsonl};

use rayon::prelude::*;

use super::{Context, Outcome};

/// Files parsed at once: enough to keep both cores busy, few enough to keep memory small.
const EXPORT_CHUNK: usize = 512;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record files or folders; default: the archive's postmortems/.
    pub paths: Vec<PathBuf>,
    /// jsonl or csv.
    #[arg(long, default_value = "jsonl")]
    pub format: String,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let format = args.format.as_str();
    if !matches!(format, "jsonl" | "csv") {
        return Err(whys::Error::Usage(format!(
            "--format `{format}` is not one of jsonl, csv"
        )));
    }
    let files = ctx.archive.record_files(&args.paths)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // Streamed in chunks: each chunk of files is parsed on every core, written in order and
    // dropped, so memory stays flat however large the archive and both cores are used.
    let limits = ctx.archive.settings.limits;
    let mut header = format == "csv";
    for chunk in files.chunks(EXPORT_CHUNK) {
        let loaded: Vec<_> = chunk
            .par_iter()
            .map(|path| load_record(path, &limits))
            .collect();
        for result in loaded {
            match result {
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
    }
    if header {
        write_csv(std::iter::empty(), &mut out)?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}
