//! Media timestamps: `m:ss`, `mm:ss`, `h:mm:ss`, `hh:mm:ss`.

use super::Found;
use crate::chars::{is_word, next_char, prev_char};
use crate::entity::EntityKind;

fn digits_at(bytes: &[u8], i: usize) -> usize {
    bytes.get(i..).map_or(0, |s| s.iter().take_while(|b| b.is_ascii_digit()).count())
}

fn number(bytes: &[u8]) -> i64 {
    bytes.iter().fold(0i64, |acc, &b| acc.saturating_mul(10).saturating_add((b - b'0') as i64))
}

pub(super) fn find(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let start = i;
        let n1 = digits_at(bytes, i);
        i += n1;
        if prev_char(text, start).is_some_and(|(c, _)| is_word(c) || c == ':' as u32) {
            continue;
        }
        if bytes.get(i) != Some(&b':') || digits_at(bytes, i + 1) != 2 {
            continue;
        }
        let first = number(&bytes[start..start + n1]);
        let second = number(&bytes[i + 1..i + 3]);
        let mut end = i + 3;
        let mut seconds;
        if bytes.get(end) == Some(&b':') && digits_at(bytes, end + 1) == 2 {
            let third = number(&bytes[end + 1..end + 3]);
            if n1 > 2 || second >= 60 || third >= 60 {
                i = end;
                continue;
            }
            seconds = first * 3600 + second * 60 + third;
            end += 3;
        } else {
            if n1 > 4 || second >= 60 {
                i = end;
                continue;
            }
            seconds = first * 60 + second;
        }
        i = end;
        if next_char(text, end).is_some_and(|(c, _)| is_word(c) || c == ':' as u32) {
            continue;
        }
        if seconds > i32::MAX as i64 {
            seconds = i32::MAX as i64;
        }
        out.push(Found {
            start,
            end,
            kind: EntityKind::MediaTimestamp { media_timestamp: seconds as i32 },
        });
    }
}
