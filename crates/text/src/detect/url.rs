//! URLs (with or without protocol, user info, port, path) and e-mail addresses.

use super::Found;
use crate::chars::{is_word, next_char, prev_char};
use crate::entity::EntityKind;
use crate::url_check::{check_domain, is_space_like};

/// Characters a host name is scanned over.
fn is_domain_char(c: u32) -> bool {
    if c < 0x80 {
        let b = c as u8;
        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'~' | b'_')
    } else {
        c >= 0xC0 && !is_space_like(c)
    }
}

/// Characters of `user:password` before `@`.
fn is_userdata_char(c: u32) -> bool {
    if c < 0x80 {
        !matches!(
            c as u8,
            b'\n'
                | b' '
                | b'"'
                | b'\''
                | b'('
                | b')'
                | b'<'
                | b'>'
                | b'['
                | b']'
                | b'`'
                | b'{'
                | b'}'
                | b'#'
                | b'/'
                | b'?'
                | b'@'
        )
    } else {
        !matches!(c, 0xA0 | 0xAB | 0xBB) && !is_space_like(c)
    }
}

fn is_path_char(c: u32) -> bool {
    if c < 0x80 {
        !matches!(c as u8, b'\n' | b' ' | b'"' | b'<' | b'>')
    } else {
        !matches!(c, 0xA0 | 0xAB | 0xBB) && !is_space_like(c)
    }
}

fn is_trailing_punct(b: u8) -> bool {
    matches!(
        b,
        b'!' | b'"' | b'\'' | b'(' | b',' | b'.' | b':' | b';' | b'<' | b'>' | b'?' | b'`'
    )
}

fn scan_left(text: &str, mut i: usize, floor: usize, pred: impl Fn(u32) -> bool) -> usize {
    while i > floor {
        let Some((c, len)) = prev_char(text, i) else {
            break;
        };
        if !pred(c) {
            break;
        }
        i -= len;
    }
    i
}

fn scan_right(text: &str, mut i: usize, pred: impl Fn(u32) -> bool) -> usize {
    while let Some((c, len)) = next_char(text, i) {
        if !pred(c) {
            break;
        }
        i += len;
    }
    i
}

/// The character before `i` unless `i` is at the scanning floor.
fn char_before(text: &str, i: usize, floor: usize) -> Option<u32> {
    if i <= floor {
        None
    } else {
        prev_char(text, i).map(|(c, _)| c)
    }
}

pub(super) fn find(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut from = 0;
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'.', &bytes[i..]) {
        i += p;
        let (found, next) = match_around_dot(text, from, i);
        if let Some(found) = found {
            out.push(found);
        }
        from = next.max(i + 1);
        i = from;
    }
}

