//! getPushReceiverId: the receiver id is the first 8 bytes (little endian) of the base64url
//! field `p` of a push payload, or of its `data` object.

/// Why a receiver id can't be found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushReceiverError {
    #[error("Failed to parse payload as JSON object")]
    NotJson,
    #[error("Expected JSON object")]
    NotObject,
    #[error("Field \"{0}\" must be of type {1}")]
    WrongFieldType(&'static str, &'static str),
    #[error("Encrypted payload is too small")]
    TooSmall,
    #[error("Failed to base64url-decode payload")]
    BadBase64,
}

/// What the scanner keeps of a JSON value: only what the receiver id needs.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Object(Vec<(Vec<u8>, Value)>),
    Str(Vec<u8>),
    /// A number, as written.
    Number(Vec<u8>),
    Other,
}

/// Nesting TDLib's JSON parser accepts for a payload (observed: 101 levels pass, 102 fail).
const MAX_DEPTH: usize = 101;

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_spaces(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(literal.len())?;
        (self.bytes.get(self.pos..end)? == literal).then(|| self.pos = end)
    }

    fn value(&mut self, depth: usize) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_spaces();
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                let mut fields = Vec::new();
                self.skip_spaces();
                if self.peek()? == b'}' {
                    self.pos += 1;
                    return Some(Value::Object(fields));
                }
                loop {
                    self.skip_spaces();
                    if self.peek()? != b'"' {
                        return None;
                    }
                    let key = self.string()?;
                    self.skip_spaces();
                    self.eat(b":")?;
                    let value = self.value(depth + 1)?;
                    fields.push((key, value));
                    self.skip_spaces();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b'}' => {
                            self.pos += 1;
                            return Some(Value::Object(fields));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                self.skip_spaces();
                if self.peek()? == b']' {
                    self.pos += 1;
                    return Some(Value::Other);
                }
                loop {
                    self.value(depth + 1)?;
                    self.skip_spaces();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b']' => {
                            self.pos += 1;
                            return Some(Value::Other);
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(Value::Str),
            b't' => self.eat(b"true").map(|_| Value::Other),
            b'f' => self.eat(b"false").map(|_| Value::Other),
            b'n' => self.eat(b"null").map(|_| Value::Other),
            _ => {
                let start = self.pos;
                while matches!(
                    self.peek(),
                    Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                ) {
                    self.pos += 1;
                }
                let text = self.bytes.get(start..self.pos)?;
                (!text.is_empty()).then(|| Value::Number(text.to_vec()))
            }
        }
    }

    /// A string after its opening quote is at `pos`; escapes are decoded, unknown ones kept as
    /// the escaped character (TDLib's parser is lenient there).
    fn string(&mut self) -> Option<Vec<u8>> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let b = self.peek()?;
            self.pos += 1;
            match b {
                b'"' => return Some(out),
                b'\\' => {
                    let e = self.peek()?;
                    self.pos += 1;
                    match e {
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let hex = self.bytes.get(self.pos..self.pos.checked_add(4)?)?;
                            let hex = std::str::from_utf8(hex).ok()?;
                            let unit = u32::from_str_radix(hex, 16).ok()?;
                            self.pos += 4;
                            // Only ASCII can be base64; anything else just has to stay non-ASCII.
                            match char::from_u32(unit) {
                                Some(c) => {
                                    out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes())
                                }
                                None => out.push(0xFF),
                            }
                        }
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }
}

fn parse(payload: &[u8]) -> Option<Value> {
    let mut scanner = Scanner {
        bytes: payload,
        pos: 0,
    };
    let value = scanner.value(1)?;
    scanner.skip_spaces();
    (scanner.pos == payload.len()).then_some(value)
}

fn field<'v>(fields: &'v [(Vec<u8>, Value)], name: &str) -> Option<&'v Value> {
    fields
        .iter()
        .find(|(k, _)| k == name.as_bytes())
        .map(|(_, v)| v)
}

fn base64url_value(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    } as u32)
}

