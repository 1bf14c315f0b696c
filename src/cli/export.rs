//! `whys export [PATH...] --format jsonl|csv`

use std::path::PathBuf;

use whys::record::load_record;
use whys::report::export::{write_csv, write_csv_rows, write_jsonl};

use rayon::prelude::*;

use super::out::{forms, Format, OrOutput, Out};
use super::{Context, Outcome};

/// Files parsed at once: enough to keep both cores busy, few enough to keep memory small.
const EXPORT_CHUNK: usize = 512;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record files or folders; default: the archive's postmortems/.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_parser = forms(&[Format::Jsonl, Format::Csv]), default_value = "jsonl")]
    pub format: Format,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let csv = args.format == Format::Csv;
    let files = ctx.archive.record_files(&args.paths)?;
    let mut out = Out::new();
    // Streamed in chunks: each chunk of files is parsed on every core, written in order and
    // dropped, so memory stays flat however large the archive and both cores are used.
    let limits = ctx.archive.settings.limits;
    let mut header = csv;
    for chunk in files.chunks(EXPORT_CHUNK) {
        let loaded: Vec<_> = chunk
            .par_iter()
            .map(|path| load_record(path, &limits))
            .collect();
        for result in loaded {
            match result {
                Ok(loaded) => {
                    let one = std::iter::once(&loaded.record);
                    match (csv, header) {
                        (true, true) => write_csv(one, &mut out).or_output()?,
                        (true, false) => write_csv_rows(one, &mut out).or_output()?,
                        (false, _) => write_jsonl(one, &mut out).or_output()?,
                    }
                    header = false;
                }
                Err(f) => eprintln!("warning: not exported: {}", f.summary()),
            }
        }
    }
    if header {
        write_csv(std::iter::empty(), &mut out).or_output()?;
    }
    out.finish()?;
    Ok(Outcome::Success)
}
