//! Temporary AES key/IV of the auth-key exchange, derived from the nonces, and
//! the new_nonce_hash values that confirm the key.

use super::sha1;

/// tmp_aes_key/tmp_aes_iv from new_nonce and server_nonce (wire bytes).
pub fn tmp_aes_key_iv(new_nonce: &[u8; 32], server_nonce: &[u8; 16]) -> ([u8; 32], [u8; 32]) {
    let ns = sha1(&[new_nonce, server_nonce]);
    let sn = sha1(&[server_nonce, new_nonce]);
    let nn = sha1(&[new_nonce, new_nonce]);
    let mut key = [0u8; 32];
    key[..20].copy_from_slice(&ns);
    key[20..].copy_from_slice(&sn[..12]);
    let mut iv = [0u8; 32];
    iv[..8].copy_from_slice(&sn[12..]);
    iv[8..28].copy_from_slice(&nn);
    iv[28..].copy_from_slice(&new_nonce[..4]);
    (key, iv)
}

/// new_nonce_hash{1,2,3} = low 128 bits of SHA1(new_nonce + [n] + auth_key_aux_hash),
/// n = 1 for dh_gen_ok, 2 for dh_gen_retry, 3 for dh_gen_fail.
pub fn new_nonce_hash(new_nonce: &[u8; 32], n: u8, auth_key_aux_hash: u64) -> [u8; 16] {
    let h = sha1(&[new_nonce, &[n], &auth_key_aux_hash.to_le_bytes()]);
    let mut out = [0u8; 16];
    out.copy_from_slice(&h[4..]);
    out
}

/// The first server salt: substr(new_nonce, 0, 8) XOR substr(server_nonce, 0, 8).
pub fn first_server_salt(new_nonce: &[u8; 32], server_nonce: &[u8; 16]) -> i64 {
    let mut s = [0u8; 8];
    for (i, b) in s.iter_mut().enumerate() {
        *b = new_nonce[i] ^ server_nonce[i];
    }
    i64::from_le_bytes(s)
}
