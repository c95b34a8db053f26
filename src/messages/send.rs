//! Sending: a message gets a yet-unsent id and is answered at once (and announced with
//! updateNewMessage); when the server confirms it, updateMessageSendSucceeded moves it to
//! its server id, or updateMessageSendFailed says why not. The server's confirmation is
//! matched by random_id (updateMessageID) or comes as updateShortSentMessage.

use std::collections::HashMap;

use td_api as td;
use tl::api::{enums, types};

use super::{convert, message_id, Entry};
use crate::chats::chat_id::ChatKind;
use crate::client::session::Outbox;
use crate::engine::Engine;

#[derive(Default)]
pub struct Sending {
    /// random_id → (chat, yet-unsent id).
    by_random: HashMap<i64, (i64, i64)>,
    /// (chat, server id) → yet-unsent id, once updateMessageID named it.
    by_server: HashMap<(i64, i32), i64>,
}

impl Sending {
    pub fn begin(&mut self, random_id: i64, chat_id: i64, temp_id: i64) {
        self.by_random.insert(random_id, (chat_id, temp_id));
    }

    /// updateMessageID: the server id a random_id became.
    pub fn note_ids(&mut self, updates: &[enums::Update]) {
        for u in updates {
            if let enums::Update::MessageID(x) = u {
                if let Some((chat, temp)) = self.by_random.remove(&x.random_id) {
                    self.by_server.insert((chat, x.id), temp);
                }
            }
        }
    }

    pub fn note_id(&mut self, random_id: i64, server_id: i32) {
        if let Some((chat, temp)) = self.by_random.remove(&random_id) {
            self.by_server.insert((chat, server_id), temp);
        }
    }

    /// The yet-unsent id a new server message settles, if it is one of ours.
    pub fn settle(&mut self, chat_id: i64, m: &enums::Message) -> Option<i64> {
        let (_, server_id) = convert::ids(m)?;
        self.by_server.remove(&(chat_id, server_id))
    }

    /// Whether a send is still waiting for its server message.
    pub fn is_waiting(&self, chat_id: i64, server_id: i32) -> bool {
        self.by_server.contains_key(&(chat_id, server_id))
    }

    pub fn fail(&mut self, random_id: i64) -> Option<(i64, i64)> {
        self.by_random.remove(&random_id)
    }
}

/// What the app asked to send, as the server will carry it.
pub struct Outgoing {
    pub chat_id: i64,
    pub text: td::FormattedText,
    pub reply_to: Option<i64>,
    pub silent: bool,
    pub no_webpage: bool,
}

impl Engine {
    /// The next yet-unsent id in a chat.
    pub fn next_temp_id(&self, chat_id: i64) -> i64 {
        let s = self.chats.get(chat_id);
        let largest = [
            s.map_or(0, |s| s.last_message_id),
            s.map_or(0, |s| s.last_read_inbox),
            s.map_or(0, |s| s.last_read_outbox),
            s.map_or(0, |s| message_id::from_server(s.max_server_id)),
            self.messages.largest(chat_id),
        ]
        .into_iter()
        .max()
        .unwrap_or(0);
        message_id::next_yet_unsent(largest)
    }

    /// The pending message the app sees at once.
    pub fn pending_message(&self, o: &Outgoing, temp_id: i64, date: i32) -> td::Message {
        let my_id = self.my_id();
        let channel = ChatKind::of(o.chat_id)
            .and_then(ChatKind::channel_id)
            .filter(|c| self.groups.is_broadcast(*c));
        let sender: td::MessageSender = match channel {
            Some(_) => td::MessageSenderChat { chat_id: o.chat_id }.into(),
            None => td::MessageSenderUser { user_id: my_id }.into(),
        };
        td::Message {
            id: temp_id,
            sender_id: Some(sender),
            chat_id: o.chat_id,
            sending_state: Some(td::MessageSendingStatePending { sending_id: 0 }.into()),
            is_outgoing: true,
            can_be_saved: true,
            is_channel_post: channel.is_some(),
            date,
            reply_to: o.reply_to.map(|id| {
                td::MessageReplyToMessage {
                    chat_id: o.chat_id,
                    message_id: id,
                    ..Default::default()
                }
                .into()
            }),
            content: Some(
                td::MessageText {
                    text: Some(Box::new(o.text.clone())),
                    link_preview: None,
                    link_preview_options: o.no_webpage.then(|| {
                        Box::new(td::LinkPreviewOptions {
                            is_disabled: true,
                            ..Default::default()
                        })
                    }),
                }
                .into(),
            ),
            ..Default::default()
        }
    }

