//! Changing messages: sendMessage, forwardMessages, editMessageText, deleteMessages.

use rand::RngCore;
use td_api as td;
use tl::api::{enums, functions, types};

use super::requests::{chat_not_found, known_chat, message_not_found};
use super::send::Outgoing;
use super::{convert, message_id, Entry};
use crate::api::error;
use crate::api::sync::Ctx;
use crate::chats::chat_id::ChatKind;
use crate::client::session::Session;
use crate::engine::{self, Answer, Engine, Td};
use crate::net::{Net, RpcError};

/// The text of an inputMessageText, checked as TDLib checks it. (Its length is the
/// server's to judge: MESSAGE_TOO_LONG comes back as a failed send.)
fn text_of(
    content: Option<&td::InputMessageContent>,
    c: Ctx,
) -> Result<(td::FormattedText, bool), td::Error> {
    let t = match content {
        None => return Err(error(400, "Can't send message without content")),
        Some(td::InputMessageContent::InputMessageText(t)) => t,
        Some(_) => {
            // As every request not built yet: 500, never a fake success.
            return Err(error(
                500,
                "Not implemented yet: this kind of message content",
            ));
        }
    };
    if t.text.is_none() {
        return Err(error(400, "Text must be non-empty"));
    }
    let text = crate::sync::text::fix_outgoing(t.text.as_deref(), c)?;
    if text.text.is_empty() {
        return Err(error(400, "Text must be non-empty"));
    }
    let no_webpage = t
        .link_preview_options
        .as_ref()
        .is_some_and(|o| o.is_disabled);
    Ok((text, no_webpage))
}

fn reply_to_id(r: Option<&td::InputMessageReplyTo>) -> Option<i64> {
    match r? {
        td::InputMessageReplyTo::InputMessageReplyToMessage(r) if r.message_id != 0 => {
            Some(r.message_id)
        }
        _ => None,
    }
}

fn random_id() -> i64 {
    loop {
        let id = rand::thread_rng().next_u64() as i64;
        if id != 0 {
            return id;
        }
    }
}

pub fn send_message(s: &mut Session, extra: Option<Box<str>>, f: td::SendMessage, c: Ctx) {
    let r = s.with_engine(|td| -> Result<(), td::Error> {
        let out = td.out;
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        let peer = e.input_peer(f.chat_id).ok_or_else(chat_not_found)?;
        let media = match f.input_message_content.as_ref() {
            Some(content) => super::media_send::parse(e, content, c)?,
            None => None,
        };
        let (text, no_webpage) = match &media {
            Some(m) => (m.caption.clone(), false),
            None => text_of(f.input_message_content.as_ref(), c)?,
        };
        let reply_to = reply_to_id(f.reply_to.as_ref()).filter(|id| message_id::is_server(*id));
        let silent = f.options.as_ref().is_some_and(|o| o.disable_notification);
        let o = Outgoing {
            chat_id: f.chat_id,
            text,
            reply_to,
            silent,
            no_webpage,
        };
        let temp = e.next_temp_id(f.chat_id);
        let now = crate::client::options::unix_time() as i32;
        let mut pending = e.pending_message(&o, temp, now);
        if let Some(m) = &media {
            pending.content = Some(m.pending_content(e));
        }
        e.add_pending(pending.clone(), out);
        out.reply(Ok(pending), extra.as_deref());
        let random_id = random_id();
        e.sending.begin(random_id, f.chat_id, temp);
        let entities = crate::entities::to_server(&o.text.entities, |id| e.users.input_user(id));
        let reply_to = reply_to.and_then(message_id::server_id).map(|id| {
            enums::InputReplyTo::Message(Box::new(types::InputReplyToMessage {
                reply_to_msg_id: id,
                ..Default::default()
            }))
        });
        let entities = (!entities.is_empty()).then_some(entities);
        if let Some(m) = media {
            let call = functions::messages::SendMedia {
                silent,
                clear_draft: true,
                peer,
                reply_to,
                media: enums::InputMedia::Empty,
                message: o.text.text.clone(),
                random_id,
                entities,
                ..Default::default()
            };
            super::media_send::send_in_background(td, m, call, f.chat_id, random_id, temp);
            return Ok(());
        }
        let call = functions::messages::SendMessage {
            no_webpage,
            silent,
            clear_draft: true,
            peer,
            reply_to,
            message: o.text.text.clone(),
            random_id,
            entities,
            ..Default::default()
        };
        send_in_background(td, call.into_send(), f.chat_id, vec![(random_id, temp)]);
        Ok(())
    });
    if let Some(Err(err)) = r {
        s.out().error(err, extra.as_deref());
    }
}

