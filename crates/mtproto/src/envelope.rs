//! The outer layer of every MTProto packet: unencrypted messages (auth-key
//! exchange only) and MTProto 2.0 encrypted messages.
//!
//! This layer checks what can be checked without session state (key id,
//! msg_key, lengths, padding bounds); msg_id, seq_no and session_id are
//! judged by the session.

use crate::crypto::{ige, message_key, AuthKey};
use crate::Role;
use rand_core::RngCore;

/// Largest plaintext body we build or accept (a little over Telegram's 1 MiB
/// message limit, so upload parts with headers still fit).
pub const MAX_BODY: usize = 2 << 20;
const HEADER: usize = 32;
const MIN_PAD: usize = 12;
const MAX_PAD: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("packet too short ({0} bytes)")]
    TooShort(usize),
    #[error("unencrypted message expected but auth_key_id is {0:#018x}")]
    NotPlain(u64),
    #[error("unencrypted message length field {declared} does not fit the {available} bytes")]
    PlainLength { declared: i64, available: usize },
    #[error("unknown auth_key_id {0:#018x}")]
    UnknownKey(u64),
    #[error("encrypted part of {0} bytes is not a multiple of 16")]
    Unaligned(usize),
    #[error("msg_key mismatch")]
    MsgKey,
    #[error("message length {len} does not fit {available} bytes with 12..1024 bytes of padding")]
    BodyLength { len: i64, available: usize },
    #[error("body of {0} bytes is too large")]
    TooLarge(usize),
}

/// auth_key_id of a packet (0 for unencrypted), if it has 8 bytes.
pub fn peek_auth_key_id(packet: &[u8]) -> Option<u64> {
    let id: [u8; 8] = packet.get(..8)?.try_into().ok()?;
    Some(u64::from_le_bytes(id))
}

/// Builds an unencrypted message: auth_key_id 0, msg_id, length, body.
pub fn encode_plain(msg_id: i64, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(20 + body.len());
    out.extend_from_slice(&0u64.to_le_bytes());
    out.extend_from_slice(&msg_id.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    out
}

/// Parses an unencrypted message into (msg_id, body). Trailing bytes beyond
/// the declared length are ignored (padded transports may leave some).
pub fn decode_plain(packet: &[u8]) -> Result<(i64, &[u8]), EnvelopeError> {
    if packet.len() < 20 {
        return Err(EnvelopeError::TooShort(packet.len()));
    }
    let id = peek_auth_key_id(packet).unwrap_or(0);
    if id != 0 {
        return Err(EnvelopeError::NotPlain(id));
    }
    let msg_id = i64::from_le_bytes(packet[8..16].try_into().unwrap_or([0; 8]));
    let len = i32::from_le_bytes(packet[16..20].try_into().unwrap_or([0; 4]));
    let body = usize::try_from(len)
        .ok()
        .and_then(|l| packet.get(20..20usize.checked_add(l)?))
        .ok_or(EnvelopeError::PlainLength {
            declared: len as i64,
            available: packet.len() - 20,
        })?;
    Ok((msg_id, body))
}

/// Inner header of an encrypted message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageHeader {
    pub salt: i64,
    pub session_id: i64,
    pub msg_id: i64,
    pub seq_no: i32,
}

/// A decrypted message: header and body (body is `Vec` since decryption is in place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decrypted {
    pub header: MessageHeader,
    pub body: Vec<u8>,
    /// Quick-ack token the sender may have asked for (computed on demand is
    /// costly, so it is always computed here: one extra 4-byte read).
    pub quick_ack_token: u32,
}

/// Encrypts one message (or container) sent by `sender` into a packet:
/// auth_key_id + msg_key + AES-256-IGE(header + body + padding).
/// Padding is random: 12..=27 bytes to align, plus 0..=3 extra blocks.
pub fn encrypt(
    auth_key: &AuthKey,
    sender: Role,
    header: &MessageHeader,
    body: &[u8],
    rng: &mut dyn RngCore,
) -> Result<Vec<u8>, EnvelopeError> {
    encrypt_with_token(auth_key, sender, header, body, rng).map(|(p, _)| p)
}

