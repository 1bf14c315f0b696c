//! Draft records from Atlassian Statuspage v2 incident JSON.
//!
//! Reads the list form (`{"page":…,"incidents":[…]}`), one incident
//! (`{"page":…,"incident":{…}}`), or a folder of either, and writes one draft per incident
//! at `<out>/<year>/<id>.yaml`. The mapping (also in the README):
//!
//! | record | from |
//! |---|---|
//! | `times.started` | `started_at`, else `created_at` |
//! | `times.detected` | `created_at` |
//! | `times.acknowledged` | the first update |
//! | `times.root_caused` | the first `identified` update |
//! | `times.mitigated` | the first `monitoring` update, else `resolved_at` |
//! | `times.resolved` | `resolved_at` (none while unresolved) |
//! | `severity` | `impact`: critical, major, minor, none -> the archive's 1st..4th severity |
//! | `impact_kind` | critical, major -> outage; minor, none -> degraded |
//! | `services` | the incident's components and the updates' affected components, else the page name |
//! | `timeline` | the updates in time order: investigating -> detection, identified -> observation, monitoring -> mitigation, resolved -> resolution, postmortem -> communication, others -> observation |
//! | `source` | `kind: statuspage`, `ref`: the shortlink, else the incident id; `notes`: what looked wrong |
//!
//! An update's time is its `display_at` (the time the status page shows; back-filled updates
//! were created years later), else its `created_at`.
//!
//! Real data lies, and the importer never "fixes" it: a zero-length incident, a `started_at`
//! after `created_at`, or a resolution before the start is imported as given, with a note in
//! `source.notes`, and `whys check` flags the record (`times/zero-length`, `times/order`).
//! Times less than a second apart are clock skew, not an ordering fault.
//!
//! Ids are `<started date>-<page slug>-<incident id>`, so importing again finds the same
//! file: a draft is replaced (atomically), a record beyond draft is kept as it is.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::common::{collect_files, human_duration, slugify};
use crate::error::{Error, Result};
use crate::fsutil::write_atomic;
use crate::import::markup::{html_to_markdown, quote};
use crate::record::draft::record_yaml;
use crate::record::{
    ImpactKind, Record, Source, Status, TimelineEntry, TimelineKind, Times, Timestamp,
};

/// What `import_statuspage` needs besides its inputs.
#[derive(Debug, Clone)]
pub struct StatuspageOptions {
    /// Records go to `<out>/<year>/<id>.yaml`.
    pub out: PathBuf,
    /// Overrides the page name of every input (it names the services of incidents without
    /// components, and is part of every id).
    pub page_name: Option<String>,
    /// The archive's severity names, worst first: critical, major, minor and none map to the
    /// first four.
    pub severities: Vec<String>,
}

/// One incident as Statuspage v2 gives it; fields whys does not use are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StatuspageIncident {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub impact: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub shortlink: Option<String>,
    /// Set on scheduled maintenance only.
    #[serde(default)]
    pub scheduled_for: Option<String>,
    #[serde(default)]
    pub incident_updates: Option<Vec<StatuspageUpdate>>,
    #[serde(default)]
    pub components: Option<Vec<StatuspageComponent>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct StatuspageUpdate {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub display_at: Option<String>,
    #[serde(default)]
    pub affected_components: Option<Vec<StatuspageComponent>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct StatuspageComponent {
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Document {
    #[serde(default)]
    page: Option<Page>,
    #[serde(default)]
    incidents: Option<Vec<StatuspageIncident>>,
    #[serde(default)]
    incident: Option<StatuspageIncident>,
}

#[derive(Debug, Deserialize)]
struct Page {
    #[serde(default)]
    name: Option<String>,
}

/// Something in the data that cannot be true of a real incident. Imported as given, noted in
/// `source.notes`, and flagged by `whys check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flag {
    /// Resolved at the instant it started: back-filled, the real length is unknown.
    ZeroLength,
    /// `started_at` is after `created_at`: posted before it started.
    StartedAfterCreated,
    /// Resolved before it started.
    NegativeDuration,
}

impl Flag {
    pub const ALL: [Flag; 3] = [
        Flag::ZeroLength,
        Flag::StartedAfterCreated,
        Flag::NegativeDuration,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Flag::ZeroLength => "zero-length",
            Flag::StartedAfterCreated => "started-after-created",
            Flag::NegativeDuration => "negative-duration",
        }
    }
}

