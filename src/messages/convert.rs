//! Telegram's `message` / `messageService` as td_api's `message`.

use td_api as td;

use crate::files::Files;
use tl::api::enums;

use super::{content, message_id};
use crate::chats::chat_id::{self, ChatKind};

/// Who looks at a message, and where.
#[derive(Clone, Copy, Debug)]
pub struct View {
    pub my_id: i64,
    pub chat_id: i64,
    /// The chat is a broadcast channel: posts come from the chat.
    pub broadcast: bool,
    /// A basic group or supergroup: the only chats with mentions.
    pub groupish: bool,
}

pub fn sender(from: Option<&enums::Peer>, out: bool, view: View) -> td::MessageSender {
    let peer = match from {
        Some(p) => ChatKind::of_peer(p),
        None => match ChatKind::of(view.chat_id) {
            Some(ChatKind::User(peer)) => ChatKind::User(if out { view.my_id } else { peer }),
            Some(k @ ChatKind::Channel(_)) => k,
            _ if out => ChatKind::User(view.my_id),
            Some(k) => k,
            None => ChatKind::User(view.my_id),
        },
    };
    match peer {
        ChatKind::User(user_id) => td::MessageSenderUser { user_id }.into(),
        k => td::MessageSenderChat {
            chat_id: k.chat_id(),
        }
        .into(),
    }
}

fn reply_to(h: Option<&enums::MessageReplyHeader>, chat_id: i64) -> Option<td::MessageReplyTo> {
    let enums::MessageReplyHeader::MessageReplyHeader(r) = h? else {
        return None;
    };
    let id = r.reply_to_msg_id?;
    let chat_id = r
        .reply_to_peer_id
        .as_ref()
        .map_or(chat_id, chat_id::of_peer);
    Some(
        td::MessageReplyToMessage {
            chat_id,
            message_id: message_id::from_server(id),
            quote: None,
            checklist_task_id: r.todo_item_id.unwrap_or(0),
            poll_option_id: String::new(),
            origin: None,
            origin_send_date: 0,
            content: None,
        }
        .into(),
    )
}

fn forward_info(f: Option<&enums::MessageFwdHeader>) -> Option<Box<td::MessageForwardInfo>> {
    let enums::MessageFwdHeader::MessageFwdHeader(f) = f?;
    let origin: td::MessageOrigin = match (&f.from_id, f.channel_post) {
        (Some(p @ enums::Peer::Channel(_)), Some(post)) => td::MessageOriginChannel {
            chat_id: chat_id::of_peer(p),
            message_id: message_id::from_server(post),
            author_signature: f.post_author.clone().unwrap_or_default(),
        }
        .into(),
        (Some(enums::Peer::User(u)), _) => td::MessageOriginUser {
            sender_user_id: u.user_id,
        }
        .into(),
        (Some(p), _) => td::MessageOriginChat {
            sender_chat_id: chat_id::of_peer(p),
            author_signature: f.post_author.clone().unwrap_or_default(),
        }
        .into(),
        (None, _) => td::MessageOriginHiddenUser {
            sender_name: f.from_name.clone().unwrap_or_default(),
        }
        .into(),
    };
    Some(Box::new(td::MessageForwardInfo {
        origin: Some(origin),
        date: f.date,
        source: None,
        public_service_announcement_type: f.psa_type.clone().unwrap_or_default(),
    }))
}

fn interaction(
    views: Option<i32>,
    forwards: Option<i32>,
) -> Option<Box<td::MessageInteractionInfo>> {
    let (v, f) = (views.unwrap_or(0), forwards.unwrap_or(0));
    if v == 0 && f == 0 {
        return None;
    }
    Some(Box::new(td::MessageInteractionInfo {
        view_count: v,
        forward_count: f,
        reply_info: None,
        reactions: None,
    }))
}

