//! Splits schema text into tokens and comments, tracking lines.

use crate::error::{ParseError, ParseErrorKind};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok<'a> {
    /// Letters, digits, `_` and `.`: names (`auth.sentCode`), conditions (`flags.3`), numbers.
    Ident(&'a str),
    /// `#1cb5c415` written directly after a combinator name.
    Id(u32),
    /// `---functions---` and the like: the name between the dashes.
    Section(&'a str),
    /// One of `: ? ! % < > { } [ ] = * , ( ) ; #`.
    Punct(u8),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token<'a> {
    pub tok: Tok<'a>,
    pub line: usize,
}

/// A `//` comment: its text after the slashes, and its line.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Comment<'a> {
    pub text: &'a str,
    pub line: usize,
}

pub(crate) struct Lexed<'a> {
    pub tokens: Vec<Token<'a>>,
    pub comments: Vec<Comment<'a>>,
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
}

pub(crate) fn lex(text: &str) -> Result<Lexed<'_>, ParseError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(text.len() / 4);
    let mut comments = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let err = |line, kind| Err(ParseError { line, kind });
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => {
                line += 1;
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                comments.push(Comment {
                    text: &text[i + 2..end],
                    line,
                });
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let Some(n) = text[i + 2..].find("*/") else {
                    return err(line, ParseErrorKind::UnterminatedComment);
                };
                let end = i + 2 + n + 2;
                line += text[i..end].bytes().filter(|&c| c == b'\n').count();
                i = end;
            }
            b'-' if text[i..].starts_with("---") => {
                let rest = &text[i + 3..];
                let name_len = rest.bytes().take_while(|&c| is_ident_byte(c)).count();
                if !rest[name_len..].starts_with("---") {
                    let found = rest.lines().next().unwrap_or("").to_string();
                    return err(
                        line,
                        ParseErrorKind::Unexpected {
                            expected: "---section---",
                            found,
                        },
                    );
                }
                tokens.push(Token {
                    tok: Tok::Section(&rest[..name_len]),
                    line,
                });
                i += 3 + name_len + 3;
            }
            _ if is_ident_byte(b) => {
                let start = i;
                while bytes.get(i).is_some_and(|&c| is_ident_byte(c)) {
                    i += 1;
                }
                tokens.push(Token {
                    tok: Tok::Ident(&text[start..i]),
                    line,
                });
                // `name#hex`: an id glued to the name. A `#` after a space is a nat type.
                if bytes.get(i) == Some(&b'#')
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
                {
                    let hex_start = i + 1;
                    i = hex_start;
                    while bytes.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                        i += 1;
                    }
                    let hex = &text[hex_start..i];
                    let id = (hex.len() <= 8)
                        .then(|| u32::from_str_radix(hex, 16).ok())
                        .flatten();
                    match id {
                        Some(id) => tokens.push(Token {
                            tok: Tok::Id(id),
                            line,
                        }),
                        None => return err(line, ParseErrorKind::BadId(hex.to_string())),
                    }
                }
            }
            b':' | b'?' | b'!' | b'%' | b'<' | b'>' | b'{' | b'}' | b'[' | b']' | b'=' | b'*'
            | b',' | b'(' | b')' | b';' | b'#' => {
                tokens.push(Token {
                    tok: Tok::Punct(b),
                    line,
                });
                i += 1;
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or('\u{fffd}');
                return err(line, ParseErrorKind::UnexpectedChar(c));
            }
        }
    }
    Ok(Lexed { tokens, comments })
}
