//! Server side: which transport a connection speaks, from its first bytes.

use super::{Obfuscation, TransportError, TransportKind};

/// Outcome of looking at the first bytes of a connection.
pub enum Detection {
    NeedMore,
    /// A plain transport; `tag_len` bytes of tag to skip (0 for full).
    Plain {
        kind: TransportKind,
        tag_len: usize,
    },
    /// obfuscated2 (64-byte header to skip), with its DC id and stream state.
    Obfuscated {
        kind: TransportKind,
        dc_id: i16,
        obfuscation: Box<Obfuscation>,
    },
    Failed(TransportError),
}

const HTTP: [&[u8; 4]; 4] = [b"HEAD", b"POST", b"GET ", b"OPTI"];

/// Tells the transports apart: `EF` abridged, `EEEEEEEE` intermediate,
/// `DDDDDDDD` padded intermediate, seq 0 at bytes 4..8 full, otherwise a
/// 64-byte obfuscated2 header whose decrypted tag must be known.
pub fn detect(buf: &[u8]) -> Detection {
    let Some(&b0) = buf.first() else {
        return Detection::NeedMore;
    };
    if b0 == 0xEF {
        return Detection::Plain {
            kind: TransportKind::Abridged,
            tag_len: 1,
        };
    }
    let Some(first) = buf.get(..4) else {
        return Detection::NeedMore;
    };
    if first == [0xEE; 4] {
        return Detection::Plain {
            kind: TransportKind::Intermediate,
            tag_len: 4,
        };
    }
    if first == [0xDD; 4] {
        return Detection::Plain {
            kind: TransportKind::PaddedIntermediate,
            tag_len: 4,
        };
    }
    if HTTP.iter().any(|v| &v[..] == first) {
        return Detection::Failed(TransportError::Http);
    }
    if first == [0x16, 0x03, 0x01, 0x02] {
        return Detection::Failed(TransportError::UnknownTransport);
    }
    let Some(second) = buf.get(4..8) else {
        return Detection::NeedMore;
    };
    if second == [0; 4] {
        return Detection::Plain {
            kind: TransportKind::Full,
            tag_len: 0,
        };
    }
    let Some(header) = buf.get(..64) else {
        return Detection::NeedMore;
    };
    let mut h = [0u8; 64];
    h.copy_from_slice(header);
    let (obfuscation, tag, dc_id) = Obfuscation::server(&h);
    let kind = match tag {
        [0xEF, 0xEF, 0xEF, 0xEF] => TransportKind::Abridged,
        [0xEE, 0xEE, 0xEE, 0xEE] => TransportKind::Intermediate,
        [0xDD, 0xDD, 0xDD, 0xDD] => TransportKind::PaddedIntermediate,
        other => return Detection::Failed(TransportError::BadObfuscatedTag(other)),
    };
    Detection::Obfuscated {
        kind,
        dc_id,
        obfuscation: Box::new(obfuscation),
    }
}
