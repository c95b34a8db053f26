//! TL helpers for the chat-management tests: signed-in clients, peers, sends.

use testdc::world::{Push, PushTarget, UserId, World};
use tl::api::{enums, functions, types};

use crate::common::*;
use crate::tl_client::*;

/// A signed-up user with a second signed-in session.
pub struct Account<'a> {
    pub id: UserId,
    pub main: Client<'a>,
    pub other: Client<'a>,
}

pub fn account<'a>(w: &mut World, dcs: &'a [testdc::rpc::DcAddress], n: u32) -> Account<'a> {
    let main = Client::new(w, dcs, 100 + i64::from(n), 2);
    let other = Client::new(w, dcs, 200 + i64::from(n), 2);
    let me = tl_sign_up(w, &main, &phone(2, n), &format!("User{n}"));
    tl_sign_in(w, &other, &phone(2, n));
    Account {
        id: me.id,
        main,
        other,
    }
}

pub fn user_peer(w: &World, viewer: UserId, user: UserId) -> enums::InputPeer {
    enums::InputPeer::User(Box::new(types::InputPeerUser {
        user_id: user,
        access_hash: w.user_access_hash(viewer, user),
    }))
}

pub fn tl_user(w: &World, viewer: UserId, user: UserId) -> enums::InputUser {
    enums::InputUser::InputUser(Box::new(types::InputUser {
        user_id: user,
        access_hash: w.user_access_hash(viewer, user),
    }))
}

pub fn chat_peer(chat_id: i64) -> enums::InputPeer {
    enums::InputPeer::Chat(Box::new(types::InputPeerChat { chat_id }))
}

pub fn channel_peer(w: &World, viewer: UserId, channel_id: i64) -> enums::InputPeer {
    enums::InputPeer::Channel(Box::new(types::InputPeerChannel {
        channel_id,
        access_hash: w.channel_access_hash(viewer, channel_id),
    }))
}

pub fn input_channel(w: &World, viewer: UserId, channel_id: i64) -> enums::InputChannel {
    enums::InputChannel::InputChannel(Box::new(types::InputChannel {
        channel_id,
        access_hash: w.channel_access_hash(viewer, channel_id),
    }))
}

pub fn reply(id: i32) -> enums::InputReplyTo {
    enums::InputReplyTo::Message(Box::new(types::InputReplyToMessage {
        reply_to_msg_id: id,
        top_msg_id: None,
        reply_to_peer_id: None,
        quote_text: None,
        quote_entities: None,
        quote_offset: None,
        monoforum_peer_id: None,
        todo_item_id: None,
        poll_option: None,
    }))
}

pub fn send_message(
    peer: enums::InputPeer,
    text: &str,
    random_id: i64,
) -> functions::messages::SendMessage {
    functions::messages::SendMessage {
        no_webpage: false,
        silent: false,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer,
        reply_to: None,
        message: text.to_string(),
        random_id,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    }
}

/// Sends and returns the new message's id (from updateMessageID).
pub fn sent_id(w: &mut World, c: &Client, send: functions::messages::SendMessage) -> i32 {
    let answer = c.call(w, send).expect("sendMessage");
    updates_of(&answer)
        .iter()
        .find_map(|u| match u {
            enums::Update::MessageID(m) => Some(m.id),
            _ => None,
        })
        .expect("updateMessageID")
}

pub fn updates_of(u: &enums::Updates) -> Vec<enums::Update> {
    match u {
        enums::Updates::Updates(u) => u.updates.clone(),
        enums::Updates::Combined(u) => u.updates.clone(),
        other => panic!("an updates container, not {other:?}"),
    }
}

/// The TL updates the session of `user` on auth key `key` is pushed (rendered as the
/// network would).
pub fn pushed_to(w: &World, pushes: &[Push], user: UserId, key: i64) -> Vec<enums::Update> {
    let mine: Vec<Push> = pushes
        .iter()
        .filter(|p| match p.target {
            PushTarget::User {
                user_id,
                except_auth_key,
            } => user_id == user && except_auth_key != Some(key),
            PushTarget::AuthKey(_) => false,
        })
        .cloned()
        .collect();
    mine.iter()
        .flat_map(|p| {
            match testdc::rpc::out::updates::push(w, std::slice::from_ref(p)).expect("render") {
                Some(u) => updates_of(&u),
                None => Vec::new(),
            }
        })
        .collect()
}

pub fn dialogs(w: &mut World, c: &Client, folder_id: Option<i32>) -> Vec<types::Dialog> {
    let get = functions::messages::GetDialogs {
        exclude_pinned: false,
        folder_id,
        offset_date: 0,
        offset_id: 0,
        offset_peer: enums::InputPeer::Empty,
        limit: 50,
        hash: 0,
    };
    let list = match c.call(w, get).expect("getDialogs") {
        enums::messages::Dialogs::Dialogs(d) => d.dialogs,
        enums::messages::Dialogs::Slice(d) => d.dialogs,
        enums::messages::Dialogs::NotModified(_) => Vec::new(),
    };
    list.into_iter()
        .filter_map(|d| match d {
            enums::Dialog::Dialog(d) => Some(*d),
            enums::Dialog::Folder(_) => None,
        })
        .collect()
}

pub fn peer_id(p: &enums::Peer) -> i64 {
    match p {
        enums::Peer::User(u) => u.user_id,
        enums::Peer::Chat(c) => c.chat_id,
        enums::Peer::Channel(c) => c.channel_id,
    }
}

/// A basic group of `owner` with `members`; returns its id.
pub fn create_chat(w: &mut World, owner: &Account, members: &[UserId], title: &str) -> i64 {
    let users = members.iter().map(|m| tl_user(w, owner.id, *m)).collect();
    let create = functions::messages::CreateChat {
        users,
        title: title.into(),
        ttl_period: None,
    };
    let enums::messages::InvitedUsers::InvitedUsers(done) =
        owner.main.call(w, create).expect("createChat");
    match &done.updates {
        enums::Updates::Updates(u) => u
            .chats
            .iter()
            .find_map(|c| match c {
                enums::Chat::Chat(c) => Some(c.id),
                _ => None,
            })
            .expect("the new chat"),
        other => panic!("updates, not {other:?}"),
    }
}

/// A supergroup (or broadcast channel) of `owner`, with `members` invited.
pub fn create_channel(
    w: &mut World,
    owner: &Account,
    members: &[UserId],
    title: &str,
    broadcast: bool,
) -> i64 {
    let create = functions::channels::CreateChannel {
        broadcast,
        megagroup: !broadcast,
        for_import: false,
        forum: false,
        title: title.into(),
        about: String::new(),
        geo_point: None,
        address: None,
        ttl_period: None,
    };
    let answer = owner.main.call(w, create).expect("createChannel");
    let channel = updates_of(&answer)
        .iter()
        .find_map(|u| match u {
            enums::Update::Channel(c) => Some(c.channel_id),
            _ => None,
        })
        .expect("updateChannel");
    if !members.is_empty() {
        let invite = functions::channels::InviteToChannel {
            channel: input_channel(w, owner.id, channel),
            users: members.iter().map(|m| tl_user(w, owner.id, *m)).collect(),
        };
        owner.main.call(w, invite).expect("inviteToChannel");
    }
    channel
}
