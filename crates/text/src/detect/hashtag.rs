//! `#hashtag`, `#hashtag@chat`, `$CASHTAG`, `$CASHTAG@chat`.

use super::Found;
use crate::chars::{is_ascii_word, is_hashtag_letter, next_char, prev_char};
use crate::entity::EntityKind;

/// Longest hashtag body, in code points; longer runs are cut.
const MAX_HASHTAG_CHARS: usize = 256;

pub(super) fn find_hashtags(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'#', &bytes[i..]) {
        let hash = i + p;
        i = hash + 1;
        if prev_char(text, hash).is_some_and(|(c, _)| is_hashtag_letter(c)) {
            continue;
        }
        // Walk the whole run of hashtag letters; the entity keeps at most 256 of them.
        let mut pos = hash + 1;
        let mut count = 0;
        let mut cut = pos;
        let mut has_letter = false;
        while let Some((c, len)) = next_char(text, pos) {
            if !is_hashtag_letter(c) {
                break;
            }
            if count < MAX_HASHTAG_CHARS {
                if !(c == '_' as u32
                    || c == 0x200C
                    || c == 0xB7
                    || (c < 0x80 && (c as u8).is_ascii_digit()))
                {
                    has_letter = true;
                }
                cut = pos + len;
            }
            count += 1;
            pos += len;
        }
        i = pos;
        if count == 0 || bytes.get(pos) == Some(&b'#') {
            continue;
        }
        if !has_letter {
            continue;
        }
        let mut end = cut;
        if pos == cut && bytes.get(pos) == Some(&b'@') {
            let user_len = bytes[pos + 1..]
                .iter()
                .take_while(|&&b| is_ascii_word(b))
                .count();
            if user_len >= 3 {
                let user_end = pos + 1 + user_len.min(32);
                if bytes.get(user_end) == Some(&b'#') {
                    i = user_end;
                    continue;
                }
                end = user_end;
                i = end;
            }
        }
        out.push(Found {
            start: hash,
            end,
            kind: EntityKind::Hashtag,
        });
    }
}

fn cashtag_blocks(c: u32) -> bool {
    is_hashtag_letter(c) || c == '$' as u32
}

pub(super) fn find_cashtags(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'$', &bytes[i..]) {
        let dollar = i + p;
        i = dollar + 1;
        if prev_char(text, dollar).is_some_and(|(c, _)| cashtag_blocks(c)) {
            continue;
        }
        let len = bytes[dollar + 1..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase())
            .count();
        let mut end = dollar + 1 + len;
        if !(1..=8).contains(&len) {
            continue;
        }
        if bytes.get(end) == Some(&b'@') {
            let user_len = bytes[end + 1..]
                .iter()
                .take_while(|&&b| is_ascii_word(b))
                .count();
            if (3..=32).contains(&user_len) {
                end += 1 + user_len;
            }
        }
        if next_char(text, end).is_some_and(|(c, _)| cashtag_blocks(c)) {
            continue;
        }
        i = end;
        out.push(Found {
            start: dollar,
            end,
            kind: EntityKind::Cashtag,
        });
    }
}
