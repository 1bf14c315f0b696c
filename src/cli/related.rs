//! `whys related ID [--format json] [--limit N]`

use whys::output::Output;
use whys::related::related_in_archive;

use super::out::{forms, Format, Out};
use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record to find relatives of.
    pub id: String,
    #[arg(long, value_parser = forms(&[Format::Human, Format::Json]), default_value = "human")]
    pub format: Format,
    /// Show at most this many.
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let mut report = related_in_archive(&ctx.archive, &args.id)?;
    report.related.truncate(args.limit);
    let mut out = Out::new();
    out.value(&Output::Related(&report), args.format)?;
    out.finish()?;
    Ok(Outcome::Success)
}
