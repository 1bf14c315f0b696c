//! Where rendered pages go. Writing them is `crate::fsutil`'s job; naming them is here, so
//! that `render --out` and `site` cannot disagree about what an id may name.

use std::path::{Path, PathBuf};

use crate::common::is_slug;
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
}
