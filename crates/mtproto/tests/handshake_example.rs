//! The auth-key exchange against Telegram's worked example, byte for byte,
//! and client ⇄ server in process.
mod common;
use common::*;
use mtproto::envelope;
use mtproto::handshake::wire::{self, InnerKind};
use mtproto::handshake::{
    ClientHandshake, ClientStep, HandshakeError, KeyKind, ServerHandshake, ServerHandshakeConfig,
    ServerStep,
};
use mtproto::rsa_key::{RsaPrivateKey, RsaPublicKey};
use mtproto::UnixTime;
use std::sync::{Arc, OnceLock};
use tl::{Deserialize, Serialize};

fn server_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::generate(&mut seeded(77)).unwrap())
}

/// A server packet from the page with its wrong length word replaced by the real one.
fn fixed_server_packet(dump: &str) -> Vec<u8> {
    let raw = hex(dump);
    envelope::encode_plain(
        i64::from_le_bytes(raw[8..16].try_into().unwrap()),
        &raw[20..],
    )
}

fn send(step: ClientStep) -> Vec<u8> {
    match step {
        ClientStep::Send(p) => p,
        ClientStep::Done(_) => panic!("finished early"),
    }
}

#[test]
fn client_role_reproduces_the_example() {
    let v = samples();
    let d = dumps();
    let prod = RsaPublicKey::from_pem(PROD_KEY_PEM).unwrap();
    let temp_key = [0x3Cu8; 32];
    let mut rng = ScriptedRng::new(
        &[
            &hex(s(&v, "nonce")),
            &hex(s(&v, "new_nonce")),
            &hex(s(&v, "rsa_random_padding_bytes")),
            &temp_key,
        ],
        5,
    );
    let mut client = ClientHandshake::new(vec![prod.clone()], 2, KeyKind::Permanent);

    // 1. req_pq_multi
    let t1 = time_for_msg_id(wire_msg_id("D4720600503DC565"));
    assert_plain_eq(
        &client.start(t1, &mut rng),
        &hex(s(&d, "req_pq_multi")),
        "req_pq_multi",
    );

    // 2-5. resPQ in, req_DH_params out.
    let req_dh = send(
        client
            .handle(t1, &fixed_server_packet(s(&d, "resPQ")), &mut rng)
            .unwrap(),
    );
    let expected = hex(s(&d, "req_DH_params"));
    assert_eq!(req_dh.len(), expected.len());
    let mut masked = req_dh.clone();
    masked[84..340].copy_from_slice(&expected[84..340]);
    assert_plain_eq(&masked, &expected, "req_DH_params outside encrypted_data");
    assert_eq!(req_dh[340..], expected[340..]);
    // The RSA block uses a temp key the page does not give: rebuild it from the
    // page's p_q_inner_data_dc + padding with our temp key; equal bytes prove
    // the client encrypted exactly the page's p_q_inner_data_dc.
    let mut with_padding = [0u8; 192];
    let inner = hex(s(&v, "p_q_inner_data_dc"));
    with_padding[..inner.len()].copy_from_slice(&inner);
    with_padding[inner.len()..].copy_from_slice(&hex(s(&v, "rsa_random_padding_bytes")));
    let mut rng2 = ScriptedRng::new(&[&temp_key], 5);
    // Skip what the client drew from the seeded tail before its temp key: none.
    let rebuilt = prod
        .encrypt_rsa_pad_padded(&with_padding, &mut rng2)
        .unwrap();
    assert_eq!(req_dh[84..340], rebuilt[..]);

    // 6-7. server_DH_params_ok in, set_client_DH_params out (b and padding from the page).
    rng.push(&hex(s(&v, "b")));
    rng.push(&hex(s(&v, "client_DH_padding")));
    let unread_before = rng.unread();
    assert_eq!(
        unread_before,
        256 + 12,
        "RSA step drew exactly its padding and temp key"
    );
    let t3 = time_for_msg_id(wire_msg_id("185C0700513DC565"));
    let set_dh = send(
        client
            .handle(
                t3,
                &fixed_server_packet(s(&d, "server_DH_params_ok")),
                &mut rng,
            )
            .unwrap(),
    );
    assert_eq!(rng.unread(), 0);
    assert_plain_eq(
        &set_dh,
        &hex(s(&d, "set_client_DH_params")),
        "set_client_DH_params",
    );

    // 9. dh_gen_ok in: the key is the page's auth_key.
    match client
        .handle(t3, &fixed_server_packet(s(&d, "dh_gen_ok")), &mut rng)
        .unwrap()
    {
        ClientStep::Done(out) => {
            assert_eq!(out.auth_key.bytes().to_vec(), hex(s(&v, "auth_key")));
            assert_eq!(out.time_offset, 0);
            let nn = hex(s(&v, "new_nonce"));
            let sn = hex(s(&v, "server_nonce"));
            let salt: Vec<u8> = (0..8).map(|i| nn[i] ^ sn[i]).collect();
            assert_eq!(out.first_salt.to_le_bytes().to_vec(), salt);
            assert_eq!(out.expires_at, None);
        }
        other => panic!("expected Done, got {other:?}"),
    }
    assert!(matches!(
        client.handle(t3, &fixed_server_packet(s(&d, "dh_gen_ok")), &mut rng),
        Err(HandshakeError::Finished)
    ));
}

