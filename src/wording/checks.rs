//! Confirmations of personal-data and secret matches: a regex finds the
//! shape, a check decides whether it is the real thing (a Luhn-valid card,
//! an address and not a version number, a phone number and not a date).

use std::net::Ipv6Addr;

use super::spec::Check;

/// The match is not glued to a neighbouring word, number, version or path:
/// "v1.2.3.4", "id-4111...", "x10.0.0.1" are parts of something else.
pub(crate) fn standalone(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let joins = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'/' | b'#' | b'$');
    if start > 0 {
        let before = bytes[start - 1];
        if joins(before) || before >= 0x80 && !is_typographic(bytes, start) {
            return false;
        }
        // "1.10.0.1.2" and "release-4111..." continue a dotted or hyphenated token.
        if matches!(before, b'.' | b'-' | b':' | b'@')
            && start >= 2
            && bytes[start - 2].is_ascii_alphanumeric()
        {
            return false;
        }
    }
    if let Some(&after) = bytes.get(end) {
        if joins(after) {
            return false;
        }
        if matches!(after, b'.' | b'-' | b':' | b'@')
            && bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            return false;
        }
    }
    true
}

/// A curly quote or dash before `at` is punctuation, not part of a word.
fn is_typographic(bytes: &[u8], at: usize) -> bool {
    at >= 3 && bytes[at - 3] == 0xE2 && bytes[at - 2] == 0x80
}

impl Check {
    pub(crate) fn accepts(self, found: &str) -> bool {
        match self {
            Check::Luhn => is_card_number(found),
            Check::Ip => is_ip_address(found),
            Check::Phone => is_phone_number(found),
            Check::Email => is_real_email(found),
            Check::Bearer => is_bearer_token(found),
            Check::UrlPassword => has_real_password(found),
        }
    }
}

fn is_card_number(found: &str) -> bool {
    let digits: Vec<u32> = found.chars().filter_map(|c| c.to_digit(10)).collect();
    if !(13..=19).contains(&digits.len()) {
        return false;
    }
    // Card networks issue numbers starting 2-6 (Mastercard, Amex, Visa,
    // Discover, ...); ids and counters starting 0, 1, 7, 8, 9 are not cards.
    if !matches!(digits.first(), Some(2..=6)) {
        return false;
    }
    // Separated numbers are written in groups of four (Amex: 4-6-5).
    let groups: Vec<usize> = found
        .split([' ', '-'])
        .filter(|g| !g.is_empty())
        .map(str::len)
        .collect();
    if groups.len() > 1 {
        let fours = groups[..groups.len() - 1].iter().all(|&g| g == 4);
        if !(fours || groups == [4, 6, 5] || groups == [4, 6, 4]) {
            return false;
        }
    }
    if digits.windows(2).all(|w| w[0] == w[1]) {
        return false;
    }
    luhn_valid(&digits)
}

pub(crate) fn luhn_valid(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

fn is_ip_address(found: &str) -> bool {
    if found.contains(':') {
        return is_ipv6(found);
    }
    let octets: Vec<&str> = found.split('.').collect();
    if octets.len() != 4 {
        return false;
    }
    let mut values = [0u32; 4];
    for (slot, octet) in values.iter_mut().zip(&octets) {
        match octet.parse::<u32>() {
            Ok(v) if v <= 255 && !(octet.len() > 1 && octet.starts_with('0')) => *slot = v,
            _ => return false,
        }
    }
    // Loopback and the unspecified address identify no one.
    !(values[0] == 127 || values == [0, 0, 0, 0])
}

fn is_ipv6(found: &str) -> bool {
    let Ok(address) = found.parse::<Ipv6Addr>() else {
        return false;
    };
    if address.is_loopback() || address.is_unspecified() {
        return false;
    }
    // "12:30:00" is a time and "a::b" a path; an address has hex groups with digits.
    let groups = found.split(':').filter(|g| !g.is_empty()).count();
    groups >= 3 && found.chars().any(|c| c.is_ascii_digit())
}

fn is_phone_number(found: &str) -> bool {
    let digits = found.chars().filter(char::is_ascii_digit).count();
    if found.starts_with('+') {
        return (8..=15).contains(&digits);
    }
    (10..=12).contains(&digits)
}

fn is_real_email(found: &str) -> bool {
    let Some((_, domain)) = found.rsplit_once('@') else {
        return false;
    };
    let domain = domain.to_ascii_lowercase();
    // RFC 2606 documentation names belong to no one.
    let reserved = ["example.com", "example.org", "example.net"];
    let reserved_tld = [".example", ".test", ".invalid", ".localhost"];
    !(reserved
        .iter()
        .any(|r| domain == *r || domain.ends_with(&format!(".{r}")))
        || reserved_tld.iter().any(|t| domain.ends_with(t)))
}

fn is_bearer_token(found: &str) -> bool {
    let token = found
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .trim_end_matches('=');
    // A token mixes letters and digits; "authentication_required" is a word.
    token.len() >= 16
        && token.chars().any(|c| c.is_ascii_digit())
        && token.chars().any(|c| c.is_ascii_alphabetic())
}

fn has_real_password(found: &str) -> bool {
    let Some((_, rest)) = found.split_once("://") else {
        return false;
    };
    let Some((credentials, _)) = rest.rsplit_once('@') else {
        return false;
    };
    let Some((_, password)) = credentials.split_once(':') else {
        return false;
    };
    let placeholder = password.is_empty()
        || password.chars().all(|c| matches!(c, '*' | 'x' | 'X' | '.'))
        || password.starts_with('$')
        || password.starts_with('<')
        || password.starts_with('{')
        || password.starts_with('%');
    !placeholder
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn() {
        assert!(is_card_number("4111 1111 1111 1111"));
        assert!(is_card_number("378282246310005"));
        assert!(!is_card_number("4111111111111112"));
        assert!(!is_card_number("1234567890123456"));
    }

    #[test]
    fn ips_and_versions() {
        assert!(is_ip_address("10.12.0.7"));
        assert!(!is_ip_address("256.1.1.1"));
        assert!(!is_ip_address("1.2.3"));
        assert!(is_ip_address("2001:db8::7334"));
        assert!(!is_ip_address("02:00:00"));
    }

    #[test]
    fn placeholders_are_not_passwords() {
        assert!(has_real_password("postgres://u:hunter2@db"));
        assert!(!has_real_password("postgres://u:${PW}@db"));
        assert!(!has_real_password("postgres://u:****@db"));
    }
}
