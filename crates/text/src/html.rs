//! Telegram's HTML parse mode (`textParseModeHTML`).

use crate::entity::{Entity, EntityKind, FormattedText};
use crate::error::ParseError;
use crate::fix::finish_parsed;
use crate::link::{check_link, Link};
use crate::markup::{time_format, Output};

fn err(msg: String) -> ParseError {
    ParseError::Markup(msg)
}

const SURROGATE_ERROR: &str =
    "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units";

/// Stands for a decoded surrogate code unit, which makes the whole text invalid.
const SURROGATE: char = '\u{FFFF}';

struct OpenTag {
    name: String,
    out: usize,
    /// The entity this tag makes when closed, if any.
    kind: Option<EntityKind>,
    /// `class="language-…"` of a `code` tag.
    language: Option<String>,
}

#[inline]
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0B' | b'\x0C')
}

/// Decodes `&…;` at `i` (which holds `&`); returns the character and the bytes consumed, or
/// `None` if the text is not an entity TDLib knows.
fn decode_entity(bytes: &[u8], i: usize) -> Result<Option<(char, usize)>, ()> {
    let rest = &bytes[i + 1..];
    if rest.first() == Some(&b'#') {
        let (hex, start) = if rest.get(1) == Some(&b'x') {
            (true, 2)
        } else {
            (false, 1)
        };
        let digits = rest[start..]
            .iter()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return Ok(None);
        }
        let mut value: u32 = 0;
        for &b in &rest[start..start + digits] {
            let d = (b as char).to_digit(if hex { 16 } else { 10 }).unwrap_or(0);
            value = match value
                .checked_mul(if hex { 16 } else { 10 })
                .and_then(|v| v.checked_add(d))
            {
                Some(v) if v <= 0x10FFFF => v,
                _ => return Ok(None),
            };
        }
        if value == 0 {
            return Ok(None);
        }
        let mut len = 1 + start + digits;
        if rest.get(start + digits) == Some(&b';') {
            len += 1;
        }
        if (0xD800..=0xDFFF).contains(&value) {
            // Not a character; the caller reports it once the markup has parsed.
            return Ok(Some((SURROGATE, len)));
        }
        return Ok(char::from_u32(value).map(|c| (c, len)));
    }
    let name_len = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    let c = match &rest[..name_len] {
        b"lt" => '<',
        b"gt" => '>',
        b"amp" => '&',
        b"quot" => '"',
        _ => return Ok(None),
    };
    let mut len = 1 + name_len;
    if rest.get(name_len) == Some(&b';') {
        len += 1;
    }
    Ok(Some((c, len)))
}

/// Decodes entities in an attribute value; `None` if one is a surrogate.
fn decode_value(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'&' {
            if let Ok(Some((c, len))) = decode_entity(bytes, i) {
                if c == SURROGATE {
                    return None;
                }
                out.push(c);
                i += len;
                continue;
            }
        }
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        out.push(c);
        i += c.len_utf8();
    }
    Some(out)
}

pub fn parse_html(text: &str) -> Result<FormattedText, ParseError> {
    let bytes = text.as_bytes();
    let mut out = Output::with_capacity(text.len());
    let mut stack: Vec<OpenTag> = Vec::new();
    let mut entities: Vec<Entity> = Vec::new();
    // Index in `entities` and language of the last closed `code` tag that had a language.
    let mut last_code: Option<(usize, String)> = None;
    let mut surrogate = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'&' => {
                if let Ok(Some((c, len))) = decode_entity(bytes, i) {
                    if c == SURROGATE {
                        surrogate = true;
                    } else {
                        out.push(c);
                    }
                    i += len;
                } else {
                    out.push('&');
                    i += 1;
                }
            }
            b'<' if bytes.get(i + 1) == Some(&b'/') => {
                let Some(open) = stack.last() else {
                    return Err(err(format!("Unexpected end tag at byte offset {i}")));
                };
                let name_start = i + 2;
                let name_len = bytes[name_start..]
                    .iter()
                    .take_while(|&&b| !is_space(b) && b != b'>')
                    .count();
                let name = text[name_start..name_start + name_len].to_ascii_lowercase();
                let mut j = name_start + name_len;
                while j < bytes.len() && is_space(bytes[j]) {
                    j += 1;
                }
                if bytes.get(j) != Some(&b'>') {
                    return Err(err(format!("Unclosed end tag at byte offset {i}")));
                }
                if !name.is_empty() && name != open.name {
                    return Err(err(format!(
                        "Unmatched end tag at byte offset {i}, expected \"</{}>\", found \"</{}>\"",
                        open.name, name
                    )));
                }
                i = j + 1;
                let Some(open) = stack.pop() else { continue };
                let length = (out.units - open.out) as i32;
                let offset = open.out as i32;
                let same_range = |e: &Entity| e.offset == offset && e.length == length;
                match open.kind {
                    Some(EntityKind::Pre) => {
                        if let Some((idx, language)) = last_code.take() {
                            if idx + 1 == entities.len() && same_range(&entities[idx]) {
                                entities[idx].kind = EntityKind::PreCode { language };
                                continue;
                            }
                        }
                        entities.push(Entity::new(offset, length, EntityKind::Pre));
                    }
                    Some(EntityKind::Code) => {
                        if let Some(language) = open.language {
                            if let Some(last) = entities.last_mut() {
                                if last.kind == EntityKind::Pre && same_range(last) {
                                    last.kind = EntityKind::PreCode { language };
                                    continue;
                                }
                            }
                            last_code = Some((entities.len(), language));
                        }
                        entities.push(Entity::new(offset, length, EntityKind::Code));
                    }
                    Some(kind) => entities.push(Entity::new(offset, length, kind)),
                    None => {}
                }
            }
            b'<' => {
                i = open_tag(text, i, &out, &mut stack)?;
            }
            _ => {
                // Plain text up to the next '&' or '<' (both ASCII, so a char boundary).
                let end = memchr::memchr2(b'&', b'<', &bytes[i..]).map_or(bytes.len(), |p| i + p);
                out.push_str(&text[i..end]);
                i = end;
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(err(format!(
            "Can't find end tag corresponding to start tag \"{}\"",
            open.name
        )));
    }
    if surrogate {
        return Err(err(SURROGATE_ERROR.into()));
    }
    Ok(finish_parsed(out.text, entities))
}