impl fmt::Display for Flag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An incident turned into a record, with what the importer noticed.
#[derive(Debug, Clone)]
pub struct ConvertedIncident {
    pub record: Record,
    pub flags: Vec<Flag>,
}

/// Where an imported record went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A new file.
    Written,
    /// A draft from an earlier import, replaced.
    Updated,
    /// A draft from an earlier import, already the same text.
    Unchanged,
    /// A record beyond draft (or one whose status could not be read), left untouched.
    Kept { status: Option<Status> },
}

#[derive(Debug, Clone)]
pub struct ImportedRecord {
    pub id: String,
    pub path: PathBuf,
    pub placement: Placement,
    pub flags: Vec<Flag>,
}

/// An input file, or one incident in it, that gave no record.
#[derive(Debug, Clone)]
pub struct ImportFailure {
    pub path: PathBuf,
    /// The incident's id, when the file was read and one incident in it was not usable.
    pub incident: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.incident {
            Some(id) => write!(
                f,
                "{}: incident {id}: {}",
                self.path.display(),
                self.message
            ),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// What an import did, record by record, in input order.
#[derive(Debug, Clone, Default)]
pub struct ImportSummary {
    pub files_read: usize,
    pub records: Vec<ImportedRecord>,
    pub skipped_maintenance: usize,
    /// Incidents given more than once (say in a list file and a single file): the copy with
    /// the latest `updated_at` was imported.
    pub duplicates: usize,
    pub failures: Vec<ImportFailure>,
}

impl ImportSummary {
    fn count(&self, wanted: impl Fn(&Placement) -> bool) -> usize {
        self.records.iter().filter(|r| wanted(&r.placement)).count()
    }

    pub fn written(&self) -> usize {
        self.count(|p| *p == Placement::Written)
    }

    pub fn updated(&self) -> usize {
        self.count(|p| *p == Placement::Updated)
    }

    pub fn unchanged(&self) -> usize {
        self.count(|p| *p == Placement::Unchanged)
    }

    /// Records beyond draft that a re-import left untouched.
    pub fn kept(&self) -> usize {
        self.count(|p| matches!(p, Placement::Kept { .. }))
    }

    /// Records with at least one flag.
    pub fn flagged(&self) -> usize {
        self.records.iter().filter(|r| !r.flags.is_empty()).count()
    }

    /// How many records carry each flag (a record may carry several).
    pub fn flag_counts(&self) -> BTreeMap<Flag, usize> {
        let mut counts = BTreeMap::new();
        for flag in self.records.iter().flat_map(|r| &r.flags) {
            *counts.entry(*flag).or_insert(0) += 1;
        }
        counts
    }
}

/// Imports every incident in `inputs` (files, or folders searched for `*.json`).
///
/// A file or incident that cannot be read is listed in `failures` and the others are still
/// imported; only a problem with the output folder or a missing input ends the import.
pub fn import_statuspage(inputs: &[PathBuf], options: &StatuspageOptions) -> Result<ImportSummary> {
    let files = json_files(inputs)?;
    let documents: Vec<(PathBuf, std::result::Result<Document, String>)> = files
        .par_iter()
        .map(|path| (path.clone(), read_document(path)))
        .collect();

    let mut summary = ImportSummary {
        files_read: files.len(),
        ..ImportSummary::default()
    };
    let mut incidents: Vec<(PathBuf, String, StatuspageIncident)> = Vec::new();
    for (path, document) in documents {
        let document = match document {
            Ok(d) => d,
            Err(message) => {
                summary.failures.push(ImportFailure {
                    path,
                    incident: None,
                    message,
                });
                continue;
            }
        };
        let page_name = options
            .page_name
            .clone()
            .or_else(|| document.page.and_then(|p| p.name))
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty());
        let Some(page_name) = page_name else {
            summary.failures.push(ImportFailure {
                path,
                incident: None,
                message: "the file names no page (`page.name`); give one with --page-name".into(),
            });
            continue;
        };
        let list = document
            .incidents
            .into_iter()
            .flatten()
            .chain(document.incident);
        for incident in list {
            if is_maintenance(&incident) {
                summary.skipped_maintenance += 1;
            } else {
                incidents.push((path.clone(), page_name.clone(), incident));
            }
        }
    }

    let converted: Vec<(PathBuf, String, Option<String>, _)> = incidents
        .into_par_iter()
        .map(|(path, page, incident)| {
            let result = convert_incident(&incident, &page, &options.severities);
            (path, incident.id, incident.updated_at, result)
        })
        .collect();

    // One record per incident: the same incident in two inputs must not race for one file.
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut chosen: Vec<Option<(PathBuf, ConvertedIncident, Option<Timestamp>)>> = Vec::new();
    for (path, incident_id, updated_at, result) in converted {
        let converted = match result {
            Ok(c) => c,
            Err(message) => {
                summary.failures.push(ImportFailure {
                    path,
                    incident: Some(incident_id),
                    message,
                });
                continue;
            }
        };
        let updated = updated_at.and_then(|t| Timestamp::parse(&t).ok());
        let key = archive_key(&converted.record.id).to_owned();
        match by_key.get(&key) {
            Some(&i) => {
                summary.duplicates += 1;
                let newer = match (&chosen[i], updated) {
                    (Some((_, _, Some(before))), Some(now)) => now >= *before,
                    _ => true,
                };
                if newer {
                    chosen[i] = Some((path, converted, updated));
                }
            }
            None => {
                by_key.insert(key, chosen.len());
                chosen.push(Some((path, converted, updated)));
            }
        }
    }

    let existing = existing_records(&options.out)?;
    // Year folders first, once each, rather than once per record in the parallel part.
    let years: BTreeSet<String> = chosen
        .iter()
        .flatten()
        .map(|(_, c, _)| year_of(&c.record))
        .collect();
    for year in years {
        let dir = options.out.join(year);
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    }
    let placed: Vec<std::result::Result<ImportedRecord, ImportFailure>> = chosen
        .into_par_iter()
        .flatten()
        .map(|(input, converted, _)| place(&options.out, &existing, input, converted))
        .collect();
    for result in placed {
        match result {
            Ok(record) => summary.records.push(record),
            Err(failure) => summary.failures.push(failure),
        }
    }
    Ok(summary)
}

/// Scheduled maintenance is planned work, not an incident.
fn is_maintenance(incident: &StatuspageIncident) -> bool {
    incident.scheduled_for.is_some() || incident.impact.as_deref() == Some("maintenance")
}

fn json_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    crate::fsutil::find_files(inputs, &|p: &Path| {
        p.extension().and_then(|e| e.to_str()) == Some("json")
    })
}

