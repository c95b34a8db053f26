//! getLanguagePackString: argument checks; strings are looked up only in a local database.

/// Why a language pack string can't be returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LanguagePackError {
    #[error("Localization target is invalid")]
    InvalidTarget,
    #[error("Language pack ID is invalid")]
    InvalidPackId,
    #[error("Key is invalid")]
    InvalidKey,
    #[error("Not Found")]
    NotFound,
}

impl LanguagePackError {
    /// The error code TDLib answers with.
    pub fn code(self) -> i32 {
        match self {
            LanguagePackError::NotFound => 404,
            _ => 400,
        }
    }
}

fn valid(s: &[u8], len: std::ops::RangeInclusive<usize>, allowed: impl Fn(u8) -> bool) -> bool {
    len.contains(&s.len()) && s.iter().all(|&b| allowed(b))
}

/// Checks the arguments in TDLib's order. This library keeps no language pack database, so a
/// well-formed request is answered "Not Found" (as TDLib does for an empty or new database).
pub fn language_pack_string(
    _database_path: &[u8],
    localization_target: &[u8],
    language_pack_id: &[u8],
    key: &[u8],
) -> Result<String, LanguagePackError> {
    if !valid(localization_target, 1..=64, |b| {
        b.is_ascii_alphabetic() || b == b'_'
    }) {
        return Err(LanguagePackError::InvalidTarget);
    }
    if !valid(language_pack_id, 2..=64, |b| {
        b.is_ascii_alphanumeric() || b == b'-'
    }) {
        return Err(LanguagePackError::InvalidPackId);
    }
    let key_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-');
    if !valid(key, 1..=usize::MAX, key_byte) {
        return Err(LanguagePackError::InvalidKey);
    }
    Err(LanguagePackError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::{language_pack_string as get, LanguagePackError as E};

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn validates_in_order() {
        assert_eq!(get(b"", b"", b"", b""), Err(E::InvalidTarget));
        assert_eq!(get(b"", b"a-b", b"en", b"k"), Err(E::InvalidTarget));
        assert_eq!(get(b"", b"a1", b"en", b"k"), Err(E::InvalidTarget));
        assert_eq!(get(b"", &[b'a'; 65], b"en", b"k"), Err(E::InvalidTarget));
        assert_eq!(get(b"", b"android", b"x", b"k"), Err(E::InvalidPackId));
        assert_eq!(get(b"", b"android", b"a_b", b"k"), Err(E::InvalidPackId));
        assert_eq!(get(b"", b"android", b"en", b""), Err(E::InvalidKey));
        assert_eq!(get(b"", b"android", b"en", b"a b"), Err(E::InvalidKey));
        assert_eq!(E::InvalidKey.code(), 400);
    }

    #[test]
    fn well_formed_requests_are_not_found() {
        assert_eq!(
            get(b"", b"Android_x", b"en-raw", b"Key.a_b-1"),
            Err(E::NotFound)
        );
        assert_eq!(
            get(b"", b"android", b"en", "k".repeat(5000).as_bytes()),
            Err(E::NotFound)
        );
        assert_eq!(E::NotFound.code(), 404);
    }
}
