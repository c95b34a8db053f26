//! Checking and normalising the entities of a formatted text given by the caller, as TDLib does
//! before working with it: bad entities are errors, empty and unusable ones are dropped, and the
//! rest is made properly nested.

use crate::entity::{Entity, EntityKind, FormattedText};
use crate::link::{check_link, Link};
use crate::utf16::utf16_len;
use std::fmt;

/// Why a caller-supplied formatted text was refused; `Display` is TDLib's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixError {
    /// The request has no formatted text (`parseMarkdown`, `getMarkdownText`).
    MissingText,
    /// `searchQuote` without its text or quote.
    MissingTextOrQuote,
    InvalidUtf8,
    NegativeOffset(i32),
    NegativeLength(i32),
    PastEnd {
        offset: i32,
        end: i64,
    },
    BeginsPastEnd {
        offset: i32,
    },
    BeginsInSurrogate {
        byte: usize,
    },
    EndsInSurrogate {
        offset: i32,
        byte: usize,
    },
    BadUrl {
        url: String,
        reason: &'static str,
    },
    BadCustomEmoji,
    BadMediaTimestamp,
    BadDate,
}

impl fmt::Display for FixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FixError::MissingText => f.write_str("Text must be non-empty"),
            FixError::MissingTextOrQuote => f.write_str("Text and quote must be non-empty"),
            FixError::InvalidUtf8 => f.write_str("Strings must be encoded in UTF-8"),
            FixError::NegativeOffset(o) => write!(f, "Receive an entity with incorrect offset {o}"),
            FixError::NegativeLength(l) => write!(f, "Receive an entity with incorrect length {l}"),
            FixError::PastEnd { offset, end } => write!(
                f,
                "Entity beginning at UTF-16 offset {offset} ends after the end of the text at UTF-16 offset {end}"
            ),
            FixError::BeginsPastEnd { offset } => {
                write!(f, "Entity begins after the end of the text at UTF-16 offset {offset}")
            }
            FixError::BeginsInSurrogate { byte } => {
                write!(f, "Entity begins in a middle of a UTF-16 symbol at byte offset {byte}")
            }
            FixError::EndsInSurrogate { offset, byte } => write!(
                f,
                "Entity beginning at UTF-16 offset {offset} ends in a middle of a UTF-16 symbol at byte offset {byte}"
            ),
            FixError::BadUrl { url, reason } => write!(f, "Entity URL '{url}' is invalid: {reason}"),
            FixError::BadCustomEmoji => f.write_str("Invalid custom emoji identifier specified"),
            FixError::BadMediaTimestamp => f.write_str("Invalid media timestamp specified"),
            FixError::BadDate => f.write_str("Invalid date specified"),
        }
    }
}

impl std::error::Error for FixError {}

/// Sorts entities by offset, longer first, then by kind priority; the sort is stable.
pub(crate) fn sort_entities(entities: &mut [Entity]) {
    entities.sort_by(|a, b| {
        a.offset
            .cmp(&b.offset)
            .then(b.length.cmp(&a.length))
            .then(a.kind.priority().cmp(&b.kind.priority()))
    });
}

/// Final step of the markup parsers: they already produce nested entities.
pub(crate) fn finish_parsed(text: String, mut entities: Vec<Entity>) -> FormattedText {
    entities.retain(|e| e.length > 0);
    sort_entities(&mut entities);
    FormattedText { text, entities }
}

/// Checks and normalises a caller's formatted text in place; a blank text becomes empty.
pub fn fix_formatted_text(t: &mut FormattedText) -> Result<(), FixError> {
    fix_entities(t, true)
}

pub(crate) fn fix_entities(t: &mut FormattedText, clear_blank: bool) -> Result<(), FixError> {
    fix_entities_dropping(t, clear_blank, |_| false)
}