/// [`encrypt`], also returning the packet's quick-ack token (what the peer
/// sends back when the transport asked for a quick ack).
pub fn encrypt_with_token(
    auth_key: &AuthKey,
    sender: Role,
    header: &MessageHeader,
    body: &[u8],
    rng: &mut dyn RngCore,
) -> Result<(Vec<u8>, u32), EnvelopeError> {
    if body.len() > MAX_BODY || !body.len().is_multiple_of(4) {
        return Err(EnvelopeError::TooLarge(body.len()));
    }
    let unpadded = HEADER + body.len();
    let align = (16 - (unpadded + MIN_PAD) % 16) % 16;
    let extra_blocks = (rng.next_u32() % 4) as usize;
    let pad = MIN_PAD + align + 16 * extra_blocks;

    let mut out = Vec::with_capacity(24 + unpadded + pad);
    out.extend_from_slice(&auth_key.id().to_le_bytes());
    out.extend_from_slice(&[0u8; 16]);
    let start = out.len();
    out.extend_from_slice(&header.salt.to_le_bytes());
    out.extend_from_slice(&header.session_id.to_le_bytes());
    out.extend_from_slice(&header.msg_id.to_le_bytes());
    out.extend_from_slice(&header.seq_no.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    let pad_at = out.len();
    out.resize(pad_at + pad, 0);
    rng.fill_bytes(&mut out[pad_at..]);

    let large = message_key::msg_key_large(auth_key, sender, &out[start..]);
    let mut msg_key = [0u8; 16];
    msg_key.copy_from_slice(&large[8..24]);
    out[8..24].copy_from_slice(&msg_key);
    let (key, iv) = message_key::aes_key_iv(auth_key, sender, &msg_key);
    ige::encrypt(&mut out[start..], &key, &iv).map_err(|_| EnvelopeError::Unaligned(pad))?;
    let token = u32::from_le_bytes([large[0], large[1], large[2], large[3]]) | 0x8000_0000;
    Ok((out, token))
}

/// Decrypts a packet sent by `sender` and checks key id, msg_key, length and
/// padding bounds.
pub fn decrypt(
    auth_key: &AuthKey,
    sender: Role,
    packet: &[u8],
) -> Result<Decrypted, EnvelopeError> {
    if packet.len() < 24 + HEADER + MIN_PAD + 4 {
        return Err(EnvelopeError::TooShort(packet.len()));
    }
    let id = peek_auth_key_id(packet).unwrap_or(0);
    if id != auth_key.id() {
        return Err(EnvelopeError::UnknownKey(id));
    }
    // Padded transports may append up to 15 bytes; MTProto data is whole blocks.
    let enc_len = (packet.len() - 24) / 16 * 16;
    let mut msg_key = [0u8; 16];
    msg_key.copy_from_slice(&packet[8..24]);
    let mut data = packet[24..24 + enc_len].to_vec();
    let (key, iv) = message_key::aes_key_iv(auth_key, sender, &msg_key);
    ige::decrypt(&mut data, &key, &iv).map_err(|_| EnvelopeError::Unaligned(enc_len))?;

    let large = message_key::msg_key_large(auth_key, sender, &data);
    // Constant-time compare is not needed for correctness, but cheap.
    let diff = large[8..24]
        .iter()
        .zip(msg_key.iter())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    if diff != 0 {
        return Err(EnvelopeError::MsgKey);
    }
    let field = |at: usize| -> [u8; 8] { data[at..at + 8].try_into().unwrap_or([0; 8]) };
    let header = MessageHeader {
        salt: i64::from_le_bytes(field(0)),
        session_id: i64::from_le_bytes(field(8)),
        msg_id: i64::from_le_bytes(field(16)),
        seq_no: i32::from_le_bytes(data[24..28].try_into().unwrap_or([0; 4])),
    };
    let len = i32::from_le_bytes(data[28..32].try_into().unwrap_or([0; 4]));
    let available = data.len() - HEADER;
    let ok = usize::try_from(len).ok().filter(|&l| {
        l % 4 == 0 && l <= available && (MIN_PAD..=MAX_PAD).contains(&(available - l))
    });
    let Some(body_len) = ok else {
        return Err(EnvelopeError::BodyLength {
            len: len as i64,
            available,
        });
    };
    let quick_ack_token =
        u32::from_le_bytes([large[0], large[1], large[2], large[3]]) | 0x8000_0000;
    data.truncate(HEADER + body_len);
    data.drain(..HEADER);
    Ok(Decrypted {
        header,
        body: data,
        quick_ack_token,
    })
}
