//! Reads td_api-style JSON requests (one per line) for the text functions and prints answers
//! shaped like TDLib's, for differential tests against the reference library.

use serde_json::{json, Value};
use std::io::{BufRead, Write};
use text::{Entity, EntityKind, FormattedText};

fn kind_json(k: &EntityKind) -> Value {
    match k {
        EntityKind::Mention => json!({"@type":"textEntityTypeMention"}),
        EntityKind::Hashtag => json!({"@type":"textEntityTypeHashtag"}),
        EntityKind::Cashtag => json!({"@type":"textEntityTypeCashtag"}),
        EntityKind::BotCommand => json!({"@type":"textEntityTypeBotCommand"}),
        EntityKind::Url => json!({"@type":"textEntityTypeUrl"}),
        EntityKind::EmailAddress => json!({"@type":"textEntityTypeEmailAddress"}),
        EntityKind::PhoneNumber => json!({"@type":"textEntityTypePhoneNumber"}),
        EntityKind::BankCardNumber => json!({"@type":"textEntityTypeBankCardNumber"}),
        EntityKind::Bold => json!({"@type":"textEntityTypeBold"}),
        EntityKind::Italic => json!({"@type":"textEntityTypeItalic"}),
        EntityKind::Underline => json!({"@type":"textEntityTypeUnderline"}),
        EntityKind::Strikethrough => json!({"@type":"textEntityTypeStrikethrough"}),
        EntityKind::Spoiler => json!({"@type":"textEntityTypeSpoiler"}),
        EntityKind::Code => json!({"@type":"textEntityTypeCode"}),
        EntityKind::Pre => json!({"@type":"textEntityTypePre"}),
        EntityKind::PreCode { language } => {
            json!({"@type":"textEntityTypePreCode","language":language})
        }
        EntityKind::BlockQuote => json!({"@type":"textEntityTypeBlockQuote"}),
        EntityKind::ExpandableBlockQuote => json!({"@type":"textEntityTypeExpandableBlockQuote"}),
        EntityKind::TextUrl { url } => json!({"@type":"textEntityTypeTextUrl","url":url}),
        EntityKind::MentionName { user_id } => {
            json!({"@type":"textEntityTypeMentionName","user_id":user_id})
        }
        EntityKind::CustomEmoji { custom_emoji_id } => {
            json!({"@type":"textEntityTypeCustomEmoji","custom_emoji_id":custom_emoji_id.to_string()})
        }
        EntityKind::MediaTimestamp { media_timestamp } => {
            json!({"@type":"textEntityTypeMediaTimestamp","media_timestamp":media_timestamp})
        }
        EntityKind::DateTime {
            unix_time,
            formatting,
        } => {
            let mut v = json!({"@type":"textEntityTypeDateTime","unix_time":unix_time});
            let prec = |p: &text::Precision| {
                json!({"@type": match p {
                    text::Precision::None => "dateTimePartPrecisionNone",
                    text::Precision::Short => "dateTimePartPrecisionShort",
                    text::Precision::Long => "dateTimePartPrecisionLong",
                }})
            };
            match formatting {
                Some(text::DateTimeFormatting::Relative) => {
                    v["formatting_type"] = json!({"@type":"dateTimeFormattingTypeRelative"})
                }
                Some(text::DateTimeFormatting::Absolute {
                    time_precision,
                    date_precision,
                    show_day_of_week,
                }) => {
                    v["formatting_type"] = json!({"@type":"dateTimeFormattingTypeAbsolute",
                        "time_precision": prec(time_precision), "date_precision": prec(date_precision),
                        "show_day_of_week": show_day_of_week})
                }
                None => {}
            }
            v
        }
    }
}

