//! What an archive and a record say about the rules themselves: `lint.allow` in a record
//! (silence one rule in one field, with a reason) and `lint.levels` in `whys.yaml`
//! (re-level or turn off a rule archive-wide).

use std::collections::BTreeMap;

use super::{catalogue, Findings};
use crate::diagnostic::{Finding, Severity};
use crate::record::LintAllow;
use crate::settings::Settings;
use crate::wording::RuleSet;

/// `lint.allow` in the record: silence one rule in one field (and what lies under it).
/// `used` marks the entries that silenced something.
pub(super) fn silence_allowed(findings: &mut Vec<Finding>, allow: &[LintAllow], used: &mut [bool]) {
    findings.retain(|f| {
        let silenced = allow.iter().position(|a| {
            a.rule == f.rule
                && !a.reason.trim().is_empty()
                && f.field
                    .as_deref()
                    .is_some_and(|field| field_within(field, &a.field))
        });
        if let Some(i) = silenced {
            used[i] = true;
        }
        silenced.is_none()
    });
}

/// Findings about the `lint.allow` entries themselves: no reason, an unknown rule, or an
/// allowance that silenced nothing.
pub(super) fn lint_entry_findings(
    allow: &[LintAllow],
    used: &[bool],
    wording: &RuleSet,
) -> Vec<Finding> {
    let mut out = Findings::default();
    for (i, entry) in allow.iter().enumerate() {
        let path = format!("lint.allow[{i}]");
        if entry.reason.trim().is_empty() {
            out.add(
                "lint/allow",
                Some(&format!("{path}.reason")),
                "a `lint.allow` entry needs a reason",
            )
            .suggest("say why this finding does not apply here");
        } else if catalogue::find(&entry.rule).is_none()
            && !wording.rules().any(|r| r.id == entry.rule)
        {
            out.add(
                "lint/allow",
                Some(&format!("{path}.rule")),
                format!("`{}` is not a rule id", entry.rule),
            )
            .suggest("see `whys check --explain` for the list of rules");
        } else if !used[i] {
            out.add(
                "lint/unused-allow",
                Some(&path),
                format!(
                    "this allowance of `{}` in `{}` silences nothing",
                    entry.rule, entry.field
                ),
            )
            .suggest("remove it, so it cannot hide a future finding");
        }
    }
    out.into_vec()
}

/// `field` is `allowed` or lies under it (`whys[2]` covers `whys[2].because`).
fn field_within(field: &str, allowed: &str) -> bool {
    field == allowed
        || field
            .strip_prefix(allowed)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// `lint.levels` in `whys.yaml`: re-level or turn off rules archive-wide.
pub(super) fn apply_levels(findings: &mut Vec<Finding>, settings: &Settings) {
    if settings.lint.levels.is_empty() {
        return;
    }
    let levels: &BTreeMap<String, String> = &settings.lint.levels;
    findings.retain_mut(|f| match levels.get(&f.rule).map(String::as_str) {
        Some("off") => false,
        Some(level) => {
            if let Some(s) = Severity::parse(level) {
                f.severity = s;
            }
            true
        }
        None => true,
    });
}
