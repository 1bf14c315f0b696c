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
    let mut child = Command::new("nvim")
        .args(["--headless", "-n", "-i", "NONE", "-u", init])
        .arg(&record)
        .current_dir(dir.path())
        .env("WHYS_BIN", env!("CARGO_BIN_EXE_whys"))
        .env("WHYS_DIAGNOSTICS_OUT", &out)
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .stdin(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(40) {
            child.kill().unwrap();
            panic!("neovim did not finish in 40 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
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
