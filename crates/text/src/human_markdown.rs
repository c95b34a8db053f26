//! The human-friendly Markdown of `parseMarkdown` and `getMarkdownText`: `**bold**`,
//! `__italic__`, `~~strikethrough~~`, `||spoiler||`, `` `code` ``, ```` ```pre``` ```` and
//! `[text](url)` over a text that may already carry entities. Markup errors are left as text.

use crate::entity::{Entity, EntityKind, FormattedText};
use crate::fix::{fix_formatted_text, normalize, FixError};
use crate::link;
use crate::utf16::Utf16Cursor;

/// Entities that `getTextEntities` would find again by itself.
pub(crate) fn is_detectable(k: &EntityKind) -> bool {
    use EntityKind::*;
    matches!(
        k,
        Mention
            | Hashtag
            | Cashtag
            | BotCommand
            | Url
            | EmailAddress
            | PhoneNumber
            | BankCardNumber
            | MediaTimestamp { .. }
    )
}

/// Whether `e` has a Markdown form at all; ambiguity is checked on the whole result.
fn convertible(e: &Entity) -> bool {
    match &e.kind {
        EntityKind::Bold | EntityKind::Italic | EntityKind::Strikethrough | EntityKind::Spoiler => {
            true
        }
        EntityKind::Code | EntityKind::Pre => true,
        EntityKind::PreCode { language } => is_language(language),
        EntityKind::TextUrl { url } => !url.contains(')'),
        _ => false,
    }
}

/// A language name a ```` ``` ```` block can carry on its first line: printable ASCII, no spaces.
fn is_language(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic())
}

/// Replaces entities by Markdown where that is unambiguous; the others stay entities. If the
/// result would not parse back to the same formatted text, the text is returned unchanged.
pub fn get_markdown_text(mut t: FormattedText) -> Result<FormattedText, FixError> {
    crate::fix::fix_entities_dropping(&mut t, true, is_detectable)?;
    if t.entities.is_empty() {
        return Ok(t);
    }
    let converted = convert_to_markdown(&t);
    match parse_markdown(converted.clone()) {
        Ok(mut back) => {
            back.entities.retain(|e| !is_detectable(&e.kind));
            if back == t {
                return Ok(converted);
            }
            Ok(t)
        }
        Err(_) => Ok(t),
    }
}

fn convert_to_markdown(t: &FormattedText) -> FormattedText {
    let bounds = byte_bounds(&t.text, &t.entities);
    let convert: Vec<bool> = t.entities.iter().map(convertible).collect();
    // Markup insertions: (byte, is_opening, entity index).
    let mut marks: Vec<(usize, bool, usize)> = Vec::with_capacity(t.entities.len() * 2);
    for (k, &(s, e)) in bounds.iter().enumerate() {
        marks.push((s, true, k));
        marks.push((e, false, k));
    }
    // Closings before openings at the same place; inner closings first, outer openings first.
    marks.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(if a.1 { a.2.cmp(&b.2) } else { b.2.cmp(&a.2) })
    });
    let mut out = String::with_capacity(t.text.len() + marks.len() * 4);
    let mut units = 0usize;
    let mut kept_start: Vec<usize> = vec![0; t.entities.len()];
    let mut kept: Vec<Entity> = Vec::new();
    let mut pos = 0;
    let push = |out: &mut String, units: &mut usize, s: &str| {
        out.push_str(s);
        *units += crate::utf16::utf16_len(s);
    };
    for (at, open, k) in marks {
        push(&mut out, &mut units, &t.text[pos..at]);
        pos = at;
        if !convert[k] {
            if open {
                kept_start[k] = units;
            } else {
                let s = kept_start[k];
                kept.push(Entity::new(
                    s as i32,
                    (units - s) as i32,
                    t.entities[k].kind.clone(),
                ));
            }
            continue;
        }
        match (&t.entities[k].kind, open) {
            (EntityKind::Bold, _) => push(&mut out, &mut units, "**"),
            (EntityKind::Italic, _) => push(&mut out, &mut units, "__"),
            (EntityKind::Strikethrough, _) => push(&mut out, &mut units, "~~"),
            (EntityKind::Spoiler, _) => push(&mut out, &mut units, "||"),
            (EntityKind::Code, _) => push(&mut out, &mut units, "`"),
            (EntityKind::Pre | EntityKind::PreCode { .. }, true) => {
                push(&mut out, &mut units, "```");
                if let EntityKind::PreCode { language } = &t.entities[k].kind {
                    push(&mut out, &mut units, language);
                }
                if t.text.as_bytes().get(at) != Some(&b'\n') {
                    push(&mut out, &mut units, "\n");
                }
            }
            (EntityKind::Pre | EntityKind::PreCode { .. }, false) => {
                push(&mut out, &mut units, "```")
            }
            (EntityKind::TextUrl { .. }, true) => push(&mut out, &mut units, "["),
            (EntityKind::TextUrl { url }, false) => {
                push(&mut out, &mut units, "](");
                push(&mut out, &mut units, url);
                push(&mut out, &mut units, ")");
            }
            _ => {}
        }
    }
    push(&mut out, &mut units, &t.text[pos..]);
    crate::fix::sort_entities(&mut kept);
    FormattedText {
        text: out,
        entities: kept,
    }
}