fn kind_from(v: &Value) -> Option<EntityKind> {
    let t = v.get("@type")?.as_str()?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    let i = |k: &str| {
        v.get(k)
            .and_then(|x| {
                x.as_i64()
                    .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
            })
            .unwrap_or(0)
    };
    Some(match t.strip_prefix("textEntityType")? {
        "Mention" => EntityKind::Mention,
        "Hashtag" => EntityKind::Hashtag,
        "Cashtag" => EntityKind::Cashtag,
        "BotCommand" => EntityKind::BotCommand,
        "Url" => EntityKind::Url,
        "EmailAddress" => EntityKind::EmailAddress,
        "PhoneNumber" => EntityKind::PhoneNumber,
        "BankCardNumber" => EntityKind::BankCardNumber,
        "Bold" => EntityKind::Bold,
        "Italic" => EntityKind::Italic,
        "Underline" => EntityKind::Underline,
        "Strikethrough" => EntityKind::Strikethrough,
        "Spoiler" => EntityKind::Spoiler,
        "Code" => EntityKind::Code,
        "Pre" => EntityKind::Pre,
        "PreCode" => EntityKind::PreCode {
            language: s("language"),
        },
        "BlockQuote" => EntityKind::BlockQuote,
        "ExpandableBlockQuote" => EntityKind::ExpandableBlockQuote,
        "TextUrl" => EntityKind::TextUrl { url: s("url") },
        "MentionName" => EntityKind::MentionName {
            user_id: i("user_id"),
        },
        "CustomEmoji" => EntityKind::CustomEmoji {
            custom_emoji_id: i("custom_emoji_id"),
        },
        "MediaTimestamp" => EntityKind::MediaTimestamp {
            media_timestamp: i("media_timestamp") as i32,
        },
        "DateTime" => EntityKind::DateTime {
            unix_time: i("unix_time") as i32,
            formatting: None,
        },
        _ => return None,
    })
}

fn ents_json(e: &[Entity]) -> Value {
    Value::Array(
        e.iter()
            .map(|e| json!({"@type":"textEntity","offset":e.offset,"length":e.length,"type":kind_json(&e.kind)}))
            .collect(),
    )
}

fn ft_from(v: &Value) -> FormattedText {
    let text = v
        .get("text")
        .and_then(|t| t.as_str())
        .unwrap_or("")
        .to_string();
    let entities = v
        .get("entities")
        .and_then(|e| e.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|e| {
                    let kind = kind_from(e.get("type")?)?;
                    let off = e.get("offset").and_then(|x| x.as_i64()).unwrap_or(0) as i32;
                    let len = e.get("length").and_then(|x| x.as_i64()).unwrap_or(0) as i32;
                    Some(Entity::new(off, len, kind))
                })
                .collect()
        })
        .unwrap_or_default();
    FormattedText { text, entities }
}

fn ft_json(f: &FormattedText) -> Value {
    json!({"@type":"formattedText","text":f.text,"entities":ents_json(&f.entities)})
}

fn err(msg: String) -> Value {
    json!({"@type":"error","code":400,"message":msg})
}

fn answer(req: &Value) -> Value {
    match req.get("@type").and_then(|t| t.as_str()).unwrap_or("") {
        "getTextEntities" => {
            let text = req.get("text").and_then(|t| t.as_str()).unwrap_or("");
            json!({"@type":"textEntities","entities":ents_json(&text::get_text_entities(text))})
        }
        "parseTextEntities" => {
            let text = req.get("text").and_then(|t| t.as_str()).unwrap_or("");
            let mode = req.get("parse_mode").filter(|p| p.is_object()).map(|pm| {
                match pm.get("@type").and_then(|t| t.as_str()) {
                    Some("textParseModeHTML") => text::ParseMode::Html,
                    _ => text::ParseMode::Markdown {
                        version: pm.get("version").and_then(|v| v.as_i64()).unwrap_or(0) as i32,
                    },
                }
            });
            match text::parse_text_entities(text, mode) {
                Ok(f) => ft_json(&f),
                Err(e) => err(e.to_string()),
            }
        }
        "parseMarkdown" => {
            let f = ft_from(req.get("text").unwrap_or(&Value::Null));
            match text::parse_markdown(f) {
                Ok(f) => ft_json(&f),
                Err(e) => err(e.to_string()),
            }
        }
        "getMarkdownText" => {
            let f = ft_from(req.get("text").unwrap_or(&Value::Null));
            match text::get_markdown_text(f) {
                Ok(f) => ft_json(&f),
                Err(e) => err(e.to_string()),
            }
        }
        "searchQuote" => {
            let t = ft_from(req.get("text").unwrap_or(&Value::Null));
            let q = ft_from(req.get("quote").unwrap_or(&Value::Null));
            let p = req
                .get("quote_position")
                .and_then(|x| x.as_i64())
                .unwrap_or(0) as i32;
            match text::search_quote(&t, &q, p) {
                Some(pos) => json!({"@type":"foundPosition","position":pos}),
                None => json!({"@type":"error","code":404,"message":"Not Found"}),
            }
        }
        _ => err("unsupported".into()),
    }
}

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let v = match serde_json::from_str::<Value>(&line) {
            Ok(v) => answer(&v),
            Err(e) => err(e.to_string()),
        };
        let _ = writeln!(out, "{v}");
        // One answer per request, at once: differential tools talk to this line by line.
        let _ = out.flush();
    }
}
