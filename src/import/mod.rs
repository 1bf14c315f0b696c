//! Getting facts in from where they already are: draft records from other tools' data.
//!
//! Importers are silent: they return what they did (written, updated, kept, skipped,
//! flagged) and leave the telling to the command line.

pub mod input;
pub mod markup;
pub mod merge;
pub mod pagerduty;
pub mod people;
pub mod slack;
pub mod statuspage;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use statuspage::{
    convert_incident, import_statuspage, Flag, ImportFailure, ImportSummary, ImportedRecord,
    Placement, StatuspageOptions,
};

/// The `import:` section of `whys.yaml`: how other tools' terms map to the archive's.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImportSettings {
    pub pagerduty: PagerDutySettings,
}

/// PagerDuty priority names and urgencies -> the archive's severities.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PagerDutySettings {
    /// A priority's name (`priority.summary` / `priority.name`, e.g. `P1`) -> severity.
    pub priority: BTreeMap<String, String>,
    /// `urgency` (`high` or `low`) -> severity, when the incident has no (mapped) priority.
    pub urgency: BTreeMap<String, String>,
}

impl Default for PagerDutySettings {
    fn default() -> Self {
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        PagerDutySettings {
            priority: map(&[
                ("P1", "SEV1"),
                ("P2", "SEV2"),
                ("P3", "SEV3"),
                ("P4", "SEV4"),
                ("P5", "SEV4"),
            ]),
            urgency: map(&[("high", "SEV2"), ("low", "SEV3")]),
        }
    }
}
