//! Group administration over TL: about, titles, admins, bans, default rights, migration to
//! a supergroup, invite links and message links.

use tl::api::{enums, functions, types};

use crate::common::*;
use crate::tl_chats::*;
use crate::tl_client::*;

fn rights(ban_users: bool, change_info: bool) -> enums::ChatAdminRights {
    enums::ChatAdminRights::ChatAdminRights(Box::new(types::ChatAdminRights {
        change_info,
        post_messages: false,
        edit_messages: false,
        delete_messages: false,
        ban_users,
        invite_users: true,
        pin_messages: false,
        add_admins: false,
        anonymous: false,
        manage_call: false,
        other: false,
        manage_topics: false,
        post_stories: false,
        edit_stories: false,
        delete_stories: false,
        manage_direct_messages: false,
        manage_ranks: false,
    }))
}

fn banned(view_messages: bool, send_messages: bool) -> enums::ChatBannedRights {
    enums::ChatBannedRights::ChatBannedRights(Box::new(types::ChatBannedRights {
        view_messages,
        send_messages,
        send_media: false,
        send_stickers: false,
        send_gifs: false,
        send_games: false,
        send_inline: false,
        embed_links: false,
        send_polls: false,
        change_info: false,
        invite_users: false,
        pin_messages: false,
        manage_topics: false,
        send_photos: false,
        send_videos: false,
        send_roundvideos: false,
        send_audios: false,
        send_voices: false,
        send_docs: false,
        send_plain: false,
        edit_rank: false,
        send_reactions: false,
        until_date: 0,
    }))
}

