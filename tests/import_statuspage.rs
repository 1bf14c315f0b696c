//! `whys import statuspage` on hand-made fixtures: one for every mapping rule and data trap.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use whys::check::check_record;
use whys::import::{import_statuspage, Flag, ImportSummary, Placement, StatuspageOptions};
use whys::record::{load_record, ImpactKind, Record, Status, TimelineKind, Timestamp};
use whys::settings::Settings;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/statuspage")
}

fn options(out: &Path) -> StatuspageOptions {
    StatuspageOptions {
        out: out.to_owned(),
        page_name: None,
        severities: Settings::default().severities,
    }
}

fn import(inputs: &[PathBuf], out: &Path) -> ImportSummary {
    import_statuspage(inputs, &options(out)).expect("the import runs")
}

/// The record with this incident id, loaded back from its file as `whys check` would.
fn record(summary: &ImportSummary, incident: &str) -> (PathBuf, Record) {
    let imported = summary
        .records
        .iter()
        .find(|r| r.id.ends_with(&format!("-{incident}")))
        .unwrap_or_else(|| panic!("no record for incident {incident}"));
    let loaded = load_record(&imported.path, &Settings::default().limits)
        .unwrap_or_else(|f| panic!("{}", f.summary()));
    (imported.path.clone(), loaded.record)
}

fn rules(path: &Path, record: &Record) -> BTreeSet<String> {
    check_record(record, path, &Settings::default())
        .into_iter()
        .map(|f| format!("{}@{}", f.rule, f.field.unwrap_or_default()))
        .collect()
}

fn t(text: &str) -> Timestamp {
    Timestamp::parse(text).unwrap()
}

#[test]
fn list_form_maps_every_field_and_skips_maintenance() {
    let out = tempfile::tempdir().unwrap();
    let summary = import(&[fixtures().join("list.json")], out.path());
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    assert_eq!(summary.files_read, 1);
    assert_eq!(
        summary.skipped_maintenance, 2,
        "scheduled_for and impact maintenance"
    );
    assert_eq!(summary.records.len(), 4);
    assert_eq!(summary.written(), 4);
    assert_eq!(summary.flagged(), 0);

    let (path, r) = record(&summary, "crit00000001");
    assert_eq!(r.id, "2024-05-01-acme-cloud-crit00000001");
    assert_eq!(
        path,
        out.path()
            .join("2024/2024-05-01-acme-cloud-crit00000001.yaml")
    );
    assert_eq!(r.status, Status::Draft);
    assert_eq!(r.title, "API and Dashboard unavailable");
    assert_eq!(r.severity, "SEV1");
    assert_eq!(r.impact_kind, ImpactKind::Outage);
    assert_eq!(r.services, ["API", "Dashboard", "Webhooks"]);
    assert_eq!(r.times.started, t("2024-05-01T10:00:00Z"), "started_at");
    assert_eq!(r.times.detected, t("2024-05-01T10:05:00Z"), "created_at");
    assert_eq!(r.times.acknowledged, Some(t("2024-05-01T10:10:00Z")));
    assert_eq!(r.times.root_caused, Some(t("2024-05-01T10:30:00Z")));
    assert_eq!(r.times.mitigated, Some(t("2024-05-01T11:00:00Z")));
    assert_eq!(r.times.resolved, Some(t("2024-05-01T11:30:00Z")));
    let kinds: Vec<TimelineKind> = r.timeline.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            TimelineKind::Detection,
            TimelineKind::Observation,
            TimelineKind::Observation,
            TimelineKind::Mitigation,
            TimelineKind::Resolution
        ],
        "oldest first: investigating, identified, update, monitoring, resolved"
    );
    assert_eq!(
        r.timeline[2].event, "> We are still working on a fix.\n> Next update in 30 minutes.",
        "line ends and trailing blanks tidied, quoted as the status page's words"
    );
    assert_eq!(
        r.summary,
        "API and Dashboard unavailable.\n\n> We are investigating errors on the API."
    );
    let source = r.source.as_ref().unwrap();
    assert_eq!(source.kind, "statuspage");
    assert_eq!(source.reference.as_deref(), Some("https://stspg.io/crit1"));
    assert!(source.notes.is_empty());
    assert!(rules(&path, &r).is_empty(), "{:?}", rules(&path, &r));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("event: |-\n    > We are still working"),
        "a block scalar:\n{text}"
    );

    // No started_at: created_at; no components: the page name; no shortlink: the id.
    let (path, r) = record(&summary, "maj00000002");
    assert_eq!(r.id, "2024-05-02-acme-cloud-maj00000002", "lower case");
    assert_eq!(
        (r.severity.as_str(), r.impact_kind),
        ("SEV2", ImpactKind::Outage)
    );
    assert_eq!(r.times.started, r.times.detected);
    assert_eq!(r.services, ["Acme Cloud"]);
    assert_eq!(r.times.mitigated, r.times.resolved, "no monitoring update");
    assert_eq!(r.times.root_caused, None);
    assert_eq!(r.source.unwrap().reference.as_deref(), Some("MAJ00000002"));
    assert_eq!(r.timeline[1].event, "Status page set to `resolved`.");
    assert!(rules(
        &path,
        &load_record(&path, &Default::default()).unwrap().record
    )
    .is_empty());

    // Unresolved: neither resolved nor mitigated.
    let (path, r) = record(&summary, "minor0000003");
    assert_eq!(
        (r.severity.as_str(), r.impact_kind),
        ("SEV3", ImpactKind::Degraded)
    );
    assert_eq!(r.times.resolved, None);
    assert_eq!(r.times.mitigated, None);
    assert!(rules(&path, &r).is_empty());

    // Impact none; components only in the updates.
    let (_, r) = record(&summary, "none00000004");
    assert_eq!(
        (r.severity.as_str(), r.impact_kind),
        ("SEV4", ImpactKind::Degraded)
    );
    assert_eq!(r.services, ["Docs"]);
}

