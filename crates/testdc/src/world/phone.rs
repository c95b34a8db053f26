//! Phone numbers and the rules of Telegram's test DCs: `99966XYYYY` lives on DC X and
//! signs in with the code `XXXXX`.

use super::error::RpcError;
use super::ids::DcId;

/// Strips the decorations clients send (`+`, spaces, dashes, brackets) and checks what remains.
pub fn normalize_phone(raw: &str) -> Result<String, RpcError> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, '+' | ' ' | '-' | '(' | ')'))
        .collect();
    if digits.len() < 5 || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(RpcError::PhoneNumberInvalid);
    }
    Ok(digits)
}

/// The DC a (normalized) number signs up on: X for `99966XYYYY` when DC X exists,
/// otherwise DC 1.
pub fn home_dc(phone: &str, dc_count: DcId) -> DcId {
    let bytes = phone.as_bytes();
    if bytes.len() == 10 && phone.starts_with("99966") {
        let x = DcId::from(bytes[5]) - DcId::from(b'0');
        if (1..=dc_count).contains(&x) {
            return x;
        }
    }
    1
}

/// The login code of a number: its home DC's digit, five times.
pub fn login_code(phone: &str, dc_count: DcId) -> String {
    let dc = home_dc(phone, dc_count);
    std::iter::repeat_n(char::from(b'0' + dc as u8), 5).collect()
}

/// The answer to sendCode/signIn asked on `dc` for a number whose home is `home`.
pub fn check_phone_dc(home: DcId, dc: DcId) -> Result<(), RpcError> {
    if home == dc {
        Ok(())
    } else {
        Err(RpcError::PhoneMigrate(home))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_dc_numbers() {
        assert_eq!(home_dc("9996621234", 3), 2);
        assert_eq!(login_code("9996621234", 3), "22222");
        assert_eq!(home_dc("9996631234", 3), 3);
        assert_eq!(home_dc("9996641234", 3), 1, "no DC 4 on a three-DC server");
        assert_eq!(home_dc("15551234567", 3), 1);
        assert_eq!(login_code("9996611234", 3), "11111");
    }

    #[test]
    fn normalization() {
        assert_eq!(normalize_phone("+999 66-2 (1234)").unwrap(), "9996621234");
        assert_eq!(normalize_phone("12ab5"), Err(RpcError::PhoneNumberInvalid));
        assert_eq!(normalize_phone("+"), Err(RpcError::PhoneNumberInvalid));
    }

    #[test]
    fn migrate_rule() {
        assert_eq!(check_phone_dc(1, 2), Err(RpcError::PhoneMigrate(1)));
        assert_eq!(check_phone_dc(2, 2), Ok(()));
        assert_eq!(RpcError::PhoneMigrate(1).code(), 303);
        assert_eq!(RpcError::PhoneMigrate(1).message(), "PHONE_MIGRATE_1");
    }
}
