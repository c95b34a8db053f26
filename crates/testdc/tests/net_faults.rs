//! Each fault of the control interface (CONTROL.md), armed over HTTP and observed by a real
//! MTProto client.
mod net_support;

use std::time::{Duration, Instant};

use net_support::*;
use serde_json::json;

async fn setup() -> (testdc::net::Server, std::net::SocketAddr) {
    let server = start_server(None).await;
    let control = start_control(&server).await;
    (server, control)
}

async fn arm(control: std::net::SocketAddr, body: serde_json::Value) -> u64 {
    let (status, answer) = net_support::control(control, "POST", "/faults", Some(body)).await;
    assert_eq!(status, 200, "{answer}");
    answer["fault_id"].as_u64().expect("fault_id")
}

async fn fired(control: std::net::SocketAddr, id: u64) -> bool {
    let (status, answer) =
        net_support::control(control, "GET", &format!("/faults/{id}"), None).await;
    assert_eq!(status, 200);
    answer["fired"].as_bool().expect("fired")
}

async fn client(server: &testdc::net::Server, dc: i32, seed: u64) -> Client {
    let mut c = Client::connect(dc_addr(server, dc), dc, Transport::INTERMEDIATE, seed)
        .await
        .unwrap();
    c.call(get_config()).await.unwrap().ok();
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rpc_error_faults_answer_once_on_the_matching_request() {
    let (server, control) = setup().await;
    let mut c = client(&server, 2, 1).await;
    let cases = [
        (
            json!({"kind": "flood_wait", "seconds": 3}),
            420,
            "FLOOD_WAIT_3",
        ),
        (
            json!({"kind": "migrate", "error": "FILE_MIGRATE", "dc": 3}),
            303,
            "FILE_MIGRATE_3",
        ),
        (
            json!({"kind": "migrate", "error": "USER_MIGRATE", "dc": 1}),
            303,
            "USER_MIGRATE_1",
        ),
        (
            json!({"kind": "rpc_error", "code": 400, "message": "CUSTOM"}),
            400,
            "CUSTOM",
        ),
    ];
    for (mut body, code, message) in cases {
        body["match"] = json!({"method": "help.getConfig", "dc": 2});
        let id = arm(control, body).await;
        // Another method does not trigger it.
        assert_eq!(
            c.call(get_self()).await.unwrap(),
            Answer::Error(401, "AUTH_KEY_UNREGISTERED".into())
        );
        assert!(!fired(control, id).await);
        assert_eq!(
            c.call(get_config()).await.unwrap(),
            Answer::Error(code, message.into())
        );
        assert!(fired(control, id).await);
        // Once only.
        c.call(get_config()).await.unwrap().ok();
    }
    // A fault for DC 1 leaves DC 2 alone.
    let id = arm(
        control,
        json!({"kind": "flood_wait", "seconds": 1, "match": {"dc": 1}}),
    )
    .await;
    c.call(get_config()).await.unwrap().ok();
    let mut on_dc1 = Client::connect(dc_addr(&server, 1), 1, Transport::FULL, 2)
        .await
        .unwrap();
    assert_eq!(
        on_dc1.call(get_config()).await.unwrap(),
        Answer::Error(420, "FLOOD_WAIT_1".into())
    );
    assert!(fired(control, id).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_match_on_the_user() {
    let (server, control) = setup().await;
    let mut a = client(&server, 2, 3).await;
    let a_id = sign_up(&mut a, &phone(2), "A").await;
    let mut b = client(&server, 2, 4).await;
    sign_up(&mut b, &phone(2), "B").await;
    let id = arm(
        control,
        json!({"kind": "rpc_error", "code": 500, "message": "ONLY_A", "match": {"user_id": a_id}}),
    )
    .await;
    b.call(get_self()).await.unwrap().ok();
    assert!(!fired(control, id).await);
    assert_eq!(
        a.call(get_self()).await.unwrap(),
        Answer::Error(500, "ONLY_A".into())
    );
    assert!(fired(control, id).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_server_salt_makes_the_client_resend() {
    use mtproto::envelope;
    use mtproto::session::wire::{self, BadMsg};
    use mtproto::transport::Frame;
    use mtproto::Role;
    use tokio::io::AsyncWriteExt;

    let (server, control) = setup().await;
    let mut c = client(&server, 1, 5).await;
    let id = arm(
        control,
        json!({"kind": "bad_server_salt", "match": {"method": "help.getConfig"}}),
    )
    .await;
    let before = server.shared.requests();
    // Sent by hand so the request's msg_id and seq_no can be read back.
    let request = c.send(get_config());
    let packets: Vec<Vec<u8>> =
        std::iter::from_fn(|| c.session.poll_transmit(now(), &mut c.rng)).collect();
    let mut sent = Vec::new();
    for p in &packets {
        let d = envelope::decrypt(&c.key, Role::Client, p).unwrap();
        match wire::parse_container(&d.body) {
            Ok(inner) => sent.extend(inner.into_iter().map(|m| (m.msg_id, m.seq_no, m.body))),
            Err(_) => sent.push((d.header.msg_id, d.header.seq_no, d.body)),
        }
    }
    let (msg_id, seq_no, _) = sent
        .iter()
        .find(|(_, _, body)| *body == get_config())
        .expect("the request went out")
        .clone();
    let mut out = Vec::new();
    for p in &packets {
        c.codec.encode(p, &mut c.rng, &mut out).unwrap();
    }
    c.stream.write_all(&out).await.unwrap();
    let notice = loop {
        let Frame::Packet { payload, .. } = tokio::time::timeout(WAIT, c.read_frame())
            .await
            .unwrap()
            .unwrap()
        else {
            continue;
        };
        let d = envelope::decrypt(&c.key, Role::Server, &payload).unwrap();
        let bodies = match wire::parse_container(&d.body) {
            Ok(inner) => inner.into_iter().map(|m| m.body).collect(),
            Err(_) => vec![d.body],
        };
        c.session.handle_packet(now(), &payload).unwrap();
        if let Some(b) = bodies
            .iter()
            .find(|b| wire::constructor(b) == wire::BAD_SERVER_SALT)
        {
            break BadMsg::parse(b).unwrap();
        }
    };
    // Telegram's form: the request's own msg_id and seq_no, code 48, the salt to use.
    assert_eq!(
        (notice.bad_msg_id, notice.bad_msg_seqno, notice.error_code),
        (msg_id, seq_no, 48)
    );
    assert_eq!(notice.new_server_salt, Some(c.session.salt(now())));
    c.flush().await.unwrap();
    c.wait_answer(request).await.unwrap().ok();
    assert!(fired(control, id).await);
    // The first copy met bad_server_salt; the client sent it again and got the answer.
    assert_eq!(server.shared.requests() - before, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delay_holds_back_one_answer_only() {
    let (server, control) = setup().await;
    let mut c = client(&server, 1, 6).await;
    let id = arm(
        control,
        json!({"kind": "delay", "ms": 4000, "match": {"method": "help.getConfig"}}),
    )
    .await;
    let t0 = Instant::now();
    let slow = c.send(get_config());
    let fast = c.send(get_self());
    c.flush().await.unwrap();
    assert_eq!(
        c.wait_answer(fast).await.unwrap(),
        Answer::Error(401, "AUTH_KEY_UNREGISTERED".into())
    );
    assert!(
        t0.elapsed() < Duration::from_millis(4000),
        "the other request was held too"
    );
    c.wait_answer(slow).await.unwrap().ok();
    assert!(t0.elapsed() >= Duration::from_millis(4000));
    assert!(fired(control, id).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_connection_drops_the_matching_connection_without_an_answer() {
    let (server, control) = setup().await;
    let mut c = client(&server, 1, 7).await;
    let mut other = client(&server, 1, 8).await;
    let id = arm(
        control,
        json!({"kind": "close_connection", "match": {"method": "users.getUsers"}}),
    )
    .await;
    match c.call(get_self()).await {
        Err(ClientError::Closed) => {}
        other => panic!("expected the connection closed, got {other:?}"),
    }
    assert!(fired(control, id).await);
    other.call(get_self()).await.unwrap();
    // Without a match every open connection closes at once.
    arm(control, json!({"kind": "close_connection"})).await;
    match other.call(get_config()).await {
        Err(ClientError::Closed) => {}
        other => panic!("expected the connection closed, got {other:?}"),
    }
    // The key is still good on a new connection.
    let creds = c.credentials();
    let mut again = Client::reconnect(dc_addr(&server, 1), 1, Transport::FULL, &creds, 9)
        .await
        .unwrap();
    again.call(get_config()).await.unwrap().ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restart_dc_closes_its_connections_and_listens_again() {
    let (server, control) = setup().await;
    let mut on3 = client(&server, 3, 10).await;
    let mut on1 = client(&server, 1, 11).await;
    let creds = on3.credentials();
    let id = arm(control, json!({"kind": "restart_dc", "dc": 3})).await;
    assert!(fired(control, id).await, "restart_dc fires at once");
    match on3.call(get_config()).await {
        Err(ClientError::Closed | ClientError::Io(_)) => {}
        other => panic!("expected DC 3's connection closed, got {other:?}"),
    }
    on1.call(get_config()).await.unwrap().ok();
    let mut again = Client::reconnect(dc_addr(&server, 3), 3, Transport::FULL, &creds, 12)
        .await
        .unwrap();
    again.call(get_config()).await.unwrap().ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_interface_lists_clears_and_refuses_bad_faults() {
    let (_server, control) = setup().await;
    let id = arm(control, json!({"kind": "flood_wait", "seconds": 2})).await;
    let (_, list) = net_support::control(control, "GET", "/faults", None).await;
    assert_eq!(list["faults"][0]["fault_id"].as_u64(), Some(id));
    assert_eq!(list["faults"][0]["kind"], "flood_wait");
    let (status, _) = net_support::control(control, "DELETE", "/faults", None).await;
    assert_eq!(status, 200);
    let (_, list) = net_support::control(control, "GET", "/faults", None).await;
    assert_eq!(list["faults"].as_array().map(Vec::len), Some(0));
    for bad in [
        json!({"kind": "explode"}),
        json!({"kind": "flood_wait"}),
        json!({"kind": "migrate", "error": "NOPE_MIGRATE", "dc": 1}),
        json!({"kind": "delay", "ms": "soon"}),
        json!({"kind": "restart_dc", "dc": 9}),
        json!([1, 2]),
    ] {
        let (status, answer) =
            net_support::control(control, "POST", "/faults", Some(bad.clone())).await;
        assert_eq!(status, 400, "{bad} answered {answer}");
        assert!(answer["error"].is_string());
    }
    let (status, _) = net_support::control(control, "GET", "/faults/999", None).await;
    assert_eq!(status, 404);
}
