use testdc::world::{
    Entity, EntityKind, InputPeer, MessageBox, NewMessage, Peer, RpcError, Update,
};

use crate::common::*;

#[test]
fn a_private_message_gets_a_copy_in_each_box() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    w.drain_pushes();
    let sent = send(&mut w, a, b.user_id, "hello");
    assert_eq!(sent.message.id, 1);
    assert!(sent.message.out);
    assert_eq!(sent.message.peer, Peer::User(b.user_id));
    assert_eq!(
        (sent.pts, sent.pts_count),
        (2, 1),
        "pts starts at 1 and moves by one"
    );

    let theirs = w
        .get_messages(b, &[1])
        .unwrap()
        .remove(0)
        .expect("B's copy");
    assert!(!theirs.out);
    assert_eq!(theirs.peer, Peer::User(a.user_id));
    assert_eq!(theirs.from_id, Some(a.user_id));
    assert_eq!(theirs.text, "hello");
    assert_eq!(theirs.owner, MessageBox::User(b.user_id));

    let pushes = w.drain_pushes();
    let to_b = pushes_for(&pushes, b.user_id, None);
    assert!(matches!(&to_b[..], [Update::NewMessage(m)] if m.text == "hello" && !m.out));
    assert!(
        pushes_for(&pushes, a.user_id, Some(a.auth_key_id)).is_empty(),
        "the sending key gets it in the answer"
    );
    assert_eq!(
        pushes_for(&pushes, a.user_id, Some(4242)).len(),
        1,
        "A's other sessions get it live"
    );

    // Each box counts on its own.
    let second = send(&mut w, b, a.user_id, "hi back");
    assert_eq!(second.message.id, 2);
    assert_eq!(w.update_state(a.user_id, NOW).unwrap().pts, 3);
    assert_eq!(w.update_state(a.user_id, NOW).unwrap().unread_count, 1);
}

#[test]
fn a_repeated_random_id_returns_the_first_message() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let peer = input_user(&w, a.user_id, b.user_id);
    let msg = NewMessage {
        random_id: Some(99),
        ..text("once")
    };
    let first = w.send_message(a, peer, msg.clone(), NOW).unwrap();
    w.drain_pushes();
    let again = w.send_message(a, peer, msg, NOW + 5).unwrap();
    assert!(again.duplicate && !first.duplicate);
    assert_eq!(again.message.id, first.message.id);
    // The first call's answer again: a client that applied it skips this one.
    assert_eq!((again.pts, again.pts_count), (first.pts, first.pts_count));
    assert!(w.drain_pushes().is_empty(), "nothing new happened");
    assert_eq!(
        w.get_messages(b, &[2]).unwrap()[0],
        None,
        "no second copy for B"
    );
}

#[test]
fn replies_point_at_each_box_own_copy() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    send(&mut w, c, b.user_id, "noise for B's box");
    let original = send(&mut w, a, b.user_id, "question");
    let b_copy = w.get_messages(b, &[2]).unwrap().remove(0).unwrap();
    assert_eq!(b_copy.text, "question");
    let peer = input_user(&w, b.user_id, a.user_id);
    let reply = w
        .send_message(
            b,
            peer,
            NewMessage {
                reply_to: Some(b_copy.id),
                ..text("answer")
            },
            NOW,
        )
        .unwrap();
    assert_eq!(reply.message.reply_to, Some(2), "in B's box");
    let a_view = w.get_messages(a, &[2]).unwrap().remove(0).unwrap();
    assert_eq!(a_view.text, "answer");
    assert_eq!(a_view.reply_to, Some(original.message.id), "in A's box");
}

