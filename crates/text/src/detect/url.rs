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

/// Characters scanned over as `user:password` before `@`; a `#` or `?` among them makes the
/// candidate no URL.
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
                | b'/'
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

/// Where scanning stands between candidates. After a candidate was consumed (found, or judged
/// not to be a URL), nothing before `hard` is looked at again. A candidate refused only for
/// what precedes it moves `soft` just past its dot: later dots of the same host are tried
/// again, their host starting no earlier than `soft`, and seeing the characters before it.
#[derive(Clone, Copy)]
struct Floor {
    hard: usize,
    soft: usize,
}

/// What became of the candidate around one dot.
enum Outcome {
    /// Found (or not a URL), and everything up to the position consumed.
    Consumed(Option<Found>, usize),
    /// Refused for what precedes it; scanning resumes at the position without consuming.
    Skipped(usize),
}

pub(super) fn find(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut floor = Floor { hard: 0, soft: 0 };
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'.', &bytes[i..]) {
        let dot = i + p;
        match match_around_dot(text, floor, dot) {
            Outcome::Consumed(found, next) => {
                out.extend(found);
                // Dots right after a consumed candidate go with it.
                let next = next + bytes[next..].iter().take_while(|&&b| b == b'.').count();
                floor = Floor {
                    hard: next,
                    soft: next,
                };
            }
            Outcome::Skipped(next) => floor.soft = next,
        }
        i = floor.soft.max(dot + 1);
    }
}

/// Whether the character before `i` continues a word for protocol purposes: ASCII letters,
/// digits, `+`, `-`, and anything else that is neither ASCII nor a space.
fn glued_before(text: &str, i: usize) -> bool {
    match prev_char(text, i) {
        None => false,
        Some((c, _)) if c < 0x80 => {
            let b = c as u8;
            b.is_ascii_alphanumeric() || b == b'+' || b == b'-'
        }
        Some((c, _)) => !matches!(
            c,
            0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000
        ),
    }
}

/// Tries to match a URL or e-mail address around the dot at `dot`.
fn match_around_dot(text: &str, floor: Floor, dot: usize) -> Outcome {
    let bytes = text.as_bytes();
    let from = floor.soft;
    // Host (and maybe user info) to the right of the dot; the first `@` starts the host,
    // which may hold further ones.
    let right = scan_right(text, dot + 1, |c| is_domain_char(c) || c == '@' as u32);
    let first_at = memchr::memchr(b'@', &bytes[dot + 1..right]).map(|k| dot + 1 + k);
    let mut start;
    let mut protocol: Option<&str> = None;
    let mut userdata: Option<&str> = None;
    let de = right;
    let ds;
    // Refused for what precedes it: scanning resumes without consuming the candidate.
    let mut skip = false;
    if let Some(at) = first_at {
        ds = at + 1;
        start = scan_left(text, dot, from, is_userdata_char);
        userdata = Some(&text[start..at]);
    } else {
        ds = scan_left(text, dot, from, is_domain_char);
        start = ds;
        if ds > from && bytes[ds - 1] == b'@' {
            let us = scan_left(text, ds - 1, from, is_userdata_char);
            skip = us == ds - 1;
            userdata = Some(&text[us..ds - 1]);
            start = us;
        }
    }
    // Checks of what precedes the candidate.
    if userdata.is_some() && !text[..start].ends_with("://") {
        if let Some('/' | '@') = char_before(text, start, floor.hard).and_then(char::from_u32) {
            skip = true;
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
            // "sftp" is refused, unless glued to what precedes it: then "ftp" is taken.
            Some(p) if !ends_with("sftp") || glued_before(text, start - 7) => {
                protocol = Some(p);
                start -= 3 + p.len();
            }
            _ => skip = true,
        }
    } else if userdata.is_none() {
        if let Some(c) = char_before(text, start, floor.hard) {
            if is_word(c) || matches!(char::from_u32(c), Some('#' | '/' | '@' | '.')) {
                skip = true;
            }
        }
    }
    let mut end = de;
    // The end of a path looked at, which no later candidate starts before.
    let mut scanned_to = None;
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
        let path = http_path_end(text, end);
        scanned_to = Some(path.scanned);
        has_path = path.kept;
        end = path.end;
    }
    if skip {
        // Dots of the host behind an `@` are not tried again.
        let next = first_at.map_or(dot + 1, |at| at + 1);
        return Outcome::Skipped(scanned_to.unwrap_or(next));
    }
    if ds == de || userdata.is_some_and(|u| u.contains(['#', '?'])) {
        return Outcome::Consumed(None, end.max(scanned_to.unwrap_or(0)));
    }
    let consumed = end.max(right).max(scanned_to.unwrap_or(0));
    // Without port or path, trailing dots of the host are sentence punctuation.
    let mut host_end = de;
    if !has_port && !has_path {
        while host_end > ds && bytes[host_end - 1] == b'.' {
            host_end -= 1;
        }
        end = host_end;
    }
    let host = &text[ds..host_end];
    if let Some(u) = userdata {
        // "mailto:" before an address is not part of it.
        let (user, at) = match u.strip_prefix("mailto:") {
            Some(user) if is_email(user, host) => (user, start + 7),
            _ => (u, start),
        };
        if protocol.is_none() && !has_path && !has_port && is_email(user, host) {
            let found = Found {
                start: at,
                end,
                kind: EntityKind::EmailAddress,
            };
            return Outcome::Consumed(Some(found), consumed);
        }
    }
    if !check_domain(host, protocol.is_some()) {
        return Outcome::Consumed(None, consumed);
    }
    let found = Found {
        start,
        end,
        kind: EntityKind::Url,
    };
    Outcome::Consumed(Some(found), consumed)
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

/// The path of an http-like URL starting at a `/`, `?` or `#`.
struct Path {
    /// Where the URL ends: trailing punctuation and unbalanced closing brackets cut off.
    end: usize,
    /// Whether something besides punctuation follows the host (which makes it no e-mail
    /// address, even when brackets then cut the path away).
    kept: bool,
    /// The end of the characters looked at.
    scanned: usize,
}

fn http_path_end(text: &str, start: usize) -> Path {
    let bytes = text.as_bytes();
    let scanned = scan_right(text, start, is_path_char);
    let trimmed = trim_path(bytes, start, scanned);
    if trimmed == start {
        return Path {
            end: start,
            kept: false,
            scanned,
        };
    }
    let mut end = cut_unbalanced(text, start, trimmed);
    while end > start && is_trailing_punct(bytes[end - 1]) {
        end -= 1;
    }
    Path {
        end,
        kept: true,
        scanned,
    }
}

/// `tg://…` and `ton://…` links, which need no dot.
pub(super) fn find_tg_links(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    // The search goes on while six bytes ("tg://" and one more) are left after the previous
    // link, even though the next link's scheme may lie inside the previous one.
    while bytes.len() - i >= 6 {
        let Some(p) = memchr::memchr(b':', &bytes[i..]) else {
            break;
        };
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

/// `user@host` shaped like an e-mail address: a local part of at most 11 pieces split by `.`
/// or `+` (26 characters each, the last one non-empty and up to 35) and 2–7 ASCII labels,
/// the last of 2–8 letters. The top-level domain need not be a known one.
fn is_email(user: &str, host: &str) -> bool {
    let mut pieces = 0;
    let mut last_len = 0;
    for piece in user.split(['.', '+']) {
        pieces += 1;
        if pieces > 11
            || last_len > 26
            || !piece
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        {
            return false;
        }
        last_len = piece.len();
    }
    if !(1..=35).contains(&last_len) {
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
