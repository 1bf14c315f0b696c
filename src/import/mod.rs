//! Getting facts in from where they already are: draft records from other tools' data.
//!
//! Importers are silent: they return what they did (written, updated, kept, skipped,
//! flagged) and leave the telling to the command line.

pub mod grafana;
pub mod input;
pub mod markup;
pub mod merge;
pub mod pagerduty;
pub mod people;
pub mod slack;
pub mod statuspage;

pub use statuspage::{
    convert_incident, import_statuspage, Flag, ImportFailure, ImportSummary, ImportedRecord,
    Placement, StatuspageOptions,
};

pub use crate::settings::{ImportSettings, PagerDutySettings};
