//! `whys timeline --from-slack EXPORT_DIR --channel NAME …`: entries from an incident channel.

use std::path::{Path, PathBuf};

use whys::import::slack::{slack_timeline, Selection, SlackOptions};
use whys::record::Timestamp;
use whys::settings::Archive;

use super::Outcome;

#[derive(Debug, clap::Args)]
pub struct SlackArgs {
    /// An unzipped Slack workspace export (channels.json, users.json, a folder per channel).
    #[arg(long = "from-slack", value_name = "EXPORT_DIR", conflicts_with_all = ["from_logs", "from_trace"], requires = "channel")]
    pub from_slack: Option<PathBuf>,
    /// The incident channel, by name (or id).
    #[arg(long, value_name = "NAME", requires = "from_slack")]
    pub channel: Option<String>,
    /// Only messages at or after this time (RFC 3339).
    #[arg(long, value_name = "T", requires = "from_slack")]
    pub since: Option<String>,
    /// Only messages at or before this time (RFC 3339).
    #[arg(long, value_name = "T", requires = "from_slack")]
    pub until: Option<String>,
    /// Only pinned messages (and their threads).
    #[arg(long, requires = "from_slack", conflicts_with_all = ["reaction", "all"])]
    pub pinned: bool,
    /// Only messages with this reaction (and their threads), e.g. `timeline` or `:pushpin:`.
    #[arg(
        long,
        value_name = "EMOJI",
        requires = "from_slack",
        conflicts_with = "all"
    )]
    pub reaction: Option<String>,
    /// Every message (the default).
    #[arg(long, requires = "from_slack")]
    pub all: bool,
}

fn time(flag: &str, text: &Option<String>) -> whys::Result<Option<Timestamp>> {
    text.as_deref()
        .map(|t| Timestamp::parse(t).map_err(|m| whys::Error::Usage(format!("{flag} `{t}`: {m}"))))
        .transpose()
}

pub fn timeline(args: &SlackArgs, into: Option<&Path>) -> whys::Result<Outcome> {
    let (Some(export), Some(channel)) = (&args.from_slack, &args.channel) else {
        return Err(whys::Error::Usage(
            "--from-slack needs --channel NAME".into(),
        ));
    };
    let selection = match (&args.reaction, args.pinned) {
        (Some(emoji), _) => Selection::Reaction(emoji.clone()),
        (None, true) => Selection::Pinned,
        (None, false) => Selection::All,
    };
    let options = SlackOptions {
        channel: channel.clone(),
        since: time("--since", &args.since)?,
        until: time("--until", &args.until)?,
        selection,
    };
    let cwd = std::env::current_dir().map_err(|e| whys::Error::io(".", e))?;
    let archive = Archive::discover(&cwd)?;
    let found = slack_timeline(export, &options, &archive.settings.roster)?;
    super::evidence::deliver(&found.entries, into)?;
    eprintln!(
        "{} entries from {} messages in {} day file(s) of #{}",
        found.entries.len(),
        found.messages_read,
        found.files_read,
        channel.trim_start_matches('#')
    );
    Ok(Outcome::Success)
}
