//! Links between the site's pages that no single record knows: which records name a record in
//! their `related:` (so related incidents link both ways), and where each tag's and service's
//! page is.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Deserialize;

use super::NamedLink;
use crate::record::load::read_record_bytes;
use crate::settings::Limits;

/// Where tag and service pages go inside the output folder.
pub const TAGS_DIR: &str = "tags";
pub const SERVICES_DIR: &str = "services";

/// For every id named in some record's `related:`, the ids of the records naming it, sorted.
///
/// Pages are rendered a chunk of files at a time, so a record's page cannot wait for the
/// records after it; this pass reads every file first. Only a file whose text contains
/// `related:` is parsed, and only for its `id` and `related` (about one file in twenty in a
/// usual archive), so it costs a fraction of the build. A file that does not parse is left
/// out here; the index lists it as not rendered.
pub fn referenced_by(files: &[PathBuf], limits: &Limits) -> HashMap<String, Vec<String>> {
    #[derive(Deserialize)]
    struct Refs {
        id: String,
        #[serde(default)]
        related: Vec<String>,
    }
    let pairs: Vec<(String, String)> = files
        .par_iter()
        .flat_map_iter(|file| {
            let refs = read_record_bytes(file, limits)
                .ok()
                .filter(|bytes| memfind(bytes, b"related:"))
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .and_then(|text| yaml_serde::from_str::<Refs>(&text).ok());
            refs.into_iter().flat_map(|r| {
                let id = r.id;
                r.related
                    .into_iter()
                    .filter(|target| *target != id)
                    .map(|target| (target, id.clone()))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (target, source) in pairs {
        map.entry(target).or_default().push(source);
    }
    for sources in map.values_mut() {
        sources.sort();
        sources.dedup();
    }
    map
}

fn memfind(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A tag or service name as a file name: lower-case ASCII letters, digits and `-` stay,
/// anything else (upper case too, so `DB` and `db` stay apart on any file system) becomes
/// `_<hex>_`: every name is portable and none can climb out of its folder.
pub fn group_file_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}_", c as u32));
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    out.push_str(".html");
    out
}

/// Each name's page, relative to the site's root, in the given order.
pub fn group_links(dir: &str, names: &[String]) -> Vec<NamedLink> {
    names
        .iter()
        .map(|n| NamedLink {
            name: n.clone(),
            href: format!("{dir}/{}", group_file_name(n)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_file_names_stay_in_their_folder() {
        assert_eq!(group_file_name("payments-api"), "payments-api.html");
        assert_eq!(group_file_name("../x"), "_2e__2e__2f_x.html");
        assert_eq!(group_file_name("DB"), "_44__42_.html");
        assert_eq!(group_file_name(""), "_.html");
    }
}
