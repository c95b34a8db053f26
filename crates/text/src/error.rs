//! Errors of `parseTextEntities`; `Display` gives TDLib's exact message.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The request has no parse mode.
    MissingParseMode,
    /// `textParseModeMarkdown` with a version other than 0, 1 or 2.
    WrongMarkdownVersion,
    /// More than [`MAX_MARKUP_CHARS`] characters of markup.
    TooLong,
    /// The markup is malformed; TDLib's wording, byte offsets into the input.
    Markup(String),
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::MissingParseMode => f.write_str("Parse mode must be non-empty"),
            ParseError::WrongMarkdownVersion => {
                f.write_str("Can't parse entities: Wrong Markdown version specified")
            }
            ParseError::TooLong => f.write_str("Can't parse entities: Text is too long"),
            ParseError::Markup(m) => write!(f, "Can't parse entities: {m}"),
        }
    }
}

impl std::error::Error for ParseError {}

/// td_api's `TextParseMode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseMode {
    /// `textParseModeMarkdown`: 0 and 1 are the legacy Markdown, 2 is MarkdownV2.
    Markdown {
        version: i32,
    },
    Html,
}

/// Longest marked-up text `parseTextEntities` accepts, in code points.
pub const MAX_MARKUP_CHARS: usize = 65536;

/// `parseTextEntities`: the marked-up `text` parsed per `mode` (`None` when the request had
/// no parse mode).
pub fn parse_text_entities(
    text: &str,
    mode: Option<ParseMode>,
) -> Result<crate::FormattedText, ParseError> {
    let mode = mode.ok_or(ParseError::MissingParseMode)?;
    // Code points are the bytes that do not continue a character; short texts need no count.
    if text.len() > MAX_MARKUP_CHARS
        && text.bytes().filter(|&b| (b & 0xC0) != 0x80).count() > MAX_MARKUP_CHARS
    {
        return Err(ParseError::TooLong);
    }
    match mode {
        ParseMode::Html => crate::parse_html(text),
        ParseMode::Markdown { version: 2 } => crate::parse_markdown_v2(text),
        ParseMode::Markdown { version: 0 | 1 } => crate::parse_markdown_v1(text),
        ParseMode::Markdown { .. } => Err(ParseError::WrongMarkdownVersion),
    }
}