    /// Keeps a pending message, tells the app, and moves the chat's last message to it.
    pub fn add_pending(&mut self, m: td::Message, out: &Outbox) {
        let (chat_id, id, date) = (m.chat_id, m.id, m.date);
        out.update(td::UpdateNewMessage {
            message: Some(Box::new(m.clone())),
        });
        self.messages
            .cache(chat_id, id, Entry::Pending(Box::new(m)));
        self.set_last_message(chat_id, id, date, out);
    }

    /// The server settled a message we sent: it takes its server id.
    pub fn on_sent(&mut self, chat_id: i64, temp_id: i64, m: &enums::Message, out: &Outbox) {
        let Some((_, server_id)) = convert::ids(m) else {
            return;
        };
        let id = message_id::from_server(server_id);
        self.messages.remove(chat_id, temp_id, &mut Vec::new());
        let entry = Entry::Server(m.clone());
        let Some(shown) = self.td_message(chat_id, &entry) else {
            return;
        };
        self.messages.insert(chat_id, id, entry, &mut self.writes);
        out.update(td::UpdateMessageSendSucceeded {
            message: Some(Box::new(shown)),
            old_message_id: temp_id,
        });
        let s = self.chats.entry(chat_id);
        if s.last_message_id == temp_id || s.last_message_id < id {
            self.set_last_message(chat_id, id, convert::date(m), out);
        }
        self.chats.save(chat_id, &mut self.writes);
    }

    /// The server refused a message: it stays, failed, under a new id.
    pub fn on_send_failed(&mut self, random_id: i64, error: td::Error, out: &Outbox) {
        let error = send_error(error);
        let Some((chat_id, temp_id)) = self.sending.fail(random_id) else {
            return;
        };
        let Some(Entry::Pending(mut m)) = self.messages.remove(chat_id, temp_id, &mut Vec::new())
        else {
            return;
        };
        let retry_after = error
            .message
            .strip_prefix("Too Many Requests: retry after ")
            .and_then(|n| n.parse::<f64>().ok())
            .unwrap_or(0.0);
        m.sending_state = Some(
            td::MessageSendingStateFailed {
                error: Some(Box::new(error.clone())),
                can_retry: error.code == 429
                    || [
                        "Message is too old to be re-sent automatically",
                        "SCHEDULE_TOO_MUCH",
                        "SEND_AS_PEER_INVALID",
                        "QUOTE_TEXT_INVALID",
                        "REPLY_MESSAGE_ID_INVALID",
                    ]
                    .contains(&error.message.as_str()),
                need_another_sender: error.message == "SEND_AS_PEER_INVALID",
                need_another_reply_quote: error.message == "QUOTE_TEXT_INVALID",
                need_drop_reply: error.message == "REPLY_MESSAGE_ID_INVALID",
                required_paid_message_star_count: 0,
                retry_after,
            }
            .into(),
        );
        let new_id = self.next_temp_id(chat_id);
        m.id = new_id;
        self.messages
            .cache(chat_id, new_id, Entry::Pending(m.clone()));
        out.update(td::UpdateMessageSendFailed {
            message: Some(m.clone()),
            old_message_id: temp_id,
            error: Some(Box::new(error)),
        });
        let s = self.chats.entry(chat_id);
        if s.last_message_id == temp_id {
            self.set_last_message(chat_id, new_id, m.date, out);
        }
    }

