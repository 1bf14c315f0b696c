//! `whys check`: every rule over every record, collecting all findings (never only the
//! first), each with a stable rule id, a level, and its place in the file.
//!
//! One file a concern: `run` runs the rules (two passes), `cache` keeps the first
//! pass of unchanged files, `ruleset` builds the wording rules of a run, `roster` the
//! people they must recognise, `lint` applies `lint.allow` and `lint.levels`, and `place`
//! turns field paths into lines and columns. The rules themselves are in `*_rules.rs`, their
//! ids and levels in [`catalogue`].

pub mod catalogue;

mod cache;
mod lint;
mod place;
mod roster;
mod ruleset;
mod run;

mod action_rules;
mod chain_rules;
mod comment_rules;
mod evidence_rules;
mod record_rules;
mod time_rules;
mod wording_rules;

use std::path::Path;

pub use action_rules::is_action_key;
pub use cache::CHECK_CACHE_FILE;
pub use evidence_rules::{classify as classify_evidence, EvidenceProblem};
pub use roster::roster;
pub use ruleset::wording_rules_for;
pub use run::{check_bytes, check_paths, check_paths_cached};
pub use time_rules::out_of_order;

use crate::diagnostic::{FileReport, Finding, Severity};
use crate::record::Record;
use crate::settings::Settings;

/// Findings of one record, gathered by the rules.
#[derive(Default)]
pub struct Findings {
    list: Vec<Finding>,
}

/// A finding just added, to give it a suggestion.
pub struct Added<'a>(&'a mut Finding);

impl Added<'_> {
    pub fn suggest(self, suggestion: impl Into<String>) {
        self.0.suggestion = Some(suggestion.into());
    }
}

impl Findings {
    /// Adds a finding of `rule` at its catalogue level.
    pub fn add(
        &mut self,
        rule: &str,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Added<'_> {
        let level = catalogue::find(rule)
            .map(|r| r.level)
            .unwrap_or(Severity::Error);
        self.list.push(Finding::new(rule, level, field, message));
        let last = self.list.len() - 1;
        Added(&mut self.list[last])
    }

    pub fn push(&mut self, finding: Finding) {
        self.list.push(finding);
    }

    pub fn into_vec(self) -> Vec<Finding> {
        self.list
    }
}

/// Every rule that looks at one record alone.
pub fn check_record(record: &Record, path: &Path, settings: &Settings) -> Vec<Finding> {
    let mut out = Findings::default();
    record_rules::check(record, path, settings, &mut out);
    time_rules::check(record, settings, &mut out);
    chain_rules::check(record, settings, &mut out);
    action_rules::check(record, settings, &mut out);
    evidence_rules::check(record, &mut out);
    out.into_vec()
}

/// The outcome of checking a set of files.
#[derive(Debug, Default)]
pub struct CheckRun {
    pub files: Vec<FileReport>,
}

impl CheckRun {
    pub fn count(&self, severity: Severity) -> usize {
        self.files.iter().map(|f| f.count(severity)).sum()
    }

    /// Errors fail a check; with `deny_warnings`, warnings do too.
    pub fn failed(&self, deny_warnings: bool) -> bool {
        self.count(Severity::Error) > 0 || (deny_warnings && self.count(Severity::Warning) > 0)
    }
}
