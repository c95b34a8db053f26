//! Finding and marking messages: searchChatMessages, searchMessages, getChatMessageCount,
//! getMessageLink, pinChatMessage, unpinChatMessage, readAllChatMentions.

use td_api as td;
use tl::api::{enums, functions};

use super::requests::{chat_not_found, known_chat};
use super::{message_id, Entry};
use crate::api::error;
use crate::chats::chat_id::ChatKind;
use crate::client::session::Session;
use crate::engine::{self, Answer};
use crate::groups::requests::{updates_then_ok, UpdatesCall};

fn filter(f: Option<&td::SearchMessagesFilter>) -> Result<enums::MessagesFilter, td::Error> {
    use enums::MessagesFilter as M;
    use td::SearchMessagesFilter as F;
    Ok(match f {
        None | Some(F::SearchMessagesFilterEmpty(_)) => M::InputMessagesFilterEmpty,
        Some(F::SearchMessagesFilterAnimation(_)) => M::InputMessagesFilterGif,
        Some(F::SearchMessagesFilterAudio(_)) => M::InputMessagesFilterMusic,
        Some(F::SearchMessagesFilterDocument(_)) => M::InputMessagesFilterDocument,
        Some(F::SearchMessagesFilterPhoto(_)) => M::InputMessagesFilterPhotos,
        Some(F::SearchMessagesFilterVideo(_)) => M::InputMessagesFilterVideo,
        Some(F::SearchMessagesFilterVoiceNote(_)) => M::InputMessagesFilterVoice,
        Some(F::SearchMessagesFilterPhotoAndVideo(_)) => M::InputMessagesFilterPhotoVideo,
        Some(F::SearchMessagesFilterUrl(_)) => M::InputMessagesFilterUrl,
        Some(F::SearchMessagesFilterChatPhoto(_)) => M::InputMessagesFilterChatPhotos,
        Some(F::SearchMessagesFilterVideoNote(_)) => M::InputMessagesFilterRoundVideo,
        Some(F::SearchMessagesFilterVoiceAndVideoNote(_)) => M::InputMessagesFilterRoundVoice,
        Some(F::SearchMessagesFilterMention(_)) => M::InputMessagesFilterMyMentions,
        Some(F::SearchMessagesFilterPinned(_)) => M::InputMessagesFilterPinned,
        Some(F::SearchMessagesFilterPoll(_)) => M::InputMessagesFilterPoll,
        Some(_) => return Err(error(400, "Not implemented yet: this search filter")),
    })
}

pub fn search_chat_messages(s: &mut Session, extra: Option<Box<str>>, f: td::SearchChatMessages) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        if f.limit <= 0 {
            return Err(error(400, "Parameter limit must be positive"));
        }
        if f.offset > 0 {
            return Err(error(400, "Parameter offset must be non-positive"));
        }
        if f.limit <= -f.offset {
            return Err(error(400, "Parameter limit must be greater than -offset"));
        }
        if f.from_message_id != 0 && !message_id::is_server(f.from_message_id) {
            return Err(error(
                400,
                "Parameter from_message_id must be identifier of a chat message or 0",
            ));
        }
        known_chat(e, f.chat_id)?;
        let peer = e.input_peer(f.chat_id).ok_or_else(chat_not_found)?;
        let from_id = match &f.sender_id {
            None => None,
            Some(td::MessageSender::MessageSenderUser(u)) => Some(
                e.input_peer(u.user_id)
                    .ok_or_else(|| error(400, "Invalid message sender specified"))?,
            ),
            Some(td::MessageSender::MessageSenderChat(c)) => Some(
                e.input_peer(c.chat_id)
                    .ok_or_else(|| error(400, "Invalid message sender specified"))?,
            ),
        };
        Ok((
            e.net.clone(),
            functions::messages::Search {
                peer,
                q: f.query.clone(),
                from_id,
                filter: filter(f.filter.as_ref())?,
                min_date: 0,
                max_date: i32::MAX,
                // from_message_id itself is included.
                offset_id: if f.from_message_id == 0 {
                    0
                } else {
                    message_id::server_floor(f.from_message_id) + 1
                },
                add_offset: f.offset,
                limit: f.limit.min(100),
                max_id: i32::MAX,
                min_id: 0,
                hash: 0,
                ..Default::default()
            },
        ))
    });
    let Some(go) = go else { return };
    let (net, call) = match go {
        Ok(x) => x,
        Err(err) => return s.out().error(err, extra.as_deref()),
    };
    let chat_id = f.chat_id;
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        move |td, answer| -> Answer {
            let out = td.out;
            let e = &mut *td.engine;
            let (total, ids) = e.on_messages_page(answer?, out);
            let ids: Vec<(i64, i64)> = ids.into_iter().filter(|(c, _)| *c == chat_id).collect();
            let next = ids.iter().map(|(_, id)| *id).min().unwrap_or(0);
            let messages = e.td_messages(&ids);
            engine::ok(td::FoundChatMessages {
                total_count: total,
                messages,
                next_from_message_id: next,
            })
        },
    );
}

