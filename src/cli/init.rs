//! `whys init [DIR]`

use std::path::PathBuf;

use whys::output::display_path;

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the archive (default: here).
    pub dir: Option<PathBuf>,
}

pub fn run(args: Args) -> whys::Result<Outcome> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let report = whys::archive::init(&dir)?;
    for p in &report.created {
        println!("created {}", display_path(p).display());
    }
    for p in &report.kept {
        println!("kept    {} (already there)", display_path(p).display());
    }
    if let Some(repo) = &report.new_repository {
        println!(
            "created a git repository in {}",
            display_path(repo).display()
        );
    }
    Ok(Outcome::Success)
}
