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
    let bytes = text.as_bytes();
    // One pass over the bytes decides which detectors have anything to look at.
    let (mut at, mut hash, mut dollar, mut slash, mut dot, mut digit, mut colon) =
        (false, false, false, false, false, false, false);
    for &b in bytes {
        match b {
            b'@' => at = true,
            b'#' => hash = true,
            b'$' => dollar = true,
            b'/' => slash = true,
            b'.' => dot = true,
            b'0'..=b'9' => digit = true,
            b':' => colon = true,
            _ => {}
        }
    }
    if at {
        mention::find(text, &mut found);
    }
    if slash && !skip_bot_commands {
        bot_command::find(text, &mut found);
    }
    if hash {
        hashtag::find_hashtags(text, &mut found);
    }
    if dollar {
        hashtag::find_cashtags(text, &mut found);
    }
    if dot {
        url::find(text, &mut found);
    }
    if colon && slash {
        url::find_tg_links(text, &mut found);
    }
    if digit {
        bank_card::find(text, &mut found);
        if colon {
            media_timestamp::find(text, &mut found);
        }
    }
    remove_overlaps(&mut found);
    found
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
