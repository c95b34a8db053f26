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

/// `parseTextEntities`: the marked-up `text` parsed per `mode` (`None` when the request had
/// no parse mode).
pub fn parse_text_entities(
    text: &str,
    mode: Option<ParseMode>,
) -> Result<crate::FormattedText, ParseError> {
    match mode.ok_or(ParseError::MissingParseMode)? {
        ParseMode::Html => crate::parse_html(text),
        ParseMode::Markdown { version: 2 } => crate::parse_markdown_v2(text),
        ParseMode::Markdown { version: 0 | 1 } => crate::parse_markdown_v1(text),
        ParseMode::Markdown { .. } => Err(ParseError::WrongMarkdownVersion),
    }
}
