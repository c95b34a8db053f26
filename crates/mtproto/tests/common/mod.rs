#![allow(dead_code)]
//! Helpers shared by the integration tests.

use rand_core::{CryptoRng, RngCore};
use serde_json::Value;
use std::collections::VecDeque;

pub fn hex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap_or_else(|e| panic!("bad hex in test data: {e}"))
}

pub fn arr<const N: usize>(s: &str) -> [u8; N] {
    hex(s)
        .try_into()
        .unwrap_or_else(|v: Vec<u8>| panic!("expected {N} bytes, got {}", v.len()))
}

fn load(name: &str) -> Value {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("missing test vector {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad json {path}: {e}"))
}

pub fn samples() -> Value {
    load("samples-auth_key.json")
}

pub fn srp_vector() -> Value {
    load("srp_vector.json")
}

pub fn mtproto2_vector() -> Value {
    load("mtproto2_vector.json")
}

pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("test vector lacks string {key}"))
}

/// An RNG that first replays scripted bytes (in the order the code under test
/// consumes randomness), then continues with a seeded generator. Counts what
/// was left unread so tests can assert the script was consumed exactly.
pub struct ScriptedRng {
    script: VecDeque<u8>,
    rest: rand::rngs::StdRng,
}

impl ScriptedRng {
    pub fn new(parts: &[&[u8]], seed: u64) -> Self {
        use rand::SeedableRng;
        ScriptedRng {
            script: parts.iter().flat_map(|p| p.iter().copied()).collect(),
            rest: rand::rngs::StdRng::seed_from_u64(seed),
        }
    }
    pub fn push(&mut self, bytes: &[u8]) {
        self.script.extend(bytes.iter().copied());
    }
    pub fn unread(&self) -> usize {
        self.script.len()
    }
}

impl RngCore for ScriptedRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for d in dest.iter_mut() {
            *d = match self.script.pop_front() {
                Some(b) => b,
                None => (self.rest.next_u32() & 0xFF) as u8,
            };
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for ScriptedRng {}

pub fn seeded(seed: u64) -> rand::rngs::StdRng {
    use rand::SeedableRng;
    rand::rngs::StdRng::seed_from_u64(seed)
}

pub const PROD_KEY_PEM: &str = "-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g
5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO
62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/
+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9
t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs
5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB
-----END RSA PUBLIC KEY-----
";

pub const TEST_KEY_PEM: &str = "-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAyMEdY1aR+sCR3ZSJrtztKTKqigvO/vBfqACJLZtS7QMgCGXJ6XIR
yy7mx66W0/sOFa7/1mAZtEoIokDP3ShoqF4fVNb6XeqgQfaUHd8wJpDWHcR2OFwv
plUUI1PLTktZ9uW2WE23b+ixNwJjJGwBDJPQEQFBE+vfmH0JP503wr5INS1poWg/
j25sIWeYPHYeOrFp/eXaqhISP6G+q2IeTaWTXpwZj4LzXq5YOpk4bYEQ6mvRq7D1
aHWfYmlEGepfaYR8Q0YqvvhYtMte3ITnuSJs171+GDqpdKcSwHnd6FudwGO4pcCO
j4WcDuXc2CTHgH8gFTNhp/Y8/SpDOhvn9QIDAQAB
-----END RSA PUBLIC KEY-----
";

pub fn dumps() -> Value {
    load("samples_auth_key_dumps.json")
}

/// A time whose msg_id is `msg_id` to within a few units: msg_ids are built
/// from nanoseconds (4.29 msg_id units each), so not every multiple of 4 is
/// reachable. Tests compare packets with the msg_id field masked, and check
/// the msg_id with [`assert_msg_id_near`].
pub fn time_for_msg_id(msg_id: i64) -> mtproto::UnixTime {
    let secs = msg_id >> 32;
    let low = (msg_id as u64) & 0xFFFF_FFFF;
    let nanos = (low as u128 * 1_000_000_000).div_ceil(1u128 << 32) as i64;
    mtproto::UnixTime::from_nanos(secs * 1_000_000_000 + nanos)
}

/// Packet equality except the msg_id field (bytes 8..16), which must be
/// within 16 units of the page's and have the right residue.
pub fn assert_plain_eq(actual: &[u8], expected: &[u8], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: length");
    assert_eq!(actual[..8], expected[..8], "{what}: auth_key_id");
    assert_eq!(actual[16..], expected[16..], "{what}: length word and body");
    let a = i64::from_le_bytes(actual[8..16].try_into().unwrap());
    let e = i64::from_le_bytes(expected[8..16].try_into().unwrap());
    assert_msg_id_near(a, e, what);
}

pub fn assert_msg_id_near(actual: i64, expected: i64, what: &str) {
    assert_eq!(
        actual % 4,
        expected % 4,
        "{what}: msg_id residue {actual:x} vs {expected:x}"
    );
    assert!(
        (actual - expected).abs() <= 16,
        "{what}: msg_id {actual:x} vs page {expected:x}"
    );
}

pub fn wire_msg_id(hex_le: &str) -> i64 {
    i64::from_le_bytes(arr::<8>(hex_le))
}
