//! Text entities the way TDLib 1.8.65 handles them: detection of mentions, hashtags, URLs and
//! friends (`getTextEntities`), Markdown/HTML markup parsing (`parseTextEntities`), the
//! human-friendly Markdown dialect (`parseMarkdown`, `getMarkdownText`), quote search
//! (`searchQuote`) and the normalisation TDLib applies to every entity list.
//!
//! Pure functions over `&str`; offsets and lengths are UTF-16 code units like TDLib's.
//! Behaviour was learned by probing the reference library, not from its source.

mod chars;
mod detect;
mod entity;
mod error;
mod fix;
mod html;
mod human_markdown;
mod link;
mod markdown_v1;
mod markdown_v2;
mod markup;
mod quote;
mod tables;
mod tld;
mod url_check;
mod utf16;

pub use detect::get_text_entities;
pub use entity::{DateTimeFormatting, Entity, EntityKind, FormattedText, Precision};
pub use error::{parse_text_entities, ParseError, ParseMode, MAX_MARKUP_CHARS};
pub use fix::{fix_formatted_text, FixError};
pub use html::parse_html;
pub use human_markdown::{get_markdown_text, parse_markdown};
pub use markdown_v1::parse_markdown_v1;
pub use markdown_v2::parse_markdown_v2;
pub use quote::search_quote;
pub use utf16::utf16_len;
