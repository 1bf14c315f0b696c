//! Caches that survive between runs, for the commands that read the whole archive: parsing
//! the YAML is nearly all of their time, and between two runs nearly no record changes.
//!
//! Each cache is one text file in `.whys-cache/` beside `whys.yaml` (the folder holds a
//! `.gitignore` of `*`, so git never sees it; an archive without `whys.yaml` gets no cache):
//! `records.tsv` keeps each record without its prose for `report` and `actions`, and
//! `check.tsv` keeps what `check` found in each record (see [`crate::check`]). The first line
//! names the format, the `whys` version and build, and what else the values depend on (the
//! file size limit; for the check, the settings file and the roster of people); a cache
//! written under other ones is not read. Every other line is one file:
//!
//! ```text
//! size <TAB> modified (ns) <TAB> FNV-1a of the bytes (hex) <TAB> path <TAB> value as JSON
//! ```
//!
//! The path is relative to the archive's root. Lines stay independent so that they are
//! parsed on all cores, and a line that is unchanged is written back as it was read.
//!
//! When is an entry trusted?
//! - Size and modification time unchanged: the file is not even read. This is what git does
//!   for its index, with the same guard for the "racily clean" case: a file modified less
//!   than [`RACY_WINDOW`] before the cache was written might have changed again within the
//!   same timestamp tick, so it is read and compared by hash instead.
//! - Size or time changed: the file is read and hashed. The same size and hash (a `touch`, a
//!   fresh clone or checkout) reuse the entry, with the new time; anything else is computed
//!   again.
//!
//! Files that fail to load are never cached, so their findings are always fresh. A missing,
//! unreadable, foreign or corrupt cache (or one line of it) is simply rebuilt, and one that
//! cannot be written costs the next run time, nothing else: a cache can make a run faster,
//! never different. `--no-cache` on the commands skips it.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use rayon::prelude::*;

use super::load::{read_record_bytes, record_from_bytes, LoadFailure};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::Record;
use crate::fsutil::{create_new, write_atomic_with};
use crate::settings::Limits;
use crate::stable_hash::fnv1a;

/// The cache's folder, in the archive's root.
pub const CACHE_DIR: &str = ".whys-cache";
/// The records cache's file, in [`CACHE_DIR`].
pub const RECORDS_FILE: &str = "records.tsv";
/// The header's first field. [`FORMAT`] changes with the line layout; the `whys` version in
/// the header covers changes to the record's JSON form.
const MAGIC: &str = "whys-record-cache";
const FORMAT: u32 = 1;

/// How long after a file's modification a cache written must be for the file's size and time
/// alone to be trusted. File times on Linux advance in ticks of a few milliseconds, and
/// network and FAT file systems round to seconds or two: a change within the tick that
/// wrote the cache would keep size and time, so such an entry is checked by hash.
pub const RACY_WINDOW: Duration = Duration::from_secs(2);

/// What the cache did in one run, for tests and for the curious.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Taken from the cache without reading the file.
    pub reused: usize,
    /// Read and hashed, and the hash matched the cache.
    pub verified: usize,
    /// Computed from the file (new, changed, or not in the cache).
    pub computed: usize,
    /// Gave no value to cache (the file did not load).
    pub failed: usize,
    /// The cache file was rewritten.
    pub written: bool,
}

/// One cache file in the archive's [`CACHE_DIR`]: which file, and what the values in it
/// depend on besides each file's bytes.
pub struct CacheSpec<'a> {
    /// The archive's root (absolute): keys are paths relative to it.
    pub root: &'a Path,
    /// The file's name in [`CACHE_DIR`].
    pub file_name: &'a str,
    /// Everything else the cached values depend on (settings, limits), as one line without
    /// tabs or line breaks. A cache written under another context is not read.
    pub context: String,
}

/// The records of a whole-archive read, as [`super::load_all`] returns them, and what the
/// cache did.
pub struct CachedLoad {
    pub records: Vec<Record>,
    pub failures: Vec<LoadFailure>,
    pub stats: CacheStats,
}

/// Every record of `paths` in their order, without prose, through the cache of the archive
/// rooted at `root` (an absolute path). Files that do not load are listed, never dropped.
pub fn load_all_cached(root: &Path, paths: &[PathBuf], limits: &Limits) -> CachedLoad {
    let spec = CacheSpec {
        root,
        file_name: RECORDS_FILE,
        context: format!("max_file_bytes={}", limits.max_file_bytes),
    };
    let (results, stats) = through_cache(
        &spec,
        paths,
        limits,
        |path, bytes| {
            let mut record = record_from_bytes(path, bytes, limits)
                .map_err(without_source)?
                .record;
            record.drop_prose();
            Ok(record)
        },
        without_source,
    );
    let mut records = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    for result in results {
        match result {
            Ok(record) => records.push(record),
            Err(failure) => failures.push(failure),
        }
    }
    CachedLoad {
        records,
        failures,
        stats,
    }
}

