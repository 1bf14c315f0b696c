//! Building the rule set of a run: the built-in wording rules plus the archive's own.

use std::collections::BTreeMap;

use crate::error::{Error, Result};
use crate::settings::{Archive, SETTINGS_FILE};
use crate::wording::{RuleSet, RuleSpec, SecondOpinion};

/// The wording rules: the built-in file plus the archive's own (`lint.rules` in whys.yaml).
/// Re-levelling (`lint.levels`) is applied to every finding afterwards, wording or not.
pub fn wording_rules_for(archive: &Archive) -> Result<RuleSet> {
    let settings_path = archive
        .settings_file
        .clone()
        .unwrap_or_else(|| archive.root.join(SETTINGS_FILE));
    let extra: Vec<RuleSpec> = archive
        .settings
        .lint
        .rules
        .iter()
        .enumerate()
        .map(|(index, v)| {
            yaml_serde::from_value(v.clone()).map_err(|source| Error::WordingRule {
                path: settings_path.clone(),
                index,
                source,
            })
        })
        .collect::<Result<_>>()?;
    let wording_error = |source| Error::Wording {
        path: settings_path.clone(),
        source,
    };
    let mut rules = RuleSet::with_overrides(&extra, &BTreeMap::new())
        .map_err(wording_error)?
        .with_extra_words(&archive.settings.lint.words)
        .map_err(|source| Error::WordingWords {
            path: settings_path.clone(),
            source,
        })?;
    rules = rules
        .with_encoder(archive.settings.lint.encoder)
        .map_err(wording_error)?;
    if archive.settings.lint.second_opinion {
        let model = SecondOpinion::builtin().map_err(|e| wording_error(e.into()))?;
        rules = rules.with_second_opinion(Some(model));
    }
    // An archive's own rules are held to their own examples, as the built-in ones are.
    let ctx = crate::wording::ScanContext {
        names: &archive.settings.people,
        published: false,
    };
    let failures: Vec<String> = extra
        .iter()
        .flat_map(|spec| rules.example_failures(spec, &ctx))
        .collect();
    if !failures.is_empty() {
        return Err(Error::WordingExamples {
            path: settings_path,
            failures,
        });
    }
    Ok(rules)
}
