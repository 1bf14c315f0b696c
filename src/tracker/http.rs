//! The one HTTP client the tracker sync uses: ureq over rustls (no OpenSSL), the proxy from
//! `HTTPS_PROXY`/`ALL_PROXY` (ureq reads them, and `NO_PROXY`), timeouts, and retries.
//!
//! Retries follow what GitHub's and Atlassian's rate-limit documentation ask of clients:
//! on 429 and 5xx wait as long as `Retry-After` says (seconds), or until GitHub's
//! `x-ratelimit-reset` when `x-ratelimit-remaining` is `0` (GitHub answers 403 or 429 then),
//! else back off exponentially; give up after a few attempts, or at once when the wait would
//! be longer than [`HttpConfig::max_wait`]. Requests that create something are retried only
//! when the server said it did not process them (429 or a rate-limit 403): after a 5xx or a
//! lost connection the ticket may exist, and the next run finds it by its marker instead.
//!
//! Secrets: the `Authorization` value lives only in [`Secret`], whose `Debug` hides it, and
//! every message this module builds from a server's answer is scrubbed of it.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::{TicketState, TrackerError};

/// A credential; printed as `<redacted>`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[derive(Debug, Clone, Copy)]
pub struct HttpConfig {
    /// For one whole request, connection to last byte.
    pub timeout: Duration,
    /// Tries of one request, the first included.
    pub max_attempts: u32,
    /// The longest whys waits before a retry; a server asking for more ends the run.
    pub max_wait: Duration,
    /// The first back-off without `Retry-After`; doubled each retry.
    pub first_backoff: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(30),
            max_attempts: 4,
            max_wait: Duration::from_secs(60),
            first_backoff: Duration::from_millis(500),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// What came back: status, headers (names lower-case) and the body as text.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// Responses larger than this are refused: no issue list page comes near it.
const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

pub struct HttpClient {
    agent: ureq::Agent,
    config: HttpConfig,
    authorization: Secret,
    /// Every secret that must never appear in a message (the token itself, the header value).
    secrets: Vec<Secret>,
}

impl HttpClient {
    pub fn new(config: HttpConfig, authorization: Secret, secrets: Vec<Secret>) -> HttpClient {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(config.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("whys/", env!("CARGO_PKG_VERSION")))
            .build()
            .new_agent();
        HttpClient {
            agent,
            config,
            authorization,
            secrets,
        }
    }

    /// `text` with every secret replaced by `<redacted>`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for secret in self
            .secrets
            .iter()
            .chain(std::iter::once(&self.authorization))
        {
            if !secret.expose().is_empty() {
                out = out.replace(secret.expose(), "<redacted>");
            }
        }
        out
    }

    /// Sends one request, retrying as the module docs say. Any status comes back as a
    /// [`Response`]; only transport failures and exhausted retries are errors.
    pub fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Response, TrackerError> {
        let mut attempt = 1;
        loop {
            let result = self.send_once(method, url, headers, body);
            let retry = match &result {
                Ok(response) => self.retry_after(method, response, attempt),
                Err(_) if method == Method::Get => Some(self.backoff(attempt)),
                Err(_) => None,
            };
            match retry {
                Some(wait) if attempt < self.config.max_attempts => {
                    if wait > self.config.max_wait {
                        return Err(self.rate_limited(url, wait));
                    }
                    std::thread::sleep(wait);
                    attempt += 1;
                }
                Some(_) => {
                    return match result {
                        Ok(response) if is_rate_limited(&response) => Err(self
                            .rate_limited(url, wait_from_headers(&response).unwrap_or_default())),
                        other => other,
                    }
                }
                None => return result,
            }
        }
    }

