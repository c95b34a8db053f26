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
    is_letter(c) || matches!(char::from_u32(c), Some('0'..='9' | '_' | '+' | ',' | '-' | '.'))
}

fn glues_after(c: u32) -> bool {
    is_letter(c) || matches!(char::from_u32(c), Some('0'..='9' | '_' | '-'))
}

pub(super) fn find(text: &str, out: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
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
        i = end.max(start + 1);
        if !(13..=19).contains(&digits) {
            continue;
        }
        if prev_char(text, start).is_some_and(|(c, _)| glues_before(c)) {
            continue;
        }
        if next_char(text, end).is_some_and(|(c, _)| glues_after(c)) {
            continue;
        }
        let number: Vec<u8> =
            bytes[start..end].iter().filter(|b| b.is_ascii_digit()).map(|b| b - b'0').collect();
        if !matches!(number[0], 0 | 2..=6) || !luhn_ok(&number) {
            continue;
        }
        out.push(Found { start, end, kind: EntityKind::BankCardNumber });
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
    sum % 10 == 0
}
