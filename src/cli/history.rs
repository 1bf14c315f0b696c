//! `whys history ID`

use whys::archive::history::history;
use whys::output::Output;

use super::out::{forms, Format, Out};
use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record's id.
    pub id: String,
    #[arg(long, value_parser = forms(&[Format::Human, Format::Json]), default_value = "human")]
    pub format: Format,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let revisions = history(&ctx.archive, &args.id)?;
    let mut out = Out::new();
    out.value(
        &Output::History {
            id: &args.id,
            revisions: &revisions,
        },
        args.format,
    )?;
    out.finish()?;
    Ok(Outcome::Success)
}
