//! Changing a chat: setChatTitle, setChatDescription, toggleChatIsPinned,
//! setChatDraftMessage, deleteChatHistory, deleteChat, createChatInviteLink,
//! joinChatByInviteLink.

use td_api as td;
use tl::api::{enums, functions, types};

use super::chat_id::ChatKind;
use crate::api::error;
use crate::client::session::Session;
use crate::engine::{self, Answer, Engine, Td};
use crate::groups::members;
use crate::groups::requests::{chats_of, updates_then_ok, UpdatesCall};
use crate::messages::message_id;
use crate::messages::requests::{chat_not_found, known_chat};

pub fn set_chat_title(s: &mut Session, extra: Option<Box<str>>, chat_id: i64, title: String) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        let title = title.trim().to_string();
        if title.is_empty() {
            return Err(error(400, "Title must be non-empty"));
        }
        let call = match ChatKind::of(chat_id) {
            Some(ChatKind::BasicGroup(id)) => {
                UpdatesCall::EditChatTitle(functions::messages::EditChatTitle {
                    chat_id: id,
                    title,
                })
            }
            Some(ChatKind::Channel(id)) => UpdatesCall::EditTitle(functions::channels::EditTitle {
                channel: e.groups.input_channel(id).ok_or_else(chat_not_found)?,
                title,
            }),
            _ => return Err(error(400, "Can't change private chat title")),
        };
        Ok((e.net.clone(), call))
    });
    match go {
        Some(Ok((net, call))) => updates_then_ok(s, extra, net, call),
        Some(Err(err)) => s.out().error(err, extra.as_deref()),
        None => {}
    }
}

/// A bool answer (CHAT_ABOUT_NOT_MODIFIED is success) becomes `ok`.
fn bool_then_ok<F>(
    s: &mut Session,
    extra: Option<Box<str>>,
    net: crate::net::Net,
    call: F,
    then: impl FnOnce(&mut Td<'_>) + Send + 'static,
) where
    F: tl::RemoteCall<Return = bool> + Send + Sync + 'static,
{
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        move |td, answer| -> Answer {
            match answer {
                Ok(_) => {}
                Err(e) if e.message.ends_with("_NOT_MODIFIED") => {}
                Err(e) => return Err(e.to_td()),
            }
            then(td);
            engine::ok(td::Ok {})
        },
    );
}

pub fn set_chat_description(s: &mut Session, extra: Option<Box<str>>, chat_id: i64, about: String) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        if matches!(
            ChatKind::of(chat_id),
            Some(ChatKind::User(_) | ChatKind::Secret(_))
        ) {
            return Err(error(400, "Can't change private chat description"));
        }
        let peer = e.input_peer(chat_id).ok_or_else(chat_not_found)?;
        Ok((
            e.net.clone(),
            functions::messages::EditChatAbout { peer, about },
        ))
    });
    match go {
        Some(Ok((net, call))) => bool_then_ok(s, extra, net, call, |_| {}),
        Some(Err(err)) => s.out().error(err, extra.as_deref()),
        None => {}
    }
}

pub fn toggle_chat_is_pinned(s: &mut Session, extra: Option<Box<str>>, f: td::ToggleChatIsPinned) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        let folder = super::list::folder_of(f.chat_list.as_ref())
            .ok_or_else(|| error(400, "Chat list not found"))?;
        known_chat(e, f.chat_id)?;
        let state = e.chats.get(f.chat_id).ok_or_else(chat_not_found)?;
        if state.folder != folder || super::list::order(state) == 0 {
            return Err(error(400, "The chat can't be pinned"));
        }
        let peer = e.input_peer(f.chat_id).ok_or_else(chat_not_found)?;
        Ok((
            e.net.clone(),
            functions::messages::ToggleDialogPin {
                pinned: f.is_pinned,
                peer: enums::InputDialogPeer::InputDialogPeer(Box::new(types::InputDialogPeer {
                    peer,
                })),
            },
        ))
    });
    let (chat_id, pinned) = (f.chat_id, f.is_pinned);
    match go {
        Some(Ok((net, call))) => bool_then_ok(s, extra, net, call, move |td| {
            let out = td.out;
            td.engine.on_dialog_pinned(chat_id, pinned, out);
        }),
        Some(Err(err)) => s.out().error(err, extra.as_deref()),
        None => {}
    }
}