/// As [`fix_entities`], dropping entities of the kinds `drop` selects before the final checks.
pub(crate) fn fix_entities_dropping(
    t: &mut FormattedText,
    clear_blank: bool,
    drop: fn(&EntityKind) -> bool,
) -> Result<(), FixError> {
    let len = utf16_len(&t.text) as i64;
    if clear_blank && t.text.chars().all(char::is_whitespace) {
        // A blank text is no text; its entities still had to be valid.
        for e in &mut t.entities {
            check_entity(e, len)?;
        }
        t.text.clear();
        t.entities.clear();
        return Ok(());
    }
    let mut entities = std::mem::take(&mut t.entities);
    for e in &mut entities {
        check_entity(e, len)?;
    }
    entities.retain(|e| {
        e.length > 0
            && !drop(&e.kind)
            && !matches!(e.kind, EntityKind::MentionName { user_id } if user_id <= 0)
    });
    let entities = normalize(entities);
    check_surrogates(&t.text, &entities)?;
    t.entities = entities;
    Ok(())
}

/// Entity boundaries must not split a character outside the Basic Multilingual Plane.
fn check_surrogates(text: &str, entities: &[Entity]) -> Result<(), FixError> {
    if text.is_ascii() || !text.chars().any(|c| c.len_utf16() == 2) {
        return Ok(());
    }
    // UTF-16 offsets that fall inside a pair, with the byte where that character ends.
    let mut inside: Vec<(i32, usize)> = Vec::new();
    let mut units = 0i32;
    for (b, c) in text.char_indices() {
        if c.len_utf16() == 2 {
            inside.push((units + 1, b + 4));
        }
        units += c.len_utf16() as i32;
    }
    let find = |u: i32| {
        inside
            .binary_search_by_key(&u, |x| x.0)
            .ok()
            .map(|i| inside[i].1)
    };
    for e in entities {
        if let Some(byte) = find(e.end()) {
            return Err(FixError::EndsInSurrogate {
                offset: e.offset,
                byte,
            });
        }
        if let Some(byte) = find(e.offset) {
            return Err(FixError::BeginsInSurrogate { byte });
        }
    }
    Ok(())
}

fn check_entity(e: &mut Entity, text_len: i64) -> Result<(), FixError> {
    match &e.kind {
        EntityKind::TextUrl { url } => match check_link(url) {
            Ok(Link::User(user_id)) => e.kind = EntityKind::MentionName { user_id },
            Ok(Link::Url(u)) => e.kind = EntityKind::TextUrl { url: u },
            Err(reason) => {
                return Err(FixError::BadUrl {
                    url: url.clone(),
                    reason,
                })
            }
        },
        EntityKind::CustomEmoji { custom_emoji_id: 0 } => return Err(FixError::BadCustomEmoji),
        EntityKind::MediaTimestamp { media_timestamp } if *media_timestamp < 0 => {
            return Err(FixError::BadMediaTimestamp)
        }
        EntityKind::DateTime { unix_time, .. } if *unix_time <= 0 => return Err(FixError::BadDate),
        _ => {}
    }
    if e.offset < 0 {
        return Err(FixError::NegativeOffset(e.offset));
    }
    if e.length < 0 {
        return Err(FixError::NegativeLength(e.length));
    }
    if e.length == 0 {
        return Ok(());
    }
    if e.offset as i64 > text_len {
        return Err(FixError::BeginsPastEnd { offset: e.offset });
    }
    let end = e.offset as i64 + e.length as i64;
    if end > text_len {
        return Err(FixError::PastEnd {
            offset: e.offset,
            end,
        });
    }
    Ok(())
}

fn is_quote(k: &EntityKind) -> bool {
    matches!(k, EntityKind::BlockQuote | EntityKind::ExpandableBlockQuote)
}

/// Code-like entities hold plain text only.
fn holds_plain_text(k: &EntityKind) -> bool {
    matches!(
        k,
        EntityKind::Code
            | EntityKind::Pre
            | EntityKind::PreCode { .. }
            | EntityKind::DateTime { .. }
    )
}