/// The push receiver id of a JSON payload.
pub fn push_receiver_id(payload: &[u8]) -> Result<i64, PushReceiverError> {
    let Value::Object(mut fields) = parse(payload).ok_or(PushReceiverError::NotJson)? else {
        return Err(PushReceiverError::NotObject);
    };
    if let Some(data) = field(&fields, "data") {
        let Value::Object(inner) = data else {
            return Err(PushReceiverError::WrongFieldType("data", "Object"));
        };
        fields = inner.clone();
    }
    let encoded = match field(&fields, "p") {
        None => return Ok(0),
        Some(Value::Str(s) | Value::Number(s)) => s,
        Some(_) => return Err(PushReceiverError::WrongFieldType("p", "String")),
    };
    let head = encoded.get(..12).ok_or(PushReceiverError::TooSmall)?;
    // 12 base64url characters are exactly 9 bytes. TDLib 1.8.65 aborts the process on '='
    // padding here; this library reports a decoding error instead.
    let mut bytes = [0u8; 9];
    for (group, chunk) in head.chunks(4).enumerate() {
        let mut bits = 0u32;
        for &c in chunk {
            bits = (bits << 6) | base64url_value(c).ok_or(PushReceiverError::BadBase64)?;
        }
        let [_, b0, b1, b2] = bits.to_be_bytes();
        if let Some(slot) = bytes.get_mut(group * 3..group * 3 + 3) {
            slot.copy_from_slice(&[b0, b1, b2]);
        }
    }
    let mut id = [0u8; 8];
    id.copy_from_slice(bytes.get(..8).unwrap_or(&[0; 8]));
    Ok(i64::from_le_bytes(id))
}

#[cfg(test)]
mod tests {
    use super::{push_receiver_id as id, PushReceiverError as E};

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn reads_p_or_data_p() {
        assert_eq!(id(br#"{"p":"AQIDBAUGBwgJ"}"#), Ok(578437695752307201));
        assert_eq!(
            id(br#" {"data":{"p":"AQIDBAUGBwgJCg"}} "#),
            Ok(578437695752307201)
        );
        assert_eq!(id(br#"{"p":"_____________"}"#), Ok(-1));
        assert_eq!(id(br#"{"p":12345678901234}"#), Ok(5618236888314310103));
        assert_eq!(id(br#"{"p":--12345678901}"#), Ok(-3463414834371564037));
        assert_eq!(
            id(br#"{"p":"AQIDBAUGBwgJ","p":null}"#),
            Ok(578437695752307201)
        );
        assert_eq!(id(br#"{"x":1}"#), Ok(0));
        assert_eq!(id(br#"{"data":{},"p":"AQIDBAUGBwgJ"}"#), Ok(0));
        assert_eq!(id(br#"{"p":"\u0041QIDBAUGBwgJ"}"#), Ok(578437695752307201));
    }

    #[test]
    fn errors() {
        assert_eq!(id(b""), Err(E::NotJson));
        assert_eq!(id(br#"{"p":"x"} x"#), Err(E::NotJson));
        assert_eq!(id(b"[]"), Err(E::NotObject));
        assert_eq!(
            id(br#"{"data":"x"}"#),
            Err(E::WrongFieldType("data", "Object"))
        );
        assert_eq!(id(br#"{"p":true}"#), Err(E::WrongFieldType("p", "String")));
        assert_eq!(id(br#"{"p":"AAAAAAAAAAA"}"#), Err(E::TooSmall));
        assert_eq!(id(br#"{"p":"++++++++++++"}"#), Err(E::BadBase64));
        assert_eq!(id(br#"{"p":"AAAAAAAAAAA="}"#), Err(E::BadBase64));
        assert_eq!(
            E::WrongFieldType("p", "String").to_string(),
            "Field \"p\" must be of type String"
        );
    }

    #[test]
    fn nesting_limit() {
        let nested = |n: usize| {
            format!(
                r#"{{"x":{}{},"p":"AQIDBAUGBwgJ"}}"#,
                "[".repeat(n),
                "]".repeat(n)
            )
        };
        assert_eq!(id(nested(100).as_bytes()), Ok(578437695752307201));
        assert_eq!(id(nested(101).as_bytes()), Err(E::NotJson));
        assert_eq!(id("[".repeat(100_000).as_bytes()), Err(E::NotJson));
    }
}
