//! getTextEntities, parseTextEntities, parseMarkdown, getMarkdownText and searchQuote: td_api
//! requests converted to the `text` crate's types and its answers back.

use td_api as api;
use td_api::TextEntityType as T;
use text::{DateTimeFormatting, Entity, EntityKind, FormattedText, ParseMode, Precision};

use crate::api::reply::{error, Reply};
use crate::api::sync::Ctx;

fn bad(message: impl Into<String>) -> api::Error {
    error(400, message)
}

pub fn get_text_entities(f: &api::GetTextEntities, c: Ctx) -> Reply<api::TextEntities> {
    if c.invalid_utf8 {
        return Err(bad("Text must be encoded in UTF-8"));
    }
    let entities = text::get_text_entities(&f.text)
        .into_iter()
        .map(|e| Some(entity_to_api(e)))
        .collect();
    Ok(api::TextEntities { entities })
}

pub fn parse_text_entities(f: &api::ParseTextEntities, c: Ctx) -> Reply<api::FormattedText> {
    let mode = f.parse_mode.as_ref().map(|m| match m {
        api::TextParseMode::TextParseModeMarkdown(m) => ParseMode::Markdown { version: m.version },
        api::TextParseMode::TextParseModeHTML(_) => ParseMode::Html,
    });
    if mode.is_some() && c.invalid_utf8 {
        return Err(bad("Text must be encoded in UTF-8"));
    }
    text::parse_text_entities(&f.text, mode)
        .map(formatted_to_api)
        .map_err(|e| bad(e.to_string()))
}

pub fn parse_markdown(f: &api::ParseMarkdown, c: Ctx) -> Reply<api::FormattedText> {
    let t = formatted_from_api(f.text.as_deref(), c)?;
    text::parse_markdown(t)
        .map(formatted_to_api)
        .map_err(|e| bad(e.to_string()))
}

pub fn get_markdown_text(f: &api::GetMarkdownText, c: Ctx) -> Reply<api::FormattedText> {
    let t = formatted_from_api(f.text.as_deref(), c)?;
    text::get_markdown_text(t)
        .map(formatted_to_api)
        .map_err(|e| bad(e.to_string()))
}

pub fn search_quote(f: &api::SearchQuote, c: Ctx) -> Reply<api::FoundPosition> {
    let (Some(t), Some(q)) = (f.text.as_deref(), f.quote.as_deref()) else {
        return Err(bad(text::FixError::MissingTextOrQuote.to_string()));
    };
    let t = formatted_from_api(Some(t), c)?;
    let q = formatted_from_api(Some(q), c)?;
    match text::search_quote(&t, &q, f.quote_position) {
        Some(position) => Ok(api::FoundPosition { position }),
        None => Err(error(404, "Not Found")),
    }
}

