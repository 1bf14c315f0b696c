//! `whys commit PATH... [-m MSG] [--author "Name <email>"] [--deny warnings]`

use std::io::Write;
use std::path::PathBuf;

use whys::archive::commit::{commit, CommitOutcome, CommitRequest};
use whys::output::{write_run, Format};

use super::out::{OrOutput, Out};
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
    let mut out = Out::new();
    let outcome = match outcome {
        CommitOutcome::Committed { subject, files, .. } => {
            writeln!(out, "{subject}").or_output()?;
            for f in files {
                writeln!(out, "  {f}").or_output()?;
            }
            Outcome::Success
        }
        CommitOutcome::Unchanged => {
            writeln!(
                out,
                "nothing to commit: the records and their Markdown are committed as they are"
            )
            .or_output()?;
            Outcome::Success
        }
        CommitOutcome::Refused(run) => {
            write_run(&run, Format::Human, ctx.color, &mut out).or_output()?;
            out.flush().or_output()?;
            eprintln!("error: not committed: fix the findings above first (nothing was written or committed)");
            Outcome::Failed
        }
    };
    out.finish()?;
    Ok(outcome)
}
