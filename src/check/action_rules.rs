//! Action items: owned, dated, on a fitting horizon, and covering prevention.

use super::Findings;
use crate::record::{ActionKind, ActionStatus, Horizon, Record, Status};
use crate::settings::Settings;

pub fn check(record: &Record, settings: &Settings, out: &mut Findings) {
    let anchor = record.horizon_anchor().utc().date_naive();
    // Say which time the days count from: a bare date reads like a typo.
    let anchor_name = if record.times.resolved.is_some() {
        "resolution"
    } else if record.times.mitigated.is_some() {
        "mitigation"
    } else {
        "detection"
    };
    let days = settings.horizon_days;
    for (i, item) in record.action_items.iter().enumerate() {
        let path = format!("action_items[{i}]");
        let missing: Vec<&str> = [
            (
                item.owner.as_deref().is_none_or(|o| o.trim().is_empty()),
                "owner",
            ),
            (item.horizon.is_none(), "horizon"),
            (item.due.is_none(), "due"),
        ]
        .into_iter()
        .filter_map(|(missing, name)| missing.then_some(name))
        .collect();
        if !missing.is_empty() {
            out.add(
                "actions/incomplete",
                Some(&path),
                format!(
                    "the {} action item has no {}",
                    crate::common::ordinal(i),
                    missing.join(", no ")
                ),
            )
            .suggest("every action item needs an owner (a team or role), a horizon and a due date");
        }
        if let (Some(horizon), Some(due)) = (item.horizon, item.due) {
            let after = (due.0 - anchor).num_days();
            let fits = match horizon {
                Horizon::Immediate => after <= days.immediate,
                Horizon::Short => after <= days.short,
                Horizon::Medium => after <= days.medium,
                Horizon::Long => after > days.medium,
            };
            if !fits {
                let band = match horizon {
                    Horizon::Immediate => format!("within {} days", days.immediate),
                    Horizon::Short => format!("within {} days", days.short),
                    Horizon::Medium => format!("within {} days", days.medium),
                    Horizon::Long => format!("more than {} days", days.medium),
                };
                out.add(
                    "actions/due-horizon",
                    Some(&format!("{path}.due")),
                    format!(
                        "due {due} is {after} days after {anchor_name} on {anchor}, but `{}` items are due {band}",
                        horizon.as_str()
                    ),
                )
                .suggest(format!(
                    "change the horizon to `{}` or the due date",
                    horizon_for(after, settings).as_str()
                ));
            }
        }
        match (item.status, item.done_on) {
            (ActionStatus::Done, None) => {
                out.add(
                    "actions/done-on",
                    Some(&format!("{path}.status")),
                    "this item is done but has no `done_on` date",
                )
                .suggest("add `done_on: YYYY-MM-DD`: follow-through is measured against `due`");
            }
            (status, Some(_)) if status != ActionStatus::Done => {
                out.add(
                    "actions/done-on",
                    Some(&format!("{path}.done_on")),
                    "this item has a `done_on` date but its status is not `done`",
                );
            }
            _ => {}
        }
    }
    check_keys(record, out);
    if record.status == Status::Published {
        let has = |kind: ActionKind| record.action_items.iter().any(|a| a.kind == Some(kind));
        let lacking: Vec<&str> = [
            (ActionKind::Test, "test"),
            (ActionKind::Monitoring, "monitoring"),
        ]
        .into_iter()
        .filter(|(k, _)| !has(*k))
        .map(|(_, n)| n)
        .collect();
        if !lacking.is_empty() {
            out.add(
                "actions/prevention",
                Some("action_items"),
                format!("no `{}` action item in a published post-mortem", lacking.join("` or `")),
            )
            .suggest("walk the prevention checklist: regression test, monitoring, logging, runbook, share");
        }
    }
}

fn horizon_for(days_after: i64, settings: &Settings) -> Horizon {
    let d = settings.horizon_days;
    if days_after <= d.immediate {
        Horizon::Immediate
    } else if days_after <= d.short {
        Horizon::Short
    } else if days_after <= d.medium {
        Horizon::Medium
    } else {
        Horizon::Long
    }
}

/// Longest `key` an action item may have: a short name, not a sentence.
const MAX_KEY_CHARS: usize = 40;

/// `key`s are lower-case slugs, each used once in the record: the tracker sync finds an
/// item's ticket by `<record id>/<key>`, so two items with one key would share a ticket.
fn check_keys(record: &Record, out: &mut Findings) {
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (i, item) in record.action_items.iter().enumerate() {
        let Some(key) = item.key.as_deref() else {
            continue;
        };
        let path = format!("action_items[{i}].key");
        if !is_action_key(key) {
            out.add(
                "actions/key",
                Some(&path),
                format!("key `{key}` is not a lower-case slug of at most {MAX_KEY_CHARS} characters"),
            )
            .suggest("use lower-case letters, digits and `-`, starting with a letter or digit, e.g. `a1`");
        } else if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            out.add(
                "actions/key",
                Some(&path),
                format!("key `{key}` is already the key of action item {first}"),
            )
            .suggest("give this item a key of its own; never change a key that has a ticket");
        } else {
            seen.push((key, i));
        }
    }
}

/// Whether `key` is a valid action-item key: `^[a-z0-9][a-z0-9-]*$`, at most 40 characters.
pub fn is_action_key(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && key.len() <= MAX_KEY_CHARS
}
