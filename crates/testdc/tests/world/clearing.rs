//! Clearing and deleting histories, basic groups and channels: what goes, for whom, with
//! which pts, and what each of the users' sessions is told.

use testdc::world::{
    Caller, ChannelCleared, Config, HistoryDeletion, HistoryQuery, Notice, Peer, RpcError, Update,
    World,
};

use crate::common::*;

/// A session of the user that made no request (it gets every push).
const OTHER_KEY: i64 = 4242;

fn send_at(w: &mut World, from: Caller, to: i64, t: &str, date: i32) -> i32 {
    let peer = input_user(w, from.user_id, to);
    w.send_message(from, peer, text(t), date)
        .unwrap()
        .message
        .id
}

fn in_box(w: &World, owner: i64, peer: Peer) -> Vec<String> {
    w.control_messages(owner, Some(peer), 100)
        .unwrap()
        .into_iter()
        .map(|m| m.text)
        .collect()
}

fn deleted_ids(updates: &[Update]) -> Vec<i32> {
    updates
        .iter()
        .flat_map(|u| match u {
            Update::DeleteMessages { ids } => ids.clone(),
            _ => Vec::new(),
        })
        .collect()
}

fn all() -> HistoryDeletion {
    HistoryDeletion::default()
}

#[test]
fn clearing_a_private_chat_for_oneself_and_for_both() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    for t in ["one", "two", "three"] {
        send(&mut w, a, b.user_id, t);
    }
    send(&mut w, b, a.user_id, "reply");
    w.drain_pushes();
    let pts_before = w.update_state(a.user_id, NOW).unwrap().pts;
    let peer = input_user(&w, a.user_id, b.user_id);
    let done = w.delete_history(a, peer, all(), NOW).unwrap();
    assert_eq!((done.pts_count, done.offset), (4, 0));
    assert_eq!(done.pts, pts_before + 4, "one event per message");
    assert!(w
        .dialog(a.user_id, Peer::User(b.user_id))
        .unwrap()
        .is_none());
    assert_eq!(
        in_box(&w, b.user_id, Peer::User(a.user_id)).len(),
        4,
        "B keeps theirs"
    );
    let pushes = w.drain_pushes();
    assert_eq!(
        deleted_ids(&pushes_for(&pushes, a.user_id, Some(OTHER_KEY))),
        [4, 3, 2, 1]
    );
    assert!(
        pushes_for(&pushes, a.user_id, Some(a.auth_key_id)).is_empty(),
        "answered"
    );
    assert!(pushes_for(&pushes, b.user_id, None).is_empty());

    // Revoked: B's copies go too, in B's own pts, and B's emptied dialog with them.
    send(&mut w, a, b.user_id, "again");
    send(&mut w, b, a.user_id, "and back");
    w.drain_pushes();
    let b_pts = w.update_state(b.user_id, NOW).unwrap().pts;
    let revoke = HistoryDeletion {
        revoke: true,
        ..all()
    };
    let done = w.delete_history(a, peer, revoke, NOW).unwrap();
    assert_eq!(done.pts_count, 2);
    assert_eq!(
        in_box(&w, b.user_id, Peer::User(a.user_id)).len(),
        4,
        "the first four stay"
    );
    let pushes = w.drain_pushes();
    assert_eq!(deleted_ids(&pushes_for(&pushes, b.user_id, None)), [6, 5]);
    assert_eq!(w.update_state(b.user_id, NOW).unwrap().pts, b_pts + 2);
}

#[test]
fn large_histories_are_deleted_in_batches_with_an_offset() {
    let mut w = world_with(Config {
        history_delete_batch: 2,
        ..config()
    });
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    for n in 0..5 {
        send(&mut w, a, b.user_id, &format!("m{n}"));
    }
    let peer = input_user(&w, a.user_id, b.user_id);
    let mut offsets = Vec::new();
    for _ in 0..10 {
        let done = w.delete_history(a, peer, all(), NOW).unwrap();
        offsets.push(done.offset);
        if done.offset == 0 {
            break;
        }
        assert!(w
            .dialog(a.user_id, Peer::User(b.user_id))
            .unwrap()
            .is_some());
    }
    assert_eq!(offsets, [3, 1, 0]);
    assert!(in_box(&w, a.user_id, Peer::User(b.user_id)).is_empty());
    assert!(w
        .dialog(a.user_id, Peer::User(b.user_id))
        .unwrap()
        .is_none());
}