#[test]
fn channel_admins_bans_titles_and_links() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let b = account(&mut w, &dcs, 2);
    let c = account(&mut w, &dcs, 3);
    let group = create_channel(&mut w, &a, &[b.id, c.id], "Club", false);
    let (ch_a, ch_b) = (
        input_channel(&w, a.id, group),
        input_channel(&w, b.id, group),
    );
    let b_in_a = user_peer(&w, a.id, b.id);
    let c_in_b = user_peer(&w, b.id, c.id);

    // B is no admin yet.
    let title = |channel: &enums::InputChannel, t: &str| functions::channels::EditTitle {
        channel: channel.clone(),
        title: t.into(),
    };
    assert_eq!(
        b.main
            .call(&mut w, title(&ch_b, "Mine"))
            .unwrap_err()
            .message(),
        "CHAT_ADMIN_REQUIRED"
    );
    let promote = functions::channels::EditAdmin {
        channel: ch_a.clone(),
        user_id: tl_user(&w, a.id, b.id),
        admin_rights: rights(true, true),
        rank: Some("moderator".into()),
    };
    a.main.call(&mut w, promote).unwrap();
    let get = functions::channels::GetParticipant {
        channel: ch_a.clone(),
        participant: b_in_a.clone(),
    };
    let enums::channels::ChannelParticipant::ChannelParticipant(got) =
        a.main.call(&mut w, get).unwrap();
    let enums::ChannelParticipant::Admin(admin) = &got.participant else {
        panic!("an admin, not {:?}", got.participant)
    };
    assert_eq!(
        (admin.promoted_by, admin.rank.as_deref()),
        (a.id, Some("moderator"))
    );
    let enums::ChatAdminRights::ChatAdminRights(r) = &admin.admin_rights;
    assert!(r.ban_users && r.change_info && !r.add_admins);
    // The creator cannot be demoted, and B may not add admins.
    let demote_creator = functions::channels::EditAdmin {
        channel: ch_b.clone(),
        user_id: tl_user(&w, b.id, a.id),
        admin_rights: rights(false, false),
        rank: None,
    };
    assert_eq!(
        b.main.call(&mut w, demote_creator).unwrap_err().message(),
        "CHAT_ADMIN_REQUIRED"
    );

    // B renames it: a service message and updateChannel for everyone.
    w.drain_pushes();
    let answer = b.main.call(&mut w, title(&ch_b, "Club 2")).unwrap();
    let list = updates_of(&answer);
    assert!(matches!(&list[0], enums::Update::Channel(u) if u.channel_id == group));
    assert!(matches!(&list[1], enums::Update::NewChannelMessage(n)
        if matches!(&n.message, enums::Message::Service(s)
            if matches!(&s.action, enums::MessageAction::ChatEditTitle(t) if t.title == "Club 2"))));
    let pushes = w.drain_pushes();
    assert!(pushed_to(&w, &pushes, c.id, 0)
        .iter()
        .any(|u| matches!(u, enums::Update::Channel(_))));
    assert_eq!(
        b.main
            .call(&mut w, title(&ch_b, "Club 2"))
            .unwrap_err()
            .message(),
        "CHAT_NOT_MODIFIED"
    );

    // B kicks C: C leaves with a service message and is listed as banned.
    let kick = functions::channels::EditBanned {
        channel: ch_b.clone(),
        participant: c_in_b.clone(),
        banned_rights: banned(true, false),
    };
    let answer = b.main.call(&mut w, kick).unwrap();
    assert!(updates_of(&answer)
        .iter()
        .any(|u| matches!(u, enums::Update::NewChannelMessage(_))));
    let get = functions::channels::GetParticipant {
        channel: ch_b.clone(),
        participant: c_in_b.clone(),
    };
    let enums::channels::ChannelParticipant::ChannelParticipant(got) =
        b.main.call(&mut w, get).unwrap();
    assert!(
        matches!(&got.participant, enums::ChannelParticipant::Banned(x) if x.left && x.kicked_by == b.id)
    );
    let creator_ban = functions::channels::EditBanned {
        channel: ch_b.clone(),
        participant: user_peer(&w, b.id, a.id),
        banned_rights: banned(true, false),
    };
    assert_eq!(
        b.main.call(&mut w, creator_ban).unwrap_err().message(),
        "USER_CREATOR"
    );
    // Default rights forbid members to write; an admin still may.
    let mute = functions::messages::EditChatDefaultBannedRights {
        peer: channel_peer(&w, a.id, group),
        banned_rights: banned(false, true),
    };
    a.main.call(&mut w, mute).unwrap();
    let again = functions::messages::EditChatDefaultBannedRights {
        peer: channel_peer(&w, a.id, group),
        banned_rights: banned(false, true),
    };
    assert_eq!(
        a.main.call(&mut w, again).unwrap_err().message(),
        "CHAT_NOT_MODIFIED"
    );
    let msg = send_message(channel_peer(&w, b.id, group), "still here", 5);
    let post = sent_id(&mut w, &b.main, msg);

    let group_a = channel_peer(&w, a.id, group);
    let about = |t: &str| functions::messages::EditChatAbout {
        peer: group_a.clone(),
        about: t.into(),
    };
    assert!(a.main.call(&mut w, about("About us")).unwrap());
    assert_eq!(
        a.main
            .call(&mut w, about("About us"))
            .unwrap_err()
            .message(),
        "CHAT_ABOUT_NOT_MODIFIED"
    );

    let link = functions::channels::ExportMessageLink {
        grouped: false,
        thread: false,
        channel: ch_a.clone(),
        id: post,
    };
    let enums::ExportedMessageLink::ExportedMessageLink(link) = a.main.call(&mut w, link).unwrap();
    assert_eq!(link.link, format!("https://t.me/c/{group}/{post}"));
    let missing = functions::channels::ExportMessageLink {
        grouped: false,
        thread: false,
        channel: ch_a,
        id: 999,
    };
    assert_eq!(
        a.main.call(&mut w, missing).unwrap_err().message(),
        "MESSAGE_ID_INVALID"
    );
}

