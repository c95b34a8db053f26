//! The 2048-bit authorization key and the values derived from it.

use super::sha1;

/// A permanent or temporary authorization key (256 bytes, big-endian
/// `g_ab mod dh_prime`), with its id and aux hash computed once.
#[derive(Clone)]
pub struct AuthKey {
    bytes: Box<[u8; 256]>,
    id: u64,
    aux_hash: u64,
}

impl AuthKey {
    pub fn new(bytes: [u8; 256]) -> Self {
        let h = sha1(&[&bytes]);
        let mut aux = [0u8; 8];
        aux.copy_from_slice(&h[..8]);
        let mut id = [0u8; 8];
        id.copy_from_slice(&h[12..20]);
        AuthKey {
            bytes: Box::new(bytes),
            id: u64::from_le_bytes(id),
            aux_hash: u64::from_le_bytes(aux),
        }
    }

    /// From a byte slice; `None` unless exactly 256 bytes.
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let arr: [u8; 256] = bytes.try_into().ok()?;
        Some(AuthKey::new(arr))
    }

    pub fn bytes(&self) -> &[u8; 256] {
        &self.bytes
    }

    /// auth_key_id: the 64 low-order bits of SHA1(auth_key), as a little-endian long
    /// (so `id().to_le_bytes()` are the wire bytes).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// auth_key_aux_hash: the 64 high-order bits of SHA1(auth_key), wire order LE.
    pub fn aux_hash(&self) -> u64 {
        self.aux_hash
    }
}

impl std::fmt::Debug for AuthKey {
    // Never print key material.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuthKey(id={:016x})", self.id)
    }
}

impl PartialEq for AuthKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes[..] == other.bytes[..]
    }
}
impl Eq for AuthKey {}
