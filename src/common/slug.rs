//! Slugs: record ids and file names (`2025-10-07-payments-pool-exhaustion`).

/// `^[a-z0-9][a-z0-9-]{2,80}$`, without a regex.
pub fn is_slug(id: &str) -> bool {
    let bytes = id.as_bytes();
    (3..=81).contains(&bytes.len())
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// A slug from any text: lower case, runs of other characters become one dash.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug.truncate(80);
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("2025-10-07-payments-pool-exhaustion"));
        assert!(!is_slug("Payments"));
        assert!(!is_slug("-abc"));
        assert!(!is_slug("ab"));
        assert_eq!(
            slugify("Payments silently dropped: DB (v2)!"),
            "payments-silently-dropped-db-v2"
        );
    }
}
