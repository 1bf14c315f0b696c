//! `whys lsp` in a real editor: Neovim, headless, from Debian's package (installed by
//! scripts/test-deps.sh). tests/editor/neovim_init.lua starts the server for the record,
//! writes the diagnostics it shows on open, types a line without saving, and writes the
//! diagnostics of the unsaved text.

use std::process::Command;
use std::time::{Duration, Instant};

const DRAFT: &str = include_str!("data/writing/broken-first-draft.yaml");

#[test]
fn neovim_shows_every_finding_on_open_and_as_a_line_is_typed() {
    let nvim_found = Command::new("nvim").arg("--version").output().is_ok();
    assert!(
        nvim_found,
        "nvim is not installed: run scripts/test-deps.sh (it installs Debian's neovim)"
    );
    let dir = tempfile::tempdir().unwrap();
    let pm = dir.path().join("postmortems");
    std::fs::create_dir_all(&pm).unwrap();
    let record = pm.join("2026-12-03-payments-outage.yaml");
    std::fs::write(&record, DRAFT).unwrap();
    let out = dir.path().join("diagnostics");
    let init = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/editor/neovim_init.lua");
    let status = run_neovim(
        dir.path(),
        init,
        &record,
        &[("WHYS_DIAGNOSTICS_OUT", out.as_os_str())],
        Duration::from_secs(40),
    );
    assert!(
        status.success(),
        "neovim exited with {status} (3: no diagnostics within 20 s)"
    );

    let opened = std::fs::read_to_string(out.with_extension("opened")).unwrap();
    for (place, rule) in [
        ("11:12", "times/no-offset"),
        ("19:9", "timeline/order"),
        // The blameful sentence, whichever rule of the blame family judges it.
        ("21:12", "blame/"),
        ("21:80", "pii/email"),
        ("29:14", "whys/ends-at-person"),
        ("34:10", "actions/due-horizon"),
        ("37:1", "record/unknown-field"),
    ] {
        assert!(
            opened
                .lines()
                .any(|l| l.starts_with(&format!("{place} {rule}"))),
            "{place} {rule} not shown on open:\n{opened}"
        );
    }
    let typed = std::fs::read_to_string(out.with_extension("typed")).unwrap();
    assert!(
        typed
            .lines()
            .any(|l| l.starts_with("38:18 yaml/comment `#inc-payments first.`")),
        "the unsaved line's comment trap is not shown:\n{typed}"
    );
    // Nothing was saved: the file on disk is the draft as written.
    assert_eq!(std::fs::read_to_string(&record).unwrap(), DRAFT);
}

/// One edit typed into the buffer (Neovim's `nvim_buf_set_lines`: lines `at..to`, 0-based,
/// replaced by `lines`), the rule it must bring up, and whether a quick fix must be offered.
struct Step {
    at: usize,
    to: usize,
    lines: Vec<String>,
    rule: &'static str,
    fix: bool,
}