/// Tries to match a URL or e-mail address around the dot at `dot`, looking no further left
/// than `from`. Returns the match and where scanning continues.
fn match_around_dot(text: &str, from: usize, dot: usize) -> (Option<Found>, usize) {
    let bytes = text.as_bytes();
    // Host (and maybe user info) to the right of the dot; the last `@` starts the host.
    let mut last_at = None;
    let right = scan_right(text, dot + 1, |c| is_domain_char(c) || c == '@' as u32);
    for (k, &b) in bytes[dot + 1..right].iter().enumerate() {
        if b == b'@' {
            last_at = Some(dot + 1 + k);
        }
    }
    let mut start;
    let mut protocol: Option<&str> = None;
    let mut userdata: Option<&str> = None;
    let (ds, de);
    if let Some(at) = last_at {
        ds = at + 1;
        de = right;
        start = scan_left(text, dot, from, is_userdata_char);
        userdata = Some(&text[start..at]);
        if ds == de {
            return (None, right);
        }
    } else {
        de = right;
        ds = scan_left(text, dot, from, is_domain_char);
        start = ds;
        if ds > from && bytes[ds - 1] == b'@' {
            let us = scan_left(text, ds - 1, from, is_userdata_char);
            if us == ds - 1 {
                return (None, right);
            }
            userdata = Some(&text[us..ds - 1]);
            start = us;
        }
    }
    // Checks of what precedes the host; a failed one still consumes the whole candidate.
    let mut rejected = false;
    if userdata.is_some() || start != ds {
        // Whatever stops user info must be a protocol or harmless.
        if text[..start].ends_with("://") {
        } else if let Some(c) = char_before(text, start, from) {
            if matches!(char::from_u32(c), Some('#' | '/' | '?' | '@')) {
                rejected = true;
            }
        }
    }
    if start >= from + 3 && text[..start].ends_with("://") {
        let ps = scan_left(text, start - 3, from, |c| {
            c < 0x80 && (c as u8).is_ascii_alphanumeric()
        });
        let run = &bytes[ps..start - 3];
        let ends_with = |p: &str| {
            run.len() >= p.len() && run[run.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
        };
        // The protocol is the end of the letter run before "://": "xhttp://" is "http://".
        match ["https", "http", "tonsite", "ftp"]
            .into_iter()
            .find(|p| ends_with(p))
        {
            Some(p) if !ends_with("sftp") => {
                protocol = Some(p);
                start -= 3 + p.len();
            }
            _ => rejected = true,
        }
    } else if userdata.is_none() {
        if let Some(c) = char_before(text, start, from) {
            if is_word(c) || matches!(char::from_u32(c), Some('#' | '/' | '@' | '.')) {
                rejected = true;
            }
        }
    }
    let mut end = de;
    let mut scanned_to = de;
    // Port.
    let mut has_port = false;
    if bytes.get(end) == Some(&b':') {
        let n = bytes[end + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if (1..=5).contains(&n) {
            let port: u32 = text[end + 1..end + 1 + n].parse().unwrap_or(0);
            if (1..=65535).contains(&port) {
                end += 1 + n;
                has_port = true;
            }
        }
    }
    // Path, query, fragment.
    let mut has_path = false;
    if matches!(bytes.get(end), Some(b'/' | b'?' | b'#')) {
        let (e, seen) = http_path_end(text, end);
        scanned_to = seen;
        if e > end {
            has_path = true;
            end = e;
        }
    }
    // Without port or path, trailing dots of the host are sentence punctuation.
    let mut host_end = de;
    if !has_port && !has_path {
        while host_end > ds && bytes[host_end - 1] == b'.' {
            host_end -= 1;
        }
        end = host_end;
    }
    let host = &text[ds..host_end];
    if rejected {
        return (None, end.max(right).max(scanned_to));
    }
    if let Some(u) = userdata {
        // "mailto:" before an address is not part of it.
        if let Some(user) = u.strip_prefix("mailto:") {
            if protocol.is_none() && !has_path && !has_port && is_email(user, host) {
                return (
                    Some(Found {
                        start: start + 7,
                        end,
                        kind: EntityKind::EmailAddress,
                    }),
                    end,
                );
            }
        }
    }
    if let Some(user) = userdata {
        if protocol.is_none() && !has_path && !has_port && is_email(user, host) {
            return (
                Some(Found {
                    start,
                    end,
                    kind: EntityKind::EmailAddress,
                }),
                end,
            );
        }
    }
    if !check_domain(host, protocol.is_some()) {
        return (None, end.max(right).max(scanned_to));
    }
    (
        Some(Found {
            start,
            end,
            kind: EntityKind::Url,
        }),
        end,
    )
}

/// Drops trailing punctuation from the path `[start, end)`, and the path itself if only a `?`
/// or `#` is left.
fn trim_path(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && is_trailing_punct(bytes[end - 1]) {
        end -= 1;
    }
    if end == start + 1 && bytes[start] != b'/' {
        return start;
    }
    end
}

/// Path of an http-like URL: trailing punctuation and unbalanced closing brackets are not part
/// of it.
/// Returns the path's end and the end of the characters looked at.
fn http_path_end(text: &str, start: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let scanned = scan_right(text, start, is_path_char);
    let trimmed = trim_path(bytes, start, scanned);
    if trimmed == start {
        return (start, scanned);
    }
    let mut end = cut_unbalanced(text, start, trimmed);
    while end > start && is_trailing_punct(bytes[end - 1]) {
        end -= 1;
    }
    (end, scanned)
}

/// `tg://…` and `ton://…` links, which need no dot.
pub(super) fn find_tg_links(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b':', &bytes[i..]) {
        let colon = i + p;
        i = colon + 1;
        if bytes.get(colon + 1..colon + 3) != Some(b"//") {
            continue;
        }
        i = colon + 3;
        let lower_ends = |suffix: &[u8]| {
            colon >= suffix.len() && bytes[colon - suffix.len()..colon].eq_ignore_ascii_case(suffix)
        };
        // `tonsite://` counts like `ton://` three letters back, as TDLib does.
        let start = if lower_ends(b"tg") {
            colon - 2
        } else if lower_ends(b"ton") || lower_ends(b"tonsite") {
            colon - 3
        } else {
            continue;
        };
        let host_len = bytes[colon + 3..]
            .iter()
            .take_while(|&&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            .count();
        if host_len == 0 {
            continue;
        }
        let mut end = colon + 3 + host_len.min(253);
        if host_len <= 253 && matches!(bytes.get(end), Some(b'/' | b'?' | b'#')) {
            let path_end = scan_right(text, end, is_path_char);
            end = trim_path(bytes, end, path_end).max(end);
        }
        i = end;
        out.push(Found {
            start,
            end,
            kind: EntityKind::Url,
        });
    }
}

/// Ends the path before the first closing bracket that has no opening partner.
fn cut_unbalanced(text: &str, start: usize, end: usize) -> usize {
    let mut depth = [0i32; 3];
    for (k, b) in text.as_bytes()[start..end].iter().enumerate() {
        let (idx, open) = match b {
            b'(' => (0, true),
            b')' => (0, false),
            b'[' => (1, true),
            b']' => (1, false),
            b'{' => (2, true),
            b'}' => (2, false),
            _ => continue,
        };
        if open {
            depth[idx] += 1;
        } else if depth[idx] == 0 {
            return start + k;
        } else {
            depth[idx] -= 1;
        }
    }
    end
}

/// `user@host` shaped like an e-mail address: a short ASCII local part and 2–7 ASCII labels,
/// the last of 2–8 letters. The top-level domain need not be a known one.
fn is_email(user: &str, host: &str) -> bool {
    let ub = user.as_bytes();
    if ub.is_empty() || ub.len() > 35 || ub.last() == Some(&b'.') {
        return false;
    }
    if !ub
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
    {
        return false;
    }
    let Some((labels, tld)) = host.rsplit_once('.') else {
        return false;
    };
    if !(2..=8).contains(&tld.len()) || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut count = 0;
    for label in labels.split('.') {
        count += 1;
        let lb = label.as_bytes();
        let ok_edge = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
        if lb.len() > 30 || !ok_edge(lb.first()) || !ok_edge(lb.last()) {
            return false;
        }
        if !lb
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return false;
        }
    }
    count <= 6
}
