//! `searchQuote`: where a quote occurs in a text, nearest to an approximate position.

use crate::entity::FormattedText;
use crate::utf16::Utf16Cursor;

/// UTF-16 offset of the occurrence of `quote` in `text` nearest to `position` (a later one wins
/// a tie); `None` if there is none.
pub fn search_quote(text: &FormattedText, quote: &FormattedText, position: i32) -> Option<i32> {
    // Only the texts matter: TDLib does not look at (or check) their entities here.
    let (hay, needle) = (text.text.as_str(), quote.text.as_str());
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    let mut cursor = Utf16Cursor::new(hay);
    let mut best: Option<(i64, i32)> = None;
    let mut from = 0;
    while let Some(p) = hay.get(from..).and_then(|h| h.find(needle)) {
        let at = from + p;
        let units = cursor.units_at(at) as i32;
        let distance = (units as i64 - position as i64).abs();
        if best.is_none_or(|(d, _)| distance <= d) {
            best = Some((distance, units));
        }
        from = at + hay[at..].chars().next().map_or(1, char::len_utf8);
    }
    best.map(|(_, u)| u)
}
