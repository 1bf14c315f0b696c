//! `whys check`: every rule over every record, collecting all findings (never only the
//! first), each with a stable rule id, a level, and its place in the file.

pub mod catalogue;

mod action_rules;
mod chain_rules;
mod evidence_rules;
mod record_rules;
mod time_rules;
mod wording_rules;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use chain_rules::stems;
pub use evidence_rules::{classify as classify_evidence, EvidenceProblem};
pub use record_rules::{is_slug, slugify};
pub use time_rules::human_duration;

use crate::diagnostic::{FileReport, Finding, Severity};
use crate::error::{Error, Result};
use crate::record::locate::{Position, SourceMap, Span};
use crate::record::{load_record, LoadedRecord, Record};
use crate::settings::{Archive, Settings, SETTINGS_FILE};
use crate::wording::{RuleSet, RuleSpec};

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

/// Record files under `paths`: files as given, folders searched for `*.yaml` and `*.yml`
/// (hidden folders and the archive's own `whys.yaml` left out), sorted, each once.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    crate::fsutil::find_files(paths, &is_record_file)
}

fn is_record_file(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str());
    matches!(ext, Some("yaml") | Some("yml"))
        && path.file_name().and_then(|n| n.to_str()) != Some(SETTINGS_FILE)
}

/// Checks the record files under `paths` (the archive's `postmortems/` when empty).
pub fn check_paths(archive: &Archive, paths: &[PathBuf]) -> Result<CheckRun> {
    let default = [archive.postmortems_dir()];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let files = collect_files(paths)?;
    let settings = &archive.settings;
    let wording = wording_rules_for(archive)?;
    let roster = roster(archive);
    let loaded: Vec<(FileReport, Option<LoadedRecord>)> = files
        .par_iter()
        .map(|path| match load_record(path, &settings.limits) {
            Ok(rec) => {
                let mut findings = check_record(&rec.record, path, settings);
                wording_rules::check(&rec.record, &wording, &roster, &mut findings);
                let report = FileReport {
                    path: path.clone(),
                    source: None,
                    record_id: Some(rec.record.id.clone()),
                    findings,
                };
                (report, Some(rec))
            }
            Err(failure) => (
                FileReport {
                    path: failure.path,
                    source: failure.source,
                    record_id: None,
                    findings: failure.findings,
                },
                None,
            ),
        })
        .collect();
    let known_ids = archive_ids(archive, &loaded);
    let mut first_with_id: HashMap<&str, &Path> = HashMap::new();
    let mut archive_findings: Vec<Vec<Finding>> = vec![Vec::new(); loaded.len()];
    for (i, (_, rec)) in loaded.iter().enumerate() {
        let Some(rec) = rec else { continue };
        let mut out = Findings::default();
        let id = rec.record.id.as_str();
        match first_with_id.get(id) {
            Some(first) => {
                out.add(
                    "record/duplicate-id",
                    Some("id"),
                    format!("id `{id}` is also the id of {}", first.display()),
                );
            }
            None => {
                first_with_id.insert(id, &rec.path);
            }
        }
        for (j, related) in rec.record.related.iter().enumerate() {
            if !known_ids.contains(related.as_str()) {
                out.add(
                    "record/related",
                    Some(&format!("related[{j}]")),
                    format!("`{related}` is not the id of a record in the archive"),
                );
            }
        }
        archive_findings[i] = out.into_vec();
    }
    let files = loaded
        .into_par_iter()
        .zip(archive_findings)
        .map(|((mut report, rec), extra)| {
            report.findings.extend(extra);
            if let Some(rec) = rec {
                wording_rules::redact_personal_data(&mut report.findings, &rec.record);
                apply_record_lint(&mut report.findings, &rec.record, &wording);
                apply_levels(&mut report.findings, settings);
                if !report.findings.is_empty() {
                    place(&mut report.findings, &rec.source, &rec.record);
                }
                report.source = Some(rec.source);
            } else {
                apply_levels(&mut report.findings, settings);
            }
            report.findings.sort_by_key(|f| f.span.map(|s| s.start));
            report
        })
        .collect();
    Ok(CheckRun { files })
}

/// The wording rules: the built-in file plus the archive's own (`lint.rules` in whys.yaml).
/// Re-levelling (`lint.levels`) is applied to every finding afterwards, wording or not.
pub fn wording_rules_for(archive: &Archive) -> Result<RuleSet> {
    let settings_path = archive
        .settings_file
        .clone()
        .unwrap_or_else(|| archive.root.join(SETTINGS_FILE));
    let extra: Vec<RuleSpec> = archive
        .settings
        .lint
        .rules
        .iter()
        .enumerate()
        .map(|(i, v)| {
            yaml_serde::from_value(v.clone()).map_err(|e| Error::Settings {
                path: settings_path.clone(),
                line: 1,
                column: 1,
                message: format!("lint.rules[{i}]: {e}"),
            })
        })
        .collect::<Result<_>>()?;
    let rules = RuleSet::with_overrides(&extra, &BTreeMap::new()).map_err(|e| Error::Settings {
        path: settings_path.clone(),
        line: 1,
        column: 1,
        message: e.to_string(),
    })?;
    // An archive's own rules are held to their own examples, as the built-in ones are.
    let ctx = crate::wording::ScanContext {
        names: &archive.settings.people,
        published: false,
    };
    let failures: Vec<String> = extra
        .iter()
        .flat_map(|spec| rules.example_failures(spec, &ctx))
        .collect();
    if !failures.is_empty() {
        return Err(Error::Settings {
            path: settings_path,
            line: 1,
            column: 1,
            message: format!(
                "lint.rules: a rule does not keep to its own examples: {}",
                failures.join("; ")
            ),
        });
    }
    Ok(rules)
}