/// A request's formatted text; entities without a type (or null ones) are left out, as TDLib
/// does.
fn formatted_from_api(t: Option<&api::FormattedText>, c: Ctx) -> Reply<FormattedText> {
    let Some(t) = t else {
        return Err(bad(text::FixError::MissingText.to_string()));
    };
    if c.invalid_utf8 {
        return Err(bad(text::FixError::InvalidUtf8.to_string()));
    }
    let entities = t
        .entities
        .iter()
        .flatten()
        .filter_map(|e| {
            Some(Entity::new(
                e.offset,
                e.length,
                kind_from_api(e.r#type.as_ref()?),
            ))
        })
        .collect();
    Ok(FormattedText {
        text: t.text.clone(),
        entities,
    })
}

fn formatted_to_api(t: FormattedText) -> api::FormattedText {
    api::FormattedText {
        text: t.text,
        entities: t
            .entities
            .into_iter()
            .map(|e| Some(entity_to_api(e)))
            .collect(),
    }
}

fn entity_to_api(e: Entity) -> api::TextEntity {
    api::TextEntity {
        offset: e.offset,
        length: e.length,
        r#type: Some(kind_to_api(e.kind)),
    }
}

fn precision_to_api(p: Precision) -> api::DateTimePartPrecision {
    match p {
        Precision::None => api::DateTimePartPrecisionNone {}.into(),
        Precision::Short => api::DateTimePartPrecisionShort {}.into(),
        Precision::Long => api::DateTimePartPrecisionLong {}.into(),
    }
}

fn precision_from_api(p: Option<&api::DateTimePartPrecision>) -> Precision {
    match p {
        Some(api::DateTimePartPrecision::DateTimePartPrecisionShort(_)) => Precision::Short,
        Some(api::DateTimePartPrecision::DateTimePartPrecisionLong(_)) => Precision::Long,
        _ => Precision::None,
    }
}

fn kind_to_api(k: EntityKind) -> T {
    match k {
        EntityKind::Mention => api::TextEntityTypeMention {}.into(),
        EntityKind::Hashtag => api::TextEntityTypeHashtag {}.into(),
        EntityKind::Cashtag => api::TextEntityTypeCashtag {}.into(),
        EntityKind::BotCommand => api::TextEntityTypeBotCommand {}.into(),
        EntityKind::Url => api::TextEntityTypeUrl {}.into(),
        EntityKind::EmailAddress => api::TextEntityTypeEmailAddress {}.into(),
        EntityKind::PhoneNumber => api::TextEntityTypePhoneNumber {}.into(),
        EntityKind::BankCardNumber => api::TextEntityTypeBankCardNumber {}.into(),
        EntityKind::Bold => api::TextEntityTypeBold {}.into(),
        EntityKind::Italic => api::TextEntityTypeItalic {}.into(),
        EntityKind::Underline => api::TextEntityTypeUnderline {}.into(),
        EntityKind::Strikethrough => api::TextEntityTypeStrikethrough {}.into(),
        EntityKind::Spoiler => api::TextEntityTypeSpoiler {}.into(),
        EntityKind::Code => api::TextEntityTypeCode {}.into(),
        EntityKind::Pre => api::TextEntityTypePre {}.into(),
        EntityKind::PreCode { language } => api::TextEntityTypePreCode { language }.into(),
        EntityKind::BlockQuote => api::TextEntityTypeBlockQuote {}.into(),
        EntityKind::ExpandableBlockQuote => api::TextEntityTypeExpandableBlockQuote {}.into(),
        EntityKind::TextUrl { url } => api::TextEntityTypeTextUrl { url }.into(),
        EntityKind::MentionName { user_id } => api::TextEntityTypeMentionName { user_id }.into(),
        EntityKind::CustomEmoji { custom_emoji_id } => {
            api::TextEntityTypeCustomEmoji { custom_emoji_id }.into()
        }
        EntityKind::MediaTimestamp { media_timestamp } => {
            api::TextEntityTypeMediaTimestamp { media_timestamp }.into()
        }
        EntityKind::DateTime {
            unix_time,
            formatting,
        } => api::TextEntityTypeDateTime {
            unix_time,
            formatting_type: formatting.map(|f| match f {
                DateTimeFormatting::Relative => api::DateTimeFormattingTypeRelative {}.into(),
                DateTimeFormatting::Absolute {
                    time_precision,
                    date_precision,
                    show_day_of_week,
                } => api::DateTimeFormattingTypeAbsolute {
                    time_precision: Some(precision_to_api(time_precision)),
                    date_precision: Some(precision_to_api(date_precision)),
                    show_day_of_week,
                }
                .into(),
            }),
        }
        .into(),
    }
}

fn kind_from_api(t: &T) -> EntityKind {
    match t {
        T::TextEntityTypeMention(_) => EntityKind::Mention,
        T::TextEntityTypeHashtag(_) => EntityKind::Hashtag,
        T::TextEntityTypeCashtag(_) => EntityKind::Cashtag,
        T::TextEntityTypeBotCommand(_) => EntityKind::BotCommand,
        T::TextEntityTypeUrl(_) => EntityKind::Url,
        T::TextEntityTypeEmailAddress(_) => EntityKind::EmailAddress,
        T::TextEntityTypePhoneNumber(_) => EntityKind::PhoneNumber,
        T::TextEntityTypeBankCardNumber(_) => EntityKind::BankCardNumber,
        T::TextEntityTypeBold(_) => EntityKind::Bold,
        T::TextEntityTypeItalic(_) => EntityKind::Italic,
        T::TextEntityTypeUnderline(_) => EntityKind::Underline,
        T::TextEntityTypeStrikethrough(_) => EntityKind::Strikethrough,
        T::TextEntityTypeSpoiler(_) => EntityKind::Spoiler,
        T::TextEntityTypeCode(_) => EntityKind::Code,
        T::TextEntityTypePre(_) => EntityKind::Pre,
        T::TextEntityTypePreCode(p) => EntityKind::PreCode {
            language: p.language.clone(),
        },
        T::TextEntityTypeBlockQuote(_) => EntityKind::BlockQuote,
        T::TextEntityTypeExpandableBlockQuote(_) => EntityKind::ExpandableBlockQuote,
        T::TextEntityTypeTextUrl(u) => EntityKind::TextUrl { url: u.url.clone() },
        T::TextEntityTypeMentionName(m) => EntityKind::MentionName { user_id: m.user_id },
        T::TextEntityTypeCustomEmoji(e) => EntityKind::CustomEmoji {
            custom_emoji_id: e.custom_emoji_id,
        },
        T::TextEntityTypeMediaTimestamp(m) => EntityKind::MediaTimestamp {
            media_timestamp: m.media_timestamp,
        },
        T::TextEntityTypeDateTime(d) => EntityKind::DateTime {
            unix_time: d.unix_time,
            formatting: d.formatting_type.as_ref().map(|f| match f {
                api::DateTimeFormattingType::DateTimeFormattingTypeRelative(_) => {
                    DateTimeFormatting::Relative
                }
                api::DateTimeFormattingType::DateTimeFormattingTypeAbsolute(a) => {
                    DateTimeFormatting::Absolute {
                        time_precision: precision_from_api(a.time_precision.as_ref()),
                        date_precision: precision_from_api(a.date_precision.as_ref()),
                        show_day_of_week: a.show_day_of_week,
                    }
                }
            }),
        },
    }
}

/// An outgoing message's text as TDLib checks it: entities valid and normalised, a blank
/// text empty. `None` is a text that is missing or malformed (with the reason).
pub fn fix_outgoing(t: Option<&api::FormattedText>, c: Ctx) -> Reply<api::FormattedText> {
    let mut t = formatted_from_api(t, c)?;
    text::fix_formatted_text(&mut t).map_err(|e| bad(e.to_string()))?;
    Ok(formatted_to_api(t))
}
