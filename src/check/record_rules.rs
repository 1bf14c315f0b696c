//! Identity, status and the fields each status requires.

use std::path::Path;

use super::Findings;
use crate::common::{is_slug, slugify};
use crate::record::{Record, Status, SCHEMA_TAG};
use crate::settings::Settings;

pub fn check(record: &Record, path: &Path, settings: &Settings, out: &mut Findings) {
    if let Some(tag) = &record.schema {
        if tag != SCHEMA_TAG {
            out.add(
                "record/schema",
                Some("schema"),
                format!("`schema` is `{tag}`; this whys reads `{SCHEMA_TAG}`"),
            )
            .suggest(format!("write `schema: {SCHEMA_TAG}`"));
        }
    }
    if !is_slug(&record.id) {
        out.add(
            "record/id",
            Some("id"),
            format!(
                "id `{}` is not a slug of 3 to 81 lower-case letters, digits and dashes",
                record.id
            ),
        )
        .suggest(id_suggestion(record));
    }
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if stem != record.id {
        out.add(
            "record/file-name",
            Some("id"),
            format!("the file is `{stem}` but the id is `{}`", record.id),
        )
        .suggest(format!(
            "rename the file to `{}.yaml`, or change the id",
            record.id
        ));
    }
    if !settings.severities.iter().any(|s| s == &record.severity) {
        out.add(
            "record/severity",
            Some("severity"),
            format!(
                "severity `{}` is not one of the archive's: {}",
                record.severity,
                settings.severities.join(", ")
            ),
        );
    }
    required_for_status(record, out);
}

fn required_for_status(record: &Record, out: &mut Findings) {
    let status = record.status;
    let mut need = |present: bool, field: &str, from: Status| {
        if !present && status >= from {
            let status_name = from.as_str();
            out.add(
                "record/required-for-status",
                Some(field),
                format!("`{field}` is required from status `{status_name}` on"),
            );
        }
    };
    need(!record.services.is_empty(), "services", Status::Review);
    need(
        record
            .impact
            .as_ref()
            .is_some_and(|i| i.description.is_some() || i.users_affected.is_some()),
        "impact",
        Status::Review,
    );
    need(
        record.times.mitigated.is_some(),
        "times.mitigated",
        Status::Review,
    );
    need(!record.timeline.is_empty(), "timeline", Status::Review);
    need(!record.whys.is_empty(), "whys", Status::Review);
    need(
        !record.action_items.is_empty(),
        "action_items",
        Status::Review,
    );
    need(
        record.times.resolved.is_some(),
        "times.resolved",
        Status::Published,
    );
}

/// A valid id for the record: its own id as a slug when that is one, else the start date
/// and the title, as `whys new` would name it.
fn id_suggestion(record: &Record) -> String {
    let own = slugify(&record.id);
    if is_slug(&own) {
        return format!("e.g. `{own}`");
    }
    let date = record.times.started.utc().format("%Y-%m-%d");
    let candidate = format!("{date}-{}", slugify(&record.title));
    format!(
        "e.g. `{}` (start date and title)",
        candidate.trim_end_matches('-')
    )
}
