//! messages.*: sending, editing, deleting, reading, history, search, dialogs, basic groups.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::{entities, input_media, input_peer, input_user, reply_to};
use super::out::messages::{message, message_or_empty};
use super::out::updates::{dialog, state, updates};
use super::out::users::notify_settings;
use super::out::Mentions;
use super::Context;
use crate::world::{
    Affected, Caller, DialogsQuery, HistoryPage, HistoryQuery, InputPeer, MessageBox, NewMessage,
    Peer, PtsStamp, RpcError, Sent, Stamped, Update, UserId, World, WorldResult,
};

/// The `updates` a sender gets back: updateMessageID for each random_id, then the new
/// messages with their pts.
pub fn sent_updates(
    world: &World,
    viewer: UserId,
    sent: &[Sent],
    date: i32,
) -> WorldResult<enums::Updates> {
    let head = sent
        .iter()
        .filter_map(|s| {
            s.random_id.map(|random_id| {
                enums::Update::MessageID(Box::new(types::UpdateMessageID {
                    id: s.message.id,
                    random_id,
                }))
            })
        })
        .collect();
    let list: Vec<Stamped> = sent
        .iter()
        .map(|s| Stamped {
            update: match s.message.owner {
                MessageBox::Channel(_) => Update::NewChannelMessage(s.message.clone()),
                MessageBox::User(_) => Update::NewMessage(s.message.clone()),
            },
            pts: Some(PtsStamp {
                pts: s.pts,
                pts_count: s.pts_count,
            }),
        })
        .collect();
    updates(world, viewer, head, &list, date)
}

fn edited_updates(
    world: &World,
    viewer: UserId,
    sent: &Sent,
    date: i32,
) -> WorldResult<enums::Updates> {
    let update = match sent.message.owner {
        MessageBox::Channel(_) => Update::EditChannelMessage(sent.message.clone()),
        MessageBox::User(_) => Update::EditMessage(sent.message.clone()),
    };
    let stamped = Stamped {
        update,
        pts: Some(PtsStamp {
            pts: sent.pts,
            pts_count: sent.pts_count,
        }),
    };
    updates(world, viewer, Vec::new(), &[stamped], date)
}

pub fn affected(a: Affected) -> Vec<u8> {
    enums::messages::AffectedMessages::AffectedMessages(Box::new(
        types::messages::AffectedMessages {
            pts: a.pts,
            pts_count: a.pts_count,
        },
    ))
    .to_bytes()
}

/// messages.messages, messagesSlice or channelMessages for a page of history.
pub fn messages_answer(
    world: &World,
    viewer: UserId,
    channel: Option<i64>,
    page: &HistoryPage,
) -> WorldResult<enums::messages::Messages> {
    let mut mentions = Mentions::default();
    page.messages.iter().for_each(|m| mentions.message(m));
    if let Some(id) = channel {
        mentions.peer(Peer::Channel(id));
    }
    let (users, chats) = mentions.resolve(world, viewer)?;
    let messages = page.messages.iter().map(message).collect();
    Ok(match channel {
        Some(id) => {
            enums::messages::Messages::ChannelMessages(Box::new(types::messages::ChannelMessages {
                inexact: false,
                pts: world.channel(id)?.map_or(0, |c| c.pts),
                count: page.count,
                offset_id_offset: None,
                messages,
                topics: Vec::new(),
                chats,
                users,
            }))
        }
        None if page.count as usize > page.messages.len() => {
            enums::messages::Messages::Slice(Box::new(types::messages::MessagesSlice {
                inexact: false,
                count: page.count,
                next_rate: None,
                offset_id_offset: None,
                search_flood: None,
                messages,
                topics: Vec::new(),
                chats,
                users,
            }))
        }
        None => enums::messages::Messages::Messages(Box::new(types::messages::Messages {
            messages,
            topics: Vec::new(),
            chats,
            users,
        })),
    })
}

fn send(
    world: &mut World,
    ctx: &Context,
    caller: Caller,
    to: &enums::InputPeer,
    message: NewMessage,
) -> WorldResult<Vec<u8>> {
    let sent = world.send_message(caller, input_peer(to), message, ctx.now)?;
    Ok(sent_updates(world, caller.user_id, &[sent], ctx.now)?.to_bytes())
}

pub fn send_message(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::SendMessage,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let message = NewMessage {
        text: x.message.clone(),
        entities: entities(world, caller.user_id, x.entities.as_ref())?,
        media: None,
        reply_to: reply_to(x.reply_to.as_ref()),
        random_id: Some(x.random_id),
        silent: x.silent,
        clear_draft: x.clear_draft,
    };
    send(world, ctx, caller, &x.peer, message)
}

