//! Host name checks shared by URL detection and URL normalisation.

use crate::tld::is_known_tld;

/// Separators that end any URL part, besides ASCII ones.
pub(crate) fn is_space_like(c: u32) -> bool {
    matches!(c, 0x1680 | 0x2000..=0x200B | 0x200E..=0x200F | 0x2016..=0x206F | 0x3000)
}

/// A dotted IPv4 address without leading zeros.
fn is_ipv4(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        if part.len() > 1 && part.starts_with('0') {
            return false;
        }
        if part.parse::<u32>().map_or(true, |v| v > 255) {
            return false;
        }
    }
    parts == 4
}

/// Whether `host` may be the host of a detected URL. Without a protocol a capitalised
/// top-level domain ("Com") is taken for the start of a sentence.
pub(crate) fn check_domain(host: &str, has_protocol: bool) -> bool {
    let bytes = host.as_bytes();
    let Some(dot) = memchr::memrchr(b'.', bytes) else {
        return false;
    };
    // A host of digits and dots must be an IPv4 address.
    if bytes.iter().all(|&b| b.is_ascii_digit() || b == b'.') {
        return is_ipv4(host);
    }
    // Labels before the top-level domain: not empty, not ending with '-'; the second-level
    // one without '_'.
    let mut label_start = 0;
    for i in 0..=dot {
        if i == dot || bytes[i] == b'.' {
            let label = &bytes[label_start..i];
            if label.is_empty() || label.last() == Some(&b'-') {
                return false;
            }
            if i == dot && label.contains(&b'_') {
                return false;
            }
            label_start = i + 1;
        }
    }
    let tld = &host[dot + 1..];
    if tld.as_bytes().contains(&b'_') {
        return false;
    }
    if has_protocol {
        // With a protocol any top-level domain of two characters or more will do.
        return tld.chars().nth(1).is_some() && (!tld.contains('-') || is_valid_tld(tld));
    }
    if !is_valid_tld(tld) {
        return false;
    }
    let mut chars = tld.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some()
        && chars.all(|c| !c.is_uppercase());
    !capitalised
}

fn is_valid_tld(tld: &str) -> bool {
    if let Some(rest) = tld.strip_prefix("xn--") {
        return rest.len() >= 2 && rest.bytes().all(|b| b.is_ascii_alphanumeric());
    }
    is_known_tld(tld)
}
