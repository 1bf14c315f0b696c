//! `whys commit PATH... [-m MSG] [--author "Name <email>"] [--deny warnings]`

use std::io::Write;
use std::path::PathBuf;

use whys::archive::commit::{commit, CommitOutcome, CommitRequest};
use whys::output::{write_run, Format};
use whys::render::{markdown, Renderer};

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record files to check, render and commit.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The commit subject, instead of the generated one.
    #[arg(short, long)]
    pub message: Option<String>,
    /// `Name <email>`; default: git config.
    #[arg(long)]
    pub author: Option<String>,
    /// `--deny warnings` refuses records with warnings too.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<super::check::DenyArg>,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let renderer = Renderer::for_archive(&ctx.archive)?;
    let render = |loaded: &whys::record::LoadedRecord| markdown(&loaded.record, &renderer);
    let outcome = commit(
        &ctx.archive,
        &CommitRequest {
            paths: args.paths,
            message: args.message,
            author: args.author,
            deny_warnings: args.deny.is_some(),
            render_markdown: &render,
        },
    )?;
    match outcome {
        CommitOutcome::Committed { subject, files, .. } => {
            println!("{subject}");
            for f in files {
                println!("  {f}");
            }
            Ok(Outcome::Success)
        }
        CommitOutcome::Unchanged => {
            println!("nothing to commit: the records and their Markdown are committed as they are");
            Ok(Outcome::Success)
        }
        CommitOutcome::Refused(run) => {
            let mut out = std::io::stdout().lock();
            write_run(&run, Format::Human, ctx.color, &mut out)?;
            out.flush()?;
            eprintln!("error: not committed: fix the findings above first (nothing was written or committed)");
            Ok(Outcome::Failed)
        }
    }
}
