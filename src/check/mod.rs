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
use serde::{Deserialize, Serialize};

pub use chain_rules::stems;
pub use evidence_rules::{classify as classify_evidence, EvidenceProblem};
pub use record_rules::{is_slug, slugify};
pub use time_rules::human_duration;

use crate::diagnostic::{FileReport, Finding, Severity};
use crate::error::{Error, Result};
use crate::record::cache::{through_cache, CacheSpec};
use crate::record::locate::{Position, SourceMap, Span};
use crate::record::{load_record, record_from_bytes, LintAllow, LoadedRecord, Record};
use crate::settings::{Archive, Settings, SETTINGS_FILE};
use crate::stable_hash::fnv1a;
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
///
/// Two passes, both on every core. The first reads, checks and places each file on its own
/// and keeps only what the archive-wide rules need (id, `related`, `lint.allow`) plus, for a
/// file with findings, its text (the human report quotes it): a clean record is dropped as
/// soon as it is checked, so memory stays flat however big the archive. Between the passes
/// the archive-wide rules (duplicate ids, `related`) run over those small summaries; the
/// second pass files their findings and settles `lint.allow`.
pub fn check_paths(archive: &Archive, paths: &[PathBuf]) -> Result<CheckRun> {
    check_paths_with(archive, paths, false)
}

/// [`check_paths`], with the first pass of unchanged files taken from the archive's cache
/// (`.whys-cache/check.tsv`, see [`crate::record::cache`]) when it has one
/// ([`Archive::cache_root`]). Its entries are valid only
/// under the same settings file, roster of people and build of `whys`, so a change to any
/// of those checks every file again. The archive-wide rules always run.
pub fn check_paths_cached(archive: &Archive, paths: &[PathBuf]) -> Result<CheckRun> {
    check_paths_with(archive, paths, true)
}

