//! Sent codes: auth.sentCode as td_api's authenticationCodeInfo, and the app's
//! phoneNumberAuthenticationSettings as codeSettings.

use td_api as td;
use tl::api::{enums, types};

/// The type of a code sent; `None` for kinds td_api has no name for.
pub fn sent_type(t: &enums::auth::SentCodeType) -> Option<td::AuthenticationCodeType> {
    use enums::auth::SentCodeType as S;
    Some(match t {
        S::App(x) => td::AuthenticationCodeTypeTelegramMessage { length: x.length }.into(),
        S::Sms(x) => td::AuthenticationCodeTypeSms { length: x.length }.into(),
        S::Call(x) => td::AuthenticationCodeTypeCall { length: x.length }.into(),
        S::FlashCall(x) => td::AuthenticationCodeTypeFlashCall {
            pattern: x.pattern.clone(),
        }
        .into(),
        S::MissedCall(x) => td::AuthenticationCodeTypeMissedCall {
            phone_number_prefix: x.prefix.clone(),
            length: x.length,
        }
        .into(),
        S::FragmentSms(x) => td::AuthenticationCodeTypeFragment {
            url: x.url.clone(),
            length: x.length,
        }
        .into(),
        S::SmsWord(x) => td::AuthenticationCodeTypeSmsWord {
            first_letter: x.beginning.clone().unwrap_or_default(),
        }
        .into(),
        S::SmsPhrase(x) => td::AuthenticationCodeTypeSmsPhrase {
            first_word: x.beginning.clone().unwrap_or_default(),
        }
        .into(),
        _ => return None,
    })
}

/// The kind of the next code (the server says only the kind).
pub fn next_type(t: &enums::auth::CodeType) -> td::AuthenticationCodeType {
    use enums::auth::CodeType as C;
    match t {
        C::Sms => td::AuthenticationCodeTypeSms { length: 0 }.into(),
        C::Call => td::AuthenticationCodeTypeCall { length: 0 }.into(),
        C::FlashCall => td::AuthenticationCodeTypeFlashCall {
            pattern: String::new(),
        }
        .into(),
        C::MissedCall => td::AuthenticationCodeTypeMissedCall {
            phone_number_prefix: String::new(),
            length: 0,
        }
        .into(),
        C::FragmentSms => td::AuthenticationCodeTypeFragment {
            url: String::new(),
            length: 0,
        }
        .into(),
    }
}

pub fn code_info(phone_number: &str, sent: &types::auth::SentCode) -> td::AuthenticationCodeInfo {
    td::AuthenticationCodeInfo {
        phone_number: phone_number.to_string(),
        r#type: sent_type(&sent.r#type),
        next_type: sent.next_type.as_ref().map(next_type),
        timeout: sent.timeout.unwrap_or(0),
    }
}

pub fn code_settings(s: Option<&td::PhoneNumberAuthenticationSettings>) -> enums::CodeSettings {
    let s = s.cloned().unwrap_or_default();
    types::CodeSettings {
        allow_flashcall: s.allow_flash_call,
        current_number: s.is_current_phone_number,
        allow_app_hash: s.allow_sms_retriever_api,
        allow_missed_call: s.allow_missed_call,
        allow_firebase: s.firebase_authentication_settings.is_some(),
        unknown_number: s.has_unknown_phone_number,
        logout_tokens: (!s.authentication_tokens.is_empty()).then(|| {
            s.authentication_tokens
                .iter()
                .filter_map(|t| base64_decode(t))
                .collect()
        }),
        token: None,
        app_sandbox: None,
    }
    .into()
}

/// Standard base64 (the authentication tokens TDLib hands apps); `None` if malformed.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    };
    let bytes: Vec<u8> = s.bytes().filter(|&b| b != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c)? << (18 - 6 * i);
        }
        let n = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return None,
        };
        out.extend_from_slice(&acc.to_be_bytes()[1..1 + n]);
    }
    Some(out)
}

/// base64url without padding: how QR links carry their token.
pub fn base64url(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// A QR link's token back as bytes (base64url, with or without padding).
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    base64_decode(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips() {
        for data in [
            &b""[..],
            b"f",
            b"fo",
            b"foo",
            b"\xff\xfe\xfd\xfc",
            b"hello world!?",
        ] {
            let s = base64url(data);
            assert!(!s.contains('=') && !s.contains('+') && !s.contains('/'));
            assert_eq!(base64url_decode(&s).unwrap(), data);
        }
        assert_eq!(base64url(b"\xfb\xff"), "-_8");
        assert_eq!(base64_decode("Zm9vYg==").unwrap(), b"foob");
        assert!(base64_decode("Z").is_none());
        assert!(base64_decode("Zm9*").is_none());
    }

    #[test]
    fn sent_codes_become_code_infos() {
        let sent = types::auth::SentCode {
            r#type: types::auth::SentCodeTypeApp { length: 5 }.into(),
            phone_code_hash: "h".into(),
            next_type: Some(enums::auth::CodeType::Sms),
            timeout: Some(60),
        };
        let info = code_info("+9996621234", &sent);
        assert_eq!(info.phone_number, "+9996621234");
        assert!(matches!(
            info.r#type,
            Some(td::AuthenticationCodeType::AuthenticationCodeTypeTelegramMessage(ref t)) if t.length == 5
        ));
        assert!(matches!(
            info.next_type,
            Some(td::AuthenticationCodeType::AuthenticationCodeTypeSms(_))
        ));
        assert_eq!(info.timeout, 60);
    }
}
