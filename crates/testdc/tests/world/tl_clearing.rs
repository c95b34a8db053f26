//! The clearing, deleting and contact calls over TL: each answer as a client decodes it.

use tl::api::{enums, functions};

use crate::common::*;
use crate::tl_chats::*;
use crate::tl_client::*;

fn delete_history(peer: enums::InputPeer, just_clear: bool) -> functions::messages::DeleteHistory {
    functions::messages::DeleteHistory {
        just_clear,
        revoke: true,
        peer,
        max_id: 0,
        min_date: None,
        max_date: None,
    }
}

fn chat_of(updates: &enums::Updates) -> Vec<enums::Chat> {
    match updates {
        enums::Updates::Updates(u) => u.chats.clone(),
        enums::Updates::Combined(u) => u.chats.clone(),
        other => panic!("updates, not {other:?}"),
    }
}

#[test]
fn delete_history_answers_affected_history_and_tells_both_sides() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let b = account(&mut w, &dcs, 2);
    let to_b = user_peer(&w, a.id, b.id);
    sent_id(&mut w, &a.main, send_message(to_b.clone(), "hello", 1));
    sent_id(&mut w, &a.main, send_message(to_b.clone(), "again", 2));
    w.drain_pushes();
    let enums::messages::AffectedHistory::AffectedHistory(done) =
        a.main.call(&mut w, delete_history(to_b, true)).unwrap();
    assert_eq!((done.pts_count, done.offset), (2, 0));
    let pushes = w.drain_pushes();
    let other = pushed_to(&w, &pushes, a.id, a.other.key);
    assert!(
        matches!(&other[..], [enums::Update::DeleteMessages(d)] if d.pts == done.pts && d.pts_count == 2),
        "{other:?}"
    );
    let theirs = pushed_to(&w, &pushes, b.id, b.main.key);
    assert!(
        matches!(&theirs[..], [enums::Update::DeleteMessages(d)] if d.messages.len() == 2),
        "{theirs:?}"
    );
    // just_clear: the dialog is still listed, with nothing in it.
    assert!(dialogs(&mut w, &a.main, None)
        .iter()
        .any(|d| peer_id(&d.peer) == b.id && d.top_message == 0));
}

#[test]
fn channel_history_and_channel_deletion_answer_updates() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let b = account(&mut w, &dcs, 2);
    let channel = create_channel(&mut w, &a, &[b.id], "Super", false);
    let to_channel = channel_peer(&w, b.id, channel);
    sent_id(&mut w, &b.main, send_message(to_channel, "hi", 3));
    let clear = functions::channels::DeleteHistory {
        for_everyone: false,
        channel: input_channel(&w, b.id, channel),
        max_id: 0,
    };
    let answer = b.main.call(&mut w, clear).unwrap();
    let enums::Updates::Updates(u) = &answer else {
        panic!("updates with a seq, not {answer:?}")
    };
    assert!(u.seq > 0, "updateChannelAvailableMessages moves the seq");
    assert!(matches!(
        &u.updates[..],
        [enums::Update::ChannelAvailableMessages(m)] if m.channel_id == channel && m.available_min_id > 0
    ));
    w.drain_pushes();
    let delete = functions::channels::DeleteChannel {
        channel: input_channel(&w, a.id, channel),
    };
    let answer = a.main.call(&mut w, delete).unwrap();
    assert!(updates_of(&answer)
        .iter()
        .any(|u| matches!(u, enums::Update::Channel(c) if c.channel_id == channel)));
    assert!(matches!(
        &chat_of(&answer)[..],
        [enums::Chat::ChannelForbidden(c)] if c.id == channel
    ));
    let pushes = w.drain_pushes();
    assert!(pushed_to(&w, &pushes, b.id, b.main.key)
        .iter()
        .any(|u| matches!(u, enums::Update::Channel(c) if c.channel_id == channel)));
}

#[test]
fn delete_chat_answers_true_and_revoke_history_answers_the_callers_deletion() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let b = account(&mut w, &dcs, 2);
    let c = account(&mut w, &dcs, 3);
    let chat = create_chat(&mut w, &a, &[b.id, c.id], "Team");
    sent_id(&mut w, &c.main, send_message(chat_peer(chat), "spam", 4));
    let remove = functions::messages::DeleteChatUser {
        revoke_history: true,
        chat_id: chat,
        user_id: tl_user(&w, a.id, c.id),
    };
    let answer = a.main.call(&mut w, remove).unwrap();
    let list = updates_of(&answer);
    assert!(matches!(&list[0], enums::Update::DeleteMessages(d) if d.messages.len() == 1));
    assert!(matches!(&list[1], enums::Update::NewMessage(_)));
    let enums::Update::DeleteMessages(first) = &list[0] else {
        unreachable!()
    };
    let enums::Update::NewMessage(second) = &list[1] else {
        unreachable!()
    };
    assert_eq!(second.pts, first.pts + 1, "in order in A's pts");
    let deleted = a
        .main
        .call(&mut w, functions::messages::DeleteChat { chat_id: chat })
        .unwrap();
    assert!(deleted);
    let get = functions::messages::GetChats { id: vec![chat] };
    let enums::messages::Chats::Chats(chats) = b.main.call(&mut w, get).unwrap() else {
        panic!("messages.chats")
    };
    // Not B's chat any more (updateChat told B to look: it is chatForbidden there).
    assert!(chats.chats.is_empty(), "{:?}", chats.chats);
}

#[test]
fn add_contact_and_search_over_tl() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let b = account(&mut w, &dcs, 2);
    let add = functions::contacts::AddContact {
        add_phone_privacy_exception: true,
        id: tl_user(&w, a.id, b.id),
        first_name: "Bobby".into(),
        last_name: "Tables".into(),
        phone: String::new(),
        note: None,
    };
    let answer = a.main.call(&mut w, add).unwrap();
    let enums::Updates::Updates(u) = &answer else {
        panic!("updates, not {answer:?}")
    };
    assert!(matches!(&u.updates[..], [enums::Update::PeerSettings(s)]
        if matches!(&s.peer, enums::Peer::User(p) if p.user_id == b.id)));
    assert!(matches!(&u.users[..], [enums::User::User(user)]
        if user.contact && user.first_name.as_deref() == Some("Bobby") && user.phone.is_some()));
    let search = functions::contacts::Search {
        broadcasts: false,
        bots: false,
        q: "tab".into(),
        limit: 5,
    };
    let enums::contacts::Found::Found(found) = a.main.call(&mut w, search).unwrap();
    assert!(matches!(&found.my_results[..], [enums::Peer::User(p)] if p.user_id == b.id));
    assert!(found.results.is_empty());
    assert_eq!(found.users.len(), 1);
    let read = functions::messages::ReadMessageContents { id: vec![1, 2] };
    let enums::messages::AffectedMessages::AffectedMessages(read) =
        a.main.call(&mut w, read).unwrap();
    assert_eq!(read.pts_count, 0, "nothing unread");
}
