//! getCountryFlagEmoji: two ASCII letters become regional indicator symbols.

/// The flag emoji of an ISO 3166-1 alpha-2 code (ASCII case ignored), or "" if the code is not
/// two ASCII letters. A few Telegram pseudo-countries have their own emoji or none.
pub fn country_flag_emoji(country_code: &[u8]) -> String {
    let [a, b] = country_code else {
        return String::new();
    };
    if !a.is_ascii_alphabetic() || !b.is_ascii_alphabetic() {
        return String::new();
    }
    let code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
    match &code {
        b"FT" => "\u{1F3F4}\u{200D}\u{2620}\u{FE0F}".to_owned(),
        b"XG" => "\u{1F6F0}".to_owned(),
        b"XV" => "\u{1F30D}".to_owned(),
        b"YL" => String::new(),
        _ => code
            .iter()
            .filter_map(|&c| char::from_u32(0x1F1E6 + u32::from(c - b'A')))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::country_flag_emoji;

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn regional_indicators() {
        assert_eq!(country_flag_emoji(b"RU"), "\u{1F1F7}\u{1F1FA}");
        assert_eq!(country_flag_emoji(b"us"), "\u{1F1FA}\u{1F1F8}");
        assert_eq!(country_flag_emoji(b"Zz"), "\u{1F1FF}\u{1F1FF}");
    }

    #[test]
    fn special_and_invalid_codes() {
        assert_eq!(
            country_flag_emoji(b"FT"),
            "\u{1F3F4}\u{200D}\u{2620}\u{FE0F}"
        );
        assert_eq!(country_flag_emoji(b"xg"), "\u{1F6F0}");
        assert_eq!(country_flag_emoji(b"XV"), "\u{1F30D}");
        assert_eq!(country_flag_emoji(b"YL"), "");
        for bad in [&b""[..], b"R", b"RUS", b"R1", b"  ", "\u{c4}B".as_bytes()] {
            assert_eq!(country_flag_emoji(bad), "");
        }
    }
}
