//! A new draft record, written from the template without ever overwriting a file.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use chrono::{SubsecRound, Utc};

use super::{ImpactKind, Timestamp};
use crate::check::slugify;
use crate::error::{Error, Result};
use crate::record::schema::record_schema_json;
use crate::settings::Archive;

/// The built-in template of a new record.
pub const RECORD_TEMPLATE: &str = include_str!("../../templates/record.yaml");

/// The schema file written beside `whys.yaml`, which new records point editors at.
pub const SCHEMA_FILE: &str = "whys.schema.json";

pub struct DraftRequest {
    pub title: String,
    pub severity: String,
    pub impact_kind: ImpactKind,
    /// Default: now, to the second, in UTC.
    pub started: Option<Timestamp>,
}

/// The id a record gets: the start date, then the title as a slug.
pub fn draft_id(started: &Timestamp, title: &str) -> String {
    let date = started.utc().format("%Y-%m-%d").to_string();
    let slug = slugify(title);
    let mut id = if slug.is_empty() {
        date
    } else {
        format!("{date}-{slug}")
    };
    id.truncate(81);
    while id.ends_with('-') {
        id.pop();
    }
    id
}

/// The text of a draft record.
pub fn draft_text(request: &DraftRequest, started: &Timestamp, schema_path: &str) -> String {
    let impact = match request.impact_kind {
        ImpactKind::Outage => "outage",
        ImpactKind::Degraded => "degraded",
        ImpactKind::Feature => "feature",
    };
    // A JSON string is a valid YAML double-quoted scalar: the title cannot break the file.
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    RECORD_TEMPLATE
        .replace("{{ schema_path }}", schema_path)
        .replace("{{ id }}", &draft_id(started, &request.title))
        .replace("{{ title }}", &quote(request.title.trim()))
        .replace("{{ severity }}", &quote(&request.severity))
        .replace("{{ impact_kind }}", impact)
        .replace("{{ started }}", &started.to_string())
}

/// Writes `postmortems/<year>/<id>.yaml` and returns its path; refuses to overwrite.
pub fn write_draft(archive: &Archive, request: &DraftRequest) -> Result<PathBuf> {
    if request.title.trim().is_empty() {
        return Err(Error::Usage("the title is empty".into()));
    }
    if request.title.contains('\n') {
        return Err(Error::Usage("the title is one line".into()));
    }
    if !archive.settings.severities.contains(&request.severity) {
        return Err(Error::Usage(format!(
            "severity `{}` is not one of the archive's: {}",
            request.severity,
            archive.settings.severities.join(", ")
        )));
    }
    let started = request
        .started
        .unwrap_or_else(|| Timestamp(Utc::now().trunc_subsecs(0).fixed_offset()));
    let id = draft_id(&started, &request.title);
    let year = started.utc().format("%Y").to_string();
    let dir = archive.postmortems_dir().join(&year);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let path = dir.join(format!("{id}.yaml"));
    let schema_path = relative_to_root(&archive.settings.postmortems, &year);
    let text = draft_text(request, &started, &schema_path);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Error::AlreadyExists(path.clone()),
            _ => Error::io(&path, e),
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(&path, e))?;
    write_schema_if_missing(&archive.root)?;
    Ok(path)
}

/// `../../whys.schema.json` from `postmortems/<year>/`.
fn relative_to_root(postmortems: &Path, year: &str) -> String {
    let depth = postmortems
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .count()
        + usize::from(!year.is_empty());
    format!("{}{SCHEMA_FILE}", "../".repeat(depth))
}

/// Writes the JSON Schema beside `whys.yaml` unless a file is already there.
pub fn write_schema_if_missing(root: &Path) -> Result<()> {
    let path = root.join(SCHEMA_FILE);
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut f) => f
            .write_all(record_schema_json().as_bytes())
            .and_then(|_| f.write_all(b"\n"))
            .map_err(|e| Error::io(&path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(Error::io(&path, e)),
    }
}
