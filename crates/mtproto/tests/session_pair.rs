//! Client role ⇄ server role in one process: a real auth-key exchange, then
//! thousands of requests both ways through a transport codec, containers,
//! acks, gzip, salts changing mid-stream, clocks an hour off, tampering.
mod common;
use common::*;
use mtproto::handshake::{
    ClientHandshake, ClientStep, KeyKind, ServerHandshake, ServerHandshakeConfig, ServerStep,
};
use mtproto::rsa_key::RsaPrivateKey;
use mtproto::salt::SaltSchedule;
use mtproto::session::{
    ClientEvent, ClientSession, RequestId, ServerEvent, ServerSession, ServerSessionConfig,
    SessionError,
};
use mtproto::transport::{Codec, Frame, TransportKind};
use mtproto::{AuthKey, UnixTime};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

const T0: i64 = 1_700_000_000;

fn server_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::generate(&mut seeded(99)).unwrap())
}

/// Both ends plus two clocks: the server's and the client's (which may be off).
struct Pair {
    client: ClientSession,
    server: ServerSession,
    ccodec: Codec,
    scodec: Codec,
    server_now: UnixTime,
    client_skew: i64,
    crng: rand::rngs::StdRng,
    srng: rand::rngs::StdRng,
    outcomes: HashMap<RequestId, ClientEvent>,
    updates: Vec<Vec<u8>>,
    pongs: Vec<i64>,
    new_sessions: usize,
    acked_by_client: usize,
    server_requests: usize,
}

fn body_for(i: u32, big: bool) -> Vec<u8> {
    let mut b = 0xC0DE_0001u32.to_le_bytes().to_vec();
    b.extend_from_slice(&i.to_le_bytes());
    if big {
        b.extend(std::iter::repeat_n(b"abcd", 600).flatten());
    }
    b
}

impl Pair {
    fn handshake(seed: u64) -> (AuthKey, i64) {
        let key = server_key();
        let mut crng = seeded(seed);
        let mut srng = seeded(seed + 1);
        let now = UnixTime::from_secs(T0);
        let mut c = ClientHandshake::new(vec![key.public().clone()], 2, KeyKind::Permanent);
        let mut s = ServerHandshake::new(Arc::new(ServerHandshakeConfig::new(key.clone())));
        let mut msg = c.start(now, &mut crng);
        loop {
            match s.handle(now, &msg, &mut srng).unwrap() {
                ServerStep::Send(r) => match c.handle(now, &r, &mut crng).unwrap() {
                    ClientStep::Send(m) => msg = m,
                    ClientStep::Done(_) => unreachable!(),
                },
                ServerStep::Done { reply, outcome } => {
                    let ClientStep::Done(co) = c.handle(now, &reply, &mut crng).unwrap() else {
                        panic!()
                    };
                    assert_eq!(co.auth_key, outcome.outcome.auth_key);
                    return (co.auth_key, co.first_salt);
                }
            }
        }
    }

    fn new(seed: u64, first_salt: Option<i64>, salt_period: i64, client_skew: i64) -> Pair {
        let (key, salt) = Self::handshake(seed);
        let mut crng = seeded(seed + 2);
        let config = Arc::new(ServerSessionConfig {
            salts: SaltSchedule::with_period([seed as u8; 32], salt_period),
        });
        Pair {
            client: ClientSession::new(key.clone(), first_salt.unwrap_or(salt), 0, &mut crng),
            server: ServerSession::new(config, key),
            ccodec: Codec::client(TransportKind::Intermediate),
            scodec: Codec::server(),
            server_now: UnixTime::from_secs(T0),
            client_skew,
            crng,
            srng: seeded(seed + 3),
            outcomes: HashMap::new(),
            updates: Vec::new(),
            pongs: Vec::new(),
            new_sessions: 0,
            acked_by_client: 0,
            server_requests: 0,
        }
    }

