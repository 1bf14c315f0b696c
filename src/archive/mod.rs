//! The archive in git: `init`, `commit` and `history`. (What changed in a service repository
//! before an incident is evidence: [`crate::evidence::changes`].)
//!
//! libgit2 (through `git2`, built vendored and without network features) does the git work,
//! so a fresh machine needs neither a system libgit2 nor OpenSSL.

pub mod commit;
pub mod history;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsutil::create_new;
use crate::record::draft::write_schema_if_missing;
use crate::settings::{SETTINGS_FILE, SETTINGS_TEMPLATE};

/// The README `whys init` writes into a new archive.
const ARCHIVE_README: &str = include_str!("../../templates/archive-README.md");

/// What `init` did with each file: created it, or found it already there (never overwritten).
#[derive(Debug)]
pub struct InitReport {
    pub created: Vec<PathBuf>,
    pub kept: Vec<PathBuf>,
    /// Files that existed and got lines added (`.gitignore`).
    pub extended: Vec<PathBuf>,
    /// Set when a new git repository was created.
    pub new_repository: Option<PathBuf>,
    /// In a new repository: the first commit's short id, or why none was made.
    pub first_commit: std::result::Result<String, String>,
}

impl Default for InitReport {
    fn default() -> Self {
        InitReport {
            created: Vec::new(),
            kept: Vec::new(),
            extended: Vec::new(),
            new_repository: None,
            first_commit: Err("no new repository".into()),
        }
    }
}

/// Creates an archive in `dir`: settings, `postmortems/`, a README, the schema, and a git
/// repository unless `dir` is inside one already. Safe to run again.
pub fn init(dir: &Path) -> Result<InitReport> {
    let mut report = InitReport::default();
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let pm = dir.join("postmortems");
    if pm.is_dir() {
        report.kept.push(pm.clone());
    } else {
        std::fs::create_dir_all(&pm).map_err(|e| Error::io(&pm, e))?;
        report.created.push(pm);
    }
    for (name, text) in [
        (SETTINGS_FILE, SETTINGS_TEMPLATE),
        ("README.md", ARCHIVE_README),
    ] {
        let path = dir.join(name);
        if create_new(&path, text.as_bytes())? {
            report.created.push(path);
        } else {
            report.kept.push(path);
        }
    }
    let schema = dir.join(crate::record::draft::SCHEMA_FILE);
    let had_schema = schema.exists();
    write_schema_if_missing(dir)?;
    if had_schema {
        report.kept.push(schema);
    } else {
        report.created.push(schema);
    }
    let ignore = dir.join(".gitignore");
    match ignore_products(&ignore)? {
        IgnoreFile::Created => report.created.push(ignore),
        IgnoreFile::Extended => report.extended.push(ignore),
        IgnoreFile::Kept => report.kept.push(ignore),
    }
    if git2::Repository::discover(dir).is_err() {
        let repo = git2::Repository::init(dir).map_err(|e| Error::git(dir, e))?;
        report.new_repository = Some(dir.to_owned());
        // Commit what was just written, so the first `whys commit` leaves a clean tree.
        report.first_commit = first_commit(&repo, dir, &report.created);
    }
    Ok(report)
}

/// What an archive never tracks: the built site and the caches are made from the records.
pub const ARCHIVE_IGNORES: &[&str] = &["site/", ".whys-cache/"];

enum IgnoreFile {
    Created,
    Extended,
    Kept,
}

/// Writes `.gitignore` with [`ARCHIVE_IGNORES`], or adds the ones an existing file lacks.
fn ignore_products(path: &Path) -> Result<IgnoreFile> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut text = existing.clone().unwrap_or_else(|| {
        "# Made from the records by `whys site` and the caches of `whys check`/`whys report`.\n"
            .to_owned()
    });
    let missing: Vec<&str> = ARCHIVE_IGNORES
        .iter()
        .copied()
        .filter(|p| {
            !text
                .lines()
                .any(|l| l.trim() == *p || l.trim() == p.trim_end_matches('/'))
        })
        .collect();
    if missing.is_empty() {
        return Ok(IgnoreFile::Kept);
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for p in &missing {
        text.push_str(p);
        text.push('\n');
    }
    crate::fsutil::write_atomic(path, text.as_bytes())?;
    Ok(match existing {
        None => IgnoreFile::Created,
        Some(_) => IgnoreFile::Extended,
    })
}

/// The first commit of a new archive: the files `init` created. `Err` says why there is
/// none (no git identity configured), for `init` to pass on; it is not a failure of `init`.
fn first_commit(
    repo: &git2::Repository,
    dir: &Path,
    created: &[PathBuf],
) -> std::result::Result<String, String> {
    let signature = repo.signature().map_err(|_| {
        "no commit made: set git config user.name and user.email, then commit the files".to_owned()
    })?;
    let mut index = repo.index().map_err(|e| e.message().to_owned())?;
    for path in created.iter().filter(|p| p.is_file()) {
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        index.add_path(rel).map_err(|e| e.message().to_owned())?;
    }
    index.write().map_err(|e| e.message().to_owned())?;
    let tree_id = index.write_tree().map_err(|e| e.message().to_owned())?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(|e| e.message().to_owned())?;
    let oid = repo
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            "Start the post-mortem archive\n\nWritten by `whys init`: settings, README, record schema and .gitignore.\n",
            &tree,
            &[],
        )
        .map_err(|e| e.message().to_owned())?;
    Ok(crate::common::short_oid(oid))
}

