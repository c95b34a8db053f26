//! Telegram's legacy Markdown (`textParseModeMarkdown` versions 0 and 1): `*bold*`,
//! `_italic_`, `` `code` ``, ```` ```pre``` ````, `[text](url)`; no nesting, `\` escapes only
//! the markup characters.

use crate::entity::{Entity, EntityKind, FormattedText};
use crate::error::ParseError;
use crate::fix::finish_parsed;
use crate::link::{check_link, Link};
use crate::markup::Output;

fn unclosed(offset: usize) -> ParseError {
    ParseError::Markup(format!(
        "Can't find end of the entity starting at byte offset {offset}"
    ))
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

pub fn parse_markdown_v1(text: &str) -> Result<FormattedText, ParseError> {
    let bytes = text.as_bytes();
    let mut out = Output::with_capacity(text.len());
    let mut entities = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\\' && matches!(bytes.get(i + 1), Some(b'_' | b'*' | b'`' | b'[')) {
            out.push(bytes[i + 1] as char);
            i += 2;
            continue;
        }
        if !matches!(c, b'_' | b'*' | b'`' | b'[') {
            let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        let start = out.units;
        match c {
            b'[' => {
                let link_start = i;
                let close = find(bytes, i + 1, b"]").ok_or_else(|| unclosed(i))?;
                out.push_str(&text[i + 1..close]);
                i = close + 1;
                let url: std::borrow::Cow<str> =
                    if close > link_start + 1 && bytes.get(i) == Some(&b'(') {
                        let end = find(bytes, i + 1, b")").unwrap_or(bytes.len());
                        let url = &text[i + 1..end];
                        i = (end + 1).min(bytes.len());
                        url.into()
                    } else {
                        // Without "(url)" TDLib takes the link text minus its first byte plus its last
                        // byte again as the URL ("x.com" → ".comm"). Where that is not UTF-8 TDLib
                        // aborts; here the link is dropped.
                        let inner = &bytes[link_start + 1..close];
                        let mut v = inner.get(1..).unwrap_or(&[]).to_vec();
                        v.extend(inner.last());
                        String::from_utf8(v).unwrap_or_default().into()
                    };
                let kind = match check_link(&url) {
                    Ok(Link::User(user_id)) => Some(EntityKind::MentionName { user_id }),
                    Ok(Link::Url(url)) => Some(EntityKind::TextUrl { url }),
                    Err(_) => None,
                };
                if let Some(kind) = kind {
                    entities.push(Entity::new(start as i32, (out.units - start) as i32, kind));
                }
                continue;
            }
            b'`' if bytes.get(i + 1..i + 3) == Some(b"``") => {
                let (language, body_start) = crate::markup::pre_language(text, i + 3);
                let close = find(bytes, body_start, b"```").ok_or_else(|| unclosed(i))?;
                out.push_str(&text[body_start..close]);
                let kind = match language {
                    Some(language) => EntityKind::PreCode { language },
                    None => EntityKind::Pre,
                };
                entities.push(Entity::new(start as i32, (out.units - start) as i32, kind));
                i = close + 3;
            }
            _ => {
                let close = find(bytes, i + 1, &[c]).ok_or_else(|| unclosed(i))?;
                out.push_str(&text[i + 1..close]);
                let kind = match c {
                    b'*' => EntityKind::Bold,
                    b'_' => EntityKind::Italic,
                    _ => EntityKind::Code,
                };
                entities.push(Entity::new(start as i32, (out.units - start) as i32, kind));
                i = close + 1;
            }
        }
    }
    Ok(finish_parsed(out.text, entities))
}
