//! GitHub Issues through the REST API (as described by github/rest-api-description,
//! `api.github.com` 2022-11-28): create an issue, get one, list a repository's issues.
//!
//! A ticket is written `OWNER/NAME#NUMBER` in records. Tickets whys created carry the labels
//! `postmortem` and the horizon, the due date in the body, and the marker in an HTML comment
//! at the end of the body (invisible on the page, kept by edits made in the web editor).

use std::collections::HashMap;

use chrono::FixedOffset;
use serde::Deserialize;

use super::http::{
    encode, next_link, HttpClient, HttpConfig, Method, Response, Secret, TrackerApi,
};
use super::{day_of, find_marker, NewTicket, TicketState, Tracker, TrackerError, TrackerKind};

pub const DEFAULT_API_URL: &str = "https://api.github.com";

pub struct GitHub {
    client: HttpClient,
    api_url: String,
    /// `OWNER/NAME` as given.
    repo: String,
    timezone: FixedOffset,
}

pub use crate::settings::tracker::split_github_ref as split_ref;

/// One issue as the list and get endpoints return it (only the fields sync reads).
#[derive(Debug, Deserialize)]
pub struct Issue {
    pub number: u64,
    #[serde(default)]
    pub body: Option<String>,
    pub state: String,
    #[serde(default)]
    pub state_reason: Option<String>,
    #[serde(default)]
    pub closed_at: Option<String>,
    #[serde(default)]
    pub assignees: Option<Vec<Account>>,
    #[serde(default)]
    pub assignee: Option<Account>,
    /// Present on pull requests, which the issues list also returns.
    #[serde(default)]
    pub pull_request: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
pub struct Account {
    pub login: String,
}

#[derive(Debug, Deserialize)]
struct Created {
    number: u64,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    #[serde(default)]
    message: String,
}

/// Reads one issue (`GET /repos/{owner}/{repo}/issues/{number}`) as sync needs it.
pub fn parse_issue(body: &str, timezone: FixedOffset) -> Result<TicketState, String> {
    let issue: Issue = serde_json::from_str(body).map_err(|e| e.to_string())?;
    issue_state(&issue, timezone)
}

/// Reads a page of `GET /repos/{owner}/{repo}/issues`: (marker, issue number) pairs.
pub fn parse_issue_page(body: &str) -> Result<Vec<(String, u64)>, String> {
    let issues: Vec<Issue> = serde_json::from_str(body).map_err(|e| e.to_string())?;
    Ok(issues
        .iter()
        .filter(|i| i.pull_request.is_none())
        .filter_map(|i| Some((find_marker(i.body.as_deref()?)?, i.number)))
        .collect())
}

fn issue_state(issue: &Issue, timezone: FixedOffset) -> Result<TicketState, String> {
    let closed_on = match issue.state.as_str() {
        "open" => None,
        "closed" => {
            let at = issue
                .closed_at
                .as_deref()
                .ok_or("a closed issue without `closed_at`")?;
            Some(
                day_of(at, timezone)
                    .ok_or_else(|| format!("`closed_at` `{at}` is no date-time"))?,
            )
        }
        other => return Err(format!("`state` `{other}` is neither open nor closed")),
    };
    let mut assignees: Vec<String> = issue
        .assignees
        .iter()
        .flatten()
        .chain(issue.assignee.iter())
        .map(|a| a.login.clone())
        .collect();
    assignees.sort();
    assignees.dedup();
    Ok(TicketState {
        closed_on,
        not_planned: issue.state_reason.as_deref() == Some("not_planned"),
        assignees,
    })
}

impl GitHub {
    pub fn new(
        repo: &str,
        api_url: Option<&str>,
        token: Secret,
        http: HttpConfig,
        timezone: FixedOffset,
    ) -> Result<GitHub, TrackerError> {
        if split_ref(&format!("{repo}#1")).is_none() {
            return Err(TrackerError::Setup(format!(
                "--repo `{repo}` is not OWNER/NAME"
            )));
        }
        let authorization = Secret::new(format!("Bearer {}", token.expose()));
        Ok(GitHub {
            client: HttpClient::new(http, authorization, vec![token]),
            api_url: api_url
                .unwrap_or(DEFAULT_API_URL)
                .trim_end_matches('/')
                .to_owned(),
            repo: repo.to_owned(),
            timezone,
        })
    }
}

impl TrackerApi for GitHub {
    fn send(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
    ) -> Result<Response, TrackerError> {
        self.client.send(
            method,
            url,
            &[
                ("Accept", "application/vnd.github+json"),
                ("X-GitHub-Api-Version", "2022-11-28"),
            ],
            body,
        )
    }

