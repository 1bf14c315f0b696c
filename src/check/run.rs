//! Running the rules over files: the two passes of `whys check` (every record alone on
//! every core, then the archive-wide rules), and one file given as bytes.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::cache::first_pass_cached;
use super::lint::{apply_levels, lint_entry_findings, silence_allowed};
use super::place::place;
use super::roster::roster;
use super::ruleset::wording_rules_for;
use super::{check_record, wording_rules, CheckRun, Findings};
use crate::diagnostic::{FileReport, Finding};
use crate::error::Result;
use crate::record::{load_record, record_from_bytes, LintAllow, LoadedRecord};
use crate::settings::{Archive, Settings};
use crate::wording::RuleSet;

/// Checks the record files under `paths` (the archive's `postmortems/` when empty).
///
/// Two passes, both on every core. The first reads, checks and places each file on its own
/// and keeps only what the archive-wide rules need (id, `related`, `lint.allow`) plus, for a
/// file with findings, its text (the human report quotes it): a clean record is dropped as
/// soon as it is checked, so memory stays flat however big the archive. Between the passes
/// the archive-wide rules (duplicate ids, `related`) run over those small summaries; the
/// second pass files their findings and settles `lint.allow`.
///
/// `commit_authors` are the names of the archive's git history (see
/// `archive::commit_authors`): the wording rules treat them as people, as they do the
/// roster in `whys.yaml`.
pub fn check_paths(
    archive: &Archive,
    paths: &[PathBuf],
    commit_authors: &[String],
) -> Result<CheckRun> {
    check_paths_with(archive, paths, commit_authors, false)
}

/// [`check_paths`], with the first pass of unchanged files taken from the archive's cache
/// (`.whys-cache/check.tsv`, see [`crate::record::cache`]) when it has one
/// ([`Archive::cache_root`]). Its entries are valid only
/// under the same settings file, roster of people and build of `whys`, so a change to any
/// of those checks every file again. The archive-wide rules always run.
pub fn check_paths_cached(
    archive: &Archive,
    paths: &[PathBuf],
    commit_authors: &[String],
) -> Result<CheckRun> {
    check_paths_with(archive, paths, commit_authors, true)
}

fn check_paths_with(
    archive: &Archive,
    paths: &[PathBuf],
    commit_authors: &[String],
    use_cache: bool,
) -> Result<CheckRun> {
    let is_default = paths.is_empty();
    let files = archive.record_files(paths)?;
    let settings = &archive.settings;
    let wording = wording_rules_for(archive)?;
    let roster = roster(&archive.settings, commit_authors);
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
pub(super) struct FirstPass {
    /// Findings silenced by `lint.allow`, levelled and placed; `source` only when the file
    /// has findings or a `lint` section.
    pub(super) report: FileReport,
    pub(super) related: Vec<String>,
    /// The record's `lint.allow` entries and which of them silenced something so far.
    pub(super) lint: Option<(Vec<LintAllow>, Vec<bool>)>,
    /// Personal data and secrets the record holds: no finding may repeat them, including
    /// the archive-wide ones added in the second pass.
    pub(super) secrets: Vec<String>,
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

pub(super) fn first_pass_of(
    path: &Path,
    loaded: std::result::Result<LoadedRecord, crate::record::LoadFailure>,
    settings: &Settings,
    wording: &RuleSet,
    roster: &[String],
) -> FirstPass {
    match loaded {
        Ok(rec) => {
            let mut findings = check_record(&rec.record, path, settings);
            super::comment_rules::check(&rec.source, &mut findings);
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
            // The structural errors are known; the rules still run on every field that
            // could be read, so the first run lists every problem the second would.
            // Not when the file is not YAML or breaks the parser's limits: nothing more can
            // be read from it, and reading it again would cost what the limits protect.
            let readable = !findings.iter().any(|f| {
                matches!(f.rule.as_str(), "yaml/syntax" | "yaml/limits")
                    || f.rule.starts_with("file/")
            });
            let recovered = failure
                .source
                .as_deref()
                .filter(|_| readable)
                .and_then(crate::record::lenient::recover);
            let (related, lint, secrets) = match &recovered {
                Some(partial) => {
                    let record = &partial.record;
                    let mut more = check_record(record, path, settings);
                    if let Some(source) = failure.source.as_deref() {
                        super::comment_rules::check(source, &mut more);
                    }
                    wording_rules::check(
                        record,
                        wording,
                        roster,
                        settings.limits.max_field_chars,
                        &mut more,
                    );
                    let secrets = wording_rules::personal_data_found(&more, record);
                    wording_rules::redact(&mut more, &secrets);
                    more.retain(|f| {
                        f.field
                            .as_deref()
                            .is_none_or(|field| !partial.hides(&f.rule, field))
                            && !findings
                                .iter()
                                .any(|s| s.rule == f.rule && s.field == f.field)
                    });
                    let lint = record.lint.as_ref().map(|lint| {
                        let mut used = vec![false; lint.allow.len()];
                        silence_allowed(&mut more, &lint.allow, &mut used);
                        (lint.allow.clone(), used)
                    });
                    if let Some(source) = failure.source.as_deref() {
                        place(&mut more, source, Some(record));
                    }
                    findings.extend(more);
                    (record.related.clone(), lint, secrets)
                }
                None => (Vec::new(), None, Vec::new()),
            };
            apply_levels(&mut findings, settings);
            FirstPass {
                report: FileReport {
                    path: failure.path,
                    source: failure.source,
                    // A record that did not load has no id the archive can count on.
                    record_id: None,
                    findings,
                },
                related,
                lint,
                secrets,
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
            listed_now = crate::common::collect_files(&[archive.postmortems_dir()]).ok();
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
