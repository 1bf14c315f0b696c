//! `whys lsp` through the real binary, driven by a scripted JSON-RPC client over its stdio:
//! diagnostics on open and on change (on the unsaved text), quick fixes, completion, hover,
//! and a clean shutdown. Text that is not even YAML must not stop it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const DRAFT: &str = include_str!("data/writing/broken-first-draft.yaml");

struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
}

impl Server {
    fn start(dir: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_whys"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim_end();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Server {
            child,
            stdin,
            incoming: rx,
            next_id: 1,
        }
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (skipping notifications).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)))
    }

    fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(m) if wanted(&m) => return m,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no wanted message from the server in 20 s")
                }
                Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
            }
        }
    }

    /// The next diagnostics published for `version`.
    fn diagnostics(&mut self, version: i64) -> Vec<Value> {
        let m = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

fn archive() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("whys.yaml"), "people: [Bob]\n").unwrap();
    let pm = dir.path().join("postmortems");
    std::fs::create_dir_all(&pm).unwrap();
    let seed = include_str!("../postmortems/2025/2025-10-07-payments-pool-exhaustion.yaml");
    std::fs::write(pm.join("2025-10-07-payments-pool-exhaustion.yaml"), seed).unwrap();
    let file = pm.join("2026-12-03-payments-outage.yaml");
    std::fs::write(&file, DRAFT).unwrap();
    let uri = format!("file://{}", file.display());
    (dir, uri)
}

