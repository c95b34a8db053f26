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
    let value = if negative {
        value.wrapping_neg()
    } else {
        value
    };
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