    fn client_now(&self) -> UnixTime {
        self.server_now.add_nanos(self.client_skew * 1_000_000_000)
    }

    /// Moves packets both ways until nothing is left (bounded).
    fn pump(&mut self) {
        for _ in 0..10_000 {
            let mut moved = false;
            let cnow = self.client_now();
            while let Some(p) = self.client.poll_transmit(cnow, &mut self.crng) {
                moved = true;
                let mut wire = Vec::new();
                self.ccodec.encode(&p, &mut self.crng, &mut wire).unwrap();
                self.scodec.feed(&wire);
                while let Some(Frame::Packet { payload, .. }) = self.scodec.next_frame().unwrap() {
                    self.server
                        .handle_packet(self.server_now, &payload)
                        .unwrap();
                }
            }
            while let Some(ev) = self.server.poll_event() {
                match ev {
                    ServerEvent::Request { msg_id, body } => {
                        self.server_requests += 1;
                        let n = u32::from_le_bytes(body[4..8].try_into().unwrap());
                        if n % 10 == 7 {
                            self.server.send_rpc_error(msg_id, 400, "TEST_ERROR");
                        } else {
                            let mut r = 0x1122_3344u32.to_le_bytes().to_vec();
                            r.extend_from_slice(&body);
                            self.server.send_result(msg_id, r);
                        }
                    }
                    ServerEvent::Acked { msg_ids } => self.acked_by_client += msg_ids.len(),
                    _ => {}
                }
            }
            while let Some(p) = self.server.poll_transmit(self.server_now, &mut self.srng) {
                moved = true;
                let mut wire = Vec::new();
                self.scodec.encode(&p, &mut self.srng, &mut wire).unwrap();
                self.ccodec.feed(&wire);
                while let Some(Frame::Packet { payload, .. }) = self.ccodec.next_frame().unwrap() {
                    self.client
                        .handle_packet(self.client_now(), &payload)
                        .unwrap();
                }
            }
            while let Some(ev) = self.client.poll_event() {
                match ev {
                    ClientEvent::Result { id, .. }
                    | ClientEvent::RpcError { id, .. }
                    | ClientEvent::Rejected { id, .. }
                    | ClientEvent::Unfinished { id, .. }
                    | ClientEvent::Dropped { id, .. } => {
                        assert!(
                            self.outcomes.insert(id, ev.clone()).is_none(),
                            "second outcome for {id:?}: {ev:?}"
                        );
                    }
                    ClientEvent::Update { body } => self.updates.push(body),
                    ClientEvent::Pong { ping_id } => self.pongs.push(ping_id),
                    ClientEvent::NewSession { .. } => self.new_sessions += 1,
                    ClientEvent::SessionDestroyed { .. } | ClientEvent::QuickAck { .. } => {}
                }
            }
            if !moved {
                return;
            }
        }
        panic!("pump did not settle");
    }

    fn check_outcome(&self, id: RequestId, i: u32, big: bool) {
        match self.outcomes.get(&id) {
            Some(ClientEvent::Result { body, .. }) => {
                assert_ne!(i % 10, 7);
                assert_eq!(&body[..4], &0x1122_3344u32.to_le_bytes());
                assert_eq!(&body[4..], &body_for(i, big)[..], "request {i}");
            }
            Some(ClientEvent::RpcError { code, message, .. }) => {
                assert_eq!(i % 10, 7);
                assert_eq!((*code, message.as_str()), (400, "TEST_ERROR"));
            }
            other => panic!("request {i}: {other:?}"),
        }
    }
}

