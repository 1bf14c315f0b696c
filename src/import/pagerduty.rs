//! Facts from PagerDuty: REST API v2 bodies as saved from `GET /incidents`,
//! `GET /incidents/{id}` and `GET /incidents/{id}/log_entries`, in any files.
//!
//! Field meanings are those of PagerDuty's public OpenAPI description
//! (github.com/PagerDuty/api-schema, `reference/REST/openapiv3.json`, schemas `Incident`,
//! `LogEntry` and its sub-types such as `AcknowledgeLogEntry`): an incident's `created_at` is
//! "the time the incident was first triggered"; a log entry's `created_at` is when it was
//! created, `type` says what happened (`trigger_log_entry`, `acknowledge_log_entry`, …),
//! `agent` who or what did it (a user, service or integration reference), `incident` which
//! incident it belongs to, `assignees` the users an assignment or escalation went to.
//!
//! | record | from |
//! |---|---|
//! | `times.detected` (and `started`, for a new record) | the incident's `created_at` |
//! | `times.acknowledged` | the first `acknowledge_log_entry` |
//! | `times.resolved` | the last `resolve_log_entry`, else `resolved_at` |
//! | `times.mitigated` | the resolution, unless the record already has a mitigation |
//! | `severity` | `priority.summary` through `import.pagerduty.priority`, else `urgency` through `import.pagerduty.urgency` |
//! | `services` | the incident's `service.summary` |
//! | `timeline` | trigger -> detection; acknowledge, escalate, assign, delegate -> escalation; annotate (a note) -> observation; resolve -> resolution; urgency change -> observation; unacknowledge, snooze -> action; notify entries are left out (they are contact details) |
//!
//! People are written as the role the roster gives them (or "a responder"), notes have
//! names, e-mail addresses and phone numbers taken out (see [`super::people`]).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::common::slugify;
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::import::input::{parse_time, read_json};
use crate::import::merge::{merge_into_file, Facts, MergeOutcome};
use crate::import::people::Roster;
use crate::record::draft::record_yaml;
use crate::record::{
    load_record, ImpactKind, Record, Source, TimelineEntry, TimelineKind, Times, Timestamp,
};
use crate::settings::Archive;

/// A reference object (`Reference`, `ServiceReference`, `UserReference`, `Priority`, …).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Reference {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
}

/// `Incident`: the fields whys uses.
#[derive(Debug, Clone, Deserialize)]
pub struct Incident {
    pub id: String,
    #[serde(default)]
    pub incident_number: Option<u64>,
    #[serde(default)]
    pub title: Option<String>,
    pub created_at: String,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub urgency: Option<String>,
    #[serde(default)]
    pub priority: Option<Reference>,
    #[serde(default)]
    pub service: Option<Reference>,
    #[serde(default)]
    pub html_url: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
}

/// `Channel` of a log entry: for a note, its `summary` holds the note's text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Channel {
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
}

/// `LogEntry` and its sub-types: the fields whys uses.
#[derive(Debug, Clone, Deserialize)]
pub struct LogEntry {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub created_at: String,
    #[serde(default)]
    pub agent: Option<Reference>,
    #[serde(default)]
    pub channel: Option<Channel>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub incident: Option<Reference>,
    #[serde(default)]
    pub service: Option<Reference>,
    #[serde(default)]
    pub assignees: Option<Vec<Reference>>,
}

/// One saved response body: the list, one incident, or log entries.
#[derive(Debug, Deserialize)]
struct Document {
    #[serde(default)]
    incidents: Option<Vec<Incident>>,
    #[serde(default)]
    incident: Option<Incident>,
    #[serde(default)]
    log_entries: Option<Vec<LogEntry>>,
}

/// What `import_pagerduty` needs besides its inputs.
#[derive(Debug, Clone, Default)]
pub struct PagerDutyOptions {
    /// Merge into this record (a file, or an id in the archive) instead of the incident's own.
    pub into: Option<PathBuf>,
}

