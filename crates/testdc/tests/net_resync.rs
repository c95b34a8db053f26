//! The control interface's resynchronisation tools (CONTROL.md): updatesTooLong and
//! updateChannelTooLong pushed at once, getDifference / getChannelDifference made to answer
//! "too long" once, the difference limits changed while the server runs, and POST /messages
//! into a channel.
mod net_support;

use std::time::Duration;

use net_support::*;
use serde_json::json;
use tl::api::{enums, functions, types};
use tl::{Deserialize, Serialize};

async fn post(
    control: std::net::SocketAddr,
    path: &str,
    body: serde_json::Value,
) -> serde_json::Value {
    let (status, answer) = net_support::control(control, "POST", path, Some(body)).await;
    assert_eq!(status, 200, "{answer}");
    answer
}

fn get_difference(pts: i32, date: i32) -> Vec<u8> {
    functions::updates::GetDifference {
        pts,
        pts_limit: None,
        pts_total_limit: None,
        date,
        qts: 0,
        qts_limit: None,
    }
    .to_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_long_pushes_and_forced_differences() {
    let server = start_server(None).await;
    let control = start_control(&server).await;
    let (phone_a, phone_b) = (phone(2), phone(2));
    let mut a = Client::connect(dc_addr(&server, 2), 2, Transport::INTERMEDIATE, 1)
        .await
        .unwrap();
    let a_id = sign_up(&mut a, &phone_a, "Alice").await;
    let mut b = Client::connect(dc_addr(&server, 2), 2, Transport::FULL, 2)
        .await
        .unwrap();
    let b_id = sign_up(&mut b, &phone_b, "Bob").await;
    let state = b
        .call(functions::updates::GetState.to_bytes())
        .await
        .unwrap();
    let enums::updates::State::State(state) = state.decode();

    // updatesTooLong reaches Bob's session at once; Alice hears nothing.
    post(
        control,
        "/faults",
        json!({"kind": "updates_too_long", "user_id": b_id}),
    )
    .await;
    b.wait_updates(1, WAIT).await.unwrap();
    assert!(matches!(
        enums::Updates::from_bytes(&b.updates[0]).unwrap(),
        enums::Updates::TooLong
    ));
    assert!(a.wait_updates(1, Duration::from_millis(300)).await.is_err());
    let unknown = net_support::control(
        control,
        "POST",
        "/faults",
        Some(json!({"kind": "updates_too_long", "user_id": 999_999})),
    )
    .await;
    assert_eq!(unknown.0, 404);

    // Messages from the control side, then a difference forced to be too long, once.
    for text in ["one", "two", "three"] {
        post(
            control,
            "/messages",
            json!({"from_user_id": a_id, "to_user_id": b_id, "text": text}),
        )
        .await;
    }
    let fault = post(
        control,
        "/faults",
        json!({"kind": "difference_too_long", "match": {"user_id": b_id}}),
    )
    .await;
    let answer = b.call(get_difference(state.pts, state.date)).await.unwrap();
    let enums::updates::Difference::TooLong(too_long) = answer.decode() else {
        panic!("differenceTooLong")
    };
    assert_eq!(too_long.pts, state.pts + 3);
    let (_, fired) = net_support::control(
        control,
        "GET",
        &format!("/faults/{}", fault["fault_id"]),
        None,
    )
    .await;
    assert_eq!(fired["fired"], true);
    // The next one is a real difference; with a limit of 2 it comes in slices.
    let settings = post(control, "/settings", json!({"difference_limit": 2})).await;
    assert_eq!(settings["difference_limit"], 2);
    let answer = b.call(get_difference(state.pts, state.date)).await.unwrap();
    let enums::updates::Difference::Slice(slice) = answer.decode() else {
        panic!("a slice")
    };
    assert_eq!(slice.new_messages.len(), 2);
    let bad = net_support::control(
        control,
        "POST",
        "/settings",
        Some(json!({"difference_limit": 0})),
    )
    .await;
    assert_eq!(bad.0, 400);

    // A channel: control posts into it; updateChannelTooLong is pushed with its pts, and a
    // forced channelDifferenceTooLong answers once.
    let create = functions::channels::CreateChannel {
        broadcast: false,
        megagroup: true,
        for_import: false,
        forum: false,
        title: "Room".into(),
        about: String::new(),
        geo_point: None,
        address: None,
        ttl_period: None,
    };
    let created: enums::Updates = a.call(create.to_bytes()).await.unwrap().decode();
    let enums::Updates::Updates(created) = created else {
        panic!("updates")
    };
    let Some(enums::Chat::Channel(channel)) = created.chats.first().cloned() else {
        panic!("the channel")
    };
    a.updates.clear();
    post(
        control,
        "/messages",
        json!({"from_user_id": a_id, "channel_id": channel.id, "text": "posted"}),
    )
    .await;
    let enums::messages::Messages::ChannelMessages(history) = a
        .call(
            functions::messages::GetHistory {
                peer: enums::InputPeer::Channel(Box::new(types::InputPeerChannel {
                    channel_id: channel.id,
                    access_hash: channel.access_hash.unwrap_or(0),
                })),
                offset_id: 0,
                offset_date: 0,
                add_offset: 0,
                limit: 5,
                max_id: 0,
                min_id: 0,
                hash: 0,
            }
            .to_bytes(),
        )
        .await
        .unwrap()
        .decode()
    else {
        panic!("channel messages")
    };
    assert!(matches!(&history.messages[0], enums::Message::Message(m) if m.message == "posted"));
    a.updates.clear();
    post(
        control,
        "/faults",
        json!({"kind": "channel_too_long", "user_id": a_id, "channel_id": channel.id}),
    )
    .await;
    a.wait_updates(1, WAIT).await.unwrap();
    let pushed = a
        .updates
        .iter()
        .find_map(|u| match enums::Updates::from_bytes(u) {
            Ok(enums::Updates::Updates(u)) => u.updates.iter().find_map(|x| match x {
                enums::Update::ChannelTooLong(t) => Some(t.clone()),
                _ => None,
            }),
            _ => None,
        });
    let pushed = pushed.expect("updateChannelTooLong");
    assert_eq!(
        (pushed.channel_id, pushed.pts),
        (channel.id, Some(history.pts))
    );
    post(
        control,
        "/faults",
        json!({"kind": "channel_difference_too_long"}),
    )
    .await;
    let channel_difference = |pts| {
        functions::updates::GetChannelDifference {
            force: false,
            channel: enums::InputChannel::InputChannel(Box::new(types::InputChannel {
                channel_id: channel.id,
                access_hash: channel.access_hash.unwrap_or(0),
            })),
            filter: enums::ChannelMessagesFilter::Empty,
            pts,
            limit: 10,
        }
        .to_bytes()
    };
    let forced = a.call(channel_difference(history.pts)).await.unwrap();
    assert!(matches!(
        forced.decode::<enums::updates::ChannelDifference>(),
        enums::updates::ChannelDifference::TooLong(_)
    ));
    let again = a.call(channel_difference(history.pts)).await.unwrap();
    assert!(matches!(
        again.decode::<enums::updates::ChannelDifference>(),
        enums::updates::ChannelDifference::Empty(_)
    ));
}
