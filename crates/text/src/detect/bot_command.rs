//! `/command` and `/command@bot`.

use super::Found;
use crate::chars::{is_ascii_word, is_word, next_char, prev_char};
use crate::entity::EntityKind;

fn blocks(c: u32) -> bool {
    is_word(c) || c == '/' as u32 || c == '<' as u32 || c == '>' as u32
}

pub(super) fn find(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'/', &bytes[i..]) {
        let slash = i + p;
        i = slash + 1;
        if prev_char(text, slash).is_some_and(|(c, _)| blocks(c)) {
            continue;
        }
        let cmd_len = bytes[slash + 1..]
            .iter()
            .take_while(|&&b| is_ascii_word(b))
            .count();
        let mut end = slash + 1 + cmd_len;
        i = end;
        if !(1..=64).contains(&cmd_len) {
            continue;
        }
        if bytes.get(end) == Some(&b'@') {
            let user_len = bytes[end + 1..]
                .iter()
                .take_while(|&&b| is_ascii_word(b))
                .count();
            if !(3..=32).contains(&user_len) {
                continue;
            }
            end += 1 + user_len;
            i = end;
            if next_char(text, end).is_some_and(|(c, _)| blocks(c)) {
                continue;
            }
        } else if next_char(text, end).is_some_and(|(c, _)| blocks(c)) {
            continue;
        }
        out.push(Found {
            start: slash,
            end,
            kind: EntityKind::BotCommand,
        });
    }
}
