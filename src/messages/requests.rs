//! Reading messages: getChatHistory, getMessage(s), getMessageLocally, viewMessages.

use td_api as td;
use tl::api::{enums, functions, types};

use super::{convert, message_id, Entry};
use crate::api::error;
use crate::chats::chat_id::ChatKind;
use crate::client::session::Session;
use crate::engine::{self, Answer, Engine, Td};

pub fn chat_not_found() -> td::Error {
    error(400, "Chat not found")
}

pub fn message_not_found() -> td::Error {
    error(404, "Not Found")
}

/// The chat must be one the app may name: announced already, or (as TDLib's
/// have_dialog_force does) one whose user or group is known, announced now.
pub fn known_chat(e: &mut Engine, chat_id: i64) -> Result<(), td::Error> {
    if e.chats.is_announced(chat_id) {
        return Ok(());
    }
    let out = e.out.duplicate();
    if e.announce_chat(chat_id, &out) {
        Ok(())
    } else {
        Err(chat_not_found())
    }
}

impl Engine {
    /// A page of messages from the server: its users and chats first, each message kept
    /// (and written through); the ids in the server's order.
    pub fn on_messages_page(
        &mut self,
        page: enums::messages::Messages,
        out: &crate::client::session::Outbox,
    ) -> (i32, Vec<(i64, i64)>) {
        use enums::messages::Messages as M;
        let (messages, users, chats, count) = match page {
            M::Messages(x) => {
                let n = x.messages.len() as i32;
                (x.messages, x.users, x.chats, n)
            }
            M::Slice(x) => (x.messages, x.users, x.chats, x.count),
            M::ChannelMessages(x) => (x.messages, x.users, x.chats, x.count),
            M::NotModified(x) => (Vec::new(), Vec::new(), Vec::new(), x.count),
        };
        self.users.on_users(&users, out, &self.store);
        self.on_groups(&chats, out);
        let mut ids = Vec::new();
        for m in messages {
            let Some((chat_id, server_id)) = convert::ids(&m) else {
                continue;
            };
            if !self.announce_chat(chat_id, out) {
                continue;
            }
            let id = message_id::from_server(server_id);
            self.messages
                .insert(chat_id, id, Entry::Server(m), &mut self.writes);
            ids.push((chat_id, id));
        }
        (count, ids)
    }

    pub fn td_messages(&mut self, ids: &[(i64, i64)]) -> Vec<Option<td::Message>> {
        ids.iter()
            .map(|(chat, id)| {
                let e = self.messages.load(&self.store, *chat, *id)?;
                self.td_message(*chat, &e)
            })
            .collect()
    }
}

pub fn get_chat_history(s: &mut Session, extra: Option<Box<str>>, f: td::GetChatHistory) {
    let checked = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        if f.limit <= 0 {
            return Err(error(400, "Parameter limit must be positive"));
        }
        if f.offset > 0 {
            return Err(error(400, "Parameter offset must be non-positive"));
        }
        if f.offset <= -100 {
            return Err(error(400, "Parameter offset must be greater than -100"));
        }
        if f.offset < -f.limit {
            return Err(error(
                400,
                "Parameter offset must be greater than or equal to -limit",
            ));
        }
        if f.from_message_id != 0
            && !message_id::is_valid(f.from_message_id)
            && f.from_message_id <= i64::from(i32::MAX) << 20
        {
            return Err(error(
                400,
                "Invalid value of parameter from_message_id specified",
            ));
        }
        let limit = f.limit.min(100);
        let from = if f.from_message_id == 0 || f.from_message_id > i64::from(i32::MAX) << 20 {
            i64::MAX
        } else {
            f.from_message_id
        };
        if f.only_local || !e.auth.is_ready() {
            return Ok(Err(local_history(e, f.chat_id, from, f.offset, limit)));
        }
        let peer = e.input_peer(f.chat_id).ok_or_else(chat_not_found)?;
        Ok(Ok((e.net.clone(), peer, from, limit)))
    });
    let Some(checked) = checked else { return };
    let (net, peer, from, limit) = match checked {
        Err(err) => return s.out().error(err, extra.as_deref()),
        Ok(Err(local)) => return s.out().reply(Ok(local), extra.as_deref()),
        Ok(Ok(go)) => go,
    };
    // from_message_id itself is included: the server's offset is exclusive.
    let offset_id = if from == i64::MAX {
        0
    } else {
        message_id::server_floor(from).saturating_add(1)
    };
    let chat_id = f.chat_id;
    let offset = f.offset;
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::messages::GetHistory {
                peer,
                offset_id,
                offset_date: 0,
                add_offset: offset,
                limit,
                max_id: 0,
                min_id: 0,
                hash: 0,
            })
            .await
        },
        move |td, page| -> Answer {
            let page = page?;
            let out = td.out;
            let e = &mut *td.engine;
            let (_, ids) = e.on_messages_page(page, out);
            let ids: Vec<(i64, i64)> = ids.into_iter().filter(|(c, _)| *c == chat_id).collect();
            if from == i64::MAX && e.chats.get(chat_id).is_some_and(|s| s.last_message_id == 0) {
                if let Some(&(_, id)) = ids.first() {
                    let date = match e.messages.get(chat_id, id) {
                        Some(Entry::Server(m)) => convert::date(&m),
                        _ => 0,
                    };
                    e.set_last_message(chat_id, id, date, out);
                }
            }
            let messages = e.td_messages(&ids);
            engine::ok(td::Messages {
                total_count: messages.len() as i32,
                messages,
            })
        },
    );
}

