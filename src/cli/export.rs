//! `whys export [PATH...] --format jsonl|csv`

use std::io::Write;
use std::path::PathBuf;

use whys::check::collect_files;
use whys::record::load_all;
use whys::report::export::{write_csv, write_jsonl};

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
    let (loaded, failed) = load_all(&collect_files(paths)?, &ctx.archive.settings.limits);
    for f in &failed {
        eprintln!("warning: not exported: {}", f.summary());
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let records = loaded.iter();
    match args.format.as_str() {
        "jsonl" => write_jsonl(records, &mut out)?,
        "csv" => write_csv(records, &mut out)?,
        other => {
            return Err(whys::Error::Usage(format!(
                "--format `{other}` is not one of jsonl, csv"
            )))
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}