/// What happened to one incident.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// A new draft record.
    Written,
    /// Facts merged into a record that was there (new ones only).
    Merged(MergeOutcome),
}

#[derive(Debug, Clone)]
pub struct ImportedIncident {
    pub incident: String,
    pub path: PathBuf,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Default)]
pub struct PagerDutySummary {
    pub files_read: usize,
    pub incidents: Vec<ImportedIncident>,
    /// Log entries of a kind that adds nothing to a post-mortem (notifications), left out.
    pub entries_left_out: usize,
}

/// The incidents and their log entries found in `files`.
#[derive(Debug, Clone, Default)]
pub struct Export {
    pub incidents: Vec<Incident>,
    /// By incident id.
    pub log_entries: BTreeMap<String, Vec<LogEntry>>,
}

/// Reads every file (folders are searched for `*.json`) and joins log entries to incidents.
pub fn read_export(inputs: &[PathBuf]) -> Result<(Export, usize)> {
    let files = crate::fsutil::find_files(inputs, &|p: &Path| {
        p.extension().and_then(|e| e.to_str()) == Some("json")
    })?;
    let mut incidents: Vec<Incident> = Vec::new();
    let mut loose: Vec<(PathBuf, usize, LogEntry)> = Vec::new();
    let mut export = Export::default();
    let mut seen_entries: HashMap<String, ()> = HashMap::new();
    for path in &files {
        let document: Document = read_json(path, "a PagerDuty REST API v2 response body")?;
        if document.incidents.is_none()
            && document.incident.is_none()
            && document.log_entries.is_none()
        {
            return Err(Error::Input {
                path: path.clone(),
                message: "not a PagerDuty REST API v2 response body: expected `incidents`, `incident` or `log_entries`".into(),
            });
        }
        // Times are checked here, where the file and JSON path are known.
        for (i, incident) in document.incidents.iter().flatten().enumerate() {
            check_incident_times(path, &format!("incidents[{i}]"), incident)?;
        }
        if let Some(incident) = &document.incident {
            check_incident_times(path, "incident", incident)?;
        }
        for (i, entry) in document.log_entries.iter().flatten().enumerate() {
            parse_time(
                path,
                &format!("log_entries[{i}].created_at"),
                &entry.created_at,
            )?;
        }
        for incident in document
            .incidents
            .into_iter()
            .flatten()
            .chain(document.incident)
        {
            match incidents.iter_mut().find(|i| i.id == incident.id) {
                // The same incident saved twice: the later update wins.
                Some(known) if incident.updated_at >= known.updated_at => *known = incident,
                Some(_) => {}
                None => incidents.push(incident),
            }
        }
        for (i, entry) in document.log_entries.into_iter().flatten().enumerate() {
            if let Some(id) = &entry.id {
                if seen_entries.insert(id.clone(), ()).is_some() {
                    continue;
                }
            }
            match entry.incident.as_ref().and_then(|r| r.id.clone()) {
                Some(incident) => export.log_entries.entry(incident).or_default().push(entry),
                None => loose.push((path.clone(), i, entry)),
            }
        }
    }
    for (path, i, entry) in loose {
        // Entries saved without their incident reference can only belong to the one incident.
        match incidents.as_slice() {
            [only] => export
                .log_entries
                .entry(only.id.clone())
                .or_default()
                .push(entry),
            _ => {
                return Err(Error::Input {
                    path,
                    message: format!(
                        "at `log_entries[{i}].incident`: missing, and the inputs hold {} incidents, so the entry cannot be joined to one",
                        incidents.len()
                    ),
                })
            }
        }
    }
    for id in export.log_entries.keys() {
        if !incidents.iter().any(|i| &i.id == id) {
            return Err(Error::Usage(format!(
                "log entries of incident {id} were given, but not the incident itself (save GET /incidents/{id} too)"
            )));
        }
    }
    export.incidents = incidents;
    Ok((export, files.len()))
}