#[test]
fn diagnostics_fixes_completion_and_hover_over_json_rpc() {
    let (dir, uri) = archive();
    let mut s = Server::start(dir.path());
    let init = s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert!(
        init["result"]["capabilities"]["codeActionProvider"].is_object(),
        "{init}"
    );
    s.notify("initialized", json!({}));

    // On open: every rule, wording and personal data included, in the first round.
    let unsaved = DRAFT.replace(
        "whys:\n",
        "related: [2025-10-07-payments-pool-exhaustion, 2025-10-07-payments-pool-exhaustoin]\nwhys:\n",
    );
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": unsaved}}),
    );
    let diags = s.diagnostics(1);
    let found = codes(&diags);
    assert!(found.iter().any(|c| c.starts_with("blame/")), "{found:?}");
    for rule in [
        "times/no-offset",
        "record/unknown-field",
        "pii/email",
        "timeline/order",
        "whys/ends-at-person",
        "actions/due-horizon",
        "record/related",
    ] {
        assert!(
            found.iter().any(|c| c == rule),
            "{rule} missing from {found:?}"
        );
    }
    let related: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "record/related")
        .collect();
    assert_eq!(related.len(), 1, "only the misspelt id: {related:?}");

    // Quick fixes: the offset, the "did you mean" rename, a lint.allow.
    let wanted = ["times/no-offset", "record/unknown-field"];
    let context: Vec<Value> = diags
        .iter()
        .filter(|d| {
            let code = d["code"].as_str().unwrap();
            wanted.contains(&code) || code.starts_with("blame/")
        })
        .cloned()
        .collect();
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": context[0]["range"], "context": {"diagnostics": context}}),
    );
    let titles: Vec<&str> = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"Write `2026-12-03T09:00:00+01:00`"),
        "{titles:?}"
    );
    assert!(titles.contains(&"Change to `root_cause`"), "{titles:?}");
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Allow `blame/") && t.contains("on `timeline[1].event`")),
        "{titles:?}"
    );
    let rename = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Change to `root_cause`")
        .unwrap();
    assert_eq!(rename["edit"]["changes"][&uri][0]["newText"], "root_cause");

    // As the text changes: broken text is reported, not fatal; a fixed one is quiet on it.
    for (version, text) in [
        (2, "\t- : [\"\n\u{0}%{{".to_owned()),
        (3, "-title: x\n".to_owned()),
        (
            4,
            unsaved.replace(
                "started: 2026-12-03T09:00:00\n",
                "started: 2026-12-03T09:00:00+01:00\n",
            ),
        ),
    ] {
        s.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
        let found = codes(&s.diagnostics(version));
        if version == 4 {
            assert!(!found.iter().any(|c| c == "times/no-offset"), "{found:?}");
            assert!(found.iter().any(|c| c.starts_with("blame/")), "{found:?}");
        } else {
            assert!(!found.is_empty(), "version {version}");
        }
    }

    // Completion: enum values, ids in `related`, owners from the roster.
    let text = "status: \nrelated:\n  - 2025\naction_items:\n  - title: x\n    owner: \n";
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 5}, "contentChanges": [{"text": text}]}),
    );
    let complete = |s: &mut Server, line: u32, character: u32| -> Vec<String> {
        let r = s.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        );
        r["result"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|i| i["label"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(complete(&mut s, 0, 8), ["draft", "review", "published"]);
    assert_eq!(
        complete(&mut s, 2, 8),
        ["2025-10-07-payments-pool-exhaustion"]
    );
    assert!(complete(&mut s, 5, 11).contains(&"Bob".to_owned()));
    assert!(complete(&mut s, 5, 11).contains(&"payments-team".to_owned()));

    // Hover on a finding: the rule's explanation.
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 6}, "contentChanges": [{"text": DRAFT}]}),
    );
    let diags = s.diagnostics(6);
    let blame = diags
        .iter()
        .find(|d| d["code"].as_str().unwrap().starts_with("blame/"))
        .unwrap();
    let hover = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": blame["range"]["start"]}),
    );
    let value = hover["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains(&format!("**{}**", blame["code"].as_str().unwrap())),
        "{value}"
    );

    let shutdown = s.request("shutdown", Value::Null);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    s.notify("exit", Value::Null);
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

/// `text` with one LSP text edit applied (positions in UTF-16 units, as the server sends).
fn apply_edit(text: &str, edit: &Value) -> String {
    let offset = |p: &Value| {
        whys::lsp::byte_offset(
            text,
            lsp_types::Position::new(
                p["line"].as_u64().unwrap() as u32,
                p["character"].as_u64().unwrap() as u32,
            ),
        )
    };
    let (start, end) = (
        offset(&edit["range"]["start"]),
        offset(&edit["range"]["end"]),
    );
    format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().unwrap(),
        &text[end..]
    )
}

/// A blameful sentence's quick fix is the wording rewrite made from it: applied to the
/// unsaved text, the blame finding is gone and the text around the sentence is untouched.
#[test]
fn blameful_sentence_quick_fix_is_its_rewrite() {
    let (dir, uri) = archive();
    let mut s = Server::start(dir.path());
    s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    s.notify("initialized", json!({}));
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": DRAFT}}),
    );
    let diags = s.diagnostics(1);
    let blame: Vec<Value> = diags
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("blame/"))
        .cloned()
        .collect();
    assert!(!blame.is_empty(), "{diags:?}");
    let finding = blame
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("\nhelp: "))
        .unwrap_or_else(|| panic!("no blame finding with a rewrite: {blame:?}"));
    let actions = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": finding["range"], "context": {"diagnostics": [finding]}}),
    );
    let rewrite = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Rewrite the sentence")
        .unwrap_or_else(|| panic!("no rewrite for {finding}: {actions}"));
    assert_eq!(rewrite["kind"], "quickfix");
    let edit = &rewrite["edit"]["changes"][&uri][0];
    let help = finding["message"]
        .as_str()
        .unwrap()
        .split("\nhelp: ")
        .nth(1)
        .unwrap();
    let new_text = edit["newText"].as_str().unwrap();
    // A plain YAML scalar cannot hold the rewrite's ": ", so the value comes back quoted.
    assert!(new_text.contains(help), "{edit} {help}");
    let text = apply_edit(DRAFT, edit);
    assert_eq!(text.lines().count(), DRAFT.lines().count(), "{text}");
    assert!(!text.contains("Bob carelessly"), "{text}");

    let mut version = 1;
    let found = diags_of(&mut s, &uri, &text, &mut version);
    assert!(
        !codes(&found).iter().any(|c| c.starts_with("yaml/")),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|d| d["message"] == finding["message"]),
        "the finding is still there: {found:?}\n{text}"
    );
    // The rest of the draft's mistakes are still reported: only that value changed.
    assert!(
        codes(&found).iter().any(|c| c == "times/no-offset"),
        "{found:?}"
    );

    s.request("shutdown", Value::Null);
    s.notify("exit", Value::Null);
    assert!(s.child.wait().unwrap().success());
}

/// Sends `text` as the next version and returns the diagnostics published for it.
fn diags_of(s: &mut Server, uri: &str, text: &str, version: &mut i64) -> Vec<Value> {
    *version += 1;
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": *version}, "contentChanges": [{"text": text}]}),
    );
    s.diagnostics(*version)
}

/// What the fuzz target `lsp_change` runs, on texts an editor sends mid-keystroke.
#[test]
fn half_typed_texts_never_panic_the_change_path() {
    use whys::lsp::{byte_offset, code_actions, completions, Workspace};
    let (dir, uri) = archive();
    let ws = Workspace::open(dir.path()).unwrap();
    let path = dir
        .path()
        .join("postmortems/2026-12-03-payments-outage.yaml");
    let uri: lsp_types::Uri = uri.parse().unwrap();
    let mut texts: Vec<String> = [
        "",
        "\u{feff}",
        "-",
        ":",
        "- :",
        "\t",
        "\"",
        "[",
        "{",
        "a: *x",
        "&a [*a, *a]",
        "related:\n  - ",
        "times:\n  started: 2026-",
        "lint:\n  allow:\n    - rule: ",
        "é😀: [\"",
        "\r\n\r\n",
        "\u{0}",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    // Every prefix of the draft, as it is typed character by character (every 7th).
    let chars: Vec<char> = DRAFT.chars().collect();
    texts.extend(
        (0..chars.len())
            .step_by(7)
            .map(|n| chars[..n].iter().collect()),
    );
    for text in &texts {
        let diagnostics = ws.diagnostics(&path, text);
        let _ = code_actions(&uri, text, &diagnostics);
        for line in 0..text.lines().count().min(8) as u32 {
            for character in [0, 3, 200] {
                let at = lsp_types::Position::new(line, character);
                let _ = completions(&ws, text, at);
                assert!(byte_offset(text, at) <= text.len());
            }
        }
    }
}
