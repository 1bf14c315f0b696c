//! `whys check --format sarif` validates against the SARIF 2.1.0 JSON Schema.
//!
//! The schema is the one shipped in the npm package `@microsoft/jest-sarif`, checked with ajv
//! (and ajv-formats, so URIs are held to RFC 3986) by tests/sarif/validate.mjs.
//! `scripts/test-deps.sh` installs Node and the pinned packages; without them this test
//! fails rather than pretending to pass.

mod common;
use common::copy_dir;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `whys check --format sarif` in `dir` with `args`, written to `out`; the parsed document.
fn sarif(dir: &Path, args: &[&str], out: &Path) -> serde_json::Value {
    // Started elsewhere and pointed at the archive with `-C`, so `-C` is tested too.
    let mut all = vec!["-C", dir.to_str().unwrap(), "check", "--format", "sarif"];
    all.extend_from_slice(args);
    let run = common::whys(&root(), &all);
    assert_eq!(
        run.status.code(),
        Some(1),
        "the fixture has errors: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    std::fs::write(out, &run.stdout).unwrap();
    serde_json::from_slice(&run.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("archive");
    copy_dir(&root().join("tests/sarif/archive"), &archive);

    // Relative URIs (the folder `2025 q4` needs encoding), and absolute `file://` ones.
    let relative = tmp.path().join("relative.sarif");
    let doc = sarif(&archive, &[], &relative);
    let absolute = tmp.path().join("absolute.sarif");
    let folder = archive.join("postmortems");
    sarif(&archive, &[folder.to_str().unwrap()], &absolute);

    let results = doc["runs"][0]["results"].as_array().unwrap();
    let rules: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    for family in [
        "record/",
        "times/",
        "blame/",
        "pii/",
        "secret/",
        "evidence/",
    ] {
        assert!(
            rules.iter().any(|r| r.starts_with(family)),
            "no {family} finding in {rules:?}"
        );
    }
    let uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert!(uri.starts_with("postmortems/2025%20q4/"), "{uri}");

    let node_modules = root().join("tests/sarif/node_modules");
    assert!(
        node_modules.is_dir(),
        "run `bash scripts/test-deps.sh` first: it installs the schema and ajv in tests/sarif"
    );
    let validate = Command::new("node")
        .arg(root().join("tests/sarif/validate.mjs"))
        .arg(&relative)
        .arg(&absolute)
        .output()
        .expect("node runs (scripts/test-deps.sh installs it)");
    let stdout = String::from_utf8_lossy(&validate.stdout);
    assert!(
        validate.status.success(),
        "SARIF rejected by the schema:\n{stdout}\n{}",
        String::from_utf8_lossy(&validate.stderr)
    );
    assert_eq!(stdout.matches("valid SARIF 2.1.0").count(), 2, "{stdout}");
}
