//! The check's cache: what the first pass found in each unchanged record, kept in
//! `.whys-cache/check.tsv` so that a warm `whys check` of a large archive reads only the
//! files that changed.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::run::{first_pass_of, FirstPass};
use crate::diagnostic::{FileReport, Finding};
use crate::record::cache::{through_cache, CacheSpec};
use crate::record::{record_from_bytes, LintAllow};
use crate::settings::Archive;
use crate::stable_hash::fnv1a;
use crate::wording::RuleSet;

/// The file of the check's cache, in [`crate::record::cache::CACHE_DIR`].
pub const CHECK_CACHE_FILE: &str = "check.tsv";

/// What the first pass found in a record that loaded, as the check's cache keeps it. The
/// file's text is not cached: a file with findings is read again to quote its lines.
#[derive(Serialize, Deserialize)]
struct CheckedRecord {
    id: String,
    related: Vec<String>,
    lint: Option<(Vec<LintAllow>, Vec<bool>)>,
    secrets: Vec<String>,
    findings: Vec<Finding>,
    #[serde(skip)]
    source: Option<String>,
}

impl CheckedRecord {
    /// `Err` gives back a file that did not load: such files are never cached.
    fn from_pass(pass: FirstPass) -> std::result::Result<CheckedRecord, Box<FirstPass>> {
        let Some(id) = pass.report.record_id.clone() else {
            return Err(Box::new(pass));
        };
        Ok(CheckedRecord {
            id,
            related: pass.related,
            lint: pass.lint,
            secrets: pass.secrets,
            findings: pass.report.findings,
            source: pass.report.source,
        })
    }

    fn into_pass(self, path: &Path) -> FirstPass {
        let needs_source = !self.findings.is_empty() || self.lint.is_some();
        let source = match self.source {
            Some(source) => Some(source),
            None if needs_source => std::fs::read_to_string(path).ok(),
            None => None,
        };
        FirstPass {
            report: FileReport {
                path: path.to_owned(),
                source: source.filter(|_| needs_source),
                record_id: Some(self.id),
                findings: self.findings,
            },
            related: self.related,
            lint: self.lint,
            secrets: self.secrets,
        }
    }
}

pub(super) fn first_pass_cached(
    archive: &Archive,
    cache_root: &Path,
    files: &[PathBuf],
    wording: &RuleSet,
    roster: &[String],
) -> Vec<FirstPass> {
    let settings = &archive.settings;
    let settings_bytes = archive
        .settings_file
        .as_deref()
        .and_then(|path| std::fs::read(path).ok())
        .unwrap_or_default();
    let spec = CacheSpec {
        root: cache_root,
        file_name: CHECK_CACHE_FILE,
        context: format!(
            "settings={:016x} roster={:016x}",
            fnv1a(&settings_bytes),
            fnv1a(roster.join("\n").as_bytes())
        ),
    };
    let (results, _) = through_cache(
        &spec,
        files,
        &settings.limits,
        |path, bytes| {
            let loaded = record_from_bytes(path, bytes, &settings.limits);
            CheckedRecord::from_pass(first_pass_of(path, loaded, settings, wording, roster))
        },
        |failure| {
            let path = failure.path.clone();
            Box::new(first_pass_of(
                &path,
                Err(failure),
                settings,
                wording,
                roster,
            ))
        },
    );
    files
        .iter()
        .zip(results)
        .map(|(path, result)| match result {
            Ok(checked) => checked.into_pass(path),
            Err(pass) => *pass,
        })
        .collect()
}
