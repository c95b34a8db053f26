//! Server role of the auth-key exchange.

use std::sync::Arc;

use rand_core::RngCore;

use super::wire::{
    self, ClientDHInnerData, DhGenFail, DhGenOk, DhGenRetry, InnerKind, NewNonce, Nonce,
    PqInnerData, ReqDHParams, ResPQ, ServerDHInnerData, ServerDHParamsOk, SetClientDHParams,
};
use super::{check_nonces, decrypt_with_hash, encrypt_with_hash, HandshakeError, HandshakeOutcome};
use crate::crypto::nonce_key;
use crate::dh::{self, DhKeyPair};
use crate::envelope;
use crate::msg_id::{MsgIdClock, MsgIdKind};
use crate::pq;
use crate::rsa_key::{RsaPlaintext, RsaPrivateKey};
use crate::{AuthKey, UnixTime};
use tl::{Deserialize, Serialize};

/// How many dh_gen_retry answers one exchange gets before dh_gen_fail.
pub const MAX_DH_RETRIES: u32 = 5;

/// What every server connection shares: its RSA keys and DH group.
#[derive(Debug, Clone)]
pub struct ServerHandshakeConfig {
    pub keys: Vec<RsaPrivateKey>,
    pub g: i32,
    pub dh_prime: Vec<u8>,
}

impl ServerHandshakeConfig {
    /// One RSA key with Telegram's standard prime and g = 3.
    pub fn new(key: RsaPrivateKey) -> Self {
        ServerHandshakeConfig {
            keys: vec![key],
            g: 3,
            dh_prime: dh::telegram_dh_prime().to_vec(),
        }
    }
}

/// The server's result: the key plus what the client declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerOutcome {
    pub outcome: HandshakeOutcome,
    /// p_q_inner_data variant: legacy (Telethon), dc, or temporary with expiry.
    pub inner: InnerKind,
    /// True when the client used the legacy SHA1 RSA scheme.
    pub legacy_rsa: bool,
}

/// What to do after feeding a client message.
#[derive(Debug)]
pub enum ServerStep {
    /// Send this unencrypted packet.
    Send(Vec<u8>),
    /// Send this packet (dh_gen_ok); the key is established.
    Done {
        reply: Vec<u8>,
        outcome: ServerOutcome,
    },
}

enum State {
    ReqPq,
    ReqDh {
        nonce: Nonce,
        server_nonce: Nonce,
        pq: u64,
        p: u64,
        q: u64,
    },
    SetClientDh(Box<ClientDhWait>),
    Over,
}

/// A retry of set_client_DH_params after dh_gen_retry.
struct Retry {
    /// The rejected key's auth_key_aux_hash: the client's next retry_id.
    retry_id: i64,
    count: u32,
}

struct ClientDhWait {
    nonce: Nonce,
    server_nonce: Nonce,
    new_nonce: NewNonce,
    a: DhKeyPair,
    inner: InnerKind,
    legacy_rsa: bool,
    server_time: i64,
    retry: Option<Retry>,
}

/// Server side of one exchange on one connection.
pub struct ServerHandshake {
    config: Arc<ServerHandshakeConfig>,
    clock: MsgIdClock,
    state: State,
}

impl std::fmt::Debug for ServerHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerHandshake")
    }
}

impl ServerHandshake {
    pub fn new(config: Arc<ServerHandshakeConfig>) -> Self {
        ServerHandshake {
            config,
            clock: MsgIdClock::new(),
            state: State::ReqPq,
        }
    }

    /// Feeds one unencrypted packet from the client, for a server that keeps
    /// no other keys (no auth_key_id can collide): see [`handle_checked`](Self::handle_checked).
    pub fn handle(
        &mut self,
        now: UnixTime,
        packet: &[u8],
        rng: &mut dyn RngCore,
    ) -> Result<ServerStep, HandshakeError> {
        self.handle_checked(now, packet, rng, &mut |_| false)
    }

