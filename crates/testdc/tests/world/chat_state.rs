//! Dialog state over TL: replies and mentions, drafts, pinned dialogs and folders, pinned
//! messages; each answer checked, and what the other sessions and members are pushed.

use tl::api::{enums, functions, types};

use crate::common::*;
use crate::tl_chats::*;
use crate::tl_client::*;

fn mention_name(offset: i32, length: i32, user: enums::InputUser) -> enums::MessageEntity {
    enums::MessageEntity::InputMessageEntityMentionName(Box::new(
        types::InputMessageEntityMentionName {
            offset,
            length,
            user_id: user,
        },
    ))
}

fn message_of(w: &mut World, c: &Client, peer: enums::InputPeer, id: i32) -> types::Message {
    let get = functions::messages::GetHistory {
        peer,
        offset_id: id + 1,
        offset_date: 0,
        add_offset: 0,
        limit: 1,
        max_id: 0,
        min_id: 0,
        hash: 0,
    };
    let list = match c.call(w, get).unwrap() {
        enums::messages::Messages::Messages(m) => m.messages,
        enums::messages::Messages::Slice(m) => m.messages,
        enums::messages::Messages::ChannelMessages(m) => m.messages,
        enums::messages::Messages::NotModified(_) => Vec::new(),
    };
    match list.into_iter().next() {
        Some(enums::Message::Message(m)) if m.id == id => *m,
        other => panic!("message {id}, not {other:?}"),
    }
}

use testdc::world::World;

