//! obfuscated2: the 64-byte random header and the two AES-256-CTR streams.

use aes::cipher::{KeyIvInit, StreamCipher};
use rand_core::RngCore;

type Aes256Ctr = ctr::Ctr128BE<aes::Aes256>;

/// The 64 bytes a client sends first.
pub type ObfuscationHeader = [u8; 64];

/// The two CTR streams of one connection.
pub struct Obfuscation {
    rx: Aes256Ctr,
    tx: Aes256Ctr,
}

/// First words a client must avoid so the header is not taken for another
/// protocol (HTTP verbs, TLS, the intermediate tags).
const FORBIDDEN_FIRST: [u32; 7] = [
    0x4441_4548, // "HEAD"
    0x5453_4F50, // "POST"
    0x2054_4547, // "GET "
    0x4954_504F, // "OPTI"
    0x0201_0316, // TLS handshake
    0xDDDD_DDDD,
    0xEEEE_EEEE,
];

fn key_iv(bytes: &[u8]) -> Aes256Ctr {
    let mut key = [0u8; 32];
    let mut iv = [0u8; 16];
    key.copy_from_slice(&bytes[..32]);
    iv.copy_from_slice(&bytes[32..48]);
    Aes256Ctr::new(&key.into(), &iv.into())
}

/// (stream keyed by header[8..56], stream keyed by the reversed bytes).
fn streams(header: &[u8; 64]) -> (Aes256Ctr, Aes256Ctr) {
    let forward = key_iv(&header[8..56]);
    let mut rev = [0u8; 48];
    rev.copy_from_slice(&header[8..56]);
    rev.reverse();
    (forward, key_iv(&rev))
}

impl Obfuscation {
    /// Builds a client header for protocol `tag`; returns the stream state and
    /// the header to send.
    pub fn client(
        tag: [u8; 4],
        dc_id: Option<i16>,
        rng: &mut dyn RngCore,
    ) -> (Obfuscation, ObfuscationHeader) {
        let mut h = [0u8; 64];
        loop {
            rng.fill_bytes(&mut h);
            let first = u32::from_le_bytes([h[0], h[1], h[2], h[3]]);
            if h[0] != 0xEF && !FORBIDDEN_FIRST.contains(&first) && h[4..8] != [0; 4] {
                break;
            }
        }
        h[56..60].copy_from_slice(&tag);
        if let Some(dc) = dc_id {
            h[60..62].copy_from_slice(&dc.to_le_bytes());
        }
        let (mut tx, rx) = streams(&h);
        let mut enc = h;
        tx.apply_keystream(&mut enc);
        h[56..64].copy_from_slice(&enc[56..64]);
        (Obfuscation { rx, tx }, h)
    }

    /// Server side: from a received header, the stream state, the protocol tag
    /// and the DC id it carries.
    pub fn server(header: &[u8; 64]) -> (Obfuscation, [u8; 4], i16) {
        let (mut rx, tx) = streams(header);
        let mut plain = *header;
        rx.apply_keystream(&mut plain);
        let tag = [plain[56], plain[57], plain[58], plain[59]];
        let dc = i16::from_le_bytes([plain[60], plain[61]]);
        (Obfuscation { rx, tx }, tag, dc)
    }

    pub fn decrypt(&mut self, data: &mut [u8]) {
        self.rx.apply_keystream(data);
    }

    pub fn encrypt(&mut self, data: &mut [u8]) {
        self.tx.apply_keystream(data);
    }
}