fn check_incident_times(path: &Path, at: &str, incident: &Incident) -> Result<()> {
    parse_time(path, &format!("{at}.created_at"), &incident.created_at)?;
    if let Some(t) = incident
        .resolved_at
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        parse_time(path, &format!("{at}.resolved_at"), t)?;
    }
    Ok(())
}

/// An incident and its log entries, as a draft record and as facts to merge.
pub struct Converted {
    pub record: Record,
    pub facts: Facts,
    pub entries_left_out: usize,
}

fn when(entry: &LogEntry, path: &str) -> Result<Timestamp> {
    parse_time(Path::new("log entry"), path, &entry.created_at)
}

/// The person or thing behind a reference, as the record may name it: a service or an
/// integration by its name, a person by their role.
fn actor(reference: Option<&Reference>, roster: &Roster) -> String {
    match reference {
        Some(r) if r.kind.as_deref().is_some_and(|k| !k.starts_with("user")) => r
            .summary
            .clone()
            .or_else(|| r.name.clone())
            .unwrap_or_else(|| "PagerDuty".into()),
        Some(r) => roster.role(person_keys(r)),
        None => "PagerDuty".into(),
    }
}

fn person_keys(r: &Reference) -> Vec<&str> {
    [&r.id, &r.email, &r.summary, &r.name]
        .into_iter()
        .filter_map(|k| k.as_deref())
        .collect()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn roles(assignees: &[Reference], roster: &Roster) -> String {
    let mut names: Vec<String> = Vec::new();
    for a in assignees {
        let role = roster.role(person_keys(a));
        if !names.contains(&role) {
            names.push(role);
        }
    }
    if names.is_empty() {
        "a responder".into()
    } else {
        names.join(" and ")
    }
}

/// Converts one incident. `severities` are the archive's, `roster` has learnt every agent and
/// assignee of the export.
pub fn convert(
    incident: &Incident,
    entries: &[LogEntry],
    archive: &Archive,
    roster: &Roster,
) -> Result<Converted> {
    let source_path = Path::new("incident");
    let created = parse_time(
        source_path,
        &format!("incident {}.created_at", incident.id),
        &incident.created_at,
    )?;
    let mut entries: Vec<(Timestamp, &LogEntry)> = entries
        .iter()
        .enumerate()
        .map(|(i, e)| Ok((when(e, &format!("log_entries[{i}].created_at"))?, e)))
        .collect::<Result<_>>()?;
    entries.sort_by_key(|(t, _)| *t);

    let title = roster.scrub(incident.title.as_deref().unwrap_or("").trim());
    let title = if title.is_empty() {
        format!("PagerDuty incident {}", incident.id)
    } else {
        title.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let service = incident
        .service
        .as_ref()
        .and_then(|s| s.summary.clone().or_else(|| s.name.clone()));

    let mut timeline = Vec::new();
    let mut acknowledged = None;
    let mut resolved = None;
    let mut left_out = 0;
    for (at, e) in &entries {
        let who = || actor(e.agent.as_ref(), roster);
        let entry_service = e
            .service
            .as_ref()
            .and_then(|s| s.summary.clone())
            .or_else(|| service.clone());
        let (kind, event) = match e.kind.as_str() {
            "trigger_log_entry" => (
                TimelineKind::Detection,
                format!("PagerDuty paged for \"{title}\" (triggered by {}).", who()),
            ),
            "acknowledge_log_entry" => {
                acknowledged.get_or_insert(*at);
                (
                    TimelineKind::Escalation,
                    format!("{} acknowledged the page.", capitalised(&who())),
                )
            }
            "escalate_log_entry" => (
                TimelineKind::Escalation,
                format!(
                    "Escalated to {}.",
                    roles(e.assignees.as_deref().unwrap_or_default(), roster)
                ),
            ),
            "assign_log_entry" | "delegate_log_entry" => (
                TimelineKind::Escalation,
                format!(
                    "Assigned to {}.",
                    roles(e.assignees.as_deref().unwrap_or_default(), roster)
                ),
            ),
            "annotate_log_entry" => {
                let note = e
                    .note
                    .clone()
                    .or_else(|| e.channel.as_ref().and_then(|c| c.summary.clone()))
                    .unwrap_or_default();
                let note = roster.scrub(note.trim());
                if note.is_empty() {
                    left_out += 1;
                    continue;
                }
                (TimelineKind::Observation, note)
            }
            "resolve_log_entry" => {
                resolved = Some(*at);
                (
                    TimelineKind::Resolution,
                    format!(
                        "{} resolved the incident in PagerDuty.",
                        capitalised(&who())
                    ),
                )
            }
            "urgency_change_log_entry" => (
                TimelineKind::Observation,
                "The incident's urgency changed in PagerDuty.".to_owned(),
            ),
            "unacknowledge_log_entry" => (
                TimelineKind::Action,
                "The acknowledgement timed out and the incident was triggered again.".to_owned(),
            ),
            "snooze_log_entry" => (
                TimelineKind::Action,
                format!("{} snoozed the incident.", capitalised(&who())),
            ),
            _ => {
                // notify (contact details), limits reached, field changes: nothing a
                // post-mortem needs.
                left_out += 1;
                continue;
            }
        };
        timeline.push(TimelineEntry {
            at: *at,
            kind,
            event,
            service: entry_service,
            evidence: Default::default(),
        });
    }
    if resolved.is_none() {
        if let Some(text) = incident
            .resolved_at
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            resolved = Some(parse_time(
                source_path,
                &format!("incident {}.resolved_at", incident.id),
                text,
            )?);
        }
    }

    let severity = severity(incident, archive)?;
    let date = created.utc().format("%Y-%m-%d").to_string();
    let slug = slugify(&incident.id);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "PagerDuty incident id `{}` has no letters or digits",
            incident.id
        )));
    }
    let id = format!("{date}-pagerduty-{slug}");
    let number = incident
        .incident_number
        .map(|n| format!(" #{n}"))
        .unwrap_or_default();
    let times = Times {
        started: created,
        detected: created,
        acknowledged,
        root_caused: None,
        mitigated: resolved,
        resolved,
    };
    let reference = incident
        .html_url
        .clone()
        .unwrap_or_else(|| incident.id.clone());
    let summary = format!(
        "{} Imported from PagerDuty incident{number}; the start is when it was triggered, and the impact kind is a guess: set both.",
        if title.ends_with(['.', '!', '?']) {
            title.clone()
        } else {
            format!("{title}.")
        }
    );
    let record = Record {
        services: service.iter().cloned().collect(),
        timeline: timeline.clone(),
        source: Some(Source {
            kind: "pagerduty".into(),
            reference: Some(reference),
            notes: Vec::new(),
        }),
        ..Record::draft(id, title, severity, ImpactKind::Degraded, summary, times)
    };
    let facts = Facts {
        acknowledged,
        root_caused: None,
        mitigated: resolved,
        resolved,
        services: service.into_iter().collect(),
        timeline,
        signal: None,
    };
    Ok(Converted {
        record,
        facts,
        entries_left_out: left_out,
    })
}

