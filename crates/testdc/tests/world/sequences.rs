//! The user's seq (updates outside every pts sequence), what ends a difference (those
//! updates again, and updateChannelTooLong for channels with news), channel outbox marks,
//! and broadcast posts as their author sees them.

use testdc::world::{Difference, Peer, Update};

use crate::common::*;

#[test]
fn seq_numbers_the_updates_outside_pts_and_differences_repeat_them() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let start = w.update_state(b.user_id, NOW).unwrap();
    assert_eq!(
        (start.pts, start.qts, start.seq),
        (1, 0, 0),
        "a new account"
    );
    let channel = supergroup(&mut w, a, "Seq");
    // The creator's sessions learn of the channel (the creating key in its answer): seq 1.
    let pushes = w.drain_pushes();
    let channel_push = pushes
        .iter()
        .find(|p| matches!(p.update.update, Update::Channel { .. }))
        .expect("updateChannel for the creator");
    assert_eq!(channel_push.seq, Some(1));
    assert_eq!(w.update_state(a.user_id, NOW).unwrap().seq, 1);
    assert!(
        pushes
            .iter()
            .filter(|p| p.update.pts.is_some())
            .all(|p| p.seq.is_none()),
        "pts updates take no seq"
    );

    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW + 1)
        .unwrap();
    send(&mut w, a, b.user_id, "private");
    w.update_profile(b, Some("Renamed"), None, None, NOW + 2)
        .unwrap();
    let pushes = w.drain_pushes();
    let seqs: Vec<(String, Option<i32>)> = pushes
        .iter()
        .filter(|p| matches!(p.target, testdc::world::PushTarget::User { user_id, .. } if user_id == b.user_id))
        .map(|p| {
            let kind = match &p.update.update {
                Update::Channel { .. } => "channel",
                Update::NewChannelMessage(_) => "channel message",
                Update::NewMessage(_) => "message",
                Update::UserName { .. } => "name",
                _ => "other",
            };
            (kind.to_string(), p.seq)
        })
        .collect();
    assert_eq!(
        seqs,
        vec![
            ("channel".into(), Some(1)),
            ("channel message".into(), None),
            ("message".into(), None),
            ("name".into(), Some(2)),
        ]
    );
    let state = w.update_state(b.user_id, NOW + 3).unwrap();
    assert_eq!((state.seq, state.qts), (2, 0));

    // B missed all that: the difference gives the message, then the seq-numbered updates in
    // their current form, then the channel to catch up with.
    let Difference::Full {
        new_messages,
        other_updates,
        state: end,
    } = w
        .get_difference(b.user_id, start.pts, start.date, 0, None, NOW + 3)
        .unwrap()
    else {
        panic!("a full difference")
    };
    assert_eq!(new_messages.len(), 1);
    let channel_pts = w.channel(channel).unwrap().unwrap().pts;
    assert_eq!(
        other_updates
            .iter()
            .map(|s| s.update.clone())
            .collect::<Vec<_>>(),
        vec![
            Update::Channel {
                channel_id: channel
            },
            Update::UserName {
                user_id: b.user_id,
                first_name: "Renamed".into(),
                last_name: String::new(),
                username: None,
            },
            Update::ChannelTooLong {
                channel_id: channel,
                pts: channel_pts
            },
        ]
    );
    assert_eq!((end.pts, end.seq), (state.pts, 2));
    // From the date of the rename on, only the rename (and the channel, quiet since, is not
    // named); after it, nothing.
    let Difference::Full { other_updates, .. } = w
        .get_difference(b.user_id, state.pts, NOW + 2, 0, None, NOW + 3)
        .unwrap()
    else {
        panic!("the rename again")
    };
    assert!(matches!(&other_updates[..], [s] if matches!(s.update, Update::UserName { .. })));
    assert_eq!(
        w.get_difference(b.user_id, state.pts, NOW + 3, 0, None, NOW + 3)
            .unwrap(),
        Difference::Empty {
            date: NOW + 3,
            seq: 2
        }
    );
}

#[test]
fn channel_news_after_the_clients_date_ask_for_the_channel_difference() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let channel = supergroup(&mut w, a, "News");
    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap();
    let seen = w.update_state(b.user_id, NOW + 100).unwrap();
    assert_eq!(
        w.get_difference(b.user_id, seen.pts, NOW + 100, 0, None, NOW + 100)
            .unwrap(),
        Difference::Empty {
            date: NOW + 100,
            seq: seen.seq
        },
        "nothing since"
    );
    w.send_message(a, peer(&w, a, channel), text("later"), NOW + 200)
        .unwrap();
    let pts = w.channel(channel).unwrap().unwrap().pts;
    let Difference::Full {
        new_messages,
        other_updates,
        state,
    } = w
        .get_difference(b.user_id, seen.pts, NOW + 100, 0, None, NOW + 300)
        .unwrap()
    else {
        panic!("the channel must be named")
    };
    assert!(
        new_messages.is_empty(),
        "channel messages come from the channel difference"
    );
    assert_eq!(
        other_updates
            .iter()
            .map(|s| s.update.clone())
            .collect::<Vec<_>>(),
        vec![Update::ChannelTooLong {
            channel_id: channel,
            pts
        }]
    );
    assert_eq!(state.pts, seen.pts);
    // A user outside the channel hears nothing of it.
    let c = user(&mut w, 3);
    let c_state = w.update_state(c.user_id, NOW).unwrap();
    assert!(matches!(
        w.get_difference(c.user_id, c_state.pts, NOW, 0, None, NOW + 300)
            .unwrap(),
        Difference::Empty { .. }
    ));
}

