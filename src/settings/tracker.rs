//! `tracker:` in `whys.yaml`: the issue tracker `whys actions sync` keeps action items in
//! step with, and how the site links a ticket. Here, below [`crate::tracker`], because the
//! settings are read before any stage runs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::common::percent_encode_path;

/// `tracker:` in `whys.yaml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackerSettings {
    /// `github` or `jira`.
    pub kind: Option<TrackerKind>,
    /// GitHub: `OWNER/NAME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// Jira: the project key, e.g. `PAY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// GitHub Enterprise (`https://HOST/api/v3`) or Jira (`https://SITE.atlassian.net`, or a
    /// Data Center base URL). Default: `https://api.github.com`; Jira has no default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_url: Option<String>,
    /// Where a person reads a ticket: a pattern with `{ticket}` (the reference as the record
    /// writes it), `{repo}` and `{number}` (GitHub), `{key}` and `{project}` (Jira).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_url: Option<String>,
    /// Where a person reads a post-mortem, linked from each ticket's body: a pattern with
    /// `{id}` (the record's id) and `{path}` (its file, from the archive root). Default: the
    /// file's path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_url: Option<String>,
    /// Jira issue type of created tickets; default `Task`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_type: Option<String>,
    /// Tracker accounts (GitHub login, Jira account id or Data Center user name) to the
    /// roster role or team they act for, as `owner` fields name them. An assignee is reported
    /// by role only; one missing here is reported without a name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub roles: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrackerKind {
    Github,
    Jira,
}

impl TrackerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TrackerKind::Github => "github",
            TrackerKind::Jira => "jira",
        }
    }
}

impl TrackerSettings {
    /// The page of `ticket` for people, from `ticket_url`: `None` without a pattern, for a
    /// pattern that is not a web address, or when the ticket lacks a part the pattern names.
    ///
    /// Placeholders: `{ticket}` (the reference as written), `{number}` (the digits after `#`
    /// or after `KEY-`), `{repo}` (`OWNER/NAME` of a GitHub reference), `{key}` and
    /// `{project}` (of a Jira key). Values are percent-encoded, so record text cannot break
    /// out of the address.
    pub fn ticket_link(&self, ticket: &str) -> Option<String> {
        let pattern = self.ticket_url.as_deref()?;
        // Only web links: a pattern is data, and a `javascript:` one must not become a link.
        if !(pattern.starts_with("https://") || pattern.starts_with("http://")) {
            return None;
        }
        let ticket = ticket.trim();
        if ticket.is_empty() {
            return None;
        }
        let github = split_github_ref(ticket);
        let jira = split_jira_key(ticket);
        let number = github.map(|(_, n)| n).or(jira.map(|(_, n)| n)).or_else(|| {
            let (_, n) = ticket.rsplit_once(['#', '-'])?;
            (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(n)
        });
        let fills: [(&str, Option<&str>); 5] = [
            ("{ticket}", Some(ticket)),
            ("{number}", number),
            ("{repo}", github.map(|(repo, _)| repo)),
            ("{key}", jira.map(|_| ticket)),
            ("{project}", jira.map(|(project, _)| project)),
        ];
        let mut url = pattern.to_string();
        for (placeholder, value) in fills {
            if url.contains(placeholder) {
                let value = value?;
                // A repository keeps its slash; everything else is one path segment.
                let encoded = if placeholder == "{repo}" {
                    value
                        .split('/')
                        .map(percent_encode_path)
                        .collect::<Vec<_>>()
                        .join("/")
                } else {
                    percent_encode_path(value)
                };
                url = url.replace(placeholder, &encoded);
            }
        }
        Some(url)
    }
}

/// `OWNER/NAME#N` split into `OWNER/NAME` and `N`.
pub fn split_github_ref(ticket: &str) -> Option<(&str, &str)> {
    let (repo, number) = ticket.split_once('#')?;
    let (owner, name) = repo.split_once('/')?;
    let valid = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    (valid(owner)
        && valid(name)
        && !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit()))
    .then_some((repo, number))
}

/// `KEY-N` split into `KEY` and `N`.
pub fn split_jira_key(ticket: &str) -> Option<(&str, &str)> {
    let (project, number) = ticket.rsplit_once('-')?;
    let project_ok = project.starts_with(|c: char| c.is_ascii_uppercase())
        && project
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let number_ok = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit());
    (project_ok && number_ok).then_some((project, number))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticket_links_fill_their_placeholders() {
        let s = TrackerSettings {
            ticket_url: Some("https://github.com/{repo}/issues/{number}".into()),
            ..TrackerSettings::default()
        };
        assert_eq!(
            s.ticket_link("acme/shop#12").as_deref(),
            Some("https://github.com/acme/shop/issues/12")
        );
        let j = TrackerSettings {
            ticket_url: Some("https://acme.atlassian.net/browse/{key}".into()),
            ..TrackerSettings::default()
        };
        assert_eq!(
            j.ticket_link("PAY-3101").as_deref(),
            Some("https://acme.atlassian.net/browse/PAY-3101")
        );
    }

    #[test]
    fn ticket_links_stay_web_addresses_and_encode_what_they_fill_in() {
        let with = |pattern: &str| TrackerSettings {
            ticket_url: Some(pattern.into()),
            ..TrackerSettings::default()
        };
        let github = with("https://github.com/acme/ops/issues/{number}");
        assert_eq!(
            github.ticket_link("acme/ops#42").as_deref(),
            Some("https://github.com/acme/ops/issues/42")
        );
        assert_eq!(github.ticket_link("no number here"), None);
        let jira = with("https://acme.atlassian.net/browse/{ticket}");
        assert_eq!(
            jira.ticket_link("OPS-7").as_deref(),
            Some("https://acme.atlassian.net/browse/OPS-7")
        );
        assert_eq!(
            jira.ticket_link("a b\"<x>").as_deref(),
            Some("https://acme.atlassian.net/browse/a%20b%22%3Cx%3E")
        );
        assert_eq!(
            with("https://jira.example/browse/OPS-{number}")
                .ticket_link("OPS-7")
                .as_deref(),
            Some("https://jira.example/browse/OPS-7")
        );
        assert_eq!(
            with("javascript:alert(1)//{ticket}").ticket_link("OPS-7"),
            None
        );
        assert_eq!(
            with("https://x.example/{key}").ticket_link("acme/ops#1"),
            None
        );
    }
}
