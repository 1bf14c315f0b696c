//! A local stand-in for GitHub's and Jira's REST APIs, on 127.0.0.1, for `whys actions sync`.
//!
//! Only the operations sync uses, shaped as the public API descriptions describe them:
//! - GitHub REST API, `github/rest-api-description`,
//!   `descriptions/api.github.com/api.github.com.2022-11-28.yaml`: `issues/list-for-repo`
//!   (`GET /repos/{owner}/{repo}/issues`, `state`, `labels`, `per_page`, `page`, paged by an
//!   RFC 8288 `Link` header), `issues/create` (`POST /repos/{owner}/{repo}/issues` → 201 with
//!   the issue; 410 when issues are off, 422 on bad fields), `issues/get`
//!   (`GET /repos/{owner}/{repo}/issues/{issue_number}` → 200, 404, 410 Gone for a deleted
//!   issue); errors as `basic-error` (`message`, `documentation_url`, `status`); every answer
//!   carries `x-ratelimit-limit/-remaining/-used/-reset/-resource`; a secondary rate limit
//!   answers 429 (or 403) with `retry-after` in seconds.
//! - Jira Cloud platform REST API v3, its OpenAPI document (`swagger-v3.v3.json` on
//!   developer.atlassian.com): `createIssue` (`POST /rest/api/3/issue` → 201 `CreatedIssue`
//!   `{id, key, self}`), `getIssue` (`GET /rest/api/3/issue/{issueIdOrKey}` → 200, 404 with
//!   `ErrorCollection` `{errorMessages, errors}`), `searchAndReconsileIssuesUsingJql`
//!   (`GET /rest/api/3/search/jql`, paged by `nextPageToken`, `isLast`); 401 with an
//!   `ErrorCollection` body; 429 with `Retry-After` and `X-RateLimit-*`. The Data Center v2
//!   search (`GET /rest/api/2/search`) pages by `startAt`/`maxResults`/`total`.
//!
//! Pages are small (see `page_size`) so every test that lists issues crosses pages. Faults
//! are injected per test: rate limits, a connection dropped after a create was done, a
//! deleted ticket.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use serde_json::{json, Value};

#[derive(Debug, Clone)]
pub struct GhIssue {
    pub number: u64,
    pub title: String,
    pub body: String,
    pub labels: Vec<String>,
    pub state: String,
    pub state_reason: Option<String>,
    pub closed_at: Option<String>,
    pub assignees: Vec<String>,
    pub deleted: bool,
}

#[derive(Debug, Clone)]
pub struct JiraIssue {
    pub id: u64,
    pub key: String,
    pub fields: Value,
    pub deleted: bool,
}

/// A fault to answer the next matching request with.
#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 with `Retry-After: seconds` (and, for GitHub, the rate-limit headers).
    TooManyRequests { retry_after: u64 },
    /// GitHub's primary rate limit: 403, `x-ratelimit-remaining: 0`, reset in `seconds`.
    RateLimitExhausted { reset_in: u64 },
    /// 502 Bad Gateway.
    BadGateway,
    /// Do the create, then close the connection without answering.
    DropAfterCreate,
    /// Do the create, then hold the answer back for a minute (the test kills the client).
    HoldAfterCreate,
}

#[derive(Debug, Default)]
pub struct State {
    pub github: Vec<GhIssue>,
    pub jira: Vec<JiraIssue>,
    /// Faults for the next requests whose method and path start match, in order.
    pub faults: Vec<(String, String, Fault)>,
    /// Every request: (method, path with query).
    pub requests: Vec<(String, String)>,
    pub page_size: usize,
    /// The repository the numeric `/repositories/42/...` links of `Link` headers stand for.
    pub repo_42: String,
    /// Set when a `HoldAfterCreate` create is done and its answer held back.
    pub holding: bool,
    /// Request targets as sent (absolute through a proxy).
    pub raw_targets: Vec<String>,
}

pub struct FakeTracker {
    pub url: String,
    pub state: Arc<Mutex<State>>,
    /// The `Authorization` header value the server accepts.
    expected_auth: String,
}

