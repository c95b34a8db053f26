//! Secret values at rest. With a database_encryption_key, each secret value (auth keys, user
//! data, later messages) is stored as `nonce ‖ AES-256-CTR(value) ‖ HMAC-SHA256 tag`, under
//! keys derived from the app's key with PBKDF2; without one, values are stored as they are.
//! Sealing values rather than pages keeps SQLite stock (no SQLCipher, no OpenSSL): see
//! DESIGN.md for the measured trade-off.

use aes::cipher::{KeyIvInit, StreamCipher};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type Aes256Ctr = ctr::Ctr128BE<aes::Aes256>;
type HmacSha256 = Hmac<Sha256>;

const NONCE: usize = 16;
const TAG: usize = 16;
/// PBKDF2 rounds: enough to make guessing a short key slow, cheap enough for a restart.
const KDF_ROUNDS: u32 = 10_000;
/// What the database keeps to recognise the right key.
const CHECK: &[u8] = b"tdjson-rs database key check";

#[derive(Clone)]
pub struct Seal {
    keys: Option<Box<SealKeys>>,
}

#[derive(Clone)]
struct SealKeys {
    cipher: [u8; 32],
    mac: [u8; 32],
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("a sealed value is damaged or sealed with another key")]
    Mismatch,
}

impl Seal {
    /// Values stored in the clear (no database_encryption_key).
    pub fn plain() -> Self {
        Seal { keys: None }
    }

    /// Keys derived from the app's key and the database's salt.
    pub fn with_key(key: &[u8], salt: &[u8]) -> Self {
        let mut okm = [0u8; 64];
        pbkdf2::pbkdf2_hmac::<Sha256>(key, salt, KDF_ROUNDS, &mut okm);
        let mut cipher = [0u8; 32];
        let mut mac = [0u8; 32];
        cipher.copy_from_slice(&okm[..32]);
        mac.copy_from_slice(&okm[32..]);
        Seal {
            keys: Some(Box::new(SealKeys { cipher, mac })),
        }
    }

    pub fn is_plain(&self) -> bool {
        self.keys.is_none()
    }

    fn tag(keys: &SealKeys, data: &[u8]) -> [u8; TAG] {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&keys.mac)
            .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
        mac.update(data);
        let full = mac.finalize().into_bytes();
        let mut tag = [0u8; TAG];
        tag.copy_from_slice(&full[..TAG]);
        tag
    }

    pub fn seal(&self, value: &[u8]) -> Vec<u8> {
        let Some(keys) = &self.keys else {
            return value.to_vec();
        };
        let mut out = vec![0u8; NONCE];
        rand::thread_rng().fill_bytes(&mut out);
        out.extend_from_slice(value);
        let (nonce, body) = out.split_at_mut(NONCE);
        Aes256Ctr::new((&keys.cipher).into(), (&*nonce).into()).apply_keystream(body);
        let tag = Self::tag(keys, &out);
        out.extend_from_slice(&tag);
        out
    }

    pub fn open(&self, sealed: &[u8]) -> Result<Vec<u8>, SealError> {
        let Some(keys) = &self.keys else {
            return Ok(sealed.to_vec());
        };
        if sealed.len() < NONCE + TAG {
            return Err(SealError::Mismatch);
        }
        let (data, tag) = sealed.split_at(sealed.len() - TAG);
        // Compared in full without early exit: the tag is a secret-derived value.
        let expected = Self::tag(keys, data);
        if expected.iter().zip(tag).fold(0u8, |d, (a, b)| d | (a ^ b)) != 0 {
            return Err(SealError::Mismatch);
        }
        let (nonce, body) = data.split_at(NONCE);
        let mut plain = body.to_vec();
        Aes256Ctr::new((&keys.cipher).into(), nonce.into()).apply_keystream(&mut plain);
        Ok(plain)
    }

    /// The value the database keeps to tell the right key from a wrong one.
    pub fn check_value(&self) -> Vec<u8> {
        self.seal(CHECK)
    }

    pub fn accepts(&self, check: &[u8]) -> bool {
        self.open(check).is_ok_and(|v| v == CHECK)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key() {
        let salt = [7u8; 16];
        let seal = Seal::with_key(b"secret", &salt);
        let secret = b"an auth key of 256 bytes, say".to_vec();
        let sealed = seal.seal(&secret);
        assert_eq!(sealed.len(), secret.len() + NONCE + TAG);
        assert!(
            !sealed.windows(secret.len()).any(|w| w == secret.as_slice()),
            "the plaintext is not in the sealed value"
        );
        assert_eq!(seal.open(&sealed).unwrap(), secret);
        assert_ne!(seal.seal(&secret), sealed, "a fresh nonce each time");
        let other = Seal::with_key(b"secreT", &salt);
        assert_eq!(other.open(&sealed), Err(SealError::Mismatch));
        let other_salt = Seal::with_key(b"secret", &[8u8; 16]);
        assert_eq!(other_salt.open(&sealed), Err(SealError::Mismatch));
        let mut damaged = sealed.clone();
        damaged[NONCE] ^= 1;
        assert_eq!(seal.open(&damaged), Err(SealError::Mismatch));
        assert_eq!(seal.open(&sealed[..10]), Err(SealError::Mismatch));
        assert!(seal.accepts(&seal.check_value()));
        assert!(!other.accepts(&seal.check_value()));
    }

    #[test]
    fn without_a_key_values_are_kept_as_they_are() {
        let seal = Seal::plain();
        assert!(seal.is_plain());
        assert_eq!(seal.seal(b"x"), b"x");
        assert_eq!(seal.open(b"x").unwrap(), b"x");
    }
}
