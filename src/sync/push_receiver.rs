//! getPushReceiverId: the receiver id is the first 8 bytes (little endian) of the base64url
//! field `p` of a push payload, or of its `data` object.

use td_api::json::{with_document, Kind, Value};

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

/// The text of field `p` of the payload (or of its `data` object), if there is one. The
/// payload is read by the same JSON reader as requests, which is TDLib's behaviour too.
fn p_field(root: Value<'_>) -> Result<Option<Vec<u8>>, PushReceiverError> {
    let mut object = root.object().ok_or(PushReceiverError::NotObject)?;
    if let Some(data) = object.get("data") {
        object = data
            .object()
            .ok_or(PushReceiverError::WrongFieldType("data", "Object"))?;
    }
    let Some(p) = object.get("p") else {
        return Ok(None);
    };
    match p.kind() {
        Kind::String => Ok(Some(p.string_bytes().into_owned())),
        Kind::Number => Ok(Some(p.raw().to_vec())),
        _ => Err(PushReceiverError::WrongFieldType("p", "String")),
    }
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
    let encoded = with_document(payload, |doc| p_field(doc.root()))
        .map_err(|_| PushReceiverError::NotJson)??;
    let Some(encoded) = encoded else {
        return Ok(0);
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
        // A lone surrogate is 3 bytes: 8 + 3 is too short, 9 + 3 is not.
        assert_eq!(id(br#"{"p":"AAAAAAAA\ud800"}"#), Err(E::TooSmall));
        assert_eq!(id(br#"{"p":"AAAAAAAAA\ud800"}"#), Err(E::BadBase64));
        assert_eq!(id(b"{\"p\":\"AAAAAAAAAA\xff\"}"), Err(E::TooSmall));
        // The payload is JSON as TDLib reads it.
        assert_eq!(id(br#"{"x":"\u+abc","p":"AQIDBAUGBwgJ"}"#), Err(E::NotJson));
        assert_eq!(id(br#"{"p":e12345678901234}"#), Err(E::NotJson));
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