#[test]
fn client_rejects_a_wrong_new_nonce_hash_and_bad_answers() {
    let v = samples();
    let d = dumps();
    let prod = RsaPublicKey::from_pem(PROD_KEY_PEM).unwrap();
    let run_to_dh_gen = |rng: &mut ScriptedRng| {
        let mut c = ClientHandshake::new(vec![prod.clone()], 2, KeyKind::Permanent);
        let t = time_for_msg_id(wire_msg_id("D4720600503DC565"));
        c.start(t, rng);
        c.handle(t, &fixed_server_packet(s(&d, "resPQ")), rng)
            .unwrap();
        rng.push(&hex(s(&v, "b")));
        rng.push(&hex(s(&v, "client_DH_padding")));
        (c, t)
    };
    let script = |k: u8| {
        ScriptedRng::new(
            &[
                &hex(s(&v, "nonce")),
                &hex(s(&v, "new_nonce")),
                &hex(s(&v, "rsa_random_padding_bytes")),
                &[k; 32],
            ],
            1,
        )
    };
    // Tampered dh_gen_ok hash.
    let mut rng = script(1);
    let (mut c, t) = run_to_dh_gen(&mut rng);
    c.handle(
        t,
        &fixed_server_packet(s(&d, "server_DH_params_ok")),
        &mut rng,
    )
    .unwrap();
    let mut gen = fixed_server_packet(s(&d, "dh_gen_ok"));
    let last = gen.len() - 1;
    gen[last] ^= 1;
    assert_eq!(
        c.handle(t, &gen, &mut rng).unwrap_err(),
        HandshakeError::NewNonceHash
    );
    // Tampered encrypted answer.
    let mut rng = script(2);
    let (mut c, t) = run_to_dh_gen(&mut rng);
    let mut ok = fixed_server_packet(s(&d, "server_DH_params_ok"));
    ok[100] ^= 0x40;
    assert_eq!(
        c.handle(t, &ok, &mut rng).unwrap_err(),
        HandshakeError::AnswerHash
    );
    // Wrong nonce in resPQ.
    let mut rng = script(3);
    let mut c = ClientHandshake::new(vec![prod.clone()], 2, KeyKind::Permanent);
    c.start(UnixTime::from_secs(1), &mut rng);
    let mut res = fixed_server_packet(s(&d, "resPQ"));
    res[24] ^= 1;
    assert_eq!(
        c.handle(UnixTime::from_secs(1), &res, &mut rng)
            .unwrap_err(),
        HandshakeError::Nonce
    );
    // No known key.
    let mut rng = script(4);
    let test_key = RsaPublicKey::from_pem(TEST_KEY_PEM).unwrap();
    let mut c = ClientHandshake::new(vec![test_key], 2, KeyKind::Permanent);
    c.start(UnixTime::from_secs(1), &mut rng);
    assert!(matches!(
        c.handle(
            UnixTime::from_secs(1),
            &fixed_server_packet(s(&d, "resPQ")),
            &mut rng
        ),
        Err(HandshakeError::NoKnownKey(_))
    ));
    // server_DH_params_fail with the right hash is reported as a refusal.
    let mut rng = script(5);
    let (mut c, t) = run_to_dh_gen(&mut rng);
    let nn: [u8; 32] = arr(s(&v, "new_nonce"));
    let h = mtproto::crypto::sha1(&[&nn]);
    let fail = wire::ServerDHParamsFail {
        nonce: arr(s(&v, "nonce")),
        server_nonce: arr(s(&v, "server_nonce")),
        new_nonce_hash: h[4..].try_into().unwrap(),
    };
    let pkt = envelope::encode_plain(1, &fail.to_bytes());
    assert_eq!(
        c.handle(t, &pkt, &mut rng).unwrap_err(),
        HandshakeError::ServerRefused
    );
}

