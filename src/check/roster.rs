//! The roster: the people the wording rules must recognise as people.

use crate::settings::Settings;

/// Everyone the archive knows by name: the roster in whys.yaml and the authors of its git
/// history (names and e-mail local parts).
pub fn roster(settings: &Settings, commit_authors: &[String]) -> Vec<String> {
    let mut names = settings.people.clone();
    names.extend_from_slice(commit_authors);
    names.sort();
    names.dedup();
    names
}
