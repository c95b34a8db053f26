use testdc::world::{Config, Difference, Peer, RpcError, Update};

use crate::common::*;

#[test]
fn difference_after_missed_messages() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    send(&mut w, a, b.user_id, "hello live");
    let state = w.update_state(b.user_id, NOW).unwrap();
    assert_eq!(state.pts, 2);
    assert!(matches!(
        w.get_difference(b.user_id, state.pts, state.date, state.qts, None, NOW)
            .unwrap(),
        Difference::Empty { .. }
    ));
    for t in ["missed 0", "missed 1", "missed 2"] {
        send(&mut w, a, b.user_id, t);
    }
    let Difference::Full {
        new_messages,
        other_updates,
        state: now_state,
    } = w
        .get_difference(b.user_id, state.pts, state.date, state.qts, None, NOW)
        .unwrap()
    else {
        panic!("a full difference expected")
    };
    let texts: Vec<&str> = new_messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["missed 0", "missed 1", "missed 2"]);
    assert!(other_updates.is_empty());
    assert_eq!(now_state.pts, 5);
    assert_eq!(now_state.unread_count, 4);
    assert!(new_messages
        .iter()
        .all(|m| m.from_id == Some(a.user_id) && m.mentioned_users().contains(&a.user_id)));
}

#[test]
fn other_updates_carry_their_pts() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let start = w.update_state(b.user_id, NOW).unwrap().pts;
    send(&mut w, a, b.user_id, "x");
    send(&mut w, a, b.user_id, "y");
    let peer_b = input_user(&w, a.user_id, b.user_id);
    w.edit_message(a, peer_b, 1, Some("x2".into()), None, NOW)
        .unwrap();
    w.delete_messages(a, &[2], true, NOW).unwrap();
    let peer_a = input_user(&w, b.user_id, a.user_id);
    w.read_history(b, peer_a, 0, NOW).unwrap();
    let Difference::Full {
        new_messages,
        other_updates,
        state,
    } = w
        .get_difference(b.user_id, start, NOW, 0, None, NOW)
        .unwrap()
    else {
        panic!("full difference expected")
    };
    assert_eq!(new_messages.len(), 1, "the deleted message is gone");
    assert_eq!(
        new_messages[0].text, "x2",
        "messages come in their current state"
    );
    let kinds: Vec<(String, i32)> = other_updates
        .iter()
        .map(|s| {
            let kind = match &s.update {
                Update::EditMessage(_) => "edit",
                Update::DeleteMessages { .. } => "delete",
                Update::ReadHistoryInbox { .. } => "read",
                _ => "other",
            };
            (kind.to_string(), s.pts.map_or(0, |p| p.pts))
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("edit".into(), start + 3),
            ("delete".into(), start + 4),
            ("read".into(), start + 5)
        ]
    );
    assert_eq!(state.pts, start + 5);
    let read = other_updates.last().unwrap();
    assert!(
        matches!(read.update, Update::ReadHistoryInbox { peer, max_id: 1, still_unread_count: 0 } if peer == Peer::User(a.user_id))
    );
}

#[test]
fn slices_and_too_long() {
    let mut w = world_with(Config {
        difference_slice: 2,
        difference_too_long: 5,
        ..config()
    });
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let start = w.update_state(b.user_id, NOW).unwrap().pts;
    for i in 0..3 {
        send(&mut w, a, b.user_id, &format!("s{i}"));
    }
    let Difference::Slice {
        new_messages,
        intermediate_state,
        ..
    } = w
        .get_difference(b.user_id, start, NOW, 0, None, NOW)
        .unwrap()
    else {
        panic!("slice expected")
    };
    assert_eq!(new_messages.len(), 2);
    assert_eq!(intermediate_state.pts, start + 2);
    let Difference::Full {
        new_messages,
        state,
        ..
    } = w
        .get_difference(b.user_id, intermediate_state.pts, NOW, 0, None, NOW)
        .unwrap()
    else {
        panic!("the rest expected")
    };
    assert_eq!((new_messages.len(), state.pts), (1, start + 3));
    assert_eq!(
        w.get_difference(b.user_id, start, NOW, 0, Some(2), NOW)
            .unwrap(),
        Difference::TooLong { pts: start + 3 }
    );
    for i in 0..3 {
        send(&mut w, a, b.user_id, &format!("t{i}"));
    }
    assert_eq!(
        w.get_difference(b.user_id, start, NOW, 0, None, NOW)
            .unwrap(),
        Difference::TooLong { pts: start + 6 }
    );
    assert_eq!(
        w.get_difference(b.user_id, start + 100, NOW, 0, None, NOW)
            .unwrap(),
        Difference::TooLong { pts: start + 6 }
    );
    let bad = w
        .get_difference(b.user_id, 0, NOW, 0, None, NOW)
        .unwrap_err();
    assert!(bad.is(&RpcError::PersistentTimestampInvalid));
}