/// History from what is stored (the database, or memory without one), with pending
/// messages in their place.
fn local_history(e: &mut Engine, chat_id: i64, from: i64, offset: i32, limit: i32) -> td::Messages {
    let start = if from == i64::MAX { i64::MAX } else { from + 1 };
    let newer = (-offset) as usize;
    let older = (limit + offset).max(0) as usize;
    let mut ids: Vec<i64> = e.messages.ids_before(chat_id, start);
    let mut newer_ids: Vec<i64> = Vec::new();
    if e.messages.persist {
        if let Some((old, new)) = e.store.with(|db| db.history(chat_id, start, older, newer)) {
            for (id, bytes) in old.into_iter().chain(new) {
                if let Ok(m) = <enums::Message as tl::Deserialize>::from_bytes(&bytes) {
                    if !e.messages.contains(chat_id, id) {
                        e.messages.cache(chat_id, id, Entry::Server(m));
                    }
                }
            }
            ids = e.messages.ids_before(chat_id, start);
        }
    }
    if newer > 0 {
        newer_ids = e
            .messages
            .ids_before(chat_id, i64::MAX)
            .into_iter()
            .filter(|id| *id >= start)
            .collect();
        newer_ids.reverse();
        newer_ids.truncate(newer);
        newer_ids.reverse();
    }
    ids.truncate(older);
    let all: Vec<(i64, i64)> = newer_ids
        .into_iter()
        .chain(ids)
        .map(|id| (chat_id, id))
        .collect();
    let messages = e.td_messages(&all);
    td::Messages {
        total_count: messages.len() as i32,
        messages,
    }
}

pub fn get_message_locally(s: &mut Session, extra: Option<Box<str>>, chat_id: i64, id: i64) {
    let reply = s.with_engine(|td| {
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        let entry = e
            .messages
            .load(&e.store, chat_id, id)
            .ok_or_else(message_not_found)?;
        e.td_message(chat_id, &entry).ok_or_else(message_not_found)
    });

    if let Some(reply) = reply {
        s.out().reply(reply, extra.as_deref());
    }
}

pub fn get_message(s: &mut Session, extra: Option<Box<str>>, chat_id: i64, id: i64) {
    let go = s.with_engine(|td| -> Result<Result<td::Message, _>, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        if let Some(entry) = e.messages.load(&e.store, chat_id, id) {
            return Ok(Ok(e
                .td_message(chat_id, &entry)
                .ok_or_else(message_not_found)?));
        }
        let server_id = message_id::server_id(id).ok_or_else(message_not_found)?;
        Ok(Err((
            e.net.clone(),
            fetch_call(e, chat_id, vec![server_id])?,
        )))
    });
    let Some(go) = go else { return };
    let (net, call) = match go {
        Err(err) => return s.out().error(err, extra.as_deref()),
        Ok(Ok(m)) => return s.out().reply(Ok(m), extra.as_deref()),
        Ok(Err(call)) => call,
    };
    engine::request(s, extra, fetch(net, call), move |td, page| -> Answer {
        let out = td.out;
        let e = &mut *td.engine;
        let (_, ids) = e.on_messages_page(page?, out);
        let id = ids
            .into_iter()
            .find(|x| *x == (chat_id, id))
            .ok_or_else(message_not_found)?;
        let m = e
            .td_messages(&[id])
            .pop()
            .flatten()
            .ok_or_else(message_not_found)?;
        engine::ok(m)
    });
}

pub fn get_messages(s: &mut Session, extra: Option<Box<str>>, chat_id: i64, ids: Vec<i64>) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        let missing: Vec<i32> = ids
            .iter()
            .filter(|id| e.messages.load(&e.store, chat_id, **id).is_none())
            .filter_map(|id| message_id::server_id(*id))
            .collect();
        if missing.is_empty() {
            return Ok(None);
        }
        Ok(Some((e.net.clone(), fetch_call(e, chat_id, missing)?)))
    });
    let Some(go) = go else { return };
    let answer = move |e: &mut Engine| {
        let list: Vec<(i64, i64)> = ids.iter().map(|id| (chat_id, *id)).collect();
        let messages = e.td_messages(&list);
        td::Messages {
            total_count: messages.iter().flatten().count() as i32,
            messages,
        }
    };
    match go {
        Err(err) => s.out().error(err, extra.as_deref()),
        Ok(None) => {
            let m = s.with_engine(|td| answer(td.engine));
            if let Some(m) = m {
                s.out().reply(Ok(m), extra.as_deref());
            }
        }
        Ok(Some((net, call))) => {
            engine::request(s, extra, fetch(net, call), move |td, page| -> Answer {
                let out = td.out;
                let e = &mut *td.engine;
                if let Ok(page) = page {
                    e.on_messages_page(page, out);
                }
                engine::ok(answer(e))
            })
        }
    }
}