    /// Feeds one unencrypted packet from the client. `key_id_taken` tells
    /// whether an auth_key_id already belongs to another key: when the new
    /// key's does, the server answers dh_gen_retry and the client tries again
    /// with a new g_b (retry_id = the rejected key's aux hash); after
    /// [`MAX_DH_RETRIES`] it answers dh_gen_fail and the exchange is over.
    /// A retry_id that is not the expected one also gets dh_gen_fail.
    pub fn handle_checked(
        &mut self,
        now: UnixTime,
        packet: &[u8],
        rng: &mut dyn RngCore,
        key_id_taken: &mut dyn FnMut(u64) -> bool,
    ) -> Result<ServerStep, HandshakeError> {
        let (_, body) = envelope::decode_plain(packet)?;
        let state = std::mem::replace(&mut self.state, State::Over);
        let ctor = wire::constructor(body);
        match (state, ctor) {
            (State::ReqPq, wire::REQ_PQ | wire::REQ_PQ_MULTI) => self.on_req_pq(now, body, rng),
            // A client may restart with req_pq_multi at any point before the end.
            (State::ReqDh { .. } | State::SetClientDh(_), wire::REQ_PQ | wire::REQ_PQ_MULTI) => {
                self.on_req_pq(now, body, rng)
            }
            (
                State::ReqDh {
                    nonce,
                    server_nonce,
                    pq,
                    p,
                    q,
                },
                wire::REQ_DH_PARAMS,
            ) => self.on_req_dh(now, body, (nonce, server_nonce, pq, p, q), rng),
            (State::SetClientDh(wait), wire::SET_CLIENT_DH_PARAMS) => {
                self.on_set_client_dh(now, body, wait, key_id_taken)
            }
            (State::Over, _) => Err(HandshakeError::Finished),
            (_, other) => Err(HandshakeError::Unexpected(other)),
        }
    }

    fn send(&mut self, now: UnixTime, body: &[u8]) -> Vec<u8> {
        let msg_id = self.clock.next(now, MsgIdKind::ServerResponse);
        envelope::encode_plain(msg_id, body)
    }

    fn on_req_pq(
        &mut self,
        now: UnixTime,
        body: &[u8],
        rng: &mut dyn RngCore,
    ) -> Result<ServerStep, HandshakeError> {
        let nonce = wire::parse_req_pq(body)?;
        let mut server_nonce = [0u8; 16];
        rng.fill_bytes(&mut server_nonce);
        let (pq_n, p, q) = pq::generate(rng);
        let res = ResPQ {
            nonce,
            server_nonce,
            pq: pq::to_be_minimal(pq_n),
            server_public_key_fingerprints: self
                .config
                .keys
                .iter()
                .map(|k| k.public().fingerprint())
                .collect(),
        };
        self.state = State::ReqDh {
            nonce,
            server_nonce,
            pq: pq_n,
            p,
            q,
        };
        Ok(ServerStep::Send(self.send(now, &res.to_bytes())))
    }

    fn on_req_dh(
        &mut self,
        now: UnixTime,
        body: &[u8],
        (nonce, server_nonce, pq_n, p, q): (Nonce, Nonce, u64, u64, u64),
        rng: &mut dyn RngCore,
    ) -> Result<ServerStep, HandshakeError> {
        let req = ReqDHParams::from_bytes(body)?;
        check_nonces(&req.nonce, &req.server_nonce, &nonce, &server_nonce)?;
        if req.p != pq::to_be_minimal(p) || req.q != pq::to_be_minimal(q) {
            return Err(HandshakeError::PqMismatch);
        }
        let key = self
            .config
            .keys
            .iter()
            .find(|k| k.public().fingerprint() == req.public_key_fingerprint)
            .ok_or(HandshakeError::NoKnownKey(vec![req.public_key_fingerprint]))?;
        let plain = key.decrypt_inner(&req.encrypted_data)?;
        let (inner, len) = PqInnerData::parse_prefix(plain.data())?;
        let legacy_rsa = matches!(plain, RsaPlaintext::Legacy { .. });
        if legacy_rsa && plain.legacy_data(len).is_none() {
            return Err(HandshakeError::Rsa(crate::rsa_key::RsaError::BadPadding));
        }
        check_nonces(&inner.nonce, &inner.server_nonce, &nonce, &server_nonce)?;
        if inner.pq != pq::to_be_minimal(pq_n) || inner.p != req.p || inner.q != req.q {
            return Err(HandshakeError::PqMismatch);
        }
        let a = DhKeyPair::generate(self.config.g, &self.config.dh_prime, rng)?;
        let server_time = now.as_secs();
        let answer = ServerDHInnerData {
            nonce,
            server_nonce,
            g: self.config.g,
            dh_prime: self.config.dh_prime.clone(),
            g_a: a.public().to_vec(),
            server_time: server_time as i32,
        };
        let (tmp_key, tmp_iv) = nonce_key::tmp_aes_key_iv(&inner.new_nonce, &server_nonce);
        let encrypted_answer = encrypt_with_hash(&answer.to_bytes(), &tmp_key, &tmp_iv, rng);
        self.state = State::SetClientDh(Box::new(ClientDhWait {
            nonce,
            server_nonce,
            new_nonce: inner.new_nonce,
            a,
            inner: inner.kind,
            legacy_rsa,
            server_time,
            retry: None,
        }));
        let reply = ServerDHParamsOk {
            nonce,
            server_nonce,
            encrypted_answer,
        };
        Ok(ServerStep::Send(self.send(now, &reply.to_bytes())))
    }

