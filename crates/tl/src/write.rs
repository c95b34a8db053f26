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

/// `bytes`/`string`: length prefix, data, zero padding to a multiple of 4. Lengths of 2^24
/// or more cannot be encoded; such data (far above Telegram's limits) is cut to fit.
pub fn put_bytes(out: &mut Vec<u8>, v: &[u8]) {
    let len = v.len().min(0xff_ffff);
    let header = if len < 254 {
        out.push(len as u8);
        1
    } else {
        out.push(254);
        out.extend_from_slice(&(len as u32).to_le_bytes()[..3]);
        4
    };
    out.extend_from_slice(&v[..len]);
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