#[test]
fn server_role_matches_the_example_where_it_fixes_values() {
    let v = samples();
    let d = dumps();
    let key = server_key().clone();
    let config = Arc::new(ServerHandshakeConfig::new(key.clone()));
    // server_nonce, then p and q as the raw u32 draws pq::generate turns into primes.
    let p = v["p"].as_u64().unwrap() as u32;
    let q = v["q"].as_u64().unwrap() as u32;
    let mut rng = ScriptedRng::new(
        &[
            &hex(s(&v, "server_nonce")),
            &p.to_le_bytes(),
            &q.to_le_bytes(),
        ],
        9,
    );
    let mut server = ServerHandshake::new(config);
    let t = time_for_msg_id(wire_msg_id("01D83175503DC565"));
    let ServerStep::Send(res_pq) = server
        .handle(t, &hex(s(&d, "req_pq_multi")), &mut rng)
        .unwrap()
    else {
        panic!("expected resPQ");
    };
    assert_eq!(rng.unread(), 0);
    // The page's resPQ with the true length (80) and our one fingerprint.
    let page = hex(s(&d, "resPQ"));
    let mut expected = page[..68].to_vec();
    expected[16..20].copy_from_slice(&80u32.to_le_bytes());
    expected.extend_from_slice(&hex("15C4B51C01000000"));
    expected.extend_from_slice(&key.public().fingerprint().to_le_bytes());
    let body_len = (expected.len() - 20) as u32;
    expected[16..20].copy_from_slice(&body_len.to_le_bytes());
    assert_plain_eq(&res_pq, &expected, "resPQ");
}

/// Builders the server uses, fed the page's values, give the page's bytes.
#[test]
fn server_messages_from_page_values() {
    let v = samples();
    let d = dumps();
    let inner_dump = hex(s(&d, "server_DH_inner_data"));
    let (inner, len) = wire::parse_prefix::<wire::ServerDHInnerData>(&inner_dump).unwrap();
    assert_eq!(len, 564);
    assert_eq!(inner.to_bytes(), inner_dump);
    assert_eq!(inner.g, 3);
    assert_eq!(inner.server_time as i64, v["server_time"].as_i64().unwrap());
    // answer_with_hash = SHA1 + answer + the page's 8 padding bytes, then IGE.
    let mut rng = ScriptedRng::new(&[&hex("C26F8049523E89D2")], 1);
    let enc = mtproto_handshake_encrypt(&inner.to_bytes(), &v, &mut rng);
    assert_eq!(enc, hex(s(&v, "encrypted_answer")));
    let ok = wire::ServerDHParamsOk {
        nonce: arr(s(&v, "nonce")),
        server_nonce: arr(s(&v, "server_nonce")),
        encrypted_answer: enc,
    };
    assert_eq!(ok.to_bytes(), hex(s(&d, "server_DH_params_ok"))[20..]);
    // dh_gen_ok from the page's auth_key.
    let key = mtproto::AuthKey::from_slice(&hex(s(&v, "auth_key"))).unwrap();
    let gen = wire::DhGenOk {
        nonce: arr(s(&v, "nonce")),
        server_nonce: arr(s(&v, "server_nonce")),
        new_nonce_hash1: mtproto::crypto::nonce_key::new_nonce_hash(
            &arr(s(&v, "new_nonce")),
            1,
            key.aux_hash(),
        ),
    };
    assert_eq!(gen.to_bytes(), hex(s(&d, "dh_gen_ok"))[20..]);
    // The page's client messages parse back to the page's values.
    let (pq_inner, l) = wire::PqInnerData::parse_prefix(&hex(s(&d, "p_q_inner_data_dc"))).unwrap();
    assert_eq!(l, 100);
    assert_eq!(pq_inner.kind, InnerKind::Dc(2));
    let req = wire::ReqDHParams::from_bytes(&hex(s(&d, "req_DH_params"))[20..]).unwrap();
    assert_eq!(req.encrypted_data, hex(s(&v, "rsa_encrypted_data")));
    assert_eq!(req.to_bytes(), hex(s(&d, "req_DH_params"))[20..]);
    let set =
        wire::SetClientDHParams::from_bytes(&hex(s(&d, "set_client_DH_params"))[20..]).unwrap();
    assert_eq!(set.encrypted_data, hex(s(&v, "client_encrypted_data")));
}