/// Byte ranges of entities given in UTF-16 units.
fn byte_bounds(text: &str, entities: &[Entity]) -> Vec<(usize, usize)> {
    let mut points: Vec<usize> = entities
        .iter()
        .flat_map(|e| [e.offset as usize, e.end() as usize])
        .collect();
    points.sort_unstable();
    points.dedup();
    let mut map = Vec::with_capacity(points.len());
    let mut units = 0usize;
    let mut it = points.iter().peekable();
    for (b, c) in text.char_indices() {
        while it.peek().is_some_and(|&&p| p <= units) {
            map.push((*it.next().unwrap_or(&0), b));
        }
        units += c.len_utf16();
    }
    for &p in it {
        map.push((p, text.len()));
    }
    let find = |u: usize| {
        map.binary_search_by_key(&u, |m| m.0)
            .map(|i| map[i].1)
            .unwrap_or(text.len())
    };
    entities
        .iter()
        .map(|e| (find(e.offset as usize), find(e.end() as usize)))
        .collect()
}

/// Parses the human-friendly Markdown in `t`, keeping its entities.
pub fn parse_markdown(mut t: FormattedText) -> Result<FormattedText, FixError> {
    fix_formatted_text(&mut t)?;
    let text = &t.text;
    let bytes = text.as_bytes();
    let bounds = byte_bounds(text, &t.entities);
    // Runs of markup characters end at entity boundaries.
    let mut cuts: Vec<usize> = bounds.iter().flat_map(|&(s, e)| [s, e]).collect();
    cuts.sort_unstable();
    cuts.dedup();
    // Markup inside entities other than bold & co. is text.
    let protected: Vec<(usize, usize)> = t
        .entities
        .iter()
        .zip(&bounds)
        .filter(|(e, _)| {
            matches!(
                e.kind,
                EntityKind::Mention
                    | EntityKind::Hashtag
                    | EntityKind::Cashtag
                    | EntityKind::BotCommand
                    | EntityKind::BankCardNumber
                    | EntityKind::PhoneNumber
                    | EntityKind::Code
                    | EntityKind::Pre
                    | EntityKind::PreCode { .. }
                    | EntityKind::DateTime { .. }
            )
        })
        .map(|(_, &b)| b)
        .collect();
    let code_entities: Vec<(usize, usize)> = t
        .entities
        .iter()
        .zip(&bounds)
        .filter(|(e, _)| {
            matches!(
                e.kind,
                EntityKind::Code | EntityKind::Pre | EntityKind::PreCode { .. }
            )
        })
        .map(|(_, &b)| b)
        .collect();
    // A delimiter may not cut through any entity.
    let straddles = |s: usize, e: usize| {
        bounds
            .iter()
            .any(|&(bs, be)| (s < bs && bs < e) || (s < be && be < e))
    };
    // Markup characters inside mentions, hashtags, cashtags and bot commands the text shows
    // belong to them, unless such a word overlaps code or crosses the edge of a quote.
    let breaks_word = |s: usize, e: usize| {
        t.entities
            .iter()
            .zip(&bounds)
            .any(|(en, &(bs, be))| match en.kind {
                EntityKind::Code | EntityKind::Pre | EntityKind::PreCode { .. } => bs < e && be > s,
                EntityKind::BlockQuote | EntityKind::ExpandableBlockQuote => {
                    (s < bs && bs < e) || (s < be && be < e)
                }
                _ => false,
            })
    };
    let words: Vec<(usize, usize)> = crate::detect::find_all(text, false)
        .iter()
        .filter(|f| {
            matches!(
                f.kind,
                EntityKind::Mention
                    | EntityKind::Hashtag
                    | EntityKind::Cashtag
                    | EntityKind::BotCommand
            ) && !breaks_word(f.start, f.end)
        })
        .map(|f| (f.start, f.end))
        .collect();
    let is_free = |s: usize, e: usize| !protected.iter().any(|&(ps, pe)| s < pe && e > ps);
    let is_mark_free = |s: usize, e: usize| {
        is_free(s, e) && !straddles(s, e) && !words.iter().any(|&(ps, pe)| s < pe && e > ps)
    };
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let mut found: Vec<(usize, usize, EntityKind)> = Vec::new();
    let mut code_spans: Vec<(usize, usize)> = Vec::new();
    // Pass 1: code and pre blocks.
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'`' || !is_mark_free(i, i + 1) {
            i += 1;
            continue;
        }
        let run = run_at(bytes, i, b'`', &cuts);
        if run != 1 && run != 3 {
            i += run;
            continue;
        }
        let Some(close) = find_run(bytes, i + run, b'`', run, &cuts) else {
            i += run;
            continue;
        };
        let span_end = close + run;
        let blocked = t.entities.iter().zip(&bounds).any(|(en, &(s, e))| {
            let quote = matches!(
                en.kind,
                EntityKind::BlockQuote | EntityKind::ExpandableBlockQuote
            );
            if quote {
                (i < s && s < span_end) || (i < e && e < span_end)
            } else {
                s < span_end && e > i
            }
        });
        if !is_mark_free(close, close + run) || blocked {
            i += run;
            continue;
        }
        let mut start = i + run;
        let mut language = None;
        if run == 3 {
            if let Some(nl) = text[start..close].find('\n') {
                let first = &text[start..start + nl];
                let rest = &text[start + nl + 1..close];
                if rest.is_empty() {
                } else if first.is_empty() {
                    start += 1;
                } else if is_language(first) {
                    language = Some(first.to_string());
                    start += nl + 1;
                }
            }
        }
        removed.push((i, start));
        removed.push((close, close + run));
        code_spans.push((i, close + run));
        let kind = match (run, language) {
            (1, _) => EntityKind::Code,
            (_, Some(language)) => EntityKind::PreCode { language },
            _ => EntityKind::Pre,
        };
        found.push((start, close, kind));
        i = close + run;
    }
    // Pass 2: paired delimiters and links outside code.
    let in_code = |p: usize| {
        code_spans
            .iter()
            .chain(&code_entities)
            .any(|&(s, e)| p >= s && p < e)
    };
    // Quotes are not split by paired delimiters: no quote may start or end inside a pair.
    let quote_bounds: Vec<usize> = t
        .entities
        .iter()
        .zip(&bounds)
        .filter(|(e, _)| {
            matches!(
                e.kind,
                EntityKind::BlockQuote | EntityKind::ExpandableBlockQuote
            )
        })
        .flat_map(|(_, &(s, e))| [s, e])
        .collect();
    let splits_quote = |s: usize, e: usize| quote_bounds.iter().any(|&b| s < b && b < e);
    let mut open: [Option<usize>; 4] = [None; 4];
    // Code and link markup removed so far, which paired delimiters may not hold alone.
    let mut markup_removed = removed.clone();
    let mut link_ends: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(&(at, end)) = link_ends.iter().find(|&&(at, _)| at == i) {
            let _ = at;
            i = end;
            continue;
        }
        let c = bytes[i];
        if in_code(i) {
            // Delimiters do not pair across code.
            open = [None; 4];
            i += 1;
            continue;
        }
        if !is_mark_free(i, i + 1) {
            i += 1;
            continue;
        }
        if c == b'[' && link_ends.last().is_none_or(|&(close, _)| close < i) {
            let crosses_code = |end: usize| code_spans.iter().any(|&(s, e)| s < end && e > i);
            // Formatting may cross a link anywhere; a quote may hold it whole; any other
            // entity touching it leaves it text.
            let blocks_link = |end: usize| {
                t.entities
                    .iter()
                    .zip(&bounds)
                    .any(|(en, &(bs, be))| match en.kind {
                        EntityKind::Bold
                        | EntityKind::Italic
                        | EntityKind::Underline
                        | EntityKind::Strikethrough
                        | EntityKind::Spoiler => false,
                        EntityKind::BlockQuote | EntityKind::ExpandableBlockQuote => {
                            (i < bs && bs < end) || (i < be && be < end)
                        }
                        _ => bs < end && be > i,
                    })
            };
            let in_word = |s: usize, e: usize| words.iter().any(|&(ps, pe)| s < pe && e > ps);
            if let Some((close, url_end, url)) = link_at(text, i, &is_free).filter(|l| {
                !crosses_code(l.1)
                    && !blocks_link(l.1)
                    && !in_word(i, i + 1)
                    && !in_word(l.0, l.0 + 2)
            }) {
                removed.push((i, i + 1));
                removed.push((close, url_end));
                markup_removed.extend([(i, i + 1), (close, url_end)]);
                link_ends.push((close, url_end));
                found.push((i + 1, close, EntityKind::TextUrl { url }));
            }
            i += 1;
            continue;
        }
        let slot = match c {
            b'*' => 0,
            b'_' => 1,
            b'~' => 2,
            b'|' => 3,
            _ => {
                i += 1;
                continue;
            }
        };
        let run = run_at(bytes, i, c, &cuts);
        if run != 2
            || (i > 0 && bytes[i - 1] == c && cuts.binary_search(&i).is_err())
            || !is_mark_free(i, i + 2)
        {
            i += run;
            continue;
        }
        match open[slot].take() {
            None => open[slot] = Some(i),
            Some(s) => {
                // Some content is needed: other paired delimiters may be all of it, but code
                // and link markup may not.
                let markup = covered(&markup_removed, s + 2, i);
                if i > s + 2 && markup < i - (s + 2) && !splits_quote(s, i + 2) {
                    removed.push((s, s + 2));
                    removed.push((i, i + 2));
                    let kind = [
                        EntityKind::Bold,
                        EntityKind::Italic,
                        EntityKind::Strikethrough,
                        EntityKind::Spoiler,
                    ][slot]
                        .clone();
                    found.push((s + 2, i, kind));
                } else {
                    open[slot] = Some(i);
                }
            }
        }
        i += 2;
    }
    if removed.is_empty() {
        t.entities = normalize(std::mem::take(&mut t.entities));
        return Ok(t);
    }
    let text = &t.text;
    removed.sort_unstable();
    // New text and a byte → UTF-16 map for the old positions.
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for &(s, e) in &removed {
        if s > pos {
            out.push_str(&text[pos..s]);
        }
        pos = pos.max(e);
    }
    out.push_str(&text[pos..]);
    let map = |p: usize| -> usize {
        let mut shift = 0;
        for &(s, e) in &removed {
            if e <= p {
                shift += e - s;
            } else if s < p {
                shift += p - s;
            }
        }
        p - shift
    };
    let mut cursor_points: Vec<(usize, usize, EntityKind)> = Vec::new();
    for (e, &(s, en)) in t.entities.iter().zip(&bounds) {
        cursor_points.push((map(s), map(en), e.kind.clone()));
    }
    for (s, e, k) in found {
        cursor_points.push((map(s), map(e), k));
    }
    let mut entities = Vec::with_capacity(cursor_points.len());
    let mut cursor = Utf16Cursor::new(&out);
    let mut pts: Vec<usize> = cursor_points.iter().flat_map(|p| [p.0, p.1]).collect();
    pts.sort_unstable();
    pts.dedup();
    let units: Vec<(usize, usize)> = pts.iter().map(|&p| (p, cursor.units_at(p))).collect();
    let u = |p: usize| {
        units
            .binary_search_by_key(&p, |x| x.0)
            .map(|i| units[i].1)
            .unwrap_or(0)
    };
    for (s, e, k) in cursor_points {
        let (us, ue) = (u(s), u(e));
        if ue > us {
            entities.push(Entity::new(us as i32, (ue - us) as i32, k));
        }
    }
    if out.chars().all(char::is_whitespace) {
        return Ok(FormattedText::default());
    }
    Ok(FormattedText {
        text: out,
        entities: normalize(entities),
    })
}

