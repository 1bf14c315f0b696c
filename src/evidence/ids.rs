//! One spelling for trace and span ids, whatever the exporter wrote.

/// Normalise a trace or span id to lower-case hex.
///
/// Exporters disagree on spelling: Jaeger writes hex and drops leading zeros
/// (`4df11891983cb20`), the OTLP JSON encoding writes hex of either case, and exports that
/// follow the generic protobuf JSON mapping (Tempo) write base64 of the raw bytes
/// (`Sc130fnc2TY=`). Ids are compared after this function, so the same span read from two
/// files (or named in a log line) matches.
///
/// Rules: hex is lower-cased and left-padded with zeros to 16 digits (64-bit ids) or, when
/// longer than 16, to 32 digits (128-bit ids); anything else that decodes as base64 becomes
/// the hex of its bytes; what is neither is kept verbatim (trimmed) so that references
/// written the same odd way still match. Empty and all-zero ids mean "no id" (`None`):
/// OpenTelemetry defines the all-zero id as invalid, and Jaeger uses `0` for "no parent".
pub fn normalize_id(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let hex = if raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        let width = if raw.len() <= 16 { 16 } else { 32 };
        let mut hex = String::with_capacity(width.max(raw.len()));
        hex.extend(std::iter::repeat_n('0', width.saturating_sub(raw.len())));
        hex.extend(raw.chars().map(|c| c.to_ascii_lowercase()));
        hex
    } else if let Some(bytes) = decode_base64(raw) {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    } else {
        return Some(raw.to_string());
    };
    if hex.bytes().all(|b| b == b'0') {
        None
    } else {
        Some(hex)
    }
}

/// Decode standard or URL-safe base64, padded or not. `None` when `text` is not base64.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    if body.is_empty() || text.len() - body.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for byte in body.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    // Leftover bits must be zero padding; six leftover bits mean a truncated quantum.
    if bits >= 6 || acc & ((1 << bits) - 1) != 0 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::normalize_id;

    #[test]
    fn hex_is_lower_cased_and_padded() {
        assert_eq!(
            normalize_id("4DF11891983CB20").as_deref(),
            Some("04df11891983cb20")
        );
        assert_eq!(
            normalize_id("df84e36b9e2ee3815d07f0867a5be1f").as_deref(),
            Some("0df84e36b9e2ee3815d07f0867a5be1f")
        );
    }

    #[test]
    fn base64_becomes_hex() {
        assert_eq!(
            normalize_id("Sc130fnc2TY=").as_deref(),
            Some("49cd77d1f9dcd936")
        );
        assert_eq!(
            normalize_id("O6VWCcPN5JZJzXfR+dzZNg==").as_deref(),
            Some("3ba55609c3cde49649cd77d1f9dcd936")
        );
    }

    #[test]
    fn zero_and_empty_are_absent() {
        assert_eq!(normalize_id(""), None);
        assert_eq!(normalize_id("0"), None);
        assert_eq!(normalize_id("0000000000000000"), None);
    }

    #[test]
    fn unknown_spelling_is_kept() {
        assert_eq!(normalize_id("span#1").as_deref(), Some("span#1"));
    }
}