/// Everyone the archive knows by name: the roster in whys.yaml and the authors of its git
/// history (names and e-mail local parts).
pub fn roster(archive: &Archive) -> Vec<String> {
    let mut names = archive.settings.people.clone();
    names.extend(crate::archive::commit_authors(&archive.root));
    names.sort();
    names.dedup();
    names
}

/// Ids in the archive: those just loaded, and the file names of every record under
/// `postmortems/` (enough for `related:`, without parsing the whole archive).
fn archive_ids(
    archive: &Archive,
    loaded: &[(FileReport, Option<LoadedRecord>)],
) -> HashSet<String> {
    let mut ids: HashSet<String> = loaded
        .iter()
        .filter_map(|(r, _)| r.record_id.clone())
        .collect();
    if let Ok(files) = collect_files(&[archive.postmortems_dir()]) {
        ids.extend(
            files
                .iter()
                .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned)),
        );
    }
    ids
}

/// `lint.allow` in the record: silence one rule in one field (and what lies under it).
fn apply_record_lint(findings: &mut Vec<Finding>, record: &Record, wording: &RuleSet) {
    let Some(lint) = &record.lint else { return };
    let mut used = vec![false; lint.allow.len()];
    findings.retain(|f| {
        let silenced = lint.allow.iter().position(|a| {
            a.rule == f.rule
                && !a.reason.trim().is_empty()
                && f.field
                    .as_deref()
                    .is_some_and(|field| field_within(field, &a.field))
        });
        if let Some(i) = silenced {
            used[i] = true;
        }
        silenced.is_none()
    });
    let mut out = Findings::default();
    for (i, allow) in lint.allow.iter().enumerate() {
        let path = format!("lint.allow[{i}]");
        if allow.reason.trim().is_empty() {
            out.add(
                "lint/allow",
                Some(&format!("{path}.reason")),
                "a `lint.allow` entry needs a reason",
            )
            .suggest("say why this finding does not apply here");
        } else if catalogue::find(&allow.rule).is_none()
            && !wording.rules().any(|r| r.id == allow.rule)
        {
            out.add(
                "lint/allow",
                Some(&format!("{path}.rule")),
                format!("`{}` is not a rule id", allow.rule),
            )
            .suggest("see `whys check --explain` for the list of rules");
        } else if !used[i] {
            out.add(
                "lint/unused-allow",
                Some(&path),
                format!(
                    "this allowance of `{}` in `{}` silences nothing",
                    allow.rule, allow.field
                ),
            )
            .suggest("remove it, so it cannot hide a future finding");
        }
    }
    findings.extend(out.into_vec());
}

/// `field` is `allowed` or lies under it (`whys[2]` covers `whys[2].because`).
fn field_within(field: &str, allowed: &str) -> bool {
    field == allowed
        || field
            .strip_prefix(allowed)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// `lint.levels` in `whys.yaml`: re-level or turn off rules archive-wide.
fn apply_levels(findings: &mut Vec<Finding>, settings: &Settings) {
    if settings.lint.levels.is_empty() {
        return;
    }
    let levels: &BTreeMap<String, String> = &settings.lint.levels;
    findings.retain_mut(|f| match levels.get(&f.rule).map(String::as_str) {
        Some("off") => false,
        Some(level) => {
            if let Some(s) = Severity::parse(level) {
                f.severity = s;
            }
            true
        }
        None => true,
    });
}

/// Gives each finding that names a field the line and column of that field, or of the
/// words inside it that the finding is about.
fn place(findings: &mut [Finding], source: &str, record: &Record) {
    let Ok(map) = SourceMap::new(source) else {
        return;
    };
    let texts: HashMap<String, &str> = wording_rules::text_fields(record).into_iter().collect();
    for f in findings.iter_mut().filter(|f| f.span.is_none()) {
        let path = f.field.as_deref().unwrap_or("");
        let Some(located) = map.locate(path) else {
            continue;
        };
        f.span = Some(located.value);
        if !located.exact && located.key.is_none() && f.rule == "record/required-for-status" {
            // A missing top-level field has no place of its own; the status that requires it
            // explains the finding better than the first line of the file.
            if let Some(status) = map.locate("status").filter(|l| l.exact) {
                f.span = Some(status.value);
            }
        }
        if let (Some((start, end)), Some(text)) = (f.text_range, texts.get(path)) {
            if let Some(span) = locate_words(source, located.value, text, start, end) {
                f.span = Some(span);
            }
        }
    }
}

/// The place in `source` of `text[start..end]`, searching from the field's value: the n-th
/// occurrence of its first line, where n counts the occurrences before it in the text.
fn locate_words(source: &str, value: Span, text: &str, start: usize, end: usize) -> Option<Span> {
    let words = text.get(start..end)?;
    let needle = words.lines().next().filter(|l| !l.is_empty())?;
    let before = text.get(..start)?.matches(needle).count();
    let line_offset: usize = source
        .split_inclusive('\n')
        .take(value.start.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = source.get(line_offset..)?.lines().next().unwrap_or("");
    let column_offset = line
        .char_indices()
        .nth(value.start.column.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let value_start = line_offset + column_offset;
    let found = source
        .get(value_start..)?
        .match_indices(needle)
        .nth(before)?
        .0
        + value_start;
    let line_no = source[..found].matches('\n').count() + 1;
    let line_start = source[..found].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = source[line_start..found].chars().count() + 1;
    Some(Span {
        start: Position {
            line: line_no,
            column,
        },
        end: Position {
            line: line_no,
            column: column + needle.chars().count(),
        },
    })
}