/// What goes to the server for messages being sent.
pub enum SendCall {
    Message(functions::messages::SendMessage),
    Forward(functions::messages::ForwardMessages),
}

trait IntoSend {
    fn into_send(self) -> SendCall;
}

impl IntoSend for functions::messages::SendMessage {
    fn into_send(self) -> SendCall {
        SendCall::Message(self)
    }
}

async fn call_send(net: &Net, call: &SendCall) -> Result<enums::Updates, RpcError> {
    match call {
        SendCall::Message(f) => net.call(f).await,
        SendCall::Forward(f) => net.call(f).await,
    }
}

/// Sends on the runtime; the answer settles each (random_id, yet-unsent id).
fn send_in_background(td: &mut Td<'_>, call: SendCall, chat_id: i64, sent: Vec<(i64, i64)>) {
    let net = td.engine.net.clone();
    let id = td.id;
    engine::spawn(async move {
        let answer = call_send(&net, &call).await;
        engine::with(id, move |td| on_send_answer(td, chat_id, &sent, answer));
    });
}

pub(super) fn on_send_answer(
    td: &mut Td<'_>,
    chat_id: i64,
    sent: &[(i64, i64)],
    answer: Result<enums::Updates, RpcError>,
) {
    let updates = match answer {
        Ok(u) => u,
        Err(e) => {
            crate::auth::check_lost(td, &e);
            let out = td.out;
            for (random_id, _) in sent {
                td.engine.on_send_failed(*random_id, e.to_td(), out);
            }
            return;
        }
    };
    if let enums::Updates::UpdateShortSentMessage(x) = &updates {
        let Some(&(random_id, temp)) = sent.first() else {
            return;
        };
        td.engine.sending.note_id(random_id, x.id);
        if let Some(m) = td.engine.short_sent(chat_id, temp, x) {
            let u = enums::Update::NewMessage(Box::new(types::UpdateNewMessage {
                message: m.clone(),
                pts: x.pts,
                pts_count: x.pts_count,
            }));
            crate::updates::on_update(td, u);
            settle_left(td, chat_id, &[m]);
        }
        return;
    }
    let messages = sent_messages(&updates);
    // The ids are noted first: the container may wait for a running difference, or
    // repeat what a resend already applied, and the send must settle either way.
    if let enums::Updates::Updates(u) = &updates {
        td.engine.sending.note_ids(&u.updates);
    } else if let enums::Updates::Combined(u) = &updates {
        td.engine.sending.note_ids(&u.updates);
    }
    crate::updates::on_updates(td, updates);
    settle_left(td, chat_id, &messages);
}

/// Messages the server created for us, from its answer.
pub(super) fn sent_messages(u: &enums::Updates) -> Vec<enums::Message> {
    let list = match u {
        enums::Updates::Updates(u) => &u.updates,
        enums::Updates::Combined(u) => &u.updates,
        enums::Updates::UpdateShort(_) => return Vec::new(),
        _ => return Vec::new(),
    };
    list.iter()
        .filter_map(|u| match u {
            enums::Update::NewMessage(x) => Some(x.message.clone()),
            enums::Update::NewChannelMessage(x) => Some(x.message.clone()),
            _ => None,
        })
        .collect()
}

/// Sends the updates passed over (already applied, or waiting for a difference) still
/// owe their yet-unsent messages.
fn settle_left(td: &mut Td<'_>, chat_id: i64, messages: &[enums::Message]) {
    let out = td.out;
    let e = &mut *td.engine;
    for m in messages {
        let Some((chat, server_id)) = convert::ids(m) else {
            continue;
        };
        if chat != chat_id || !e.sending.is_waiting(chat, server_id) {
            continue;
        }
        if let Some(temp) = e.sending.settle(chat, m) {
            let s = e.chats.entry(chat);
            s.max_server_id = s.max_server_id.max(server_id);
            e.on_sent(chat, temp, m, out);
        }
    }
}