/// Failures are listed by path and findings; the file's text is not kept.
fn without_source(mut failure: LoadFailure) -> LoadFailure {
    failure.source = None;
    failure
}

/// The value `compute` gives for each of `paths`, in their order, taken from the cache file
/// `spec` names where the file is unchanged (see the module's docs for "unchanged").
/// `compute` gets the file's bytes, read within `limits`; a file that cannot be read is
/// `unreadable`'s error. Errors are never cached. The cache file is rewritten only when it
/// would say something new.
pub fn through_cache<T, E>(
    spec: &CacheSpec<'_>,
    paths: &[PathBuf],
    limits: &Limits,
    compute: impl Fn(&Path, Vec<u8>) -> Result<T, E> + Sync,
    unreadable: impl Fn(LoadFailure) -> E + Sync,
) -> (Vec<Result<T, E>>, CacheStats)
where
    T: Serialize + DeserializeOwned + Send,
    E: Send,
{
    let dir = spec.root.join(CACHE_DIR);
    let file = dir.join(spec.file_name);
    let header = header_line(&spec.context);
    let cache_text = std::fs::read(&file)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    // Entries whose file was modified at or after this instant are verified by hash.
    let trusted_before = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.checked_sub(RACY_WINDOW))
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let body = cache_text
        .as_deref()
        .and_then(|text| text.split_once('\n'))
        .filter(|(first, _)| *first == header)
        .map(|(_, body)| body);
    let entries: HashMap<&str, Entry<'_>> = match body {
        Some(body) => body
            .par_lines()
            .filter_map(Entry::parse)
            .map(|entry| (entry.key, entry))
            .collect(),
        None => HashMap::new(),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let job = Job {
        trusted_before,
        limits,
        compute: &compute,
        unreadable: &unreadable,
    };

    let outcomes: Vec<Outcome<'_, T, E>> = paths
        .par_iter()
        .map(|path| {
            let key = cache_key(spec.root, &cwd, path);
            let entry = key.as_deref().and_then(|k| entries.get(k));
            Outcome {
                in_cache: entry.is_some(),
                result: job.one(path, key.as_deref(), entry),
                key,
            }
        })
        .collect();

    let mut stats = CacheStats::default();
    // Rewritten only when it would say something new: a run where every file came from
    // the cache writes nothing, and neither does a file that keeps failing to load.
    let mut dirty = false;
    for outcome in &outcomes {
        match &outcome.result {
            Ok(done) => match done.how {
                How::Reused => stats.reused += 1,
                // Rewritten with the new time, so that the next run trusts it unread.
                How::Verified => {
                    stats.verified += 1;
                    dirty = true;
                }
                How::Computed => {
                    stats.computed += 1;
                    dirty |= done.line.is_some();
                }
            },
            Err(_) => {
                stats.failed += 1;
                dirty |= outcome.in_cache;
            }
        }
    }
    if dirty {
        stats.written = write_cache(spec.root, &dir, &file, &header, &outcomes, &entries);
    }
    drop(entries);
    let results = outcomes
        .into_iter()
        .map(|o| o.result.map(|done| done.value))
        .collect();
    (results, stats)
}

/// The first line of a cache this build writes and reads: the format, the version, the
/// build itself (a rebuilt binary may read or check records differently while its version
/// stays the same), and the context.
fn header_line(context: &str) -> String {
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .ok()
        .and_then(|m| {
            let modified = m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
            Some(format!("{}-{}", m.len(), modified.as_nanos()))
        })
        .unwrap_or_default();
    format!(
        "{MAGIC}\t{FORMAT}\t{}\t{build}\t{}",
        env!("CARGO_PKG_VERSION"),
        context.replace(['\t', '\n', '\r'], " ")
    )
}

/// A file's size and modification time, in nanoseconds since 1970.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified_ns: u128,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            size: meta.len(),
            modified_ns: modified.as_nanos(),
        })
    }
}

/// One line of the cache, borrowed from its text.
struct Entry<'a> {
    stamp: Stamp,
    hash: u64,
    key: &'a str,
    json: &'a str,
    line: &'a str,
}