/// searchMessages' offset: "date,chat_id,message_id" of the last message found.
fn parse_offset(offset: &str) -> Option<(i32, i64, i32)> {
    let mut it = offset.split(',');
    Some((
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
        it.next()?.parse().ok()?,
    ))
}

pub fn search_messages(s: &mut Session, extra: Option<Box<str>>, f: td::SearchMessages) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        if f.limit <= 0 {
            return Err(error(400, "Parameter limit must be positive"));
        }
        let folder = crate::chats::list::folder_of(f.chat_list.as_ref())
            .ok_or_else(|| error(400, "Chat list not found"))?;
        let (offset_rate, offset_peer, offset_id) = match parse_offset(&f.offset) {
            Some((date, chat, id)) => (
                date,
                e.input_peer(chat).unwrap_or(enums::InputPeer::Empty),
                id,
            ),
            None if f.offset.is_empty() => (0, enums::InputPeer::Empty, 0),
            None => return Err(error(400, "Invalid offset specified")),
        };
        use td::SearchMessagesChatTypeFilter as C;
        let (users_only, groups_only, broadcasts_only) = match &f.chat_type_filter {
            Some(C::SearchMessagesChatTypeFilterPrivate(_)) => (true, false, false),
            Some(C::SearchMessagesChatTypeFilterGroup(_)) => (false, true, false),
            Some(C::SearchMessagesChatTypeFilterChannel(_)) => (false, false, true),
            _ => (false, false, false),
        };
        Ok((
            e.net.clone(),
            functions::messages::SearchGlobal {
                broadcasts_only,
                groups_only,
                users_only,
                folder_id: f.chat_list.is_some().then_some(folder),
                q: f.query.clone(),
                filter: filter(f.filter.as_ref())?,
                min_date: f.min_date,
                max_date: if f.max_date == 0 {
                    i32::MAX
                } else {
                    f.max_date
                },
                offset_rate,
                offset_peer,
                offset_id,
                limit: f.limit.min(100),
            },
        ))
    });
    let Some(go) = go else { return };
    let (net, call) = match go {
        Ok(x) => x,
        Err(err) => return s.out().error(err, extra.as_deref()),
    };
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        move |td, answer| -> Answer {
            let out = td.out;
            let e = &mut *td.engine;
            let (total, ids) = e.on_messages_page(answer?, out);
            let messages = e.td_messages(&ids);
            let next_offset = messages
                .iter()
                .flatten()
                .last()
                .map(|m| {
                    format!(
                        "{},{},{}",
                        m.date,
                        m.chat_id,
                        message_id::server_floor(m.id)
                    )
                })
                .unwrap_or_default();
            engine::ok(td::FoundMessages {
                total_count: total,
                messages,
                next_offset,
            })
        },
    );
}

pub fn get_chat_message_count(
    s: &mut Session,
    extra: Option<Box<str>>,
    f: td::GetChatMessageCount,
) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        if f.return_local {
            return Ok(None);
        }
        let peer = e.input_peer(f.chat_id).ok_or_else(chat_not_found)?;
        Ok(Some((
            e.net.clone(),
            functions::messages::GetSearchCounters {
                peer,
                saved_peer_id: None,
                top_msg_id: None,
                filters: vec![filter(f.filter.as_ref())?],
            },
        )))
    });
    let Some(go) = go else { return };
    match go {
        Err(err) => s.out().error(err, extra.as_deref()),
        // Counts are not kept locally: TDLib answers -1 for "unknown".
        Ok(None) => s.out().reply(Ok(td::Count { count: -1 }), extra.as_deref()),
        Ok(Some((net, call))) => engine::request(
            s,
            extra,
            async move { net.call(&call).await },
            |_, answer| -> Answer {
                let counters = answer?;
                match counters.as_slice() {
                    [enums::messages::SearchCounter::SearchCounter(c)] => {
                        engine::ok(td::Count { count: c.count })
                    }
                    _ => Err(error(500, "Receive wrong response")),
                }
            },
        ),
    }
}

