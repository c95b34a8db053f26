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

/// A body over twice this is judged by deflating this many bytes from its middle first.
const PROBE: usize = 4096;

/// Whether deflating `body` whole is worth trying. A big body whose sample does not shrink
/// by an eighth is sent as it is: file parts (media, archives, encrypted or random bytes)
/// are most of the big bodies, and deflate runs at some 40 MB/s, so packing each part of a
/// 100 MB transfer cost seconds of CPU on both ends for nothing.
fn worth_packing(body: &[u8]) -> bool {
    if body.len() <= 2 * PROBE {
        return true;
    }
    let at = (body.len() - PROBE) / 2;
    let mut enc = GzEncoder::new(Vec::with_capacity(PROBE), Compression::fast());
    if enc.write_all(&body[at..at + PROBE]).is_err() {
        return false;
    }
    enc.finish()
        .is_ok_and(|sample| sample.len() <= PROBE - PROBE / 8)
}

/// `body` as gzip_packed if it is big and that saves space, else `body`.
pub fn maybe_pack(body: Vec<u8>) -> Vec<u8> {
    if body.len() < GZIP_THRESHOLD || !worth_packing(&body) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that deflate cannot shrink (an xorshift stream).
    fn noise(len: usize, mut x: u64) -> Vec<u8> {
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    }

    fn text(len: usize) -> Vec<u8> {
        b"a message of some chat, with words that repeat "
            .iter()
            .copied()
            .cycle()
            .take(len)
            .collect()
    }

    #[test]
    fn compressible_bodies_are_packed_and_come_back() {
        for len in [GZIP_THRESHOLD, 3000, 2 * PROBE + 4, 512 * 1024] {
            let body = text(len);
            let packed = maybe_pack(body.clone());
            assert_eq!(wire::constructor(&packed), wire::GZIP_PACKED, "{len}");
            assert!(packed.len() < body.len() / 4, "{len}");
            assert_eq!(unpack(packed).unwrap(), body);
        }
    }

    #[test]
    fn incompressible_bodies_go_as_they_are() {
        for len in [GZIP_THRESHOLD, 2 * PROBE + 4, 128 * 1024, 512 * 1024 + 16] {
            let body = noise(len, len as u64 | 1);
            assert_eq!(maybe_pack(body.clone()), body, "{len}");
        }
        // A file part: a short TL head, then bytes that do not shrink.
        let mut part = 0x0C21_4B3Cu32.to_le_bytes().to_vec();
        part.extend(noise(512 * 1024, 7));
        assert_eq!(maybe_pack(part.clone()), part);
    }

    #[test]
    fn small_bodies_are_left_alone() {
        let body = text(GZIP_THRESHOLD - 4);
        assert_eq!(maybe_pack(body.clone()), body);
    }
}
