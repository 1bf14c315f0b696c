//! Action items kept true by the issue tracker: `whys actions sync`.
//!
//! For every action item of the records given:
//! - an open item without a `ticket` gets one (with `create`), its reference written back;
//! - an item whose ticket belongs to this tracker reads its state back: a closed ticket makes
//!   the item `done` on the day it was closed, a reopened one makes it open again, a missing
//!   one is a finding;
//! - an assignee other than the owner is a finding that names a roster role
//!   (`tracker.roles` in `whys.yaml`), never a person.
//!
//! Crash safety: before a ticket is created, its item gets a stable `key` (written to the
//! record first), and the ticket's body carries the marker `whys-action: <record id>/<key>`.
//! Before creating, whys lists the tracker's `postmortem` tickets and adopts one that carries
//! the marker, so a run killed between creating a ticket and writing the record, or whose
//! connection dropped before the answer came, never makes a second ticket.
//!
//! Records change only through minimal text edits ([`crate::record::edit`]) written
//! atomically; everything a run did or would do is in the returned [`SyncPlan`].

pub mod github;
pub mod http;
pub mod jira;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::record::edit::{set_record_fields, FieldEdit};
use crate::record::{ActionItem, ActionStatus, LoadedRecord};

/// The label every ticket whys creates carries (with the item's horizon).
pub const LABEL: &str = "postmortem";

pub use crate::error::TrackerError;
pub use crate::settings::tracker::{TrackerKind, TrackerSettings};

/// A ticket's state as sync needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketState {
    /// The day it was closed (done), in the archive's time zone; `None` while open.
    pub closed_on: Option<NaiveDate>,
    /// Closed as not planned (GitHub's `state_reason: not_planned`).
    pub not_planned: bool,
    /// Accounts assigned (GitHub logins, Jira account ids or user names).
    pub assignees: Vec<String>,
}

/// A ticket to create.
#[derive(Debug, Clone)]
pub struct NewTicket {
    pub title: String,
    /// Paragraphs of plain text; the last is the marker line.
    pub paragraphs: Vec<String>,
    pub labels: Vec<String>,
    pub due: Option<NaiveDate>,
    pub marker: String,
}

/// A tracker as sync uses it; [`github::GitHub`] and [`jira::Jira`].
pub trait Tracker {
    fn kind(&self) -> TrackerKind;
    /// Whether `ticket` (as a record writes it) is one of this tracker's.
    fn owns(&self, ticket: &str) -> bool;
    /// Every ticket carrying a whys marker: marker to ticket reference.
    fn markers(&mut self) -> Result<HashMap<String, String>, TrackerError>;
    /// Creates a ticket; its reference as the record will write it.
    fn create(&mut self, ticket: &NewTicket) -> Result<String, TrackerError>;
    /// `Ok(None)` when the ticket does not exist (deleted, moved, or hidden from the token).
    fn read(&mut self, ticket: &str) -> Result<Option<TicketState>, TrackerError>;
}

/// The marker line a ticket's body carries: survives retitling and reordering of items.
pub fn marker(record_id: &str, key: &str) -> String {
    format!("whys-action: {record_id}/{key}")
}

/// The marker (`<record id>/<key>`) in a ticket body's text, if any.
pub fn find_marker(text: &str) -> Option<String> {
    let at = text.find("whys-action: ")?;
    let rest = &text[at + "whys-action: ".len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '/'))
        .unwrap_or(rest.len());
    let found = &rest[..end];
    found
        .split_once('/')
        .filter(|(id, key)| !id.is_empty() && !key.is_empty())
        .map(|_| format!("whys-action: {found}"))
}

/// What sync does with the items.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    pub create: bool,
    pub dry_run: bool,
    /// A link to each post-mortem for ticket bodies: `tracker.record_url`; else its path.
    pub record_link: Option<String>,
    /// What `{path}` and the default link count from: the archive's root.
    pub archive_root: PathBuf,
    pub timezone: FixedOffset,
}

