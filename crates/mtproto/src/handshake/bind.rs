//! Binding a temporary key to a permanent one (auth.bindTempAuthKey): the
//! encrypted_message is bind_auth_key_inner encrypted with the permanent key
//! by the MTProto 1.0 rules, with random:int128 in place of salt and session.

use rand_core::RngCore;

use super::wire::BindAuthKeyInner;
use crate::crypto::{ige, sha1};
use crate::AuthKey;
use tl::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    #[error("encrypted_message is malformed")]
    Malformed,
    #[error("encrypted_message is not for this permanent key")]
    WrongKey,
    #[error("msg_key does not match")]
    MsgKey,
    #[error("binding fields do not match the request: {0}")]
    Mismatch(&'static str),
}

/// MTProto 1.0 AES key/IV (x = 0, client to server).
fn v1_key_iv(key: &AuthKey, msg_key: &[u8; 16]) -> ([u8; 32], [u8; 32]) {
    let k = key.bytes();
    let a = sha1(&[msg_key, &k[0..32]]);
    let b = sha1(&[&k[32..48], msg_key, &k[48..64]]);
    let c = sha1(&[&k[64..96], msg_key]);
    let d = sha1(&[msg_key, &k[96..128]]);
    let mut aes_key = [0u8; 32];
    aes_key[..8].copy_from_slice(&a[..8]);
    aes_key[8..20].copy_from_slice(&b[8..20]);
    aes_key[20..].copy_from_slice(&c[4..16]);
    let mut iv = [0u8; 32];
    iv[..12].copy_from_slice(&a[8..20]);
    iv[12..20].copy_from_slice(&b[..8]);
    iv[20..24].copy_from_slice(&c[16..20]);
    iv[24..].copy_from_slice(&d[..8]);
    (aes_key, iv)
}

/// Client: encrypted_message for auth.bindTempAuthKey sent with `msg_id`.
pub fn encrypt_binding(
    perm: &AuthKey,
    msg_id: i64,
    inner: &BindAuthKeyInner,
    rng: &mut dyn RngCore,
) -> Vec<u8> {
    let body = inner.to_bytes();
    let mut plain = vec![0u8; 16];
    rng.fill_bytes(&mut plain);
    plain.extend_from_slice(&msg_id.to_le_bytes());
    plain.extend_from_slice(&0i32.to_le_bytes());
    plain.extend_from_slice(&(body.len() as i32).to_le_bytes());
    plain.extend_from_slice(&body);
    let h = sha1(&[&plain]);
    let mut msg_key = [0u8; 16];
    msg_key.copy_from_slice(&h[4..]);
    let pad = (16 - plain.len() % 16) % 16;
    let at = plain.len();
    plain.resize(at + pad, 0);
    rng.fill_bytes(&mut plain[at..]);
    let (k, iv) = v1_key_iv(perm, &msg_key);
    let _ = ige::encrypt(&mut plain, &k, &iv);
    let mut out = perm.id().to_le_bytes().to_vec();
    out.extend_from_slice(&msg_key);
    out.extend_from_slice(&plain);
    out
}

/// The request fields the server checks the binding against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindRequest {
    pub perm_auth_key_id: i64,
    pub nonce: i64,
    pub expires_at: i32,
    /// msg_id of the auth.bindTempAuthKey message.
    pub msg_id: i64,
    /// Temporary key and session the request arrived on.
    pub temp_auth_key_id: i64,
    pub temp_session_id: i64,
}

/// Server: decrypts and checks encrypted_message against the request.
pub fn verify_binding(
    perm: &AuthKey,
    req: &BindRequest,
    encrypted: &[u8],
) -> Result<BindAuthKeyInner, BindError> {
    if encrypted.len() < 24 + 32 + 40 || !(encrypted.len() - 24).is_multiple_of(16) {
        return Err(BindError::Malformed);
    }
    if encrypted[..8] != perm.id().to_le_bytes() || req.perm_auth_key_id != perm.id() as i64 {
        return Err(BindError::WrongKey);
    }
    let mut msg_key = [0u8; 16];
    msg_key.copy_from_slice(&encrypted[8..24]);
    let mut plain = encrypted[24..].to_vec();
    let (k, iv) = v1_key_iv(perm, &msg_key);
    ige::decrypt(&mut plain, &k, &iv).map_err(|_| BindError::Malformed)?;
    let len = i32::from_le_bytes(plain[28..32].try_into().map_err(|_| BindError::Malformed)?);
    let len = usize::try_from(len).map_err(|_| BindError::Malformed)?;
    let end = 32usize
        .checked_add(len)
        .filter(|&e| e <= plain.len() && plain.len() - e < 16);
    let end = end.ok_or(BindError::Malformed)?;
    if sha1(&[&plain[..end]])[4..] != msg_key {
        return Err(BindError::MsgKey);
    }
    let msg_id = i64::from_le_bytes(plain[16..24].try_into().map_err(|_| BindError::Malformed)?);
    let seq_no = i32::from_le_bytes(plain[24..28].try_into().map_err(|_| BindError::Malformed)?);
    if msg_id != req.msg_id {
        return Err(BindError::Mismatch("msg_id"));
    }
    if seq_no != 0 {
        return Err(BindError::Mismatch("seqno"));
    }
    let inner = BindAuthKeyInner::from_bytes(&plain[32..end]).map_err(|_| BindError::Malformed)?;
    if inner.nonce != req.nonce {
        return Err(BindError::Mismatch("nonce"));
    }
    if inner.perm_auth_key_id != req.perm_auth_key_id {
        return Err(BindError::Mismatch("perm_auth_key_id"));
    }
    if inner.temp_auth_key_id != req.temp_auth_key_id {
        return Err(BindError::Mismatch("temp_auth_key_id"));
    }
    if inner.temp_session_id != req.temp_session_id {
        return Err(BindError::Mismatch("temp_session_id"));
    }
    if inner.expires_at != req.expires_at {
        return Err(BindError::Mismatch("expires_at"));
    }
    Ok(inner)
}