fn severity(incident: &Incident, archive: &Archive) -> Result<String> {
    let mapping = &archive.settings.import.pagerduty;
    let priority = incident
        .priority
        .as_ref()
        .and_then(|p| p.summary.clone().or_else(|| p.name.clone()));
    let found = priority
        .as_ref()
        .and_then(|p| mapping.priority.get(p))
        .or_else(|| {
            incident
                .urgency
                .as_ref()
                .and_then(|u| mapping.urgency.get(u))
        });
    let Some(severity) = found else {
        return Err(Error::Usage(format!(
            "PagerDuty incident {}: neither its priority ({}) nor its urgency ({}) maps to a severity; add it under `import.pagerduty` in whys.yaml",
            incident.id,
            priority.as_deref().unwrap_or("none"),
            incident.urgency.as_deref().unwrap_or("none")
        )));
    };
    if !archive.settings.severities.contains(severity) {
        return Err(Error::Usage(format!(
            "`import.pagerduty` in whys.yaml maps PagerDuty incident {} to severity `{severity}`, which is not one of the archive's: {}",
            incident.id,
            archive.settings.severities.join(", ")
        )));
    }
    Ok(severity.clone())
}

/// A roster that knows every person the export names (agents, assignees), so their names are
/// taken out of notes too.
pub fn roster_for(export: &Export, archive: &Archive) -> Roster {
    let mut roster = Roster::new(&archive.settings.roster);
    for entry in export.log_entries.values().flatten() {
        let people = entry
            .agent
            .iter()
            .filter(|a| a.kind.as_deref().is_none_or(|k| k.starts_with("user")))
            .chain(entry.assignees.iter().flatten());
        for person in people {
            roster.learn(&person_keys(person));
        }
    }
    roster
}