#[test]
fn just_clear_keeps_the_dialog_and_bounds_limit_what_goes() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    send_at(&mut w, a, b.user_id, "old", NOW);
    let middle = send_at(&mut w, a, b.user_id, "middle", NOW + 10);
    send_at(&mut w, a, b.user_id, "new", NOW + 20);
    let peer = input_user(&w, a.user_id, b.user_id);
    // Strictly between the dates.
    let dated = HistoryDeletion {
        min_date: Some(NOW),
        max_date: Some(NOW + 20),
        ..all()
    };
    assert_eq!(w.delete_history(a, peer, dated, NOW).unwrap().pts_count, 1);
    assert_eq!(in_box(&w, a.user_id, Peer::User(b.user_id)), ["new", "old"]);
    // Up to max_id, keeping the dialog.
    let up_to = HistoryDeletion {
        just_clear: true,
        max_id: middle - 1,
        ..all()
    };
    assert_eq!(w.delete_history(a, peer, up_to, NOW).unwrap().pts_count, 1);
    let rest = HistoryDeletion {
        just_clear: true,
        ..all()
    };
    w.delete_history(a, peer, rest, NOW).unwrap();
    let dialog = w.dialog(a.user_id, Peer::User(b.user_id)).unwrap();
    assert_eq!(dialog.map(|d| d.top_message), Some(0), "kept, empty");
    // Nothing left: a plain call now takes the empty dialog away.
    let done = w.delete_history(a, peer, all(), NOW).unwrap();
    assert_eq!((done.pts_count, done.offset), (0, 0));
    assert!(w
        .dialog(a.user_id, Peer::User(b.user_id))
        .unwrap()
        .is_none());
}

#[test]
fn delete_history_refuses_what_telegram_refuses() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let created = w.create_chat(a, &[b.user_id], "Group", NOW).unwrap();
    let Peer::Chat(chat) = created.message.peer else {
        panic!("a chat")
    };
    let group = testdc::world::InputPeer::Chat { chat_id: chat };
    let dated = HistoryDeletion {
        max_date: Some(NOW),
        ..all()
    };
    let err = w.delete_history(a, group, dated, NOW).unwrap_err();
    assert!(err.is(&RpcError::ChatRevokeDateUnsupported), "{err:?}");
    let channel = supergroup(&mut w, a, "Super");
    let err = w
        .delete_history(a, peer(&w, a, channel), all(), NOW)
        .unwrap_err();
    assert!(err.is(&RpcError::PeerIdInvalid), "{err:?}");
    let user_peer = input_user(&w, a.user_id, b.user_id);
    let bad = HistoryDeletion {
        min_date: Some(-1),
        ..all()
    };
    assert!(w
        .delete_history(a, user_peer, bad, NOW)
        .unwrap_err()
        .is(&RpcError::MinDateInvalid));
}

#[test]
fn revoking_a_group_history_takes_what_the_caller_may_revoke() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    let created = w
        .create_chat(a, &[b.user_id, c.user_id], "Team", NOW)
        .unwrap();
    let group = created.message.peer;
    let Peer::Chat(chat_id) = group else {
        panic!("a chat")
    };
    let input = testdc::world::InputPeer::Chat { chat_id };
    w.send_message(b, input, text("from b"), NOW).unwrap();
    w.send_message(c, input, text("from c"), NOW).unwrap();
    w.drain_pushes();
    // B is no creator: only B's own message goes for the others.
    let revoke = HistoryDeletion {
        revoke: true,
        ..all()
    };
    w.delete_history(b, input, revoke, NOW).unwrap();
    assert!(in_box(&w, b.user_id, group).is_empty());
    assert_eq!(
        in_box(&w, c.user_id, group),
        ["from c", ""],
        "C keeps C's and the service message"
    );
    let pushes = w.drain_pushes();
    assert_eq!(deleted_ids(&pushes_for(&pushes, c.user_id, None)).len(), 1);
    // The creator revokes everything.
    w.delete_history(a, input, revoke, NOW).unwrap();
    assert!(in_box(&w, c.user_id, group).is_empty());
    assert!(w.dialog(c.user_id, group).unwrap().is_none());
}

