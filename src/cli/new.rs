//! `whys new --title ...`, or `whys new --interactive [--answers FILE]`.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use whys::record::draft::{write_draft, write_record_draft, DraftRequest};
use whys::record::interview::{interview, AnswersFile, InterviewStart, Question, Respondent};
use whys::record::ImpactKind;

use super::out::Out;
use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One line that says what happened (asked for with --interactive when left out).
    #[arg(long, required_unless_present_any = ["interactive", "answers"])]
    pub title: Option<String>,
    /// SEV1 (worst) .. SEV4, or the archive's names.
    #[arg(long, default_value = "SEV3")]
    pub severity: String,
    /// outage, degraded or feature.
    #[arg(long, default_value = "degraded")]
    pub impact: String,
    /// When the impact started (RFC 3339 with offset); default: now.
    #[arg(long)]
    pub started: Option<String>,
    /// Walk the triage checklist and the 5 Whys in a dialogue, then write the draft.
    #[arg(long)]
    pub interactive: bool,
    /// Take the dialogue's answers from this YAML file instead of a terminal (implies
    /// --interactive); keys: title, severity, impact_kind, impact, users_affected, services,
    /// started, detected, changed, changed_kind, changed_at, getting_worse, mitigation,
    /// mitigated, summary, whys (a list of `because:` answers, each with an optional `why:`).
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> whys::Result<Outcome> {
    let impact_kind = match args.impact.as_str() {
        "outage" => ImpactKind::Outage,
        "degraded" => ImpactKind::Degraded,
        "feature" => ImpactKind::Feature,
        other => {
            return Err(whys::Error::Usage(format!(
                "--impact `{other}` is not one of outage, degraded, feature"
            )))
        }
    };
    let started = match args.started {
        Some(text) => Some(
            whys::record::Timestamp::parse(&text)
                .map_err(|m| whys::Error::Usage(format!("--started: {m}")))?,
        ),
        None => None,
    };
    let path = if args.interactive || args.answers.is_some() {
        let start = InterviewStart {
            title: args.title,
            severity: args.severity,
            impact_kind,
            started,
        };
        let settings = &ctx.archive.settings;
        let record = match &args.answers {
            Some(file) => interview(&mut AnswersFile::load(file)?, settings, &start)?,
            None => {
                if !std::io::stdin().is_terminal() {
                    return Err(whys::Error::Usage(
                        "`whys new --interactive` asks its questions on a terminal, and stdin is not one; \
                         give the answers in a YAML file with `--answers FILE` (keys in `whys new --help`), \
                         or write a plain draft with `whys new --title ...`"
                            .into(),
                    ));
                }
                eprintln!(
                    "Triage first, then the 5 Whys. Enter takes the suggestion in [brackets] \
                     or skips; Ctrl-D stops without writing anything.\n"
                );
                interview(&mut Terminal, settings, &start)?
            }
        };
        write_record_draft(&ctx.archive, &record)?
    } else {
        let title = args
            .title
            .ok_or_else(|| whys::Error::Usage("give --title, or use --interactive".into()))?;
        write_draft(
            &ctx.archive,
            &DraftRequest {
                title,
                severity: args.severity,
                impact_kind,
                started,
            },
        )?
    };
    let mut out = Out::new();
    out.line(whys::output::display_path(&path).display())?;
    out.finish()?;
    Ok(Outcome::Success)
}

/// A person at a terminal: questions on stderr (stdout keeps the written path for scripts),
/// answers from stdin, one line each.
struct Terminal;

impl Respondent for Terminal {
    fn ask(&mut self, question: &Question) -> whys::Result<Option<String>> {
        let mut err = std::io::stderr().lock();
        writeln!(err, "{}", question.prompt).map_err(whys::Error::Stderr)?;
        if let Some(s) = &question.suggestion {
            writeln!(err, "  [{s}]").map_err(whys::Error::Stderr)?;
        }
        write!(err, "> ").map_err(whys::Error::Stderr)?;
        err.flush().map_err(whys::Error::Stderr)?;
        let mut line = String::new();
        let read = std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(whys::Error::Stdin)?;
        if read == 0 {
            return Err(whys::Error::Usage(
                "input ended before the dialogue did; nothing was written".into(),
            ));
        }
        writeln!(err).map_err(whys::Error::Stderr)?;
        let answer = line.trim();
        Ok((!answer.is_empty()).then(|| answer.to_owned()))
    }

    fn reject(&mut self, _question: &Question, problem: &str) -> whys::Result<()> {
        eprintln!("  ! {problem}; try again");
        Ok(())
    }
}
