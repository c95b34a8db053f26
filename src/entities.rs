//! Text entities between Telegram's messageEntity and td_api's textEntity. Offsets and
//! lengths are UTF-16 code units on both sides.

use td_api as td;
use tl::api::{enums, types};

fn entity(offset: i32, length: i32, kind: td::TextEntityType) -> Option<td::TextEntity> {
    Some(td::TextEntity {
        offset,
        length,
        r#type: Some(kind),
    })
}

/// The server's entities as td_api's, dropping kinds td_api has no name for. `_text` is
/// what they annotate (later: to check offsets against it).
pub fn from_server(entities: &[enums::MessageEntity], _text: &str) -> Vec<Option<td::TextEntity>> {
    use enums::MessageEntity as E;
    entities
        .iter()
        .filter_map(|e| {
            let (o, l, kind): (i32, i32, td::TextEntityType) = match e {
                E::Mention(x) => (x.offset, x.length, td::TextEntityTypeMention {}.into()),
                E::Hashtag(x) => (x.offset, x.length, td::TextEntityTypeHashtag {}.into()),
                E::Cashtag(x) => (x.offset, x.length, td::TextEntityTypeCashtag {}.into()),
                E::BotCommand(x) => (x.offset, x.length, td::TextEntityTypeBotCommand {}.into()),
                E::Url(x) => (x.offset, x.length, td::TextEntityTypeUrl {}.into()),
                E::Email(x) => (x.offset, x.length, td::TextEntityTypeEmailAddress {}.into()),
                E::Phone(x) => (x.offset, x.length, td::TextEntityTypePhoneNumber {}.into()),
                E::BankCard(x) => (
                    x.offset,
                    x.length,
                    td::TextEntityTypeBankCardNumber {}.into(),
                ),
                E::Bold(x) => (x.offset, x.length, td::TextEntityTypeBold {}.into()),
                E::Italic(x) => (x.offset, x.length, td::TextEntityTypeItalic {}.into()),
                E::Underline(x) => (x.offset, x.length, td::TextEntityTypeUnderline {}.into()),
                E::Strike(x) => (
                    x.offset,
                    x.length,
                    td::TextEntityTypeStrikethrough {}.into(),
                ),
                E::Spoiler(x) => (x.offset, x.length, td::TextEntityTypeSpoiler {}.into()),
                E::Code(x) => (x.offset, x.length, td::TextEntityTypeCode {}.into()),
                E::Pre(x) if x.language.is_empty() => {
                    (x.offset, x.length, td::TextEntityTypePre {}.into())
                }
                E::Pre(x) => (
                    x.offset,
                    x.length,
                    td::TextEntityTypePreCode {
                        language: x.language.clone(),
                    }
                    .into(),
                ),
                E::Blockquote(x) if x.collapsed => (
                    x.offset,
                    x.length,
                    td::TextEntityTypeExpandableBlockQuote {}.into(),
                ),
                E::Blockquote(x) => (x.offset, x.length, td::TextEntityTypeBlockQuote {}.into()),
                E::TextUrl(x) => (
                    x.offset,
                    x.length,
                    td::TextEntityTypeTextUrl { url: x.url.clone() }.into(),
                ),
                E::MentionName(x) => (
                    x.offset,
                    x.length,
                    td::TextEntityTypeMentionName { user_id: x.user_id }.into(),
                ),
                E::CustomEmoji(x) => (
                    x.offset,
                    x.length,
                    td::TextEntityTypeCustomEmoji {
                        custom_emoji_id: x.document_id,
                    }
                    .into(),
                ),
                _ => return None,
            };
            Some(entity(o, l, kind))
        })
        .collect()
}