impl FakeTracker {
    /// Starts the server; `expected_auth` is the whole `Authorization` value it accepts.
    pub fn start(expected_auth: &str) -> FakeTracker {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            page_size: 2,
            ..State::default()
        }));
        let shared = Arc::clone(&state);
        let auth = expected_auth.to_owned();
        let base = url.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let state = Arc::clone(&shared);
                let auth = auth.clone();
                let base = base.clone();
                thread::spawn(move || {
                    let _ = serve(stream, &state, &auth, &base);
                });
            }
        });
        FakeTracker {
            url,
            state,
            expected_auth: expected_auth.to_owned(),
        }
    }

    pub fn fault(&self, method: &str, path_prefix: &str, fault: Fault) {
        self.state
            .lock()
            .unwrap()
            .faults
            .push((method.into(), path_prefix.into(), fault));
    }

    pub fn github_issues(&self) -> Vec<GhIssue> {
        self.state.lock().unwrap().github.clone()
    }

    pub fn jira_issues(&self) -> Vec<JiraIssue> {
        self.state.lock().unwrap().jira.clone()
    }

    /// Closes GitHub issue `number` as completed at `at` (RFC 3339).
    pub fn close_github(&self, number: u64, at: &str) {
        let mut s = self.state.lock().unwrap();
        let issue = s.github.iter_mut().find(|i| i.number == number).unwrap();
        issue.state = "closed".into();
        issue.state_reason = Some("completed".into());
        issue.closed_at = Some(at.into());
    }

    pub fn reopen_github(&self, number: u64) {
        let mut s = self.state.lock().unwrap();
        let issue = s.github.iter_mut().find(|i| i.number == number).unwrap();
        issue.state = "open".into();
        issue.state_reason = Some("reopened".into());
        issue.closed_at = None;
    }

    pub fn delete_github(&self, number: u64) {
        let mut s = self.state.lock().unwrap();
        s.github
            .iter_mut()
            .find(|i| i.number == number)
            .unwrap()
            .deleted = true;
    }

    pub fn assign_github(&self, number: u64, login: &str) {
        let mut s = self.state.lock().unwrap();
        let issue = s.github.iter_mut().find(|i| i.number == number).unwrap();
        issue.assignees = vec![login.into()];
    }

    /// Moves a Jira issue to a status of the `done` category, resolved at `at`
    /// (Jira's `2026-01-07T09:00:00.000+0000` form).
    pub fn resolve_jira(&self, key: &str, at: &str) {
        let mut s = self.state.lock().unwrap();
        let issue = s.jira.iter_mut().find(|i| i.key == key).unwrap();
        issue.fields["status"] =
            json!({"name": "Done", "statusCategory": {"id": 3, "key": "done", "name": "Done"}});
        issue.fields["resolutiondate"] = json!(at);
        issue.fields["statuscategorychangedate"] = json!(at);
    }

    pub fn requests(&self) -> Vec<(String, String)> {
        self.state.lock().unwrap().requests.clone()
    }
}

struct Request {
    method: String,
    target: String,
    headers: BTreeMap<String, String>,
    body: String,
}

fn read_request(stream: &TcpStream) -> std::io::Result<Option<Request>> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("").to_owned();
    let mut headers = BTreeMap::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Request {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }))
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn answer(status: u16, body: Value) -> Answer {
    Answer {
        status,
        headers: Vec::new(),
        body: body.to_string(),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        _ => "Other",
    }
}

