//! Every transport on one port: key exchange, the deliberately wrong first salt, help.getConfig
//! announcing the three DCs, 401 before sign-in, rpc_errors for unknown methods, and keys that
//! survive a reconnect and a restart with --data.
mod net_support;

use mtproto::handshake::KeyKind;
use net_support::*;
use tl::api::enums;
use tl::{Deserialize, Serialize};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_transport_exchanges_a_key_and_serves_requests() {
    let server = start_server(None).await;
    for (i, transport) in Transport::all().into_iter().enumerate() {
        let dc = (i % 3) as i32 + 1;
        let mut client = Client::connect(dc_addr(&server, dc), dc, transport, 100 + i as u64)
            .await
            .unwrap_or_else(|e| panic!("{transport:?}: {e:?}"));
        let config: enums::Config = client.call(get_config()).await.unwrap().decode();
        let enums::Config::Config(config) = config;
        assert_eq!(config.this_dc, dc, "{transport:?}");
        let announced: Vec<(i32, i32)> = config
            .dc_options
            .iter()
            .map(|o| {
                let enums::DcOption::DcOption(o) = o;
                assert_eq!(o.ip_address, "127.0.0.1");
                (o.id, o.port)
            })
            .collect();
        let expected: Vec<(i32, i32)> = server
            .shared
            .ports()
            .into_iter()
            .map(|(id, port)| (id, i32::from(port)))
            .collect();
        assert_eq!(announced, expected, "{transport:?}");
        // The handshake's salt is never the server's: the first request met bad_server_salt.
        assert!(
            client.bad_salts_seen >= 1,
            "{transport:?}: no bad_server_salt"
        );
        let answer = client.call(get_self()).await.unwrap();
        assert_eq!(
            answer,
            Answer::Error(401, "AUTH_KEY_UNREGISTERED".into()),
            "{transport:?}"
        );
    }
    assert_eq!(server.shared.handshakes(), 7);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_and_malformed_requests_get_rpc_errors() {
    let server = start_server(None).await;
    let mut client = Client::connect(dc_addr(&server, 1), 1, Transport::INTERMEDIATE, 1)
        .await
        .unwrap();
    client.call(get_config()).await.unwrap().ok();
    // A constructor id no layer has.
    let unknown = client
        .call(0x1234_5678u32.to_le_bytes().to_vec())
        .await
        .unwrap();
    assert_eq!(unknown, Answer::Error(400, "INPUT_METHOD_INVALID".into()));
    // A known function cut short.
    let mut cut = send_code("9996611111");
    cut.truncate(12);
    let truncated = client.call(cut).await.unwrap();
    assert_eq!(truncated, Answer::Error(400, "INPUT_FETCH_ERROR".into()));
    // A function that exists but testdc does not serve.
    let unserved = tl::api::functions::help::GetAppConfig { hash: 0 }.to_bytes();
    assert_eq!(
        client.call(unserved).await.unwrap(),
        Answer::Error(400, "INPUT_METHOD_INVALID".into())
    );
    // help.getNearestDc names the DC asked.
    let nearest: enums::NearestDc = client
        .call(tl::api::functions::help::GetNearestDc {}.to_bytes())
        .await
        .unwrap()
        .decode();
    let enums::NearestDc::NearestDc(nearest) = nearest;
    assert_eq!((nearest.this_dc, nearest.nearest_dc), (1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_keys_get_transport_error_404() {
    let server = start_server(None).await;
    let other = start_server(None).await;
    // A key made with another server is unknown here.
    let mut stranger = Client::connect(dc_addr(&other, 1), 1, Transport::FULL, 5)
        .await
        .unwrap();
    let creds = stranger.credentials();
    let mut client = Client::reconnect(dc_addr(&server, 1), 1, Transport::FULL, &creds, 6)
        .await
        .unwrap();
    match client.call(get_config()).await {
        Err(ClientError::Transport(-404)) => {}
        other => panic!("expected -404, got {other:?}"),
    }
    other.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_keys_survive_reconnects_and_restarts_with_data() {
    let dir = std::env::temp_dir().join(format!("testdc-net-{}", random_seed()));
    let server = start_server(Some(&dir)).await;
    let phone = phone(2);
    let mut client = Client::connect(dc_addr(&server, 2), 2, Transport::FULL, 9)
        .await
        .unwrap();
    let user_id = sign_up(&mut client, &phone, "Kept").await;
    let creds = client.credentials();
    drop(client);
    let mut again = Client::reconnect(dc_addr(&server, 2), 2, Transport::INTERMEDIATE, &creds, 10)
        .await
        .unwrap();
    let users: Vec<enums::User> = again.call(get_self()).await.unwrap().decode();
    assert!(matches!(users.first(), Some(enums::User::User(u)) if u.id == user_id && u.self_));
    server.shutdown().await;

    let restarted = start_server(Some(&dir)).await;
    let mut after = Client::reconnect(dc_addr(&restarted, 2), 2, Transport::FULL, &creds, 11)
        .await
        .unwrap();
    let users: Vec<enums::User> = after.call(get_self()).await.unwrap().decode();
    assert!(matches!(users.first(), Some(enums::User::User(u)) if u.id == user_id));
    restarted.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn temporary_keys_bind_to_permanent_ones() {
    use mtproto::handshake::bind::encrypt_binding;
    use mtproto::handshake::wire::BindAuthKeyInner;
    use mtproto::session::ClientSession;

    let server = start_server(None).await;
    let addr = dc_addr(&server, 2);
    let mut perm = Client::connect(addr, 2, Transport::FULL, 20).await.unwrap();
    let user_id = sign_up(&mut perm, &phone(2), "Temp").await;

    let (stream, codec, outcome, mut rng) = handshake(
        addr,
        2,
        Transport::FULL,
        KeyKind::Temporary { expires_in: 3600 },
        21,
    )
    .await
    .unwrap();
    let expires_at = outcome.expires_at.expect("a temporary key expires") as i32;
    let temp_key = outcome.auth_key.clone();
    let session = ClientSession::new(temp_key.clone(), outcome.first_salt, 0, &mut rng);
    let mut temp = Client::new(
        stream,
        codec,
        session,
        rng,
        2,
        Transport::FULL,
        temp_key.clone(),
    );
    // Before binding the temporary key is nobody.
    assert_eq!(
        temp.call(get_self()).await.unwrap(),
        Answer::Error(401, "AUTH_KEY_UNREGISTERED".into())
    );
    // The binding names the msg_id and session it travels in: the session builds the request
    // for the slot it goes out in, again when the first copy meets bad_server_salt.
    let control = start_control(&server).await;
    let (status, fault) = net_support::control(
        control,
        "POST",
        "/faults",
        Some(serde_json::json!({"kind": "bad_server_salt", "match": {"method": "auth.bindTempAuthKey"}})),
    )
    .await;
    assert_eq!(status, 200, "{fault}");
    let nonce = 0x5eed;
    let perm_key = perm.key.clone();
    let temp_key_id = temp_key.id() as i64;
    let bind = temp.session.invoke_with_msg_id(move |slot, rng| {
        let inner = BindAuthKeyInner {
            nonce,
            temp_auth_key_id: temp_key_id,
            perm_auth_key_id: perm_key.id() as i64,
            temp_session_id: slot.session_id,
            expires_at,
        };
        tl::api::functions::auth::BindTempAuthKey {
            perm_auth_key_id: perm_key.id() as i64,
            nonce,
            expires_at,
            encrypted_message: encrypt_binding(&perm_key, slot.msg_id, &inner, rng),
        }
        .to_bytes()
    });
    temp.flush().await.unwrap();
    let result = temp.wait_answer(bind).await.unwrap().ok();
    assert!(
        bool::from_bytes(&result).expect("boolTrue"),
        "bindTempAuthKey"
    );
    let (_, fault) = net_support::control(
        control,
        "GET",
        &format!("/faults/{}", fault["fault_id"]),
        None,
    )
    .await;
    assert_eq!(fault["fired"], true, "the first copy was refused");
    let salt = temp.session.salt(now());
    // From now on the temporary key acts as the permanent one, on any connection.
    let creds = Credentials {
        key: temp_key,
        salt,
    };
    let mut again = Client::reconnect(addr, 2, Transport::INTERMEDIATE, &creds, 22)
        .await
        .unwrap();
    let users: Vec<enums::User> = again.call(get_self()).await.unwrap().decode();
    assert!(matches!(users.first(), Some(enums::User::User(u)) if u.id == user_id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn colliding_auth_key_ids_get_dh_gen_retry() {
    let server = start_server(None).await;
    let addr = dc_addr(&server, 3);
    // Five keys in a row collide: the client retries five times and the sixth key is taken.
    server.shared.keys.force_collisions(5);
    let before = server.shared.handshakes();
    let (_, _, outcome, _) = handshake(addr, 3, Transport::FULL, KeyKind::Permanent, 40)
        .await
        .expect("the exchange ends with a key after five retries");
    assert_eq!(server.shared.keys.forced_collisions_left(), 0);
    assert_eq!(server.shared.handshakes() - before, 1, "one key made");
    let creds = Credentials {
        key: outcome.auth_key,
        salt: outcome.first_salt,
    };
    let mut c = Client::reconnect(addr, 3, Transport::INTERMEDIATE, &creds, 41)
        .await
        .unwrap();
    c.call(get_config()).await.unwrap().ok();
    // A sixth collision is one too many: dh_gen_fail, and no key.
    server.shared.keys.force_collisions(6);
    let failed = handshake(addr, 3, Transport::FULL, KeyKind::Permanent, 42).await;
    assert!(
        matches!(&failed, Err(ClientError::Protocol(e)) if e.contains("dh_gen_fail")),
        "{:?}",
        failed.as_ref().err()
    );
    assert_eq!(server.shared.keys.forced_collisions_left(), 0);
    assert_eq!(server.shared.handshakes() - before, 1);
    // A real collision: a key id the store already has is reported as taken.
    assert!(server
        .shared
        .keys
        .is_taken(&server.shared.world, creds.key.id()));
    assert!(!server
        .shared
        .keys
        .is_taken(&server.shared.world, 0x1234_5678_9abc));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_temporary_keys_are_unknown() {
    use mtproto::session::ClientSession;

    let server = start_server(None).await;
    let addr = dc_addr(&server, 1);
    let (stream, codec, outcome, mut rng) = handshake(
        addr,
        1,
        Transport::FULL,
        // Expiry counts from the server's whole second at req_DH_params, so a key of n seconds
        // lives n-1 to n; 3 leaves room for the first call on a busy machine.
        KeyKind::Temporary { expires_in: 3 },
        30,
    )
    .await
    .unwrap();
    let expires_at = outcome.expires_at.expect("a temporary key expires");
    let session = ClientSession::new(outcome.auth_key.clone(), outcome.first_salt, 0, &mut rng);
    let key = outcome.auth_key.clone();
    let mut temp = Client::new(stream, codec, session, rng, 1, Transport::FULL, key.clone());
    temp.call(get_config()).await.unwrap().ok();
    let creds = temp.credentials();
    while now().as_secs() <= expires_at {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut late = Client::reconnect(addr, 1, Transport::FULL, &creds, 31)
        .await
        .unwrap();
    match late.call(get_config()).await {
        Err(ClientError::Transport(-404)) => {}
        other => panic!("an expired temporary key must get -404, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_acks_are_answered_when_asked() {
    use mtproto::transport::{Frame, TransportKind};
    use tokio::io::AsyncWriteExt;

    let server = start_server(None).await;
    for kind in [TransportKind::Abridged, TransportKind::Intermediate] {
        let transport = Transport {
            kind,
            obfuscated: false,
        };
        let mut c = Client::connect(dc_addr(&server, 1), 1, transport, 40)
            .await
            .unwrap();
        c.call(get_config()).await.unwrap().ok();
        let id = c.send(get_config());
        let packet = c
            .session
            .poll_transmit(now(), &mut c.rng)
            .expect("a packet");
        let expected = mtproto::envelope::decrypt(&c.key, mtproto::Role::Client, &packet)
            .unwrap()
            .quick_ack_token;
        let mut out = Vec::new();
        c.codec
            .encode_with_quick_ack(&packet, &mut c.rng, &mut out)
            .unwrap();
        c.stream.write_all(&out).await.unwrap();
        let first = tokio::time::timeout(WAIT, c.read_frame())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(first, Frame::QuickAck(expected), "{kind:?}");
        // The answer itself still comes.
        c.wait_answer(id).await.unwrap().ok();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_clock_ten_minutes_slow_is_corrected_by_bad_msg_notification() {
    use mtproto::session::ClientSession;

    let server = start_server(None).await;
    let addr = dc_addr(&server, 2);
    let mut first = Client::connect(addr, 2, Transport::FULL, 50).await.unwrap();
    first.call(get_config()).await.unwrap().ok();
    let creds = first.credentials();
    let mut slow = Client::reconnect(addr, 2, Transport::FULL, &creds, 51)
        .await
        .unwrap();
    slow.session = ClientSession::new(creds.key.clone(), creds.salt, -600, &mut slow.rng);
    // msg_ids 600 s in the past are refused (code 16), the client takes the server's time
    // from the notification and resends.
    slow.call(get_config()).await.unwrap().ok();
    assert!(
        slow.session.time_offset().abs() <= 5,
        "offset {}",
        slow.session.time_offset()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_delay_disconnect_closes_a_silent_connection() {
    let server = start_server(None).await;
    let mut c = Client::connect(dc_addr(&server, 1), 1, Transport::INTERMEDIATE, 60)
        .await
        .unwrap();
    c.call(get_config()).await.unwrap().ok();
    c.session.ping_delay_disconnect(7, 1);
    c.flush().await.unwrap();
    let t0 = std::time::Instant::now();
    // The pong comes, then, with no further ping, the server hangs up after about a second.
    match c.wait_updates(1, std::time::Duration::from_secs(5)).await {
        Err(ClientError::Closed) => {}
        other => panic!("expected the server to close, got {other:?}"),
    }
    let waited = t0.elapsed();
    assert!(
        waited >= std::time::Duration::from_millis(900),
        "closed after {waited:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_outlive_their_connections() {
    let server = start_server(None).await;
    let addr = dc_addr(&server, 1);
    let mut c = Client::connect(addr, 1, Transport::INTERMEDIATE, 70)
        .await
        .unwrap();
    c.call(get_config()).await.unwrap().ok();
    assert_eq!(c.new_sessions, 1);
    // Same session, new connection: it continues without new_session_created (once the
    // server has noticed the old connection is gone).
    c.move_to_new_connection(addr).await.unwrap();
    let parked = async {
        while server.shared.session_table.parked() == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    };
    tokio::time::timeout(WAIT, parked)
        .await
        .expect("the old session is parked");
    c.call(get_config()).await.unwrap().ok();
    assert_eq!(c.new_sessions, 1, "the session was continued");
    assert!(
        server.shared.session_table.parked() == 0,
        "the parked session was taken"
    );
    // A client that starts a new session gets new_session_created as before.
    let creds = c.credentials();
    let mut fresh = Client::reconnect(addr, 1, Transport::FULL, &creds, 71)
        .await
        .unwrap();
    fresh.call(get_config()).await.unwrap().ok();
    assert_eq!(fresh.new_sessions, 1);
}