pub fn set_chat_draft_message(
    s: &mut Session,
    extra: Option<Box<str>>,
    f: td::SetChatDraftMessage,
) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        let peer = e.input_peer(f.chat_id).ok_or_else(chat_not_found)?;
        let now = crate::client::options::unix_time() as i32;
        let (message, entities, reply_to, no_webpage) = match f.draft_message.as_deref() {
            None => (String::new(), Vec::new(), None, false),
            Some(d) => {
                let (text, no_webpage) = match &d.content {
                    Some(td::DraftMessageContent::DraftMessageContentText(t)) => (
                        t.text.as_deref().cloned().unwrap_or_default(),
                        t.link_preview_options
                            .as_ref()
                            .is_some_and(|o| o.is_disabled),
                    ),
                    None => (td::FormattedText::default(), false),
                    Some(_) => return Err(error(400, "Not implemented yet: this kind of draft")),
                };
                let reply_to = match &d.reply_to {
                    Some(td::InputMessageReplyTo::InputMessageReplyToMessage(r)) => {
                        message_id::server_id(r.message_id)
                    }
                    _ => None,
                };
                let entities =
                    crate::entities::to_server(&text.entities, |id| e.users.input_user(id));
                (text.text, entities, reply_to, no_webpage)
            }
        };
        let reply_to = reply_to.map(|id| {
            enums::InputReplyTo::Message(Box::new(types::InputReplyToMessage {
                reply_to_msg_id: id,
                ..Default::default()
            }))
        });
        let draft = if message.is_empty() && reply_to.is_none() {
            enums::DraftMessage::Empty(Box::new(types::DraftMessageEmpty { date: None }))
        } else {
            enums::DraftMessage::DraftMessage(Box::new(types::DraftMessage {
                no_webpage,
                reply_to: reply_to.clone(),
                message: message.clone(),
                entities: (!entities.is_empty()).then(|| entities.clone()),
                date: now,
                ..Default::default()
            }))
        };
        let call = functions::messages::SaveDraft {
            no_webpage,
            reply_to,
            peer,
            message,
            entities: (!entities.is_empty()).then_some(entities),
            ..Default::default()
        };
        Ok((e.net.clone(), call, draft))
    });
    let chat_id = f.chat_id;
    match go {
        // TDLib shows the draft at once; the server is told after.
        Some(Ok((net, call, draft))) => {
            s.with_engine(|td| {
                let out = td.out;
                td.engine.on_draft(chat_id, draft, out);
            });
            bool_then_ok(s, extra, net, call, |_| {})
        }
        Some(Err(err)) => s.out().error(err, extra.as_deref()),
        None => {}
    }
}

impl Engine {
    /// Clears a chat's history here: its messages go (updateDeleteMessages), its last
    /// message and counters are reset, and it may leave its list.
    pub fn clear_history(
        &mut self,
        chat_id: i64,
        remove_from_list: bool,
        out: &crate::client::session::Outbox,
    ) {
        let ids = self.messages.ids_before(chat_id, i64::MAX);
        let date = self.chats.get(chat_id).map_or(0, |s| s.last_message_date);
        self.messages.clear_chat(chat_id, &mut self.writes);
        self.set_unread_mentions(chat_id, 0, out);
        let last_id = self.chats.get(chat_id).map_or(0, |s| s.last_message_id);
        self.set_read_inbox(chat_id, last_id, 0, out);
        {
            let s = self.chats.entry(chat_id);
            if remove_from_list {
                s.in_list = false;
                s.base_date = 0;
            }
        }
        self.set_last_message(chat_id, 0, if remove_from_list { 0 } else { date }, out);
        if !remove_from_list {
            self.chats.entry(chat_id).last_message_date = date;
        }
        self.sync_positions(chat_id, out);
        if !ids.is_empty() {
            out.update(td::UpdateDeleteMessages {
                chat_id,
                message_ids: ids,
                is_permanent: true,
                from_cache: false,
            });
        }
        self.chats.save(chat_id, &mut self.writes);
    }
}

