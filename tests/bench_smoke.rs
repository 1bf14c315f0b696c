//! The scale benchmark's smoke run: `bench/run.sh` on two small generated archives, with the
//! binaries `cargo test` has already built (no release build). It checks that every
//! command of the benchmark runs and prints its figures; the figures themselves are the
//! benchmark's business, not a test's (speed is measured with `bench/run.sh`, see README).

use std::path::PathBuf;
use std::process::Command;

#[test]
fn the_benchmark_runs_every_command_on_small_archives() {
    let whys = PathBuf::from(env!("CARGO_BIN_EXE_whys"));
    // `cargo test` builds the examples beside the binaries it tests.
    let examples = whys.parent().unwrap().join("examples");
    let (gen, bare) = (examples.join("gen_archive"), examples.join("bare_parse"));
    assert!(
        gen.is_file() && bare.is_file(),
        "no examples in {}: the whole `cargo test` builds them (or `cargo build --examples`)",
        examples.display()
    );
    let out = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let run = Command::new("bash")
        .arg(root.join("bench/run.sh"))
        .arg("--quick")
        .env("WHYS_BIN", &whys)
        .env("GEN_BIN", &gen)
        .env("BARE_BIN", &bare)
        .env("BENCH_OUT", out.path())
        .env("SIZES", "60 150")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stdout}\n{stderr}");
    let rows: Vec<Vec<&str>> = stdout
        .lines()
        .filter(|l| {
            l.starts_with("| ") && !l.starts_with("| command") && !l.starts_with("| records")
        })
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let labels = [
        "bare parse (floor)",
        "check, no cache",
        "check, cold cache",
        "check, warm cache",
        "report, no cache",
        "report, cold cache",
        "report, warm cache",
        "actions, no cache",
        "actions, warm cache",
        "site",
    ];
    for size in ["60", "150"] {
        for label in labels {
            let row = rows
                .iter()
                .find(|r| r.len() == 5 && r[0] == label && r[1] == size)
                .unwrap_or_else(|| panic!("no row for {label} at {size}:\n{stdout}"));
            // Wall seconds, records a second and megabytes are all numbers.
            for figure in &row[2..] {
                assert!(figure.parse::<f64>().is_ok(), "{row:?}");
            }
        }
    }
    let import = rows
        .iter()
        .find(|r| r[0] == "import statuspage")
        .unwrap_or_else(|| panic!("no import row:\n{stdout}"));
    // The import runs on GitHub's history in tests/data, never skipped.
    assert_eq!(import[1], "1282", "{import:?}");
    assert!(import[2].parse::<f64>().is_ok(), "{import:?}");
    assert!(stdout.contains("check / bare parse"), "{stdout}");
}
