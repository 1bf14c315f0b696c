//! `whys`: incident post-mortems as checked YAML records.
//!
//! The data's journey, one module a stage:
//! - [`record`]: the `whys/v1` record, loading it, and placing fields in their file;
//! - [`check`]: the rules `whys check` applies, collecting every finding;
//! - [`output`]: findings written for people (rustc-style) and machines (JSON, GitHub, SARIF);
//! - [`render`]: records through Tera templates to Markdown and HTML, and the static site;
//! - [`settings`]: the archive's `whys.yaml`.
//!
//! The library prints nothing; the `whys` binary is a thin layer over it.

pub mod check;
pub mod diagnostic;
pub mod error;
pub mod output;
pub mod record;
pub mod render;
pub mod settings;

pub use error::{Error, Result};
