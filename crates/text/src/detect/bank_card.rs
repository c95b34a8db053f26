//! Bank card numbers: 13–19 digits, optionally grouped by spaces or dashes, Luhn-valid, of a
//! length that suits the card network.

use super::Found;
use crate::chars::{next_char, prev_char};
use crate::entity::EntityKind;
use crate::tables::LETTER;

fn is_letter(c: u32) -> bool {
    if c < 0x80 {
        (c as u8).is_ascii_alphabetic()
    } else {
        crate::chars::in_table(LETTER, c)
    }
}

fn glues_before(c: u32) -> bool {
    is_letter(c)
        || matches!(
            char::from_u32(c),
            Some('0'..='9' | '_' | '+' | ',' | '-' | '.')
        )
}

fn glues_after(c: u32) -> bool {
    is_letter(c) || matches!(char::from_u32(c), Some('0'..='9' | '_' | '-'))
}

/// Tries a bank card number starting at the digit at `start`; returns where to go on.
pub(super) fn find_at(text: &str, start: usize, out: &mut Vec<Found>) -> usize {
    let bytes = text.as_bytes();
    // A number glued to what precedes it is skipped whole, cards separated by spaces included.
    let glued = prev_char(text, start).is_some_and(|(c, _)| glues_before(c));
    let mut number = [0u8; 19];
    let mut digits = 0usize;
    let mut separated = false;
    let mut i = start;
    let mut end = start;
    while i < bytes.len() {
        match bytes[i] {
            b @ b'0'..=b'9' => {
                if let Some(slot) = number.get_mut(digits) {
                    *slot = b - b'0';
                }
                digits += 1;
                i += 1;
                end = i;
            }
            b' ' if !glued && !separated && (16..=19).contains(&digits) => break,
            b' ' | b'-' => {
                separated = true;
                i += 1;
            }
            _ => break,
        }
    }
    let next = end.max(start + 1);
    if glued || !(13..=19).contains(&digits) {
        return next;
    }
    if next_char(text, end).is_some_and(|(c, _)| glues_after(c)) {
        return next;
    }
    let number = &number[..digits];
    if length_fits(number) && luhn_ok(number) {
        out.push(Found {
            start,
            end,
            kind: EntityKind::BankCardNumber,
        });
    }
    next
}

/// Card networks the reference knows by prefix have fixed lengths; other numbers may have
/// 13 to 19 digits.
fn length_fits(digits: &[u8]) -> bool {
    let prefix = |k: usize| digits.iter().take(k).fold(0u32, |v, &d| v * 10 + d as u32);
    let n = digits.len();
    match (prefix(1), prefix(2), prefix(4)) {
        (_, 34 | 37, _) => n == 15,
        (4, _, _) => matches!(n, 13 | 16 | 18 | 19),
        (_, 51..=55, _) | (_, _, 2200..=2204 | 2221..=2720) => n == 16,
        (_, 62 | 81, _) => n >= 16,
        _ => true,
    }
}

fn luhn_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &d)| {
            let d = d as u32;
            if k % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.rem_euclid(10) == 0
}