    fn on_set_client_dh(
        &mut self,
        now: UnixTime,
        body: &[u8],
        mut wait: Box<ClientDhWait>,
        key_id_taken: &mut dyn FnMut(u64) -> bool,
    ) -> Result<ServerStep, HandshakeError> {
        let req = SetClientDHParams::from_bytes(body)?;
        check_nonces(
            &req.nonce,
            &req.server_nonce,
            &wait.nonce,
            &wait.server_nonce,
        )?;
        let (tmp_key, tmp_iv) = nonce_key::tmp_aes_key_iv(&wait.new_nonce, &wait.server_nonce);
        let data = decrypt_with_hash(&req.encrypted_data, &tmp_key, &tmp_iv, |d| {
            wire::parse_prefix::<ClientDHInnerData>(d).map(|(_, l)| l)
        })?;
        let (inner, _) = wire::parse_prefix::<ClientDHInnerData>(&data[20..])?;
        check_nonces(
            &inner.nonce,
            &inner.server_nonce,
            &wait.nonce,
            &wait.server_nonce,
        )?;
        let auth_key = AuthKey::new(wait.a.shared(&inner.g_b)?);
        let hash = |n| nonce_key::new_nonce_hash(&wait.new_nonce, n, auth_key.aux_hash());
        let expected_retry_id = wait.retry.as_ref().map_or(0, |r| r.retry_id);
        let retries = wait.retry.as_ref().map_or(0, |r| r.count);
        let taken = inner.retry_id == expected_retry_id && key_id_taken(auth_key.id());
        if inner.retry_id != expected_retry_id || (taken && retries >= MAX_DH_RETRIES) {
            let fail = DhGenFail {
                nonce: wait.nonce,
                server_nonce: wait.server_nonce,
                new_nonce_hash3: hash(3),
            };
            return Ok(ServerStep::Send(self.send(now, &fail.to_bytes())));
        }
        if taken {
            let retry = DhGenRetry {
                nonce: wait.nonce,
                server_nonce: wait.server_nonce,
                new_nonce_hash2: hash(2),
            };
            wait.retry = Some(Retry {
                retry_id: auth_key.aux_hash() as i64,
                count: retries + 1,
            });
            self.state = State::SetClientDh(wait);
            return Ok(ServerStep::Send(self.send(now, &retry.to_bytes())));
        }
        let gen = DhGenOk {
            nonce: wait.nonce,
            server_nonce: wait.server_nonce,
            new_nonce_hash1: hash(1),
        };
        let expires_at = match wait.inner {
            InnerKind::TempDc { expires_in, .. } => Some(wait.server_time + i64::from(expires_in)),
            _ => None,
        };
        let outcome = ServerOutcome {
            outcome: HandshakeOutcome {
                auth_key,
                first_salt: nonce_key::first_server_salt(&wait.new_nonce, &wait.server_nonce),
                time_offset: 0,
                expires_at,
            },
            inner: wait.inner,
            legacy_rsa: wait.legacy_rsa,
        };
        Ok(ServerStep::Done {
            reply: self.send(now, &gen.to_bytes()),
            outcome,
        })
    }
}
