//! Pieces shared by the markup parsers: output text with UTF-16 positions, and the
//! `tg://emoji` / `tg://time` URLs of custom emoji and date-time entities.

use crate::entity::{DateTimeFormatting, EntityKind, Precision};

/// The parsed text being built, with its length in UTF-16 code units.
pub(crate) struct Output {
    pub text: String,
    pub units: usize,
}

impl Output {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Output {
            text: String::with_capacity(n),
            units: 0,
        }
    }
    #[inline]
    pub(crate) fn push(&mut self, c: char) {
        self.text.push(c);
        self.units += c.len_utf16();
    }
    #[inline]
    pub(crate) fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
        self.units += crate::utf16::units_of(s.as_bytes());
    }
}

/// Entity for `tg://emoji?id=N` (custom emoji) or `tg://time?unix=T[&format=F]` (date and
/// time); `None` if the URL is neither.
pub(crate) fn emoji_or_time(url: &str) -> Option<EntityKind> {
    let rest = url.strip_prefix("tg:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    if let Some(query) = rest.strip_prefix("emoji?") {
        let id = param(query, "id")?;
        let id: i64 = parse_int(id)?;
        if id == 0 {
            return None;
        }
        return Some(EntityKind::CustomEmoji {
            custom_emoji_id: id,
        });
    }
    let query = rest.strip_prefix("time?")?;
    let unix: i64 = parse_int(param(query, "unix")?)?;
    if !(0..=i32::MAX as i64).contains(&unix) {
        return None;
    }
    let formatting = match param(query, "format") {
        None | Some("") => None,
        Some(f) => Some(time_format(f)?),
    };
    Some(EntityKind::DateTime {
        unix_time: unix as i32,
        formatting,
    })
}

fn param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then_some(v)
    })
}

fn parse_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `r` is relative; otherwise letters `w` (day of week), `d`/`D` (short/long date) and
/// `t`/`T` (short/long time), the short forms winning.
pub(crate) fn time_format(f: &str) -> Option<DateTimeFormatting> {
    if f.eq_ignore_ascii_case("r") {
        return Some(DateTimeFormatting::Relative);
    }
    let (mut time, mut date, mut dow) = (Precision::None, Precision::None, false);
    for b in f.bytes() {
        match b {
            b'w' | b'W' => dow = true,
            b't' => time = Precision::Short,
            b'T' if time != Precision::Short => time = Precision::Long,
            b'd' => date = Precision::Short,
            b'D' if date != Precision::Short => date = Precision::Long,
            b'T' | b'D' => {}
            _ => return None,
        }
    }
    Some(DateTimeFormatting::Absolute {
        time_precision: time,
        date_precision: date,
        show_day_of_week: dow,
    })
}

/// After an opening "```" at `start`: a word ended by a space or newline is the language;
/// the newline is dropped. Returns the language and where the body starts.
pub(crate) fn pre_language(text: &str, start: usize) -> (Option<String>, usize) {
    let bytes = text.as_bytes();
    let word = bytes[start..]
        .iter()
        .position(|&b| matches!(b, b' ' | b'\n' | b'`'));
    match word.map(|w| (w, bytes[start + w])) {
        Some((w, b'\n')) => (
            (w > 0).then(|| text[start..start + w].to_string()),
            start + w + 1,
        ),
        Some((w, b' ')) if w > 0 => (Some(text[start..start + w].to_string()), start + w),
        _ => (None, start),
    }
}