#[test]
fn thousands_of_requests_with_containers_gzip_and_acks() {
    let mut pair = Pair::new(1, None, 1800, 0);
    let mut ids = Vec::new();
    let mut i = 0u32;
    for batch in 0..120 {
        for _ in 0..(batch % 40 + 1) {
            let big = i.is_multiple_of(13);
            ids.push((pair.client.invoke(body_for(i, big)), i, big));
            i += 1;
        }
        if batch % 7 == 0 {
            pair.server
                .send_update(0xABCD_0000u32.to_le_bytes().to_vec());
        }
        pair.server_now = pair.server_now.add_nanos(50_000_000);
        pair.pump();
    }
    assert!(ids.len() > 2000, "{} requests", ids.len());
    assert_eq!(
        pair.server_requests,
        ids.len(),
        "each request reached the server once"
    );
    for (id, i, big) in &ids {
        pair.check_outcome(*id, *i, *big);
    }
    assert_eq!(pair.outcomes.len(), ids.len());
    assert_eq!(pair.client.pending_requests(), 0);
    assert_eq!(pair.new_sessions, 1, "new_session_created once");
    assert_eq!(pair.updates.len(), 18);
    // Acks flow both ways once the ack delay passes.
    pair.server_now = pair.server_now.add_nanos(2_000_000_000);
    pair.pump();
    assert!(
        pair.acked_by_client > 2000,
        "client acked {} server messages",
        pair.acked_by_client
    );
    // Ping and future salts.
    pair.client.ping(777);
    pair.client.request_future_salts(3);
    pair.pump();
    assert_eq!(pair.pongs, vec![777]);
    assert!(!pair.client.wants_salts(pair.client_now(), 600));
}

#[test]
fn salt_zero_at_start_and_salt_rotation_mid_stream() {
    // Like Telethon: first salt 0; the server corrects it with bad_server_salt.
    let mut pair = Pair::new(2, Some(0), 60, 0);
    let mut ids = Vec::new();
    for round in 0..10u32 {
        for k in 0..30 {
            let i = round * 100 + k;
            ids.push((pair.client.invoke(body_for(i, false)), i));
        }
        pair.pump();
        // Two salt periods pass: the client's salt is no longer accepted.
        pair.server_now = pair.server_now.add_nanos(130 * 1_000_000_000);
    }
    for (id, i) in &ids {
        pair.check_outcome(*id, *i, false);
    }
    assert_eq!(pair.outcomes.len(), ids.len());
    assert_eq!(
        pair.server_requests,
        ids.len(),
        "resent after bad_server_salt, executed once"
    );
}

#[test]
fn client_clock_an_hour_off_is_corrected() {
    for skew in [3600, -3600] {
        let mut pair = Pair::new(3, None, 1800, skew);
        let mut ids = Vec::new();
        for i in 0..200u32 {
            ids.push((pair.client.invoke(body_for(i, false)), i));
            if i % 50 == 49 {
                pair.pump();
            }
        }
        pair.pump();
        for (id, i) in &ids {
            pair.check_outcome(*id, *i, false);
        }
        assert!(
            (pair.client.time_offset() + skew).abs() <= 1,
            "offset {} for skew {skew}",
            pair.client.time_offset()
        );
    }
}

