//! `whys new --title ...`

use whys::record::draft::{write_draft, DraftRequest};
use whys::record::ImpactKind;

use super::{Context, Outcome};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One line that says what happened.
    #[arg(long)]
    pub title: String,
    /// SEV1 (worst) .. SEV4, or the archive's names.
    #[arg(long, default_value = "SEV3")]
    pub severity: String,
    /// outage, degraded or feature.
    #[arg(long, default_value = "degraded")]
    pub impact: String,
    /// When the impact started (RFC 3339 with offset); default: now.
    #[arg(long)]
    pub started: Option<String>,
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
    let path = write_draft(
        &ctx.archive,
        &DraftRequest {
            title: args.title,
            severity: args.severity,
            impact_kind,
            started,
        },
    )?;
    println!("{}", whys::output::display_path(&path).display());
    Ok(Outcome::Success)
}