pub fn delete_chat_history(s: &mut Session, extra: Option<Box<str>>, f: td::DeleteChatHistory) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let out = td.out;
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        let call = match ChatKind::of(f.chat_id) {
            Some(ChatKind::Channel(id)) => {
                let channel = e.groups.input_channel(id).ok_or_else(chat_not_found)?;
                if e.groups.is_broadcast(id)
                    || e.groups
                        .supergroup(id)
                        .is_some_and(|g| g.usernames.is_some())
                {
                    return Err(error(400, "Chat history can't be deleted"));
                }
                Clear::Channel(UpdatesCall::ChannelDeleteHistory(
                    functions::channels::DeleteHistory {
                        for_everyone: f.revoke,
                        channel,
                        max_id: i32::MAX,
                    },
                ))
            }
            _ => Clear::Account(functions::messages::DeleteHistory {
                just_clear: !f.remove_from_chat_list,
                revoke: f.revoke,
                peer: e.input_peer(f.chat_id).ok_or_else(chat_not_found)?,
                max_id: 0,
                min_date: None,
                max_date: None,
            }),
        };
        e.clear_history(f.chat_id, f.remove_from_chat_list, out);
        Ok((e.net.clone(), call))
    });
    match go {
        Some(Ok((net, Clear::Channel(call)))) => updates_then_ok(s, extra, net, call),
        Some(Ok((net, Clear::Account(call)))) => {
            engine::request(s, extra, delete_all(net, call), |td, answer| -> Answer {
                for (pts, count) in answer? {
                    crate::updates::on_affected(td, pts, count);
                }
                engine::ok(td::Ok {})
            })
        }
        Some(Err(err)) => s.out().error(err, extra.as_deref()),
        None => {}
    }
}

enum Clear {
    Account(functions::messages::DeleteHistory),
    Channel(UpdatesCall),
}

/// messages.deleteHistory until the server says nothing is left (offset 0); the pts of each.
async fn delete_all(
    net: crate::net::Net,
    call: functions::messages::DeleteHistory,
) -> Result<Vec<(i32, i32)>, crate::net::RpcError> {
    let mut moves = Vec::new();
    for _ in 0..1000 {
        let enums::messages::AffectedHistory::AffectedHistory(a) = net.call(&call).await?;
        moves.push((a.pts, a.pts_count));
        if a.offset <= 0 {
            break;
        }
    }
    Ok(moves)
}

pub fn delete_chat(s: &mut Session, extra: Option<Box<str>>, chat_id: i64) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let out = td.out;
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        Ok(match ChatKind::of(chat_id) {
            Some(ChatKind::Channel(id)) => {
                let channel = e.groups.input_channel(id).ok_or_else(chat_not_found)?;
                let creator = e.groups.channel(id).is_some_and(|c| c.creator);
                e.clear_history(chat_id, true, out);
                if creator {
                    Delete::Updates(
                        e.net.clone(),
                        UpdatesCall::DeleteChannel(functions::channels::DeleteChannel { channel }),
                    )
                } else {
                    Delete::Updates(
                        e.net.clone(),
                        UpdatesCall::LeaveChannel(functions::channels::LeaveChannel { channel }),
                    )
                }
            }
            Some(ChatKind::BasicGroup(id)) => {
                e.clear_history(chat_id, true, out);
                Delete::Updates(
                    e.net.clone(),
                    UpdatesCall::DeleteChatUser(functions::messages::DeleteChatUser {
                        revoke_history: false,
                        chat_id: id,
                        user_id: enums::InputUser::InputUserSelf,
                    }),
                )
            }
            _ => {
                let peer = e.input_peer(chat_id).ok_or_else(chat_not_found)?;
                e.clear_history(chat_id, true, out);
                Delete::History(
                    e.net.clone(),
                    functions::messages::DeleteHistory {
                        just_clear: false,
                        revoke: false,
                        peer,
                        max_id: 0,
                        min_date: None,
                        max_date: None,
                    },
                )
            }
        })
    });
    match go {
        Some(Ok(Delete::Updates(net, call))) => engine::request(
            s,
            extra,
            async move {
                match call {
                    UpdatesCall::DeleteChatUser(f) => net.call(&f).await,
                    UpdatesCall::DeleteChannel(f) => net.call(&f).await,
                    UpdatesCall::LeaveChannel(f) => net.call(&f).await,
                    _ => Err(crate::net::aborted()),
                }
            },
            |td, answer| -> Answer {
                match answer {
                    Ok(u) => crate::updates::on_updates(td, u),
                    Err(e)
                        if e.message == "USER_NOT_PARTICIPANT"
                            || e.message == "CHANNEL_PRIVATE" => {}
                    Err(e) => return Err(e.to_td()),
                }
                engine::ok(td::Ok {})
            },
        ),
        Some(Ok(Delete::History(net, call))) => {
            engine::request(s, extra, delete_all(net, call), |td, answer| -> Answer {
                for (pts, count) in answer? {
                    crate::updates::on_affected(td, pts, count);
                }
                engine::ok(td::Ok {})
            })
        }
        Some(Err(err)) => s.out().error(err, extra.as_deref()),
        None => {}
    }
}