fn check_paths_with(archive: &Archive, paths: &[PathBuf], use_cache: bool) -> Result<CheckRun> {
    let is_default = paths.is_empty();
    let files = archive.record_files(paths)?;
    let settings = &archive.settings;
    let wording = wording_rules_for(archive)?;
    let roster = roster(archive);
    let checked: Vec<FirstPass> =
        if let Some(cache_root) = archive.cache_root().filter(|_| use_cache) {
            first_pass_cached(archive, cache_root, &files, &wording, &roster)
        } else {
            files
                .par_iter()
                .map(|path| first_pass(path, settings, &wording, &roster))
                .collect()
        };

    let known_ids = archive_ids(archive, &checked, is_default.then_some(&files[..]));
    let mut first_with_id: HashMap<&str, &Path> = HashMap::new();
    let mut archive_findings: Vec<Vec<Finding>> = vec![Vec::new(); checked.len()];
    for (i, pass) in checked.iter().enumerate() {
        let Some(id) = pass.report.record_id.as_deref() else {
            continue;
        };
        let mut out = Findings::default();
        match first_with_id.get(id) {
            Some(first) => {
                out.add(
                    "record/duplicate-id",
                    Some("id"),
                    format!("id `{id}` is also the id of {}", first.display()),
                );
            }
            None => {
                first_with_id.insert(id, &pass.report.path);
            }
        }
        for (j, related) in pass.related.iter().enumerate() {
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
    let files = checked
        .into_par_iter()
        .zip(archive_findings)
        .map(|(pass, extra)| second_pass(pass, extra, settings, &wording))
        .collect();
    Ok(CheckRun { files })
}

/// One file after the first pass: its report so far and what the archive-wide rules need.
struct FirstPass {
    /// Findings silenced by `lint.allow`, levelled and placed; `source` only when the file
    /// has findings or a `lint` section.
    report: FileReport,
    related: Vec<String>,
    /// The record's `lint.allow` entries and which of them silenced something so far.
    lint: Option<(Vec<LintAllow>, Vec<bool>)>,
    /// Personal data and secrets the record holds: no finding may repeat them, including
    /// the archive-wide ones added in the second pass.
    secrets: Vec<String>,
}

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

fn first_pass_cached(
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

/// Checks one record file given as bytes, as `whys check` checks a file alone: every rule
/// that looks at one record, `lint.allow`, levels and places. The archive-wide rules
/// (duplicate ids, `related`) need the archive and are left out. `path` only names the file.
pub fn check_bytes(
    path: &Path,
    bytes: Vec<u8>,
    settings: &Settings,
    wording: &RuleSet,
    roster: &[String],
) -> FileReport {
    let loaded = record_from_bytes(path, bytes, &settings.limits);
    second_pass(
        first_pass_of(path, loaded, settings, wording, roster),
        Vec::new(),
        settings,
        wording,
    )
}

fn first_pass(path: &Path, settings: &Settings, wording: &RuleSet, roster: &[String]) -> FirstPass {
    first_pass_of(
        path,
        load_record(path, &settings.limits),
        settings,
        wording,
        roster,
    )
}

fn first_pass_of(
    path: &Path,
    loaded: std::result::Result<LoadedRecord, crate::record::LoadFailure>,
    settings: &Settings,
    wording: &RuleSet,
    roster: &[String],
) -> FirstPass {
    match loaded {
        Ok(rec) => {
            let mut findings = check_record(&rec.record, path, settings);
            wording_rules::check(
                &rec.record,
                wording,
                roster,
                settings.limits.max_field_chars,
                &mut findings,
            );
            let secrets = wording_rules::personal_data_found(&findings, &rec.record);
            wording_rules::redact(&mut findings, &secrets);
            let lint = rec.record.lint.as_ref().map(|lint| {
                let mut used = vec![false; lint.allow.len()];
                silence_allowed(&mut findings, &lint.allow, &mut used);
                (lint.allow.clone(), used)
            });
            apply_levels(&mut findings, settings);
            if !findings.is_empty() {
                place(&mut findings, &rec.source, Some(&rec.record));
            }
            let LoadedRecord { source, record, .. } = rec;
            let keep_source = !findings.is_empty() || lint.is_some();
            FirstPass {
                report: FileReport {
                    path: path.to_owned(),
                    source: keep_source.then_some(source),
                    record_id: Some(record.id),
                    findings,
                },
                related: record.related,
                lint,
                secrets,
            }
        }
        Err(failure) => {
            let mut findings = failure.findings;
            apply_levels(&mut findings, settings);
            FirstPass {
                report: FileReport {
                    path: failure.path,
                    source: failure.source,
                    record_id: None,
                    findings,
                },
                related: Vec::new(),
                lint: None,
                secrets: Vec::new(),
            }
        }
    }
}

/// Adds the archive-wide findings of one file, settles its `lint.allow`, and sorts.
fn second_pass(
    pass: FirstPass,
    mut extra: Vec<Finding>,
    settings: &Settings,
    wording: &RuleSet,
) -> FileReport {
    let FirstPass {
        mut report,
        lint,
        secrets,
        ..
    } = pass;
    wording_rules::redact(&mut extra, &secrets);
    if let Some((allow, mut used)) = lint {
        silence_allowed(&mut extra, &allow, &mut used);
        extra.extend(lint_entry_findings(&allow, &used, wording));
    }
    if !extra.is_empty() {
        apply_levels(&mut extra, settings);
        // A clean record's text was not kept; the rare archive-wide finding reads it again.
        if report.source.is_none() {
            report.source = std::fs::read_to_string(&report.path).ok();
        }
        if let Some(source) = &report.source {
            place(&mut extra, source, None);
        }
        report.findings.extend(extra);
    }
    if report.findings.is_empty() {
        report.source = None;
    }
    report.findings.sort_by_key(|f| f.span.map(|s| s.start));
    report
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
/// `postmortems/` (enough for `related:`, without parsing the whole archive). `listed` is
/// that folder's files when the run already listed them.
fn archive_ids(
    archive: &Archive,
    checked: &[FirstPass],
    listed: Option<&[PathBuf]>,
) -> HashSet<String> {
    let mut ids: HashSet<String> = checked
        .iter()
        .filter_map(|c| c.report.record_id.clone())
        .collect();
    let listed_now;
    let files = match listed {
        Some(files) => Some(files),
        None => {
            listed_now = collect_files(&[archive.postmortems_dir()]).ok();
            listed_now.as_deref()
        }
    };
    if let Some(files) = files {
        ids.extend(
            files
                .iter()
                .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned)),
        );
    }
    ids
}

/// `lint.allow` in the record: silence one rule in one field (and what lies under it).
/// `used` marks the entries that silenced something.
fn silence_allowed(findings: &mut Vec<Finding>, allow: &[LintAllow], used: &mut [bool]) {
    findings.retain(|f| {
        let silenced = allow.iter().position(|a| {
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
}

/// Findings about the `lint.allow` entries themselves: no reason, an unknown rule, or an
/// allowance that silenced nothing.
fn lint_entry_findings(allow: &[LintAllow], used: &[bool], wording: &RuleSet) -> Vec<Finding> {
    let mut out = Findings::default();
    for (i, entry) in allow.iter().enumerate() {
        let path = format!("lint.allow[{i}]");
        if entry.reason.trim().is_empty() {
            out.add(
                "lint/allow",
                Some(&format!("{path}.reason")),
                "a `lint.allow` entry needs a reason",
            )
            .suggest("say why this finding does not apply here");
        } else if catalogue::find(&entry.rule).is_none()
            && !wording.rules().any(|r| r.id == entry.rule)
        {
            out.add(
                "lint/allow",
                Some(&format!("{path}.rule")),
                format!("`{}` is not a rule id", entry.rule),
            )
            .suggest("see `whys check --explain` for the list of rules");
        } else if !used[i] {
            out.add(
                "lint/unused-allow",
                Some(&path),
                format!(
                    "this allowance of `{}` in `{}` silences nothing",
                    entry.rule, entry.field
                ),
            )
            .suggest("remove it, so it cannot hide a future finding");
        }
    }
    out.into_vec()
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
/// words inside it that the finding is about (for which `record` holds the field's text).
fn place(findings: &mut [Finding], source: &str, record: Option<&Record>) {
    if findings.iter().all(|f| f.span.is_some()) {
        return;
    }
    let Ok(map) = SourceMap::new(source) else {
        return;
    };
    let texts: HashMap<String, &str> = if findings.iter().any(|f| f.text_range.is_some()) {
        record
            .map(|r| wording_rules::text_fields(r).into_iter().collect())
            .unwrap_or_default()
    } else {
        HashMap::new()
    };
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
