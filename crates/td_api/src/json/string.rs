//! JSON string contents: decoding escapes, and remembering which strings were not UTF-8.
//!
//! TDLib keeps request strings as raw bytes and checks UTF-8 only where a function needs
//! it, so the same invalid bytes give "Text must be encoded in UTF-8" in one function, an
//! empty answer in another and are ignored in a field nobody reads. Our typed requests hold
//! `String`s: a string that was not UTF-8 is repaired (invalid parts become U+FFFD) and its
//! original bytes are kept in the request's [`Repaired`] list, so a function can ask about
//! exactly the field it reads.

use std::borrow::Cow;

/// A decoded JSON string.
pub(crate) enum Decoded<'a> {
    Valid(Cow<'a, str>),
    /// Not UTF-8 (or a lone surrogate escape): the repaired text and the bytes TDLib sees.
    Invalid {
        text: String,
        original: Vec<u8>,
    },
}

/// Decodes a raw string span (between the quotes; `escaped`: it holds a backslash).
pub(crate) fn decode(raw: &[u8], escaped: bool) -> Decoded<'_> {
    if !escaped {
        return match std::str::from_utf8(raw) {
            Ok(s) => Decoded::Valid(Cow::Borrowed(s)),
            Err(_) => Decoded::Invalid {
                text: String::from_utf8_lossy(raw).into_owned(),
                original: raw.to_vec(),
            },
        };
    }
    match String::from_utf8(unescape(raw, Surrogate::Encode)) {
        Ok(s) => Decoded::Valid(Cow::Owned(s)),
        Err(e) => {
            // One U+FFFD per lone surrogate, rather than one per byte of its encoding.
            let text = String::from_utf8_lossy(&unescape(raw, Surrogate::Replace)).into_owned();
            Decoded::Invalid {
                text,
                original: e.into_bytes(),
            }
        }
    }
}

/// What a `\uXXXX` escape of a lone UTF-16 surrogate turns into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Surrogate {
    /// Its generalized UTF-8 encoding (3 bytes, not valid UTF-8): the bytes a C++ decoder
    /// produces and TDLib's UTF-8 checks then reject.
    Encode,
    Replace,
}

/// Resolves the escapes of a raw span. The parser guarantees a byte after each backslash and
/// 4 hex digits after `\u`; a truncated span (not produced by the parser) just ends early.
fn unescape(raw: &[u8], surrogate: Surrogate) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        // Copy the run up to the next escape in one go.
        let Some(j) = memchr::memchr(b'\\', &raw[i..]) else {
            out.extend_from_slice(&raw[i..]);
            break;
        };
        out.extend_from_slice(&raw[i..i + j]);
        i += j;
        let Some(&e) = raw.get(i + 1) else { break };
        i += 2;
        let simple = match e {
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => {
                let unit = hex4(raw, i);
                i += 4;
                let code = match unit {
                    0xd800..=0xdbff => match low_surrogate(raw, i) {
                        Some(low) => {
                            i += 6;
                            0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
                        }
                        None => unit,
                    },
                    _ => unit,
                };
                push_code_point(&mut out, code, surrogate);
                continue;
            }
            other => other,
        };
        out.push(simple);
    }
    out
}

fn low_surrogate(raw: &[u8], at: usize) -> Option<u32> {
    if raw.get(at) != Some(&b'\\') || raw.get(at + 1) != Some(&b'u') {
        return None;
    }
    Some(hex4(raw, at + 2)).filter(|l| (0xdc00..=0xdfff).contains(l))
}

fn push_code_point(out: &mut Vec<u8>, code: u32, surrogate: Surrogate) {
    if let Some(ch) = char::from_u32(code) {
        out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
    } else if surrogate == Surrogate::Replace {
        out.extend_from_slice("\u{fffd}".as_bytes());
    } else {
        // Only surrogates (U+D800..U+DFFF) get here: 16-bit units never exceed U+FFFF.
        out.extend_from_slice(&[
            0xe0 | (code >> 12) as u8,
            0x80 | ((code >> 6) & 0x3f) as u8,
            0x80 | (code & 0x3f) as u8,
        ]);
    }
}

fn hex4(raw: &[u8], at: usize) -> u32 {
    (0..4).fold(0, |v, k| {
        let digit = raw
            .get(at + k)
            .and_then(|b| char::from(*b).to_digit(16))
            .unwrap_or(0);
        (v << 4) | digit
    })
}

/// The string fields of a parsed request that were not UTF-8, with their original bytes.
///
/// A field is identified by its `String`'s heap buffer (address and length). That is exact:
/// a repaired string is never empty, so it owns a buffer no other live string shares, and
/// the buffer stays put while the parsed request is moved around unmodified.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Repaired {
    strings: Vec<RepairedString>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct RepairedString {
    addr: usize,
    len: usize,
    original: Box<[u8]>,
}

impl Repaired {
    pub(crate) fn record(&mut self, repaired: &str, original: Vec<u8>) {
        self.strings.push(RepairedString {
            addr: repaired.as_ptr() as usize,
            len: repaired.len(),
            original: original.into_boxed_slice(),
        });
    }

    /// No string field of the request was repaired.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// The bytes the request held for field `s`, if they were not UTF-8.
    pub fn original(&self, s: &str) -> Option<&[u8]> {
        if s.is_empty() {
            return None;
        }
        let addr = s.as_ptr() as usize;
        self.strings
            .iter()
            .find(|r| r.addr == addr && r.len == s.len())
            .map(|r| &*r.original)
    }

    /// Whether field `s` held bytes that were not UTF-8.
    pub fn contains(&self, s: &str) -> bool {
        self.original(s).is_some()
    }

    /// The bytes the request held for field `s`: its original bytes if it was repaired.
    pub fn bytes<'a>(&'a self, s: &'a str) -> &'a [u8] {
        self.original(s).unwrap_or(s.as_bytes())
    }
}