/// The repository that holds `path`.
pub fn open_repository(path: &Path) -> Result<git2::Repository> {
    git2::Repository::discover(path).map_err(|e| match e.code() {
        git2::ErrorCode::NotFound => Error::Git {
            path: path.to_owned(),
            message: "not inside a git repository; run `whys init` or `git init` first".into(),
        },
        _ => Error::git(path, e),
    })
}

/// `path` relative to the repository's work tree, with forward slashes, as git names it.
pub fn repo_relative(repo: &git2::Repository, path: &Path) -> Result<String> {
    let workdir = repo.workdir().ok_or_else(|| Error::Git {
        path: path.to_owned(),
        message: "the repository is bare; whys needs a work tree".into(),
    })?;
    let workdir = workdir.canonicalize().map_err(|e| Error::io(workdir, e))?;
    let full = if path.is_absolute() {
        path.to_owned()
    } else {
        std::env::current_dir()
            .map_err(|e| Error::io(path, e))?
            .join(path)
    };
    let full = match (full.parent(), full.file_name()) {
        (Some(dir), Some(name)) => dir
            .canonicalize()
            .map_err(|e| Error::io(dir, e))?
            .join(name),
        _ => full,
    };
    let rel = full.strip_prefix(&workdir).map_err(|_| Error::Git {
        path: path.to_owned(),
        message: format!("is outside the repository at {}", workdir.display()),
    })?;
    Ok(rel.to_string_lossy().replace('\\', "/"))
}

/// Names and e-mail local parts of everyone who committed to the archive: the wording
/// check treats them as people.
pub fn commit_authors(repo_path: &Path) -> Vec<String> {
    let Ok(repo) = git2::Repository::discover(repo_path) else {
        return Vec::new();
    };
    let mut names = std::collections::BTreeSet::new();
    let Ok(mut walk) = repo.revwalk() else {
        return Vec::new();
    };
    if walk.push_head().is_err() {
        return Vec::new();
    }
    for oid in walk.flatten().take(100_000) {
        if let Ok(commit) = repo.find_commit(oid) {
            let author = commit.author();
            if let Ok(name) = author.name() {
                names.insert(name.to_owned());
            }
            if let Some(local) = author.email().ok().and_then(|e| e.split('@').next()) {
                if !local.is_empty() {
                    names.insert(local.to_owned());
                }
            }
        }
    }
    names.into_iter().collect()
}

/// What changed between two versions of a record, in short phrases for commit bodies and
/// `whys history`.
pub fn record_changes(
    old: Option<&crate::record::Record>,
    new: &crate::record::Record,
) -> Vec<String> {
    let Some(old) = old else {
        return vec!["new record".into()];
    };
    let mut out = Vec::new();
    if old.status != new.status {
        out.push(format!(
            "status {} -> {}",
            old.status.as_str(),
            new.status.as_str()
        ));
    }
    if old.severity != new.severity {
        out.push(format!("severity {} -> {}", old.severity, new.severity));
    }
    if old.title != new.title {
        out.push("title changed".into());
    }
    let (a, b) = (&old.times, &new.times);
    let times: Vec<&str> = [
        ("started", Some(a.started) != Some(b.started)),
        ("detected", a.detected != b.detected),
        ("acknowledged", a.acknowledged != b.acknowledged),
        ("root_caused", a.root_caused != b.root_caused),
        ("mitigated", a.mitigated != b.mitigated),
        ("resolved", a.resolved != b.resolved),
    ]
    .into_iter()
    .filter_map(|(name, changed)| changed.then_some(name))
    .collect();
    if !times.is_empty() {
        out.push(format!("times: {}", times.join(", ")));
    }
    if old.whys.len() != new.whys.len() {
        out.push(format!(
            "whys {} -> {} steps",
            old.whys.len(),
            new.whys.len()
        ));
    } else if old
        .whys
        .iter()
        .zip(&new.whys)
        .any(|(x, y)| x.why != y.why || x.because != y.because)
    {
        out.push("whys reworded".into());
    }
    let titles = |r: &crate::record::Record| -> Vec<String> {
        r.action_items.iter().map(|a| a.title.clone()).collect()
    };
    let (old_titles, new_titles) = (titles(old), titles(new));
    let added = new_titles
        .iter()
        .filter(|t| !old_titles.contains(t))
        .count();
    let removed = old_titles
        .iter()
        .filter(|t| !new_titles.contains(t))
        .count();
    let closed = new
        .action_items
        .iter()
        .filter(|n| !n.status.is_open())
        .filter(|n| {
            old.action_items
                .iter()
                .any(|o| o.title == n.title && o.status.is_open())
        })
        .count();
    for (count, what) in [(added, "added"), (closed, "closed"), (removed, "removed")] {
        if count > 0 {
            out.push(format!(
                "{count} action item{} {what}",
                if count == 1 { "" } else { "s" }
            ));
        }
    }
    if out.is_empty() {
        out.push("text edited".into());
    }
    out
}
