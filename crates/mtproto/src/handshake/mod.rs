//! The auth-key exchange (DH with RSA server authentication) as two sans-IO
//! state machines, client and server, over unencrypted MTProto messages; and
//! the binding of a temporary key to a permanent one.

pub mod bind;
mod client;
mod server;
pub mod wire;

pub use client::{ClientHandshake, ClientStep, KeyKind};
pub use server::{
    ServerHandshake, ServerHandshakeConfig, ServerOutcome, ServerStep, MAX_DH_RETRIES,
};

use rand_core::RngCore;

use crate::crypto::{ige, sha1};
use crate::dh::DhError;
use crate::envelope::EnvelopeError;
use crate::pq::PqError;
use crate::rsa_key::RsaError;
use crate::AuthKey;

/// Why an exchange was abandoned; the connection should be dropped and,
/// for the client, the exchange started again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandshakeError {
    #[error("malformed message: {0}")]
    Tl(#[from] tl::Error),
    #[error("bad envelope: {0}")]
    Envelope(#[from] EnvelopeError),
    #[error("message {0:#010x} not expected in this state")]
    Unexpected(u32),
    #[error("nonce does not match")]
    Nonce,
    #[error("server_nonce does not match")]
    ServerNonce,
    #[error("none of the server's fingerprints {0:x?} is a known key")]
    NoKnownKey(Vec<i64>),
    #[error("proof of work: {0}")]
    Pq(#[from] PqError),
    #[error("p, q or pq do not match what was sent")]
    PqMismatch,
    #[error("RSA: {0}")]
    Rsa(#[from] RsaError),
    #[error("DH parameters rejected: {0}")]
    Dh(#[from] DhError),
    #[error("SHA1 of the encrypted answer does not match")]
    AnswerHash,
    #[error("new_nonce_hash does not match")]
    NewNonceHash,
    #[error("the server refused the DH parameters (server_DH_params_fail)")]
    ServerRefused,
    #[error("the server answered dh_gen_fail")]
    DhGenFail,
    #[error("too many dh_gen_retry answers")]
    TooManyRetries,
    #[error("the exchange has already finished or failed")]
    Finished,
}

/// What both sides learn at the end of an exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandshakeOutcome {
    pub auth_key: AuthKey,
    /// substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8).
    pub first_salt: i64,
    /// Server time minus local time, seconds (0 on the server).
    pub time_offset: i64,
    /// Unix time (server clock) when a temporary key expires.
    pub expires_at: Option<i64>,
}

/// SHA1(data) + data + random padding to a multiple of 16, AES-256-IGE encrypted.
pub(crate) fn encrypt_with_hash(
    data: &[u8],
    key: &[u8; 32],
    iv: &[u8; 32],
    rng: &mut dyn RngCore,
) -> Vec<u8> {
    let mut out = sha1(&[data]).to_vec();
    out.extend_from_slice(data);
    let pad = (16 - out.len() % 16) % 16;
    let at = out.len();
    out.resize(at + pad, 0);
    rng.fill_bytes(&mut out[at..]);
    // Whole blocks by construction.
    let _ = ige::encrypt(&mut out, key, iv);
    out
}

/// Decrypts `SHA1(data) + data + padding` and returns the plaintext (hash
/// first); `parse_len` gives the TL object's length so the hash can be checked.
pub(crate) fn decrypt_with_hash(
    encrypted: &[u8],
    key: &[u8; 32],
    iv: &[u8; 32],
    parse_len: impl FnOnce(&[u8]) -> Result<usize, tl::Error>,
) -> Result<Vec<u8>, HandshakeError> {
    let mut data = encrypted.to_vec();
    ige::decrypt(&mut data, key, iv).map_err(|_| HandshakeError::AnswerHash)?;
    let body = data.get(20..).ok_or(HandshakeError::AnswerHash)?;
    let len = parse_len(body)?;
    if body.len() - len >= 16 || sha1(&[&body[..len]])[..] != data[..20] {
        return Err(HandshakeError::AnswerHash);
    }
    Ok(data)
}

/// new_nonce_hash of server_DH_params_fail: low 128 bits of SHA1(new_nonce).
pub(crate) fn fail_nonce_hash(new_nonce: &[u8; 32]) -> [u8; 16] {
    let h = sha1(&[new_nonce]);
    let mut out = [0u8; 16];
    out.copy_from_slice(&h[4..]);
    out
}

/// Both roles check that a message continues this exchange: its nonce and
/// server_nonce are the ones agreed on.
pub(crate) fn check_nonces(
    nonce: &wire::Nonce,
    server_nonce: &wire::Nonce,
    want: &wire::Nonce,
    want_server: &wire::Nonce,
) -> Result<(), HandshakeError> {
    if nonce != want {
        return Err(HandshakeError::Nonce);
    }
    if server_nonce != want_server {
        return Err(HandshakeError::ServerNonce);
    }
    Ok(())
}
