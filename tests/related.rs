//! `whys related ID` on a small archive with a known answer: the earlier connection leak in
//! the same service is the repeat; a shared tag alone is a weak relation; search is unrelated.

mod common;

use std::path::{Path, PathBuf};

use whys::related::related_in_archive;
use whys::settings::Archive;

fn archive_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/related")
}

const TARGET: &str = "2024-09-01-payments-pool-exhaustion";

#[test]
fn ranks_by_services_change_kinds_tags_and_causes() {
    let archive = Archive::discover(&archive_dir()).unwrap();
    let report = related_in_archive(&archive, TARGET).unwrap();
    assert_eq!(report.compared, 3);
    let ids: Vec<&str> = report.related.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "2024-03-10-payments-connection-leak",
            "2024-06-05-reporting-replica-lag"
        ],
        "search shares nothing and is left out"
    );
    let leak = &report.related[0];
    assert!(leak.linked, "already listed under related:");
    assert_eq!(leak.services.shared, ["payments-api"]);
    assert_eq!(leak.change_kinds.shared, ["deploy"]);
    for word in ["connection", "leaked", "pool", "exhausted"] {
        assert!(
            leak.causes.shared.iter().any(|w| w == word),
            "{word} in {:?}",
            leak.causes.shared
        );
    }
    let lag = &report.related[1];
    assert!(!lag.linked);
    assert_eq!(lag.tags.shared, ["database"]);
    assert!(lag.causes.shared.is_empty());
    assert!(
        leak.score > 2.0 * lag.score,
        "{} vs {}",
        leak.score,
        lag.score
    );
}

#[test]
fn the_command_shows_reasons_and_json() {
    let whys = |args: &[&str]| common::whys(&archive_dir(), args);
    let human = whys(&["related", TARGET]);
    assert!(human.status.success());
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("services: payments-api"), "{text}");
    assert!(text.contains("tags: database"), "{text}");
    assert!(!text.contains("search-index-empty"), "{text}");

    let json = whys(&["related", TARGET, "--format", "json"]);
    assert!(json.status.success());
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["id"], TARGET);
    assert_eq!(
        value["related"][0]["id"], "2024-03-10-payments-connection-leak",
        "{value}"
    );
    assert_eq!(value["related"][0]["services"]["shared"][0], "payments-api");

    let missing = whys(&["related", "2024-09-01-payments-pool-exhaustio"]);
    assert_eq!(missing.status.code(), Some(2));
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(err.contains(&format!("did you mean `{TARGET}`")), "{err}");
}
