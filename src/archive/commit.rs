//! `whys commit PATH...`: check, render the Markdown beside each record, and commit exactly
//! those files on top of HEAD, whatever else is staged or modified.
//!
//! The commit is built from HEAD's tree plus the named files' blobs, not from the index, so
//! other staged changes stay staged and are not swept in. Afterwards only the committed
//! paths are refreshed in the index.

use std::path::{Path, PathBuf};

use super::{open_repository, record_changes, repo_relative};
use crate::check::{check_paths, CheckRun};
use crate::error::{Error, Result};
use crate::fsutil::write_if_changed;
use crate::record::{load_record, parse_record, LoadedRecord, Record};
use crate::settings::Archive;

pub struct CommitRequest<'a> {
    pub paths: Vec<PathBuf>,
    /// Replaces the generated subject line; the body still lists what changed.
    pub message: Option<String>,
    /// `Name <email>`; default: git config.
    pub author: Option<String>,
    pub deny_warnings: bool,
    /// Renders a record's Markdown (the rendering module's job).
    pub render_markdown: &'a dyn Fn(&LoadedRecord) -> Result<String>,
}

#[derive(Debug)]
pub enum CommitOutcome {
    Committed {
        id: String,
        subject: String,
        files: Vec<String>,
    },
    /// The files are already committed as they are.
    Unchanged,
    /// A record did not pass `whys check`; nothing was written or committed.
    Refused(CheckRun),
}

/// Held while a commit is being made; a second `whys commit` fails cleanly on it.
struct CommitLock(PathBuf);

impl CommitLock {
    fn take(git_dir: &Path) -> Result<CommitLock> {
        let index_lock = git_dir.join("index.lock");
        if index_lock.exists() {
            return Err(Error::Git {
                path: index_lock,
                message: "the index is locked: another git process is running (if none is, delete index.lock)".into(),
            });
        }
        let path = git_dir.join("whys-commit.lock");
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => Ok(CommitLock(path)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Error::Git {
                path,
                message: "another `whys commit` is running in this repository (if none is, delete this lock file)".into(),
            }),
            Err(e) => Err(Error::io(&path, e)),
        }
    }
}

impl Drop for CommitLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

