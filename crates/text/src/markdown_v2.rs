//! Telegram's MarkdownV2 (`textParseModeMarkdown` version 2).

use crate::entity::{Entity, EntityKind, FormattedText};
use crate::error::ParseError;
use crate::fix::finish_parsed;
use crate::link::{check_link, Link};
use crate::markup::{emoji_or_time, Output};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    Bold,
    Italic,
    Underline,
    Strikethrough,
    Spoiler,
    Code,
    Pre,
    TextUrl,
    CustomEmoji,
    Quote,
}

struct Open {
    mark: Mark,
    /// Byte offset of the opening markup, for error messages.
    input: usize,
    /// UTF-16 offset in the output where the entity starts.
    out: usize,
    language: Option<String>,
    expandable: bool,
}

fn name(open: &Open) -> &'static str {
    match open.mark {
        Mark::Bold => "Bold",
        Mark::Italic => "Italic",
        Mark::Underline => "Underline",
        Mark::Strikethrough => "Strikethrough",
        Mark::Spoiler => "Spoiler",
        Mark::Code => "Code",
        Mark::Pre if open.language.is_some() => "PreCode",
        Mark::Pre => "Pre",
        Mark::TextUrl => "TextUrl",
        Mark::CustomEmoji => "CustomEmoji",
        Mark::Quote => "BlockQuote",
    }
}

fn unclosed(open: &Open) -> ParseError {
    ParseError::Markup(format!(
        "Can't find end of {} entity at byte offset {}",
        name(open),
        open.input
    ))
}

fn reserved(c: u8) -> ParseError {
    ParseError::Markup(format!(
        "Character '{}' is reserved and must be escaped with the preceding '\\'",
        c as char
    ))
}

const fn byte_set(chars: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut k = 0;
    while k < chars.len() {
        set[chars[k] as usize] = true;
        k += 1;
    }
    set
}

/// Bytes that end a run of plain text outside code.
static SPECIAL: [bool; 256] = byte_set(b"\\\n>|*~_`[!]()#+-={}.");
/// Bytes that end a run of plain text inside code.
static CODE_SPECIAL: [bool; 256] = byte_set(b"\\`");

#[inline]
fn is_escapable(b: u8) -> bool {
    (1..=126).contains(&b)
}

struct Parser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    out: Output,
    stack: Vec<Open>,
    entities: Vec<Entity>,
    quote_open: bool,
    /// Whether a `>` here starts a quote line: nothing but markup since the last newline.
    line_start: bool,
}

pub fn parse_markdown_v2(text: &str) -> Result<FormattedText, ParseError> {
    let mut p = Parser {
        bytes: text.as_bytes(),
        text,
        out: Output::with_capacity(text.len()),
        stack: Vec::new(),
        entities: Vec::new(),
        quote_open: false,
        line_start: true,
    };
    p.run()?;
    Ok(finish_parsed(p.out.text, p.entities))
}

