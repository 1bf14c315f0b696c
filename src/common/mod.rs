//! Small helpers every stage uses, kept apart so that no stage reaches into another for
//! them: slugs, word stems, durations for people, the record files under a folder, bounded
//! JSON reading that names where a fault is, git object ids, and text placed in a web address. It depends on no other module of the library but [`crate::error`] and
//! [`crate::fsutil`].

pub mod duration;
pub mod files;
pub mod json;
pub mod ordinal;
pub mod period;
pub mod slug;
pub mod stems;
pub mod url;

pub use duration::{human_duration, nanos, MISSING};
pub use files::{collect_files, SETTINGS_FILE};
pub use ordinal::ordinal;
pub use slug::{is_slug, slugify};
pub use stems::stems;
pub use url::percent_encode_path;

/// The first ten hex digits of a git object id, as commit bodies and reports show it.
pub fn short_oid(oid: git2::Oid) -> String {
    oid.to_string().chars().take(10).collect()
}