/// td_api's entities as the server takes them; mentions by name need the user's access,
/// which `input_user` gives (an entity it can't name is dropped).
pub fn to_server(
    entities: &[Option<td::TextEntity>],
    input_user: impl Fn(i64) -> Option<enums::InputUser>,
) -> Vec<enums::MessageEntity> {
    use td::TextEntityType as T;
    let mut out = Vec::new();
    for e in entities.iter().flatten() {
        let (offset, length) = (e.offset, e.length);
        let Some(kind) = &e.r#type else { continue };
        let entity: enums::MessageEntity = match kind {
            T::TextEntityTypeMention(_) => types::MessageEntityMention { offset, length }.into(),
            T::TextEntityTypeHashtag(_) => types::MessageEntityHashtag { offset, length }.into(),
            T::TextEntityTypeCashtag(_) => types::MessageEntityCashtag { offset, length }.into(),
            T::TextEntityTypeBotCommand(_) => {
                types::MessageEntityBotCommand { offset, length }.into()
            }
            T::TextEntityTypeUrl(_) => types::MessageEntityUrl { offset, length }.into(),
            T::TextEntityTypeEmailAddress(_) => types::MessageEntityEmail { offset, length }.into(),
            T::TextEntityTypePhoneNumber(_) => types::MessageEntityPhone { offset, length }.into(),
            T::TextEntityTypeBankCardNumber(_) => {
                types::MessageEntityBankCard { offset, length }.into()
            }
            T::TextEntityTypeBold(_) => types::MessageEntityBold { offset, length }.into(),
            T::TextEntityTypeItalic(_) => types::MessageEntityItalic { offset, length }.into(),
            T::TextEntityTypeUnderline(_) => {
                types::MessageEntityUnderline { offset, length }.into()
            }
            T::TextEntityTypeStrikethrough(_) => {
                types::MessageEntityStrike { offset, length }.into()
            }
            T::TextEntityTypeSpoiler(_) => types::MessageEntitySpoiler { offset, length }.into(),
            T::TextEntityTypeCode(_) => types::MessageEntityCode { offset, length }.into(),
            T::TextEntityTypePre(_) => types::MessageEntityPre {
                offset,
                length,
                language: String::new(),
            }
            .into(),
            T::TextEntityTypePreCode(p) => types::MessageEntityPre {
                offset,
                length,
                language: p.language.clone(),
            }
            .into(),
            T::TextEntityTypeBlockQuote(_) => types::MessageEntityBlockquote {
                collapsed: false,
                offset,
                length,
            }
            .into(),
            T::TextEntityTypeExpandableBlockQuote(_) => types::MessageEntityBlockquote {
                collapsed: true,
                offset,
                length,
            }
            .into(),
            T::TextEntityTypeTextUrl(u) => types::MessageEntityTextUrl {
                offset,
                length,
                url: u.url.clone(),
            }
            .into(),
            T::TextEntityTypeMentionName(m) => match input_user(m.user_id) {
                Some(user_id) => types::InputMessageEntityMentionName {
                    offset,
                    length,
                    user_id,
                }
                .into(),
                None => continue,
            },
            T::TextEntityTypeCustomEmoji(c) => types::MessageEntityCustomEmoji {
                offset,
                length,
                document_id: c.custom_emoji_id,
            }
            .into(),
            _ => continue,
        };
        out.push(entity);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_round_trip() {
        let server: Vec<enums::MessageEntity> = vec![
            types::MessageEntityBold {
                offset: 0,
                length: 4,
            }
            .into(),
            types::MessageEntityPre {
                offset: 5,
                length: 3,
                language: "rust".into(),
            }
            .into(),
            types::MessageEntityTextUrl {
                offset: 9,
                length: 1,
                url: "https://t.me/".into(),
            }
            .into(),
            types::MessageEntityUnknown {
                offset: 0,
                length: 1,
            }
            .into(),
        ];
        let td = from_server(&server, "");
        assert_eq!(td.len(), 3, "unknown kinds are dropped");
        let back = to_server(&td, |_| None);
        assert_eq!(back, server[..3].to_vec());
    }
}
