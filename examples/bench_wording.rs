//! Throughput of the wording engine on a folder of Markdown files, for
//! `bench/wording.sh`.
//!
//! `bench_wording phrases`       prints the blame phrase list, one a line, as
//!                               an extended regex for `grep -E -i -f`.
//! `bench_wording scan DIR [N]`  scans every file N times (default 5) as one
//!                               narrative field and one field checked for
//!                               personal data; prints the best run.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use whys::wording::{RuleKind, RuleSet, ScanContext};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rules = match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(e) => {
            eprintln!("bench_wording: {e}");
            return ExitCode::FAILURE;
        }
    };
    match args.first().map(String::as_str) {
        Some("phrases") => {
            for spec in rules.rules().filter(|s| s.kind != RuleKind::Regex) {
                let lists = [&spec.phrases, &spec.when_person, &spec.verbs, &spec.objects];
                for phrase in lists.into_iter().flatten() {
                    println!("{}", regex_escape(phrase));
                }
            }
            ExitCode::SUCCESS
        }
        Some("scan") => match args.get(1) {
            Some(dir) => {
                let runs = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(5);
                scan(&rules, PathBuf::from(dir), runs)
            }
            None => usage(),
        },
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: bench_wording phrases | scan DIR [RUNS]");
    ExitCode::FAILURE
}

fn regex_escape(phrase: &str) -> String {
    let mut out = String::new();
    for c in phrase.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn scan(rules: &RuleSet, dir: PathBuf, runs: u32) -> ExitCode {
    let mut paths = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect::<Vec<_>>(),
        Err(e) => {
            eprintln!("bench_wording: {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let ctx = ScanContext {
        names: &[],
        published: false,
    };
    let mut best_blame = f64::MAX;
    let mut best_all = f64::MAX;
    let (mut blame_hits, mut personal_hits) = (0, 0);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        blame_hits = texts
            .iter()
            .map(|t| rules.scan_narrative(t, &ctx).len())
            .sum::<usize>();
        let blame_done = started.elapsed().as_secs_f64();
        personal_hits = texts
            .iter()
            .map(|t| rules.scan_personal_data(t, &ctx).len())
            .sum::<usize>();
        let all_done = started.elapsed().as_secs_f64();
        best_blame = best_blame.min(blame_done);
        best_all = best_all.min(all_done);
    }
    // Machine-readable lines for the script, then a human summary.
    println!("files {}", texts.len());
    println!("bytes {bytes}");
    println!("blame_seconds {best_blame:.6}");
    println!("all_seconds {best_all:.6}");
    println!("blame_hits {blame_hits}");
    println!("personal_hits {personal_hits}");
    ExitCode::SUCCESS
}
