//! People are never named in a record: importers write the role the archive's roster gives a
//! person (`roster:` in `whys.yaml`), or "a responder", and take e-mail addresses and phone
//! numbers out of any text they copy. The personal-data rules of `whys check` still run on
//! what is written; this is the first line, not the only one.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;

/// What stands for anyone the roster does not list.
pub const UNKNOWN_ROLE: &str = "a responder";
/// What replaces an e-mail address or a phone number.
pub const REDACTED: &str = "[redacted]";

/// Names, handles, e-mails and user ids -> roles, matched without regard to case.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    roles: BTreeMap<String, String>,
    /// Every name seen in the data (from the roster and the export's user lists), longest
    /// first, to take out of free text.
    names: Vec<(String, String)>,
}

impl Roster {
    pub fn new(roster: &BTreeMap<String, String>) -> Roster {
        let mut r = Roster::default();
        for (who, role) in roster {
            r.roles
                .insert(who.trim().to_lowercase(), role.trim().to_owned());
        }
        r.names = roster
            .iter()
            .filter(|(who, _)| !who.contains('@') && who.trim().chars().count() > 2)
            .map(|(who, role)| (who.trim().to_owned(), role.trim().to_owned()))
            .collect();
        r.sort_names();
        r
    }

    fn sort_names(&mut self) {
        self.names
            .sort_by(|a, b| b.0.chars().count().cmp(&a.0.chars().count()).then(a.cmp(b)));
        self.names.dedup_by(|a, b| a.0 == b.0);
    }

    /// The role of the first of `keys` (id, handle, name, e-mail) the roster lists, else
    /// [`UNKNOWN_ROLE`].
    pub fn role<'a>(&self, keys: impl IntoIterator<Item = &'a str>) -> String {
        keys.into_iter()
            .filter_map(|k| self.roles.get(&k.trim().to_lowercase()))
            .next()
            .cloned()
            .unwrap_or_else(|| UNKNOWN_ROLE.to_owned())
    }

    /// Learns a person known from the data (a Slack user, a PagerDuty agent): their names are
    /// taken out of free text and replaced by their role.
    pub fn learn(&mut self, keys: &[&str]) {
        let role = self.role(keys.iter().copied());
        for key in keys {
            let key = key.trim();
            // Very short names ("Al") would eat parts of ordinary words.
            if key.chars().count() > 2 && !key.contains('@') {
                self.names.push((key.to_owned(), role.clone()));
            }
        }
        self.sort_names();
    }

    /// `text` with contact details redacted and every known person's name replaced by their
    /// role (whole words only).
    pub fn scrub(&self, text: &str) -> String {
        let mut out = redact_contacts(text);
        for (name, role) in &self.names {
            let pattern = format!(r"(?i)\b{}\b", regex::escape(name));
            if let Ok(re) = Regex::new(&pattern) {
                out = re.replace_all(&out, role.as_str()).into_owned();
            }
        }
        out
    }
}

/// `text` with e-mail addresses and phone numbers replaced by [`REDACTED`].
pub fn redact_contacts(text: &str) -> String {
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    static PHONE: OnceLock<Regex> = OnceLock::new();
    let email = EMAIL.get_or_init(|| {
        Regex::new(r"(?i)(mailto:)?[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}").expect("fixed pattern")
    });
    // An international or grouped number: +44 20 7946 0958, (415) 555-0100, 555.010.0199.
    let phone = PHONE.get_or_init(|| {
        Regex::new(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}")
            .expect("fixed pattern")
    });
    let text = email.replace_all(text, REDACTED);
    phone
        .replace_all(&text, |c: &regex::Captures| {
            let found = &c[0];
            if looks_like_phone(found) {
                REDACTED.to_owned()
            } else {
                found.to_owned()
            }
        })
        .into_owned()
}

/// Digits grouped like a phone number, not like a date, a time, a version or a count.
fn looks_like_phone(candidate: &str) -> bool {
    let digits = candidate.chars().filter(char::is_ascii_digit).count();
    if !(9..=15).contains(&digits) {
        return false;
    }
    let international = candidate.starts_with('+');
    let area_code = candidate.contains('(');
    // 2025-10-07 08, 1.2.3 and the like are not numbers to call.
    let date_like = candidate.len() >= 10
        && candidate.as_bytes()[4] == b'-'
        && candidate[..4].chars().all(|c| c.is_ascii_digit());
    if date_like {
        return false;
    }
    international
        || area_code
        || candidate.contains('-')
        || candidate.contains(' ')
        || candidate.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_redacted_and_dates_are_not() {
        let text = "Call +44 20 7946 0958 or (415) 555-0100, mail ana.lima@example.com; at 2025-10-07 08:30 UTC, 1842 payments, v1.2.3";
        let out = redact_contacts(text);
        assert_eq!(
            out,
            "Call [redacted] or [redacted], mail [redacted]; at 2025-10-07 08:30 UTC, 1842 payments, v1.2.3"
        );
    }

    #[test]
    fn names_become_roles() {
        let roster: BTreeMap<String, String> = [
            ("U024BE7LH".to_owned(), "the incident commander".to_owned()),
            ("Ana Lima".to_owned(), "the incident commander".to_owned()),
        ]
        .into();
        let mut r = Roster::new(&roster);
        assert_eq!(r.role(["U024BE7LH"]), "the incident commander");
        assert_eq!(r.role(["U999"]), "a responder");
        r.learn(&["U999", "Bruno Costa", "bruno"]);
        assert_eq!(
            r.scrub("Ana Lima paged Bruno Costa; bruno restarted it"),
            "the incident commander paged a responder; a responder restarted it"
        );
    }
}