#[test]
fn replies_mentions_and_their_counters_in_a_group() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let b = account(&mut w, &dcs, 2);
    let chat = create_chat(&mut w, &a, &[b.id], "Team");
    let first = {
        let msg = send_message(chat_peer(chat), "question", 1);
        sent_id(&mut w, &b.main, msg)
    };
    // A replies to B's message, and names B in another.
    let mut answer = send_message(chat_peer(chat), "answer", 2);
    answer.reply_to = Some(reply(
        // A's copy of B's message: A's box numbers its own messages.
        first - 2 + 2,
    ));
    let a_copy = {
        let found = functions::messages::Search {
            peer: chat_peer(chat),
            q: "question".into(),
            from_id: None,
            saved_peer_id: None,
            saved_reaction: None,
            top_msg_id: None,
            filter: enums::MessagesFilter::InputMessagesFilterEmpty,
            min_date: 0,
            max_date: 0,
            offset_id: 0,
            add_offset: 0,
            limit: 1,
            max_id: 0,
            min_id: 0,
            hash: 0,
        };
        match a.main.call(&mut w, found).unwrap() {
            enums::messages::Messages::Messages(m) => match &m.messages[0] {
                enums::Message::Message(m) => m.id,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
    };
    answer.reply_to = Some(reply(a_copy));
    let reply_id = sent_id(&mut w, &a.main, answer);
    let mut named = send_message(chat_peer(chat), "hey you", 3);
    named.entities = Some(vec![mention_name(4, 3, tl_user(&w, a.id, b.id))]);
    sent_id(&mut w, &a.main, named);
    {
        let msg = send_message(chat_peer(chat), "no one", 4);
        sent_id(&mut w, &a.main, msg);
    }

    // B's copies: the reply carries its header and both mention B, unread.
    let in_b = dialogs(&mut w, &b.main, None);
    let dialog = in_b.iter().find(|d| peer_id(&d.peer) == chat).unwrap();
    assert_eq!(dialog.unread_mentions_count, 2);
    let b_reply = message_of(&mut w, &b.main, chat_peer(chat), dialog.top_message - 2);
    assert_eq!(b_reply.message, "answer");
    assert!(b_reply.mentioned && b_reply.media_unread);
    let Some(enums::MessageReplyHeader::MessageReplyHeader(header)) = &b_reply.reply_to else {
        panic!("a reply header")
    };
    assert_eq!(header.reply_to_msg_id, Some(first));
    // A's own reply is no mention for A.
    let a_reply = message_of(&mut w, &a.main, chat_peer(chat), reply_id);
    assert!(!a_reply.mentioned && a_reply.reply_to.is_some());

    let counters = functions::messages::GetSearchCounters {
        peer: chat_peer(chat),
        saved_peer_id: None,
        top_msg_id: None,
        filters: vec![
            enums::MessagesFilter::InputMessagesFilterMyMentions,
            enums::MessagesFilter::InputMessagesFilterEmpty,
            enums::MessagesFilter::InputMessagesFilterVideo,
        ],
    };
    let counts: Vec<i32> = b
        .main
        .call(&mut w, counters)
        .unwrap()
        .iter()
        .map(|c| {
            let enums::messages::SearchCounter::SearchCounter(c) = c;
            c.count
        })
        .collect();
    // Five messages in B's box: the creation, B's question and A's three.
    assert_eq!(counts, [2, 5, 0]);

    w.drain_pushes();
    let read = functions::messages::ReadMentions {
        peer: chat_peer(chat),
        top_msg_id: None,
    };
    let enums::messages::AffectedHistory::AffectedHistory(done) =
        b.main.call(&mut w, read).unwrap();
    assert_eq!((done.pts_count, done.offset), (1, 0));
    let pushes = w.drain_pushes();
    let other = pushed_to(&w, &pushes, b.id, b.other.key);
    assert!(
        matches!(&other[..], [enums::Update::ReadMessagesContents(r)]
        if r.messages.len() == 2 && r.pts == done.pts)
    );
    let in_b = dialogs(&mut w, &b.main, None);
    let dialog = in_b.iter().find(|d| peer_id(&d.peer) == chat).unwrap();
    assert_eq!(dialog.unread_mentions_count, 0);
    let b_reply = message_of(&mut w, &b.main, chat_peer(chat), dialog.top_message - 2);
    assert!(b_reply.mentioned && !b_reply.media_unread);
    // Reading again changes nothing.
    let again = functions::messages::ReadMentions {
        peer: chat_peer(chat),
        top_msg_id: None,
    };
    let enums::messages::AffectedHistory::AffectedHistory(again) =
        b.main.call(&mut w, again).unwrap();
    assert_eq!((again.pts, again.pts_count), (done.pts, 0));
}

#[test]
fn drafts_are_kept_shown_synced_and_cleared_by_sending() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let b = account(&mut w, &dcs, 2);
    let ab = user_peer(&w, a.id, b.id);
    {
        let msg = send_message(ab.clone(), "hi", 1);
        sent_id(&mut w, &a.main, msg);
    }
    w.drain_pushes();
    let to_b = ab.clone();
    let save = |text: &str, reply_to: Option<enums::InputReplyTo>| functions::messages::SaveDraft {
        no_webpage: true,
        invert_media: false,
        reply_to,
        peer: to_b.clone(),
        message: text.into(),
        entities: None,
        media: None,
        effect: None,
        suggested_post: None,
        rich_message: None,
    };
    let bad = save("x", Some(reply(999)));
    assert_eq!(
        a.main.call(&mut w, bad).unwrap_err().message(),
        "REPLY_MESSAGE_ID_INVALID"
    );
    assert!(a
        .main
        .call(&mut w, save("draft text", Some(reply(1))))
        .unwrap());
    let pushes = w.drain_pushes();
    let other = pushed_to(&w, &pushes, a.id, a.other.key);
    let [enums::Update::DraftMessage(d)] = &other[..] else {
        panic!("updateDraftMessage, not {other:?}")
    };
    assert!(matches!(&d.draft, enums::DraftMessage::DraftMessage(m)
        if m.message == "draft text" && m.no_webpage && m.reply_to.is_some()));
    assert!(
        pushed_to(&w, &pushes, b.id, 0).is_empty(),
        "drafts are private"
    );
    let list = dialogs(&mut w, &a.other, None);
    assert!(
        matches!(&list[0].draft, Some(enums::DraftMessage::DraftMessage(m)) if m.message == "draft text")
    );
    let all = a
        .main
        .call(&mut w, functions::messages::GetAllDrafts)
        .unwrap();
    assert_eq!(updates_of(&all).len(), 1);

    // Sending with clear_draft clears it, and every session of A hears of it.
    let mut send = send_message(ab.clone(), "sent", 2);
    send.clear_draft = true;
    sent_id(&mut w, &a.main, send);
    let pushes = w.drain_pushes();
    let cleared = pushed_to(&w, &pushes, a.id, 0);
    assert!(cleared
        .iter()
        .any(|u| matches!(u, enums::Update::DraftMessage(d)
        if matches!(d.draft, enums::DraftMessage::Empty(_)))));
    assert!(dialogs(&mut w, &a.main, None)[0].draft.is_none());
    // Clearing an empty draft is quiet.
    assert!(a.main.call(&mut w, save("", None)).unwrap());
    assert!(w.drain_pushes().is_empty());
}

