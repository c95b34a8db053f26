//! checkQuickReplyShortcutName: 1-32 letters, digits or underscores.

use crate::sync::data::chars::{QUICK_REPLY_CLASSES, QUICK_REPLY_STARTS};
use crate::sync::unicode_class::class_of;

const MAX_NAME_CHARS: usize = 32;

/// Why a shortcut name is rejected; TDLib reports each with code 200.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ShortcutNameError {
    #[error("Strings must be encoded in UTF-8")]
    NotUtf8,
    #[error("Name must be non-empty")]
    Empty,
    #[error("A letter is not allowed")]
    BadCharacter,
    #[error("Name is too long")]
    TooLong,
}

impl ShortcutNameError {
    /// The error code TDLib 1.8.65 answers with (observed: 200, not 400).
    pub const CODE: i32 = 200;
}

/// Checks a quick reply shortcut name the way TDLib does, in the same order.
pub fn check_shortcut_name(name: &[u8]) -> Result<(), ShortcutNameError> {
    let name = std::str::from_utf8(name).map_err(|_| ShortcutNameError::NotUtf8)?;
    if name.is_empty() {
        return Err(ShortcutNameError::Empty);
    }
    let allowed = |c: char| class_of(QUICK_REPLY_STARTS, QUICK_REPLY_CLASSES, u32::from(c)) == 1;
    if !name.chars().all(allowed) {
        return Err(ShortcutNameError::BadCharacter);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(ShortcutNameError::TooLong);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check_shortcut_name as check, ShortcutNameError as E};

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn accepts_letters_digits_underscore() {
        for ok in [
            "a",
            "ABC_def_123",
            "_",
            "\u{442}\u{435}\u{441}\u{442}",
            "\u{65E5}\u{672C}",
            "\u{663}",
        ] {
            assert_eq!(check(ok.as_bytes()), Ok(()), "{ok}");
        }
        assert_eq!(check("a".repeat(32).as_bytes()), Ok(()));
        assert_eq!(check("\u{20000}".repeat(32).as_bytes()), Ok(()));
    }

    #[test]
    fn rejects_in_tdlib_order() {
        assert_eq!(check(b""), Err(E::Empty));
        assert_eq!(check(b"a-b"), Err(E::BadCharacter));
        assert_eq!(check("e\u{301}".as_bytes()), Err(E::BadCharacter));
        assert_eq!(check("a".repeat(33).as_bytes()), Err(E::TooLong));
        assert_eq!(
            check(format!("{}-", "a".repeat(40)).as_bytes()),
            Err(E::BadCharacter)
        );
        assert_eq!(
            check(b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\xff"),
            Err(E::NotUtf8)
        );
        assert_eq!(E::TooLong.to_string(), "Name is too long");
    }
}