#[test]
fn text_rules() {
    let mut w = world();
    let a = user(&mut w, 1);
    let peer = InputPeer::SelfUser;
    assert!(w
        .send_message(a, peer, text("   "), NOW)
        .unwrap_err()
        .is(&RpcError::MessageEmpty));
    assert!(w
        .send_message(a, peer, text(&"a".repeat(4097)), NOW)
        .unwrap_err()
        .is(&RpcError::MessageTooLong));
    let bold = |offset, length| Entity {
        offset,
        length,
        kind: EntityKind::Bold,
    };
    let bad = NewMessage {
        entities: vec![bold(3, 5)],
        ..text("four")
    };
    assert!(w
        .send_message(a, peer, bad, NOW)
        .unwrap_err()
        .is(&RpcError::EntityBoundsInvalid));
    // UTF-16: the emoji counts as two units.
    let ok = NewMessage {
        entities: vec![bold(0, 3)],
        ..text("😀x")
    };
    let sent = w.send_message(a, peer, ok, NOW).unwrap();
    assert_eq!(sent.message.entities, vec![bold(0, 3)]);
    assert_eq!(sent.message.peer, Peer::User(a.user_id), "Saved Messages");
    assert!(sent.message.out);
    assert!(w
        .send_message(a, InputPeer::Empty, text("x"), NOW)
        .unwrap_err()
        .is(&RpcError::PeerIdInvalid));
}

#[test]
fn edits_reach_every_copy() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let sent = send(&mut w, a, b.user_id, "draft");
    let peer_b = input_user(&w, a.user_id, b.user_id);
    w.drain_pushes();
    let edited = w
        .edit_message(
            a,
            peer_b,
            sent.message.id,
            Some("final".into()),
            None,
            NOW + 10,
        )
        .unwrap();
    assert_eq!(edited.message.edit_date, Some(NOW + 10));
    assert_eq!(edited.pts, sent.pts + 1);
    let theirs = w.get_messages(b, &[1]).unwrap().remove(0).unwrap();
    assert_eq!(
        (theirs.text.as_str(), theirs.edit_date),
        ("final", Some(NOW + 10))
    );
    let pushes = w.drain_pushes();
    assert!(
        matches!(&pushes_for(&pushes, b.user_id, None)[..], [Update::EditMessage(m)] if m.text == "final")
    );

    let same = w
        .edit_message(
            a,
            peer_b,
            sent.message.id,
            Some("final".into()),
            None,
            NOW + 11,
        )
        .unwrap_err();
    assert!(same.is(&RpcError::MessageNotModified));
    let peer_a = input_user(&w, b.user_id, a.user_id);
    let foreign = w
        .edit_message(b, peer_a, 1, Some("hijack".into()), None, NOW)
        .unwrap_err();
    assert!(foreign.is(&RpcError::MessageAuthorRequired));
    assert!(w
        .edit_message(a, peer_b, 77, Some("x".into()), None, NOW)
        .unwrap_err()
        .is(&RpcError::MessageIdInvalid));
    let late = w
        .edit_message(
            a,
            peer_b,
            sent.message.id,
            Some("late".into()),
            None,
            NOW + 3 * 86400,
        )
        .unwrap_err();
    assert!(late.is(&RpcError::MessageEditTimeExpired));
}

#[test]
fn delete_for_me_and_for_everyone() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    send(&mut w, a, b.user_id, "one");
    send(&mut w, a, b.user_id, "two");
    send(&mut w, a, b.user_id, "three");
    let before = w.update_state(a.user_id, NOW).unwrap().pts;
    let mine = w.delete_messages(a, &[1, 404], false, NOW).unwrap();
    assert_eq!(
        (mine.pts, mine.pts_count),
        (before + 1, 1),
        "unknown ids are skipped"
    );
    assert!(w.get_messages(a, &[1]).unwrap()[0].is_none());
    assert!(
        w.get_messages(b, &[1]).unwrap()[0].is_some(),
        "B keeps theirs"
    );

    w.drain_pushes();
    let revoked = w.delete_messages(a, &[3], true, NOW).unwrap();
    assert_eq!(revoked.pts_count, 1);
    assert!(
        w.get_messages(b, &[3]).unwrap()[0].is_none(),
        "revoked for B too"
    );
    let pushes = w.drain_pushes();
    assert!(
        matches!(&pushes_for(&pushes, b.user_id, None)[..], [Update::DeleteMessages { ids }] if ids == &vec![3])
    );
    let dialog = w.dialog(b.user_id, Peer::User(a.user_id)).unwrap().unwrap();
    assert_eq!(dialog.top_message, 2, "the top message moves back");
    assert_eq!(dialog.unread_count, 2);

    let none = w.delete_messages(a, &[999], true, NOW).unwrap();
    assert_eq!(none.pts_count, 0);
    w.delete_messages(a, &[2], false, NOW).unwrap();
    assert!(
        w.dialog(a.user_id, Peer::User(b.user_id))
            .unwrap()
            .is_none(),
        "an empty dialog disappears"
    );
}