#[test]
fn tampered_packets_are_rejected_both_ways() {
    let mut pair = Pair::new(4, None, 1800, 0);
    let id0 = pair.client.invoke(body_for(1, false));
    pair.pump();
    pair.check_outcome(id0, 1, false);
    // Client -> server.
    pair.client.invoke(body_for(2, false));
    let now = pair.client_now();
    let p = pair.client.poll_transmit(now, &mut pair.crng).unwrap();
    for i in 0..p.len() {
        let mut bad = p.clone();
        bad[i] ^= 0x04;
        assert!(
            pair.server.handle_packet(pair.server_now, &bad).is_err(),
            "server accepted byte {i}"
        );
        assert!(pair.server.poll_event().is_none());
    }
    pair.server.handle_packet(pair.server_now, &p).unwrap();
    assert!(matches!(
        pair.server.poll_event(),
        Some(ServerEvent::Request { .. })
    ));
    // Server -> client.
    pair.server
        .send_update(0xABCD_0001u32.to_le_bytes().to_vec());
    let s = pair
        .server
        .poll_transmit(pair.server_now, &mut pair.srng)
        .unwrap();
    for i in 0..s.len() {
        let mut bad = s.clone();
        bad[i] ^= 0x80;
        assert!(
            pair.client.handle_packet(now, &bad).is_err(),
            "client accepted byte {i}"
        );
    }
    assert!(pair.client.poll_event().is_none());
    pair.client.handle_packet(now, &s).unwrap();
    assert!(matches!(
        pair.client.poll_event(),
        Some(ClientEvent::Update { .. })
    ));
    // A packet for another session is refused by the client.
    let other = ClientSession::new(pair.client.auth_key().clone(), 0, 0, &mut seeded(5));
    let _ = other;
    assert!(
        matches!(pair.client.handle_packet(now, &s), Ok(())),
        "duplicate is ignored quietly"
    );
    assert!(
        pair.client.poll_event().is_none(),
        "duplicate produced no event"
    );
    // Wrong key entirely.
    let mut stranger = ServerSession::new(
        Arc::new(ServerSessionConfig {
            salts: SaltSchedule::new([0; 32]),
        }),
        AuthKey::new([9; 256]),
    );
    assert!(matches!(
        stranger.handle_packet(pair.server_now, &p),
        Err(SessionError::Envelope(_))
    ));
}

