//! `whys changes`: what changed in a service repository before the incident started.
//! A deployment is the most common trigger, so the commits, merges and tags of the window
//! before `started` are the first place to look.

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::common::short_oid;
use crate::error::{Error, Result};
use crate::record::edit::{add_changes, change_references, NewChange};
use crate::record::{ChangeKind, LoadedRecord, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RepoChangeKind {
    Commit,
    Merge,
    Tag,
}

#[derive(Debug, Clone, Serialize)]
pub struct RepoChange {
    /// Commit time (when it landed), or the tagger's time for an annotated tag.
    pub at: Timestamp,
    pub kind: RepoChangeKind,
    pub commit: String,
    pub short: String,
    pub author: String,
    pub subject: String,
    /// Tags pointing at the commit.
    pub tags: Vec<String>,
}

pub struct ChangesQuery<'a> {
    pub since: Timestamp,
    pub until: Timestamp,
    /// Only commits whose message contains this (case-insensitive).
    pub grep: Option<&'a str>,
    /// Only commits touching paths under this prefix.
    pub path: Option<&'a str>,
}

/// Commits, merges and tags of the repository at `repo_dir` in `(since, until]`, newest first.
pub fn repo_changes(repo_dir: &Path, query: &ChangesQuery) -> Result<Vec<RepoChange>> {
    let repo = git2::Repository::discover(repo_dir).map_err(|e| Error::git(repo_dir, e))?;
    let err = |e: git2::Error| Error::git(repo.path(), e);
    let mut tags: HashMap<git2::Oid, Vec<(String, Option<git2::Time>)>> = HashMap::new();
    for name in repo
        .tag_names(None)
        .map_err(err)?
        .iter()
        .flatten()
        .flatten()
    {
        let Ok(reference) = repo.find_reference(&format!("refs/tags/{name}")) else {
            continue;
        };
        let tagger_time = reference
            .peel_to_tag()
            .ok()
            .and_then(|t| t.tagger().map(|s| s.when()));
        if let Ok(commit) = reference.peel_to_commit() {
            tags.entry(commit.id())
                .or_default()
                .push((name.to_owned(), tagger_time));
        }
    }
    let mut walk = repo.revwalk().map_err(err)?;
    if walk.push_head().is_err() {
        return Ok(Vec::new());
    }
    let _ = walk.push_glob("refs/tags/*");
    walk.set_sorting(git2::Sort::TIME).map_err(err)?;
    let grep = query.grep.map(str::to_lowercase);
    let mut out = Vec::new();
    for oid in walk {
        let commit = repo.find_commit(oid.map_err(err)?).map_err(err)?;
        let at = Timestamp::from_git(commit.committer().when());
        let tag_list = tags.get(&commit.id()).cloned().unwrap_or_default();
        // Walking by time: once well before the window, nothing older can be in it, but
        // clocks of different committers skew, so stop only a day past the start.
        if at.0 < query.since.0 - chrono::TimeDelta::days(1) && tag_list.is_empty() {
            break;
        }
        let message = commit.message().unwrap_or("");
        if grep
            .as_ref()
            .is_some_and(|g| !message.to_lowercase().contains(g))
        {
            continue;
        }
        if let Some(prefix) = query.path {
            if !touches(&repo, &commit, prefix) {
                continue;
            }
        }
        let common = |kind, at| RepoChange {
            at,
            kind,
            commit: commit.id().to_string(),
            short: short_oid(commit.id()),
            author: commit.author().name().unwrap_or("?").to_owned(),
            subject: commit.summary().ok().flatten().unwrap_or("").to_owned(),
            tags: tag_list.iter().map(|(n, _)| n.clone()).collect(),
        };
        if in_window(&at, query) {
            let kind = if commit.parent_count() > 1 {
                RepoChangeKind::Merge
            } else {
                RepoChangeKind::Commit
            };
            out.push(common(kind, at));
        }
        for (name, time) in &tag_list {
            let tag_at = time.map(Timestamp::from_git).unwrap_or(at);
            if time.is_some() && in_window(&tag_at, query) {
                let mut entry = common(RepoChangeKind::Tag, tag_at);
                entry.subject = format!("tag {name}: {}", entry.subject);
                out.push(entry);
            }
        }
    }
    out.sort_by(|a, b| b.at.cmp(&a.at).then(a.commit.cmp(&b.commit)));
    out.dedup_by(|a, b| a.commit == b.commit && a.kind == b.kind && a.at == b.at);
    Ok(out)
}

fn in_window(at: &Timestamp, q: &ChangesQuery) -> bool {
    at.0 > q.since.0 && at.0 <= q.until.0
}

fn touches(repo: &git2::Repository, commit: &git2::Commit, prefix: &str) -> bool {
    let Ok(tree) = commit.tree() else {
        return false;
    };
    let parent = commit.parent(0).ok().and_then(|p| p.tree().ok());
    let Ok(diff) = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), None) else {
        return false;
    };
    let prefix = prefix.trim_start_matches("./");
    diff.deltas().any(|d| {
        [d.new_file().path(), d.old_file().path()]
            .into_iter()
            .flatten()
            .any(|p| p.to_string_lossy().starts_with(prefix))
    })
}

/// Adds the changes to the record's `changes:` list as `kind: deploy` entries, keeping the
/// file's comments and layout; entries whose commit is already referenced are skipped.
/// Returns how many were added. The new text must parse as a record, or nothing is written.
pub fn add_to_record(
    loaded: &LoadedRecord,
    repo_name: &str,
    changes: &[RepoChange],
) -> Result<usize> {
    let existing = change_references(loaded);
    let references: Vec<(&RepoChange, String)> = changes
        .iter()
        .filter(|c| c.kind != RepoChangeKind::Tag)
        .filter(|c| !existing.iter().any(|r| r.contains(&c.short)))
        .map(|c| (c, format!("{repo_name}@{}", c.short)))
        .collect();
    let fresh: Vec<NewChange> = references
        .iter()
        .map(|(c, reference)| NewChange {
            at: &c.at,
            kind: ChangeKind::Deploy,
            description: &c.subject,
            reference,
        })
        .collect();
    add_changes(loaded, &fresh)
}