#[test]
fn reading_moves_inbox_and_outbox_marks() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    send(&mut w, c, a.user_id, "shift A's ids");
    for t in ["m1", "m2", "m3"] {
        send(&mut w, a, b.user_id, t);
    }
    let peer_a = input_user(&w, b.user_id, a.user_id);
    assert_eq!(
        w.dialog(b.user_id, Peer::User(a.user_id))
            .unwrap()
            .unwrap()
            .unread_count,
        3
    );
    w.drain_pushes();
    let read = w.read_history(b, peer_a, 2, NOW).unwrap();
    assert_eq!(read.pts_count, 1);
    let dialog = w.dialog(b.user_id, Peer::User(a.user_id)).unwrap().unwrap();
    assert_eq!((dialog.read_inbox_max_id, dialog.unread_count), (2, 1));
    let a_dialog = w.dialog(a.user_id, Peer::User(b.user_id)).unwrap().unwrap();
    assert_eq!(
        a_dialog.read_outbox_max_id, 3,
        "B's message 2 is A's message 3"
    );
    let pushes = w.drain_pushes();
    assert!(matches!(
        &pushes_for(&pushes, a.user_id, None)[..],
        [Update::ReadHistoryOutbox { peer, max_id: 3 }] if *peer == Peer::User(b.user_id)
    ));
    let again = w.read_history(b, peer_a, 1, NOW).unwrap();
    assert_eq!(again.pts_count, 0, "the mark never moves back");
    w.read_history(b, peer_a, 0, NOW).unwrap();
    assert_eq!(
        w.dialog(b.user_id, Peer::User(a.user_id))
            .unwrap()
            .unwrap()
            .unread_count,
        0
    );
}

#[test]
fn forwards_keep_the_original_author() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    send(&mut w, a, b.user_id, "worth sharing");
    let from = input_user(&w, b.user_id, a.user_id);
    let to = input_user(&w, b.user_id, c.user_id);
    assert!(w
        .forward_messages(b, from, &[1], to, &[], false, false, NOW)
        .unwrap_err()
        .is(&RpcError::RandomIdInvalid));
    assert!(w
        .forward_messages(b, from, &[], to, &[], false, false, NOW)
        .unwrap_err()
        .is(&RpcError::MessageIdsEmpty));
    let sent = w
        .forward_messages(b, from, &[1], to, &[5], false, false, NOW + 60)
        .unwrap();
    let fwd = sent[0].message.fwd_from.clone().expect("forward header");
    assert_eq!((fwd.from, fwd.date), (Some(Peer::User(a.user_id)), NOW));
    let at_c = w.get_messages(c, &[1]).unwrap().remove(0).unwrap();
    assert_eq!(at_c.text, "worth sharing");
    assert_eq!(at_c.from_id, Some(b.user_id));
    assert!(at_c.fwd_from.is_some());
    let copy = w
        .forward_messages(b, from, &[1], to, &[6], true, false, NOW)
        .unwrap();
    assert!(
        copy[0].message.fwd_from.is_none(),
        "drop_author sends a copy"
    );
    assert!(w
        .forward_messages(b, from, &[50], to, &[7], false, false, NOW)
        .unwrap_err()
        .is(&RpcError::MessageIdInvalid));
}

#[test]
fn oversized_batches_are_refused() {
    let mut w = world();
    let a = user(&mut w, 1);
    let many: Vec<i32> = (0..=testdc::world::BATCH_MAX as i32).collect();
    assert!(w
        .get_messages(a, &many)
        .unwrap_err()
        .is(&RpcError::LimitInvalid));
    assert!(w
        .delete_messages(a, &many, true, NOW)
        .unwrap_err()
        .is(&RpcError::LimitInvalid));
    assert_eq!(
        w.get_messages(a, &many[..3]).unwrap(),
        vec![None, None, None]
    );
}
