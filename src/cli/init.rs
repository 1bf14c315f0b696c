//! `whys init [DIR]`

use std::path::PathBuf;

use whys::output::display_path;

use std::io::Write;

use super::out::{OrOutput, Out};
use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the archive (default: here).
    pub dir: Option<PathBuf>,
}

pub fn run(args: Args) -> whys::Result<Outcome> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let report = whys::archive::init(&dir)?;
    let mut out = Out::new();
    for p in &report.created {
        writeln!(out, "created {}", display_path(p).display()).or_output()?;
    }
    for p in &report.kept {
        writeln!(out, "kept    {} (already there)", display_path(p).display()).or_output()?;
    }
    for p in &report.extended {
        writeln!(
            out,
            "added   {} lines to {}",
            whys::archive::ARCHIVE_IGNORES.join(" "),
            display_path(p).display()
        )
        .or_output()?;
    }
    if let Some(repo) = &report.new_repository {
        writeln!(
            out,
            "created a git repository in {}",
            display_path(repo).display()
        )
        .or_output()?;
        match &report.first_commit {
            Ok(id) => writeln!(out, "committed the new archive as {id}").or_output()?,
            Err(why) => writeln!(out, "{why}").or_output()?,
        }
    }
    out.finish()?;
    Ok(Outcome::Success)
}
