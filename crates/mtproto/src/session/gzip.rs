//! gzip_packed: compression of large bodies and bounded decompression.

use std::io::{Read, Write};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

use super::wire;

/// Bodies at least this big are sent gzip_packed when that is smaller.
pub const GZIP_THRESHOLD: usize = 512;
/// Largest inflated body accepted (a gzip bomb stops here).
pub const MAX_INFLATED: usize = 16 << 20;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GzipError {
    #[error("gzip_packed is malformed")]
    Malformed,
    #[error("gzip_packed inflates beyond {MAX_INFLATED} bytes")]
    TooLarge,
}

/// `body` as gzip_packed if it is big and that saves space, else `body`.
pub fn maybe_pack(body: Vec<u8>) -> Vec<u8> {
    if body.len() < GZIP_THRESHOLD {
        return body;
    }
    let mut enc = GzEncoder::new(Vec::with_capacity(body.len() / 2), Compression::default());
    if enc.write_all(&body).is_err() {
        return body;
    }
    match enc.finish() {
        Ok(packed) if packed.len() + 8 < body.len() => wire::gzip_packed(&packed),
        _ => body,
    }
}

/// If `body` is gzip_packed, the inflated object; otherwise `body` itself.
pub fn unpack(body: Vec<u8>) -> Result<Vec<u8>, GzipError> {
    if wire::constructor(&body) != wire::GZIP_PACKED {
        return Ok(body);
    }
    let packed = wire::parse_gzip_packed(&body).map_err(|_| GzipError::Malformed)?;
    let mut out = Vec::new();
    let mut dec = GzDecoder::new(&packed[..]).take(MAX_INFLATED as u64 + 1);
    dec.read_to_end(&mut out)
        .map_err(|_| GzipError::Malformed)?;
    if out.len() > MAX_INFLATED {
        return Err(GzipError::TooLarge);
    }
    if out.len() % 4 != 0 || out.len() < 4 {
        return Err(GzipError::Malformed);
    }
    Ok(out)
}
