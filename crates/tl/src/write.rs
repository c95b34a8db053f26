//! Writing TL's binary format. Every function appends to `out`; values come by reference so
//! generated code can pass fields and vector items alike.

use crate::read::{BOOL_FALSE_ID, BOOL_TRUE_ID, VECTOR_ID};

pub fn put_u32(out: &mut Vec<u8>, v: &u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_i32(out: &mut Vec<u8>, v: &i32) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_i64(out: &mut Vec<u8>, v: &i64) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_f64(out: &mut Vec<u8>, v: &f64) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_int128(out: &mut Vec<u8>, v: &[u8; 16]) {
    out.extend_from_slice(v);
}

pub fn put_int256(out: &mut Vec<u8>, v: &[u8; 32]) {
    out.extend_from_slice(v);
}

/// The longest `bytes`/`string` TL can encode: its length prefix has 3 bytes.
pub const MAX_BYTES_LEN: usize = 0xff_ffff;

/// The encoding written in place of data longer than [`MAX_BYTES_LEN`]: the length prefix
/// byte 255, which no TL length uses, padded to 4 bytes. Every decoder refuses it
/// ([`crate::Error::BadLengthPrefix`]), so an oversized value makes the whole message
/// undecodable instead of arriving cut short.
pub const OVERSIZE_MARK: [u8; 4] = [255, 0, 0, 0];

/// Whether data of `len` bytes fits a `bytes`/`string` field. Callers that build values
/// from sizes they do not control check this first; see [`put_bytes`].
pub fn bytes_fit(len: usize) -> bool {
    len <= MAX_BYTES_LEN
}

/// `bytes`/`string`: length prefix, data, zero padding to a multiple of 4.
///
/// Data longer than [`MAX_BYTES_LEN`] (16 MiB, far above any Telegram limit and above the
/// 2 MiB an MTProto message may carry) cannot be encoded. Serialization is infallible, so
/// such data is neither truncated nor a panic: [`OVERSIZE_MARK`] is written instead, which
/// no decoder accepts. A message carrying it is thus refused as a whole by its reader, and
/// never mistaken for shorter data. Check [`bytes_fit`] before building such a value to
/// report the problem earlier.
pub fn put_bytes(out: &mut Vec<u8>, v: &[u8]) {
    let len = v.len();
    if !bytes_fit(len) {
        out.extend_from_slice(&OVERSIZE_MARK);
        return;
    }
    let header = if len < 254 {
        out.push(len as u8);
        1
    } else {
        out.push(254);
        out.extend_from_slice(&(len as u32).to_le_bytes()[..3]);
        4
    };
    out.extend_from_slice(v);
    let padding = (4 - (header + len) % 4) % 4;
    out.extend_from_slice(&[0u8; 3][..padding]);
}

pub fn put_string(out: &mut Vec<u8>, v: &str) {
    put_bytes(out, v.as_bytes());
}

/// A boxed `Bool`.
pub fn put_bool(out: &mut Vec<u8>, v: &bool) {
    put_u32(out, if *v { &BOOL_TRUE_ID } else { &BOOL_FALSE_ID });
}

/// The header of a vector: the `Vector` id when `boxed`, then the element count.
pub fn put_vector_header(out: &mut Vec<u8>, boxed: bool, len: usize) {
    if boxed {
        put_u32(out, &VECTOR_ID);
    }
    put_u32(out, &(len as u32));
}

/// An `Object` field sized by the `bytes:int` field before it (`message msg_id seqno bytes
/// body:Object`): the length, then the serialized object verbatim. A length that does not
/// fit an `int` (over 2 GiB, beyond any message) is written as -1, which decoders refuse.
pub fn put_sized_object(out: &mut Vec<u8>, v: &crate::Blob) {
    match i32::try_from(v.0.len()) {
        Ok(len) => {
            put_i32(out, &len);
            out.extend_from_slice(&v.0);
        }
        Err(_) => put_i32(out, &-1),
    }
}
