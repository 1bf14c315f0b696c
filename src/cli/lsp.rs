//! `whys lsp`: the language server over stdio. A plain main loop on `lsp-server` (as
//! rust-analyzer): documents are kept as the editor sends them, and a document's
//! diagnostics are computed once the editor has been quiet on it for [`DEBOUNCE`], on the
//! unsaved text. Every request is answered from that text; nothing the editor sends can
//! stop the loop (a bad message is answered with an error, or ignored when it is a
//! notification).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    CodeActionParams, CompletionParams, DidChangeTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, Hover, HoverContents, HoverParams, MarkupContent, MarkupKind,
    PublishDiagnosticsParams, Uri,
};
use whys::lsp::{byte_offset, code_actions, completions, explain, uri_path, Workspace};

use super::Outcome;

/// How long the editor must be quiet on a document before it is checked again: typing
/// sends a change per key; checking each would only queue work the next key makes stale.
const DEBOUNCE: Duration = Duration::from_millis(30);

#[derive(Debug, clap::Args)]
pub struct Args {}

struct Document {
    path: PathBuf,
    text: String,
    version: Option<i32>,
    /// When the text last changed and was not checked since.
    dirty_since: Option<Instant>,
}

pub fn run(_args: Args) -> whys::Result<Outcome> {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = serde_json::json!({
        "textDocumentSync": { "openClose": true, "change": 1, "save": true },
        "codeActionProvider": { "codeActionKinds": ["quickfix"] },
        "hoverProvider": true,
        "completionProvider": { "triggerCharacters": [":", " ", "-"] },
    });
    let lsp_error = |e: String| whys::Error::Usage(format!("language server: {e}"));
    connection
        .initialize(capabilities)
        .map_err(|e| lsp_error(e.to_string()))?;
    let result = main_loop(&connection);
    drop(connection);
    io_threads.join().map_err(|e| lsp_error(e.to_string()))?;
    result.map(|()| Outcome::Success)
}

fn main_loop(connection: &Connection) -> whys::Result<()> {
    let mut docs: HashMap<String, Document> = HashMap::new();
    let mut workspaces: HashMap<PathBuf, Workspace> = HashMap::new();
    loop {
        let next_due = docs
            .values()
            .filter_map(|d| d.dirty_since)
            .map(|t| (t + DEBOUNCE).saturating_duration_since(Instant::now()))
            .min();
        let message = match next_due {
            Some(wait) => match connection.receiver.recv_timeout(wait) {
                Ok(m) => Some(m),
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => None,
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return Ok(()),
            },
            None => match connection.receiver.recv() {
                Ok(m) => Some(m),
                Err(_) => return Ok(()),
            },
        };
        match message {
            None => publish_due(connection, &mut docs, &mut workspaces),
            Some(Message::Request(req)) => {
                if connection.handle_shutdown(&req).unwrap_or(true) {
                    return Ok(());
                }
                // Answer from the latest text: check what is pending first.
                publish_due_now(connection, &mut docs, &mut workspaces);
                let response = answer(req, &docs, &mut workspaces);
                let _ = connection.sender.send(Message::Response(response));
            }
            Some(Message::Notification(n)) => {
                if n.method == lsp_types::notification::Exit::METHOD {
                    return Ok(());
                }
                notified(n, &mut docs, &mut workspaces);
            }
            Some(Message::Response(_)) => {}
        }
    }
}

fn workspace_for<'w>(
    workspaces: &'w mut HashMap<PathBuf, Workspace>,
    path: &Path,
) -> Option<&'w mut Workspace> {
    let dir = path.parent().unwrap_or(Path::new(".")).to_owned();
    let root = whys::settings::Archive::discover(&dir).ok()?.root;
    if !workspaces.contains_key(&root) {
        workspaces.insert(root.clone(), Workspace::open(&root).ok()?);
    }
    workspaces.get_mut(&root)
}

fn notified(
    n: Notification,
    docs: &mut HashMap<String, Document>,
    workspaces: &mut HashMap<PathBuf, Workspace>,
) {
    use lsp_types::notification::{
        DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    };
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                return;
            };
            let uri = p.text_document.uri.as_str().to_owned();
            let path = uri_path(&uri).unwrap_or_else(|| PathBuf::from("record.yaml"));
            docs.insert(
                uri,
                Document {
                    path,
                    text: p.text_document.text,
                    version: Some(p.text_document.version),
                    // Checked at once on open: nobody is typing yet.
                    dirty_since: Some(Instant::now() - DEBOUNCE),
                },
            );
        }
        DidChangeTextDocument::METHOD => {
            let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                return;
            };
            let Some(doc) = docs.get_mut(p.text_document.uri.as_str()) else {
                return;
            };
            // Full sync: the last change holds the whole text.
            if let Some(change) = p.content_changes.into_iter().last() {
                doc.text = change.text;
                doc.version = Some(p.text_document.version);
                doc.dirty_since = Some(Instant::now());
            }
        }
        DidSaveTextDocument::METHOD => {
            if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) {
                if let Some(path) = uri_path(p.text_document.uri.as_str()) {
                    // A saved record may be a new id for `related` elsewhere.
                    if let Some(ws) = workspace_for(workspaces, &path) {
                        ws.rescan();
                    }
                }
            }
        }
        DidCloseTextDocument::METHOD => {
            if let Some(uri) = n
                .params
                .pointer("/textDocument/uri")
                .and_then(|u| u.as_str())
            {
                docs.remove(uri);
            }
        }
        _ => {}
    }
}

