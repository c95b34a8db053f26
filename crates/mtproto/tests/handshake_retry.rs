//! dh_gen_retry: the server asks its caller whether a new key's auth_key_id
//! is taken and, if so, makes the client try again with a new g_b; it checks
//! retry_id and gives up with dh_gen_fail.
mod common;
use common::*;
use mtproto::crypto::{ige, nonce_key, sha1};
use mtproto::dh::DhKeyPair;
use mtproto::envelope;
use mtproto::handshake::wire::{self, InnerKind, PqInnerData, SetClientDHParamsAnswer};
use mtproto::handshake::{
    ClientHandshake, ClientStep, HandshakeError, KeyKind, ServerHandshake, ServerHandshakeConfig,
    ServerStep, MAX_DH_RETRIES,
};
use mtproto::rsa_key::RsaPrivateKey;
use mtproto::{AuthKey, UnixTime};
use std::sync::{Arc, OnceLock};
use tl::{Deserialize, Serialize};

fn server_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::generate(&mut seeded(55)).unwrap())
}

fn now() -> UnixTime {
    UnixTime::from_secs(1_700_000_000)
}

/// Runs a client against a server whose key store says "taken" per `taken`.
/// Returns the client's result, the server's outcome key, and every key id
/// the server asked about.
fn exchange(
    seed: u64,
    mut taken: impl FnMut(u64, usize) -> bool,
) -> (Result<AuthKey, HandshakeError>, Option<AuthKey>, Vec<u64>) {
    let key = server_key();
    let mut crng = seeded(seed);
    let mut srng = seeded(seed + 1);
    let mut client = ClientHandshake::new(vec![key.public().clone()], 2, KeyKind::Permanent);
    let mut server = ServerHandshake::new(Arc::new(ServerHandshakeConfig::new(key.clone())));
    let mut asked = Vec::new();
    let mut to_server = client.start(now(), &mut crng);
    for _ in 0..20 {
        let mut check = |id: u64| {
            asked.push(id);
            taken(id, asked.len())
        };
        let (reply, server_key) = match server
            .handle_checked(now(), &to_server, &mut srng, &mut check)
            .expect("server step")
        {
            ServerStep::Send(r) => (r, None),
            ServerStep::Done { reply, outcome } => (reply, Some(outcome.outcome.auth_key)),
        };
        match client.handle(now(), &reply, &mut crng) {
            Ok(ClientStep::Send(p)) => to_server = p,
            Ok(ClientStep::Done(o)) => return (Ok(o.auth_key), server_key, asked),
            Err(e) => return (Err(e), server_key, asked),
        }
    }
    panic!("exchange did not end");
}

#[test]
fn taken_key_ids_get_dh_gen_retry_until_a_free_one() {
    let (client, server, asked) = exchange(1, |_, n| n <= 2);
    let client = client.expect("key agreed");
    assert_eq!(Some(&client), server.as_ref());
    // Three keys were proposed, all different; the third was free and is the one kept.
    assert_eq!(asked.len(), 3);
    assert_ne!(asked[0], asked[1]);
    assert_ne!(asked[1], asked[2]);
    assert_eq!(asked[2], client.id());
}

#[test]
fn free_key_id_needs_no_retry() {
    let (client, server, asked) = exchange(2, |_, _| false);
    let client = client.expect("key agreed");
    assert_eq!(Some(&client), server.as_ref());
    assert_eq!(asked, [client.id()]);
}

#[test]
fn always_taken_ends_in_dh_gen_fail() {
    let (client, server, asked) = exchange(3, |_, _| true);
    assert_eq!(client, Err(HandshakeError::DhGenFail));
    assert_eq!(server, None);
    assert_eq!(asked.len() as u32, MAX_DH_RETRIES + 1);
}

/// A client driven by hand, to send set_client_DH_params with any retry_id.
struct ManualClient {
    server: ServerHandshake,
    rng: rand::rngs::StdRng,
    nonce: [u8; 16],
    server_nonce: [u8; 16],
    new_nonce: [u8; 32],
    g: i32,
    dh_prime: Vec<u8>,
    g_a: Vec<u8>,
    msg_id: i64,
}

