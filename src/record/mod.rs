//! The `whys/v1` record: one incident, as the YAML file says it.
//!
//! The types follow DESIGN.md field for field. Fields that a rule of `whys check` demands
//! only at some statuses (services, impact, timeline, whys, action items, later times) are
//! optional here, so that every missing one is reported at once instead of the first only.

pub mod cache;
pub mod draft;
pub mod edit;
pub mod interview;
pub mod lenient;
pub mod load;
pub mod locate;
pub mod schema;
pub mod series;
pub mod syntax_hint;
pub mod time;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use load::{
    load_all, load_record, parse_record, read_record_bytes, record_from_bytes, LoadFailure,
    LoadedRecord,
};
pub use time::{Day, Timestamp};

/// The schema tag this version of `whys` reads and writes.
pub const SCHEMA_TAG: &str = "whys/v1";

/// One post-mortem.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "whys/v1 post-mortem record")]
pub struct Record {
    /// Format tag; `whys/v1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Slug, unique in the archive; the file is `<id>.yaml`. By convention it starts with the start date.
    pub id: String,
    /// One line.
    pub title: String,
    /// How far the post-mortem is: it decides how strict `whys check` is.
    pub status: Status,
    /// `SEV1`..`SEV4` unless the archive renames them; the first is the worst.
    pub severity: String,
    pub impact_kind: ImpactKind,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Who wrote it. Authorship is not blame.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Markdown.
    pub summary: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Impact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detection: Option<Detection>,
    pub times: Times,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signals: Option<Signals>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<TimelineEntry>,
    /// The 5-Whys chain, first question first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub whys: Vec<Why>,
    /// Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contributing_factors: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action_items: Vec<ActionItem>,
    /// Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lessons: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Ids of repeat or related incidents in the same archive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lint: Option<Lint>,
    /// The series files the `signals` texts link to, read from beside the record file when it
    /// is loaded: not part of the YAML (see [`series`]).
    #[serde(skip)]
    #[schemars(skip)]
    pub signal_series: series::SignalSeries,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Draft,
    Review,
    Published,
}

impl Status {
    /// The name the YAML uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Published => "published",
        }
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ImpactKind {
    /// Total downtime.
    Outage,
    /// Degraded performance.
    Degraded,
    /// One feature did not work.
    Feature,
}

impl ImpactKind {
    /// The name the YAML uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ImpactKind::Outage => "outage",
            ImpactKind::Degraded => "degraded",
            ImpactKind::Feature => "feature",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Impact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users_affected: Option<u64>,
    /// Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Detection {
    Monitoring,
    Alert,
    CustomerReport,
    InternalReport,
    Other,
}

/// The incident's clock. `started` and `detected` always; `mitigated` from `review` on;
/// `resolved` once `published`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Times {
    pub started: Timestamp,
    pub detected: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_caused: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigated: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub at: Timestamp,
    pub kind: ChangeKind,
    pub description: String,
    /// A commit, pull request or ticket.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Deploy,
    Config,
    Traffic,
    Dependency,
    Migration,
    Cron,
    Infrastructure,
    Other,
}

/// The four golden signals, each in Markdown.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signals {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saturation: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    pub at: Timestamp,
    pub kind: TimelineKind,
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TimelineKind {
    Trigger,
    Detection,
    Escalation,
    Action,
    Mitigation,
    Resolution,
    Communication,
    Observation,
}

/// One step of the 5-Whys chain.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Why {
    pub why: String,
    pub because: String,
    #[serde(default, skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

/// Evidence: one text or a list of texts. Each is a link, `trace:<trace id>` or `logs:<query>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Evidence(#[schemars(with = "EvidenceSchema")] pub Vec<String>);

/// Only for the JSON Schema: evidence is written either way.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[serde(untagged)]
enum EvidenceSchema {
    One(String),
    Many(Vec<String>),
}

impl Evidence {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct OneOrMany;
        impl<'de> serde::de::Visitor<'de> for OneOrMany {
            type Value = Evidence;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text or a list of texts")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Evidence, E> {
                Ok(Evidence(vec![v.to_owned()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Evidence, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(Evidence(items))
            }
        }
        d.deserialize_any(OneOrMany)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    pub title: String,
    /// Names this item for good within its record, whatever its title or place in the list:
    /// lower-case letters, digits and `-`. `whys actions sync` sets it and finds the item's
    /// ticket by it, so it must never change or be reused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<Horizon>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActionKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Day>,
    /// `open` when left out.
    #[serde(default)]
    pub status: ActionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<Day>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// How anyone can tell it is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_when: Option<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Horizon {
    Immediate,
    Short,
    Medium,
    Long,
}

impl Horizon {
    pub const ALL: [Horizon; 4] = [
        Horizon::Immediate,
        Horizon::Short,
        Horizon::Medium,
        Horizon::Long,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::Immediate => "immediate",
            Horizon::Short => "short",
            Horizon::Medium => "medium",
            Horizon::Long => "long",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActionKind {
    Fix,
    Test,
    Monitoring,
    Logging,
    Runbook,
    Process,
    Share,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    #[default]
    Open,
    InProgress,
    Done,
    WontDo,
}

impl ActionStatus {
    /// The name the YAML uses.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in-progress",
            ActionStatus::Done => "done",
            ActionStatus::WontDo => "wont-do",
        }
    }