fn publish_due(
    connection: &Connection,
    docs: &mut HashMap<String, Document>,
    workspaces: &mut HashMap<PathBuf, Workspace>,
) {
    let now = Instant::now();
    for (uri, doc) in docs.iter_mut() {
        if doc.dirty_since.is_some_and(|t| now >= t + DEBOUNCE) {
            publish(connection, uri, doc, workspaces);
        }
    }
}

fn publish_due_now(
    connection: &Connection,
    docs: &mut HashMap<String, Document>,
    workspaces: &mut HashMap<PathBuf, Workspace>,
) {
    for (uri, doc) in docs.iter_mut().filter(|(_, d)| d.dirty_since.is_some()) {
        publish(connection, uri, doc, workspaces);
    }
}

fn publish(
    connection: &Connection,
    uri: &str,
    doc: &mut Document,
    workspaces: &mut HashMap<PathBuf, Workspace>,
) {
    doc.dirty_since = None;
    let Some(ws) = workspace_for(workspaces, &doc.path) else {
        return;
    };
    let diagnostics = ws.diagnostics(&doc.path, &doc.text);
    let Ok(uri) = uri.parse::<Uri>() else {
        return;
    };
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version: doc.version,
    };
    let _ = connection
        .sender
        .send(Message::Notification(Notification::new(
            lsp_types::notification::PublishDiagnostics::METHOD.to_owned(),
            params,
        )));
}

fn answer(
    req: Request,
    docs: &HashMap<String, Document>,
    workspaces: &mut HashMap<PathBuf, Workspace>,
) -> Response {
    use lsp_types::request::{CodeActionRequest, Completion, HoverRequest};
    let id = req.id.clone();
    let bad = |id, e: serde_json::Error| {
        Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string())
    };
    match req.method.as_str() {
        CodeActionRequest::METHOD => {
            let p: CodeActionParams = match serde_json::from_value(req.params) {
                Ok(p) => p,
                Err(e) => return bad(id, e),
            };
            let text = docs
                .get(p.text_document.uri.as_str())
                .map(|d| d.text.as_str())
                .unwrap_or("");
            Response::new_ok(
                id,
                code_actions(&p.text_document.uri, text, &p.context.diagnostics),
            )
        }
        Completion::METHOD => {
            let p: CompletionParams = match serde_json::from_value(req.params) {
                Ok(p) => p,
                Err(e) => return bad(id, e),
            };
            let at = p.text_document_position;
            let Some(doc) = docs.get(at.text_document.uri.as_str()) else {
                return Response::new_ok(id, serde_json::Value::Null);
            };
            let items = workspace_for(workspaces, &doc.path)
                .map(|ws| completions(ws, &doc.text, at.position))
                .unwrap_or_default();
            Response::new_ok(id, items)
        }
        HoverRequest::METHOD => {
            let p: HoverParams = match serde_json::from_value(req.params) {
                Ok(p) => p,
                Err(e) => return bad(id, e),
            };
            let at = p.text_document_position_params;
            let Some(doc) = docs.get(at.text_document.uri.as_str()) else {
                return Response::new_ok(id, serde_json::Value::Null);
            };
            let Some(ws) = workspace_for(workspaces, &doc.path) else {
                return Response::new_ok(id, serde_json::Value::Null);
            };
            let offset = byte_offset(&doc.text, at.position);
            let hover = ws
                .diagnostics(&doc.path, &doc.text)
                .into_iter()
                .filter(|d| {
                    let (s, e) = (
                        byte_offset(&doc.text, d.range.start),
                        byte_offset(&doc.text, d.range.end),
                    );
                    s <= offset && offset <= e
                })
                .filter_map(|d| match d.code {
                    Some(lsp_types::NumberOrString::String(rule)) => explain(ws, &rule),
                    _ => None,
                })
                .collect::<Vec<_>>();
            if hover.is_empty() {
                return Response::new_ok(id, serde_json::Value::Null);
            }
            Response::new_ok(
                id,
                Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: hover.join("\n\n---\n\n"),
                    }),
                    range: None,
                },
            )
        }
        _ => Response::new_err(
            id,
            ErrorCode::MethodNotFound as i32,
            format!("`{}` is not supported", req.method),
        ),
    }
}