/// Where in `lines` the first line starting with `prefix` is.
fn line_of(lines: &[String], prefix: &str) -> usize {
    lines
        .iter()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting {prefix:?} in the draft:\n{lines:#?}"))
}

/// The done-when of issue 18: writing the seed's payment incident from an empty `whys new`
/// in Neovim shows each mistake as it is typed, with a quick fix where one exists.
#[test]
fn neovim_shows_each_mistake_as_the_incident_is_typed_into_a_new_draft() {
    assert!(
        Command::new("nvim").arg("--version").output().is_ok(),
        "nvim is not installed: run scripts/test-deps.sh (it installs Debian's neovim)"
    );
    let dir = tempfile::tempdir().unwrap();
    let new = Command::new(env!("CARGO_BIN_EXE_whys"))
        .args(["new", "--title", "Payments outage", "--started"])
        .arg("2026-12-03T09:00:00+01:00")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(new.status.success(), "{new:?}");
    let record = dir
        .path()
        .join("postmortems/2026/2026-12-03-payments-outage.yaml");
    let draft = std::fs::read_to_string(&record).unwrap();

    // The mistakes of the issue, in the order a writer makes them.
    let mut lines: Vec<String> = draft.lines().map(str::to_owned).collect();
    let mut steps = Vec::new();
    let mut type_lines = |lines: &mut Vec<String>,
                          at: usize,
                          to: usize,
                          new: &[&str],
                          rule: &'static str,
                          fix: bool| {
        let new: Vec<String> = new.iter().map(|l| l.to_string()).collect();
        lines.splice(at..to, new.clone());
        steps.push(Step {
            at,
            to,
            lines: new,
            rule,
            fix,
        });
    };
    let started = line_of(&lines, "  started:");
    type_lines(
        &mut lines,
        started,
        started + 1,
        &["  started: 2026-12-03T09:00:00"],
        "times/no-offset",
        true,
    );
    let end = lines.len();
    type_lines(
        &mut lines,
        end,
        end,
        &["rootcause: The config was not validated."],
        "record/unknown-field",
        true,
    );
    let summary = line_of(&lines, "summary:") + 1;
    type_lines(
        &mut lines,
        summary,
        summary + 1,
        &["  Bob carelessly pushed the wrong config and took down payments."],
        "blame/",
        true,
    );
    type_lines(
        &mut lines,
        summary + 1,
        summary + 1,
        &["  Mail bob.smith@acme-payments.com for details."],
        "pii/email",
        false,
    );
    let end = lines.len();
    type_lines(
        &mut lines,
        end,
        end,
        &[
            "timeline:",
            "  - at: 2026-12-03T09:05:00+01:00",
            "    kind: detection",
            "    event: Alert fires for payment errors.",
            "  - at: 2026-12-03T09:02:00+01:00",
            "    kind: action",
            "    event: The pool size change was deployed.",
        ],
        "timeline/order",
        false,
    );
    let end = lines.len();
    type_lines(
        &mut lines,
        end,
        end,
        &[
            "whys:",
            "  - why: Why did payments fail?",
            "    because: The pool size was set to 1.",
            "  - why: Why was the pool size 1?",
            "    because: human error",
        ],
        "whys/ends-at-person",
        false,
    );
    let end = lines.len();
    type_lines(
        &mut lines,
        end,
        end,
        &[
            "action_items:",
            "  - title: Validate pool size in CI",
            "    horizon: immediate",
            "    owner: payments-team",
            "    due: 2027-01-15",
            "    status: open",
        ],
        "actions/due-horizon",
        false,
    );
    let end = lines.len();
    type_lines(
        &mut lines,
        end,
        end,
        &["lessons: Post in #inc-payments first."],
        "yaml/comment",
        false,
    );
    let json: Vec<serde_json::Value> = steps
        .iter()
        .map(|s| {
            serde_json::json!({"at": s.at, "to": s.to, "lines": s.lines, "rule": s.rule, "fix": s.fix})
        })
        .collect();
    let steps_file = dir.path().join("steps.json");
    std::fs::write(&steps_file, serde_json::to_string(&json).unwrap()).unwrap();

    let out = dir.path().join("typing");
    let init = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/editor/neovim_typing.lua"
    );
    let status = run_neovim(
        dir.path(),
        init,
        &record,
        &[
            ("WHYS_STEPS", steps_file.as_os_str()),
            ("WHYS_TYPING_OUT", out.as_os_str()),
        ],
        Duration::from_secs(150),
    );
    assert!(status.success(), "neovim exited with {status} (3: gave up)");

    let results = std::fs::read_to_string(&out).unwrap();
    for (i, step) in steps.iter().enumerate() {
        let n = i + 1;
        assert!(
            results
                .lines()
                .any(|l| l == format!("step {n} {} shown", step.rule)),
            "{} not shown after typing step {n}:\n{results}",
            step.rule
        );
        if step.fix {
            let titles = results
                .lines()
                .find_map(|l| l.strip_prefix(&format!("fix {n} {} ", step.rule)))
                .unwrap_or("");
            let wanted = match step.rule {
                "times/no-offset" => "Write `2026-12-03T09:00:00+01:00`",
                "record/unknown-field" => "Change to `root_cause`",
                _ => "Rewrite the sentence",
            };
            assert!(
                titles.split(" | ").any(|t| t == wanted),
                "no quick fix {wanted:?} for {} (step {n}):\n{results}",
                step.rule
            );
        }
    }
    // Nothing was saved: the file on disk is still the draft `whys new` wrote.
    assert_eq!(std::fs::read_to_string(&record).unwrap(), draft);
}

/// Runs headless Neovim with `init` on `record` inside `dir` (its own config, data and state
/// folders there), the whys binary and `env` in its environment; panics past `limit`.
fn run_neovim(
    dir: &std::path::Path,
    init: &str,
    record: &std::path::Path,
    env: &[(&str, &std::ffi::OsStr)],
    limit: Duration,
) -> std::process::ExitStatus {
    let mut command = Command::new("nvim");
    command
        .args(["--headless", "-n", "-i", "NONE", "-u", init])
        .arg(record)
        .current_dir(dir)
        .env("WHYS_BIN", env!("CARGO_BIN_EXE_whys"))
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("XDG_DATA_HOME", dir.join("data"))
        .env("XDG_STATE_HOME", dir.join("state"))
        .stdin(std::process::Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("neovim did not finish in {} s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
