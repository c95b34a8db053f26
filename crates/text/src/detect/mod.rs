//! `getTextEntities`: finds mentions, hashtags, cashtags, bot commands, URLs, e-mail
//! addresses, bank card numbers and media timestamps in plain text.

mod bank_card;
mod bot_command;
mod hashtag;
mod media_timestamp;
mod mention;
mod url;

use crate::entity::{Entity, EntityKind};
use crate::utf16::Utf16Cursor;

/// An entity found in the text, in UTF-8 bytes.
#[derive(Debug)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub kind: EntityKind,
}

/// All automatically detected entities of `text`, sorted, without overlaps.
pub fn get_text_entities(text: &str) -> Vec<Entity> {
    let mut found = find_all(text, false);
    to_entities(text, &mut found)
}

/// Detection as used by TDLib: `skip_bot_commands` drops bot commands.
pub(crate) fn find_all(text: &str, skip_bot_commands: bool) -> Vec<Found> {
    let mut found = Vec::new();
    mention::find(text, &mut found);
    if !skip_bot_commands {
        bot_command::find(text, &mut found);
    }
    hashtag::find_hashtags(text, &mut found);
    hashtag::find_cashtags(text, &mut found);
    url::find(text, &mut found);
    url::find_tg_links(text, &mut found);
    find_numbers(text, &mut found);
    remove_overlaps(&mut found);
    found
}

/// Bank card numbers and media timestamps, which both start at a digit run.
fn find_numbers(text: &str, found: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let has_colon = memchr::memchr(b':', bytes).is_some();
    let mut card_from = 0;
    let mut time_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let Some(p) = next_digit(&bytes[i..]) else {
            break;
        };
        i += p;
        let run_end = i + bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if i >= card_from {
            card_from = bank_card::find_at(text, i, found);
        }
        if has_colon && i >= time_from {
            time_from = media_timestamp::find_at(text, i, found);
        }
        i = run_end;
    }
}

/// Position of the first ASCII digit, eight bytes at a time.
fn next_digit(bytes: &[u8]) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let v = u64::from_le_bytes(w);
        // Bytes 0x30..=0x39: (b - 0x30) < 10, tested on all lanes at once without borrows
        // across lanes for ASCII; non-ASCII bytes have the high bit set and are excluded.
        let x = v ^ 0x3030_3030_3030_3030;
        let lt10 = (x | 0x8080_8080_8080_8080).wrapping_sub(0x0A0A_0A0A_0A0A_0A0A);
        let hits = !lt10 & !x & 0x8080_8080_8080_8080;
        if hits != 0 {
            return Some(base + (hits.trailing_zeros() / 8) as usize);
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(u8::is_ascii_digit)
        .map(|p| base + p)
}

/// Keeps the first of overlapping entities in start order (longer first on ties).
fn remove_overlaps(found: &mut Vec<Found>) {
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut last_end = 0;
    found.retain(|f| {
        if f.start < last_end {
            false
        } else {
            last_end = f.end;
            true
        }
    });
}

pub(crate) fn to_entities(text: &str, found: &mut [Found]) -> Vec<Entity> {
    if text.is_ascii() {
        return found
            .iter_mut()
            .map(|f| {
                let kind = std::mem::replace(&mut f.kind, EntityKind::Bold);
                Entity::new(f.start as i32, (f.end - f.start) as i32, kind)
            })
            .collect();
    }
    let mut cursor = Utf16Cursor::new(text);
    found
        .iter_mut()
        .map(|f| {
            let start = cursor.units_at(f.start);
            let end = cursor.units_at(f.end);
            let kind = std::mem::replace(&mut f.kind, EntityKind::Bold);
            Entity::new(start as i32, (end - start) as i32, kind)
        })
        .collect()
}