/// The file of record `target` (a path, or an id in the archive).
pub fn resolve_record(archive: &Archive, target: &Path) -> Result<PathBuf> {
    if target.is_file() {
        return Ok(target.to_owned());
    }
    crate::archive::history::find_record_file(archive, &target.to_string_lossy())
}

/// Imports every incident of `inputs` into the archive: a new draft for an incident the
/// archive does not have yet, new facts merged into the record it has (or into `--into`).
pub fn import_pagerduty(
    inputs: &[PathBuf],
    archive: &Archive,
    options: &PagerDutyOptions,
) -> Result<PagerDutySummary> {
    let (export, files_read) = read_export(inputs)?;
    if export.incidents.is_empty() {
        return Err(Error::Usage(
            "the inputs hold no PagerDuty incident (save GET /incidents or GET /incidents/{id})"
                .into(),
        ));
    }
    if options.into.is_some() && export.incidents.len() > 1 {
        return Err(Error::Usage(format!(
            "--into takes one incident, and the inputs hold {}",
            export.incidents.len()
        )));
    }
    let roster = roster_for(&export, archive);
    let existing: Vec<PathBuf> = match archive.record_files(&[]) {
        Ok(files) => files,
        Err(Error::NoRecords(_)) => Vec::new(),
        Err(e) => return Err(e),
    };
    let mut summary = PagerDutySummary {
        files_read,
        ..Default::default()
    };
    // Every incident converts before anything is written: a bad one stops the import whole.
    let converted: Vec<(&Incident, Converted)> = export
        .incidents
        .iter()
        .map(|incident| {
            let entries = export
                .log_entries
                .get(&incident.id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            convert(incident, entries, archive, &roster).map(|c| (incident, c))
        })
        .collect::<Result<_>>()?;
    for (incident, converted) in converted {
        summary.entries_left_out += converted.entries_left_out;
        let target = match &options.into {
            Some(into) => Some(resolve_record(archive, into)?),
            None => existing
                .iter()
                .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(&converted.record.id))
                .cloned(),
        };
        let (path, outcome) = match target {
            Some(path) => {
                let loaded = load_record(&path, &archive.settings.limits)
                    .map_err(|f| Error::Record(Box::new(f)))?;
                (
                    path,
                    Outcome::Merged(merge_into_file(&loaded, &converted.facts)?),
                )
            }
            None => {
                let record = &converted.record;
                let year = record.times.started.utc().format("%Y").to_string();
                let dir = archive.postmortems_dir().join(year);
                std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
                let path = dir.join(format!("{}.yaml", record.id));
                if path.exists() {
                    return Err(Error::AlreadyExists(path));
                }
                let header = format!(
                    "# Imported by `whys import pagerduty` from {}.\n# Importing again adds only what is new; your edits stay.\n",
                    record
                        .source
                        .as_ref()
                        .and_then(|s| s.reference.as_deref())
                        .unwrap_or("PagerDuty")
                );
                write_atomic(&path, record_yaml(record, &header)?.as_bytes())?;
                (path, Outcome::Written)
            }
        };
        summary.incidents.push(ImportedIncident {
            incident: incident.id.clone(),
            path,
            outcome,
        });
    }
    Ok(summary)
}