#[test]
fn basic_group_admins_invites_and_migration() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let b = account(&mut w, &dcs, 2);
    let c = account(&mut w, &dcs, 3);
    let chat = create_chat(&mut w, &a, &[b.id], "Small");
    let make_admin = |w: &testdc::world::World, who, is_admin| functions::messages::EditChatAdmin {
        chat_id: chat,
        user_id: tl_user(w, a.id, who),
        is_admin,
    };
    let not_member = make_admin(&w, c.id, true);
    assert_eq!(
        a.main.call(&mut w, not_member).unwrap_err().message(),
        "USER_NOT_PARTICIPANT"
    );
    w.drain_pushes();
    let promote = make_admin(&w, b.id, true);
    assert!(a.main.call(&mut w, promote).unwrap());
    let pushes = w.drain_pushes();
    assert!(pushed_to(&w, &pushes, b.id, 0).iter().any(|u| matches!(u,
        enums::Update::ChatParticipantAdmin(x) if x.is_admin && x.user_id == b.id)));
    let about = functions::messages::EditChatAbout {
        peer: chat_peer(chat),
        about: "a small group".into(),
    };
    assert!(b.main.call(&mut w, about).unwrap());

    // Invite links: B exports one, C checks and joins by it.
    let export = functions::messages::ExportChatInvite {
        legacy_revoke_permanent: false,
        request_needed: false,
        peer: chat_peer(chat),
        expire_date: None,
        usage_limit: Some(1),
        title: Some("once".into()),
        subscription_pricing: None,
    };
    let enums::ExportedChatInvite::ChatInviteExported(invite) =
        b.main.call(&mut w, export).unwrap()
    else {
        panic!("chatInviteExported")
    };
    let hash = invite
        .link
        .strip_prefix("https://t.me/+")
        .expect("a t.me/+ link")
        .to_string();
    let check = |h: &str| functions::messages::CheckChatInvite { hash: h.into() };
    let enums::ChatInvite::ChatInvite(seen) = c.main.call(&mut w, check(&hash)).unwrap() else {
        panic!("chatInvite")
    };
    assert_eq!(
        (seen.title.as_str(), seen.participants_count, seen.channel),
        ("Small", 2, false)
    );
    assert_eq!(seen.about.as_deref(), Some("a small group"));
    assert!(matches!(
        b.main.call(&mut w, check(&hash)).unwrap(),
        enums::ChatInvite::Already(_)
    ));
    assert_eq!(
        c.main.call(&mut w, check("nope")).unwrap_err().message(),
        "INVITE_HASH_INVALID"
    );
    let join = |h: &str| functions::messages::ImportChatInvite { hash: h.into() };
    let enums::messages::ChatInviteJoinResult::Ok(joined) =
        c.main.call(&mut w, join(&hash)).unwrap()
    else {
        panic!("joined")
    };
    assert!(updates_of(&joined.updates).iter().any(|u| matches!(u, enums::Update::NewMessage(n)
        if matches!(&n.message, enums::Message::Service(s)
            if matches!(&s.action, enums::MessageAction::ChatJoinedByLink(j) if j.inviter_id == b.id)))));
    // Used up.
    assert_eq!(
        a.main.call(&mut w, check(&hash)).unwrap_err().message(),
        "INVITE_HASH_EXPIRED"
    );

    // Migration: only the creator; the members move, the chat is deactivated.
    let migrate = functions::messages::MigrateChat { chat_id: chat };
    assert_eq!(
        b.main.call(&mut w, migrate.clone()).unwrap_err().message(),
        "CHAT_ADMIN_REQUIRED"
    );
    w.drain_pushes();
    let answer = a.main.call(&mut w, migrate.clone()).unwrap();
    let enums::Updates::Updates(answer) = answer else {
        panic!("updates")
    };
    let channel = answer.chats.iter().find_map(|c| match c {
        enums::Chat::Channel(ch) => Some((**ch).clone()),
        _ => None,
    });
    let channel = channel.expect("the supergroup");
    assert!(channel.megagroup && channel.creator && channel.participants_count == Some(3));
    let old = answer.chats.iter().find_map(|c| match c {
        enums::Chat::Chat(c) => Some((**c).clone()),
        _ => None,
    });
    let old = old.expect("the old chat");
    assert!(
        old.deactivated
            && matches!(&old.migrated_to, Some(enums::InputChannel::InputChannel(m)) if m.channel_id == channel.id)
    );
    assert!(answer.updates.iter().any(|u| matches!(u, enums::Update::NewChannelMessage(n)
        if matches!(&n.message, enums::Message::Service(s)
            if matches!(&s.action, enums::MessageAction::ChannelMigrateFrom(f) if f.chat_id == chat)))));
    assert!(answer.updates.iter().any(|u| matches!(u, enums::Update::NewMessage(n)
        if matches!(&n.message, enums::Message::Service(s)
            if matches!(&s.action, enums::MessageAction::ChatMigrateTo(t) if t.channel_id == channel.id)))));
    let pushes = w.drain_pushes();
    assert!(pushed_to(&w, &pushes, c.id, 0)
        .iter()
        .any(|u| matches!(u, enums::Update::Channel(x) if x.channel_id == channel.id)));
    let get = functions::channels::GetParticipant {
        channel: input_channel(&w, a.id, channel.id),
        participant: user_peer(&w, a.id, b.id),
    };
    let enums::channels::ChannelParticipant::ChannelParticipant(got) =
        a.main.call(&mut w, get).unwrap();
    assert!(
        matches!(got.participant, enums::ChannelParticipant::Admin(_)),
        "admins stay admins"
    );
    let msg = send_message(chat_peer(chat), "too late", 9);
    assert_eq!(
        a.main.call(&mut w, msg).unwrap_err().message(),
        "CHAT_ID_INVALID"
    );
    assert_eq!(
        a.main.call(&mut w, migrate).unwrap_err().message(),
        "CHAT_ID_INVALID"
    );
}
