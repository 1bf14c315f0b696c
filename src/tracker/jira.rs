//! Jira through its REST API: Jira Cloud platform REST API v3 (descriptions in Atlassian
//! Document Format, search by `GET /rest/api/3/search/jql` paged by `nextPageToken`), or Jira
//! Data Center REST API v2 (plain-text descriptions, `GET /rest/api/2/search` paged by
//! `startAt`/`maxResults`). Cloud signs in with an e-mail address and API token (basic
//! authentication), Data Center with a personal access token (bearer).
//!
//! A ticket is written `KEY-N` in records. Tickets whys created carry the labels
//! `postmortem` and the horizon, `duedate`, and the marker as the description's last line.

use std::collections::HashMap;

use base64::Engine;
use chrono::FixedOffset;
use serde::Deserialize;
use serde_json::{json, Value};

use super::http::{encode, HttpClient, HttpConfig, Method, Response, Secret, TrackerApi};
use super::{day_of, find_marker, NewTicket, TicketState, Tracker, TrackerError, TrackerKind};

pub enum Auth {
    Cloud { email: String, token: Secret },
    DataCenter { token: Secret },
}

pub struct Jira {
    client: HttpClient,
    base_url: String,
    project: String,
    cloud: bool,
    issue_type: String,
    timezone: FixedOffset,
}

pub use crate::settings::tracker::split_jira_key as split_key;

#[derive(Debug, Deserialize)]
struct IssueBean {
    key: String,
    #[serde(default)]
    fields: Fields,
}

#[derive(Debug, Default, Deserialize)]
struct Fields {
    #[serde(default)]
    description: Option<Value>,
    #[serde(default)]
    status: Option<StatusField>,
    #[serde(default)]
    resolutiondate: Option<String>,
    #[serde(default)]
    statuscategorychangedate: Option<String>,
    #[serde(default)]
    updated: Option<String>,
    #[serde(default)]
    assignee: Option<User>,
}

#[derive(Debug, Deserialize)]
struct StatusField {
    #[serde(rename = "statusCategory")]
    status_category: Option<StatusCategory>,
}

#[derive(Debug, Deserialize)]
struct StatusCategory {
    key: String,
}

