use testdc::world::{
    ChannelDifference, Config, HistoryQuery, InputChannel, Peer, RpcError, ServiceAction, Update,
};

use crate::common::*;

#[test]
fn supergroup_messages_share_channel_ids_and_pts() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    let channel = supergroup(&mut w, a, "Super");
    let info = w.channel(channel).unwrap().unwrap();
    assert_eq!(
        (info.pts, info.last_msg_id, info.participants_count),
        (2, 1, 1)
    );
    assert!(w
        .create_channel(a, " ", "", false, NOW)
        .unwrap_err()
        .is(&RpcError::ChatTitleEmpty));

    w.drain_pushes();
    let invited = w
        .invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap()
        .expect("service message");
    assert!(matches!(
        invited.message.action,
        Some(ServiceAction::ChatAddUser { .. })
    ));
    let pushes = w.drain_pushes();
    let to_b = pushes_for(&pushes, b.user_id, None);
    assert!(to_b.contains(&Update::Channel {
        channel_id: channel
    }));
    assert!(to_b
        .iter()
        .any(|u| matches!(u, Update::NewChannelMessage(m) if m.id == 2)));
    assert!(w
        .invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap_err()
        .is(&RpcError::UserAlreadyParticipant));

    let sent = w
        .send_message(b, peer(&w, b, channel), text("in the channel"), NOW)
        .unwrap();
    assert_eq!(sent.message.id, 3);
    assert_eq!(sent.pts, 4, "the channel's pts");
    assert!(sent.message.out);
    let seen_by_a = w
        .get_channel_messages(a, input(&w, a, channel), &[3])
        .unwrap()
        .remove(0)
        .unwrap();
    assert!(!seen_by_a.out && seen_by_a.from_id == Some(b.user_id));
    assert_eq!(
        w.dialog(a.user_id, Peer::Channel(channel))
            .unwrap()
            .unwrap()
            .unread_count,
        1
    );
    assert_eq!(
        w.update_state(b.user_id, NOW).unwrap().pts,
        1,
        "a user's own pts does not move"
    );

    // Strangers: wrong hash, private channel.
    let forged = InputChannel::Channel {
        channel_id: channel,
        access_hash: w.channel_access_hash(a.user_id, channel),
    };
    assert!(w
        .get_channel_messages(c, forged, &[1])
        .unwrap_err()
        .is(&RpcError::ChannelInvalid));
    let err = w
        .get_channel_messages(c, input(&w, c, channel), &[1])
        .unwrap_err();
    assert!(err.is(&RpcError::ChannelPrivate));
    assert!(w
        .send_message(c, peer(&w, c, channel), text("x"), NOW)
        .unwrap_err()
        .is(&RpcError::ChatWriteForbidden));
    assert!(w
        .join_channel(c, input(&w, c, channel), NOW)
        .unwrap_err()
        .is(&RpcError::ChannelPrivate));

    w.update_channel_username(a, input(&w, a, channel), "public_super")
        .unwrap();
    assert_eq!(
        w.resolve_username("public_super").unwrap(),
        Peer::Channel(channel)
    );
    w.join_channel(c, input(&w, c, channel), NOW).unwrap();
    let (members, count) = w
        .channel_participants(a, input(&w, a, channel), 0, 10)
        .unwrap();
    assert_eq!(count, 3);
    assert_eq!(members.len(), 3);
    w.leave_channel(c, input(&w, c, channel), NOW).unwrap();
    assert_eq!(w.channel(channel).unwrap().unwrap().participants_count, 2);
    assert!(w
        .dialog(c.user_id, Peer::Channel(channel))
        .unwrap()
        .is_none());

    let history = w
        .get_history(
            a,
            Peer::Channel(channel),
            HistoryQuery {
                limit: 2,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(history.messages.len(), 2);
    assert_eq!(history.count, 5, "create, invite, message, join, leave");
}

#[test]
fn broadcast_channels_take_posts_from_admins_only() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let created = w.create_channel(a, "News", "", true, NOW).unwrap();
    let Peer::Channel(channel) = created.message.peer else {
        panic!()
    };
    assert!(created.message.post && created.message.from_id.is_none());
    assert!(
        w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
            .unwrap()
            .is_none(),
        "no service message"
    );
    assert!(w
        .send_message(b, peer(&w, b, channel), text("me too"), NOW)
        .unwrap_err()
        .is(&RpcError::ChatWriteForbidden));
    let post = w
        .send_message(a, peer(&w, a, channel), text("headline"), NOW)
        .unwrap();
    assert!(post.message.post);
    let view = w.channel_view(b.user_id, channel).unwrap();
    assert!(view.broadcast && !view.megagroup && !view.is_creator && !view.left);
    assert!(w.channel_view(a.user_id, channel).unwrap().is_creator);
}