pub fn send_media(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::SendMedia,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let message = NewMessage {
        text: x.message.clone(),
        entities: entities(world, caller.user_id, x.entities.as_ref())?,
        media: Some(input_media(&x.media)?),
        reply_to: reply_to(x.reply_to.as_ref()),
        random_id: Some(x.random_id),
        silent: x.silent,
        clear_draft: x.clear_draft,
    };
    send(world, ctx, caller, &x.peer, message)
}

pub fn edit_message(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::EditMessage,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    if x.media.is_some() {
        return Err(RpcError::MediaInvalid.into());
    }
    let new_entities = match &x.entities {
        Some(list) => Some(entities(world, caller.user_id, Some(list))?),
        None => None,
    };
    let sent = world.edit_message(
        caller,
        input_peer(&x.peer),
        x.id,
        x.message.clone(),
        new_entities,
        ctx.now,
    )?;
    Ok(edited_updates(world, caller.user_id, &sent, ctx.now)?.to_bytes())
}

pub fn forward_messages(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::ForwardMessages,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let sent = world.forward_messages(
        caller,
        input_peer(&x.from_peer),
        &x.id,
        input_peer(&x.to_peer),
        &x.random_id,
        x.drop_author,
        x.silent,
        ctx.now,
    )?;
    Ok(sent_updates(world, caller.user_id, &sent, ctx.now)?.to_bytes())
}

pub fn delete_messages(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::DeleteMessages,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    Ok(affected(
        world.delete_messages(caller, &x.id, x.revoke, ctx.now)?,
    ))
}

pub fn read_history(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::ReadHistory,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    Ok(affected(world.read_history(
        caller,
        input_peer(&x.peer),
        x.max_id,
        ctx.now,
    )?))
}

pub fn get_messages(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::GetMessages,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let ids: Vec<i32> =
        x.id.iter()
            .map(|m| match m {
                enums::InputMessage::ID(m) => m.id,
                _ => 0,
            })
            .collect();
    let found = world.get_messages(caller, &ids)?;
    let mut mentions = Mentions::default();
    found.iter().flatten().for_each(|m| mentions.message(m));
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    let messages = ids
        .iter()
        .zip(&found)
        .map(|(id, m)| message_or_empty(*id, m.as_ref()))
        .collect();
    Ok(
        enums::messages::Messages::Messages(Box::new(types::messages::Messages {
            messages,
            topics: Vec::new(),
            chats,
            users,
        }))
        .to_bytes(),
    )
}

pub fn get_history(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::GetHistory,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let peer = world.resolve_input_peer(caller.user_id, input_peer(&x.peer))?;
    let query = HistoryQuery {
        offset_id: x.offset_id,
        offset_date: x.offset_date,
        add_offset: x.add_offset,
        limit: x.limit,
        max_id: x.max_id,
        min_id: x.min_id,
    };
    let page = world.get_history(caller, peer, query)?;
    let channel = match peer {
        Peer::Channel(id) => Some(id),
        _ => None,
    };
    Ok(messages_answer(world, caller.user_id, channel, &page)?.to_bytes())
}

pub fn get_dialogs(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::GetDialogs,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let offset_peer = world
        .resolve_input_peer(caller.user_id, input_peer(&x.offset_peer))
        .ok();
    let page = world.dialogs(
        caller.user_id,
        &DialogsQuery {
            offset_date: x.offset_date,
            offset_id: x.offset_id,
            offset_peer,
            limit: x.limit,
            folder_id: x.folder_id,
            exclude_pinned: x.exclude_pinned,
        },
    )?;
    let mut mentions = Mentions::default();
    page.dialogs.iter().for_each(|d| mentions.peer(d.peer));
    page.messages.iter().for_each(|m| mentions.message(m));
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    let dialogs = page.dialogs.iter().map(dialog).collect();
    let messages = page.messages.iter().map(message).collect();
    Ok(if page.count as usize > page.dialogs.len() {
        enums::messages::Dialogs::Slice(Box::new(types::messages::DialogsSlice {
            count: page.count,
            dialogs,
            messages,
            chats,
            users,
        }))
    } else {
        enums::messages::Dialogs::Dialogs(Box::new(types::messages::Dialogs {
            dialogs,
            messages,
            chats,
            users,
        }))
    }
    .to_bytes())
}

