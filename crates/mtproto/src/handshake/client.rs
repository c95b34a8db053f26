//! Client role of the auth-key exchange.

use rand_core::RngCore;

use super::wire::{
    self, ClientDHInnerData, InnerKind, NewNonce, Nonce, PqInnerData, ReqDHParams, ReqPqMulti,
    ResPQ, ServerDHInnerData, ServerDHParams, SetClientDHParams, SetClientDHParamsAnswer,
};
use super::{
    check_nonces, decrypt_with_hash, encrypt_with_hash, fail_nonce_hash, HandshakeError,
    HandshakeOutcome,
};
use crate::crypto::nonce_key;
use crate::dh::{self, DhKeyPair};
use crate::envelope;
use crate::msg_id::{MsgIdClock, MsgIdKind};
use crate::pq;
use crate::rsa_key::RsaPublicKey;
use crate::{AuthKey, UnixTime};
use tl::{Deserialize, Serialize};

const MAX_RETRIES: u32 = 5;

/// Which key to create.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Permanent,
    /// A temporary key for perfect forward secrecy, valid `expires_in` seconds.
    Temporary {
        expires_in: i32,
    },
}

/// What to do after feeding a server message.
#[derive(Debug)]
pub enum ClientStep {
    /// Send this unencrypted MTProto packet (wrap it in the transport).
    Send(Vec<u8>),
    /// The key is ready.
    Done(HandshakeOutcome),
}

enum State {
    Start,
    ResPq {
        nonce: Nonce,
    },
    DhParams {
        nonce: Nonce,
        server_nonce: Nonce,
        new_nonce: NewNonce,
    },
    DhGen(Box<DhGenWait>),
    Over,
}

struct DhGenWait {
    nonce: Nonce,
    server_nonce: Nonce,
    new_nonce: NewNonce,
    tmp_key: [u8; 32],
    tmp_iv: [u8; 32],
    g: i32,
    dh_prime: Vec<u8>,
    g_a: Vec<u8>,
    auth_key: AuthKey,
    server_time: i64,
    retries: u32,
}

/// Client side of one exchange. Feed it the server's unencrypted packets in order.
pub struct ClientHandshake {
    keys: Vec<RsaPublicKey>,
    dc_id: i32,
    kind: KeyKind,
    clock: MsgIdClock,
    state: State,
}

impl std::fmt::Debug for ClientHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientHandshake")
            .field("dc_id", &self.dc_id)
            .field("kind", &self.kind)
            .finish()
    }
}

impl ClientHandshake {
    /// `keys`: the server public keys the client trusts; `dc_id` goes into
    /// p_q_inner_data_dc (+10000 for test DCs, negative for media DCs).
    pub fn new(keys: Vec<RsaPublicKey>, dc_id: i32, kind: KeyKind) -> Self {
        ClientHandshake {
            keys,
            dc_id,
            kind,
            clock: MsgIdClock::new(),
            state: State::Start,
        }
    }

    /// The first packet: req_pq_multi with a fresh nonce.
    pub fn start(&mut self, now: UnixTime, rng: &mut dyn RngCore) -> Vec<u8> {
        let mut nonce = [0u8; 16];
        rng.fill_bytes(&mut nonce);
        self.state = State::ResPq { nonce };
        let msg_id = self.clock.next(now, MsgIdKind::Client);
        envelope::encode_plain(msg_id, &ReqPqMulti { nonce }.to_bytes())
    }

    /// Feeds one unencrypted packet from the server.
    pub fn handle(
        &mut self,
        now: UnixTime,
        packet: &[u8],
        rng: &mut dyn RngCore,
    ) -> Result<ClientStep, HandshakeError> {
        let state = std::mem::replace(&mut self.state, State::Over);
        let (_, body) = envelope::decode_plain(packet)?;
        match state {
            State::ResPq { nonce } => self.on_res_pq(now, body, nonce, rng),
            State::DhParams {
                nonce,
                server_nonce,
                new_nonce,
            } => self.on_dh_params(now, body, nonce, server_nonce, new_nonce, rng),
            State::DhGen(wait) => self.on_dh_gen(now, body, wait, rng),
            State::Start | State::Over => Err(HandshakeError::Finished),
        }
    }

    fn send(&mut self, now: UnixTime, body: &[u8]) -> ClientStep {
        let msg_id = self.clock.next(now, MsgIdKind::Client);
        ClientStep::Send(envelope::encode_plain(msg_id, body))
    }

    fn on_res_pq(
        &mut self,
        now: UnixTime,
        body: &[u8],
        nonce: Nonce,
        rng: &mut dyn RngCore,
    ) -> Result<ClientStep, HandshakeError> {
        let res = ResPQ::from_bytes(body)?;
        if res.nonce != nonce {
            return Err(HandshakeError::Nonce);
        }
        let key = self
            .keys
            .iter()
            .find(|k| {
                res.server_public_key_fingerprints
                    .contains(&k.fingerprint())
            })
            .ok_or_else(|| HandshakeError::NoKnownKey(res.server_public_key_fingerprints.clone()))?
            .clone();
        let pq_n = pq::pq_from_be(&res.pq)?;
        let (p, q) = pq::factorize(pq_n)?;
        let mut new_nonce = [0u8; 32];
        rng.fill_bytes(&mut new_nonce);
        let kind = match self.kind {
            KeyKind::Permanent => InnerKind::Dc(self.dc_id),
            KeyKind::Temporary { expires_in } => InnerKind::TempDc {
                dc: self.dc_id,
                expires_in,
            },
        };
        let inner = PqInnerData {
            pq: res.pq.clone(),
            p: pq::to_be_minimal(p),
            q: pq::to_be_minimal(q),
            nonce,
            server_nonce: res.server_nonce,
            new_nonce,
            kind,
        };
        let encrypted = key.encrypt_rsa_pad(&inner.to_bytes(), rng)?;
        let req = ReqDHParams {
            nonce,
            server_nonce: res.server_nonce,
            p: inner.p,
            q: inner.q,
            public_key_fingerprint: key.fingerprint(),
            encrypted_data: encrypted.to_vec(),
        };
        self.state = State::DhParams {
            nonce,
            server_nonce: res.server_nonce,
            new_nonce,
        };
        Ok(self.send(now, &req.to_bytes()))
    }