impl Parser<'_> {
    fn open(&mut self, mark: Mark, input: usize) {
        self.stack.push(Open {
            mark,
            input,
            out: self.out.units,
            language: None,
            expandable: false,
        });
    }

    fn close(&mut self, kind: EntityKind) {
        if let Some(open) = self.stack.pop() {
            let length = self.out.units - open.out;
            self.entities
                .push(Entity::new(open.out as i32, length as i32, kind));
        }
    }

    fn top(&self) -> Option<Mark> {
        self.stack.last().map(|o| o.mark)
    }

    fn toggle(&mut self, mark: Mark, kind: EntityKind, i: usize) {
        if self.top() == Some(mark) {
            self.close(kind);
        } else {
            self.open(mark, i);
        }
    }

    fn close_quote(&mut self) -> Result<(), ParseError> {
        match self.stack.last() {
            Some(o) if o.mark == Mark::Quote => {
                let kind = if o.expandable {
                    EntityKind::ExpandableBlockQuote
                } else {
                    EntityKind::BlockQuote
                };
                self.close(kind);
                self.quote_open = false;
                Ok(())
            }
            Some(o) => Err(unclosed(o)),
            None => Ok(()),
        }
    }

    /// Pushes the character starting at byte `i`, returns its length.
    /// Copies the plain text starting at `i` up to the next byte `special` marks; returns its
    /// length (at least one character).
    fn copy_plain(&mut self, i: usize, special: &[bool; 256]) -> usize {
        let bytes = self.bytes;
        let mut end = i + 1;
        while end < bytes.len() && !special[bytes[end] as usize] {
            end += 1;
        }
        // Stop on a character boundary: the special bytes are ASCII, so `end` is one already,
        // and a multi-byte character at `i` is copied whole.
        while end < bytes.len() && (bytes[end] & 0xC0) == 0x80 {
            end += 1;
        }
        self.out.push_str(&self.text[i..end]);
        end - i
    }

    fn run(&mut self) -> Result<(), ParseError> {
        let bytes = self.bytes;
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            let c = bytes[i];
            let next = bytes.get(i + 1).copied();
            if matches!(self.top(), Some(Mark::Code | Mark::Pre)) {
                match c {
                    b'\\' if next.is_some_and(is_escapable) => {
                        self.out.push(bytes[i + 1] as char);
                        self.line_start = false;
                        i += 2;
                    }
                    b'`' => {
                        if self.top() == Some(Mark::Code) {
                            self.close(EntityKind::Code);
                            i += 1;
                        } else if bytes.get(i + 1..i + 3) == Some(b"``") {
                            let kind = match self.stack.last_mut().and_then(|o| o.language.take()) {
                                Some(language) => EntityKind::PreCode { language },
                                None => EntityKind::Pre,
                            };
                            self.close(kind);
                            i += 3;
                        } else {
                            self.open(Mark::Code, i);
                            i += 1;
                        }
                    }
                    _ => {
                        i += self.copy_plain(i, &CODE_SPECIAL);
                        self.line_start = false;
                    }
                }
                continue;
            }
            match c {
                b'\\' if next.is_some_and(is_escapable) => {
                    self.out.push(bytes[i + 1] as char);
                    self.line_start = bytes[i + 1] == b'\n';
                    i += 2;
                }
                b'\n' => {
                    self.out.push('\n');
                    self.line_start = true;
                    i += 1;
                    if self.quote_open && bytes.get(i) != Some(&b'>') {
                        self.close_quote()?;
                    }
                }
                b'>' if self.line_start => {
                    if !self.quote_open {
                        self.open(Mark::Quote, i);
                        self.quote_open = true;
                    }
                    i += 1;
                }
                b'|' if next == Some(b'|') => {
                    let after = bytes.get(i + 2).copied();
                    let ends_quote = self.quote_open
                        && (after.is_none()
                            || (after == Some(b'\n') && bytes.get(i + 3) != Some(&b'>')));
                    if self.top() == Some(Mark::Spoiler) {
                        self.close(EntityKind::Spoiler);
                    } else if ends_quote {
                        match self.stack.last_mut() {
                            Some(o) if o.mark == Mark::Quote => o.expandable = true,
                            Some(o) => return Err(unclosed(o)),
                            None => {}
                        }
                    } else {
                        self.toggle(Mark::Spoiler, EntityKind::Spoiler, i);
                    }
                    i += 2;
                }
                b'*' => {
                    self.toggle(Mark::Bold, EntityKind::Bold, i);
                    i += 1;
                }
                b'~' => {
                    self.toggle(Mark::Strikethrough, EntityKind::Strikethrough, i);
                    i += 1;
                }
                b'_' if next == Some(b'_') => {
                    self.toggle(Mark::Underline, EntityKind::Underline, i);
                    i += 2;
                }
                b'_' => {
                    self.toggle(Mark::Italic, EntityKind::Italic, i);
                    i += 1;
                }
                b'`' if bytes.get(i + 1..i + 3) == Some(b"``") => {
                    i = self.open_pre(i);
                }
                b'`' => {
                    self.open(Mark::Code, i);
                    i += 1;
                }
                b'[' => {
                    self.open(Mark::TextUrl, i);
                    i += 1;
                }
                b'!' if next == Some(b'[') => {
                    self.open(Mark::CustomEmoji, i);
                    i += 2;
                }
                b']' if matches!(self.top(), Some(Mark::TextUrl | Mark::CustomEmoji)) => {
                    i = self.close_link(i)?;
                }
                b']' | b'(' | b')' | b'>' | b'#' | b'+' | b'-' | b'=' | b'|' | b'{' | b'}'
                | b'.' | b'!' => return Err(reserved(c)),
                _ => {
                    i += self.copy_plain(i, &SPECIAL);
                    self.line_start = false;
                }
            }
        }
        if self.top() == Some(Mark::Quote) {
            self.close_quote()?;
        }
        match self.stack.last() {
            Some(o) => Err(unclosed(o)),
            None => Ok(()),
        }
    }

    /// Opens a pre block at "```".
    fn open_pre(&mut self, i: usize) -> usize {
        let (language, body) = crate::markup::pre_language(self.text, i + 3);
        self.open(Mark::Pre, i);
        if let Some(o) = self.stack.last_mut() {
            o.language = language;
        }
        body
    }

    /// Handles `](url)` after a text link or `![emoji]`.
    fn close_link(&mut self, i: usize) -> Result<usize, ParseError> {
        let bytes = self.bytes;
        let mut url = String::new();
        let mut next = i + 1;
        if bytes.get(i + 1) == Some(&b'(') {
            let mut j = i + 2;
            let mut raw = Vec::new();
            loop {
                match bytes.get(j) {
                    None => {
                        return Err(ParseError::Markup(format!(
                            "Can't find end of a URL at byte offset {}",
                            i + 2
                        )))
                    }
                    Some(b')') => break,
                    Some(b'\\') if bytes.get(j + 1).is_some_and(|&b| is_escapable(b)) => {
                        raw.push(bytes[j + 1]);
                        j += 2;
                    }
                    Some(&b) => {
                        raw.push(b);
                        j += 1;
                    }
                }
            }
            url = String::from_utf8(raw).unwrap_or_default();
            next = j + 1;
        }
        if self.top() == Some(Mark::CustomEmoji) {
            if next == i + 1 {
                return Err(ParseError::Markup(
                    "The entity must contain a tg://emoji or tg://time URL".into(),
                ));
            }
            let Some(kind) = emoji_or_time(&url) else {
                return Err(ParseError::Markup(
                    "Invalid tg://emoji or tg://time URL specified".into(),
                ));
            };
            self.close(kind);
        } else {
            match check_link(&url) {
                Ok(Link::User(user_id)) => self.close(EntityKind::MentionName { user_id }),
                Ok(Link::Url(url)) => self.close(EntityKind::TextUrl { url }),
                Err(_) => {
                    self.stack.pop();
                }
            }
        }
        Ok(next)
    }
}