fn serve(
    mut stream: TcpStream,
    state: &Mutex<State>,
    auth: &str,
    base: &str,
) -> std::io::Result<()> {
    let Some(request) = read_request(&stream)? else {
        return Ok(());
    };
    if request.method == "CONNECT" {
        // A proxy tunnel (RFC 9110 §9.3.6): open it, then serve the request sent through it.
        state
            .lock()
            .unwrap()
            .raw_targets
            .push(request.target.clone());
        stream.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n")?;
        return serve(stream, state, auth, base);
    }
    // Through a proxy the target is in absolute form (`http://host/path`): keep the path.
    let target = match request.target.strip_prefix("http://") {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]).to_owned(),
        None => request.target.clone(),
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (target.clone(), String::new()),
    };
    let params: BTreeMap<String, String> = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), decode(v)))
        .collect();
    let jira = path.starts_with("/rest/api/");
    let mut hold_after = false;
    let (fault, mut drop_after) = {
        let mut s = state.lock().unwrap();
        s.requests.push((request.method.clone(), target.clone()));
        s.raw_targets.push(request.target.clone());
        let at = s
            .faults
            .iter()
            .position(|(m, p, _)| *m == request.method && path.starts_with(p.as_str()));
        (at.map(|i| s.faults.remove(i).2), false)
    };
    let mut response = match fault {
        Some(Fault::TooManyRequests { retry_after }) => {
            let mut a = if jira {
                answer(
                    429,
                    json!({"errorMessages": ["Rate limit exceeded."], "errors": {}}),
                )
            } else {
                answer(
                    429,
                    json!({"message": "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", "status": "429"}),
                )
            };
            a.headers
                .push(("Retry-After".into(), retry_after.to_string()));
            Some(a)
        }
        Some(Fault::RateLimitExhausted { reset_in }) => {
            let mut a = answer(
                403,
                json!({"message": "API rate limit exceeded for user ID 1.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api", "status": "403"}),
            );
            let reset = now() + reset_in;
            a.headers.extend([
                ("x-ratelimit-limit".into(), "5000".into()),
                ("x-ratelimit-remaining".into(), "0".into()),
                ("x-ratelimit-used".into(), "5000".into()),
                ("x-ratelimit-reset".into(), reset.to_string()),
                ("x-ratelimit-resource".into(), "core".into()),
            ]);
            Some(a)
        }
        Some(Fault::BadGateway) => Some(answer(502, json!({"message": "Server Error"}))),
        Some(Fault::DropAfterCreate) => {
            drop_after = true;
            None
        }
        Some(Fault::HoldAfterCreate) => {
            hold_after = true;
            None
        }
        None => None,
    };
    if response.is_none() && request.headers.get("authorization").map(String::as_str) != Some(auth)
    {
        response = Some(if jira {
            answer(
                401,
                json!({"errorMessages": ["You are not authenticated. Authentication required to perform this operation."], "errors": {}}),
            )
        } else {
            answer(
                401,
                json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}),
            )
        });
    }
    let mut response = match response {
        Some(r) => r,
        None => {
            let mut s = state.lock().unwrap();
            if jira {
                jira_route(&mut s, &request, &path, &params, base)
            } else {
                github_route(&mut s, &request, &path, &params, base)
            }
        }
    };
    if hold_after {
        state.lock().unwrap().holding = true;
        thread::sleep(std::time::Duration::from_secs(60));
    }
    if drop_after {
        // The create happened; the client never hears of it.
        return stream.shutdown(std::net::Shutdown::Both);
    }
    if !jira
        && !response
            .headers
            .iter()
            .any(|(k, _)| k == "x-ratelimit-remaining")
    {
        response.headers.extend([
            ("x-ratelimit-limit".into(), "5000".into()),
            ("x-ratelimit-remaining".into(), "4999".into()),
            ("x-ratelimit-used".into(), "1".into()),
            ("x-ratelimit-reset".into(), (now() + 3600).to_string()),
            ("x-ratelimit-resource".into(), "core".into()),
        ]);
    }
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        response.status,
        reason(response.status),
        response.body.len()
    );
    for (k, v) in &response.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(response.body.as_bytes())?;
    stream.flush()
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn gh_error(status: u16, message: &str) -> Answer {
    answer(
        status,
        json!({"message": message, "documentation_url": "https://docs.github.com/rest/issues/issues", "status": status.to_string()}),
    )
}

fn gh_issue_json(i: &GhIssue, base: &str, repo: &str) -> Value {
    json!({
        "id": 1000 + i.number,
        "node_id": format!("I_{}", i.number),
        "url": format!("{base}/repos/{repo}/issues/{}", i.number),
        "html_url": format!("https://github.com/{repo}/issues/{}", i.number),
        "number": i.number,
        "state": i.state,
        "state_reason": i.state_reason,
        "title": i.title,
        "body": i.body,
        "user": {"login": "whys-bot", "id": 1},
        "labels": i.labels.iter().map(|l| json!({"name": l})).collect::<Vec<_>>(),
        "assignee": i.assignees.first().map(|l| json!({"login": l, "id": 7})),
        "assignees": i.assignees.iter().map(|l| json!({"login": l, "id": 7})).collect::<Vec<_>>(),
        "locked": false,
        "comments": 0,
        "closed_at": i.closed_at,
        "created_at": "2026-01-02T10:00:00Z",
        "updated_at": "2026-01-02T10:00:00Z",
        "author_association": "OWNER",
    })
}

