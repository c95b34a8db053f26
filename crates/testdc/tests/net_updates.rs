//! Live updates: what the world pushes reaches every online session of the recipient, with
//! the world's pts, but not the session that asked invokeWithoutUpdates nor the sender's own;
//! containers carry the user's seq; a client that stops reading is closed and catches up with
//! getDifference; a session moves to a new connection while the old one still looks open.
mod net_support;

use std::time::Duration;

use rand::SeedableRng;

use net_support::*;
use serde_json::json;
use tl::api::functions;
use tl::{Deserialize, Serialize};

const QUIET: Duration = Duration::from_millis(400);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_reach_every_online_session_of_the_recipient() {
    let server = start_server(None).await;
    let control = start_control(&server).await;
    let (phone_a, phone_b) = (phone(1), phone(2));
    let mut a = Client::connect(dc_addr(&server, 1), 1, Transport::FULL, 1)
        .await
        .unwrap();
    let a_id = sign_up(&mut a, &phone_a, "Alice").await;
    let mut b1 = Client::connect(dc_addr(&server, 2), 2, Transport::INTERMEDIATE, 2)
        .await
        .unwrap();
    let b_id = sign_up(&mut b1, &phone_b, "Bob").await;
    // Bob's second device: its own key, signed in the usual way.
    let mut b2 = Client::connect(dc_addr(&server, 2), 2, Transport::FULL, 3)
        .await
        .unwrap();
    assert_eq!(sign_in(&mut b2, &phone_b).await, b_id);
    // Bob's third connection asks for no updates.
    let creds = b2.credentials();
    let mut quiet = Client::reconnect(dc_addr(&server, 2), 2, Transport::FULL, &creds, 4)
        .await
        .unwrap();
    let without = functions::InvokeWithoutUpdates {
        query: tl::Blob(get_self()),
    }
    .to_bytes();
    quiet.call(without).await.unwrap().ok();

    let peer_b = peer_by_phone(&mut a, &phone_b).await;
    a.call(send_message(peer_b.clone(), "first", 11))
        .await
        .unwrap()
        .ok();
    b1.wait_updates(1, WAIT).await.unwrap();
    b2.wait_updates(1, WAIT).await.unwrap();
    let first = new_messages(&b1.updates[0]);
    assert_eq!(first.len(), 1, "one new message");
    assert_eq!(first[0].0, "first");
    assert_eq!(
        new_messages(&b2.updates[0]),
        first,
        "both devices see the same update"
    );

    a.call(send_message(peer_b, "second", 12))
        .await
        .unwrap()
        .ok();
    b1.wait_updates(2, WAIT).await.unwrap();
    let second = new_messages(&b1.updates[1]);
    assert_eq!(second[0].0, "second");
    assert_eq!(
        second[0].1,
        first[0].1 + 1,
        "pts goes up by one per message"
    );

    // The sender's own session got its answers, not pushes of its own messages.
    assert!(
        a.wait_updates(1, QUIET).await.is_err(),
        "the sender's session got a push"
    );

    // A message the control interface sends as Alice reaches Bob, and Alice's session too
    // (it was sent from elsewhere).
    let (status, sent) = net_support::control(
        control,
        "POST",
        "/messages",
        Some(json!({"from_user_id": a_id, "to_user_id": b_id, "text": "from control"})),
    )
    .await;
    assert_eq!(status, 200, "{sent}");
    assert!(sent["message_id"].as_i64().is_some_and(|id| id > 0));
    b1.wait_updates(3, WAIT).await.unwrap();
    assert_eq!(new_messages(&b1.updates[2])[0].0, "from control");
    a.wait_updates(1, WAIT).await.unwrap();
    assert_eq!(new_messages(&a.updates[0])[0].0, "from control");
    // The session that asked invokeWithoutUpdates got nothing at all.
    assert!(
        quiet.wait_updates(1, QUIET).await.is_err(),
        "invokeWithoutUpdates got a push"
    );
    assert!(quiet.updates.is_empty());

    // The control interface sees Bob's two keys online.
    let (_, user) = net_support::control(control, "GET", &format!("/users/{b_id}"), None).await;
    let sessions = user["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 2, "{user}");
    assert!(
        sessions.iter().all(|s| s["online"] == true && s["dc"] == 2),
        "{user}"
    );
    let (_, messages) = net_support::control(
        control,
        "GET",
        &format!("/messages?user_id={b_id}&peer_id={a_id}&limit=2"),
        None,
    )
    .await;
    let texts: Vec<&str> = messages["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["from control", "second"]);
}

fn random_text(rng: &mut impl rand::Rng) -> String {
    (0..4000)
        .map(|_| char::from(rng.gen_range(b'!'..=b'~')))
        .collect()
}

/// (seq_start, seq, update constructor names) of a pushed or answered `Updates`.
fn container(body: &[u8]) -> (i32, i32, Vec<&'static str>) {
    let names = |list: &[tl::api::enums::Update]| {
        list.iter()
            .map(|u| tl::api::constructor_name(u.constructor_id()).unwrap_or("?"))
            .collect()
    };
    match tl::api::enums::Updates::from_bytes(body).expect("Updates") {
        tl::api::enums::Updates::Updates(u) => (u.seq, u.seq, names(&u.updates)),
        tl::api::enums::Updates::Combined(u) => (u.seq_start, u.seq, names(&u.updates)),
        other => panic!("updates or updatesCombined expected, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn containers_carry_the_users_seq() {
    use tl::api::{enums, types};
    let server = start_server(None).await;
    let (phone_a, phone_b) = (phone(1), phone(2));
    let mut a = Client::connect(dc_addr(&server, 1), 1, Transport::FULL, 31)
        .await
        .unwrap();
    sign_up(&mut a, &phone_a, "Alice").await;
    let mut b1 = Client::connect(dc_addr(&server, 2), 2, Transport::INTERMEDIATE, 32)
        .await
        .unwrap();
    sign_up(&mut b1, &phone_b, "Bob").await;
    let mut b2 = Client::connect(dc_addr(&server, 2), 2, Transport::FULL, 33)
        .await
        .unwrap();
    sign_in(&mut b2, &phone_b).await;

    // A rename answers a user, so every device, the renaming one too, gets it pushed: seq 1.
    let rename = functions::account::UpdateProfile {
        first_name: Some("Robert".into()),
        last_name: None,
        about: None,
    };
    b1.call(rename.to_bytes()).await.unwrap().ok();
    b1.wait_updates(1, WAIT).await.unwrap();
    b2.wait_updates(1, WAIT).await.unwrap();
    for b in [&b1, &b2] {
        assert_eq!(container(&b.updates[0]), (1, 1, vec!["updateUserName"]));
    }
    // A message is in the pts sequence: seq 0.
    let peer_b = peer_by_phone(&mut a, &phone_b).await;
    a.call(send_message(peer_b.clone(), "hi", 1))
        .await
        .unwrap()
        .ok();
    b2.wait_updates(2, WAIT).await.unwrap();
    assert_eq!(container(&b2.updates[1]), (0, 0, vec!["updateNewMessage"]));

    // A makes a supergroup (its answer: A's seq 1) and invites B: updateChannel takes B's seq 2.
    let created = a
        .call(
            functions::channels::CreateChannel {
                broadcast: false,
                megagroup: true,
                for_import: false,
                forum: false,
                title: "Seq".into(),
                about: String::new(),
                geo_point: None,
                address: None,
                ttl_period: None,
            }
            .to_bytes(),
        )
        .await
        .unwrap()
        .ok();
    assert_eq!(
        container(&created),
        (1, 1, vec!["updateChannel", "updateNewChannelMessage"])
    );
    let enums::Updates::Updates(created) = enums::Updates::from_bytes(&created).unwrap() else {
        unreachable!()
    };
    let Some(enums::Chat::Channel(channel)) = created.chats.first() else {
        panic!("the channel")
    };
    let enums::InputPeer::User(user_b) = peer_b else {
        unreachable!()
    };
    let invite = functions::channels::InviteToChannel {
        channel: types::InputChannel {
            channel_id: channel.id,
            access_hash: channel.access_hash.unwrap(),
        }
        .into(),
        users: vec![types::InputUser {
            user_id: user_b.user_id,
            access_hash: user_b.access_hash,
        }
        .into()],
    };
    a.call(invite.to_bytes()).await.unwrap().ok();
    b2.wait_updates(4, WAIT).await.unwrap();
    assert_eq!(container(&b2.updates[2]), (2, 2, vec!["updateChannel"]));
    assert_eq!(
        container(&b2.updates[3]),
        (0, 0, vec!["updateNewChannelMessage"])
    );
    let state: enums::updates::State = b2
        .call(functions::updates::GetState.to_bytes())
        .await
        .unwrap()
        .decode();
    let enums::updates::State::State(state) = state;
    assert_eq!((state.seq, state.qts), (2, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_does_not_read_is_closed_and_catches_up() {
    use tl::api::enums;
    const BACKLOG: usize = 64 * 1024;
    let server = start_server_with_backlog(None, BACKLOG).await;
    let control = start_control(&server).await;
    let (phone_a, phone_b) = (phone(1), phone(2));
    let mut a = Client::connect(dc_addr(&server, 1), 1, Transport::FULL, 34)
        .await
        .unwrap();
    let a_id = sign_up(&mut a, &phone_a, "Talker").await;
    // A writes through the control interface; its own connection, which would get copies
    // and not read them either, goes, and the server sees it go before the pushes start.
    let a_key = a.key.id() as i64;
    drop(a);
    let gone = std::time::Instant::now();
    while server.shared.registry.is_online(a_key) {
        assert!(gone.elapsed() < WAIT, "A still online");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let mut b = Client::connect(dc_addr(&server, 2), 2, Transport::FULL, 35)
        .await
        .unwrap();
    let b_id = sign_up(&mut b, &phone_b, "Sleeper").await;
    let state: enums::updates::State = b
        .call(functions::updates::GetState.to_bytes())
        .await
        .unwrap()
        .decode();
    let enums::updates::State::State(state) = state;
    let b_key = b.key.id() as i64;
    assert!(server.shared.registry.is_online(b_key));
    // B stops reading; A's long messages pile up in the sockets, then in B's mailbox, until
    // the server gives up on B's connection.
    // Random letters: little for gzip to take away on the wire.
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    let mut sent = 0;
    let started = std::time::Instant::now();
    while server.shared.registry.is_online(b_key) {
        assert!(
            sent < 20_000 && started.elapsed() < Duration::from_secs(120),
            "still online after {sent} pushes"
        );
        let (status, _) = net_support::control(
            control,
            "POST",
            "/messages",
            Some(json!({"from_user_id": a_id, "to_user_id": b_id, "text": random_text(&mut rng)})),
        )
        .await;
        assert_eq!(status, 200);
        sent += 1;
    }
    assert!(sent > 10, "closed after only {sent} pushes");
    assert_eq!(server.shared.slow_clients_closed(), 1, "closed as too slow");
    // B comes back on a new connection and gets every message from its last state.
    let creds = b.credentials();
    drop(b);
    let mut back = Client::reconnect(dc_addr(&server, 2), 2, Transport::INTERMEDIATE, &creds, 36)
        .await
        .unwrap();
    let (mut pts, mut date, mut got) = (state.pts, state.date, 0);
    loop {
        let diff: enums::updates::Difference = back
            .call(
                functions::updates::GetDifference {
                    pts,
                    pts_limit: None,
                    pts_total_limit: None,
                    date,
                    qts: 0,
                    qts_limit: None,
                }
                .to_bytes(),
            )
            .await
            .unwrap()
            .decode();
        match diff {
            enums::updates::Difference::Slice(s) => {
                got += s.new_messages.len();
                let enums::updates::State::State(next) = s.intermediate_state;
                (pts, date) = (next.pts, next.date);
            }
            enums::updates::Difference::Difference(d) => {
                got += d.new_messages.len();
                break;
            }
            other => panic!("a difference expected, got {other:?}"),
        }
    }
    assert_eq!(got, sent, "every message came back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_moves_to_a_new_connection_before_the_old_one_closes() {
    use tokio::io::AsyncReadExt;
    let server = start_server(None).await;
    let addr = dc_addr(&server, 1);
    let mut c = Client::connect(addr, 1, Transport::INTERMEDIATE, 37)
        .await
        .unwrap();
    c.call(get_config()).await.unwrap().ok();
    assert_eq!(c.new_sessions, 1);
    // The client reconnects while its old connection still looks alive to the server.
    let mut old = c.move_keeping_old(addr).await.unwrap();
    c.call(get_config()).await.unwrap().ok();
    assert_eq!(c.new_sessions, 1, "the session continued");
    assert_eq!(server.shared.session_table.parked(), 0);
    // The old connection handed its session over and was closed.
    let mut buf = [0u8; 64];
    let read = tokio::time::timeout(WAIT, old.read(&mut buf))
        .await
        .expect("the old connection is closed");
    assert!(matches!(read, Ok(0) | Err(_)), "{read:?}");
    assert_eq!(server.shared.registry.len(), 1, "one connection online");
    // And again, back and forth.
    let _old = c.move_keeping_old(addr).await.unwrap();
    c.call(get_config()).await.unwrap().ok();
    assert_eq!(c.new_sessions, 1);
}