/// The td_api message of a server message; `None` for messageEmpty.
pub fn message(m: &enums::Message, view: View, files: &Files) -> Option<td::Message> {
    Some(match m {
        enums::Message::Message(m) => td::Message {
            id: message_id::from_server(m.id),
            sender_id: Some(sender(m.from_id.as_ref(), m.out, view)),
            chat_id: view.chat_id,
            is_outgoing: m.out,
            is_pinned: m.pinned,
            is_from_offline: m.offline,
            can_be_saved: !m.noforwards,
            is_channel_post: m.post && view.broadcast,
            contains_unread_mention: view.groupish && !m.out && m.mentioned && m.media_unread,
            date: m.date,
            edit_date: if m.edit_hide {
                0
            } else {
                m.edit_date.unwrap_or(0)
            },
            forward_info: forward_info(m.fwd_from.as_ref()),
            interaction_info: interaction(m.views, m.forwards),
            reply_to: reply_to(m.reply_to.as_ref(), view.chat_id),
            via_bot_user_id: m.via_bot_id.unwrap_or(0),
            sender_business_bot_user_id: m.via_business_bot_id.unwrap_or(0),
            sender_boost_count: m.from_boosts_applied.unwrap_or(0),
            sender_tag: m.from_rank.clone().unwrap_or_default(),
            paid_message_star_count: m.paid_message_stars.unwrap_or(0),
            author_signature: m.post_author.clone().unwrap_or_default(),
            media_album_id: m.grouped_id.unwrap_or(0),
            effect_id: m.effect.unwrap_or(0),
            content: Some(content::of_message(m, view.chat_id, files)),
            ..Default::default()
        },
        enums::Message::Service(m) => td::Message {
            id: message_id::from_server(m.id),
            sender_id: Some(sender(m.from_id.as_ref(), m.out, view)),
            chat_id: view.chat_id,
            is_outgoing: m.out,
            can_be_saved: true,
            is_channel_post: m.post && view.broadcast,
            contains_unread_mention: view.groupish && !m.out && m.mentioned && m.media_unread,
            date: m.date,
            reply_to: None,
            content: Some(content::of_service(m)),
            ..Default::default()
        },
        enums::Message::Empty(_) => return None,
    })
}

/// The server id and chat of a server message.
pub fn ids(m: &enums::Message) -> Option<(i64, i32)> {
    match m {
        enums::Message::Message(m) => Some((chat_id::of_peer(&m.peer_id), m.id)),
        enums::Message::Service(m) => Some((chat_id::of_peer(&m.peer_id), m.id)),
        enums::Message::Empty(_) => None,
    }
}

pub fn date(m: &enums::Message) -> i32 {
    match m {
        enums::Message::Message(m) => m.date,
        enums::Message::Service(m) => m.date,
        enums::Message::Empty(_) => 0,
    }
}

pub fn is_outgoing(m: &enums::Message) -> bool {
    match m {
        enums::Message::Message(m) => m.out,
        enums::Message::Service(m) => m.out,
        enums::Message::Empty(_) => false,
    }
}

/// The users and chats a message names, which must be announced before it.
pub fn references(m: &enums::Message) -> (Vec<i64>, Vec<ChatKind>) {
    let mut users = Vec::new();
    let mut chats = Vec::new();
    let mut peer = |p: &enums::Peer| match ChatKind::of_peer(p) {
        ChatKind::User(u) => users.push(u),
        k => chats.push(k),
    };
    match m {
        enums::Message::Message(m) => {
            peer(&m.peer_id);
            if let Some(p) = &m.from_id {
                peer(p);
            }
            if let Some(enums::MessageFwdHeader::MessageFwdHeader(f)) = &m.fwd_from {
                if let Some(p) = &f.from_id {
                    peer(p);
                }
            }
            if let Some(b) = m.via_bot_id {
                users.push(b);
            }
        }
        enums::Message::Service(m) => {
            peer(&m.peer_id);
            if let Some(p) = &m.from_id {
                peer(p);
            }
            users.extend(content::service_users(&m.action));
            chats.extend(content::service_chats(&m.action));
        }
        enums::Message::Empty(_) => {}
    }
    (users, chats)
}