pub fn forward_messages(s: &mut Session, extra: Option<Box<str>>, f: td::ForwardMessages) {
    let r = s.with_engine(|td| -> Result<(), td::Error> {
        let out = td.out;
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        known_chat(e, f.from_chat_id)?;
        if f.message_ids.is_empty() {
            return Err(error(400, "There are no messages to forward"));
        }
        let to_peer = e.input_peer(f.chat_id).ok_or_else(chat_not_found)?;
        let from_peer = e.input_peer(f.from_chat_id).ok_or_else(chat_not_found)?;
        let silent = f.options.as_ref().is_some_and(|o| o.disable_notification);
        let now = crate::client::options::unix_time() as i32;
        let mut answer = Vec::new();
        let mut sent = Vec::new();
        let mut ids = Vec::new();
        for &id in &f.message_ids {
            let original = e
                .messages
                .load(&e.store, f.from_chat_id, id)
                .and_then(|m| e.td_message(f.from_chat_id, &m));
            let (Some(original), Some(server_id)) = (original, message_id::server_id(id)) else {
                answer.push(None);
                continue;
            };
            let temp = e.next_temp_id(f.chat_id);
            let mut m = e.pending_message(
                &Outgoing {
                    chat_id: f.chat_id,
                    text: td::FormattedText::default(),
                    reply_to: None,
                    silent,
                    no_webpage: false,
                },
                temp,
                now,
            );
            m.content = original.content.clone();
            if !f.send_copy {
                m.forward_info = Some(Box::new(forward_origin(e, &original)));
            }
            e.add_pending(m.clone(), out);
            let random_id = random_id();
            e.sending.begin(random_id, f.chat_id, temp);
            sent.push((random_id, temp));
            ids.push(server_id);
            answer.push(Some(m));
        }
        out.reply(
            Ok(td::Messages {
                total_count: answer.len() as i32,
                messages: answer,
            }),
            extra.as_deref(),
        );
        if ids.is_empty() {
            return Ok(());
        }
        let call = functions::messages::ForwardMessages {
            silent,
            drop_author: f.send_copy,
            drop_media_captions: f.remove_caption,
            from_peer,
            id: ids,
            random_id: sent.iter().map(|(r, _)| *r).collect(),
            to_peer,
            ..Default::default()
        };
        send_in_background(td, SendCall::Forward(call), f.chat_id, sent);
        Ok(())
    });
    if let Some(Err(err)) = r {
        s.out().error(err, extra.as_deref());
    }
}

fn forward_origin(e: &Engine, m: &td::Message) -> td::MessageForwardInfo {
    if let Some(info) = &m.forward_info {
        return (**info).clone();
    }
    let origin: td::MessageOrigin = match (&m.sender_id, ChatKind::of(m.chat_id)) {
        (_, Some(ChatKind::Channel(c))) if e.groups.is_broadcast(c) => td::MessageOriginChannel {
            chat_id: m.chat_id,
            message_id: m.id,
            author_signature: m.author_signature.clone(),
        }
        .into(),
        (Some(td::MessageSender::MessageSenderUser(u)), _) => td::MessageOriginUser {
            sender_user_id: u.user_id,
        }
        .into(),
        (Some(td::MessageSender::MessageSenderChat(c)), _) => td::MessageOriginChat {
            sender_chat_id: c.chat_id,
            author_signature: m.author_signature.clone(),
        }
        .into(),
        _ => td::MessageOriginHiddenUser {
            sender_name: String::new(),
        }
        .into(),
    };
    td::MessageForwardInfo {
        origin: Some(origin),
        date: m.date,
        source: None,
        public_service_announcement_type: String::new(),
    }
}

