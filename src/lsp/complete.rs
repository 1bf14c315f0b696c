//! Completion of values the format or the archive fixes: enum values, record ids in
//! `related`, owners the archive already uses and the roster.

use lsp_types::{CompletionItem, CompletionItemKind, Position};

use super::Workspace;

/// Values for each field with a closed set, as in the `whys/v1` types (`record/mod.rs`).
/// `kind` depends on the list it is in.
fn choices(section: &str, key: &str, ws: &Workspace) -> Vec<String> {
    let fixed: &[&str] = match (section, key) {
        (_, "status") if section == "action_items" => &["open", "in-progress", "done", "wont-do"],
        (_, "status") => &["draft", "review", "published"],
        (_, "impact_kind") => &["outage", "degraded", "feature"],
        (_, "detection") => &[
            "monitoring",
            "alert",
            "customer-report",
            "internal-report",
            "other",
        ],
        ("timeline", "kind") => &[
            "trigger",
            "detection",
            "escalation",
            "action",
            "mitigation",
            "resolution",
            "communication",
            "observation",
        ],
        ("changes", "kind") => &[
            "deploy",
            "config",
            "traffic",
            "dependency",
            "migration",
            "cron",
            "infrastructure",
            "other",
        ],
        ("action_items", "kind") => &[
            "fix",
            "test",
            "monitoring",
            "logging",
            "runbook",
            "process",
            "share",
        ],
        (_, "horizon") => &["immediate", "short", "medium", "long"],
        (_, "severity") => {
            return ws.archive.settings.severities.clone();
        }
        (_, "owner") => return ws.owners.iter().cloned().collect(),
        ("related", _) => return ws.ids.iter().cloned().collect(),
        _ => &[],
    };
    fixed.iter().map(|s| (*s).to_owned()).collect()
}

/// Completions at `pos` in `text`.
pub fn completions(ws: &Workspace, text: &str, pos: Position) -> Vec<CompletionItem> {
    let lines: Vec<&str> = text.lines().collect();
    let Some(line) = lines.get(pos.line as usize) else {
        return Vec::new();
    };
    let before: String = {
        let mut units = 0u32;
        line.chars()
            .take_while(|c| {
                units += c.len_utf16() as u32;
                units <= pos.character
            })
            .collect()
    };
    let section = section_of(&lines, pos.line as usize);
    let trimmed = before.trim_start();
    let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let (key, typed) = match item.split_once(':') {
        Some((k, v)) => (k.trim().to_owned(), v.trim().to_owned()),
        // A bare list item: only `related` takes ids this way.
        None if trimmed.starts_with('-') => (String::new(), item.trim().to_owned()),
        None => return Vec::new(),
    };
    let key = if key.is_empty() { section.clone() } else { key };
    let section = if key == "related" {
        "related"
    } else {
        &section
    };
    choices(section, &key, ws)
        .into_iter()
        .filter(|c| c.starts_with(typed.as_str()))
        .map(|c| CompletionItem {
            label: c,
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            detail: Some(format!("whys/v1 `{key}`")),
            ..CompletionItem::default()
        })
        .collect()
}

/// The top-level key whose block holds line `index`.
fn section_of(lines: &[&str], index: usize) -> String {
    lines[..=index.min(lines.len().saturating_sub(1))]
        .iter()
        .rev()
        .find(|l| {
            !l.is_empty() && !l.starts_with(' ') && !l.starts_with('#') && !l.starts_with('-')
        })
        .and_then(|l| l.split(':').next())
        .unwrap_or("")
        .trim()
        .to_owned()
}