#[test]
fn deleting_a_basic_group_empties_every_box_and_forbids_it() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let created = w.create_chat(a, &[b.user_id], "Gone", NOW).unwrap();
    let group = created.message.peer;
    let Peer::Chat(chat) = group else {
        panic!("a chat")
    };
    w.send_message(
        b,
        testdc::world::InputPeer::Chat { chat_id: chat },
        text("hi"),
        NOW,
    )
    .unwrap();
    w.drain_pushes();
    assert!(w
        .delete_chat(b, chat, NOW)
        .unwrap_err()
        .is(&RpcError::ChatAdminRequired));
    w.delete_chat(a, chat, NOW).unwrap();
    for member in [a, b] {
        assert!(in_box(&w, member.user_id, group).is_empty());
        assert!(w.dialog(member.user_id, group).unwrap().is_none());
        let view = w.chat_view(member.user_id, chat).unwrap();
        assert!(view.deleted && view.left);
    }
    let pushes = w.drain_pushes();
    // The answer is a Bool: the requesting session is pushed too.
    let to_a = pushes_for(&pushes, a.user_id, Some(a.auth_key_id));
    assert_eq!(deleted_ids(&to_a).len(), 2);
    assert!(to_a
        .iter()
        .any(|u| matches!(u, Update::Notice(Notice::Chat { chat_id }) if *chat_id == chat)));
    assert_eq!(deleted_ids(&pushes_for(&pushes, b.user_id, None)).len(), 2);
    assert!(w
        .delete_chat(a, chat, NOW)
        .unwrap_err()
        .is(&RpcError::ChatIdInvalid));
    let err = w
        .send_message(
            a,
            testdc::world::InputPeer::Chat { chat_id: chat },
            text("x"),
            NOW,
        )
        .unwrap_err();
    assert!(
        err.is(&RpcError::PeerIdInvalid),
        "no longer a chat of A's: {err:?}"
    );
}

#[test]
fn removing_a_member_with_their_history() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    let created = w
        .create_chat(a, &[b.user_id, c.user_id], "Team", NOW)
        .unwrap();
    let group = created.message.peer;
    let Peer::Chat(chat) = group else {
        panic!("a chat")
    };
    let input = testdc::world::InputPeer::Chat { chat_id: chat };
    w.send_message(c, input, text("spam"), NOW).unwrap();
    w.send_message(c, input, text("more spam"), NOW).unwrap();
    w.send_message(b, input, text("fine"), NOW).unwrap();
    w.drain_pushes();
    let (own, sent) = w
        .delete_chat_user_revoking(a, chat, c.user_id, NOW)
        .unwrap();
    let own = own.expect("the creator's copies went");
    assert_eq!(own.ids.len(), 2);
    assert_eq!(own.stamp.pts_count, 2);
    assert!(sent.message.action.is_some(), "the service message");
    for member in [a, b] {
        let texts = in_box(&w, member.user_id, group);
        assert!(!texts.iter().any(|t| t.contains("spam")), "{texts:?}");
        assert!(texts.contains(&"fine".to_string()));
    }
    assert!(!w.chat_view(a.user_id, chat).unwrap().deleted);
    let pushes = w.drain_pushes();
    assert_eq!(deleted_ids(&pushes_for(&pushes, b.user_id, None)).len(), 2);
    assert!(
        deleted_ids(&pushes_for(&pushes, a.user_id, Some(a.auth_key_id))).is_empty(),
        "the caller has its part in the answer"
    );
}

