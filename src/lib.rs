//! `whys`: incident post-mortems as checked YAML records.

pub mod evidence;
