//! Number rules of TDLib's JSON conversion.

/// A decimal integer as TDLib accepts it for int32/int53/int64 fields: an optional `-`,
/// then digits without a leading zero (`0` itself is fine, `-0` is not), within range.
pub fn parse_strict_i64(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    match digits {
        [] => return None,
        [b'0'] => return if negative { None } else { Some(0) },
        [b'0', ..] => return None,
        _ => {}
    }
    // Accumulate negatively so that i64::MIN fits.
    let mut value: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_sub(i64::from(b - b'0'))?;
    }
    if negative {
        Some(value)
    } else {
        value.checked_neg()
    }
}

pub fn parse_strict_i32(text: &[u8]) -> Option<i32> {
    parse_strict_i64(text).and_then(|v| i32::try_from(v).ok())
}

/// How TDLib reads a numeric `@type`: an optional `-`, then leading digits (anything after
/// them ignored), wrapping modulo 2^32.
pub fn parse_wrapping_i32(text: &[u8]) -> i32 {
    let (negative, digits) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let mut value: u32 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            break;
        }
        value = value.wrapping_mul(10).wrapping_add(u32::from(b - b'0'));
    }
    let value = if negative { value.wrapping_neg() } else { value };
    value as i32
}

/// How TDLib reads a `double` field from a number token. It streams the token into a C++
/// `double` with the classic locale: a prefix of the token is collected by the stream's
/// rules, and the value is 0 unless that whole prefix is a valid number.
pub fn parse_double(text: &[u8]) -> f64 {
    let mut end = 0;
    let mut in_units = true; // no '.' and no exponent seen yet
    let mut seen_exponent = false;
    for &b in text {
        match b {
            b'0'..=b'9' => {}
            b'.' => {
                if !in_units {
                    break;
                }
                in_units = false;
            }
            b'+' | b'-' => {
                let after_exponent = end > 0 && matches!(text[end - 1], b'e' | b'E');
                if end != 0 && !after_exponent {
                    break;
                }
            }
            b'e' | b'E' => {
                if !seen_exponent {
                    seen_exponent = true;
                    in_units = false;
                }
            }
            _ => break,
        }
        end += 1;
    }
    std::str::from_utf8(&text[..end])
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_integers() {
        for (s, v) in [("0", Some(0)), ("5", Some(5)), ("-5", Some(-5)), ("05", None), ("-0", None), ("+5", None),
            ("", None), ("-", None), ("1.0", None), ("1e2", None), (" 5", None),
            ("9223372036854775807", Some(i64::MAX)), ("-9223372036854775808", Some(i64::MIN)),
            ("9223372036854775808", None), ("-9223372036854775809", None)]
        {
            assert_eq!(parse_strict_i64(s.as_bytes()), v, "{s}");
        }
        assert_eq!(parse_strict_i32(b"2147483647"), Some(i32::MAX));
        assert_eq!(parse_strict_i32(b"2147483648"), None);
        assert_eq!(parse_strict_i32(b"-2147483648"), Some(i32::MIN));
    }

    #[test]
    fn wrapping_type_ids() {
        assert_eq!(parse_wrapping_i32(b"5"), 5);
        assert_eq!(parse_wrapping_i32(b"-1"), -1);
        assert_eq!(parse_wrapping_i32(b"4294967296"), 0);
        assert_eq!(parse_wrapping_i32(b"2722471550"), -1572495746);
        assert_eq!(parse_wrapping_i32(b"1.5"), 1);
        assert_eq!(parse_wrapping_i32(b"+5"), 0);
    }

    #[test]
    fn doubles_like_a_cpp_stream() {
        for (s, v) in [("1", 1.0), ("1.5", 1.5), ("-0", -0.0), (".5", 0.5), ("+1", 1.0), ("-", 0.0), ("1e", 0.0),
            ("1e+", 0.0), ("1.2.3", 1.2), ("1-2", 1.0), ("1e5e5", 0.0), ("1e5.5", 1e5), ("--1", 0.0),
            ("1..5", 1.0), ("1.e1", 10.0), ("-.5", -0.5), ("00012", 12.0), ("1e+2", 100.0), ("1e0400", f64::INFINITY),
            (".", 0.0), ("+.", 0.0), ("3+", 3.0)]
        {
            let got = parse_double(s.as_bytes());
            assert!(got == v && got.is_sign_negative() == v.is_sign_negative(), "{s}: {got} != {v}");
        }
    }
}
