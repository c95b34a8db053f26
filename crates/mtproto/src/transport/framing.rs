//! Packet framing of each transport, on plain (already deobfuscated) bytes.

use rand_core::RngCore;

use super::{Frame, TransportError, TransportKind, MAX_PACKET};
use crate::Role;

fn u32_at(buf: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(buf.get(at..at + 4)?.try_into().ok()?))
}

/// Decodes one frame from the start of `buf`; returns it and the bytes used.
pub(super) fn decode(
    kind: TransportKind,
    role: Role,
    buf: &[u8],
    recv_seq: &mut i32,
) -> Result<Option<(Frame, usize)>, TransportError> {
    match kind {
        TransportKind::Abridged => decode_abridged(role, buf),
        TransportKind::Intermediate => decode_intermediate(role, buf, false),
        TransportKind::PaddedIntermediate => decode_intermediate(role, buf, true),
        TransportKind::Full => decode_full(role, buf, recv_seq),
    }
}

fn packet(role: Role, payload: &[u8], quick_ack: bool) -> Frame {
    if role == Role::Client && payload.len() == 4 {
        let code = i32::from_le_bytes([payload[0], payload[1], payload[2], payload[3]]);
        if code < 0 {
            return Frame::Error(code);
        }
    }
    Frame::Packet {
        payload: payload.to_vec(),
        quick_ack,
    }
}

fn decode_abridged(role: Role, buf: &[u8]) -> Result<Option<(Frame, usize)>, TransportError> {
    let Some(&b0) = buf.first() else {
        return Ok(None);
    };
    let high = b0 & 0x80 != 0;
    if high && role == Role::Client {
        // The server sends quick-ack tokens byte-swapped (big-endian).
        let Some(t) = buf.get(..4) else {
            return Ok(None);
        };
        return Ok(Some((
            Frame::QuickAck(u32::from_be_bytes([t[0], t[1], t[2], t[3]])),
            4,
        )));
    }
    let b = b0 & 0x7F;
    let (words, header) = if b == 0x7F {
        let Some(l) = buf.get(1..4) else {
            return Ok(None);
        };
        (
            l[0] as usize | (l[1] as usize) << 8 | (l[2] as usize) << 16,
            4,
        )
    } else {
        (b as usize, 1)
    };
    let len = words * 4;
    if len == 0 {
        return Err(TransportError::BadLength(0));
    }
    if len > MAX_PACKET {
        return Err(TransportError::TooLarge(len));
    }
    let Some(payload) = buf.get(header..header + len) else {
        return Ok(None);
    };
    Ok(Some((packet(role, payload, high), header + len)))
}

fn decode_intermediate(
    role: Role,
    buf: &[u8],
    padded: bool,
) -> Result<Option<(Frame, usize)>, TransportError> {
    let Some(v) = u32_at(buf, 0) else {
        return Ok(None);
    };
    let high = v & 0x8000_0000 != 0;
    if high && role == Role::Client {
        return Ok(Some((Frame::QuickAck(v), 4)));
    }
    let len = (v & 0x7FFF_FFFF) as usize;
    if len == 0 || (!padded && !len.is_multiple_of(4)) {
        return Err(TransportError::BadLength(len as i64));
    }
    if len > MAX_PACKET {
        return Err(TransportError::TooLarge(len));
    }
    let Some(raw) = buf.get(4..4 + len) else {
        return Ok(None);
    };
    let payload = if padded { strip_padding(raw) } else { raw };
    Ok(Some((packet(role, payload, high), 4 + len)))
}

