//! A request whose connection closed after it ran: sent again under a new msg_id (what
//! crates/mtproto's client and Telethon do) random_id deduplication answers the first
//! message; sent again as the very same MTProto message in the same session, the session
//! answers it from the result it kept. Either way exactly one message exists.
mod net_support;

use mtproto::transport::TransportKind;
use net_support::*;
use serde_json::json;
use tl::api::enums;
use tl::Deserialize;
use tokio::io::AsyncWriteExt;

async fn signed_up(server: &testdc::net::Server, seed: u64) -> (Client, i64) {
    let mut c = Client::connect(dc_addr(server, 2), 2, Transport::INTERMEDIATE, seed)
        .await
        .unwrap();
    c.call(get_config()).await.unwrap().ok();
    let me = sign_up(&mut c, &phone(2), "Resender").await;
    (c, me)
}

async fn messages_with(control: std::net::SocketAddr, user: i64, peer: i64) -> Vec<String> {
    let path = format!("/messages?user_id={user}&peer_id={peer}&limit=10");
    let (status, answer) = net_support::control(control, "GET", &path, None).await;
    assert_eq!(status, 200, "{answer}");
    answer["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn requests_served(control: std::net::SocketAddr) -> u64 {
    let (_, health) = net_support::control(control, "GET", "/health", None).await;
    health["requests"].as_u64().expect("requests")
}

fn new_message_id(body: Vec<u8>) -> i32 {
    let updates = enums::Updates::from_bytes(&body).expect("updates");
    let list = match updates {
        enums::Updates::Updates(u) => u.updates,
        other => panic!("updates, not {other:?}"),
    };
    list.iter()
        .find_map(|u| match u {
            enums::Update::MessageID(m) => Some(m.id),
            _ => None,
        })
        .expect("updateMessageID")
}

async fn arm_close_after_run(control: std::net::SocketAddr) -> u64 {
    let fault = json!({"kind": "close_connection", "run": true,
                       "match": {"method": "messages.sendMessage"}});
    let (status, answer) = net_support::control(control, "POST", "/faults", Some(fault)).await;
    assert_eq!(status, 200, "{answer}");
    answer["fault_id"].as_u64().expect("fault_id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_sent_again_under_a_new_msg_id_finds_its_first_message() {
    let server = start_server(None).await;
    let control = start_control(&server).await;
    let (mut c, me) = signed_up(&server, 31).await;
    let to_self = enums::InputPeer::InputPeerSelf;
    arm_close_after_run(control).await;
    let id = c.send(send_message(to_self.clone(), "once", 4242));
    c.flush().await.unwrap();
    match c.wait_answer(id).await {
        Err(ClientError::Closed | ClientError::Io(_)) => {}
        other => panic!("the connection closes without an answer, got {other:?}"),
    }
    assert_eq!(messages_with(control, me, me).await, ["once"], "it ran");
    // The client moves on: the unacknowledged request goes again, with a new msg_id.
    c.move_to_new_connection(dc_addr(&server, 2)).await.unwrap();
    c.flush().await.unwrap();
    let first = new_message_id(c.wait_answer(id).await.unwrap().ok());
    // And the application, unsure, sends it once more itself.
    let again = c
        .call(send_message(to_self, "once", 4242))
        .await
        .unwrap()
        .ok();
    assert_eq!(new_message_id(again), first, "the same message each time");
    assert_eq!(messages_with(control, me, me).await, ["once"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_message_sent_again_in_its_session_is_answered_from_the_kept_result() {
    let server = start_server(None).await;
    let control = start_control(&server).await;
    let (mut c, me) = signed_up(&server, 32).await;
    let fault = arm_close_after_run(control).await;
    let id = c.send(send_message(
        enums::InputPeer::InputPeerSelf,
        "exactly once",
        77,
    ));
    let packet = c
        .session
        .poll_transmit(now(), &mut c.rng)
        .expect("the request's packet");
    let mut framed = Vec::new();
    c.codec.encode(&packet, &mut c.rng, &mut framed).unwrap();
    c.stream.write_all(&framed).await.unwrap();
    match c.wait_answer(id).await {
        Err(ClientError::Closed | ClientError::Io(_)) => {}
        other => panic!("the connection closes without an answer, got {other:?}"),
    }
    let (_, state) = net_support::control(control, "GET", &format!("/faults/{fault}"), None).await;
    assert_eq!(state["fired"], true);
    let sessions = c.new_sessions;
    let served = requests_served(control).await;
    // Byte for byte the same encrypted message (same session, msg_id and seq_no) on a new
    // connection, without the client session's own resend.
    c.stream = tokio::net::TcpStream::connect(dc_addr(&server, 2))
        .await
        .unwrap();
    assert!(matches!(c.transport.kind, TransportKind::Intermediate));
    c.codec = c.transport.codec(2, &mut c.rng);
    let mut framed = Vec::new();
    c.codec.encode(&packet, &mut c.rng, &mut framed).unwrap();
    c.stream.write_all(&framed).await.unwrap();
    let answer = c.wait_answer(id).await.unwrap().ok();
    let id_seen = new_message_id(answer);
    assert_eq!(c.new_sessions, sessions, "the session went on");
    assert_eq!(
        requests_served(control).await,
        served,
        "the copy was not run again (random_id would hide a second run)"
    );
    assert_eq!(messages_with(control, me, me).await, ["exactly once"]);
    assert_eq!(id_seen, 1, "the first message of the account's box");
}