/// Sorted, properly nested entities: crossing or forbidden nested entities are dropped,
/// bold/italic/underline/strikethrough/spoiler are merged per kind, cut out of code, and split
/// wherever another entity starts or ends inside them.
pub(crate) fn normalize(mut entities: Vec<Entity>) -> Vec<Entity> {
    sort_entities(&mut entities);
    let (splittable, others): (Vec<Entity>, Vec<Entity>) =
        entities.into_iter().partition(|e| e.kind.is_splittable());
    // Quotes first: they do not nest.
    let (quotes, others): (Vec<Entity>, Vec<Entity>) =
        others.into_iter().partition(|e| is_quote(&e.kind));
    let quotes = drop_overlapping(quotes);
    // Other entities do not nest either, and may not cross or contain a quote.
    let mut kept: Vec<Entity> = drop_overlapping(others)
        .into_iter()
        .filter(|e| {
            !quotes.iter().any(|q| {
                e.offset < q.end()
                    && q.offset < e.end()
                    && !(q.offset <= e.offset && e.end() <= q.end())
            })
        })
        .collect();
    kept.extend(quotes);
    sort_entities(&mut kept);
    if splittable.is_empty() {
        return kept;
    }
    // Coverage of each splittable kind, minus code, merged.
    let kinds = [
        EntityKind::Bold,
        EntityKind::Italic,
        EntityKind::Underline,
        EntityKind::Strikethrough,
        EntityKind::Spoiler,
    ];
    let code: Vec<(i32, i32)> = kept
        .iter()
        .filter(|e| holds_plain_text(&e.kind))
        .map(|e| (e.offset, e.end()))
        .collect();
    let mut runs: Vec<(usize, i32, i32)> = Vec::new();
    for (k, kind) in kinds.iter().enumerate() {
        let mut spans: Vec<(i32, i32)> = splittable
            .iter()
            .filter(|e| &e.kind == kind)
            .map(|e| (e.offset, e.end()))
            .collect();
        if spans.is_empty() {
            continue;
        }
        spans.sort_unstable();
        let mut merged: Vec<(i32, i32)> = Vec::new();
        for (s, e) in spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        for (s, e) in merged {
            subtract(s, e, &code, &mut |a, b| runs.push((k, a, b)));
        }
    }
    // Cut points: starts of splittable runs, starts and ends of other entities.
    let mut cuts: Vec<i32> = runs.iter().map(|r| r.1).collect();
    for e in &kept {
        cuts.push(e.offset);
        cuts.push(e.end());
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = kept;
    for (k, s, e) in runs {
        let mut start = s;
        let from = cuts.partition_point(|&c| c <= s);
        for &c in &cuts[from..] {
            if c >= e {
                break;
            }
            out.push(Entity::new(start, c - start, kinds[k].clone()));
            start = c;
        }
        out.push(Entity::new(start, e - start, kinds[k].clone()));
    }
    sort_entities(&mut out);
    out
}

/// Keeps, of sorted entities, those that neither overlap nor contain an earlier kept one.
fn drop_overlapping(entities: Vec<Entity>) -> Vec<Entity> {
    let mut kept: Vec<Entity> = Vec::with_capacity(entities.len());
    let mut end = 0;
    for e in entities {
        if kept.is_empty() || e.offset >= end {
            end = e.end();
            kept.push(e);
        }
    }
    kept
}

/// Calls `f` for the parts of `[s, e)` outside the sorted, disjoint `holes`.
fn subtract(s: i32, e: i32, holes: &[(i32, i32)], f: &mut impl FnMut(i32, i32)) {
    let mut start = s;
    for &(hs, he) in holes {
        if he <= start || hs >= e {
            continue;
        }
        if hs > start {
            f(start, hs);
        }
        start = start.max(he);
    }
    if start < e {
        f(start, e);
    }
}
