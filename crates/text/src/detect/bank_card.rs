//! Bank card numbers: 13–19 digits, optionally grouped by spaces or dashes, Luhn-valid.

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
    let mut i = start;
    {
        let mut digits = 0usize;
        let mut separated = false;
        let mut end = i;
        while i < bytes.len() {
            match bytes[i] {
                b'0'..=b'9' => {
                    digits += 1;
                    i += 1;
                    end = i;
                }
                b' ' if !separated && (16..=19).contains(&digits) => break,
                b' ' | b'-' => {
                    separated = true;
                    i += 1;
                }
                _ => break,
            }
        }
        let next = end.max(start + 1);
        if !(13..=19).contains(&digits) {
            return next;
        }
        if prev_char(text, start).is_some_and(|(c, _)| glues_before(c)) {
            return next;
        }
        if next_char(text, end).is_some_and(|(c, _)| glues_after(c)) {
            return next;
        }
        let mut number = [0u8; 19];
        let mut n = 0;
        for &b in &bytes[start..end] {
            if b.is_ascii_digit() && n < number.len() {
                number[n] = b - b'0';
                n += 1;
            }
        }
        let number = &number[..n];
        if matches!(number[0], 0 | 2..=6) && luhn_ok(number) {
            out.push(Found {
                start,
                end,
                kind: EntityKind::BankCardNumber,
            });
        }
        next
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