/// Bytes of `[s, e)` inside the removed ranges.
fn covered(removed: &[(usize, usize)], s: usize, e: usize) -> usize {
    removed
        .iter()
        .map(|&(rs, re)| re.min(e).saturating_sub(rs.max(s)))
        .sum()
}

/// Length of the run of `c` at `i`, which ends at the next entity boundary.
fn run_at(bytes: &[u8], i: usize, c: u8, cuts: &[usize]) -> usize {
    let limit = cuts[cuts.partition_point(|&b| b <= i)..]
        .first()
        .copied()
        .unwrap_or(bytes.len());
    bytes[i..limit.min(bytes.len())]
        .iter()
        .take_while(|&&b| b == c)
        .count()
}

/// Position of the next run of exactly `len` characters `c` at or after `from`.
fn find_run(bytes: &[u8], from: usize, c: u8, len: usize, cuts: &[usize]) -> Option<usize> {
    let mut j = from;
    while j < bytes.len() {
        if bytes[j] == c {
            let run = run_at(bytes, j, c, cuts);
            if run == len && j > from {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

/// `[text](url)` at `i`: returns the `]` position, the end of `)`, and the normalised URL.
fn link_at(
    text: &str,
    i: usize,
    is_free: &dyn Fn(usize, usize) -> bool,
) -> Option<(usize, usize, String)> {
    let bytes = text.as_bytes();
    let close = i + 1 + bytes[i + 1..].iter().position(|&b| b == b']')?;
    if close == i + 1 || bytes.get(close + 1) != Some(&b'(') {
        return None;
    }
    let url_start = close + 2;
    let url_len = bytes[url_start..].iter().position(|&b| b == b')')?;
    let url = &text[url_start..url_start + url_len];
    if url.is_empty() || url.contains(char::is_whitespace) || !is_free(i, url_start + url_len + 1) {
        return None;
    }
    let url = link::normalize(url).ok()?;
    Some((close, url_start + url_len + 1, url))
}
