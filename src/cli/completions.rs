//! `whys completions SHELL`

use clap::CommandFactory;
use clap_complete::Shell;

use super::out::Out;
use super::{Cli, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// bash, zsh, fish, elvish or powershell.
    pub shell: Shell,
}

pub fn run(args: Args) -> whys::Result<Outcome> {
    let mut cmd = Cli::command();
    let mut out = Out::new();
    clap_complete::generate(args.shell, &mut cmd, "whys", &mut out);
    out.finish()?;
    Ok(Outcome::Success)
}