/// Parses a start tag at `i`; returns the byte after it.
fn open_tag(
    text: &str,
    i: usize,
    out: &Output,
    stack: &mut Vec<OpenTag>,
) -> Result<usize, ParseError> {
    let bytes = text.as_bytes();
    let name_start = i + 1;
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|&&b| !is_space(b) && b != b'>')
        .count();
    let mut j = name_start + name_len;
    if j >= bytes.len() {
        return Err(err(format!("Unclosed start tag at byte offset {i}")));
    }
    let name = text[name_start..j].to_ascii_lowercase();
    if !matches!(
        name.as_str(),
        "a" | "b"
            | "strong"
            | "i"
            | "em"
            | "u"
            | "ins"
            | "s"
            | "strike"
            | "del"
            | "span"
            | "tg-spoiler"
            | "code"
            | "pre"
            | "blockquote"
            | "tg-emoji"
            | "tg-time"
    ) {
        return Err(err(format!(
            "Unsupported start tag \"{name}\" at byte offset {i}"
        )));
    }
    let mut attrs: Vec<(&str, Option<String>)> = Vec::new();
    loop {
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) == Some(&b'>') {
            j += 1;
            break;
        }
        let attr_start = j;
        while j < bytes.len()
            && !is_space(bytes[j])
            && !matches!(bytes[j], b'=' | b'>' | b'/' | b'"' | b'\'')
        {
            j += 1;
        }
        if j == attr_start {
            return Err(err(format!(
                "Empty attribute name in the tag \"{name}\" at byte offset {i}"
            )));
        }
        let attr = &text[attr_start..j];
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        if j >= bytes.len() {
            return Err(err(format!(
                "Unclosed start tag \"{name}\" at byte offset {i}"
            )));
        }
        if bytes[j] != b'=' {
            attrs.push((attr, Some(String::new())));
            continue;
        }
        j += 1;
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        if j >= bytes.len() {
            return Err(err(format!(
                "Unclosed start tag \"{name}\" at byte offset {i}"
            )));
        }
        let value = if bytes[j] == b'"' || bytes[j] == b'\'' {
            let quote = bytes[j];
            let Some(len) = bytes[j + 1..].iter().position(|&b| b == quote) else {
                return Err(err(format!("Unclosed start tag at byte offset {i}")));
            };
            let v = &text[j + 1..j + 1 + len];
            j += len + 2;
            if j >= bytes.len() {
                return Err(err(format!("Unclosed start tag at byte offset {i}")));
            }
            v
        } else {
            let start = j;
            while j < bytes.len() && !is_space(bytes[j]) && bytes[j] != b'>' {
                j += 1;
            }
            &text[start..j]
        };
        attrs.push((attr, decode_value(value)));
    }
    let attr = |key: &str| {
        attrs
            .iter()
            .rev()
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| v.as_deref())
    };
    let mut language = None;
    let kind = match name.as_str() {
        "b" | "strong" => Some(EntityKind::Bold),
        "i" | "em" => Some(EntityKind::Italic),
        "u" | "ins" => Some(EntityKind::Underline),
        "s" | "strike" | "del" => Some(EntityKind::Strikethrough),
        "tg-spoiler" => Some(EntityKind::Spoiler),
        "span" => {
            if attr("class") != Some("tg-spoiler") {
                return Err(err(format!(
                    "Tag \"span\" must have class \"tg-spoiler\" at byte offset {i}"
                )));
            }
            Some(EntityKind::Spoiler)
        }
        "a" => match attr("href").map(check_link) {
            Some(Ok(Link::User(user_id))) => Some(EntityKind::MentionName { user_id }),
            Some(Ok(Link::Url(url))) => Some(EntityKind::TextUrl { url }),
            _ => None,
        },
        "code" => {
            language = attr("class")
                .and_then(|c| c.strip_prefix("language-"))
                .filter(|l| !l.is_empty());
            Some(EntityKind::Code)
        }
        "pre" => Some(EntityKind::Pre),
        "blockquote" => Some(if attrs.iter().any(|(k, _)| *k == "expandable") {
            EntityKind::ExpandableBlockQuote
        } else {
            EntityKind::BlockQuote
        }),
        "tg-emoji" => {
            let id = attr("emoji-id").and_then(parse_i64).filter(|&id| id != 0);
            match id {
                Some(custom_emoji_id) => Some(EntityKind::CustomEmoji { custom_emoji_id }),
                None => return Err(err("Invalid custom emoji identifier specified".into())),
            }
        }
        "tg-time" => {
            let formatting = match attr("format") {
                None | Some("") => None,
                Some(f) => {
                    Some(time_format(f).ok_or_else(|| err("Invalid date format used".into()))?)
                }
            };
            attr("unix")
                .and_then(parse_i64)
                .filter(|&t| t > 0 && t <= i32::MAX as i64)
                .map(|t| EntityKind::DateTime {
                    unix_time: t as i32,
                    formatting,
                })
        }
        _ => None,
    };
    stack.push(OpenTag {
        name,
        out: out.units,
        kind,
        language: language.map(str::to_string),
    });
    Ok(j)
}

fn parse_i64(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}
