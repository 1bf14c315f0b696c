//! The command line: one file per subcommand, each a thin layer over the library.

mod actions;
mod changes;
mod check;
mod commit;
mod completions;
mod evidence;
mod export;
mod grafana;
mod history;
mod import;
mod init;
mod lsp;
mod new;
mod out;
mod related;
mod render;
mod report;
mod schema;
mod serve;
mod signals;
mod site;
mod slack;

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
    #[arg(short = 'C', long = "directory", global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,
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
    /// Create an archive: whys.yaml, postmortems/, a README, and a git repository if needed.
    Init(init::Args),
    /// The language server for editors, over stdio: diagnostics, quick fixes, completion.
    Lsp(lsp::Args),
    /// Check, render the Markdown beside each record, and commit exactly those files.
    Commit(commit::Args),
    /// A record's revisions from git: who changed what, when.
    History(history::Args),
    /// Commits, merges and tags of a service repository in the window before an incident.
    Changes(changes::Args),
    /// MTTx trend report: median, intervals, targets, and whether a change is more than chance.
    Report(report::Args),
    /// Action-item review across the archive; --overdue exits 1 when any open item is late.
    Actions(actions::Args),
    /// One row per incident with every time and duration: jsonl or csv.
    Export(export::Args),
    /// Timeline entries from structured logs (one request) or a trace export, as YAML.
    Timeline(evidence::TimelineArgs),
    /// Per service: spans, total and self time, errors; and the critical path.
    TraceSummary(evidence::SummaryArgs),
    /// Where a failing request diverges from a good one (two traces, or two ids in logs).
    Compare(evidence::CompareArgs),
    /// Render one record to Markdown or HTML through the templates.
    Render(render::Args),
    /// Build the whole archive as a static HTML site.
    Site(site::Args),
    /// Live preview of the site on 127.0.0.1: pages rebuild and reload when a record is saved.
    Serve(serve::Args),
    /// Draft records from other tools' incident data.
    Import(import::Args),
    /// A golden signal's series from Prometheus, kept beside a record and charted on its pages.
    Signals(signals::Args),
    /// Other incidents in the archive that share services, change kinds, tags or causes.
    Related(related::Args),
    /// Print the JSON Schema of the whys/v1 record.
    Schema,
    /// Print shell completions.
    Completions(completions::Args),
}

/// Every record of `files` without its prose, as the whole-archive reviews read them: through
/// the archive's cache of parsed records, if it has one, unless `no_cache`.
pub fn load_for_review(
    ctx: &Context,
    files: &[PathBuf],
    no_cache: bool,
) -> (Vec<whys::record::Record>, Vec<whys::record::LoadFailure>) {
    let limits = &ctx.archive.settings.limits;
    match ctx.archive.cache_root().filter(|_| !no_cache) {
        Some(root) => {
            let loaded = whys::record::cache::load_all_cached(root, files, limits);
            (loaded.records, loaded.failures)
        }
        None => whys::record::load_all(files, limits),
    }
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
    if let Some(dir) = &cli.directory {
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
        Command::Init(args) => return init::run(args),
        Command::Lsp(args) => return lsp::run(args),
        Command::Timeline(args) => return evidence::timeline(args),
        Command::TraceSummary(args) => return evidence::trace_summary(args),
        Command::Compare(args) => return evidence::compare(args),
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
        Command::History(args) => history::run(&ctx, args),
        Command::Commit(args) => commit::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::Actions(args) => actions::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Changes(args) => changes::run(&ctx, args),
        Command::Schema
        | Command::Completions(_)
        | Command::Init(_)
        | Command::Lsp(_)
        | Command::Timeline(_)
        | Command::TraceSummary(_)
        | Command::Compare(_) => Ok(Outcome::Success),
        Command::Render(args) => render::run(&ctx, args),
        Command::Site(args) => site::run(&ctx, args),
        Command::Serve(args) => serve::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Signals(args) => signals::run(&ctx, args),
        Command::Related(args) => related::run(&ctx, args),
    }
}
