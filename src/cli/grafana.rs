//! `whys changes --from-grafana FILE (--around ID | --since T --until T) [--add]`: Grafana
//! annotations in the window, listed (and added) exactly like `--repo` commits.

use std::path::Path;

use whys::import::grafana::{add_to_record, grafana_changes};
use whys::import::people::Roster;
use whys::record::{LoadedRecord, Timestamp};

use super::out::{Format, Out};
use super::{Context, Outcome};

pub fn changes(
    ctx: &Context,
    file: &Path,
    since: Timestamp,
    until: Timestamp,
    record: Option<&LoadedRecord>,
    add: bool,
    format: Format,
) -> whys::Result<Outcome> {
    let roster = Roster::new(&ctx.archive.settings.roster);
    let changes = grafana_changes(file, since, until, &roster)?;
    let mut out = Out::new();
    match format {
        Format::Json => out.json(&changes)?,
        _ => {
            out.line(format!(
                "{} change(s) in {} between {since} and {until}, newest first:",
                changes.len(),
                file.display()
            ))?;
            for c in &changes {
                let kind = serde_json::to_value(c.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default();
                let tags = if c.tags.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", c.tags.join(", "))
                };
                out.line(format!(
                    "{} {kind:<6} {} {}{tags}",
                    c.at, c.reference, c.description
                ))?;
            }
        }
    }
    if add {
        if let Some(loaded) = record {
            let added = add_to_record(loaded, &changes)?;
            eprintln!("added {added} change(s) to {}", loaded.path.display());
        }
    }
    out.finish()?;
    Ok(Outcome::Success)
}