impl ManualClient {
    fn new(seed: u64) -> ManualClient {
        let key = server_key();
        let mut rng = seeded(seed);
        let mut server = ServerHandshake::new(Arc::new(ServerHandshakeConfig::new(key.clone())));
        let nonce = [seed as u8; 16];
        let new_nonce = [0x42; 32];
        let send = |server: &mut ServerHandshake,
                    rng: &mut rand::rngs::StdRng,
                    msg_id: i64,
                    body: &[u8]| {
            let ServerStep::Send(reply) = server
                .handle(now(), &envelope::encode_plain(msg_id, body), rng)
                .expect("server step")
            else {
                panic!("exchange ended early")
            };
            envelope::decode_plain(&reply).expect("plain").1.to_vec()
        };
        let res = wire::ResPQ::from_bytes(&send(
            &mut server,
            &mut rng,
            4,
            &wire::ReqPqMulti { nonce }.to_bytes(),
        ))
        .expect("resPQ");
        let (p, q) = mtproto::pq::factorize(mtproto::pq::pq_from_be(&res.pq).unwrap()).unwrap();
        let inner = PqInnerData {
            pq: res.pq.clone(),
            p: mtproto::pq::to_be_minimal(p),
            q: mtproto::pq::to_be_minimal(q),
            nonce,
            server_nonce: res.server_nonce,
            new_nonce,
            kind: InnerKind::Dc(2),
        };
        let encrypted = key
            .public()
            .encrypt_rsa_pad(&inner.to_bytes(), &mut rng)
            .unwrap();
        let req = wire::ReqDHParams {
            nonce,
            server_nonce: res.server_nonce,
            p: inner.p.clone(),
            q: inner.q.clone(),
            public_key_fingerprint: key.public().fingerprint(),
            encrypted_data: encrypted.to_vec(),
        };
        let wire::ServerDHParams::Ok(ok) =
            wire::ServerDHParams::from_bytes(&send(&mut server, &mut rng, 8, &req.to_bytes()))
                .expect("server_DH_params")
        else {
            panic!("server_DH_params_fail")
        };
        let (k, iv) = nonce_key::tmp_aes_key_iv(&new_nonce, &res.server_nonce);
        let mut plain = ok.encrypted_answer.clone();
        ige::decrypt(&mut plain, &k, &iv).unwrap();
        let (dh, _) = wire::parse_prefix::<wire::ServerDHInnerData>(&plain[20..]).unwrap();
        ManualClient {
            server,
            rng,
            nonce,
            server_nonce: res.server_nonce,
            new_nonce,
            g: dh.g,
            dh_prime: dh.dh_prime,
            g_a: dh.g_a,
            msg_id: 8,
        }
    }

    /// One set_client_DH_params with `retry_id`: the server's answer and the
    /// key this attempt makes.
    fn attempt(
        &mut self,
        retry_id: i64,
        taken: bool,
    ) -> (Result<ServerStep, HandshakeError>, AuthKey) {
        let b = DhKeyPair::generate(self.g, &self.dh_prime, &mut self.rng).unwrap();
        let auth_key = AuthKey::new(b.shared(&self.g_a).unwrap());
        let inner = wire::ClientDHInnerData {
            nonce: self.nonce,
            server_nonce: self.server_nonce,
            retry_id,
            g_b: b.public().to_vec(),
        };
        let mut data = sha1(&[&inner.to_bytes()]).to_vec();
        data.extend_from_slice(&inner.to_bytes());
        while !data.len().is_multiple_of(16) {
            data.push(0);
        }
        let (k, iv) = nonce_key::tmp_aes_key_iv(&self.new_nonce, &self.server_nonce);
        ige::encrypt(&mut data, &k, &iv).unwrap();
        let set = wire::SetClientDHParams {
            nonce: self.nonce,
            server_nonce: self.server_nonce,
            encrypted_data: data,
        };
        self.msg_id += 4;
        let packet = envelope::encode_plain(self.msg_id, &set.to_bytes());
        let step = self
            .server
            .handle_checked(now(), &packet, &mut self.rng, &mut |_| taken);
        (step, auth_key)
    }
}

fn answer(step: Result<ServerStep, HandshakeError>) -> SetClientDHParamsAnswer {
    let reply = match step.expect("server step") {
        ServerStep::Send(r) | ServerStep::Done { reply: r, .. } => r,
    };
    SetClientDHParamsAnswer::from_bytes(envelope::decode_plain(&reply).unwrap().1).unwrap()
}

#[test]
fn retry_id_must_be_the_rejected_keys_aux_hash() {
    // First attempt: retry_id must be 0.
    let mut c = ManualClient::new(7);
    let (step, key) = c.attempt(5, false);
    let SetClientDHParamsAnswer::DhGenFail(fail) = answer(step) else {
        panic!("dh_gen_fail expected")
    };
    assert_eq!(
        fail.new_nonce_hash3,
        nonce_key::new_nonce_hash(&c.new_nonce, 3, key.aux_hash())
    );
    // The exchange is over.
    assert_eq!(c.attempt(0, false).0.unwrap_err(), HandshakeError::Finished);

    // A taken key: dh_gen_retry carrying new_nonce_hash2 of that key.
    let mut c = ManualClient::new(8);
    let (step, rejected) = c.attempt(0, true);
    let SetClientDHParamsAnswer::DhGenRetry(retry) = answer(step) else {
        panic!("dh_gen_retry expected")
    };
    assert_eq!(
        retry.new_nonce_hash2,
        nonce_key::new_nonce_hash(&c.new_nonce, 2, rejected.aux_hash())
    );
    // Retrying with retry_id 0 again is refused...
    let mut c2 = ManualClient::new(8);
    let _ = c2.attempt(0, true);
    let (step, _) = c2.attempt(0, false);
    assert!(matches!(
        answer(step),
        SetClientDHParamsAnswer::DhGenFail(_)
    ));
    // ...and with the rejected key's aux hash accepted.
    let (step, key) = c.attempt(rejected.aux_hash() as i64, false);
    let Ok(ServerStep::Done { outcome, .. }) = step else {
        panic!("dh_gen_ok expected")
    };
    assert_eq!(outcome.outcome.auth_key, key);
    assert_ne!(key, rejected);
}
