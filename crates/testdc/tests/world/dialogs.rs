use testdc::world::{DialogsQuery, Peer};

use crate::common::*;

#[test]
fn dialogs_order_by_top_message_and_paginate() {
    let mut w = world();
    let me = user(&mut w, 1);
    let mut others = Vec::new();
    for n in 2..=6 {
        others.push(user(&mut w, n));
    }
    // Dialog with user n gets its last message at NOW + n.
    for (i, other) in others.iter().enumerate() {
        let peer = input_user(&w, other.user_id, me.user_id);
        w.send_message(*other, peer, text("hi"), NOW + i as i32)
            .unwrap();
    }
    let peer = input_user(&w, me.user_id, others[0].user_id);
    w.send_message(me, peer, text("bump"), NOW + 100).unwrap();

    let page = w
        .dialogs(
            me.user_id,
            &DialogsQuery {
                limit: 3,
                ..Default::default()
            },
        )
        .unwrap();
    let order: Vec<Peer> = page.dialogs.iter().map(|d| d.peer).collect();
    let expected: Vec<Peer> = [0, 4, 3]
        .iter()
        .map(|&i| Peer::User(others[i].user_id))
        .collect();
    assert_eq!(order, expected);
    assert_eq!(page.count, 5);
    assert_eq!(page.messages.len(), 3);
    assert_eq!(page.messages[0].text, "bump");
    assert_eq!(page.dialogs[1].unread_count, 1);

    let last = page.dialogs.last().unwrap();
    let next = w
        .dialogs(
            me.user_id,
            &DialogsQuery {
                offset_date: last.top_date,
                offset_id: last.top_message,
                offset_peer: Some(last.peer),
                limit: 3,
                ..Default::default()
            },
        )
        .unwrap();
    let rest: Vec<Peer> = next.dialogs.iter().map(|d| d.peer).collect();
    assert_eq!(
        rest,
        vec![Peer::User(others[2].user_id), Peer::User(others[1].user_id)]
    );
    let (found, tops) = w
        .peer_dialogs(
            me.user_id,
            &[Peer::User(others[3].user_id), Peer::User(424242)],
        )
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(tops[0].text, "hi");
}