#[test]
fn pinned_dialogs_order_and_the_archive() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let mut others = Vec::new();
    for n in 2..=8 {
        let other = account(&mut w, &dcs, n);
        let msg = send_message(user_peer(&w, a.id, other.id), "hi", n.into());
        sent_id(&mut w, &a.main, msg);
        others.push(other.id);
    }
    let peers: Vec<enums::InputPeer> = others.iter().map(|u| user_peer(&w, a.id, *u)).collect();
    let pin = |i: usize, pinned: bool| functions::messages::ToggleDialogPin {
        pinned,
        peer: enums::InputDialogPeer::InputDialogPeer(Box::new(types::InputDialogPeer {
            peer: peers[i].clone(),
        })),
    };
    w.drain_pushes();
    // The oldest two pinned: they lead the list, the last pinned first.
    assert!(a.main.call(&mut w, pin(0, true)).unwrap());
    assert!(a.main.call(&mut w, pin(1, true)).unwrap());
    let pushes = w.drain_pushes();
    let other = pushed_to(&w, &pushes, a.id, a.other.key);
    assert!(
        matches!(&other[..], [enums::Update::DialogPinned(p), enums::Update::DialogPinned(_)]
        if p.pinned && p.folder_id.is_none())
    );
    let list = dialogs(&mut w, &a.main, None);
    let order: Vec<i64> = list.iter().map(|d| peer_id(&d.peer)).collect();
    assert_eq!(order[..3], [others[1], others[0], others[6]]);
    assert!(list[0].pinned && list[1].pinned && !list[2].pinned);
    // Five pins at most in the main list.
    for i in 2..5 {
        a.main.call(&mut w, pin(i, true)).unwrap();
    }
    let too_many = a.main.call(&mut w, pin(5, true)).unwrap_err();
    assert_eq!(too_many.message(), "PINNED_DIALOGS_TOO_MUCH");

    let reorder = functions::messages::ReorderPinnedDialogs {
        force: true,
        folder_id: 0,
        order: [others[0], others[1]]
            .iter()
            .map(|u| {
                enums::InputDialogPeer::InputDialogPeer(Box::new(types::InputDialogPeer {
                    peer: user_peer(&w, a.id, *u),
                }))
            })
            .collect(),
    };
    w.drain_pushes();
    assert!(a.main.call(&mut w, reorder).unwrap());
    let pushes = w.drain_pushes();
    assert!(matches!(&pushed_to(&w, &pushes, a.id, a.other.key)[..],
        [enums::Update::PinnedDialogs(p)] if p.order.as_ref().map(Vec::len) == Some(2)));
    let pinned = functions::messages::GetPinnedDialogs { folder_id: 0 };
    let enums::messages::PeerDialogs::PeerDialogs(pinned) = a.main.call(&mut w, pinned).unwrap();
    let order: Vec<i64> = pinned
        .dialogs
        .iter()
        .map(|d| match d {
            enums::Dialog::Dialog(d) => peer_id(&d.peer),
            enums::Dialog::Folder(_) => 0,
        })
        .collect();
    assert_eq!(order, [others[0], others[1]]);

    // Archiving: the dialog leaves the main list (and its pin), in the caller's pts.
    let archive = functions::folders::EditPeerFolders {
        folder_peers: vec![enums::InputFolderPeer::InputFolderPeer(Box::new(
            types::InputFolderPeer {
                peer: user_peer(&w, a.id, others[0]),
                folder_id: 1,
            },
        ))],
    };
    let answer = a.main.call(&mut w, archive).unwrap();
    assert!(
        matches!(&updates_of(&answer)[..], [enums::Update::FolderPeers(f)] if f.pts_count == 1)
    );
    let main: Vec<i64> = dialogs(&mut w, &a.main, Some(0))
        .iter()
        .map(|d| peer_id(&d.peer))
        .collect();
    assert!(!main.contains(&others[0]) && main.len() == 6);
    let archived = dialogs(&mut w, &a.main, Some(1));
    assert!(
        matches!(&archived[..], [d] if peer_id(&d.peer) == others[0] && d.folder_id == Some(1) && !d.pinned)
    );
    let bad = functions::folders::EditPeerFolders {
        folder_peers: vec![enums::InputFolderPeer::InputFolderPeer(Box::new(
            types::InputFolderPeer {
                peer: user_peer(&w, a.id, others[1]),
                folder_id: 7,
            },
        ))],
    };
    assert_eq!(
        a.main.call(&mut w, bad).unwrap_err().message(),
        "FOLDER_ID_INVALID"
    );
}