#[test]
fn reading_a_channel_moves_its_authors_outbox_marks() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    let channel = supergroup(&mut w, a, "Marks");
    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id, c.user_id], NOW)
        .unwrap();
    let m1 = w
        .send_message(a, peer(&w, a, channel), text("a1"), NOW)
        .unwrap()
        .message
        .id;
    let m2 = w
        .send_message(c, peer(&w, c, channel), text("c1"), NOW)
        .unwrap()
        .message
        .id;
    let m3 = w
        .send_message(a, peer(&w, a, channel), text("a2"), NOW)
        .unwrap()
        .message
        .id;
    assert!(m1 < m2 && m2 < m3);
    let outbox = |w: &testdc::world::World, who: testdc::world::Caller| {
        w.dialog(who.user_id, Peer::Channel(channel))
            .unwrap()
            .unwrap()
            .read_outbox_max_id
    };
    assert_eq!((outbox(&w, a), outbox(&w, c)), (0, 0));
    let a_seq = w.update_state(a.user_id, NOW).unwrap().seq;
    w.drain_pushes();
    w.read_channel_history(b, input(&w, b, channel), 0, NOW)
        .unwrap();
    assert_eq!((outbox(&w, a), outbox(&w, c)), (m3, m2));
    let pushes = w.drain_pushes();
    let to_a: Vec<_> = pushes
        .iter()
        .filter(|p| matches!(p.target, testdc::world::PushTarget::User { user_id, except_auth_key: None } if user_id == a.user_id))
        .collect();
    assert!(
        matches!(&to_a[..], [p] if p.update.update == Update::ReadChannelOutbox { channel_id: channel, max_id: m3 } && p.seq == Some(a_seq + 1)),
        "{to_a:?}"
    );
    assert_eq!(
        pushes_for(&pushes, c.user_id, None),
        vec![Update::ReadChannelOutbox {
            channel_id: channel,
            max_id: m2
        }]
    );
    // C reads A's last message: A's mark is there already; C's own messages stay as they are.
    w.read_channel_history(c, input(&w, c, channel), 0, NOW)
        .unwrap();
    let pushes = w.drain_pushes();
    assert!(pushes_for(&pushes, a.user_id, None).is_empty());
    assert_eq!((outbox(&w, a), outbox(&w, c)), (m3, m2));
}

#[test]
fn broadcast_posts_are_out_for_their_author_only() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let created = w.create_channel(a, "Casts", "", true, NOW).unwrap();
    let Peer::Channel(channel) = created.message.peer else {
        panic!("a channel")
    };
    assert!(created.message.out, "the creation notice is the creator's");
    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap();
    let first = w
        .send_message(a, peer(&w, a, channel), text("post 1"), NOW)
        .unwrap()
        .message;
    assert!(first.post && first.from_id.is_none() && first.out);
    let second = w
        .send_message(a, peer(&w, a, channel), text("post 2"), NOW)
        .unwrap();
    let as_seen = |w: &testdc::world::World, who: testdc::world::Caller| -> Vec<(String, bool)> {
        w.control_messages(who.user_id, Some(Peer::Channel(channel)), 2)
            .unwrap()
            .into_iter()
            .map(|m| (m.text, m.out))
            .collect()
    };
    assert_eq!(
        as_seen(&w, a),
        vec![("post 2".into(), true), ("post 1".into(), true)]
    );
    assert_eq!(
        as_seen(&w, b),
        vec![("post 2".into(), false), ("post 1".into(), false)]
    );
    // Edits reach each member with their own view.
    w.drain_pushes();
    w.edit_message(
        a,
        peer(&w, a, channel),
        second.message.id,
        Some("post 2, edited".into()),
        None,
        NOW,
    )
    .unwrap();
    let pushes = w.drain_pushes();
    let out_of = |user| {
        pushes_for(&pushes, user, None)
            .into_iter()
            .find_map(|u| match u {
                Update::EditChannelMessage(m) => Some(m.out),
                _ => None,
            })
            .expect("edit pushed")
    };
    assert!(out_of(a.user_id) && !out_of(b.user_id));
    // The author's own posts never count as unread for them, also when recounted.
    w.delete_channel_messages(a, input(&w, a, channel), &[first.id], NOW)
        .unwrap();
    let unread = |who: testdc::world::Caller| {
        w.dialog(who.user_id, Peer::Channel(channel))
            .unwrap()
            .unwrap()
            .unread_count
    };
    assert_eq!(unread(a), 0);
    assert_eq!(unread(b), 1, "post 2 (b joined after the creation notice)");
}
