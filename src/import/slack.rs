//! Timeline entries from an incident channel in a Slack workspace export.
//!
//! The export is a folder (the unzipped archive) as Slack's help centre describes it ("How to
//! read Slack data exports", slack.com/help/articles/220556107): `channels.json` (public
//! channels; `groups.json` private ones) and `users.json` (members), and one folder per channel
//! holding one JSON file a day (`2025-10-07.json`), each an array of message objects as the Web
//! API returns them (docs.slack.dev, "conversations.history" and the message event types):
//! `ts` (seconds since the epoch, as text), `user`, `text` (Slack mrkdwn), `subtype`
//! (`bot_message`, `message_changed`, `channel_join`, …), `thread_ts` and `parent_user_id` on
//! replies, `edited` on edited messages (whose `text` is then the final text), `bot_profile` /
//! `username` for bots, `reactions` (`name`, `users`, `count`), `pinned_to` (channel ids).
//!
//! Each selected top-level message becomes an entry at its `ts`; its thread's replies go in the
//! same entry, as a list under it, so a thread stays under its parent and the timeline stays in
//! time order. A person is written as the role the roster gives them, or "a responder";
//! mentions likewise; e-mail addresses and phone numbers become `[redacted]`. A bot keeps its
//! name, and its messages (alerts, mostly) are detection entries.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use regex::Regex;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::import::input::read_json;
use crate::import::people::Roster;
use crate::record::{Evidence, TimelineEntry, TimelineKind, Timestamp};