pub fn commit(archive: &Archive, request: &CommitRequest) -> Result<CommitOutcome> {
    if request.paths.is_empty() {
        return Err(Error::Usage("name the record files to commit".into()));
    }
    let repo = open_repository(&archive.root)?;
    refuse_unusual_states(&repo)?;
    let _lock = CommitLock::take(repo.path())?;

    let run = check_paths(
        archive,
        &request.paths,
        &super::commit_authors(&archive.root),
    )?;
    if run.failed(request.deny_warnings) || run.files.len() != request.paths.len() {
        return Ok(CommitOutcome::Refused(run));
    }

    let head_tree = match repo.head() {
        Ok(head) => Some(
            head.peel_to_tree()
                .map_err(|e| Error::git(repo.path(), e))?,
        ),
        Err(e)
            if e.code() == git2::ErrorCode::UnbornBranch
                || e.code() == git2::ErrorCode::NotFound =>
        {
            None
        }
        Err(e) => return Err(Error::git(repo.path(), e)),
    };
    let baseline = match &head_tree {
        Some(t) => t.clone(),
        None => {
            let empty = repo
                .treebuilder(None)
                .and_then(|b| b.write())
                .map_err(|e| Error::git(repo.path(), e))?;
            repo.find_tree(empty)
                .map_err(|e| Error::git(repo.path(), e))?
        }
    };

    let mut updates = git2::build::TreeUpdateBuilder::new();
    let mut committed: Vec<String> = Vec::new();
    let mut lines: Vec<(String, String)> = Vec::new();
    let mut first: Option<Record> = None;
    for path in &request.paths {
        let loaded =
            load_record(path, &archive.settings.limits).map_err(|f| Error::Record(Box::new(f)))?;
        let markdown = (request.render_markdown)(&loaded)?;
        let md_path = path.with_extension("md");
        write_if_changed(&md_path, markdown.as_bytes())?;
        let yaml_rel = repo_relative(&repo, path)?;
        let md_rel = repo_relative(&repo, &md_path)?;
        let old = head_tree
            .as_ref()
            .and_then(|t| record_at(&repo, t, &yaml_rel));
        let what = record_changes(old.as_ref(), &loaded.record);
        for (rel, bytes) in [
            (&yaml_rel, loaded.source.as_bytes()),
            (&md_rel, markdown.as_bytes()),
        ] {
            let oid = repo.blob(bytes).map_err(|e| Error::git(repo.path(), e))?;
            updates.upsert(rel.as_str(), oid, git2::FileMode::Blob);
            committed.push(rel.clone());
        }
        lines.push((
            format!(
                "{}: {} [{}]",
                loaded.record.id,
                loaded.record.title,
                loaded.record.status.as_str()
            ),
            what.join("; "),
        ));
        first.get_or_insert(loaded.record);
    }
    let tree_oid = updates
        .create_updated(&repo, &baseline)
        .map_err(|e| Error::git(repo.path(), e))?;
    if head_tree.as_ref().is_some_and(|t| t.id() == tree_oid) {
        return Ok(CommitOutcome::Unchanged);
    }
    let tree = repo
        .find_tree(tree_oid)
        .map_err(|e| Error::git(repo.path(), e))?;

    let (subject, body) = match (&first, lines.len()) {
        (Some(record), 1) => (
            format!(
                "postmortem({}): {} [{}]",
                record.id,
                record.title,
                record.status.as_str()
            ),
            lines[0]
                .1
                .split("; ")
                .map(|l| format!("- {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => (
            format!("postmortems: {} records", lines.len()),
            lines
                .iter()
                .map(|(head, what)| format!("- {head}: {what}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
    };
    let subject = request.message.clone().unwrap_or(subject);
    let message = format!("{subject}\n\n{body}\n");

    let committer = repo.signature().ok();
    let author = match &request.author {
        Some(text) => parse_author(text)?,
        None => committer.clone().ok_or_else(|| Error::Git {
            path: repo.path().to_owned(),
            message: "no author: set git config user.name and user.email, or pass --author \"Name <email>\"".into(),
        })?,
    };
    let committer = committer.unwrap_or_else(|| author.clone());
    let parent = match repo.head() {
        Ok(h) => Some(h.peel_to_commit().map_err(|e| Error::git(repo.path(), e))?),
        Err(_) => None,
    };
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    repo.commit(Some("HEAD"), &author, &committer, &message, &tree, &parents)
        .map_err(|e| Error::git(repo.path(), e))?;

    // Bring the index in line for exactly the committed paths; other entries stay as staged.
    let mut index = repo.index().map_err(|e| Error::git(repo.path(), e))?;
    for rel in &committed {
        index
            .add_path(Path::new(rel))
            .map_err(|e| Error::git(repo.path(), e))?;
    }
    index.write().map_err(|e| Error::git(repo.path(), e))?;

    Ok(CommitOutcome::Committed {
        id: first.map(|r| r.id).unwrap_or_default(),
        subject,
        files: committed,
    })
}

fn refuse_unusual_states(repo: &git2::Repository) -> Result<()> {
    if repo.is_bare() {
        return Err(Error::Git {
            path: repo.path().to_owned(),
            message: "the repository is bare; whys commits from a work tree".into(),
        });
    }
    let state = repo.state();
    if state != git2::RepositoryState::Clean {
        return Err(Error::Git {
            path: repo.path().to_owned(),
            message: format!("a {state:?} is in progress; finish or abort it before `whys commit`")
                .to_lowercase(),
        });
    }
    if repo.head_detached().unwrap_or(false) {
        return Err(Error::Git {
            path: repo.path().to_owned(),
            message: "HEAD is detached; check out a branch before `whys commit`".into(),
        });
    }
    Ok(())
}

/// The record as it is in `tree` at `rel`, if it is there and parses.
pub(crate) fn record_at(repo: &git2::Repository, tree: &git2::Tree, rel: &str) -> Option<Record> {
    let entry = tree.get_path(Path::new(rel)).ok()?;
    let blob = repo.find_blob(entry.id()).ok()?;
    let text = std::str::from_utf8(blob.content()).ok()?.to_owned();
    parse_record(Path::new(rel), text).ok().map(|l| l.record)
}

fn parse_author(text: &str) -> Result<git2::Signature<'static>> {
    let bad = || Error::Usage(format!("--author `{text}` is not `Name <email>`"));
    let (name, rest) = text.split_once('<').ok_or_else(bad)?;
    let email = rest.strip_suffix('>').ok_or_else(bad)?;
    git2::Signature::now(name.trim(), email.trim()).map_err(|_| bad())
}