impl<'a> Entry<'a> {
    /// `None` for a line that is not an entry (a damaged line is dropped, not fatal).
    fn parse(line: &'a str) -> Option<Entry<'a>> {
        let mut fields = line.splitn(5, '\t');
        let size = fields.next()?.parse().ok()?;
        let modified_ns = fields.next()?.parse().ok()?;
        let hash = u64::from_str_radix(fields.next()?, 16).ok()?;
        let key = fields.next()?;
        let json = fields.next()?;
        Some(Entry {
            stamp: Stamp { size, modified_ns },
            hash,
            key,
            json,
            line,
        })
    }
}

fn format_line(stamp: Stamp, hash: u64, key: &str, json: &str) -> String {
    format!(
        "{}\t{}\t{hash:016x}\t{key}\t{json}",
        stamp.size, stamp.modified_ns
    )
}

/// The path's key in the cache: relative to the archive's root when it is inside it (so the
/// cache survives moving the archive), absolute otherwise. `None` when the path cannot be a
/// field of a line (not UTF-8, or holding a tab or line break): such a file is not cached.
fn cache_key(root: &Path, cwd: &Path, path: &Path) -> Option<String> {
    let absolute = if path.is_absolute() {
        path.to_owned()
    } else {
        cwd.join(path)
    };
    let key = absolute
        .strip_prefix(root)
        .unwrap_or(&absolute)
        .to_str()?
        .to_owned();
    (!key.contains(['\t', '\n', '\r'])).then_some(key)
}

enum How {
    Reused,
    Verified,
    Computed,
}

/// One requested file: its key in the cache, whether the cache had it, and what became of it.
struct Outcome<'a, T, E> {
    key: Option<String>,
    in_cache: bool,
    result: Result<Done<'a, T>, E>,
}

struct Done<'a, T> {
    value: T,
    how: How,
    /// The cache line that now describes the file; `None` when it cannot be cached.
    line: Option<CacheLine<'a>>,
}

enum CacheLine<'a> {
    /// The line as it was read.
    Kept(&'a str),
    New(String),
}

impl CacheLine<'_> {
    fn as_str(&self) -> &str {
        match self {
            CacheLine::Kept(line) => line,
            CacheLine::New(line) => line,
        }
    }
}

/// What every file of one run shares.
struct Job<'j, C, U> {
    trusted_before: u128,
    limits: &'j Limits,
    compute: &'j C,
    unreadable: &'j U,
}

impl<C, U> Job<'_, C, U> {
    fn one<'a, T, E>(
        &self,
        path: &Path,
        key: Option<&str>,
        entry: Option<&Entry<'a>>,
    ) -> Result<Done<'a, T>, E>
    where
        T: Serialize + DeserializeOwned,
        C: Fn(&Path, Vec<u8>) -> Result<T, E>,
        U: Fn(LoadFailure) -> E,
    {
        // Stamp before reading: a change made while the file is read then shows as a newer
        // time on the next run, never as an old time on new content.
        let stamp = Stamp::of(path);
        if let (Some(entry), Some(stamp)) = (entry, stamp) {
            if entry.stamp == stamp && stamp.modified_ns < self.trusted_before {
                // A line that does not give a value (damaged, edited by hand) is recomputed.
                if let Ok(value) = serde_json::from_str::<T>(entry.json) {
                    return Ok(Done {
                        value,
                        how: How::Reused,
                        line: Some(CacheLine::Kept(entry.line)),
                    });
                }
            }
        }
        let bytes = read_record_bytes(path, self.limits).map_err(self.unreadable)?;
        let hash = fnv1a(&bytes);
        let size = bytes.len() as u64;
        // The stamp is stored only when it describes the bytes that were read.
        let stamp = stamp.filter(|s| s.size == size);
        if let (Some(entry), Some(stamp)) = (entry, stamp) {
            if entry.hash == hash && entry.stamp.size == size {
                if let Ok(value) = serde_json::from_str::<T>(entry.json) {
                    let line =
                        key.map(|key| CacheLine::New(format_line(stamp, hash, key, entry.json)));
                    return Ok(Done {
                        value,
                        how: How::Verified,
                        line,
                    });
                }
            }
        }
        let value = (self.compute)(path, bytes)?;
        let line = match (key, stamp) {
            (Some(key), Some(stamp)) => serde_json::to_string(&value)
                .ok()
                .map(|json| CacheLine::New(format_line(stamp, hash, key, &json))),
            _ => None,
        };
        Ok(Done {
            value,
            how: How::Computed,
            line,
        })
    }
}

/// Writes the cache: the requested files' lines in order, then the lines of files that were
/// not requested this time (another folder of the archive) while their file still exists.
/// `false` when it could not be written; that only costs the next run time.
fn write_cache<T, E>(
    root: &Path,
    dir: &Path,
    file: &Path,
    header: &str,
    outcomes: &[Outcome<'_, T, E>],
    entries: &HashMap<&str, Entry<'_>>,
) -> bool {
    if std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    // The folder ignores itself, so `git add -A` and `git status` never show the cache.
    if create_new(&dir.join(".gitignore"), b"*\n").is_err() {
        return false;
    }
    let requested: HashSet<&str> = outcomes.iter().filter_map(|o| o.key.as_deref()).collect();
    let lines = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok()?.line.as_ref())
        .map(CacheLine::as_str);
    let mut others: Vec<&Entry<'_>> = entries
        .values()
        .filter(|e| !requested.contains(e.key))
        .filter(|e| root.join(e.key).is_file())
        .collect();
    others.sort_by_key(|e| e.key);
    write_atomic_with(file, |out| {
        writeln!(out, "{header}")?;
        for line in lines.chain(others.iter().map(|e| e.line)) {
            writeln!(out, "{line}")?;
        }
        Ok(())
    })
    .is_ok()
}