pub fn get_peer_dialogs(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::GetPeerDialogs,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let mut peers = Vec::new();
    for p in &x.peers {
        if let enums::InputDialogPeer::InputDialogPeer(p) = p {
            peers.push(world.resolve_input_peer(caller.user_id, input_peer(&p.peer))?);
        }
    }
    let (found, tops) = world.peer_dialogs(caller.user_id, &peers)?;
    let mut mentions = Mentions::default();
    found.iter().for_each(|d| mentions.peer(d.peer));
    tops.iter().for_each(|m| mentions.message(m));
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    Ok(
        enums::messages::PeerDialogs::PeerDialogs(Box::new(types::messages::PeerDialogs {
            dialogs: found.iter().map(dialog).collect(),
            messages: tops.iter().map(message).collect(),
            chats,
            users,
            state: state(&world.update_state(caller.user_id, ctx.now)?),
        }))
        .to_bytes(),
    )
}

fn invited(world: &World, viewer: UserId, sent: &Sent, date: i32) -> WorldResult<Vec<u8>> {
    Ok(
        enums::messages::InvitedUsers::InvitedUsers(Box::new(types::messages::InvitedUsers {
            updates: sent_updates(world, viewer, std::slice::from_ref(sent), date)?,
            missing_invitees: Vec::new(),
        }))
        .to_bytes(),
    )
}

pub fn create_chat(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::CreateChat,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let mut members = Vec::new();
    for u in &x.users {
        members.push(world.resolve_input_user(caller.user_id, input_user(u))?);
    }
    let sent = world.create_chat(caller, &members, &x.title, ctx.now)?;
    invited(world, caller.user_id, &sent, ctx.now)
}

pub fn add_chat_user(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::AddChatUser,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let user = world.resolve_input_user(caller.user_id, input_user(&x.user_id))?;
    let sent = world.add_chat_user(caller, x.chat_id, user, ctx.now)?;
    invited(world, caller.user_id, &sent, ctx.now)
}

pub fn edit_chat_title(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::EditChatTitle,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let sent = world.edit_chat_title(caller, x.chat_id, &x.title, ctx.now)?;
    Ok(sent_updates(world, caller.user_id, &[sent], ctx.now)?.to_bytes())
}

pub fn get_chats(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::GetChats,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let mut peers = Vec::new();
    for &id in &x.id {
        if let Ok(peer) = world.resolve_input_peer(caller.user_id, InputPeer::Chat { chat_id: id })
        {
            peers.push(peer);
        }
    }
    let chats = super::out::chats::chats(world, caller.user_id, &peers)?;
    Ok(enums::messages::Chats::Chats(Box::new(types::messages::Chats { chats })).to_bytes())
}

pub fn get_full_chat(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::GetFullChat,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let peer = world.resolve_input_peer(caller.user_id, InputPeer::Chat { chat_id: x.chat_id })?;
    let Some(info) = world.chat(x.chat_id)? else {
        return Err(RpcError::ChatIdInvalid.into());
    };
    let participants = info
        .members
        .iter()
        .map(|m| {
            if m.user_id != info.creator_id
                && world.is_chat_admin(info.id, m.user_id).unwrap_or(false)
            {
                return enums::ChatParticipant::Admin(Box::new(types::ChatParticipantAdmin {
                    user_id: m.user_id,
                    inviter_id: m.inviter_id,
                    date: m.date,
                    rank: None,
                }));
            }
            if m.user_id == info.creator_id {
                enums::ChatParticipant::Creator(Box::new(types::ChatParticipantCreator {
                    user_id: m.user_id,
                    rank: None,
                }))
            } else {
                enums::ChatParticipant::ChatParticipant(Box::new(types::ChatParticipant {
                    user_id: m.user_id,
                    inviter_id: m.inviter_id,
                    date: m.date,
                    rank: None,
                }))
            }
        })
        .collect();
    let full = types::ChatFull {
        can_set_username: false,
        has_scheduled: false,
        translations_disabled: false,
        id: info.id,
        about: world.chat_about(info.id)?,
        participants: enums::ChatParticipants::ChatParticipants(Box::new(
            types::ChatParticipants {
                chat_id: info.id,
                participants,
                version: info.version,
            },
        )),
        chat_photo: None,
        notify_settings: notify_settings(),
        exported_invite: None,
        bot_info: None,
        pinned_msg_id: None,
        folder_id: None,
        call: None,
        ttl_period: None,
        groupcall_default_join_as: None,
        theme_emoticon: None,
        requests_pending: None,
        recent_requesters: None,
        available_reactions: None,
        reactions_limit: None,
    };
    let mut mentions = Mentions::default();
    mentions.peer(peer);
    info.members.iter().for_each(|m| mentions.user(m.user_id));
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    Ok(
        enums::messages::ChatFull::ChatFull(Box::new(types::messages::ChatFull {
            full_chat: enums::ChatFull::ChatFull(Box::new(full)),
            chats,
            users,
        }))
        .to_bytes(),
    )
}