#[test]
fn channel_difference_empty_full_and_too_long() {
    let mut w = world_with(Config {
        channel_difference_limit: 3,
        channel_difference_too_long: 3,
        ..config()
    });
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let channel = supergroup(&mut w, a, "Diff");
    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap();
    let pts = w.channel(channel).unwrap().unwrap().pts;
    let diff = w
        .get_channel_difference(b, input(&w, b, channel), pts, 0, NOW)
        .unwrap();
    assert!(matches!(diff, ChannelDifference::Empty { pts: p, .. } if p == pts));
    w.send_message(a, peer(&w, a, channel), text("one"), NOW)
        .unwrap();
    w.send_message(a, peer(&w, a, channel), text("two"), NOW)
        .unwrap();
    let peer_a = peer(&w, a, channel);
    w.edit_message(a, peer_a, 3, Some("one!".into()), None, NOW)
        .unwrap();
    let ChannelDifference::Full {
        new_messages,
        other_updates,
        pts: now_pts,
        ..
    } = w
        .get_channel_difference(b, input(&w, b, channel), pts, 0, NOW)
        .unwrap()
    else {
        panic!("full expected")
    };
    assert_eq!(
        new_messages
            .iter()
            .map(|m| m.text.as_str())
            .collect::<Vec<_>>(),
        ["one!", "two"]
    );
    assert!(matches!(&other_updates[..], [s] if matches!(s.update, Update::EditChannelMessage(_))));
    assert_eq!(now_pts, pts + 3);
    w.send_message(a, peer(&w, a, channel), text("three"), NOW)
        .unwrap();
    let ChannelDifference::TooLong {
        dialog, messages, ..
    } = w
        .get_channel_difference(b, input(&w, b, channel), pts, 0, NOW)
        .unwrap()
    else {
        panic!("too long expected")
    };
    assert_eq!(dialog.pts, Some(pts + 4));
    assert_eq!(messages.first().map(|m| m.text.as_str()), Some("three"));
    let bad = w
        .get_channel_difference(b, input(&w, b, channel), 0, 0, NOW)
        .unwrap_err();
    assert!(bad.is(&RpcError::PersistentTimestampInvalid));
}

#[test]
fn deleting_and_reading_in_channels() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let channel = supergroup(&mut w, a, "Del");
    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap();
    let mine = w
        .send_message(b, peer(&w, b, channel), text("b's"), NOW)
        .unwrap();
    let theirs = w
        .send_message(a, peer(&w, a, channel), text("a's"), NOW)
        .unwrap();
    let refused = w
        .delete_channel_messages(b, input(&w, b, channel), &[theirs.message.id], NOW)
        .unwrap_err();
    assert!(refused.is(&RpcError::MessageDeleteForbidden));
    let done = w
        .delete_channel_messages(b, input(&w, b, channel), &[mine.message.id], NOW)
        .unwrap();
    assert_eq!(done.pts_count, 1);
    w.delete_channel_messages(a, input(&w, a, channel), &[1], NOW)
        .expect("admins delete anything");
    // Unread for B: A's invitation notice and A's message.
    assert_eq!(
        w.dialog(b.user_id, Peer::Channel(channel))
            .unwrap()
            .unwrap()
            .unread_count,
        2
    );
    w.drain_pushes();
    w.read_channel_history(b, input(&w, b, channel), 0, NOW)
        .unwrap();
    assert_eq!(
        w.dialog(b.user_id, Peer::Channel(channel))
            .unwrap()
            .unwrap()
            .unread_count,
        0
    );
    let pushes = w.drain_pushes();
    assert!(
        matches!(&pushes_for(&pushes, b.user_id, Some(999))[..], [Update::ReadChannelInbox { max_id, .. }] if *max_id == theirs.message.id)
    );
}
