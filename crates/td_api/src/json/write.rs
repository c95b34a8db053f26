//! TDLib's JSON output: compact, `@type` first, non-ASCII escaped as `\uXXXX` (UTF-16),
//! int64 as strings, doubles as C's `%f`, bytes as padded base64.
//!
//! Everything written is ASCII, so the buffer is always valid UTF-8.

use std::io::Write as _;

/// Bytes that are copied unchanged inside a JSON string: printable ASCII except `"` and `\`,
/// plus DEL (TDLib leaves 0x7f as is).
const fn safe_table() -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 0x80 {
        t[b] = b != b'"' as usize && b != b'\\' as usize;
        b += 1;
    }
    t
}

static SAFE: [bool; 256] = safe_table();
const HEX: &[u8; 16] = b"0123456789abcdef";

/// A growing output buffer with the helpers the generated serializers call.
#[derive(Default, Debug)]
pub struct JsonWriter {
    buf: Vec<u8>,
}

impl JsonWriter {
    pub fn new() -> Self {
        Self {
            buf: Vec::with_capacity(256),
        }
    }

    /// Writes into `buf` (after its current content), e.g. a reused thread-local buffer.
    pub fn with_buffer(buf: Vec<u8>) -> Self {
        Self { buf }
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    pub fn into_string(self) -> String {
        // The writer only ever emits ASCII; the fallback can't happen but costs nothing.
        String::from_utf8(self.buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    pub fn len(&self) -> usize {
        self.buf.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }

    /// `{"@type":"name"`: every td_api object starts like this; fields follow with [`Self::key`].
    #[inline]
    pub fn begin_object(&mut self, type_name: &str) {
        self.buf.extend_from_slice(b"{\"@type\":\"");
        self.buf.extend_from_slice(type_name.as_bytes());
        self.buf.push(b'"');
    }

    /// `,"name":` — a field after `@type` (names are schema identifiers, never escaped).
    #[inline]
    pub fn key(&mut self, name: &str) {
        self.buf.extend_from_slice(b",\"");
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"\":");
    }

    #[inline]
    pub fn end_object(&mut self) {
        self.buf.push(b'}');
    }

    #[inline]
    pub fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    #[inline]
    pub fn byte(&mut self, b: u8) {
        self.buf.push(b);
    }

    #[inline]
    pub fn null(&mut self) {
        self.buf.extend_from_slice(b"null");
    }

    #[inline]
    pub fn bool(&mut self, v: bool) {
        self.buf
            .extend_from_slice(if v { b"true" } else { b"false" });
    }

    #[inline]
    pub fn int32(&mut self, v: i32) {
        self.int(i64::from(v));
    }

    #[inline]
    pub fn int53(&mut self, v: i64) {
        self.int(v);
    }

    /// int64 values are strings in TDLib's JSON.
    #[inline]
    pub fn int64(&mut self, v: i64) {
        self.buf.push(b'"');
        self.int(v);
        self.buf.push(b'"');
    }

    pub fn int(&mut self, v: i64) {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        let mut n = v.unsigned_abs();
        loop {
            i -= 1;
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if v < 0 {
            self.buf.push(b'-');
        }
        self.buf.extend_from_slice(&tmp[i..]);
    }

    /// C's `printf("%f")`: six decimals, every integer digit, `inf`/`nan` spelled as glibc does.
    pub fn double(&mut self, v: f64) {
        if v.is_nan() {
            self.buf.extend_from_slice(if v.is_sign_negative() {
                b"-nan"
            } else {
                b"nan"
            });
        } else if v.is_infinite() {
            self.buf
                .extend_from_slice(if v < 0.0 { b"-inf" } else { b"inf" });
        } else {
            // Writing to a Vec cannot fail.
            let _ = write!(self.buf, "{v:.6}");
        }
    }

    pub fn bytes(&mut self, data: &[u8]) {
        self.buf.push(b'"');
        super::base64::encode_into(data, &mut self.buf);
        self.buf.push(b'"');
    }

    /// A JSON string with TDLib's escaping.
    pub fn string(&mut self, s: &str) {
        let out = &mut self.buf;
        out.reserve(s.len() + 2);
        out.push(b'"');
        let bytes = s.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if SAFE[usize::from(b)] {
                i += 1;
                continue;
            }
            out.extend_from_slice(&bytes[start..i]);
            if b < 0x80 {
                match b {
                    b'"' => out.extend_from_slice(b"\\\""),
                    b'\\' => out.extend_from_slice(b"\\\\"),
                    0x08 => out.extend_from_slice(b"\\b"),
                    0x0c => out.extend_from_slice(b"\\f"),
                    b'\n' => out.extend_from_slice(b"\\n"),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    b'\t' => out.extend_from_slice(b"\\t"),
                    _ => push_u_escape(out, u16::from(b)),
                }
                i += 1;
            } else {
                let ch = s[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                let mut units = [0u16; 2];
                for unit in ch.encode_utf16(&mut units) {
                    push_u_escape(out, *unit);
                }
                i += ch.len_utf8();
            }
            start = i;
        }
        out.extend_from_slice(&bytes[start..]);
        out.push(b'"');
    }
}

#[inline]
fn push_u_escape(out: &mut Vec<u8>, unit: u16) {
    out.extend_from_slice(&[
        b'\\',
        b'u',
        HEX[usize::from(unit >> 12)],
        HEX[usize::from((unit >> 8) & 15)],
        HEX[usize::from((unit >> 4) & 15)],
        HEX[usize::from(unit & 15)],
    ]);
}
