//! Writing output files so that readers never see half a file and unchanged files keep their
//! modification time (so `make`, rsync and web servers see nothing new).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::check::is_slug;
use crate::error::{Error, Result};

/// The file `<id>.<extension>` directly inside `out`. The id names the file, so only a slug
/// (lower-case letters, digits and dashes) is accepted: no `/`, `\\`, `..` or absolute path
/// can carry a page out of the folder, whatever a record says.
pub fn page_path(out: &Path, id: &str, extension: &str) -> Result<PathBuf> {
    if !is_slug(id) {
        return Err(Error::Usage(format!(
            "the record's id `{id}` is not a slug (lower-case letters, digits, dashes), so it \
             cannot name a file"
        )));
    }
    Ok(out.join(format!("{id}.{extension}")))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    /// The file already held exactly these bytes and was left untouched.
    Unchanged,
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so the
/// file is either the old one or the new one, never a mix.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
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
        let mut file = std::fs::File::create(&temp).map_err(|e| Error::io(&temp, e))?;
        file.write_all(bytes).map_err(|e| Error::io(&temp, e))?;
        file.sync_all().map_err(|e| Error::io(&temp, e))?;
        std::fs::rename(&temp, path).map_err(|e| Error::io(path, e))
    })();
    if result.is_err() {
        // Best effort: the temporary file is ours and useless now.
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Writes `bytes` unless `path` already holds them.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<WriteOutcome> {
    match std::fs::read(path) {
        Ok(existing) if existing == bytes => return Ok(WriteOutcome::Unchanged),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(path, e)),
    }
    write_atomically(path, bytes)?;
    Ok(WriteOutcome::Written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_slug_names_a_page() {
        let out = Path::new("site/incidents");
        assert_eq!(
            page_path(out, "2025-10-07-pool", "html").unwrap(),
            out.join("2025-10-07-pool.html")
        );
        for id in [
            "../../escaped",
            "..",
            "a/b",
            "/tmp/absolute",
            "x\\..\\y",
            "UPPER",
            "",
            "ok-but-.hidden",
        ] {
            assert!(page_path(out, id, "html").is_err(), "{id:?} accepted");
        }
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
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
    }
}
