//! Media timestamps: `m:ss`, `mm:ss`, `h:mm:ss`, `hh:mm:ss`.

use super::Found;
use crate::chars::{is_word, next_char, prev_char};
use crate::entity::EntityKind;

fn digits_at(bytes: &[u8], i: usize) -> usize {
    bytes
        .get(i..)
        .map_or(0, |s| s.iter().take_while(|b| b.is_ascii_digit()).count())
}

fn number(bytes: &[u8]) -> i64 {
    bytes.iter().fold(0i64, |acc, &b| {
        acc.saturating_mul(10).saturating_add((b - b'0') as i64)
    })
}

/// Tries a timestamp at the start of the digit run at `start`; returns where to go on.
pub(super) fn find_at(text: &str, start: usize, out: &mut Vec<Found>) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    {
        let n1 = digits_at(bytes, i);
        i += n1;
        if prev_char(text, start).is_some_and(|(c, _)| is_word(c) || c == ':' as u32) {
            return i;
        }
        if bytes.get(i) != Some(&b':') {
            return i;
        }
        let n2 = digits_at(bytes, i + 1);
        let first = number(&bytes[start..start + n1]);
        let second = number(&bytes[i + 1..i + 1 + n2.min(2)]);
        let mut end = i + 1 + n2;
        let seconds;
        if (1..=2).contains(&n2) && bytes.get(end) == Some(&b':') && digits_at(bytes, end + 1) == 2
        {
            // h:mm:ss (the minutes may have one digit)
            let third = number(&bytes[end + 1..end + 3]);
            if n1 > 2 || second >= 60 || third >= 60 {
                return end + 3;
            }
            seconds = first * 3600 + second * 60 + third;
            end += 3;
        } else {
            // m:ss
            if n2 != 2 || n1 > 4 || second >= 60 {
                return end;
            }
            seconds = first * 60 + second;
        }
        if next_char(text, end).is_some_and(|(c, _)| is_word(c) || c == ':' as u32) {
            return end;
        }
        out.push(Found {
            start,
            end,
            kind: EntityKind::MediaTimestamp {
                media_timestamp: seconds.min(i32::MAX as i64) as i32,
            },
        });
        end
    }
}