pub fn edit_message_text(s: &mut Session, extra: Option<Box<str>>, f: td::EditMessageText, c: Ctx) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        match &f.input_message_content {
            None => return Err(error(400, "Can't edit message without new content")),
            Some(td::InputMessageContent::InputMessageText(_)) => {}
            Some(_) => {
                return Err(error(
                    400,
                    "Input message content type must be InputMessageText",
                ))
            }
        }
        known_chat(e, f.chat_id)?;
        let entry = e
            .messages
            .load(&e.store, f.chat_id, f.message_id)
            .ok_or_else(|| error(400, "Message not found"))?;
        let Entry::Server(m) = &entry else {
            return Err(error(400, "Message can't be edited"));
        };
        let (text, no_webpage) = text_of(f.input_message_content.as_ref(), c)?;
        let server_id = message_id::server_id(f.message_id).ok_or_else(message_not_found)?;
        let channel_admin = ChatKind::of(f.chat_id)
            .and_then(ChatKind::channel_id)
            .and_then(|c| e.groups.channel(c))
            .is_some_and(|c| c.broadcast && (c.creator || c.admin_rights.is_some()));
        if !convert::is_outgoing(m) && !channel_admin {
            return Err(error(400, "Message can't be edited"));
        }
        if !matches!(m, enums::Message::Message(_)) {
            return Err(error(400, "There is no text in the message to edit"));
        }
        let entities = crate::entities::to_server(&text.entities, |id| e.users.input_user(id));
        let call = functions::messages::EditMessage {
            no_webpage,
            peer: e.input_peer(f.chat_id).ok_or_else(chat_not_found)?,
            id: server_id,
            message: Some(text.text.clone()),
            entities: Some(entities),
            ..Default::default()
        };
        Ok((e.net.clone(), call))
    });
    let Some(go) = go else { return };
    let (net, call) = match go {
        Ok(x) => x,
        Err(err) => return s.out().error(err, extra.as_deref()),
    };
    let (chat_id, id) = (f.chat_id, f.message_id);
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        move |td, answer| -> Answer {
            let updates = answer?;
            crate::updates::on_updates(td, updates);
            let e = &mut *td.engine;
            let entry = e
                .messages
                .load(&e.store, chat_id, id)
                .ok_or_else(message_not_found)?;
            engine::ok(
                e.td_message(chat_id, &entry)
                    .ok_or_else(message_not_found)?,
            )
        },
    );
}

pub fn delete_messages(s: &mut Session, extra: Option<Box<str>>, f: td::DeleteMessages) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let out = td.out;
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        if f.message_ids.iter().any(|id| !message_id::is_valid(*id)) {
            return Err(error(400, "Invalid message identifier"));
        }
        let server: Vec<i32> = f
            .message_ids
            .iter()
            .filter_map(|id| message_id::server_id(*id))
            .collect();
        let channel = ChatKind::of(f.chat_id).and_then(ChatKind::channel_id);
        let call = match channel {
            Some(c) => DeleteCall::Channel(functions::channels::DeleteMessages {
                channel: e.groups.input_channel(c).ok_or_else(chat_not_found)?,
                id: server.clone(),
            }),
            None => DeleteCall::Account(functions::messages::DeleteMessages {
                revoke: f.revoke,
                id: server.clone(),
            }),
        };
        e.delete_from_chat(f.chat_id, &f.message_ids, true, out);
        Ok((!server.is_empty()).then(|| (e.net.clone(), call, channel)))
    });
    let Some(go) = go else { return };
    match go {
        Err(err) => s.out().error(err, extra.as_deref()),
        Ok(None) => s.out().reply(Ok(td::Ok {}), extra.as_deref()),
        Ok(Some((net, call, channel))) => engine::request(
            s,
            extra,
            async move {
                match call {
                    DeleteCall::Account(f) => net.call(&f).await,
                    DeleteCall::Channel(f) => net.call(&f).await,
                }
            },
            move |td, answer| -> Answer {
                let enums::messages::AffectedMessages::AffectedMessages(a) = answer?;
                match channel {
                    // A channel's deletion moves the channel's pts, not the account's.
                    Some(channel_id) => {
                        let noop = enums::Update::DeleteChannelMessages(Box::new(
                            types::UpdateDeleteChannelMessages {
                                channel_id,
                                messages: Vec::new(),
                                pts: a.pts,
                                pts_count: a.pts_count,
                            },
                        ));
                        crate::updates::on_update(td, noop);
                    }
                    None => crate::updates::on_affected(td, a.pts, a.pts_count),
                }
                engine::ok(td::Ok {})
            },
        ),
    }
}

enum DeleteCall {
    Account(functions::messages::DeleteMessages),
    Channel(functions::channels::DeleteMessages),
}