/// Padded intermediate appends 0..15 random bytes; MTProto's own structure
/// tells the real size: unencrypted messages carry a length, encrypted ones
/// are 24 + 16k bytes, transport errors are 4 bytes.
fn strip_padding(raw: &[u8]) -> &[u8] {
    if raw.len() < 24 {
        return raw.get(..4).unwrap_or(raw);
    }
    if raw[..8] == [0u8; 8] {
        if let Some(l) = u32_at(raw, 16) {
            if let Some(end) = (l as usize).checked_add(20).filter(|&e| e <= raw.len()) {
                return &raw[..end];
            }
        }
        return raw;
    }
    let end = 24 + (raw.len() - 24) / 16 * 16;
    &raw[..end]
}

fn decode_full(
    role: Role,
    buf: &[u8],
    recv_seq: &mut i32,
) -> Result<Option<(Frame, usize)>, TransportError> {
    let Some(v) = u32_at(buf, 0) else {
        return Ok(None);
    };
    let len = v as i32;
    if len < 0 && role == Role::Client {
        // Seen from Telegram: len = seq = error code, with nothing after.
        return Ok(Some((Frame::Error(len), buf.len().min(8))));
    }
    if !(12..).contains(&len) || len % 4 != 0 {
        return Err(TransportError::BadLength(len as i64));
    }
    let len = len as usize;
    if len > MAX_PACKET + 12 {
        return Err(TransportError::TooLarge(len));
    }
    let Some(frame) = buf.get(..len) else {
        return Ok(None);
    };
    let seq = u32_at(frame, 4).unwrap_or(0) as i32;
    let expected_crc = u32_at(frame, len - 4).unwrap_or(0);
    let actual = crc32fast::hash(&frame[..len - 4]);
    if expected_crc != actual {
        return Err(TransportError::BadCrc {
            expected: expected_crc,
            actual,
        });
    }
    if seq != *recv_seq {
        return Err(TransportError::BadSeq {
            expected: *recv_seq,
            actual: seq,
        });
    }
    *recv_seq = recv_seq.wrapping_add(1);
    Ok(Some((packet(role, &frame[8..len - 4], false), len)))
}

/// Appends the framing of `payload` to `out`.
pub(super) fn encode(
    kind: TransportKind,
    payload: &[u8],
    quick_ack: bool,
    send_seq: &mut i32,
    rng: &mut dyn RngCore,
    out: &mut Vec<u8>,
) -> Result<(), TransportError> {
    let len = payload.len();
    if len > MAX_PACKET {
        return Err(TransportError::TooLarge(len));
    }
    if len == 0 {
        return Err(TransportError::BadLength(0));
    }
    let qa = if quick_ack { 0x8000_0000u32 } else { 0 };
    match kind {
        TransportKind::Abridged => {
            if !len.is_multiple_of(4) {
                return Err(TransportError::Unaligned(len));
            }
            let words = len / 4;
            let flag = if quick_ack { 0x80u8 } else { 0 };
            if words < 0x7F {
                out.push(words as u8 | flag);
            } else {
                out.push(0x7F | flag);
                out.extend_from_slice(&(words as u32).to_le_bytes()[..3]);
            }
            out.extend_from_slice(payload);
        }
        TransportKind::Intermediate => {
            out.extend_from_slice(&(len as u32 | qa).to_le_bytes());
            out.extend_from_slice(payload);
        }
        TransportKind::PaddedIntermediate => {
            // 0..=3 bytes: within the spec's 0..15 and what every known peer strips.
            let pad = (rng.next_u32() % 4) as usize;
            out.extend_from_slice(&((len + pad) as u32 | qa).to_le_bytes());
            out.extend_from_slice(payload);
            let at = out.len();
            out.resize(at + pad, 0);
            rng.fill_bytes(&mut out[at..]);
        }
        TransportKind::Full => {
            let at = out.len();
            out.extend_from_slice(&((len + 12) as u32).to_le_bytes());
            out.extend_from_slice(&send_seq.to_le_bytes());
            out.extend_from_slice(payload);
            let crc = crc32fast::hash(&out[at..]);
            out.extend_from_slice(&crc.to_le_bytes());
            *send_seq = send_seq.wrapping_add(1);
        }
    }
    Ok(())
}
