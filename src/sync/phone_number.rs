//! getPhoneNumberInfoSync: country, calling code and formatting of a phone number prefix,
//! from the offline country list observed in TDLib 1.8.65.

use crate::sync::data::phone::{COUNTRIES, ENTRIES};

/// A country as TDLib knows it offline (the English name is also its `name`).
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    pub code: &'static str,
    pub name: &'static str,
    pub is_hidden: bool,
    pub is_anonymous: bool,
    pub calling_codes: &'static [&'static str],
}

/// A digit prefix that selects a country: its calling code and an optional national prefix.
#[derive(Debug)]
pub struct CallingEntry {
    pub prefix: &'static str,
    pub calling_code_len: usize,
    pub country: usize,
    /// `X` stands for any digit; digits must be typed as written; other characters are copied.
    pub patterns: &'static [&'static str],
}

/// The answer of getPhoneNumberInfoSync.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PhoneNumberInfo {
    pub country: Option<&'static Country>,
    pub country_calling_code: String,
    pub formatted_phone_number: String,
    pub is_anonymous: bool,
}

/// Looks up a phone number prefix; all bytes but ASCII digits are ignored (even invalid UTF-8).
/// The language code does not matter offline: names are always English.
pub fn phone_number_info(_language_code: &[u8], phone_number_prefix: &[u8]) -> PhoneNumberInfo {
    let digits: String = phone_number_prefix
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    if digits.is_empty() {
        return PhoneNumberInfo::default();
    }
    let best = ENTRIES
        .iter()
        .filter(|e| digits.starts_with(e.prefix))
        .max_by_key(|e| e.prefix.len());
    match best.and_then(|e| Some((e, COUNTRIES.get(e.country)?))) {
        Some((entry, country)) => {
            let code = digits.get(..entry.calling_code_len).unwrap_or_default();
            let rest = digits.get(entry.calling_code_len..).unwrap_or_default();
            PhoneNumberInfo {
                country: Some(country),
                country_calling_code: code.to_owned(),
                formatted_phone_number: format_number(rest, entry.patterns),
                is_anonymous: country.is_anonymous,
            }
        }
        None => {
            let partial_code = COUNTRIES
                .iter()
                .flat_map(|c| c.calling_codes.iter())
                .any(|code| code.starts_with(digits.as_str()));
            let (code, formatted) = if partial_code {
                (digits, String::new())
            } else {
                (String::new(), digits)
            };
            PhoneNumberInfo {
                country: None,
                country_calling_code: code,
                formatted_phone_number: formatted,
                is_anonymous: false,
            }
        }
    }
}

/// Digits a pattern requires before it applies (its leading fixed digits).
fn fixed_digits(pattern: &str) -> &str {
    let end = pattern
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(pattern.len());
    pattern.get(..end).unwrap_or_default()
}

fn format_number(digits: &str, patterns: &[&str]) -> String {
    let pattern = patterns
        .iter()
        .enumerate()
        .filter(|(_, p)| digits.starts_with(fixed_digits(p)))
        .max_by_key(|(i, p)| (fixed_digits(p).len(), std::cmp::Reverse(*i)))
        .map(|(_, p)| p);
    let Some(pattern) = pattern else {
        return digits.to_owned();
    };
    let mut rest = digits.chars();
    let mut out = String::with_capacity(pattern.len() + digits.len());
    for c in pattern.chars() {
        if c == 'X' || c.is_ascii_digit() {
            out.push(rest.next().unwrap_or('-'));
        } else {
            out.push(c);
        }
    }
    out.extend(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::phone_number_info as info;

    fn show(prefix: &str) -> (Option<&'static str>, String, String, bool) {
        let i = info(b"en", prefix.as_bytes());
        (
            i.country.map(|c| c.code),
            i.country_calling_code,
            i.formatted_phone_number,
            i.is_anonymous,
        )
    }

    fn expect(prefix: &str, country: Option<&'static str>, code: &str, formatted: &str) {
        let (c, cc, f, _) = show(prefix);
        assert_eq!(
            (c, cc.as_str(), f.as_str()),
            (country, code, formatted),
            "{prefix}"
        );
    }

    // Expected values observed from TDLib 1.8.65.
    #[test]
    fn countries_and_patterns() {
        expect("+(7) 912-345", Some("RU"), "7", "912 345 ----");
        expect("76", Some("KZ"), "7", "6-- --- -- --");
        expect("1", Some("US"), "1", "--- --- ----");
        expect("12045", Some("CA"), "1", "204 5-- ----");
        expect("121255512345678", Some("US"), "1", "212 555 12345678");
        expect("447", Some("GB"), "44", "7--- ------");
        expect("1242555", Some("BS"), "1242", "555 ----");
    }

    #[test]
    fn prefixes_without_patterns_or_country() {
        expect("5999", Some("CW"), "599", "9");
        expect("599", Some("BQ"), "599", "");
        expect("424", Some("YL"), "42", "4");
        expect("42", None, "42", "");
        expect("422", None, "", "422");
        expect("999", None, "", "999");
        expect("0", None, "", "0");
        expect("", None, "", "");
        expect("abc", None, "", "");
    }

    #[test]
    fn fixed_digit_patterns() {
        expect("888", Some("FT"), "888", "---- ----");
        expect("8888123", Some("FT"), "888", "8 123");
        expect("88881234567", Some("FT"), "888", "8 1234567");
        expect("592592", Some("GY"), "592", "592");
        expect("59259261", Some("GY"), "592", "59261-----");
        assert!(show("8881").3);
        assert!(!show("7").3);
    }

    #[test]
    fn country_details_and_invalid_utf8() {
        let xv = info(b"en", b"883")
            .country
            .map(|c| (c.name, c.is_hidden, c.calling_codes));
        assert_eq!(
            xv,
            Some(("International Networks", true, &["882", "883"][..]))
        );
        assert_eq!(info(b"\xff", b"7\xff").country_calling_code, "7");
        assert_eq!(
            info(b"ru", b"7").country.map(|c| c.name),
            Some("Russian Federation")
        );
    }
}