    fn on_dh_params(
        &mut self,
        now: UnixTime,
        body: &[u8],
        nonce: Nonce,
        server_nonce: Nonce,
        new_nonce: NewNonce,
        rng: &mut dyn RngCore,
    ) -> Result<ClientStep, HandshakeError> {
        let encrypted_answer = match ServerDHParams::from_bytes(body)? {
            ServerDHParams::Ok(ok) => {
                check_nonces(&ok.nonce, &ok.server_nonce, &nonce, &server_nonce)?;
                ok.encrypted_answer
            }
            ServerDHParams::Fail(fail) => {
                check_nonces(&fail.nonce, &fail.server_nonce, &nonce, &server_nonce)?;
                if fail.new_nonce_hash != fail_nonce_hash(&new_nonce) {
                    return Err(HandshakeError::NewNonceHash);
                }
                return Err(HandshakeError::ServerRefused);
            }
        };
        let (tmp_key, tmp_iv) = nonce_key::tmp_aes_key_iv(&new_nonce, &server_nonce);
        let answer = decrypt_with_hash(&encrypted_answer, &tmp_key, &tmp_iv, |d| {
            wire::parse_prefix::<ServerDHInnerData>(d).map(|(_, l)| l)
        })?;
        let (inner, _) = wire::parse_prefix::<ServerDHInnerData>(&answer[20..])?;
        check_nonces(&inner.nonce, &inner.server_nonce, &nonce, &server_nonce)?;
        dh::check_params(inner.g, &inner.dh_prime)?;
        self.clock.sync_to_secs(now, i64::from(inner.server_time));
        let wait = DhGenWait {
            nonce,
            server_nonce,
            new_nonce,
            tmp_key,
            tmp_iv,
            g: inner.g,
            dh_prime: inner.dh_prime,
            g_a: inner.g_a,
            auth_key: AuthKey::new([0; 256]),
            server_time: i64::from(inner.server_time),
            retries: 0,
        };
        self.send_client_dh(now, Box::new(wait), 0, rng)
    }

    fn send_client_dh(
        &mut self,
        now: UnixTime,
        mut wait: Box<DhGenWait>,
        retry_id: i64,
        rng: &mut dyn RngCore,
    ) -> Result<ClientStep, HandshakeError> {
        let b = DhKeyPair::generate(wait.g, &wait.dh_prime, rng)?;
        wait.auth_key = AuthKey::new(b.shared(&wait.g_a)?);
        let inner = ClientDHInnerData {
            nonce: wait.nonce,
            server_nonce: wait.server_nonce,
            retry_id,
            g_b: b.public().to_vec(),
        };
        let encrypted = encrypt_with_hash(&inner.to_bytes(), &wait.tmp_key, &wait.tmp_iv, rng);
        let req = SetClientDHParams {
            nonce: wait.nonce,
            server_nonce: wait.server_nonce,
            encrypted_data: encrypted,
        };
        self.state = State::DhGen(wait);
        Ok(self.send(now, &req.to_bytes()))
    }

    fn on_dh_gen(
        &mut self,
        now: UnixTime,
        body: &[u8],
        mut wait: Box<DhGenWait>,
        rng: &mut dyn RngCore,
    ) -> Result<ClientStep, HandshakeError> {
        let gen = SetClientDHParamsAnswer::from_bytes(body)?;
        let (n, nonce, server_nonce, hash) = match &gen {
            SetClientDHParamsAnswer::DhGenOk(g) => (1, g.nonce, g.server_nonce, g.new_nonce_hash1),
            SetClientDHParamsAnswer::DhGenRetry(g) => {
                (2, g.nonce, g.server_nonce, g.new_nonce_hash2)
            }
            SetClientDHParamsAnswer::DhGenFail(g) => {
                (3, g.nonce, g.server_nonce, g.new_nonce_hash3)
            }
        };
        check_nonces(&nonce, &server_nonce, &wait.nonce, &wait.server_nonce)?;
        let expected = nonce_key::new_nonce_hash(&wait.new_nonce, n, wait.auth_key.aux_hash());
        if hash != expected {
            return Err(HandshakeError::NewNonceHash);
        }
        match gen {
            SetClientDHParamsAnswer::DhGenOk(_) => {
                let expires_at = match self.kind {
                    KeyKind::Permanent => None,
                    KeyKind::Temporary { expires_in } => {
                        Some(wait.server_time + i64::from(expires_in))
                    }
                };
                Ok(ClientStep::Done(HandshakeOutcome {
                    auth_key: wait.auth_key.clone(),
                    first_salt: nonce_key::first_server_salt(&wait.new_nonce, &wait.server_nonce),
                    time_offset: self.clock.offset_secs(),
                    expires_at,
                }))
            }
            SetClientDHParamsAnswer::DhGenRetry(_) => {
                wait.retries += 1;
                if wait.retries > MAX_RETRIES {
                    return Err(HandshakeError::TooManyRetries);
                }
                let retry_id = wait.auth_key.aux_hash() as i64;
                self.send_client_dh(now, wait, retry_id, rng)
            }
            SetClientDHParamsAnswer::DhGenFail(_) => Err(HandshakeError::DhGenFail),
        }
    }
}
