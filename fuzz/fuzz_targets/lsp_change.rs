//! Any text an editor sends as a record being typed: what `whys lsp` does on a change
//! (diagnostics of every rule, `related` against the archive), then the quick fixes for
//! those diagnostics, a completion and a hover position at every line. Must never panic.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lsp_types::{Position, Uri};
use whys::lsp::{byte_offset, code_actions, completions, Workspace};

fn workspace() -> &'static (Workspace, PathBuf) {
    static WS: OnceLock<(Workspace, PathBuf)> = OnceLock::new();
    WS.get_or_init(|| {
        let dir = std::env::temp_dir().join("whys-fuzz-lsp");
        std::fs::create_dir_all(dir.join("postmortems")).expect("a temporary folder");
        let ws = Workspace::open(&dir).expect("an empty archive opens");
        (ws, dir.join("postmortems/2026-12-03-payments-outage.yaml"))
    })
}

fuzz_target!(|data: &[u8]| {
    let (ws, path) = workspace();
    // Editors send UTF-8 strings; whatever the bytes, the server sees text.
    let text = String::from_utf8_lossy(data);
    let diagnostics = ws.diagnostics(Path::new(path), &text);
    let uri: Uri = "file:///tmp/whys-fuzz-lsp/postmortems/2026-12-03-payments-outage.yaml"
        .parse()
        .expect("a valid URI");
    let _ = code_actions(&uri, &text, &diagnostics);
    for line in 0..text.lines().count().min(64) as u32 {
        for character in [0, 3, 9, 200] {
            let at = Position::new(line, character);
            let _ = completions(ws, &text, at);
            let _ = byte_offset(&text, at);
        }
    }
});
