//! Message contents: text with entities, media (files::media), and the service messages of
//! chat life; what is not built yet is messageUnsupported, as TDLib shows contents it does
//! not know.

use td_api as td;
use tl::api::{enums, types};

use super::message_id;
use crate::chats::chat_id::ChatKind;
use crate::files::Files;

pub fn text(message: &str, entities: Option<&Vec<enums::MessageEntity>>) -> td::FormattedText {
    td::FormattedText {
        text: message.to_string(),
        entities: entities
            .map(|e| crate::entities::from_server(e, message))
            .unwrap_or_default(),
    }
}

pub fn of_message(m: &types::Message, chat_id: i64, files: &Files) -> td::MessageContent {
    match &m.media {
        None | Some(enums::MessageMedia::Empty) => td::MessageText {
            text: Some(Box::new(text(&m.message, m.entities.as_ref()))),
            link_preview: None,
            link_preview_options: None,
        }
        .into(),
        Some(media) => {
            let caption = text(&m.message, m.entities.as_ref());
            let source = Some((chat_id, message_id::from_server(m.id)));
            crate::files::media::content(files, media, caption, source)
                .unwrap_or_else(|| td::MessageUnsupported {}.into())
        }
    }
}

pub fn of_service(m: &types::MessageService) -> td::MessageContent {
    use enums::MessageAction as A;
    match &m.action {
        A::ChatCreate(a) => td::MessageBasicGroupChatCreate {
            title: a.title.clone(),
            member_user_ids: a.users.clone(),
        }
        .into(),
        A::ChannelCreate(a) => td::MessageSupergroupChatCreate {
            title: a.title.clone(),
        }
        .into(),
        A::ChatEditTitle(a) => td::MessageChatChangeTitle {
            title: a.title.clone(),
        }
        .into(),
        A::ChatAddUser(a) => td::MessageChatAddMembers {
            member_user_ids: a.users.clone(),
        }
        .into(),
        A::ChatJoinedByLink(_) => td::MessageChatJoinByLink {}.into(),
        A::ChatJoinedByRequest => td::MessageChatJoinByRequest {}.into(),
        A::ChatDeleteUser(a) => td::MessageChatDeleteMember { user_id: a.user_id }.into(),
        A::ChatMigrateTo(a) => td::MessageChatUpgradeTo {
            supergroup_id: a.channel_id,
        }
        .into(),
        A::ChannelMigrateFrom(a) => td::MessageChatUpgradeFrom {
            title: a.title.clone(),
            basic_group_id: a.chat_id,
        }
        .into(),
        A::PinMessage => td::MessagePinMessage {
            message_id: pinned_id(m),
        }
        .into(),
        A::ContactSignUp => td::MessageContactRegistered {}.into(),
        _ => td::MessageUnsupported {}.into(),
    }
}

fn pinned_id(m: &types::MessageService) -> i64 {
    match &m.reply_to {
        Some(enums::MessageReplyHeader::MessageReplyHeader(r)) => {
            r.reply_to_msg_id.map(message_id::from_server).unwrap_or(0)
        }
        _ => 0,
    }
}

/// Users a service message names (they must be announced before it).
pub fn service_users(a: &enums::MessageAction) -> Vec<i64> {
    use enums::MessageAction as A;
    match a {
        A::ChatCreate(a) => a.users.clone(),
        A::ChatAddUser(a) => a.users.clone(),
        A::ChatDeleteUser(a) => vec![a.user_id],
        A::ChatJoinedByLink(a) => vec![a.inviter_id],
        _ => Vec::new(),
    }
}

/// Chats a service message names.
pub fn service_chats(a: &enums::MessageAction) -> Vec<ChatKind> {
    use enums::MessageAction as A;
    match a {
        A::ChatMigrateTo(a) => vec![ChatKind::Channel(a.channel_id)],
        A::ChannelMigrateFrom(a) => vec![ChatKind::BasicGroup(a.chat_id)],
        _ => Vec::new(),
    }
}