#[test]
fn unfinished_requests_come_back_exactly_once() {
    let mut pair = Pair::new(5, None, 1800, 0);
    let a = pair.client.invoke(body_for(1, false));
    let b = pair.client.invoke(body_for(2, false));
    // a is sent (lost in the network), b still queued.
    let now = pair.client_now();
    let _lost = pair.client.poll_transmit(now, &mut pair.crng).unwrap();
    let c = pair.client.invoke(body_for(3, false));
    pair.client.take_unfinished();
    let mut back = Vec::new();
    while let Some(ev) = pair.client.poll_event() {
        match ev {
            ClientEvent::Unfinished { id, body } => back.push((id, body)),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        back,
        vec![
            (a, body_for(1, false)),
            (b, body_for(2, false)),
            (c, body_for(3, false))
        ]
    );
    assert_eq!(pair.client.pending_requests(), 0);
}

#[test]
fn server_answers_msg_id_problems_with_bad_msg_notification() {
    // A client whose clock is 10 minutes behind and that never corrects
    // (time offset forced each round) keeps getting code 16; its requests stay pending.
    let mut pair = Pair::new(6, None, 1800, -600);
    let id = pair.client.invoke(body_for(1, false));
    let now = pair.client_now();
    let p = pair.client.poll_transmit(now, &mut pair.crng).unwrap();
    pair.server.handle_packet(pair.server_now, &p).unwrap();
    assert!(pair.server.poll_event().is_none(), "request not handed up");
    let reply = pair
        .server
        .poll_transmit(pair.server_now, &mut pair.srng)
        .unwrap();
    pair.client.handle_packet(now, &reply).unwrap();
    // The client resynchronised and resends on the next transmit.
    assert!((pair.client.time_offset() - 600).abs() <= 1);
    pair.pump();
    pair.check_outcome(id, 1, false);
}

#[test]
fn client_refuses_server_messages_outside_the_time_window() {
    let mut pair = Pair::new(7, None, 1800, 0);
    let id = pair.client.invoke(body_for(1, false));
    pair.pump();
    pair.check_outcome(id, 1, false);
    // An update the server sends "10 minutes ago" by its own clock.
    let old = pair.server_now.add_nanos(-600 * 1_000_000_000);
    let session_id = pair.client.session_id();
    let header = |msg_id| mtproto::envelope::MessageHeader {
        salt: 0,
        session_id,
        msg_id,
        seq_no: 1,
    };
    let key = pair.client.auth_key().clone();
    let update = 0xABCD_0002u32.to_le_bytes();
    let stale = mtproto::msg_id::msg_id_at(old) | 3;
    let p = mtproto::envelope::encrypt(
        &key,
        mtproto::Role::Server,
        &header(stale),
        &update,
        &mut pair.srng,
    )
    .unwrap();
    assert!(matches!(
        pair.client.handle_packet(pair.client_now(), &p),
        Err(SessionError::MsgIdTime(_))
    ));
    assert!(pair.client.poll_event().is_none());
    // The same update stamped now is accepted.
    let fresh = mtproto::msg_id::msg_id_at(pair.server_now) | 3;
    let p = mtproto::envelope::encrypt(
        &key,
        mtproto::Role::Server,
        &header(fresh),
        &update,
        &mut pair.srng,
    )
    .unwrap();
    pair.client.handle_packet(pair.client_now(), &p).unwrap();
    assert!(matches!(
        pair.client.poll_event(),
        Some(ClientEvent::Update { .. })
    ));
}

#[test]
fn server_answers_a_new_session_in_that_session() {
    let mut pair = Pair::new(8, None, 1800, 0);
    let id = pair.client.invoke(body_for(1, false));
    pair.pump();
    pair.check_outcome(id, 1, false);
    // A second client session on the same key and connection, with a stale salt.
    let mut second = ClientSession::new(pair.client.auth_key().clone(), 12345, 0, &mut seeded(80));
    let id2 = second.invoke(body_for(2, false));
    for _ in 0..4 {
        if let Some(p) = second.poll_transmit(pair.server_now, &mut pair.crng) {
            pair.server.handle_packet(pair.server_now, &p).unwrap();
        }
        while let Some(ev) = pair.server.poll_event() {
            if let ServerEvent::Request { msg_id, body } = ev {
                pair.server.send_result(msg_id, body);
            }
        }
        while let Some(p) = pair.server.poll_transmit(pair.server_now, &mut pair.srng) {
            second.handle_packet(pair.server_now, &p).unwrap();
        }
    }
    let mut got = Vec::new();
    while let Some(ev) = second.poll_event() {
        got.push(ev);
    }
    assert!(
        got.iter()
            .any(|e| matches!(e, ClientEvent::NewSession { .. })),
        "{got:?}"
    );
    assert!(got.iter().any(|e| matches!(e, ClientEvent::Result { id, body } if *id == id2 && body == &body_for(2, false))), "{got:?}");
}

#[test]
fn quick_ack_round_trip() {
    let mut pair = Pair::new(9, None, 1800, 0);
    let warm = pair.client.invoke(body_for(1, false));
    pair.pump();
    pair.check_outcome(warm, 1, false);
    let id = pair.client.invoke(body_for(2, false));
    let now = pair.client_now();
    let (packet, token) = pair
        .client
        .poll_transmit_with_token(now, &mut pair.crng)
        .unwrap();
    let mut wire = Vec::new();
    pair.ccodec
        .encode_with_quick_ack(&packet, &mut pair.crng, &mut wire)
        .unwrap();
    pair.scodec.feed(&wire);
    let Some(Frame::Packet {
        payload,
        quick_ack: true,
    }) = pair.scodec.next_frame().unwrap()
    else {
        panic!("quick ack flag lost")
    };
    let server_token = pair
        .server
        .handle_packet(pair.server_now, &payload)
        .unwrap();
    assert_eq!(server_token, token, "both sides compute the same token");
    let mut back = Vec::new();
    pair.scodec
        .encode_quick_ack(server_token, &mut back)
        .unwrap();
    pair.ccodec.feed(&back);
    let Some(Frame::QuickAck(t)) = pair.ccodec.next_frame().unwrap() else {
        panic!("no quick ack frame")
    };
    pair.client.handle_quick_ack(t);
    assert_eq!(
        pair.client.poll_event(),
        Some(ClientEvent::QuickAck { ids: vec![id] })
    );
    pair.client.handle_quick_ack(t);
    assert_eq!(pair.client.poll_event(), None, "a token is used once");
}