#[test]
fn single_form_keeps_the_offset_and_dates_the_id_in_utc() {
    let out = tempfile::tempdir().unwrap();
    let summary = import(&[fixtures().join("single.json")], out.path());
    assert_eq!(summary.records.len(), 1);
    let (path, r) = record(&summary, "single000007");
    assert_eq!(r.id, "2024-06-10-acme-cloud-single000007");
    assert_eq!(r.times.started.to_string(), "2024-06-10T13:55:00+02:00");
    assert_eq!(
        r.services,
        ["Webhooks"],
        "components and updates name it once"
    );
    assert!(rules(&path, &r).is_empty());
}

#[test]
fn traps_are_imported_as_given_noted_and_flagged_by_check() {
    let out = tempfile::tempdir().unwrap();
    let summary = import(&[fixtures().join("traps")], out.path());
    assert!(summary.failures.is_empty(), "{:?}", summary.failures);
    assert_eq!(summary.files_read, 4);
    assert_eq!(summary.flagged(), 3, "clock skew is not a fault");
    let counts = summary.flag_counts();
    assert_eq!(counts.get(&Flag::ZeroLength), Some(&1));
    assert_eq!(counts.get(&Flag::StartedAfterCreated), Some(&1));
    assert_eq!(counts.get(&Flag::NegativeDuration), Some(&1));

    let (path, r) = record(&summary, "zero00000010");
    assert_eq!(r.times.started, r.times.resolved.unwrap(), "not fixed");
    assert_eq!(r.services, ["Acme Cloud"]);
    assert_eq!(
        r.timeline[0].at,
        t("2012-03-04T05:06:07Z"),
        "display_at, not the back-fill's created_at"
    );
    let notes = &r.source.as_ref().unwrap().notes;
    assert_eq!(notes.len(), 1);
    assert!(notes[0].contains("zero-length"), "{notes:?}");
    assert_eq!(
        rules(&path, &r),
        BTreeSet::from(["times/zero-length@times.resolved".to_owned()])
    );

    let (path, r) = record(&summary, "late00000011");
    assert_eq!(r.times.started, t("2022-01-10T12:00:00Z"));
    assert_eq!(r.times.detected, t("2022-01-10T10:00:00Z"));
    assert!(r.source.as_ref().unwrap().notes[0].contains("after created_at"));
    assert_eq!(
        rules(&path, &r),
        BTreeSet::from(["times/order@times.detected".to_owned()])
    );

    let (path, r) = record(&summary, "neg000000012");
    assert_eq!(r.times.resolved, Some(t("2022-02-01T08:00:00Z")));
    assert!(r.source.as_ref().unwrap().notes[0].contains("negative duration"));
    assert_eq!(
        rules(&path, &r),
        BTreeSet::from(["times/order@times.mitigated".to_owned()])
    );

    let (path, r) = record(&summary, "skew00000013");
    assert!(r.source.as_ref().unwrap().notes.is_empty());
    assert!(rules(&path, &r).is_empty(), "{:?}", rules(&path, &r));
}

