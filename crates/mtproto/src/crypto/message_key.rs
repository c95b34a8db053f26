//! MTProto 2.0 msg_key and the AES key/IV derived from it.

use super::{auth_key::AuthKey, sha256};
use crate::Role;

/// Key-derivation offset x: 0 for messages sent by the client, 8 for the server.
pub fn x_for_sender(sender: Role) -> usize {
    match sender {
        Role::Client => 0,
        Role::Server => 8,
    }
}

/// msg_key_large = SHA256(substr(auth_key, 88+x, 32) + plaintext_with_padding).
pub fn msg_key_large(auth_key: &AuthKey, sender: Role, plaintext: &[u8]) -> [u8; 32] {
    let x = x_for_sender(sender);
    sha256(&[&auth_key.bytes()[88 + x..120 + x], plaintext])
}

/// msg_key = middle 128 bits of msg_key_large.
pub fn msg_key(auth_key: &AuthKey, sender: Role, plaintext: &[u8]) -> [u8; 16] {
    let large = msg_key_large(auth_key, sender, plaintext);
    let mut k = [0u8; 16];
    k.copy_from_slice(&large[8..24]);
    k
}

/// Quick-ack token for a packet: first 32 bits of msg_key_large (LE) with the
/// top bit set, as the transports carry it.
pub fn quick_ack_token(auth_key: &AuthKey, sender: Role, plaintext: &[u8]) -> u32 {
    let large = msg_key_large(auth_key, sender, plaintext);
    u32::from_le_bytes([large[0], large[1], large[2], large[3]]) | 0x8000_0000
}

/// (aes_key, aes_iv) for a message with `msg_key` sent by `sender`.
pub fn aes_key_iv(auth_key: &AuthKey, sender: Role, msg_key: &[u8; 16]) -> ([u8; 32], [u8; 32]) {
    let x = x_for_sender(sender);
    let k = auth_key.bytes();
    let a = sha256(&[msg_key, &k[x..x + 36]]);
    let b = sha256(&[&k[40 + x..76 + x], msg_key]);
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&a[..8]);
    key[8..24].copy_from_slice(&b[8..24]);
    key[24..].copy_from_slice(&a[24..]);
    let mut iv = [0u8; 32];
    iv[..8].copy_from_slice(&b[..8]);
    iv[8..24].copy_from_slice(&a[8..24]);
    iv[24..].copy_from_slice(&b[24..]);
    (key, iv)
}