    fn failure(&self, doing: String, response: &Response) -> TrackerError {
        let message = serde_json::from_str::<ErrorBody>(&response.body)
            .map(|b| b.message)
            .unwrap_or_default();
        let repo = &self.repo;
        let hint = match response.status {
            401 => "the token was refused: check that GITHUB_TOKEN (or GH_TOKEN) holds a token that is valid and not expired".to_owned(),
            403 => format!("the token may not do this: a fine-grained token needs \"Issues: read and write\" on {repo}, a classic one the `repo` scope (`public_repo` for a public repository); an organisation with SAML SSO must have authorised it"),
            404 => format!("check --repo `{repo}` and --api-url; GitHub answers 404 also when the token cannot see a private repository"),
            410 => format!("issues are turned off in {repo}"),
            422 => "GitHub refused the issue's fields (a label name or the title); see the message".to_owned(),
            s if s >= 500 => "GitHub failed; try again later".to_owned(),
            _ => "see GitHub's message".to_owned(),
        };
        TrackerError::Http {
            doing,
            status: response.status,
            message: self.client.scrub(&message),
            hint,
        }
    }
}

impl Tracker for GitHub {
    fn kind(&self) -> TrackerKind {
        TrackerKind::Github
    }

    fn owns(&self, ticket: &str) -> bool {
        split_ref(ticket).is_some_and(|(repo, _)| repo.eq_ignore_ascii_case(&self.repo))
    }

    fn markers(&mut self) -> Result<HashMap<String, String>, TrackerError> {
        let doing = format!("listing the `{}` issues of {}", super::LABEL, self.repo);
        let first = format!(
            "{}/repos/{}/issues?state=all&labels={}&per_page=100",
            self.api_url,
            self.repo,
            encode(super::LABEL)
        );
        self.collect_markers(first, &doing, |response| {
            let entries = parse_issue_page(&response.body)?
                .into_iter()
                .map(|(marker, number)| (marker, format!("{}#{number}", self.repo)))
                .collect();
            Ok((entries, response.header("link").and_then(next_link)))
        })
    }

    fn create(&mut self, ticket: &NewTicket) -> Result<String, TrackerError> {
        let mut body = ticket.paragraphs[..ticket.paragraphs.len().saturating_sub(1)].join("\n\n");
        body.push_str(&format!("\n\n<!-- {} -->\n", ticket.marker));
        let payload = serde_json::json!({
            "title": ticket.title,
            "body": body,
            "labels": ticket.labels,
        });
        let url = format!("{}/repos/{}/issues", self.api_url, self.repo);
        let doing = format!(
            "creating an issue in {} for \"{}\"",
            self.repo, ticket.title
        );
        let created: Created = self.exchange(
            Method::Post,
            &url,
            Some(&payload.to_string()),
            201,
            doing,
            |body| serde_json::from_str(body).map_err(|e| e.to_string()),
        )?;
        Ok(format!("{}#{}", self.repo, created.number))
    }

    fn read(&mut self, ticket: &str) -> Result<Option<TicketState>, TrackerError> {
        let Some((repo, number)) = split_ref(ticket) else {
            return Ok(None);
        };
        let url = format!("{}/repos/{repo}/issues/{number}", self.api_url);
        // 404: deleted, or hidden from the token; 410: deleted (or issues turned off).
        self.read_ticket(&url, format!("reading {ticket}"), &[404, 410], |body| {
            parse_issue(body, self.timezone)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_owner_name_number() {
        assert_eq!(split_ref("acme/shop#12"), Some(("acme/shop", "12")));
        assert_eq!(split_ref("PAY-12"), None);
        assert_eq!(split_ref("acme#12"), None);
        assert_eq!(split_ref("acme/shop#"), None);
        assert_eq!(split_ref("acme/shop#1x"), None);
    }

    #[test]
    fn a_closed_issue_is_done_on_its_close_day() {
        let utc = FixedOffset::east_opt(0).unwrap();
        let state = parse_issue(
            r#"{"number":3,"state":"closed","state_reason":"completed","closed_at":"2026-01-07T09:00:00Z","assignees":[{"login":"a"}],"assignee":{"login":"a"}}"#,
            utc,
        )
        .unwrap();
        assert_eq!(state.closed_on.unwrap().to_string(), "2026-01-07");
        assert_eq!(state.assignees, vec!["a".to_string()]);
        assert!(parse_issue(r#"{"number":3,"state":"closed"}"#, utc).is_err());
    }
}