#[test]
fn pinned_messages_in_private_chats_and_supergroups() {
    let mut w = world();
    let dcs = dcs();
    let a = account(&mut w, &dcs, 1);
    let b = account(&mut w, &dcs, 2);
    let (ab, ba) = (user_peer(&w, a.id, b.id), user_peer(&w, b.id, a.id));
    let id = {
        let msg = send_message(ab.clone(), "pin me", 1);
        sent_id(&mut w, &a.main, msg)
    };
    w.drain_pushes();
    let pin = |peer, id, unpin, oneside| functions::messages::UpdatePinnedMessage {
        silent: false,
        unpin,
        pm_oneside: oneside,
        peer,
        id,
    };
    let missing = pin(ab.clone(), 77, false, false);
    assert_eq!(
        a.main.call(&mut w, missing).unwrap_err().message(),
        "MESSAGE_ID_INVALID"
    );
    let answer = a
        .main
        .call(&mut w, pin(ab.clone(), id, false, false))
        .unwrap();
    let list = updates_of(&answer);
    assert!(matches!(&list[0], enums::Update::PinnedMessages(p) if p.pinned && p.messages == [id]));
    assert!(matches!(&list[1], enums::Update::NewMessage(n)
        if matches!(&n.message, enums::Message::Service(s)
            if matches!(s.action, enums::MessageAction::PinMessage) && s.reply_to.is_some())));
    let pushes = w.drain_pushes();
    let to_b = pushed_to(&w, &pushes, b.id, 0);
    assert!(to_b
        .iter()
        .any(|u| matches!(u, enums::Update::PinnedMessages(p) if p.pinned)));
    assert!(message_of(&mut w, &b.main, ba.clone(), 1).pinned);
    // One-sided unpin: only A's copy, and no service message.
    let answer = a
        .main
        .call(&mut w, pin(ab.clone(), id, true, true))
        .unwrap();
    assert_eq!(updates_of(&answer).len(), 1);
    assert!(!message_of(&mut w, &a.main, ab.clone(), id).pinned);
    assert!(message_of(&mut w, &b.main, ba.clone(), 1).pinned);
    let unpin_all = functions::messages::UnpinAllMessages {
        peer: ba.clone(),
        top_msg_id: None,
        saved_peer_id: None,
    };
    let enums::messages::AffectedHistory::AffectedHistory(done) =
        b.main.call(&mut w, unpin_all).unwrap();
    assert_eq!(done.pts_count, 1);
    assert!(!message_of(&mut w, &b.main, ba.clone(), 1).pinned);

    // A supergroup: the channel's pts, every member pushed; members may pin by default
    // and may not once the default rights forbid it.
    let group = create_channel(&mut w, &a, &[b.id], "Group", false);
    let (ga, gb) = (channel_peer(&w, a.id, group), channel_peer(&w, b.id, group));
    let post = {
        let msg = send_message(gb.clone(), "news", 9);
        sent_id(&mut w, &b.main, msg)
    };
    w.drain_pushes();
    let answer = b
        .main
        .call(&mut w, pin(gb.clone(), post, false, false))
        .unwrap();
    let list = updates_of(&answer);
    let enums::Update::PinnedChannelMessages(p) = &list[0] else {
        panic!("{list:?}")
    };
    assert_eq!(
        (p.channel_id, p.messages.as_slice(), p.pts_count),
        (group, &[post][..], 1)
    );
    let pushes = w.drain_pushes();
    assert!(pushed_to(&w, &pushes, a.id, 0)
        .iter()
        .any(|u| matches!(u, enums::Update::PinnedChannelMessages(x) if x.pts == p.pts)));
    let pinned = functions::messages::Search {
        peer: ga.clone(),
        q: String::new(),
        from_id: None,
        saved_peer_id: None,
        saved_reaction: None,
        top_msg_id: None,
        filter: enums::MessagesFilter::InputMessagesFilterPinned,
        min_date: 0,
        max_date: 0,
        offset_id: 0,
        add_offset: 0,
        limit: 10,
        max_id: 0,
        min_id: 0,
        hash: 0,
    };
    let enums::messages::Messages::ChannelMessages(found) = a.main.call(&mut w, pinned).unwrap()
    else {
        panic!("channel messages")
    };
    assert_eq!(found.count, 1);
}