fn read_document(path: &Path) -> std::result::Result<Document, String> {
    let bytes = crate::import::input::read_bounded(path).map_err(|e| match e {
        Error::Input { message, .. } => message,
        other => format!("cannot read the file: {other}"),
    })?;
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let document: Document = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let at = e.path().to_string();
        let e = e.into_inner();
        format!(
            "line {}, column {}, at `{at}`: not Statuspage v2 incident JSON: {e}",
            e.line(),
            e.column()
        )
    })?;
    if document.incidents.is_none() && document.incident.is_none() {
        return Err(
            "not Statuspage v2 incident JSON: expected an `incidents` list or an `incident` object"
                .into(),
        );
    }
    Ok(document)
}

fn parse_time(field: &str, value: Option<&str>) -> std::result::Result<Option<Timestamp>, String> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) => Timestamp::parse(text)
            .map(Some)
            .map_err(|m| format!("`{field}`: {m}")),
    }
}

/// One update, placed in time.
struct TimedUpdate<'a> {
    at: Timestamp,
    status: &'a str,
    body: &'a str,
}

/// Turns one incident into a draft record. The text of a failure names the field.
pub fn convert_incident(
    incident: &StatuspageIncident,
    page_name: &str,
    severities: &[String],
) -> std::result::Result<ConvertedIncident, String> {
    let created = parse_time("created_at", incident.created_at.as_deref())?
        .ok_or("`created_at` is missing")?;
    let started_at = parse_time("started_at", incident.started_at.as_deref())?;
    let resolved = parse_time("resolved_at", incident.resolved_at.as_deref())?;
    let (started, started_field) = match started_at {
        Some(t) => (t, "started_at"),
        None => (created, "created_at"),
    };

    let mut updates: Vec<(TimedUpdate, Option<Timestamp>)> = Vec::new();
    for (i, u) in incident.incident_updates.iter().flatten().enumerate() {
        let field = format!("incident_updates[{i}]");
        let created_at = parse_time(&format!("{field}.created_at"), u.created_at.as_deref())?;
        let display_at = parse_time(&format!("{field}.display_at"), u.display_at.as_deref())?;
        let Some(at) = display_at.or(created_at) else {
            return Err(format!("`{field}` has no time"));
        };
        updates.push((
            TimedUpdate {
                at,
                status: u.status.as_deref().unwrap_or(""),
                body: u.body.as_deref().unwrap_or(""),
            },
            created_at,
        ));
    }
    // Statuspage lists updates newest first; a timeline reads oldest first.
    updates.sort_by(|a, b| a.0.at.cmp(&b.0.at).then(a.1.cmp(&b.1)));
    let updates: Vec<TimedUpdate> = updates.into_iter().map(|(u, _)| u).collect();
    let first_with = |status: &str| updates.iter().find(|u| u.status == status).map(|u| u.at);

    let times = Times {
        started,
        detected: created,
        acknowledged: updates.first().map(|u| u.at),
        root_caused: first_with("identified"),
        mitigated: first_with("monitoring").or(resolved),
        resolved,
    };

    let mut flags = Vec::new();
    let mut notes = Vec::new();
    if let Some(resolved) = resolved {
        if resolved.same_instant(&started) {
            flags.push(Flag::ZeroLength);
            notes.push(format!(
                "resolved_at equals {started_field} ({started}): a zero-length incident, almost always back-filled; its real length is unknown"
            ));
        }
    }
    // Under a second apart is clock skew, not a fault: `clearly_before` ignores it.
    if created.clearly_before(&started) {
        flags.push(Flag::StartedAfterCreated);
        notes.push(format!(
            "started_at ({started}) is {} after created_at ({created}): posted before it started; kept as given",
            human_duration(started.0 - created.0)
        ));
    }
    if let Some(resolved) = resolved {
        if resolved.clearly_before(&started) {
            flags.push(Flag::NegativeDuration);
            notes.push(format!(
                "resolved_at ({resolved}) is {} before {started_field} ({started}): a negative duration; kept as given",
                human_duration(started.0 - resolved.0)
            ));
        }
    }

    let page_slug = page_slug(page_name);
    let id = import_id(&started, &page_slug, &incident.id)?;
    let name = one_line(incident.name.as_deref().unwrap_or(""));
    let title = if name.is_empty() {
        format!("{page_name} incident {}", incident.id)
    } else {
        name
    };
    let (severity_rank, impact_kind) = match incident.impact.as_deref().unwrap_or("none") {
        "critical" => (0, ImpactKind::Outage),
        "major" => (1, ImpactKind::Outage),
        "minor" => (2, ImpactKind::Degraded),
        _ => (3, ImpactKind::Degraded),
    };
    let severity = severities
        .get(severity_rank)
        .or(severities.last())
        .cloned()
        .ok_or("the archive defines no severities")?;

    let mut services: Vec<String> = Vec::new();
    let components = incident.components.iter().flatten().chain(
        incident
            .incident_updates
            .iter()
            .flatten()
            .flat_map(|u| u.affected_components.iter().flatten()),
    );
    for name in components.filter_map(|c| c.name.as_deref()) {
        let name = one_line(name);
        if !name.is_empty() && !services.contains(&name) {
            services.push(name);
        }
    }
    if services.is_empty() {
        services.push(page_name.to_owned());
    }

    // The status page's words, as Markdown, quoted: they are not the post-mortem authors'.
    let bodies: Vec<String> = updates.iter().map(|u| html_to_markdown(u.body)).collect();
    let first_body = bodies.iter().find(|b| !b.is_empty());
    let summary = match first_body {
        Some(body) => format!("{}\n\n{}", sentence(&title), quote(body)),
        None => sentence(&title),
    };

    let timeline = updates
        .iter()
        .zip(&bodies)
        .map(|(u, body)| TimelineEntry {
            at: u.at,
            kind: timeline_kind(u.status),
            event: if body.is_empty() {
                format!("Status page set to `{}`.", u.status)
            } else {
                quote(body)
            },
            service: None,
            evidence: Default::default(),
        })
        .collect();

    let reference = incident
        .shortlink
        .clone()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| incident.id.clone());

    let record = Record {
        services,
        timeline,
        source: Some(Source {
            kind: "statuspage".into(),
            reference: Some(reference),
            notes,
        }),
        ..Record::draft(id, title, severity, impact_kind, summary, times)
    };
    Ok(ConvertedIncident { record, flags })
}

