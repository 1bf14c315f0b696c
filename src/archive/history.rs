//! `whys history ID`: a record's revisions from git, following renames, each with a line
//! on what changed.

use std::path::Path;

use serde::Serialize;

use super::commit::record_at;
use super::{open_repository, record_changes, repo_relative};
use crate::error::{Error, Result};
use crate::record::Timestamp;
use crate::settings::Archive;

#[derive(Debug, Clone, Serialize)]
pub struct Revision {
    pub commit: String,
    pub author: String,
    pub email: String,
    pub date: Timestamp,
    /// The record's path in that commit.
    pub path: String,
    pub subject: String,
    pub changes: Vec<String>,
}

/// Finds the file of record `id` in the archive's work tree.
pub fn find_record_file(archive: &Archive, id: &str) -> Result<std::path::PathBuf> {
    let files = archive.record_files(&[])?;
    files
        .into_iter()
        .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(id))
        .ok_or_else(|| {
            Error::Usage(format!(
                "no record `{id}` under {}",
                archive.postmortems_dir().display()
            ))
        })
}

/// Revisions of record `id`, newest first.
pub fn history(archive: &Archive, id: &str) -> Result<Vec<Revision>> {
    let file = find_record_file(archive, id)?;
    let repo = open_repository(&archive.root)?;
    let mut path = repo_relative(&repo, &file)?;
    let err = |e: git2::Error| Error::git(repo.path(), e);
    let mut walk = repo.revwalk().map_err(err)?;
    if walk.push_head().is_err() {
        return Ok(Vec::new());
    }
    walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
        .map_err(err)?;
    walk.simplify_first_parent().map_err(err)?;
    let mut out = Vec::new();
    for oid in walk {
        let commit = repo.find_commit(oid.map_err(err)?).map_err(err)?;
        let tree = commit.tree().map_err(err)?;
        let Ok(entry) = tree.get_path(Path::new(&path)) else {
            continue;
        };
        let parent_tree = commit.parent(0).ok().and_then(|p| p.tree().ok());
        let mut old_path = path.clone();
        let mut renamed = false;
        if let Some(pt) = &parent_tree {
            if pt.get_path(Path::new(&path)).is_err() {
                if let Some(from) = rename_source(&repo, pt, &tree, &path) {
                    old_path = from;
                    renamed = true;
                }
            }
        }
        let parent_blob = parent_tree
            .as_ref()
            .and_then(|pt| pt.get_path(Path::new(&old_path)).ok())
            .map(|e| e.id());
        if parent_blob == Some(entry.id()) && !renamed {
            continue;
        }
        let new = record_at(&repo, &tree, &path);
        let old = parent_tree
            .as_ref()
            .and_then(|pt| record_at(&repo, pt, &old_path));
        let mut changes = match &new {
            Some(n) if parent_blob.is_some() && old.is_none() => {
                vec!["the previous version did not parse".to_owned()]
            }
            Some(n) => {
                let mut lines = record_changes(old.as_ref(), n);
                if let Some(o) = &old {
                    let fields = field_changes(o, n);
                    if !fields.is_empty() {
                        lines.retain(|l| l != "text edited");
                        lines.extend(fields);
                    }
                }
                lines
            }
            None => vec!["this version does not parse as a record".to_owned()],
        };
        if renamed {
            changes.insert(0, format!("renamed from {old_path}"));
        }
        let author = commit.author();
        out.push(Revision {
            commit: crate::common::short_oid(commit.id()),
            author: author.name().unwrap_or("?").to_owned(),
            email: author.email().unwrap_or("").to_owned(),
            date: Timestamp::from_git(author.when()),
            path: path.clone(),
            subject: commit.summary().ok().flatten().unwrap_or("").to_owned(),
            changes,
        });
        if parent_blob.is_none() && !renamed {
            break;
        }
        path = old_path;
    }
    Ok(out)
}

/// The path `path` had in `old` when the change from `old` to `new` renamed it.
fn rename_source(
    repo: &git2::Repository,
    old: &git2::Tree,
    new: &git2::Tree,
    path: &str,
) -> Option<String> {
    let mut diff = repo.diff_tree_to_tree(Some(old), Some(new), None).ok()?;
    let mut opts = git2::DiffFindOptions::new();
    opts.renames(true);
    diff.find_similar(Some(&mut opts)).ok()?;
    diff.deltas()
        .filter(|d| d.status() == git2::Delta::Renamed)
        .find(|d| d.new_file().path().and_then(|p| p.to_str()) == Some(path))
        .and_then(|d| {
            d.old_file()
                .path()
                .and_then(|p| p.to_str())
                .map(str::to_owned)
        })
}

/// Fields the summary lines of [`record_changes`] already speak of: they are not listed
/// again as "changed".
const SUMMARISED: &[&str] = &["status", "severity", "title", "whys", "action_items"];

/// Which fields one revision added, removed and changed, by name (`times.resolved`,
/// `root_caused`): a revision that adds the root cause says so, not only "text edited".
pub fn field_changes(old: &crate::record::Record, new: &crate::record::Record) -> Vec<String> {
    use serde_json::Value;
    let (Ok(Value::Object(a)), Ok(Value::Object(b))) =
        (serde_json::to_value(old), serde_json::to_value(new))
    else {
        return Vec::new();
    };
    let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
    let mut compare =
        |name: String, x: Option<&Value>, y: Option<&Value>, summarised: bool| match (x, y) {
            (None, Some(_)) => added.push(name),
            (Some(_), None) => removed.push(name),
            (Some(x), Some(y)) if x != y && !summarised => changed.push(name),
            _ => {}
        };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (x, y) = (a.get(key.as_str()), b.get(key.as_str()));
        // The small sections are named down to their fields.
        if let (Some(Value::Object(xo)), Some(Value::Object(yo))) = (x, y) {
            if matches!(key.as_str(), "times" | "impact" | "signals") {
                let mut inner: Vec<&String> = xo.keys().chain(yo.keys()).collect();
                inner.sort();
                inner.dedup();
                for k in inner {
                    compare(
                        format!("{key}.{k}"),
                        xo.get(k.as_str()),
                        yo.get(k.as_str()),
                        key == "times",
                    );
                }
                continue;
            }
        }
        compare(key.clone(), x, y, SUMMARISED.contains(&key.as_str()));
    }
    let mut out = Vec::new();
    for (names, what) in [(added, "added"), (removed, "removed"), (changed, "changed")] {
        if !names.is_empty() {
            out.push(format!("fields {what}: {}", names.join(", ")));
        }
    }
    out
}
