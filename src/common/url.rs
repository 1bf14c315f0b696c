//! Text placed inside a web address.

/// `text` safe inside one URL path segment: unreserved characters stay, every other byte is
/// `%XX`, so record text cannot end the segment or the address. The same encoding is right
/// for a query value (the trackers' JQL and page tokens use it): `&`, `=`, `+` and space are
/// all escaped.
pub fn percent_encode_path(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