/// Links are made locally, as TDLib does: https://t.me/USERNAME/ID or https://t.me/c/ID/ID.
pub fn get_message_link(s: &mut Session, extra: Option<Box<str>>, f: td::GetMessageLink) {
    let r = s.with_engine(|td| -> Result<td::MessageLink, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        let entry = e
            .messages
            .load(&e.store, f.chat_id, f.message_id)
            .ok_or_else(|| error(400, "Message not found"))?;
        let Some(ChatKind::Channel(id)) = ChatKind::of(f.chat_id) else {
            return Err(error(
                400,
                "Message links are available only for messages in supergroups and channel chats",
            ));
        };
        if matches!(entry, Entry::Pending(_)) {
            return Err(error(400, "Message is not sent yet"));
        }
        let server_id =
            message_id::server_id(f.message_id).ok_or_else(|| error(400, "Message is local"))?;
        let username = e
            .groups
            .supergroup(id)
            .and_then(|g| g.usernames.as_ref())
            .and_then(|u| u.active_usernames.first().cloned());
        let link = match &username {
            Some(name) => format!("https://t.me/{name}/{server_id}"),
            None => format!("https://t.me/c/{id}/{server_id}"),
        };
        Ok(td::MessageLink {
            link,
            is_public: username.is_some(),
        })
    });
    if let Some(r) = r {
        s.out().reply(r, extra.as_deref());
    }
}

pub fn pin_chat_message(
    s: &mut Session,
    extra: Option<Box<str>>,
    chat_id: i64,
    id: i64,
    silent: bool,
    only_for_self: bool,
    unpin: bool,
) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        let entry = e
            .messages
            .load(&e.store, chat_id, id)
            .ok_or_else(|| error(400, "Message not found"))?;
        let server_id =
            message_id::server_id(id).ok_or_else(|| error(400, "Message can't be pinned"))?;
        if !unpin && matches!(entry, Entry::Server(enums::Message::Service(_))) {
            return Err(error(400, "Service messages can't be pinned"));
        }
        let peer = e
            .input_peer(chat_id)
            .ok_or_else(|| error(400, "Can't update pinned message"))?;
        Ok((
            e.net.clone(),
            UpdatesCall::UpdatePinned(functions::messages::UpdatePinnedMessage {
                silent,
                unpin,
                pm_oneside: only_for_self,
                peer,
                id: server_id,
            }),
        ))
    });
    match go {
        Some(Ok((net, call))) => updates_then_ok(s, extra, net, call),
        Some(Err(err)) => s.out().error(err, extra.as_deref()),
        None => {}
    }
}

pub fn read_all_chat_mentions(s: &mut Session, extra: Option<Box<str>>, chat_id: i64) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let out = td.out;
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        let peer = e.input_peer(chat_id).ok_or_else(chat_not_found)?;
        // Every mention known here is read at once; the server is told after.
        let ids = e.messages.ids_before(chat_id, i64::MAX);
        for id in ids {
            if let Some(Entry::Server(enums::Message::Message(m))) = e.messages.get(chat_id, id) {
                if m.mentioned && m.media_unread {
                    if let Some(server_id) = message_id::server_id(id) {
                        e.on_mention_read(Some(chat_id), server_id, out);
                    }
                }
            }
        }
        e.set_unread_mentions(chat_id, 0, out);
        Ok((
            e.net.clone(),
            functions::messages::ReadMentions {
                peer,
                top_msg_id: None,
            },
        ))
    });
    let Some(go) = go else { return };
    let (net, call) = match go {
        Ok(x) => x,
        Err(err) => return s.out().error(err, extra.as_deref()),
    };
    let channel = ChatKind::of(chat_id).and_then(ChatKind::channel_id);
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        move |td, answer| -> Answer {
            let enums::messages::AffectedHistory::AffectedHistory(a) = answer?;
            if channel.is_none() {
                crate::updates::on_affected(td, a.pts, a.pts_count);
            }
            engine::ok(td::Ok {})
        },
    );
}
