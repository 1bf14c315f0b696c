//! Writing files so that a reader (or a crash) never sees half a file, and unchanged files
//! keep their modification time (so `make`, rsync and web servers see nothing new).
//! Every command that writes a file goes through here.

use std::io::{Read, Write};
use std::path::Path;

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    /// The file already held exactly these bytes and was left untouched.
    Unchanged,
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so the
/// file is either the old one or the new one, never a mix.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// [`write_atomic`] for content that is produced as it is written (large files that need not
/// be held whole in memory): `write` fills the temporary file, and only if it succeeds does
/// the rename put the file in place.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    // The process id keeps two concurrent runs from sharing a temporary file.
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&temp).map_err(|e| Error::io(&temp, e))?;
        let mut buffered = std::io::BufWriter::new(file);
        write(&mut buffered).map_err(|e| Error::io(&temp, e))?;
        let file = buffered
            .into_inner()
            .map_err(|e| Error::io(&temp, e.into_error()))?;
        file.sync_all().map_err(|e| Error::io(&temp, e))?;
        std::fs::rename(&temp, path).map_err(|e| Error::io(path, e))
    })();
    if result.is_err() {
        // Best effort: the temporary file is ours and useless now.
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Creates `path` with `bytes`; never replaces a file. `Ok(false)` when it already exists.
pub fn create_new(path: &Path, bytes: &[u8]) -> Result<bool> {
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(bytes).map_err(|e| Error::io(path, e))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Creates `path` with `bytes`, or fails with [`Error::AlreadyExists`]: for records, which
/// are never overwritten.
pub fn create_record_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if create_new(path, bytes)? {
        Ok(())
    } else {
        Err(Error::AlreadyExists(path.to_owned()))
    }
}

/// Writes `bytes` unless `path` already holds them.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<WriteOutcome> {
    if holds_exactly(path, bytes)? {
        return Ok(WriteOutcome::Unchanged);
    }
    write_atomic(path, bytes)?;
    Ok(WriteOutcome::Written)
}

/// Whether the file at `path` holds exactly `bytes`; `false` when there is no file. The file is
/// compared a block at a time, never read whole: a site's action list can be hundreds of MB.
fn holds_exactly(path: &Path, bytes: &[u8]) -> Result<bool> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Error::io(path, e)),
    };
    let size = file.metadata().map_err(|e| Error::io(path, e))?.len();
    if size != bytes.len() as u64 {
        return Ok(false);
    }
    let mut block = vec![0u8; 64 * 1024];
    let mut rest = bytes;
    loop {
        let n = match file.read(&mut block) {
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::io(path, e)),
        };
        if n == 0 {
            // The file may have changed size since it was measured.
            return Ok(rest.is_empty());
        }
        match rest.get(..n) {
            Some(expected) if *expected == block[..n] => rest = &rest[n..],
            _ => return Ok(false),
        }
    }
}

/// Files under `paths` that `accept` takes: files as given, folders searched recursively
/// (hidden entries skipped, 32 levels at most), sorted, each once. A path that does not
/// exist is an error, not an empty result.
pub fn find_files(
    paths: &[std::path::PathBuf],
    accept: &dyn Fn(&Path) -> bool,
) -> Result<Vec<std::path::PathBuf>> {
    fn walk(
        dir: &Path,
        accept: &dyn Fn(&Path) -> bool,
        out: &mut Vec<std::path::PathBuf>,
        depth: usize,
    ) -> Result<()> {
        if depth > 32 {
            return Ok(());
        }
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if kind.is_dir() {
                walk(&path, accept, out, depth + 1)?;
            } else if accept(&path) {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, accept, &mut out, 0)?;
        } else if p.exists() || p.symlink_metadata().is_ok() {
            out.push(p.clone());
        } else {
            return Err(Error::io(
                p,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            ));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_compared_block_by_block_to_the_last_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.html");
        let mut bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert!(holds_exactly(&path, &bytes).unwrap());
        // A difference in the last block, past the first ones.
        *bytes.last_mut().unwrap() ^= 1;
        assert!(!holds_exactly(&path, &bytes).unwrap());
        bytes.pop();
        assert!(!holds_exactly(&path, &bytes).unwrap(), "a shorter text");
        assert!(!holds_exactly(&dir.path().join("none.html"), b"").unwrap());
    }

    #[test]
    fn unchanged_content_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.html");
        assert_eq!(
            write_if_changed(&path, b"x").unwrap(),
            WriteOutcome::Written
        );
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        assert_eq!(
            write_if_changed(&path, b"x").unwrap(),
            WriteOutcome::Unchanged
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );
        assert_eq!(
            write_if_changed(&path, b"y").unwrap(),
            WriteOutcome::Written
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"y");
        // Same size, other bytes: compared, not taken for unchanged.
        assert_eq!(
            write_if_changed(&path, b"z").unwrap(),
            WriteOutcome::Written
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"z");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