fn timeline_kind(status: &str) -> TimelineKind {
    match status {
        "investigating" => TimelineKind::Detection,
        "monitoring" => TimelineKind::Mitigation,
        "resolved" => TimelineKind::Resolution,
        "postmortem" => TimelineKind::Communication,
        // identified, update, and anything newer Statuspage may add.
        _ => TimelineKind::Observation,
    }
}

fn page_slug(page_name: &str) -> String {
    let slug = slugify(page_name);
    if slug.is_empty() {
        "statuspage".into()
    } else {
        slug
    }
}

/// `<started date>-<page slug>-<incident id>`, lower case, at most 81 characters (the page
/// slug gives way first: the incident id is what makes it unique).
fn import_id(
    started: &Timestamp,
    page_slug: &str,
    incident_id: &str,
) -> std::result::Result<String, String> {
    let incident = slugify(incident_id);
    if incident.is_empty() {
        return Err(format!(
            "incident id `{incident_id}` has no letters or digits"
        ));
    }
    let date = started.utc().format("%Y-%m-%d").to_string();
    let room = 81usize.saturating_sub(date.len() + incident.len() + 2);
    if room == 0 {
        return Err(format!(
            "incident id `{incident_id}` is too long for a record id"
        ));
    }
    let mut page = page_slug.to_owned();
    page.truncate(room);
    let page = page.trim_end_matches('-');
    Ok(format!("{date}-{page}-{incident}"))
}