#[derive(Debug, Clone, Deserialize)]
pub struct Channel {
    pub id: String,
    pub name: String,
    /// Pinned items as some exports list them: the pinned message's `ts` is its `id`.
    #[serde(default)]
    pub pins: Option<Vec<Pin>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Pin {
    pub id: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub real_name: Option<String>,
    #[serde(default)]
    pub is_bot: bool,
    #[serde(default)]
    pub profile: Option<Profile>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Profile {
    #[serde(default)]
    pub real_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Message {
    #[serde(default)]
    pub subtype: Option<String>,
    pub ts: Option<String>,
    #[serde(default)]
    pub user: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub thread_ts: Option<String>,
    #[serde(default)]
    pub bot_id: Option<String>,
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub bot_profile: Option<BotProfile>,
    #[serde(default)]
    pub reactions: Option<Vec<Reaction>>,
    #[serde(default)]
    pub pinned_to: Option<Vec<String>>,
    /// On `message_changed`: the message as it is now.
    #[serde(default)]
    pub message: Option<Box<Message>>,
    /// On `message_deleted`: the deleted message's `ts`.
    #[serde(default)]
    pub deleted_ts: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BotProfile {
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Reaction {
    pub name: String,
}

/// Which top-level messages become entries (their threads come with them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    All,
    Pinned,
    Reaction(String),
}

#[derive(Debug, Clone)]
pub struct SlackOptions {
    pub channel: String,
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub selection: Selection,
}

#[derive(Debug, Clone, Default)]
pub struct SlackTimeline {
    pub entries: Vec<TimelineEntry>,
    pub files_read: usize,
    pub messages_read: usize,
}

/// Subtypes that are the channel's housekeeping, not the incident.
const HOUSEKEEPING: &[&str] = &[
    "channel_join",
    "channel_leave",
    "channel_topic",
    "channel_purpose",
    "channel_name",
    "channel_archive",
    "channel_unarchive",
    "group_join",
    "group_leave",
    "pinned_item",
    "unpinned_item",
    "reminder_add",
    "bot_add",
    "bot_remove",
];

fn read_list<T: serde::de::DeserializeOwned>(dir: &Path, name: &str) -> Result<Option<Vec<T>>> {
    let path = dir.join(name);
    if !path.is_file() {
        return Ok(None);
    }
    read_json(&path, &format!("a Slack export's {name}")).map(Some)
}

/// A Slack `ts` ("1696667400.000200") as a time, to the second.
pub fn parse_ts(ts: &str) -> Option<Timestamp> {
    let seconds: i64 = ts.split('.').next()?.parse().ok()?;
    let at: DateTime<Utc> = DateTime::from_timestamp(seconds, 0)?;
    Some(Timestamp(at.fixed_offset()))
}

/// The people of the export: the archive's roster plus every member, so their names and
/// handles are taken out of message text.
pub fn roster_for(users: &[User], roster: &BTreeMap<String, String>) -> Roster {
    let mut r = Roster::new(roster);
    for u in users.iter().filter(|u| !u.is_bot) {
        r.learn(&user_keys(u));
    }
    r
}

fn user_keys(u: &User) -> Vec<&str> {
    let profile = u.profile.as_ref();
    [
        Some(u.id.as_str()),
        profile.and_then(|p| p.email.as_deref()),
        u.name.as_deref(),
        u.real_name.as_deref(),
        profile.and_then(|p| p.real_name.as_deref()),
        profile.and_then(|p| p.display_name.as_deref()),
    ]
    .into_iter()
    .flatten()
    .filter(|k| !k.trim().is_empty())
    .collect()
}

/// Reads the channel's messages and turns the selected ones into timeline entries.
pub fn slack_timeline(
    export: &Path,
    options: &SlackOptions,
    roster: &BTreeMap<String, String>,
) -> Result<SlackTimeline> {
    let mut channels: Vec<Channel> = read_list(export, "channels.json")?.unwrap_or_default();
    channels.extend(read_list::<Channel>(export, "groups.json")?.unwrap_or_default());
    if channels.is_empty() && !export.join("channels.json").is_file() {
        return Err(Error::Input {
            path: export.to_owned(),
            message: "not a Slack export: no channels.json (unzip the export and give its folder)"
                .into(),
        });
    }
    let wanted = options.channel.trim_start_matches('#');
    let channel = channels
        .iter()
        .find(|c| c.name == wanted || c.id == wanted)
        .ok_or_else(|| {
            Error::Usage(format!(
                "no channel `{wanted}` in {}; it has: {}",
                export.join("channels.json").display(),
                channels
                    .iter()
                    .map(|c| c.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    let users: Vec<User> = read_list(export, "users.json")?
        .or(read_list(export, "org_users.json")?)
        .unwrap_or_default();
    let people: HashMap<&str, &User> = users.iter().map(|u| (u.id.as_str(), u)).collect();
    let roster = roster_for(&users, roster);
    let role_of = |id: &str| match people.get(id) {
        Some(u) => roster.role(user_keys(u)),
        None => roster.role([id]),
    };

    let folder = export.join(&channel.name);
    let mut days: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|e| Error::io(&folder, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    days.sort();
    // Skip whole days outside the window: a file is named for its UTC day.
    let day_of = |p: &Path| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
    let since_day = options
        .since
        .map(|t| t.utc().format("%Y-%m-%d").to_string());
    let until_day = options
        .until
        .map(|t| t.utc().format("%Y-%m-%d").to_string());
    days.retain(|p| {
        let Some(day) = day_of(p) else { return false };
        since_day.as_ref().is_none_or(|s| day >= *s) && until_day.as_ref().is_none_or(|u| day <= *u)
    });

    let mut result = SlackTimeline::default();
    // By ts: the message as it ends up (edits applied, deletions removed).
    let mut messages: BTreeMap<String, Message> = BTreeMap::new();
    for day in &days {
        let list: Vec<Message> = read_json(day, "a Slack export's day of messages")?;
        result.files_read += 1;
        for message in list {
            result.messages_read += 1;
            match message.subtype.as_deref() {
                Some("message_changed") => {
                    if let Some(now) = message.message {
                        if let Some(ts) = now.ts.clone() {
                            messages.insert(ts, *now);
                        }
                    }
                }
                Some("message_deleted") => {
                    if let Some(ts) = &message.deleted_ts {
                        messages.remove(ts);
                    }
                }
                Some(s) if HOUSEKEEPING.contains(&s) => {}
                _ => {
                    if let Some(ts) = message.ts.clone() {
                        messages.insert(ts, message);
                    }
                }
            }
        }
    }

    let pinned: Vec<&str> = channel
        .pins
        .iter()
        .flatten()
        .map(|p| p.id.as_str())
        .collect();
    let in_window = |at: &Timestamp| {
        options.since.is_none_or(|s| *at >= s) && options.until.is_none_or(|u| *at <= u)
    };
    let mut replies: BTreeMap<&str, Vec<&Message>> = BTreeMap::new();
    for (ts, m) in &messages {
        if let Some(parent) = m.thread_ts.as_deref().filter(|p| p != ts) {
            replies.entry(parent).or_default().push(m);
        }
    }
    let convert = MessageText {
        role_of: &role_of,
        roster: &roster,
    };
    for (ts, m) in &messages {
        if m.thread_ts.as_deref().is_some_and(|p| p != ts) {
            continue;
        }
        let Some(at) = parse_ts(ts) else { continue };
        if !in_window(&at) {
            continue;
        }
        let selected = match &options.selection {
            Selection::All => true,
            Selection::Pinned => {
                m.pinned_to.as_ref().is_some_and(|p| !p.is_empty()) || pinned.contains(&ts.as_str())
            }
            Selection::Reaction(name) => m
                .reactions
                .iter()
                .flatten()
                .any(|r| r.name == name.trim_matches(':')),
        };
        if !selected {
            continue;
        }
        let (who, bot) = convert.author(m);
        let mut event = format!(
            "{}: {}",
            capitalised(&who),
            convert.markdown(m.text.as_deref().unwrap_or(""))
        );
        for reply in replies.get(ts.as_str()).into_iter().flatten() {
            let Some(reply_at) = reply.ts.as_deref().and_then(parse_ts) else {
                continue;
            };
            let (who, _) = convert.author(reply);
            let text = convert.markdown(reply.text.as_deref().unwrap_or(""));
            event.push_str(&format!(
                "\n- {} {}: {}",
                reply_at.utc().format("%H:%M"),
                who,
                text.replace('\n', " ")
            ));
        }
        result.entries.push(TimelineEntry {
            at,
            kind: if bot {
                TimelineKind::Detection
            } else {
                TimelineKind::Observation
            },
            event,
            service: None,
            evidence: Evidence(vec![format!("slack:#{} {ts}", channel.name)]),
        });
    }
    Ok(result)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct MessageText<'a> {
    role_of: &'a dyn Fn(&str) -> String,
    roster: &'a Roster,
}

impl MessageText<'_> {
    /// Who wrote `m`: a bot by its name, a person by their role; and whether it is a bot.
    fn author(&self, m: &Message) -> (String, bool) {
        let bot = m.subtype.as_deref() == Some("bot_message") || m.bot_id.is_some();
        if bot {
            let name = m
                .bot_profile
                .as_ref()
                .and_then(|b| b.name.clone())
                .or_else(|| m.username.clone())
                .unwrap_or_else(|| "a bot".into());
            return (name, true);
        }
        match m.user.as_deref() {
            Some(user) => ((self.role_of)(user), false),
            None => (crate::import::people::UNKNOWN_ROLE.to_owned(), false),
        }
    }

    /// Slack mrkdwn as Markdown, people as roles, contact details redacted.
    fn markdown(&self, text: &str) -> String {
        let markdown = mrkdwn_to_markdown(text, self.role_of);
        self.roster.scrub(markdown.trim())
    }
}

/// Slack mrkdwn as Markdown: `*bold*`, `_italic_`, `~strike~`, `<url|text>` links, `<@U…>`
/// user mentions (through `mention`), `<#C…|name>` channels, `<!here>` and the like, and the
/// `&amp;` `&lt;` `&gt;` escapes. Code spans and blocks are kept as they are.
pub fn mrkdwn_to_markdown(text: &str, mention: &dyn Fn(&str) -> String) -> String {
    static CODE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let code = CODE.get_or_init(|| Regex::new(r"(?s)```.*?```|`[^`\n]*`").expect("fixed pattern"));
    let mut out = String::new();
    let mut last = 0;
    for m in code.find_iter(text) {
        out.push_str(&convert_prose(&text[last..m.start()], mention));
        out.push_str(&unescape(m.as_str()));
        last = m.end();
    }
    out.push_str(&convert_prose(&text[last..], mention));
    out
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn convert_prose(text: &str, mention: &dyn Fn(&str) -> String) -> String {
    static ANGLE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    static BOLD: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    static ITALIC: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    static STRIKE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let angle =
        ANGLE.get_or_init(|| Regex::new(r"<([^<>|]+)(?:\|([^<>]*))?>").expect("fixed pattern"));
    let bold = BOLD
        .get_or_init(|| Regex::new(r"(^|[^\w*])\*([^*\n]+)\*([^\w*]|$)").expect("fixed pattern"));
    let italic = ITALIC
        .get_or_init(|| Regex::new(r"(^|[^\w_])_([^_\n]+)_([^\w_]|$)").expect("fixed pattern"));
    let strike = STRIKE
        .get_or_init(|| Regex::new(r"(^|[^\w~])~([^~\n]+)~([^\w~]|$)").expect("fixed pattern"));
    // Formatting first (the control sequences hold no `*`, `_` or `~` that matter), then the
    // <…> sequences, then the escapes.
    let text = bold.replace_all(text, "$1**$2**$3");
    let text = italic.replace_all(&text, "$1*$2*$3");
    let text = strike.replace_all(&text, "$1~~$2~~$3");
    let text = angle.replace_all(&text, |c: &regex::Captures| {
        let target = &c[1];
        let label = c.get(2).map(|l| l.as_str());
        if let Some(user) = target.strip_prefix('@') {
            mention(user)
        } else if let Some(channel) = target.strip_prefix('#') {
            format!("#{}", label.unwrap_or(channel))
        } else if let Some(special) = target.strip_prefix('!') {
            match special.split('^').next().unwrap_or("") {
                "subteam" => label.unwrap_or("@team").to_owned(),
                "date" => label.unwrap_or("").to_owned(),
                other => format!("@{other}"),
            }
        } else if target.starts_with("mailto:") {
            crate::import::people::REDACTED.to_owned()
        } else {
            match label {
                Some(label) if label != target => format!("[{}]({target})", unescape(label)),
                _ => target.to_owned(),
            }
        }
    });
    unescape(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mrkdwn_becomes_markdown_and_mentions_become_roles() {
        let mention = |id: &str| {
            if id == "U1" {
                "the incident commander".to_owned()
            } else {
                "a responder".to_owned()
            }
        };
        let text = "*Paused* the _compaction_ job, ~not~ restarted; cc <@U1> <@U2|bruno> in <#C9|inc-payments> <!here> see <https://grafana.example/d/pool|pool dashboard> &amp; `a *literal* &lt;x&gt;`";
        assert_eq!(
            mrkdwn_to_markdown(text, &mention),
            "**Paused** the *compaction* job, ~~not~~ restarted; cc the incident commander a responder in #inc-payments @here see [pool dashboard](https://grafana.example/d/pool) & `a *literal* <x>`"
        );
    }

    #[test]
    fn ts_is_seconds_since_the_epoch() {
        assert_eq!(
            parse_ts("1759825800.000200").unwrap().to_string(),
            "2025-10-07T08:30:00Z"
        );
        assert!(parse_ts("soon").is_none());
    }
}