#[test]
fn page_name_option_names_ids_and_services() {
    let out = tempfile::tempdir().unwrap();
    let mut opts = options(out.path());
    opts.page_name = Some("Acme Status".into());
    let summary = import_statuspage(&[fixtures().join("traps/zero-length.json")], &opts).unwrap();
    assert_eq!(summary.records[0].id, "2012-03-04-acme-status-zero00000010");
    let r = load_record(&summary.records[0].path, &Default::default()).unwrap();
    assert_eq!(r.record.services, ["Acme Status"]);
}

#[test]
fn re_import_updates_drafts_in_place_and_keeps_records_beyond_draft() {
    let out = tempfile::tempdir().unwrap();
    let inputs = [fixtures().join("list.json"), fixtures().join("single.json")];
    let first = import(&inputs, out.path());
    assert_eq!(first.written(), 5);

    let again = import(&inputs, out.path());
    assert_eq!((again.written(), again.unchanged()), (0, 5));

    // A draft edited by hand is replaced by the import; one in review is kept, byte for byte.
    let (draft_path, _) = record(&first, "crit00000001");
    let edited = std::fs::read_to_string(&draft_path)
        .unwrap()
        .replace("title: API and Dashboard unavailable", "title: Edited");
    std::fs::write(&draft_path, &edited).unwrap();
    let (review_path, _) = record(&first, "single000007");
    let in_review = std::fs::read_to_string(&review_path)
        .unwrap()
        .replace("status: draft", "status: review");
    std::fs::write(&review_path, &in_review).unwrap();

    let third = import(&inputs, out.path());
    assert_eq!(third.updated(), 1);
    assert_eq!(third.kept(), 1);
    assert_eq!(third.unchanged(), 3);
    let kept = third
        .records
        .iter()
        .find(|r| r.id.ends_with("single000007"))
        .unwrap();
    assert_eq!(
        kept.placement,
        Placement::Kept {
            status: Some(Status::Review)
        }
    );
    assert_eq!(std::fs::read_to_string(&review_path).unwrap(), in_review);
    let restored = std::fs::read_to_string(&draft_path).unwrap();
    assert!(restored.contains("title: API and Dashboard unavailable"));

    // Never a duplicate: still one file per incident, and no temp files left.
    let files: Vec<PathBuf> = walk(out.path());
    assert_eq!(files.len(), 5, "{files:?}");
}

#[test]
fn a_moved_start_date_moves_the_draft_instead_of_doubling_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let input = dir.path().join("incident.json");
    let original =
        std::fs::read_to_string(fixtures().join("traps/started-after-created.json")).unwrap();
    std::fs::write(&input, &original).unwrap();
    let first = import(std::slice::from_ref(&input), &out);
    assert_eq!(first.records[0].id, "2022-01-10-acme-cloud-late00000011");

    std::fs::write(
        &input,
        original.replace("2022-01-10T12:00:00.000Z", "2022-01-09T12:00:00.000Z"),
    )
    .unwrap();
    let second = import(std::slice::from_ref(&input), &out);
    assert_eq!(second.updated(), 1);
    assert_eq!(second.records[0].id, "2022-01-09-acme-cloud-late00000011");
    let files = walk(&out);
    assert_eq!(files, [second.records[0].path.clone()]);
}

#[test]
fn the_same_incident_twice_gives_one_record() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let copy = dir.path().join("copy.json");
    std::fs::copy(fixtures().join("single.json"), &copy).unwrap();
    let summary = import(&[fixtures().join("single.json"), copy], &out);
    assert_eq!(summary.records.len(), 1);
    assert_eq!(summary.duplicates, 1);
}

#[test]
fn unreadable_inputs_are_reported_and_the_rest_still_imported() {
    let out = tempfile::tempdir().unwrap();
    let summary = import(
        &[fixtures().join("bad"), fixtures().join("single.json")],
        out.path(),
    );
    assert_eq!(summary.records.len(), 1);
    assert_eq!(summary.failures.len(), 2);
    let messages: Vec<String> = summary.failures.iter().map(|f| f.to_string()).collect();
    assert!(
        messages.iter().any(|m| m.contains("not-statuspage.json")
            && m.contains("expected an `incidents` list or an `incident` object")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("truncated.json") && m.contains("line")),
        "{messages:?}"
    );
    let missing = import_statuspage(&[fixtures().join("nope")], &options(out.path()));
    assert!(missing.is_err());
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}