/// The part of an imported id that does not change when the start date does.
fn archive_key(id: &str) -> &str {
    let bytes = id.as_bytes();
    let dated = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if dated {
        &id[11..]
    } else {
        id
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sentence(text: &str) -> String {
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// Record files already under `out`, by archive key.
fn existing_records(out: &Path) -> Result<HashMap<String, Vec<PathBuf>>> {
    let mut by_key: HashMap<String, Vec<PathBuf>> = HashMap::new();
    if !out.is_dir() {
        return Ok(by_key);
    }
    for path in collect_files(&[out.to_owned()])? {
        if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
            by_key
                .entry(archive_key(stem).to_owned())
                .or_default()
                .push(path.clone());
        }
    }
    Ok(by_key)
}

fn year_of(record: &Record) -> String {
    record.times.started.utc().format("%Y").to_string()
}

fn header(record: &Record) -> String {
    let from = record
        .source
        .as_ref()
        .and_then(|s| s.reference.as_deref())
        .unwrap_or("Statuspage");
    format!(
        "# Imported by `whys import statuspage` from {from}.\n\
         # While `status` is draft, importing again replaces this file: set `status: review` to keep your edits.\n"
    )
}

/// Only the status of a record already on disk: enough to know whether it may be replaced.
#[derive(Deserialize)]
struct StatusOnly {
    status: Status,
}

fn place(
    out: &Path,
    existing: &HashMap<String, Vec<PathBuf>>,
    input: PathBuf,
    converted: ConvertedIncident,
) -> std::result::Result<ImportedRecord, ImportFailure> {
    let record = &converted.record;
    let fail = |message: String| ImportFailure {
        path: input.clone(),
        incident: Some(archive_key(&record.id).to_owned()),
        message,
    };
    let target = out
        .join(year_of(record))
        .join(format!("{}.yaml", record.id));
    let text = record_yaml(record, &header(record)).map_err(|e| fail(e.to_string()))?;
    let found = existing.get(archive_key(&record.id));
    let current = found.and_then(|paths| paths.iter().find(|p| **p == target).or(paths.first()));
    let placement = match current {
        None => {
            write_atomic(&target, text.as_bytes()).map_err(|e| fail(e.to_string()))?;
            Placement::Written
        }
        Some(current) => {
            let old = std::fs::read_to_string(current)
                .map_err(|e| fail(format!("cannot read {}: {e}", current.display())))?;
            let status = yaml_serde::from_str::<StatusOnly>(&old)
                .ok()
                .map(|s| s.status);
            if *current == target && old == text {
                Placement::Unchanged
            } else if status == Some(Status::Draft) {
                write_atomic(&target, text.as_bytes()).map_err(|e| fail(e.to_string()))?;
                if *current != target {
                    // The incident's start date moved: the draft moves with it, never doubles.
                    std::fs::remove_file(current)
                        .map_err(|e| fail(format!("cannot remove {}: {e}", current.display())))?;
                }
                Placement::Updated
            } else {
                Placement::Kept { status }
            }
        }
    };
    let path = match (placement, current) {
        (Placement::Kept { .. }, Some(current)) => current.clone(),
        _ => target,
    };
    Ok(ImportedRecord {
        id: record.id.clone(),
        path,
        placement,
        flags: converted.flags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(text: &str) -> Timestamp {
        Timestamp::parse(text).unwrap()
    }

    #[test]
    fn ids_are_dated_lower_case_and_keyed_without_the_date() {
        let id = import_id(&t("2023-01-10T17:04:42Z"), "github", "00KM0kwpz23b").unwrap();
        assert_eq!(id, "2023-01-10-github-00km0kwpz23b");
        assert_eq!(archive_key(&id), "github-00km0kwpz23b");
        let long = "x".repeat(100);
        let id = import_id(&t("2023-01-10T17:04:42Z"), &long, "abc").unwrap();
        assert!(id.len() <= 81 && id.ends_with("-abc"), "{id}");
    }

    #[test]
    fn an_offset_in_the_start_time_dates_the_id_in_utc() {
        let id = import_id(&t("2023-01-10T23:30:00-02:00"), "page", "abc").unwrap();
        assert!(id.starts_with("2023-01-11-"), "{id}");
    }
}