    /// updateShortSentMessage: the server message, rebuilt from what we sent.
    pub fn short_sent(
        &self,
        chat_id: i64,
        temp_id: i64,
        x: &types::UpdateShortSentMessage,
    ) -> Option<enums::Message> {
        let Some(Entry::Pending(p)) = self.messages.get(chat_id, temp_id) else {
            return None;
        };
        let text = match &p.content {
            Some(td::MessageContent::MessageText(t)) => {
                t.text.as_ref().map(|t| t.text.clone()).unwrap_or_default()
            }
            _ => String::new(),
        };
        let peer = self.peer_of(chat_id)?;
        let from_id = match ChatKind::of(chat_id) {
            Some(ChatKind::Channel(c)) if self.groups.is_broadcast(c) => None,
            Some(ChatKind::User(_)) => None,
            _ => Some(enums::Peer::User(Box::new(types::PeerUser {
                user_id: self.my_id(),
            }))),
        };
        let reply_to = match &p.reply_to {
            Some(td::MessageReplyTo::MessageReplyToMessage(r)) => {
                Some(enums::MessageReplyHeader::MessageReplyHeader(Box::new(
                    types::MessageReplyHeader {
                        reply_to_msg_id: message_id::server_id(r.message_id),
                        ..Default::default()
                    },
                )))
            }
            _ => None,
        };
        Some(enums::Message::Message(Box::new(types::Message {
            out: true,
            id: x.id,
            from_id,
            peer_id: peer,
            date: x.date,
            message: text,
            media: x.media.clone(),
            entities: x.entities.clone(),
            ttl_period: x.ttl_period,
            reply_to,
            ..Default::default()
        })))
    }

    /// The server peer of a chat.
    pub fn peer_of(&self, chat_id: i64) -> Option<enums::Peer> {
        Some(match ChatKind::of(chat_id)? {
            ChatKind::User(user_id) => enums::Peer::User(Box::new(types::PeerUser { user_id })),
            ChatKind::BasicGroup(chat_id) => {
                enums::Peer::Chat(Box::new(types::PeerChat { chat_id }))
            }
            ChatKind::Channel(channel_id) => {
                enums::Peer::Channel(Box::new(types::PeerChannel { channel_id }))
            }
            ChatKind::Secret(_) => return None,
        })
    }

    /// The chat as the server wants it named in requests.
    pub fn input_peer(&self, chat_id: i64) -> Option<enums::InputPeer> {
        Some(match ChatKind::of(chat_id)? {
            ChatKind::User(id) => match self.users.input_user(id)? {
                enums::InputUser::InputUserSelf => enums::InputPeer::InputPeerSelf,
                enums::InputUser::InputUser(u) => {
                    enums::InputPeer::User(Box::new(types::InputPeerUser {
                        user_id: u.user_id,
                        access_hash: u.access_hash,
                    }))
                }
                _ => return None,
            },
            ChatKind::BasicGroup(chat_id) => {
                enums::InputPeer::Chat(Box::new(types::InputPeerChat { chat_id }))
            }
            ChatKind::Channel(id) => match self.groups.input_channel(id)? {
                enums::InputChannel::InputChannel(c) => {
                    enums::InputPeer::Channel(Box::new(types::InputPeerChannel {
                        channel_id: c.channel_id,
                        access_hash: c.access_hash,
                    }))
                }
                _ => return None,
            },
            ChatKind::Secret(_) => return None,
        })
    }
}

/// The error a failed send reports, as TDLib rewrites the server's.
fn send_error(e: td::Error) -> td::Error {
    let message = match e.message.as_str() {
        "MESSAGE_TOO_LONG" => "Message is too long",
        "MEDIA_CAPTION_TOO_LONG" => "Message caption is too long",
        "INPUT_USER_DEACTIVATED" => return crate::api::error(403, "User is deactivated"),
        "CHAT_FORWARDS_RESTRICTED" => "Message has protected content and can't be forwarded",
        _ => "",
    };
    if !message.is_empty() {
        return crate::api::error(400, message);
    }
    let keep_403 = [
        "CHANNEL_PUBLIC_GROUP_NA",
        "USER_IS_BLOCKED",
        "USER_BOT_INVALID",
        "USER_DELETED",
    ];
    match e.code {
        420 => crate::api::error(429, e.message),
        403 if !keep_403.contains(&e.message.as_str()) => crate::api::error(400, e.message),
        c if c <= 0 => crate::api::error(500, e.message),
        _ => e,
    }
}
