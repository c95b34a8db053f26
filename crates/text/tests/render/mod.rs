//! Compact text form of entities for the observed-facts tests: "Kind(extra) offset length; …".

use text::{DateTimeFormatting, Entity, EntityKind, FormattedText, Precision};

fn precision(p: &Precision) -> &'static str {
    match p {
        Precision::None => "dateTimePartPrecisionNone",
        Precision::Short => "dateTimePartPrecisionShort",
        Precision::Long => "dateTimePartPrecisionLong",
    }
}

fn kind(k: &EntityKind) -> String {
    match k {
        EntityKind::PreCode { language } => format!("PreCode({language})"),
        EntityKind::TextUrl { url } => format!("TextUrl({url})"),
        EntityKind::MentionName { user_id } => format!("MentionName({user_id})"),
        EntityKind::CustomEmoji { custom_emoji_id } => format!("CustomEmoji({custom_emoji_id})"),
        EntityKind::MediaTimestamp { media_timestamp } => format!("MediaTimestamp({media_timestamp})"),
        EntityKind::DateTime { unix_time, formatting: None } => format!("DateTime({unix_time})"),
        EntityKind::DateTime { unix_time, formatting: Some(DateTimeFormatting::Relative) } => {
            format!("DateTime({unix_time},{{\"@type\":\"dateTimeFormattingTypeRelative\"}})")
        }
        EntityKind::DateTime {
            unix_time,
            formatting: Some(DateTimeFormatting::Absolute { time_precision, date_precision, show_day_of_week }),
        } => format!(
            "DateTime({unix_time},{{\"@type\":\"dateTimeFormattingTypeAbsolute\",\"time_precision\":{{\"@type\":\"{}\"}},\"date_precision\":{{\"@type\":\"{}\"}},\"show_day_of_week\":{show_day_of_week}}})",
            precision(time_precision),
            precision(date_precision)
        ),
        other => format!("{other:?}"),
    }
}

pub fn render(entities: &[Entity]) -> String {
    entities
        .iter()
        .map(|e| format!("{} {} {}", kind(&e.kind), e.offset, e.length))
        .collect::<Vec<_>>()
        .join("; ")
}

pub fn render_result<E: std::fmt::Display>(r: Result<FormattedText, E>) -> String {
    match r {
        Ok(f) => format!("{} => {}", f.text, render(&f.entities)),
        Err(e) => format!("ERR {e}"),
    }
}

/// Reads back what `render` writes, for the kinds the tests give as input.
pub fn parse_entities(s: &str) -> Vec<Entity> {
    s.split("; ")
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut it = p.rsplitn(3, ' ');
            let length: i32 = it.next().and_then(|x| x.parse().ok()).unwrap_or(0);
            let offset: i32 = it.next().and_then(|x| x.parse().ok()).unwrap_or(0);
            let k = it.next().unwrap_or("");
            let (name, extra) = match k.split_once('(') {
                Some((n, rest)) => (n, rest.trim_end_matches(')')),
                None => (k, ""),
            };
            let kind = match name {
                "Bold" => EntityKind::Bold,
                "Italic" => EntityKind::Italic,
                "Code" => EntityKind::Code,
                "Url" => EntityKind::Url,
                "BlockQuote" => EntityKind::BlockQuote,
                "ExpandableBlockQuote" => EntityKind::ExpandableBlockQuote,
                "TextUrl" => EntityKind::TextUrl {
                    url: extra.to_string(),
                },
                "MentionName" => EntityKind::MentionName {
                    user_id: extra.parse().unwrap_or(0),
                },
                "PreCode" => EntityKind::PreCode {
                    language: extra.to_string(),
                },
                other => panic!("test input kind {other} not supported"),
            };
            Entity::new(offset, length, kind)
        })
        .collect()
}
