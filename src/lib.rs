//! `whys`: incident post-mortems as checked YAML records.
//!
//! The data's journey, one module a stage:
//! - [`record`]: the `whys/v1` record, loading it, placing fields in their file, and the
//!   cache of parsed records that keeps whole-archive reports fast;
//! - [`check`]: the rules `whys check` applies, collecting every finding;
//! - [`output`]: findings written for people (rustc-style) and machines (JSON, GitHub, SARIF);
//! - [`stats`]: the statistics honest MTTR reports need (medians, bootstrap, permutation tests);
//! - [`archive`]: the archive in git;
//! - [`wording`]: blameless-wording and personal-data rules, as data (`rules/wording.yaml`);
//! - [`render`]: records through Tera templates to Markdown and HTML, and the static site;
//! - [`settings`]: the archive's `whys.yaml`;
//! - [`import`]: draft records from other tools' data (Statuspage);
//! - [`related`]: other incidents in the archive like a given one.
//!
//! The library prints nothing; the `whys` binary is a thin layer over it.

pub mod archive;
pub mod check;
pub mod diagnostic;
pub mod error;
pub mod evidence;
pub mod fsutil;
pub mod import;
pub mod output;
pub mod record;
pub mod related;
pub mod render;
pub mod report;
pub mod settings;
pub mod stable_hash;
pub mod stats;
pub mod wording;

pub use error::{Error, Result};
