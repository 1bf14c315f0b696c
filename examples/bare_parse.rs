//! The floor for `whys check`: read every record file under a folder and parse it with
//! `yaml_serde` into `serde::de::IgnoredAny` (or `yaml_serde::Value` with `--value`), on a
//! fixed number of threads. Nothing is checked, nothing is kept.
//!
//! ```sh
//! cargo run --release --example bare_parse -- DIR [--threads 2] [--value]
//! ```
//!
//! Prints `files N bytes B failed F seconds S`. `bench/run.sh` divides the time of
//! `whys check` by this one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

fn main() -> ExitCode {
    let mut dir = None;
    let mut threads = 2usize;
    let mut value = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => match args.next().and_then(|t| t.parse().ok()) {
                Some(t) => threads = t,
                None => return usage(),
            },
            "--value" => value = true,
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => return usage(),
        }
    }
    let Some(dir) = dir else { return usage() };
    let mut files = Vec::new();
    if let Err(e) = collect(&dir, &mut files) {
        eprintln!("bare_parse: {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    files.sort();
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("bare_parse: {e}");
            return ExitCode::FAILURE;
        }
    };
    let start = Instant::now();
    let (bytes, failed) = pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let Ok(text) = std::fs::read_to_string(path) else {
                    return (0, 1);
                };
                let parsed = if value {
                    yaml_serde::from_str::<yaml_serde::Value>(&text).is_ok()
                } else {
                    yaml_serde::from_str::<serde::de::IgnoredAny>(&text).is_ok()
                };
                (text.len(), usize::from(!parsed))
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "files {} bytes {bytes} failed {failed} seconds {seconds:.3}",
        files.len()
    );
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: bare_parse DIR [--threads N] [--value]");
    ExitCode::FAILURE
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) && path.file_name().and_then(|n| n.to_str()) != Some("whys.yaml")
        {
            out.push(path);
        }
    }
    Ok(())
}
