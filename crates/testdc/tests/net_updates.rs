//! Live updates: what the world pushes reaches every online session of the recipient, with
//! the world's pts, but not the session that asked invokeWithoutUpdates nor the sender's own.
mod net_support;

use std::time::Duration;

use net_support::*;
use serde_json::json;
use tl::api::functions;
use tl::Serialize;

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
