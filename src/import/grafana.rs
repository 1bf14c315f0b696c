//! Change markers from Grafana: annotations (deploys, config pushes, migrations) in the window
//! before an incident, as change entries like the commits of `whys changes --repo`.
//!
//! Input: the body of Grafana's "Find Annotations" call, `GET /api/annotations` (Grafana HTTP
//! API, grafana.com/docs/grafana/latest/developers/http_api/annotations/): a JSON array of
//! objects with `id`, `time` and `timeEnd` (epoch milliseconds), `text`, `tags`,
//! `dashboardUID`, `panelId`, and who made it (`login`, `email`, `userId`, which whys never
//! copies). The text may hold HTML (Grafana renders it); it is turned into Markdown, and e-mail
//! addresses and phone numbers in it are redacted.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::import::input::read_json;
use crate::import::markup::html_to_markdown;
use crate::import::people::Roster;
use crate::record::edit::{add_changes, change_references, NewChange};
use crate::record::{ChangeKind, LoadedRecord, Timestamp};

#[derive(Debug, Clone, Deserialize)]
struct Annotation {
    #[serde(default)]
    id: Option<i64>,
    time: i64,
    #[serde(default, rename = "timeEnd")]
    time_end: Option<i64>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default, rename = "dashboardUID")]
    dashboard_uid: Option<String>,
}

/// One annotation in the window, as a change.
#[derive(Debug, Clone, Serialize)]
pub struct GrafanaChange {
    pub at: Timestamp,
    /// For a region annotation: when it ended.
    pub until: Option<Timestamp>,
    pub kind: ChangeKind,
    pub description: String,
    pub tags: Vec<String>,
    /// `grafana:annotation/<id>`: what the record's `ref` holds, so adding again skips it.
    pub reference: String,
}

/// The change kind a tag names; the first tag that names one wins, else `other`.
fn kind_of(tags: &[String]) -> ChangeKind {
    for tag in tags {
        let kind = match tag.to_lowercase().as_str() {
            "deploy" | "deployment" | "release" | "rollout" | "rollback" => ChangeKind::Deploy,
            "config" | "configuration" | "feature-flag" | "flag" => ChangeKind::Config,
            "migration" | "schema" => ChangeKind::Migration,
            "cron" | "job" | "batch" => ChangeKind::Cron,
            "infra" | "infrastructure" | "scaling" => ChangeKind::Infrastructure,
            "traffic" | "campaign" => ChangeKind::Traffic,
            "dependency" | "upgrade" => ChangeKind::Dependency,
            _ => continue,
        };
        return kind;
    }
    ChangeKind::Other
}

fn from_millis(ms: i64) -> Option<Timestamp> {
    chrono::DateTime::from_timestamp_millis(ms).map(|t| Timestamp(t.fixed_offset()))
}

/// Annotations of `path` in `(since, until]`, newest first (as `whys changes --repo` lists).
pub fn grafana_changes(
    path: &Path,
    since: Timestamp,
    until: Timestamp,
    roster: &Roster,
) -> Result<Vec<GrafanaChange>> {
    let annotations: Vec<Annotation> = read_json(
        path,
        "a Grafana annotations response (GET /api/annotations)",
    )?;
    let mut out = Vec::new();
    for (i, a) in annotations.iter().enumerate() {
        let Some(at) = from_millis(a.time) else {
            return Err(crate::Error::Input {
                path: path.to_owned(),
                message: format!("at `[{i}].time`: {} is not a time in milliseconds", a.time),
            });
        };
        if !(at.0 > since.0 && at.0 <= until.0) {
            continue;
        }
        let tags = a.tags.clone().unwrap_or_default();
        let text = roster.scrub(&html_to_markdown(a.text.as_deref().unwrap_or("")));
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let description = if text.is_empty() {
            format!("Grafana annotation ({})", tags.join(", "))
        } else {
            text
        };
        let reference = match (a.id, &a.dashboard_uid) {
            (Some(id), _) => format!("grafana:annotation/{id}"),
            (None, Some(uid)) => format!("grafana:{uid}@{}", a.time),
            (None, None) => format!("grafana:@{}", a.time),
        };
        out.push(GrafanaChange {
            at,
            until: a.time_end.filter(|e| *e > a.time).and_then(from_millis),
            kind: kind_of(&tags),
            description,
            tags,
            reference,
        });
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then(a.reference.cmp(&b.reference)));
    Ok(out)
}

/// Adds the changes to the record's `changes:`, keeping its comments and layout; those whose
/// reference is already there are skipped. Returns how many were added.
pub fn add_to_record(loaded: &LoadedRecord, changes: &[GrafanaChange]) -> Result<usize> {
    let existing = change_references(loaded);
    let mut fresh: Vec<&GrafanaChange> = changes
        .iter()
        .filter(|c| !existing.contains(&c.reference.as_str()))
        .collect();
    fresh.sort_by_key(|c| c.at);
    let fresh: Vec<NewChange> = fresh
        .iter()
        .map(|c| NewChange {
            at: &c.at,
            kind: c.kind,
            description: &c.description,
            reference: &c.reference,
        })
        .collect();
    add_changes(loaded, &fresh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_name_the_kind() {
        let tags = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(kind_of(&tags(&["payments", "deploy"])), ChangeKind::Deploy);
        assert_eq!(kind_of(&tags(&["CRON"])), ChangeKind::Cron);
        assert_eq!(kind_of(&tags(&["note"])), ChangeKind::Other);
    }
}