/// One action item, named in the plan.
#[derive(Debug, Clone, Serialize)]
pub struct ItemRef {
    pub record: String,
    pub file: PathBuf,
    pub index: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldChange {
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlannedChange {
    pub item: ItemRef,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SyncFinding {
    pub item: ItemRef,
    pub message: String,
}

/// What a run did (or, dry, would do).
#[derive(Debug, Clone, Serialize)]
pub struct SyncPlan {
    pub tracker: &'static str,
    pub dry_run: bool,
    /// New tickets (`item.ticket` is the new reference; unknown in a dry run).
    pub created: Vec<PlannedChange>,
    /// Tickets that existed (found by their marker) and were written back, not created.
    pub adopted: Vec<PlannedChange>,
    /// Items whose fields changed from their ticket's state.
    pub updated: Vec<PlannedChange>,
    pub unchanged: Vec<ItemRef>,
    pub findings: Vec<SyncFinding>,
}

impl SyncPlan {
    pub fn changes_anything(&self) -> bool {
        !(self.created.is_empty() && self.adopted.is_empty() && self.updated.is_empty())
    }
}

/// Why sync stopped: the tracker failed, or a record could not be written. The plan so far
/// says what was done before.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Tracker(#[from] TrackerError),
    #[error(transparent)]
    Record(#[from] crate::Error),
}

/// Syncs the action items of `records` with `tracker`. On an error, `plan` holds what was done
/// up to it (every record write before it is complete).
pub fn sync(
    tracker: &mut dyn Tracker,
    records: &mut [LoadedRecord],
    settings: &TrackerSettings,
    options: &SyncOptions,
    plan: &mut SyncPlan,
) -> Result<(), SyncError> {
    let mut markers: Option<HashMap<String, String>> = None;
    for loaded in records.iter_mut() {
        for index in 0..loaded.record.action_items.len() {
            sync_item(
                tracker,
                loaded,
                index,
                settings,
                options,
                &mut markers,
                plan,
            )?;
        }
    }
    Ok(())
}

/// An empty plan for `kind`.
pub fn new_plan(kind: TrackerKind, dry_run: bool) -> SyncPlan {
    SyncPlan {
        tracker: kind.as_str(),
        dry_run,
        created: Vec::new(),
        adopted: Vec::new(),
        updated: Vec::new(),
        unchanged: Vec::new(),
        findings: Vec::new(),
    }
}

fn item_ref(loaded: &LoadedRecord, index: usize) -> ItemRef {
    let item = &loaded.record.action_items[index];
    ItemRef {
        record: loaded.record.id.clone(),
        file: loaded.path.clone(),
        index,
        key: item.key.clone(),
        title: item.title.clone(),
        ticket: item.ticket.clone(),
    }
}

fn sync_item(
    tracker: &mut dyn Tracker,
    loaded: &mut LoadedRecord,
    index: usize,
    settings: &TrackerSettings,
    options: &SyncOptions,
    markers: &mut Option<HashMap<String, String>>,
    plan: &mut SyncPlan,
) -> Result<(), SyncError> {
    let item = loaded.record.action_items[index].clone();
    match item.ticket.as_deref() {
        Some(ticket) if tracker.owns(ticket) => {
            read_back(tracker, loaded, index, settings, options, plan)
        }
        Some(_) => {
            plan.unchanged.push(item_ref(loaded, index));
            Ok(())
        }
        None if options.create && item.status.is_open() => {
            create_ticket(tracker, loaded, index, options, markers, plan)
        }
        None => {
            plan.unchanged.push(item_ref(loaded, index));
            Ok(())
        }
    }
}

/// Writes `edits` to item `index` of the record and reloads it, so later edits see the file as
/// it now is.
fn write_item(
    loaded: &mut LoadedRecord,
    index: usize,
    edits: &[FieldEdit],
) -> Result<(), SyncError> {
    let text = set_record_fields(loaded, &format!("action_items[{index}]"), edits)?;
    *loaded = crate::record::parse_record(&loaded.path, text)
        .map_err(|f| crate::Error::Record(Box::new(f)))?;
    Ok(())
}

/// The smallest `aN` no item of the record has as its key.
fn free_key(items: &[ActionItem]) -> String {
    (1..)
        .map(|n| format!("a{n}"))
        .find(|k| !items.iter().any(|i| i.key.as_deref() == Some(k.as_str())))
        .unwrap_or_else(|| "a0".into())
}

fn create_ticket(
    tracker: &mut dyn Tracker,
    loaded: &mut LoadedRecord,
    index: usize,
    options: &SyncOptions,
    markers: &mut Option<HashMap<String, String>>,
    plan: &mut SyncPlan,
) -> Result<(), SyncError> {
    let item = loaded.record.action_items[index].clone();
    let mut changes = Vec::new();
    let key = match item.key.clone() {
        Some(key) => key,
        None => {
            let key = free_key(&loaded.record.action_items);
            changes.push(FieldChange {
                field: "key".into(),
                from: None,
                to: Some(key.clone()),
            });
            if options.dry_run {
                // Only in memory, so the next item of a dry run gets the next key.
                loaded.record.action_items[index].key = Some(key.clone());
            } else {
                // The key goes into the record before the ticket exists: a run killed after
                // creating it finds it again by this key's marker.
                write_item(
                    loaded,
                    index,
                    &[FieldEdit {
                        key: "key".into(),
                        value: Some(key.clone()),
                    }],
                )?;
            }
            key
        }
    };
    let marker = marker(&loaded.record.id, &key);
    if markers.is_none() {
        *markers = Some(tracker.markers()?);
    }
    let existing = markers.as_ref().and_then(|m| m.get(&marker)).cloned();
    let (ticket, adopted) = match existing {
        Some(ticket) => (Some(ticket), true),
        None if options.dry_run => (None, false),
        None => {
            let new = new_ticket(loaded, &item, &marker, options);
            let ticket = tracker.create(&new)?;
            if let Some(m) = markers.as_mut() {
                m.insert(marker.clone(), ticket.clone());
            }
            (Some(ticket), false)
        }
    };
    changes.push(FieldChange {
        field: "ticket".into(),
        from: None,
        to: ticket.clone(),
    });
    if let (Some(ticket), false) = (&ticket, options.dry_run) {
        write_item(
            loaded,
            index,
            &[FieldEdit {
                key: "ticket".into(),
                value: Some(ticket.clone()),
            }],
        )?;
    }
    let mut item_ref = item_ref(loaded, index);
    item_ref.key = Some(key);
    item_ref.ticket = ticket;
    let planned = PlannedChange {
        item: item_ref,
        changes,
    };
    if adopted {
        plan.adopted.push(planned);
    } else {
        plan.created.push(planned);
    }
    Ok(())
}

fn new_ticket(
    loaded: &LoadedRecord,
    item: &ActionItem,
    marker: &str,
    options: &SyncOptions,
) -> NewTicket {
    let record = &loaded.record;
    let path = display_path(
        loaded
            .path
            .strip_prefix(&options.archive_root)
            .unwrap_or(&loaded.path),
    );
    let link = match &options.record_link {
        Some(pattern) => pattern.replace("{id}", &record.id).replace("{path}", &path),
        None => path,
    };
    let mut paragraphs = vec![format!(
        "Action item of the post-mortem \"{}\" ({}): {link}",
        record.title, record.id
    )];
    let mut facts = Vec::new();
    if let Some(h) = item.horizon {
        facts.push(format!("Horizon: {}", h.as_str()));
    }
    if let Some(d) = item.due {
        facts.push(format!("Due: {}", d.0));
    }
    if let Some(k) = item.kind {
        facts.push(format!(
            "Kind: {}",
            serde_json::to_value(k)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        ));
    }
    if !facts.is_empty() {
        paragraphs.push(facts.join("\n"));
    }
    if let Some(done_when) = &item.done_when {
        paragraphs.push(format!("Done when: {done_when}"));
    }
    paragraphs.push(
        "Closing this ticket marks the action item done on the day it is closed, at the next `whys actions sync`."
            .into(),
    );
    paragraphs.push(marker.to_owned());
    let mut labels = vec![LABEL.to_owned()];
    if let Some(h) = item.horizon {
        labels.push(h.as_str().to_owned());
    }
    NewTicket {
        title: item.title.clone(),
        paragraphs,
        labels,
        due: item.due.map(|d| d.0),
        marker: marker.to_owned(),
    }
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn read_back(
    tracker: &mut dyn Tracker,
    loaded: &mut LoadedRecord,
    index: usize,
    settings: &TrackerSettings,
    options: &SyncOptions,
    plan: &mut SyncPlan,
) -> Result<(), SyncError> {
    let item = loaded.record.action_items[index].clone();
    let ticket = item.ticket.clone().unwrap_or_default();
    let Some(state) = tracker.read(&ticket)? else {
        plan.findings.push(SyncFinding {
            item: item_ref(loaded, index),
            message: format!(
                "ticket {ticket} does not exist or the token cannot see it (deleted, moved or private); fix or remove `ticket` in the record"
            ),
        });
        return Ok(());
    };
    if let Some(finding) = assignee_finding(&item, &state, settings) {
        plan.findings.push(SyncFinding {
            item: item_ref(loaded, index),
            message: finding,
        });
    }
    let mut edits: Vec<FieldEdit> = Vec::new();
    let mut changes: Vec<FieldChange> = Vec::new();
    let mut set = |field: &str, from: Option<String>, to: Option<String>| {
        if from != to {
            edits.push(FieldEdit {
                key: field.into(),
                value: to.clone(),
            });
            changes.push(FieldChange {
                field: field.into(),
                from,
                to,
            });
        }
    };
    let status_now = Some(item.status.as_str().to_owned());
    let done_on_now = item.done_on.map(|d| d.0.to_string());
    match state.closed_on {
        Some(day) if item.status.is_open() => {
            let (status, done_on) = if state.not_planned {
                (ActionStatus::WontDo, None)
            } else {
                (ActionStatus::Done, Some(day.to_string()))
            };
            set("status", status_now, Some(status.as_str().to_owned()));
            set("done_on", done_on_now, done_on);
        }
        Some(_) => {}
        None if !item.status.is_open() => {
            // Reopened in the tracker: the work is not finished after all.
            set(
                "status",
                status_now,
                Some(ActionStatus::Open.as_str().to_owned()),
            );
            set("done_on", done_on_now, None);
        }
        None => {}
    }
    if edits.is_empty() {
        plan.unchanged.push(item_ref(loaded, index));
        return Ok(());
    }
    let item_ref = item_ref(loaded, index);
    if !options.dry_run {
        write_item(loaded, index, &edits)?;
    }
    plan.updated.push(PlannedChange {
        item: item_ref,
        changes,
    });
    Ok(())
}

/// A finding when the ticket is assigned to someone other than the item's owner, naming the
/// assignee only by the role `tracker.roles` gives their account.
fn assignee_finding(
    item: &ActionItem,
    state: &TicketState,
    settings: &TrackerSettings,
) -> Option<String> {
    let owner = item.owner.as_deref().unwrap_or("");
    let mut others: Vec<String> = Vec::new();
    let mut unknown = 0;
    for account in &state.assignees {
        match settings.roles.get(account) {
            Some(role) if role == owner => return None,
            Some(role) => others.push(role.clone()),
            None => unknown += 1,
        }
    }
    if others.is_empty() && unknown == 0 {
        return None;
    }
    others.sort();
    others.dedup();
    let mut who = others.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>();
    if unknown > 0 {
        who.push(format!(
            "{unknown} account(s) with no role in `tracker.roles`"
        ));
    }
    Some(format!(
        "the ticket is assigned to {} but the owner is `{owner}`: change the owner, or the assignee",
        who.join(" and ")
    ))
}

/// The day an RFC 3339 / ISO 8601 instant (`2026-01-05T10:00:00Z`, or Jira's
/// `2026-01-05T10:00:00.000+0000`) falls on in `timezone`.
pub fn day_of(instant: &str, timezone: FixedOffset) -> Option<NaiveDate> {
    let parsed = DateTime::parse_from_rfc3339(instant)
        .or_else(|_| DateTime::parse_from_str(instant, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .ok()?;
    Some(parsed.with_timezone(&timezone).date_naive())
}

/// The tracker settings a command line gives, over `whys.yaml`'s.
#[derive(Debug, Clone, Default)]
pub struct TrackerChoice {
    pub kind: Option<TrackerKind>,
    pub repo: Option<String>,
    pub project: Option<String>,
    pub api_url: Option<String>,
}

/// Builds the tracker from settings and credentials in `env` (a lookup, so tests and callers
/// decide where the environment comes from). The environment is the only place credentials
/// are read from.
pub fn connect(
    choice: &TrackerChoice,
    settings: &TrackerSettings,
    env: &dyn Fn(&str) -> Option<String>,
    http: http::HttpConfig,
    timezone: FixedOffset,
) -> Result<Box<dyn Tracker>, TrackerError> {
    let kind = choice.kind.or(settings.kind).ok_or_else(|| {
        TrackerError::Setup(
            "no tracker: give --tracker github|jira, or `tracker.kind` in whys.yaml".into(),
        )
    })?;
    let api_url = choice.api_url.clone().or_else(|| settings.api_url.clone());
    let nonempty = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    match kind {
        TrackerKind::Github => {
            let repo = choice
                .repo
                .clone()
                .or_else(|| settings.repo.clone())
                .ok_or_else(|| {
                    TrackerError::Setup(
                        "GitHub needs --repo OWNER/NAME or `tracker.repo` in whys.yaml".into(),
                    )
                })?;
            let token = nonempty("GITHUB_TOKEN").or_else(|| nonempty("GH_TOKEN")).ok_or_else(|| {
                TrackerError::Setup(
                    "no GitHub token: set GITHUB_TOKEN (or GH_TOKEN) in the environment to a token that may read and write issues of the repository".into(),
                )
            })?;
            Ok(Box::new(github::GitHub::new(
                &repo,
                api_url.as_deref(),
                http::Secret::new(token),
                http,
                timezone,
            )?))
        }
        TrackerKind::Jira => {
            let project = choice
                .project
                .clone()
                .or_else(|| settings.project.clone())
                .ok_or_else(|| {
                    TrackerError::Setup(
                        "Jira needs --project KEY or `tracker.project` in whys.yaml".into(),
                    )
                })?;
            let api_url = api_url.ok_or_else(|| {
                TrackerError::Setup(
                    "Jira needs --api-url https://SITE.atlassian.net (or `tracker.api_url` in whys.yaml)".into(),
                )
            })?;
            let auth = match (nonempty("JIRA_EMAIL"), nonempty("JIRA_API_TOKEN"), nonempty("JIRA_PAT")) {
                (Some(email), Some(token), _) => jira::Auth::Cloud {
                    email,
                    token: http::Secret::new(token),
                },
                (_, _, Some(pat)) => jira::Auth::DataCenter {
                    token: http::Secret::new(pat),
                },
                _ => {
                    return Err(TrackerError::Setup(
                        "no Jira credentials: set JIRA_EMAIL and JIRA_API_TOKEN (Jira Cloud), or JIRA_PAT (Data Center), in the environment".into(),
                    ))
                }
            };
            Ok(Box::new(jira::Jira::new(
                &project,
                &api_url,
                auth,
                settings.issue_type.as_deref().unwrap_or("Task"),
                http,
                timezone,
            )?))
        }
    }
}

impl From<SyncError> for crate::Error {
    fn from(e: SyncError) -> crate::Error {
        match e {
            SyncError::Tracker(t) => crate::Error::Tracker(t),
            SyncError::Record(r) => r,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_in_any_text() {
        assert_eq!(
            find_marker("x\n<!-- whys-action: 2025-01-01-db/a2 -->\n").as_deref(),
            Some("whys-action: 2025-01-01-db/a2")
        );
        assert_eq!(find_marker("whys-action: nothing"), None);
        assert_eq!(find_marker("no marker"), None);
    }

    #[test]
    fn days_follow_the_timezone() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let plus2 = FixedOffset::east_opt(7200).unwrap();
        assert_eq!(
            day_of("2026-01-05T23:30:00Z", utc).unwrap().to_string(),
            "2026-01-05"
        );
        assert_eq!(
            day_of("2026-01-05T23:30:00Z", plus2).unwrap().to_string(),
            "2026-01-06"
        );
        assert_eq!(
            day_of("2026-01-05T10:00:00.000+0000", utc)
                .unwrap()
                .to_string(),
            "2026-01-05"
        );
        assert_eq!(day_of("yesterday", utc), None);
    }

    #[test]
    fn assignees_are_reported_by_role_only() {
        let item: ActionItem = yaml_serde::from_str("title: t\nowner: payments-team\n").unwrap();
        let mut settings = TrackerSettings::default();
        settings.roles.insert("octo-ana".into(), "sre-team".into());
        settings
            .roles
            .insert("octo-bo".into(), "payments-team".into());
        let state = |who: &[&str]| TicketState {
            closed_on: None,
            not_planned: false,
            assignees: who.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(
            assignee_finding(&item, &state(&["octo-bo"]), &settings),
            None
        );
        let f = assignee_finding(&item, &state(&["octo-ana", "someone"]), &settings).unwrap();
        assert!(
            f.contains("`sre-team`") && f.contains("1 account(s)"),
            "{f}"
        );
        assert!(!f.contains("octo-ana") && !f.contains("someone"), "{f}");
    }
}