enum Delete {
    Updates(crate::net::Net, UpdatesCall),
    History(crate::net::Net, functions::messages::DeleteHistory),
}

pub fn create_chat_invite_link(
    s: &mut Session,
    extra: Option<Box<str>>,
    f: td::CreateChatInviteLink,
) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        if matches!(
            ChatKind::of(f.chat_id),
            Some(ChatKind::User(_) | ChatKind::Secret(_))
        ) {
            return Err(error(400, "Can't invite members to a private chat"));
        }
        let peer = e.input_peer(f.chat_id).ok_or_else(chat_not_found)?;
        Ok((
            e.net.clone(),
            functions::messages::ExportChatInvite {
                legacy_revoke_permanent: false,
                request_needed: f.creates_join_request,
                peer,
                expire_date: (f.expiration_date != 0).then_some(f.expiration_date),
                usage_limit: (f.member_limit != 0).then_some(f.member_limit),
                title: (!f.name.is_empty()).then(|| f.name.clone()),
                subscription_pricing: None,
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
        |_, answer| -> Answer {
            let link = members::invite_link(&answer?)
                .ok_or_else(|| error(500, "Receive wrong response"))?;
            engine::ok(link)
        },
    );
}

/// The hash of t.me/+HASH, t.me/joinchat/HASH and tg://join?invite=HASH links.
fn invite_hash(link: &str) -> Option<String> {
    let l = link.trim();
    let rest = l
        .strip_prefix("https://")
        .or_else(|| l.strip_prefix("http://"))
        .unwrap_or(l);
    let hash = if let Some(r) = rest
        .strip_prefix("tg://join?invite=")
        .or_else(|| rest.strip_prefix("tg:join?invite="))
    {
        r
    } else {
        let path = ["t.me/", "telegram.me/", "telegram.dog/"]
            .iter()
            .find_map(|h| rest.strip_prefix(h))?;
        path.strip_prefix('+')
            .or_else(|| path.strip_prefix("joinchat/"))?
    };
    let hash: String = hash
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    (!hash.is_empty()).then_some(hash)
}

pub fn join_chat_by_invite_link(s: &mut Session, extra: Option<Box<str>>, link: String) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    let Some(hash) = invite_hash(&link) else {
        return s
            .out()
            .error(error(400, "Wrong invite link"), extra.as_deref());
    };
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::messages::ImportChatInvite { hash })
                .await
        },
        |td, answer| -> Answer {
            let updates = match answer? {
                enums::messages::ChatInviteJoinResult::Ok(x) => x.updates,
                _ => return engine::ok(td::ChatJoinResultRequestSent {}),
            };
            let chat_id = chats_of(&updates).iter().find_map(|c| match c {
                enums::Chat::Chat(c) => Some(ChatKind::BasicGroup(c.id).chat_id()),
                enums::Chat::Channel(c) => Some(ChatKind::Channel(c.id).chat_id()),
                _ => None,
            });
            crate::updates::on_updates(td, updates);
            let out = td.out;
            let chat_id = chat_id
                .filter(|c| td.engine.announce_chat(*c, out))
                .ok_or_else(chat_not_found)?;
            engine::ok(td::ChatJoinResultSuccess { chat_id })
        },
    );
}

#[cfg(test)]
mod tests {
    use super::invite_hash;

    #[test]
    fn invite_links_of_every_form_give_their_hash() {
        assert_eq!(
            invite_hash("https://t.me/+AbC_1-x").as_deref(),
            Some("AbC_1-x")
        );
        assert_eq!(invite_hash("t.me/joinchat/Zz9").as_deref(), Some("Zz9"));
        assert_eq!(invite_hash("tg://join?invite=Q1").as_deref(), Some("Q1"));
        assert_eq!(invite_hash("https://t.me/somebody"), None);
        assert_eq!(invite_hash("https://t.me/+"), None);
    }
}
