//! Cryptographic building blocks of MTProto 2.0.

pub mod auth_key;
pub mod ige;
#[cfg(target_arch = "x86_64")]
mod ige_ni;
pub mod message_key;
pub mod nonce_key;

pub use auth_key::AuthKey;

use sha1::Sha1;
use sha2::{Digest, Sha256};

/// SHA-1 over the concatenation of `parts`.
pub fn sha1(parts: &[&[u8]]) -> [u8; 20] {
    let mut h = Sha1::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// SHA-256 over the concatenation of `parts`.
pub fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}