fn mtproto_handshake_encrypt(data: &[u8], v: &serde_json::Value, rng: &mut ScriptedRng) -> Vec<u8> {
    // Same construction as the server: SHA1(data) + data + padding, AES-256-IGE.
    let mut out = mtproto::crypto::sha1(&[data]).to_vec();
    out.extend_from_slice(data);
    let pad = (16 - out.len() % 16) % 16;
    let mut p = vec![0u8; pad];
    rand_core::RngCore::fill_bytes(rng, &mut p);
    out.extend_from_slice(&p);
    mtproto::crypto::ige::encrypt(
        &mut out,
        &arr(s(v, "tmp_aes_key")),
        &arr(s(v, "tmp_aes_iv")),
    )
    .unwrap();
    out
}

fn run_exchange(
    kind: KeyKind,
    legacy: bool,
    seed: u64,
) -> (
    mtproto::handshake::HandshakeOutcome,
    mtproto::handshake::ServerOutcome,
) {
    let key = server_key();
    let config = Arc::new(ServerHandshakeConfig::new(key.clone()));
    let mut crng = seeded(seed);
    let mut srng = seeded(seed + 1000);
    let now = UnixTime::from_secs(1_700_000_000);
    let mut client = ClientHandshake::new(vec![key.public().clone()], 2, kind);
    let mut server = ServerHandshake::new(config);
    let mut to_server = client.start(now, &mut crng);
    if legacy {
        // Telethon-style: reissue req_DH_params with p_q_inner_data + the SHA1 scheme.
        let ServerStep::Send(res) = server.handle(now, &to_server, &mut srng).unwrap() else {
            panic!()
        };
        let (_, body) = envelope::decode_plain(&res).unwrap();
        let res = wire::ResPQ::from_bytes(body).unwrap();
        let nonce = res.nonce;
        let (p, q) = mtproto::pq::factorize(mtproto::pq::pq_from_be(&res.pq).unwrap()).unwrap();
        let new_nonce = [0x42u8; 32];
        let inner = wire::PqInnerData {
            pq: res.pq.clone(),
            p: mtproto::pq::to_be_minimal(p),
            q: mtproto::pq::to_be_minimal(q),
            nonce,
            server_nonce: res.server_nonce,
            new_nonce,
            kind: InnerKind::Legacy,
        };
        let enc = key
            .public()
            .encrypt_legacy(&inner.to_bytes(), &mut crng)
            .unwrap();
        let req = wire::ReqDHParams {
            nonce,
            server_nonce: res.server_nonce,
            p: inner.p.clone(),
            q: inner.q.clone(),
            public_key_fingerprint: key.public().fingerprint(),
            encrypted_data: enc.to_vec(),
        };
        let ServerStep::Send(ok) = server
            .handle(now, &envelope::encode_plain(4, &req.to_bytes()), &mut srng)
            .unwrap()
        else {
            panic!()
        };
        // The server answered something the page's structure describes; check it decrypts.
        let (_, body) = envelope::decode_plain(&ok).unwrap();
        let wire::ServerDHParams::Ok(ok) = wire::ServerDHParams::from_bytes(body).unwrap() else {
            panic!()
        };
        let encrypted_answer = ok.encrypted_answer;
        let (k, iv) = mtproto::crypto::nonce_key::tmp_aes_key_iv(&new_nonce, &res.server_nonce);
        let mut plain = encrypted_answer.clone();
        mtproto::crypto::ige::decrypt(&mut plain, &k, &iv).unwrap();
        let (inner, _) = wire::parse_prefix::<wire::ServerDHInnerData>(&plain[20..]).unwrap();
        let b = mtproto::dh::DhKeyPair::generate(inner.g, &inner.dh_prime, &mut crng).unwrap();
        let auth = b.shared(&inner.g_a).unwrap();
        let cdh = wire::ClientDHInnerData {
            nonce,
            server_nonce: res.server_nonce,
            retry_id: 0,
            g_b: b.public().to_vec(),
        };
        let mut data = mtproto::crypto::sha1(&[&cdh.to_bytes()]).to_vec();
        data.extend_from_slice(&cdh.to_bytes());
        while !data.len().is_multiple_of(16) {
            data.push(0);
        }
        mtproto::crypto::ige::encrypt(&mut data, &k, &iv).unwrap();
        let set = wire::SetClientDHParams {
            nonce,
            server_nonce: res.server_nonce,
            encrypted_data: data,
        };
        let ServerStep::Done { outcome, .. } = server
            .handle(now, &envelope::encode_plain(8, &set.to_bytes()), &mut srng)
            .unwrap()
        else {
            panic!()
        };
        let client_side = mtproto::handshake::HandshakeOutcome {
            auth_key: mtproto::AuthKey::new(auth),
            first_salt: outcome.outcome.first_salt,
            time_offset: 0,
            expires_at: None,
        };
        return (client_side, outcome);
    }
    loop {
        match server.handle(now, &to_server, &mut srng).unwrap() {
            ServerStep::Send(reply) => match client.handle(now, &reply, &mut crng).unwrap() {
                ClientStep::Send(next) => to_server = next,
                ClientStep::Done(_) => panic!("client done before server"),
            },
            ServerStep::Done { reply, outcome } => {
                match client.handle(now, &reply, &mut crng).unwrap() {
                    ClientStep::Done(c) => return (c, outcome),
                    ClientStep::Send(_) => panic!("client wants more"),
                }
            }
        }
    }
}

