//! The command line: one file per subcommand, each a thin layer over the library.

mod check;
mod completions;
mod import;
mod new;
mod related;
mod schema;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use whys::settings::Archive;

/// Incident post-mortems as checked YAML records in git.
#[derive(Debug, Parser)]
#[command(name = "whys", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Run as if started in this folder.
    #[arg(short = 'C', long = "dir", global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// When to color human output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check records: structure, time order, the 5-Whys chain, action items.
    Check(check::Args),
    /// Write a new draft record from the template, or through a triage and 5-Whys dialogue.
    New(new::Args),
    /// Draft records from other tools' incident data.
    Import(import::Args),
    /// Other incidents in the archive that share services, change kinds, tags or causes.
    Related(related::Args),
    /// Print the JSON Schema of the whys/v1 record.
    Schema,
    /// Print shell completions.
    Completions(completions::Args),
}

/// How a command ended, for the exit status.
pub enum Outcome {
    Success,
    /// The command did its work and found something that fails the run.
    Failed,
}

impl Outcome {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::Failed => ExitCode::from(1),
        }
    }
}

pub struct Context {
    pub archive: Archive,
    pub color: bool,
}

pub fn run() -> whys::Result<Outcome> {
    let cli = Cli::parse();
    if let Some(dir) = &cli.dir {
        std::env::set_current_dir(dir).map_err(|e| whys::Error::io(dir, e))?;
    }
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    // Commands that need no archive run before it is looked for.
    match cli.command {
        Command::Schema => return schema::run(),
        Command::Completions(args) => return completions::run(args),
        _ => {}
    }
    let cwd = std::env::current_dir().map_err(|e| whys::Error::io(".", e))?;
    let ctx = Context {
        archive: Archive::discover(&cwd)?,
        color,
    };
    match cli.command {
        Command::Check(args) => check::run(&ctx, args),
        Command::New(args) => new::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Related(args) => related::run(&ctx, args),
        Command::Schema | Command::Completions(_) => Ok(Outcome::Success),
    }
}
