//! `whys`: incident post-mortems as checked YAML records.
//!
//! The modules in pipeline order: each uses only modules above it in this list (a test,
//! `tests/module_graph.rs`, keeps the graph free of cycles and prints it with
//! `cargo test --test module_graph -- --nocapture`).
//!
//! Foundations, used by every stage:
//! - [`stable_hash`]: a hash whose value never changes between builds, for caches;
//! - [`diagnostic`]: findings, places in a file (line and column), severities;
//! - [`wording`]: blameless-wording and personal-data rules, as data (`rules/wording.yaml`);
//!   it knows nothing of records, only of text, so every stage can use it;
//! - [`error`]: every error type the library returns, and the one [`Error`] wrapping them;
//! - [`fsutil`]: finding files, and writing them atomically;
//! - [`common`]: small shared helpers: slugs, word stems, durations, record files;
//!
//! The stages:
//! - [`settings`]: the archive's `whys.yaml`, and finding the archive;
//! - [`record`]: the `whys/v1` record, loading it, placing fields in their file, and the
//!   cache of parsed records that keeps whole-archive reports fast;
//! - [`evidence`]: evidence about an incident: logs, traces, a service repository's changes;
//! - [`check`]: the rules `whys check` applies, collecting every finding;
//! - [`archive`]: the archive in git: init, commit (which checks first), history;
//! - [`lsp`]: what `whys lsp` tells an editor: diagnostics of every rule on unsaved text,
//!   quick fixes, completion and hovers, as `lsp-types` values;
//! - [`stats`]: the statistics honest MTTR reports need (medians, bootstrap, permutation tests);
//! - [`report`]: the MTTx trend report, the action-item review, the export;
//! - [`render`]: records, the MTTR report and the action review through Tera templates to
//!   Markdown and HTML (one escaping module for each), and the static site;
//! - [`import`]: draft records and facts from other tools' data (Statuspage, PagerDuty, Slack,
//!   Grafana), people written as roles, merged into records by text edits;
//! - [`related`]: other incidents in the archive like a given one;
//! - [`tracker`]: action items synced with GitHub Issues or Jira;
//! - [`output`]: every command's value written in the chosen form, one renderer per form:
//!   findings for people (rustc-style) and machines (JSON, GitHub, SARIF), and the plain
//!   text and JSON of history, changes, related incidents, trace summaries, comparisons.
//!
//! The library prints nothing; the `whys` binary is a thin layer over it.

pub mod archive;
pub mod check;
pub mod common;
pub mod diagnostic;
pub mod error;
pub mod evidence;
pub mod fsutil;
pub mod import;
pub mod lsp;
pub mod output;
pub mod record;
pub mod related;
pub mod render;
pub mod report;
pub mod settings;
pub mod stable_hash;
pub mod stats;
pub mod tracker;
pub mod wording;

pub use error::{Error, Result};
