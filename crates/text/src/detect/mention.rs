//! `@username` mentions.

use super::Found;
use crate::chars::{is_ascii_word, is_word, next_char, prev_char};
use crate::entity::EntityKind;

/// Three-letter usernames that are still mentions (short inline bots), lowercase.
const SHORT_USERNAMES: [&[u8]; 5] = [b"gif", b"nft", b"pic", b"ufc", b"vid"];

pub(super) fn find(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'@', &bytes[i..]) {
        let at = i + p;
        i = at + 1;
        if prev_char(text, at).is_some_and(|(c, _)| is_word(c)) {
            continue;
        }
        let name_len = bytes[at + 1..]
            .iter()
            .take_while(|&&b| is_ascii_word(b))
            .count();
        let end = at + 1 + name_len;
        i = end;
        if !(3..=32).contains(&name_len) {
            continue;
        }
        if next_char(text, end).is_some_and(|(c, _)| is_word(c)) {
            continue;
        }
        if name_len == 3 {
            let name = bytes[at + 1..end].to_ascii_lowercase();
            if !SHORT_USERNAMES.contains(&name.as_slice()) {
                continue;
            }
        }
        out.push(Found {
            start: at,
            end,
            kind: EntityKind::Mention,
        });
    }
}