#[derive(Debug, Deserialize)]
struct User {
    #[serde(rename = "accountId", default)]
    account_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// A page of `GET /rest/api/3/search/jql` (Cloud) or `GET /rest/api/2/search` (Data Center).
#[derive(Debug, Deserialize)]
struct SearchPage {
    #[serde(default)]
    issues: Vec<IssueBean>,
    #[serde(rename = "nextPageToken", default)]
    next_page_token: Option<String>,
    #[serde(rename = "isLast", default)]
    is_last: Option<bool>,
    #[serde(rename = "startAt", default)]
    start_at: Option<u64>,
    #[serde(default)]
    total: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct Created {
    key: String,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    #[serde(rename = "errorMessages", default)]
    error_messages: Vec<String>,
    #[serde(default)]
    errors: HashMap<String, String>,
}

/// All text of a description: an ADF document (Cloud) or a string (Data Center).
fn description_text(description: &Value) -> String {
    fn walk(node: &Value, out: &mut String) {
        match node {
            Value::String(s) => out.push_str(s),
            Value::Object(map) => {
                if let Some(Value::String(text)) = map.get("text") {
                    out.push_str(text);
                }
                if let Some(content) = map.get("content") {
                    walk(content, out);
                }
                out.push('\n');
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(description, &mut out);
    out
}

/// A search page's (marker, key) pairs, and where the next page starts: `Some(token)` for
/// Cloud, `Some(startAt)` for Data Center, `None` after the last.
pub fn parse_search_page(body: &str) -> Result<(Vec<(String, String)>, NextPage), String> {
    let page: SearchPage = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let found = page
        .issues
        .iter()
        .filter_map(|i| {
            let text = description_text(i.fields.description.as_ref()?);
            Some((find_marker(&text)?, i.key.clone()))
        })
        .collect();
    let next = if let Some(start) = page.start_at {
        let next = start + page.issues.len() as u64;
        if page.issues.is_empty() || page.total.is_some_and(|t| next >= t) {
            NextPage::None
        } else {
            NextPage::StartAt(next)
        }
    } else {
        match page.next_page_token {
            Some(token) if page.is_last != Some(true) && !token.is_empty() => {
                NextPage::Token(token)
            }
            _ => NextPage::None,
        }
    };
    Ok((found, next))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    None,
    Token(String),
    StartAt(u64),
}

/// Reads `GET /rest/api/{2,3}/issue/{key}` as sync needs it.
pub fn parse_issue(body: &str, timezone: FixedOffset) -> Result<TicketState, String> {
    let issue: IssueBean = serde_json::from_str(body).map_err(|e| e.to_string())?;
    let fields = issue.fields;
    let category = fields
        .status
        .and_then(|s| s.status_category)
        .map(|c| c.key)
        .ok_or("no `fields.status.statusCategory.key`")?;
    let closed_on = if category == "done" {
        let at = fields
            .resolutiondate
            .or(fields.statuscategorychangedate)
            .or(fields.updated)
            .ok_or(
                "a done issue without `resolutiondate`, `statuscategorychangedate` or `updated`",
            )?;
        Some(day_of(&at, timezone).ok_or_else(|| format!("`{at}` is no date-time"))?)
    } else {
        None
    };
    let assignees = fields
        .assignee
        .and_then(|u| u.account_id.or(u.name))
        .into_iter()
        .collect();
    Ok(TicketState {
        closed_on,
        not_planned: false,
        assignees,
    })
}

impl Jira {
    pub fn new(
        project: &str,
        base_url: &str,
        auth: Auth,
        issue_type: &str,
        http: HttpConfig,
        timezone: FixedOffset,
    ) -> Result<Jira, TrackerError> {
        if split_key(&format!("{project}-1")).is_none() {
            return Err(TrackerError::Setup(format!(
                "--project `{project}` is not a Jira project key (upper-case letters and digits, like PAY)"
            )));
        }
        let (authorization, secrets, cloud) = match auth {
            Auth::Cloud { email, token } => {
                let basic = base64::engine::general_purpose::STANDARD
                    .encode(format!("{email}:{}", token.expose()));
                (
                    Secret::new(format!("Basic {basic}")),
                    vec![token, Secret::new(basic)],
                    true,
                )
            }
            Auth::DataCenter { token } => (
                Secret::new(format!("Bearer {}", token.expose())),
                vec![token],
                false,
            ),
        };
        Ok(Jira {
            client: HttpClient::new(http, authorization, secrets),
            base_url: base_url.trim_end_matches('/').to_owned(),
            project: project.to_owned(),
            cloud,
            issue_type: issue_type.to_owned(),
            timezone,
        })
    }

    fn api(&self) -> String {
        format!(
            "{}/rest/api/{}",
            self.base_url,
            if self.cloud { 3 } else { 2 }
        )
    }
}

impl TrackerApi for Jira {
    fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
    ) -> Result<Response, TrackerError> {
        self.client
            .send(method, url, &[("Accept", "application/json")], body)
    }

    fn failure(&self, doing: String, response: &Response) -> TrackerError {
        let parsed: ErrorBody = serde_json::from_str(&response.body).unwrap_or_default();
        let mut messages = parsed.error_messages;
        let mut fields: Vec<_> = parsed.errors.into_iter().collect();
        fields.sort();
        messages.extend(fields.into_iter().map(|(f, m)| format!("{f}: {m}")));
        let project = &self.project;
        let hint = match response.status {
            401 => {
                if self.cloud {
                    "the credentials were refused: check JIRA_EMAIL and JIRA_API_TOKEN (an API token of that account, not its password) and --api-url".to_owned()
                } else {
                    "the credentials were refused: check JIRA_PAT (a personal access token, not expired) and --api-url".to_owned()
                }
            }
            403 => format!("the account may not do this: it needs the Browse projects and Create issues permissions in {project}"),
            404 => format!("check --project `{project}` and --api-url; Jira answers 404 also when the account cannot see the project or issue"),
            400 => format!("Jira refused the request: check that {project}'s create screen has the labels and due date fields and the issue type `{}` (tracker.issue_type)", self.issue_type),
            s if s >= 500 => "Jira failed; try again later".to_owned(),
            _ => "see Jira's message".to_owned(),
        };
        TrackerError::Http {
            doing,
            status: response.status,
            message: self.client.scrub(&messages.join("; ")),
            hint,
        }
    }
}

impl Tracker for Jira {
    fn kind(&self) -> TrackerKind {
        TrackerKind::Jira
    }

    fn owns(&self, ticket: &str) -> bool {
        split_key(ticket).is_some_and(|(project, _)| project == self.project)
    }

    fn markers(&mut self) -> Result<HashMap<String, String>, TrackerError> {
        let doing = format!(
            "searching the `{}` issues of {}",
            super::LABEL,
            self.project
        );
        let jql = encode(&format!(
            "project = \"{}\" AND labels = \"{}\" ORDER BY key ASC",
            self.project,
            super::LABEL
        ));
        let first = if self.cloud {
            format!(
                "{}/search/jql?jql={jql}&fields=description&maxResults=100",
                self.api()
            )
        } else {
            format!(
                "{}/search?jql={jql}&fields=description&startAt=0&maxResults=100",
                self.api()
            )
        };
        self.collect_markers(first, &doing, |response| {
            let (entries, next) = parse_search_page(&response.body)?;
            let next = match next {
                NextPage::None => None,
                NextPage::Token(token) => Some(format!(
                    "{}/search/jql?jql={jql}&fields=description&maxResults=100&nextPageToken={}",
                    self.api(),
                    encode(&token)
                )),
                NextPage::StartAt(start) => Some(format!(
                    "{}/search?jql={jql}&fields=description&startAt={start}&maxResults=100",
                    self.api()
                )),
            };
            Ok((entries, next))
        })
    }

    fn create(&mut self, ticket: &NewTicket) -> Result<String, TrackerError> {
        let description = if self.cloud {
            let content: Vec<Value> = ticket
                .paragraphs
                .iter()
                .map(|p| json!({"type": "paragraph", "content": [{"type": "text", "text": p}]}))
                .collect();
            json!({"type": "doc", "version": 1, "content": content})
        } else {
            Value::String(ticket.paragraphs.join("\n\n"))
        };
        let mut fields = json!({
            "project": {"key": self.project},
            "issuetype": {"name": self.issue_type},
            "summary": ticket.title,
            "labels": ticket.labels,
            "description": description,
        });
        if let Some(due) = ticket.due {
            fields["duedate"] = Value::String(due.to_string());
        }
        let url = format!("{}/issue", self.api());
        let doing = format!(
            "creating an issue in {} for \"{}\"",
            self.project, ticket.title
        );
        let created: Created = self.exchange(
            Method::Post,
            &url,
            Some(&json!({ "fields": fields }).to_string()),
            201,
            doing,
            |body| serde_json::from_str(body).map_err(|e| e.to_string()),
        )?;
        Ok(created.key)
    }

    fn read(&mut self, ticket: &str) -> Result<Option<TicketState>, TrackerError> {
        if split_key(ticket).is_none() {
            return Ok(None);
        }
        let url = format!(
            "{}/issue/{}?fields=status,resolutiondate,statuscategorychangedate,updated,assignee",
            self.api(),
            encode(ticket)
        );
        self.read_ticket(&url, format!("reading {ticket}"), &[404], |body| {
            parse_issue(body, self.timezone)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_project_dash_number() {
        assert_eq!(split_key("PAY-3101"), Some(("PAY", "3101")));
        assert_eq!(split_key("pay-1"), None);
        assert_eq!(split_key("acme/shop#1"), None);
    }

    #[test]
    fn search_pages_page_both_ways() {
        let cloud = r#"{"issues":[{"id":"1","key":"PAY-1","fields":{"description":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"whys-action: inc-one/a1"}]}]}}}],"nextPageToken":"abc","isLast":false}"#;
        let (found, next) = parse_search_page(cloud).unwrap();
        assert_eq!(
            found,
            vec![("whys-action: inc-one/a1".into(), "PAY-1".into())]
        );
        assert_eq!(next, NextPage::Token("abc".into()));
        let dc = r#"{"startAt":0,"maxResults":1,"total":2,"issues":[{"key":"PAY-2","fields":{"description":"x\n\nwhys-action: inc-two/a3"}}]}"#;
        let (found, next) = parse_search_page(dc).unwrap();
        assert_eq!(
            found,
            vec![("whys-action: inc-two/a3".into(), "PAY-2".into())]
        );
        assert_eq!(next, NextPage::StartAt(1));
    }
}