fn github_route(
    s: &mut State,
    request: &Request,
    path: &str,
    params: &BTreeMap<String, String>,
    base: &str,
) -> Answer {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let (repo, rest) = match segments.as_slice() {
        ["repos", owner, name, "issues", rest @ ..] => (format!("{owner}/{name}"), rest),
        ["repositories", "42", "issues", rest @ ..] => (s.repo_42.clone(), rest),
        _ => return gh_error(404, "Not Found"),
    };
    s.repo_42 = repo.clone();
    match (request.method.as_str(), rest) {
        ("GET", []) => {
            let state = params.get("state").map(String::as_str).unwrap_or("open");
            let labels: Vec<&str> = params
                .get("labels")
                .map(|l| l.split(',').collect())
                .unwrap_or_default();
            let per_page: usize = params
                .get("per_page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(30)
                .min(s.page_size);
            let page: usize = params.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
            // Newest first, as the API's default sort (created, desc).
            let matching: Vec<&GhIssue> = s
                .github
                .iter()
                .rev()
                .filter(|i| !i.deleted)
                .filter(|i| state == "all" || i.state == state)
                .filter(|i| labels.iter().all(|l| i.labels.iter().any(|x| x == l)))
                .collect();
            let pages = matching.len().div_ceil(per_page).max(1);
            let items: Vec<Value> = matching
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .map(|i| gh_issue_json(i, base, &repo))
                .collect();
            let mut a = answer(200, Value::Array(items));
            let link_to = |p: usize| {
                format!(
                    "<{base}/repositories/42/issues?state={state}&labels={}&per_page={per_page}&page={p}>",
                    params.get("labels").cloned().unwrap_or_default()
                )
            };
            let mut links = Vec::new();
            if page < pages {
                links.push(format!("{}; rel=\"next\"", link_to(page + 1)));
                links.push(format!("{}; rel=\"last\"", link_to(pages)));
            }
            if page > 1 {
                links.push(format!("{}; rel=\"prev\"", link_to(page - 1)));
                links.push(format!("{}; rel=\"first\"", link_to(1)));
            }
            if !links.is_empty() {
                a.headers.push(("Link".into(), links.join(", ")));
            }
            a
        }
        ("POST", []) => {
            let Ok(body) = serde_json::from_str::<Value>(&request.body) else {
                return gh_error(400, "Problems parsing JSON");
            };
            let Some(title) = body["title"].as_str().filter(|t| !t.is_empty()) else {
                return answer(
                    422,
                    json!({"message": "Validation Failed", "errors": [{"resource": "Issue", "code": "missing_field", "field": "title"}], "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue", "status": "422"}),
                );
            };
            let number = s.github.len() as u64 + 1;
            let issue = GhIssue {
                number,
                title: title.into(),
                body: body["body"].as_str().unwrap_or("").into(),
                labels: body["labels"]
                    .as_array()
                    .map(|l| {
                        l.iter()
                            .filter_map(|x| x.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default(),
                state: "open".into(),
                state_reason: None,
                closed_at: None,
                assignees: Vec::new(),
                deleted: false,
            };
            let json = gh_issue_json(&issue, base, &repo);
            s.github.push(issue);
            let mut a = answer(201, json);
            a.headers.push((
                "Location".into(),
                format!("{base}/repos/{repo}/issues/{number}"),
            ));
            a
        }
        ("GET", [number]) => {
            let number: u64 = number.parse().unwrap_or(0);
            match s.github.iter().find(|i| i.number == number) {
                Some(i) if i.deleted => gh_error(410, "This issue was deleted"),
                Some(i) => answer(200, gh_issue_json(i, base, &repo)),
                None => gh_error(404, "Not Found"),
            }
        }
        _ => gh_error(404, "Not Found"),
    }
}

fn jira_error(status: u16, message: &str) -> Answer {
    answer(status, json!({"errorMessages": [message], "errors": {}}))
}

fn jira_route(
    s: &mut State,
    request: &Request,
    path: &str,
    params: &BTreeMap<String, String>,
    base: &str,
) -> Answer {
    let v3 = path.starts_with("/rest/api/3/");
    let rest = path
        .trim_start_matches("/rest/api/3/")
        .trim_start_matches("/rest/api/2/");
    match (request.method.as_str(), rest) {
        ("POST", "issue") => {
            let Ok(body) = serde_json::from_str::<Value>(&request.body) else {
                return jira_error(400, "Unexpected character in the request body.");
            };
            let fields = body["fields"].clone();
            let Some(project) = fields["project"]["key"].as_str() else {
                return answer(
                    400,
                    json!({"errorMessages": [], "errors": {"project": "Specify a valid project ID or key"}}),
                );
            };
            if fields["summary"].as_str().is_none_or(str::is_empty) {
                return answer(
                    400,
                    json!({"errorMessages": [], "errors": {"summary": "You must specify a summary of the issue."}}),
                );
            }
            if v3 && !fields["description"].is_object() && !fields["description"].is_null() {
                return answer(
                    400,
                    json!({"errorMessages": [], "errors": {"description": "Operation value must be an Atlassian Document (see the Atlassian Document Format)"}}),
                );
            }
            let id = 10000 + s.jira.len() as u64;
            let key = format!("{project}-{}", s.jira.len() + 1);
            let mut stored = fields.clone();
            stored["status"] = json!({"name": "To Do", "statusCategory": {"id": 2, "key": "new", "name": "To Do"}});
            stored["resolutiondate"] = Value::Null;
            stored["assignee"] = Value::Null;
            s.jira.push(JiraIssue {
                id,
                key: key.clone(),
                fields: stored,
                deleted: false,
            });
            answer(
                201,
                json!({"id": id.to_string(), "key": key, "self": format!("{base}/rest/api/3/issue/{id}")}),
            )
        }
        ("GET", "search/jql") if v3 => {
            let jql = params.get("jql").cloned().unwrap_or_default();
            let max: usize = params
                .get("maxResults")
                .and_then(|m| m.parse().ok())
                .unwrap_or(50)
                .min(s.page_size);
            let start: usize = params
                .get("nextPageToken")
                .and_then(|t| t.strip_prefix("tok-"))
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            let matching = jira_matching(s, &jql);
            let issues: Vec<Value> = matching
                .iter()
                .skip(start)
                .take(max)
                .map(|i| jira_issue_json(i, base, params.get("fields")))
                .collect();
            let last = start + max >= matching.len();
            let mut page = json!({"issues": issues, "isLast": last});
            if !last {
                page["nextPageToken"] = json!(format!("tok-{}", start + max));
            }
            answer(200, page)
        }
        ("GET", "search") if !v3 => {
            let jql = params.get("jql").cloned().unwrap_or_default();
            let max: usize = params
                .get("maxResults")
                .and_then(|m| m.parse().ok())
                .unwrap_or(50)
                .min(s.page_size);
            let start: usize = params
                .get("startAt")
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            let matching = jira_matching(s, &jql);
            let issues: Vec<Value> = matching
                .iter()
                .skip(start)
                .take(max)
                .map(|i| jira_issue_json(i, base, params.get("fields")))
                .collect();
            answer(
                200,
                json!({"expand": "schema,names", "startAt": start, "maxResults": max, "total": matching.len(), "issues": issues}),
            )
        }
        ("GET", other) if other.starts_with("issue/") => {
            let key = other.trim_start_matches("issue/");
            match s.jira.iter().find(|i| i.key == key && !i.deleted) {
                Some(i) => answer(200, jira_issue_json(i, base, params.get("fields"))),
                None => jira_error(
                    404,
                    "Issue does not exist or you do not have permission to see it.",
                ),
            }
        }
        _ => jira_error(404, "null for uri"),
    }
}

/// The subset of JQL sync sends: `project = "KEY" AND labels = "LABEL"`.
fn jira_matching<'a>(s: &'a State, jql: &str) -> Vec<&'a JiraIssue> {
    let quoted: Vec<&str> = jql.split('"').skip(1).step_by(2).collect();
    let (project, label) = (quoted.first().copied(), quoted.get(1).copied());
    s.jira
        .iter()
        .filter(|i| !i.deleted)
        .filter(|i| project.is_none_or(|p| i.fields["project"]["key"] == p))
        .filter(|i| {
            label.is_none_or(|l| {
                i.fields["labels"]
                    .as_array()
                    .is_some_and(|ls| ls.iter().any(|x| x == l))
            })
        })
        .collect()
}

fn jira_issue_json(i: &JiraIssue, base: &str, fields: Option<&String>) -> Value {
    let wanted: Option<Vec<&str>> = fields.map(|f| f.split(',').collect());
    let mut out = serde_json::Map::new();
    if let Value::Object(all) = &i.fields {
        for (k, v) in all {
            if wanted.as_ref().is_none_or(|w| w.contains(&k.as_str())) {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    json!({"id": i.id.to_string(), "key": i.key, "self": format!("{base}/rest/api/3/issue/{}", i.id), "fields": out})
}