/// messages.getMessages or channels.getMessages for server ids of one chat.
pub enum FetchCall {
    Account(functions::messages::GetMessages),
    Channel(functions::channels::GetMessages),
}

pub(crate) fn fetch_call(e: &Engine, chat_id: i64, ids: Vec<i32>) -> Result<FetchCall, td::Error> {
    let id = ids
        .into_iter()
        .map(|id| enums::InputMessage::ID(Box::new(types::InputMessageID { id })))
        .collect();
    Ok(match ChatKind::of(chat_id) {
        Some(ChatKind::Channel(c)) => FetchCall::Channel(functions::channels::GetMessages {
            channel: e.groups.input_channel(c).ok_or_else(chat_not_found)?,
            id,
        }),
        _ => FetchCall::Account(functions::messages::GetMessages { id }),
    })
}

pub(crate) async fn fetch(
    net: crate::net::Net,
    call: FetchCall,
) -> Result<enums::messages::Messages, crate::net::RpcError> {
    match call {
        FetchCall::Account(f) => net.call(&f).await,
        FetchCall::Channel(f) => net.call(&f).await,
    }
}

pub fn view_messages(s: &mut Session, extra: Option<Box<str>>, f: td::ViewMessages) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let out = td.out;
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        if f.message_ids.iter().any(|id| *id <= 0) {
            return Err(error(400, "Invalid message identifier"));
        }
        let max = f
            .message_ids
            .iter()
            .copied()
            .filter(|id| message_id::is_server(*id))
            .max()
            .unwrap_or(0);
        let s = e.chats.entry(f.chat_id);
        if max <= s.last_read_inbox {
            return Ok(None);
        }
        let last = s.last_message_id;
        let still_unread = if max >= last {
            0
        } else {
            e.messages
                .ids_before(f.chat_id, i64::MAX)
                .into_iter()
                .filter(|id| *id > max)
                .filter(|id| {
                    matches!(e.messages.get(f.chat_id, *id), Some(Entry::Server(m)) if !convert::is_outgoing(&m))
                })
                .count() as i32
        };
        e.set_read_inbox(f.chat_id, max, still_unread, out);
        let server_max = message_id::server_floor(max);
        let call = match ChatKind::of(f.chat_id) {
            Some(ChatKind::Channel(c)) => ReadCall::Channel(functions::channels::ReadHistory {
                channel: e.groups.input_channel(c).ok_or_else(chat_not_found)?,
                max_id: server_max,
            }),
            _ => ReadCall::Account(functions::messages::ReadHistory {
                peer: e.input_peer(f.chat_id).ok_or_else(chat_not_found)?,
                max_id: server_max,
            }),
        };
        Ok(Some((e.net.clone(), call)))
    });
    let Some(go) = go else { return };
    match go {
        Err(err) => s.out().error(err, extra.as_deref()),
        Ok(None) => s.out().reply(Ok(td::Ok {}), extra.as_deref()),
        Ok(Some((net, call))) => {
            // TDLib answers at once; the read mark reaches the server on its own.
            s.out().reply(Ok(td::Ok {}), extra.as_deref());
            let id = s.id();
            engine::spawn(async move {
                match call {
                    ReadCall::Account(f) => {
                        if let Ok(enums::messages::AffectedMessages::AffectedMessages(a)) =
                            net.call(&f).await
                        {
                            engine::with(id, |td| {
                                crate::updates::on_affected(td, a.pts, a.pts_count)
                            });
                        }
                    }
                    ReadCall::Channel(f) => {
                        let _ = net.call(&f).await;
                    }
                }
            });
        }
    }
}

enum ReadCall {
    Account(functions::messages::ReadHistory),
    Channel(functions::channels::ReadHistory),
}

pub fn on_chat_open(td: &mut Td<'_>, chat_id: i64, open: bool) -> Result<td::Ok, td::Error> {
    known_chat(td.engine, chat_id)?;
    if open {
        let first = !td.engine.chats.is_open(chat_id);
        td.engine.chats.open(chat_id);
        // A channel's news is asked for each time it is first opened, as TDLib does.
        if let (true, Some(channel)) = (first, ChatKind::of(chat_id).and_then(ChatKind::channel_id))
        {
            crate::updates::difference::start_channel(td, channel);
        }
    } else {
        td.engine.chats.close(chat_id);
    }
    Ok(td::Ok {})
}
