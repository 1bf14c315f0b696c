//! A new draft record, written from the template without ever overwriting a file.

use std::path::{Component, Path, PathBuf};

use chrono::{SubsecRound, Utc};

use super::{parse_record, ImpactKind, Record, Timestamp};
use crate::common::slugify;
use crate::error::{Error, Result};
use crate::fsutil::{create_new, create_record_file};
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
    let impact = request.impact_kind.as_str();
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
    create_record_file(&path, text.as_bytes())?;
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
    let text = format!("{}\n", record_schema_json());
    create_new(&root.join(SCHEMA_FILE), text.as_bytes()).map(|_| ())
}

/// A record as YAML text, `header` (comment lines, each starting with `#`) first.
///
/// Text fields are tidied first (line ends, trailing blanks), because the serialiser
/// writes a multi-line text as a readable block scalar only when no line ends in a blank.
pub fn record_yaml(record: &Record, header: &str) -> Result<String> {
    let mut record = record.clone();
    tidy_texts(&mut record);
    let body = yaml_serde::to_string(&record).map_err(|e| Error::Serialize {
        id: record.id.clone(),
        message: e.to_string(),
    })?;
    let mut text = String::with_capacity(header.len() + body.len() + 1);
    text.push_str(header);
    if !header.is_empty() && !header.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(&body);
    Ok(text)
}

/// Text as a person would type it: `\n` line ends, no blanks at line ends, none around.
pub fn tidy_text(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_owned()
}

fn tidy_texts(record: &mut Record) {
    let tidy = |s: &mut String| *s = tidy_text(s);
    tidy(&mut record.summary);
    if let Some(d) = record.impact.as_mut().and_then(|i| i.description.as_mut()) {
        tidy(d);
    }
    for c in &mut record.changes {
        tidy(&mut c.description);
    }
    for e in &mut record.timeline {
        tidy(&mut e.event);
    }
    for w in &mut record.whys {
        tidy(&mut w.why);
        tidy(&mut w.because);
    }
    if let Some(r) = record.root_cause.as_mut() {
        tidy(r);
    }
    if let Some(l) = record.lessons.as_mut() {
        tidy(l);
    }
    if let Some(s) = record.source.as_mut() {
        s.notes.iter_mut().for_each(tidy);
    }
}

/// Writes a whole record, built in memory (e.g. by `whys new --interactive`), as a new draft
/// at `postmortems/<year>/<id>.yaml`; refuses to overwrite. The text is read back as a
/// record before it is written, so a file that would not load is never left behind.
pub fn write_record_draft(archive: &Archive, record: &Record) -> Result<PathBuf> {
    let year = record.times.started.utc().format("%Y").to_string();
    let dir = archive.postmortems_dir().join(&year);
    let path = dir.join(format!("{}.yaml", record.id));
    let schema_path = relative_to_root(&archive.settings.postmortems, &year);
    let header = format!(
        "# yaml-language-server: $schema={schema_path}\n\
         # A whys/v1 post-mortem. `whys check` says what is still missing for each status:\n\
         # draft -> review (services, impact, mitigated, timeline, whys, action items) -> published (resolved).\n"
    );
    let text = record_yaml(record, &header)?;
    if let Err(failure) = parse_record(&path, text.clone()) {
        return Err(Error::Serialize {
            id: record.id.clone(),
            message: failure.summary(),
        });
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    create_record_file(&path, text.as_bytes())?;
    write_schema_if_missing(&archive.root)?;
    Ok(path)
}