#[test]
fn client_and_server_agree_permanent_and_temporary() {
    let (c, s) = run_exchange(KeyKind::Permanent, false, 1);
    assert_eq!(c.auth_key, s.outcome.auth_key);
    assert_eq!(c.first_salt, s.outcome.first_salt);
    assert_eq!(s.inner, InnerKind::Dc(2));
    assert!(!s.legacy_rsa);
    let (c, s) = run_exchange(KeyKind::Temporary { expires_in: 86400 }, false, 2);
    assert_eq!(c.auth_key, s.outcome.auth_key);
    assert_eq!(
        s.inner,
        InnerKind::TempDc {
            dc: 2,
            expires_in: 86400
        }
    );
    assert_eq!(c.expires_at, Some(1_700_000_000 + 86400));
    assert_eq!(s.outcome.expires_at, c.expires_at);
}

#[test]
fn server_accepts_telethon_legacy_inner_data() {
    let (c, s) = run_exchange(KeyKind::Permanent, true, 3);
    assert_eq!(c.auth_key, s.outcome.auth_key);
    assert_eq!(s.inner, InnerKind::Legacy);
    assert!(s.legacy_rsa);
}

#[test]
fn server_rejects_out_of_order_and_garbage() {
    let config = Arc::new(ServerHandshakeConfig::new(server_key().clone()));
    let mut rng = seeded(11);
    let now = UnixTime::from_secs(1_700_000_000);
    let d = dumps();
    let mut server = ServerHandshake::new(config.clone());
    // set_client_DH_params first.
    assert!(matches!(
        server.handle(now, &hex(s(&d, "set_client_DH_params")), &mut rng),
        Err(HandshakeError::Unexpected(_))
    ));
    let mut server = ServerHandshake::new(config.clone());
    server
        .handle(now, &hex(s(&d, "req_pq_multi")), &mut rng)
        .unwrap();
    // The page's req_DH_params: wrong server_nonce for this server.
    assert_eq!(
        server
            .handle(now, &hex(s(&d, "req_DH_params")), &mut rng)
            .unwrap_err(),
        HandshakeError::ServerNonce
    );
    let mut server = ServerHandshake::new(config);
    for junk in [
        &[][..],
        &[0u8; 19][..],
        &[0u8; 24][..],
        &hex("0000000000000000000000000000000004000000FFFFFFFF")[..],
    ] {
        assert!(server.handle(now, junk, &mut rng).is_err());
    }
}