    /// "Open" in commands means neither done nor won't-do.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// Where an imported record came from, and what the importer noticed.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub kind: String,
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Lint {
    #[serde(default)]
    pub allow: Vec<LintAllow>,
}

/// Silences one rule in one field of this record, with a reason.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LintAllow {
    pub rule: String,
    /// A field path like `whys[2].because`.
    pub field: String,
    pub reason: String,
}

impl Record {
    /// A draft with the fields every record needs and nothing else; importers and the
    /// interview fill in the rest with struct-update syntax.
    pub fn draft(
        id: String,
        title: String,
        severity: String,
        impact_kind: ImpactKind,
        summary: String,
        times: Times,
    ) -> Record {
        Record {
            schema: Some(SCHEMA_TAG.into()),
            id,
            title,
            status: Status::Draft,
            severity,
            impact_kind,
            services: Vec::new(),
            tags: Vec::new(),
            authors: Vec::new(),
            summary,
            impact: None,
            detection: None,
            times,
            changes: Vec::new(),
            signals: None,
            timeline: Vec::new(),
            whys: Vec::new(),
            root_cause: None,
            contributing_factors: Vec::new(),
            action_items: Vec::new(),
            lessons: None,
            source: None,
            related: Vec::new(),
            lint: None,
            signal_series: Default::default(),
        }
    }

    /// Time to mitigate, resolve etc. all count from `started`; this is the end the action-item
    /// horizons count from: resolved, else mitigated, else detected.
    pub fn horizon_anchor(&self) -> Timestamp {
        self.times
            .resolved
            .or(self.times.mitigated)
            .unwrap_or(self.times.detected)
    }

    /// Every narrative (Markdown or prose) field with its path: what wording rules read.
    pub fn narrative_fields(&self) -> Vec<(String, &str)> {
        let mut out: Vec<(String, &str)> = vec![
            ("title".into(), &self.title),
            ("summary".into(), &self.summary),
        ];
        if let Some(d) = self.impact.as_ref().and_then(|i| i.description.as_deref()) {
            out.push(("impact.description".into(), d));
        }
        if let Some(s) = &self.signals {
            for (name, text) in [
                ("latency", &s.latency),
                ("traffic", &s.traffic),
                ("errors", &s.errors),
                ("saturation", &s.saturation),
            ] {
                if let Some(t) = text {
                    out.push((format!("signals.{name}"), t));
                }
            }
        }
        for (i, c) in self.changes.iter().enumerate() {
            out.push((format!("changes[{i}].description"), &c.description));
        }
        for (i, e) in self.timeline.iter().enumerate() {
            out.push((format!("timeline[{i}].event"), &e.event));
        }
        for (i, w) in self.whys.iter().enumerate() {
            out.push((format!("whys[{i}].why"), &w.why));
            out.push((format!("whys[{i}].because"), &w.because));
        }
        if let Some(r) = &self.root_cause {
            out.push(("root_cause".into(), r));
        }
        for (i, c) in self.contributing_factors.iter().enumerate() {
            out.push((format!("contributing_factors[{i}]"), c));
        }
        for (i, a) in self.action_items.iter().enumerate() {
            out.push((format!("action_items[{i}].title"), &a.title));
            if let Some(d) = &a.done_when {
                out.push((format!("action_items[{i}].done_when"), d));
            }
        }
        if let Some(l) = &self.lessons {
            out.push(("lessons".into(), l));
        }
        out
    }

    /// Drops the prose that reports, action reviews and exports never read (summary,
    /// narrative fields, timeline, 5 Whys, changes, signals, lessons), keeping ids, status,
    /// severity, impact, services, tags, times and action items. An archive of 100,000
    /// records then fits in a few hundred megabytes instead of gigabytes.
    pub fn drop_prose(&mut self) {
        self.summary = String::new();
        if let Some(impact) = &mut self.impact {
            impact.description = None;
        }
        // The report counts the kinds of change before incidents; their prose can go.
        for change in &mut self.changes {
            change.description = String::new();
            change.reference = None;
        }
        self.signals = None;
        self.timeline = Vec::new();
        self.whys = Vec::new();
        self.root_cause = None;
        self.contributing_factors = Vec::new();
        self.lessons = None;
        self.lint = None;
        if let Some(source) = &mut self.source {
            source.notes = Vec::new();
        }
        for item in &mut self.action_items {
            item.done_when = None;
        }
    }

    /// People the record itself names: authors and action-item owners.
    pub fn named_people(&self) -> Vec<String> {
        let mut names: Vec<String> = self.authors.clone();
        names.extend(self.action_items.iter().filter_map(|a| a.owner.clone()));
        names.sort();
        names.dedup();
        names
    }
}
