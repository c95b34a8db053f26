//! Character classes used by entity detection.

use crate::tables::{HASHTAG, WORD};

pub(crate) fn in_table(table: &[(u32, u32)], c: u32) -> bool {
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// ASCII `[A-Za-z0-9_]`.
#[inline]
pub(crate) fn is_ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Letters, numbers and `_`: what may not touch a mention or a bot command.
#[inline]
pub(crate) fn is_word(c: u32) -> bool {
    if c < 0x80 {
        is_ascii_word(c as u8)
    } else {
        in_table(WORD, c)
    }
}

/// Characters a hashtag is made of.
#[inline]
pub(crate) fn is_hashtag_letter(c: u32) -> bool {
    if c < 0x80 {
        is_ascii_word(c as u8)
    } else {
        in_table(HASHTAG, c)
    }
}

/// Decodes the code point starting at byte `i` (which must be a char boundary) and its length.
#[inline]
pub(crate) fn next_char(s: &str, i: usize) -> Option<(u32, usize)> {
    let c = s.get(i..)?.chars().next()?;
    Some((c as u32, c.len_utf8()))
}

/// The code point ending at byte `i` (a char boundary) and its length.
#[inline]
pub(crate) fn prev_char(s: &str, i: usize) -> Option<(u32, usize)> {
    let c = s.get(..i)?.chars().next_back()?;
    Some((c as u32, c.len_utf8()))
}
