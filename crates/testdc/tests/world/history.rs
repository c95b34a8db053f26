use testdc::world::{Caller, HistoryQuery, Peer, RpcError, SearchQuery, World};

use crate::common::*;

/// A and B with 30 messages from A (A's ids 1..=30), one a second apart.
fn thirty() -> (World, Caller, Caller) {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    for i in 1..=30 {
        let peer = input_user(&w, a.user_id, b.user_id);
        w.send_message(a, peer, text(&format!("message {i}")), NOW + i)
            .unwrap();
    }
    (w, a, b)
}

fn ids(w: &World, who: Caller, peer: Peer, q: HistoryQuery) -> Vec<i32> {
    w.get_history(who, peer, q)
        .unwrap()
        .messages
        .iter()
        .map(|m| m.id)
        .collect()
}

#[test]
fn history_pages_newest_first() {
    let (w, a, b) = thirty();
    let peer = Peer::User(b.user_id);
    let page = w
        .get_history(
            a,
            peer,
            HistoryQuery {
                limit: 5,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(page.count, 30);
    assert_eq!(
        page.messages.iter().map(|m| m.id).collect::<Vec<_>>(),
        vec![30, 29, 28, 27, 26]
    );
    assert_eq!(
        ids(
            &w,
            a,
            peer,
            HistoryQuery {
                offset_id: 26,
                limit: 3,
                ..Default::default()
            }
        ),
        vec![25, 24, 23]
    );
    assert_eq!(
        ids(
            &w,
            a,
            peer,
            HistoryQuery {
                offset_id: 26,
                add_offset: 2,
                limit: 3,
                ..Default::default()
            }
        ),
        vec![23, 22, 21]
    );
    // add_offset = -k reaches k messages newer than offset_id (offset_id itself included).
    assert_eq!(
        ids(
            &w,
            a,
            peer,
            HistoryQuery {
                offset_id: 20,
                add_offset: -3,
                limit: 6,
                ..Default::default()
            }
        ),
        vec![22, 21, 20, 19, 18, 17]
    );
    assert_eq!(
        ids(
            &w,
            a,
            peer,
            HistoryQuery {
                offset_id: 20,
                add_offset: -3,
                limit: 2,
                ..Default::default()
            }
        ),
        vec![22, 21]
    );
    assert_eq!(
        ids(
            &w,
            a,
            peer,
            HistoryQuery {
                offset_id: 3,
                limit: 10,
                ..Default::default()
            }
        ),
        vec![2, 1]
    );
    assert_eq!(
        ids(
            &w,
            a,
            peer,
            HistoryQuery {
                limit: 50,
                min_id: 27,
                ..Default::default()
            }
        ),
        vec![30, 29, 28]
    );
    assert_eq!(
        ids(
            &w,
            a,
            peer,
            HistoryQuery {
                limit: 3,
                max_id: 10,
                ..Default::default()
            }
        ),
        vec![9, 8, 7]
    );
    assert_eq!(
        ids(
            &w,
            a,
            peer,
            HistoryQuery {
                offset_date: NOW + 5,
                limit: 10,
                ..Default::default()
            }
        ),
        vec![4, 3, 2, 1]
    );
    let counted = w.get_history(a, peer, HistoryQuery::default()).unwrap();
    assert!(
        counted.messages.is_empty() && counted.count == 30,
        "limit 0 only counts"
    );
    assert_eq!(
        w.get_history(
            a,
            peer,
            HistoryQuery {
                limit: 1000,
                ..Default::default()
            }
        )
        .unwrap()
        .messages
        .len(),
        30
    );
    let err = w
        .get_history(
            a,
            peer,
            HistoryQuery {
                limit: -1,
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(err.is(&RpcError::LimitInvalid));
    assert!(
        ids(
            &w,
            b,
            Peer::User(a.user_id),
            HistoryQuery {
                limit: 2,
                ..Default::default()
            }
        ) == vec![30, 29]
    );
}

#[test]
fn pages_cap_at_the_configured_limit() {
    let mut w = world_with(testdc::world::Config {
        page_limit: 10,
        ..config()
    });
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    for i in 0..12 {
        send(&mut w, a, b.user_id, &format!("m{i}"));
    }
    let page = w
        .get_history(
            a,
            Peer::User(b.user_id),
            HistoryQuery {
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!((page.messages.len(), page.count), (10, 12));
}

#[test]
fn search_within_a_chat_and_everywhere() {
    let (mut w, a, b) = thirty();
    let c = user(&mut w, 3);
    send(&mut w, c, a.user_id, "message from C, 100% real_deal");
    let peer = Peer::User(b.user_id);
    let q = |t: &str| SearchQuery {
        text: t.into(),
        ..Default::default()
    };
    let page = w
        .search_messages(
            a,
            Some(peer),
            &q("message 2"),
            HistoryQuery {
                limit: 100,
                ..Default::default()
            },
        )
        .unwrap();
    let found: Vec<i32> = page.messages.iter().map(|m| m.id).collect();
    assert_eq!(found, vec![29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 2]);
    assert_eq!(page.count, 11);
    let global = w
        .search_messages(
            a,
            None,
            &q("MESSAGE FROM"),
            HistoryQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        global.messages.len(),
        1,
        "case-insensitive, every chat of A"
    );
    let literal = w
        .search_messages(
            a,
            None,
            &q("100%"),
            HistoryQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(literal.count, 1);
    let underscore = w
        .search_messages(
            a,
            None,
            &q("l_d"),
            HistoryQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(underscore.count, 1);
    let wildcard = w
        .search_messages(
            a,
            None,
            &q("rea_"),
            HistoryQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(wildcard.count, 0, "_ is not a wildcard");
    let by_c = SearchQuery {
        from_id: Some(c.user_id),
        ..Default::default()
    };
    assert_eq!(
        w.search_messages(
            a,
            None,
            &by_c,
            HistoryQuery {
                limit: 10,
                ..Default::default()
            }
        )
        .unwrap()
        .count,
        1
    );
}