#[test]
fn clearing_a_supergroup_for_oneself_hides_what_came_before() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let channel = supergroup(&mut w, a, "Super");
    let ch = input(&w, a, channel);
    w.invite_to_channel(a, ch, &[b.user_id], NOW).unwrap();
    let cp = peer(&w, a, channel);
    let first = w
        .send_message(a, cp, text("before"), NOW)
        .unwrap()
        .message
        .id;
    w.drain_pushes();
    let pts = w.channel(channel).unwrap().unwrap().pts;
    let done = w
        .delete_channel_history(b, input(&w, b, channel), false, 0, NOW)
        .unwrap();
    assert_eq!(
        done,
        ChannelCleared::ForMe {
            channel_id: channel,
            available_min_id: Some(first)
        }
    );
    assert_eq!(
        w.channel(channel).unwrap().unwrap().pts,
        pts,
        "the channel is untouched"
    );
    let history = |w: &World, who: Caller| {
        w.get_history(
            who,
            Peer::Channel(channel),
            HistoryQuery {
                limit: 50,
                ..HistoryQuery::default()
            },
        )
        .unwrap()
        .messages
        .len()
    };
    assert_eq!(history(&w, b), 0);
    assert!(history(&w, a) > 0, "A sees it all");
    let pushes = w.drain_pushes();
    assert!(pushes_for(&pushes, b.user_id, Some(OTHER_KEY)).iter().any(|u| matches!(
        u,
        Update::Notice(Notice::ChannelAvailableMessages { available_min_id, .. }) if *available_min_id == first
    )));
    let cp_b = peer(&w, b, channel);
    w.send_message(a, cp, text("after"), NOW).unwrap();
    assert_eq!(history(&w, b), 1, "newer messages show");
    let again = w
        .delete_channel_history(b, input(&w, b, channel), false, first, NOW)
        .unwrap();
    assert!(matches!(
        again,
        ChannelCleared::ForMe {
            available_min_id: None,
            ..
        }
    ));
    let _ = cp_b;
}

#[test]
fn clearing_a_supergroup_for_everyone_takes_an_admin() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let outsider = user(&mut w, 3);
    let channel = supergroup(&mut w, a, "Super");
    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap();
    let cp = peer(&w, b, channel);
    w.send_message(b, cp, text("one"), NOW).unwrap();
    w.send_message(b, cp, text("two"), NOW).unwrap();
    w.drain_pushes();
    let err = w
        .delete_channel_history(b, input(&w, b, channel), true, 0, NOW)
        .unwrap_err();
    assert!(err.is(&RpcError::ChatAdminRequired), "{err:?}");
    let err = w
        .delete_channel_history(outsider, input(&w, outsider, channel), false, 0, NOW)
        .unwrap_err();
    assert!(err.is(&RpcError::ChannelParticipantMissing), "{err:?}");
    let pts = w.channel(channel).unwrap().unwrap().pts;
    let last = w.channel(channel).unwrap().unwrap().last_msg_id;
    let done = w
        .delete_channel_history(a, input(&w, a, channel), true, 0, NOW)
        .unwrap();
    let ChannelCleared::ForEveryone { ids, stamp, .. } = done else {
        panic!("deleted for everyone")
    };
    assert_eq!(ids, (1..=last).collect::<Vec<_>>());
    let stamp = stamp.expect("a pts event");
    assert_eq!(stamp.pts, pts + last);
    assert!(in_box(&w, b.user_id, Peer::Channel(channel)).is_empty());
    let pushes = w.drain_pushes();
    assert!(pushes_for(&pushes, b.user_id, None)
        .iter()
        .any(|u| matches!(
            u,
            Update::DeleteChannelMessages { ids, .. } if ids.len() == last as usize
        )));
}

#[test]
fn deleting_a_channel_ends_it_for_every_member() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let channel = supergroup(&mut w, a, "Doomed");
    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap();
    w.update_channel_username(a, input(&w, a, channel), "doomed_group")
        .unwrap();
    w.drain_pushes();
    let err = w.delete_channel(b, input(&w, b, channel), NOW).unwrap_err();
    assert!(err.is(&RpcError::ChatAdminRequired), "{err:?}");
    assert_eq!(
        w.delete_channel(a, input(&w, a, channel), NOW).unwrap(),
        channel
    );
    for member in [a, b] {
        assert!(w.channel_view(member.user_id, channel).unwrap().deleted);
        assert!(w
            .dialog(member.user_id, Peer::Channel(channel))
            .unwrap()
            .is_none());
    }
    let pushes = w.drain_pushes();
    for member in [a, b] {
        assert!(pushes_for(&pushes, member.user_id, Some(OTHER_KEY))
            .iter()
            .any(|u| matches!(u, Update::Channel { channel_id } if *channel_id == channel)));
    }
    assert!(
        w.resolve_username("doomed_group").is_err(),
        "its username is free"
    );
    let err = w
        .send_message(b, peer(&w, b, channel), text("anyone?"), NOW)
        .unwrap_err();
    assert!(err.is(&RpcError::ChatWriteForbidden), "{err:?}");
}
