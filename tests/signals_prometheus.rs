//! `whys signals --from-prometheus` through the binary, on query_range bodies built to the
//! Prometheus HTTP API documentation (tests/data/prometheus/README.md).

mod common;

use common::whys;

use std::path::PathBuf;
use std::process::Output;

use whys::record::load_record;

fn fixture(name: &str) -> String {
    common::data("prometheus")
        .join(name)
        .to_str()
        .unwrap()
        .to_owned()
}

fn ok(out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

const ID: &str = "2025-10-07-payments-pool-exhaustion";

fn archive_with_seed() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("whys.yaml"), "").unwrap();
    let record = dir.path().join(format!("postmortems/2025/{ID}.yaml"));
    std::fs::create_dir_all(record.parent().unwrap()).unwrap();
    std::fs::copy(
        common::repo().join(format!("postmortems/2025/{ID}.yaml")),
        &record,
    )
    .unwrap();
    (dir, record)
}

#[test]
fn a_series_is_kept_beside_the_record_linked_from_its_signal_and_charted_on_both_pages() {
    let (dir, record) = archive_with_seed();
    let args = [
        "signals",
        "--from-prometheus",
        &fixture("pool-saturation.json"),
        "--signal",
        "saturation",
        "--into",
        ID,
    ];
    let stdout = ok(&whys(dir.path(), &args));
    assert!(
        stdout.contains("saturation: 2 series, 181 points"),
        "one NaN left out: {stdout}"
    );
    let data = record.with_file_name(format!("{ID}.saturation.series.json"));
    let series: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&data).unwrap()).unwrap();
    assert_eq!(series["schema"], "whys-series/v1");
    assert_eq!(
        series["series"][0]["name"],
        "hikaricp_connections_active{pool=\"ledger\", service=\"payment-service\"}"
    );
    let loaded = load_record(&record, &Default::default()).unwrap().record;
    let text = loaded.signals.as_ref().unwrap().saturation.clone().unwrap();
    assert!(
        text.starts_with("The pool sat at 100 of 100"),
        "kept: {text}"
    );
    assert!(
        text.ends_with(&format!(
            "[Series from Prometheus]({ID}.saturation.series.json), charted below."
        )),
        "{text}"
    );
    let yaml = std::fs::read_to_string(&record).unwrap();
    assert!(
        yaml.starts_with("# The reference whys/v1 record"),
        "comments kept"
    );

    for format in ["md", "html"] {
        let page = ok(&whys(
            dir.path(),
            &["render", record.to_str().unwrap(), "--format", format],
        ));
        let chart = page
            .split("<svg class=\"signal-chart\"")
            .nth(1)
            .unwrap_or_else(|| panic!("no chart in the {format} page"));
        let chart = chart.split("</svg>").next().unwrap();
        assert!(chart.contains("<polyline"), "{format}");
        assert!(
            chart.contains("marker-detected"),
            "detected 08:30 is in the range: {format}"
        );
        assert!(
            chart.contains("Outside the chart: started 2025-09-30 02:00, mitigated 2025-10-21 02:40, resolved 2025-10-23 15:00."),
            "{chart}"
        );
        assert!(
            chart.contains("pool=&quot;ledger&quot;"),
            "escaped: {format}"
        );
        // The chart sits in the saturation section, after its text.
        let saturation = page.find("Saturation").unwrap();
        let at = page.find("<svg class=\"signal-chart\"").unwrap();
        assert!(at > saturation);
    }

    let stdout = ok(&whys(dir.path(), &args));
    assert!(
        stdout.contains("unchanged in") && stdout.contains("already links to it"),
        "{stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(&record).unwrap(),
        yaml,
        "idempotent"
    );
    let check = whys(dir.path(), &["check"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn bodies_that_are_not_a_matrix_are_refused_with_the_json_path() {
    let (dir, record) = archive_with_seed();
    let before = std::fs::read_to_string(&record).unwrap();
    for (file, expected) in [
        (
            "instant-vector.json",
            "at `data.resultType`: `vector`, not `matrix`",
        ),
        ("query-error.json", "the query failed (bad_data)"),
        (
            "bad-sample.json",
            "at `data.result[1].values[4][1]`: `fast` is not a sample value",
        ),
    ] {
        let out = whys(
            dir.path(),
            &[
                "signals",
                "--from-prometheus",
                &fixture(file),
                "--signal",
                "latency",
                "--into",
                ID,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(file) && stderr.contains(expected),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read_to_string(&record).unwrap(), before);
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"status\": \"success\", \"data\": {\"resultType\": \"matrix\", \"result\": [{\"values\": [[1, 2]]}]}}").unwrap();
    let out = whys(
        dir.path(),
        &[
            "signals",
            "--from-prometheus",
            "broken.json",
            "--signal",
            "errors",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("`data.result[0].values[0][1]`"), "{stderr}");
}
