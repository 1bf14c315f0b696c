//! `whys check [PATH...]`

use std::io::Write;

use std::path::PathBuf;

use clap::ValueEnum;
use whys::check::{catalogue, check_paths, check_paths_cached};
use whys::diagnostic::Severity;
use whys::output::write_run;

use super::out::{forms, Format, OrOutput, Out};
use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Record files or folders (searched for *.yaml and *.yml); default: the archive's postmortems/.
    pub paths: Vec<PathBuf>,
    /// How to write findings.
    #[arg(long, value_parser = forms(&[Format::Human, Format::Json, Format::Github, Format::Sarif]), default_value = "human")]
    pub format: Format,
    /// `--deny warnings` makes warnings fail the check too.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Option<DenyArg>,
    /// Print what a rule is for and exit; without a rule, list them all.
    #[arg(long, value_name = "RULE", num_args = 0..=1, default_missing_value = "")]
    pub explain: Option<String>,
    /// Check every file again instead of reusing the archive's cache of results
    /// (`.whys-cache/`); the cache changes only how long a run takes, never its findings.
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DenyArg {
    Warnings,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let mut out = Out::new();
    if let Some(rule) = args.explain {
        let wording = whys::check::wording_rules_for(&ctx.archive)?;
        let outcome = explain(out.writer(), &rule, &wording)?;
        out.finish()?;
        return Ok(outcome);
    }
    let authors = whys::archive::commit_authors(&ctx.archive.root);
    let mut run = if args.no_cache {
        check_paths(&ctx.archive, &args.paths, &authors)?
    } else {
        check_paths_cached(&ctx.archive, &args.paths, &authors)?
    };
    if args.deny.is_some() {
        for f in run.files.iter_mut().flat_map(|f| f.findings.iter_mut()) {
            if f.severity == Severity::Warning {
                f.severity = Severity::Error;
            }
        }
    }
    let format = args.format.output().unwrap_or(whys::output::Format::Human);
    write_run(&run, format, ctx.color, out.writer()).or_output()?;
    out.finish()?;
    Ok(if run.failed(false) {
        Outcome::Failed
    } else {
        Outcome::Success
    })
}

fn explain(
    out: &mut dyn Write,
    rule: &str,
    wording: &whys::wording::RuleSet,
) -> whys::Result<Outcome> {
    if rule.is_empty() {
        for r in catalogue::RULES {
            writeln!(out, "{:<28} {:<8} {}", r.id, r.level, r.summary).or_output()?;
        }
        for r in wording.rules() {
            writeln!(
                out,
                "{:<28} {:<8} {}",
                r.id,
                r.level.as_str(),
                r.summary_line()
            )
            .or_output()?;
        }
        return Ok(Outcome::Success);
    }
    if let Some(text) = wording.explain(rule) {
        writeln!(out, "{text}").or_output()?;
        return Ok(Outcome::Success);
    }
    match catalogue::find(rule) {
        Some(r) => {
            writeln!(
                out,
                "{} ({} by default)\n\n{}\n\n{}",
                r.id, r.level, r.summary, r.rationale
            )
            .or_output()?;
            Ok(Outcome::Success)
        }
        None => Err(whys::Error::Usage(format!(
            "`{rule}` is not a rule; `whys check --explain` lists them"
        ))),
    }
}