    fn send_once(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Result<Response, TrackerError> {
        let transport = |e: ureq::Error| self.transport_error(url, &e);
        let mut response = match method {
            Method::Get => {
                let mut request = self
                    .agent
                    .get(url)
                    .header("Authorization", self.authorization.expose());
                for (name, value) in headers {
                    request = request.header(*name, *value);
                }
                request.call().map_err(transport)?
            }
            Method::Post => {
                let mut request = self
                    .agent
                    .post(url)
                    .header("Authorization", self.authorization.expose())
                    .header("Content-Type", "application/json");
                for (name, value) in headers {
                    request = request.header(*name, *value);
                }
                request.send(body.unwrap_or("")).map_err(transport)?
            }
        };
        let status = response.status().as_u16();
        let headers: BTreeMap<String, String> = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                Some((
                    name.as_str().to_ascii_lowercase(),
                    value.to_str().ok()?.to_owned(),
                ))
            })
            .collect();
        let mut bytes = Vec::new();
        response
            .body_mut()
            .as_reader()
            .take(MAX_BODY_BYTES)
            .read_to_end(&mut bytes)
            .map_err(|e| self.transport_error(url, &e))?;
        Ok(Response {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    /// A request to `url` that failed on the way (connecting, or reading the answer).
    fn transport_error(&self, url: &str, error: &dyn std::fmt::Display) -> TrackerError {
        TrackerError::Transport {
            url: self.scrub(url),
            message: self.scrub(&error.to_string()),
        }
    }

    /// A request to `url` the tracker keeps limiting; `wait` is how long it asked for.
    fn rate_limited(&self, url: &str, wait: Duration) -> TrackerError {
        TrackerError::RateLimited {
            url: self.scrub(url),
            wait_seconds: wait.as_secs(),
        }
    }

    /// How long to wait before trying `response`'s request again, or `None` not to.
    fn retry_after(&self, method: Method, response: &Response, attempt: u32) -> Option<Duration> {
        let limited = is_rate_limited(response);
        let server_error = response.status >= 500;
        // A create that met a 5xx may have happened: never repeat it blindly.
        if !(limited || (server_error && method == Method::Get)) {
            return None;
        }
        Some(wait_from_headers(response).unwrap_or_else(|| self.backoff(attempt)))
    }

    fn backoff(&self, attempt: u32) -> Duration {
        self.config
            .first_backoff
            .saturating_mul(1 << (attempt - 1).min(10))
    }
}

/// What the GitHub and Jira clients share. Each says how it sends a request (its headers) and
/// how it explains a refused one; the steps around those, from a request to an answer read or
/// a clear error, are written once here.
pub trait TrackerApi {
    fn send(&self, method: Method, url: &str, body: Option<&str>)
        -> Result<Response, TrackerError>;

    /// The error for an answer with an unexpected status, with a hint on what to check.
    fn failure(&self, doing: String, response: &Response) -> TrackerError;

    /// Sends, and reads the answer's body with `parse` when its status is `expected`; another
    /// status is the tracker's [`failure`](TrackerApi::failure), an unreadable body a
    /// [`TrackerError::Answer`].
    fn exchange<T>(
        &self,
        method: Method,
        url: &str,
        body: Option<&str>,
        expected: u16,
        doing: String,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, TrackerError> {
        let response = self.send(method, url, body)?;
        if response.status != expected {
            return Err(self.failure(doing, &response));
        }
        parse(&response.body).map_err(|message| TrackerError::Answer { doing, message })
    }

    /// Reads one ticket at `url`: `None` when the tracker answers one of the `gone` statuses
    /// (deleted, or hidden from the credentials).
    fn read_ticket(
        &self,
        url: &str,
        doing: String,
        gone: &[u16],
        parse: impl FnOnce(&str) -> Result<TicketState, String>,
    ) -> Result<Option<TicketState>, TrackerError> {
        let response = self.send(Method::Get, url, None)?;
        match response.status {
            200 => parse(&response.body)
                .map(Some)
                .map_err(|message| TrackerError::Answer { doing, message }),
            status if gone.contains(&status) => Ok(None),
            _ => Err(self.failure(doing, &response)),
        }
    }

    /// Follows a listing from `first`, page by page, `page` reading each answer's (marker,
    /// ticket) pairs and the next page's address. The first ticket found for a marker wins.
    fn collect_markers(
        &self,
        first: String,
        doing: &str,
        mut page: impl FnMut(&Response) -> Result<MarkerPage, String>,
    ) -> Result<HashMap<String, String>, TrackerError> {
        let mut url = Some(first);
        let mut found = HashMap::new();
        // Bounded: 1000 pages of 100 is far more than any archive's tickets.
        let mut pages = 0;
        while let Some(current) = url.take() {
            pages += 1;
            if pages > 1000 {
                break;
            }
            let response = self.send(Method::Get, &current, None)?;
            if response.status != 200 {
                return Err(self.failure(doing.to_owned(), &response));
            }
            let (entries, next) = page(&response).map_err(|message| TrackerError::Answer {
                doing: doing.to_owned(),
                message,
            })?;
            for (marker, ticket) in entries {
                found.entry(marker).or_insert(ticket);
            }
            url = next;
        }
        Ok(found)
    }
}

/// One page of a listing: its (marker, ticket) pairs, and the next page's address.
pub type MarkerPage = (Vec<(String, String)>, Option<String>);

/// 429, or GitHub's primary limit: 403 with `x-ratelimit-remaining: 0`, or a secondary limit
/// (403 with `Retry-After`).
fn is_rate_limited(response: &Response) -> bool {
    response.status == 429
        || (response.status == 403
            && (response.header("x-ratelimit-remaining") == Some("0")
                || response.header("retry-after").is_some()))
}

/// `Retry-After` (seconds; the HTTP-date form is not used by either tracker), else the time
/// until `x-ratelimit-reset` when no requests remain.
fn wait_from_headers(response: &Response) -> Option<Duration> {
    if let Some(seconds) = response
        .header("retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return Some(Duration::from_secs(seconds));
    }
    if response.header("x-ratelimit-remaining") == Some("0") {
        let reset = response
            .header("x-ratelimit-reset")
            .and_then(|v| v.trim().parse::<u64>().ok())?;
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        return Some(Duration::from_secs(reset.saturating_sub(now) + 1));
    }
    None
}

/// `text` percent-encoded for a URL query value or path segment: the one encoding whys uses
/// in addresses (RFC 3986 unreserved kept), shared with the record links.
pub use crate::common::percent_encode_path as encode;

/// The `rel="next"` target of an RFC 8288 `Link` header, as GitHub paginates.
pub fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"");
        let target = target.trim();
        (is_next && target.starts_with('<') && target.ends_with('>'))
            .then(|| target[1..target.len() - 1].to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_link_reads_github_link_headers() {
        let link = "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", \
                    <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"";
        assert_eq!(
            next_link(link).as_deref(),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
        assert_eq!(next_link("<https://x/?page=1>; rel=\"prev\""), None);
    }

    #[test]
    fn encode_keeps_unreserved_only() {
        assert_eq!(encode("project = \"PAY\""), "project%20%3D%20%22PAY%22");
    }

    #[test]
    fn secrets_are_debug_redacted() {
        assert_eq!(format!("{:?}", Secret::new("ghp_x".into())), "<redacted>");
    }
}
