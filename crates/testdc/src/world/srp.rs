//! The SRP arithmetic the password rules need, as a hook: the math itself lives in
//! crates/mtproto (`mtproto::srp`), the world only decides when to use it.

use super::password::PasswordAlgo;

/// g of Telegram's standard 2048-bit group.
pub const STANDARD_G: i32 = 3;

/// p of Telegram's standard 2048-bit group (the dh_prime of the key exchange), big-endian hex.
pub const STANDARD_PRIME: &str = "\
C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F\
48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C37\
20FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F64\
2477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4\
A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754\
FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4\
E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F\
0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B";

/// The prime as 256 bytes.
pub fn standard_prime() -> Vec<u8> {
    STANDARD_PRIME
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            match pair {
                [hi, lo] => digit(*hi) << 4 | digit(*lo),
                _ => 0,
            }
        })
        .collect()
}

/// SRP-2048 (passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow) as the
/// server needs it. Values are big-endian byte strings.
pub trait PasswordMath: Send {
    /// v = g^x mod p for `password` (accounts made with a password by the control side).
    fn verifier(&self, algo: &PasswordAlgo, password: &[u8]) -> Option<Vec<u8>>;
    /// srp_B = k·v + g^b mod p, or `None` when `b_secret` gives an unsafe B (draw again).
    fn server_public(
        &self,
        algo: &PasswordAlgo,
        verifier: &[u8],
        b_secret: &[u8],
    ) -> Option<Vec<u8>>;
    /// Whether the client's (A, M1) proves knowledge of the password behind `verifier`.
    fn check(
        &self,
        algo: &PasswordAlgo,
        verifier: &[u8],
        b_secret: &[u8],
        srp_a: &[u8],
        m1: &[u8],
    ) -> bool;
    /// Whether a client's new_password_hash is an acceptable verifier (1 < v < p, 256 bytes).
    fn verifier_is_valid(&self, algo: &PasswordAlgo, verifier: &[u8]) -> bool;
}

/// The real thing: mtproto's SRP-2048.
#[derive(Clone, Copy, Debug, Default)]
pub struct MtprotoSrp;

fn params(algo: &PasswordAlgo) -> mtproto::srp::SrpParams {
    mtproto::srp::SrpParams {
        salt1: algo.salt1.clone(),
        salt2: algo.salt2.clone(),
        g: algo.g,
        p: algo.p.clone(),
    }
}

impl PasswordMath for MtprotoSrp {
    fn verifier(&self, algo: &PasswordAlgo, password: &[u8]) -> Option<Vec<u8>> {
        mtproto::srp::verifier(&params(algo), password)
            .ok()
            .map(|v| v.to_vec())
    }

    fn server_public(
        &self,
        algo: &PasswordAlgo,
        verifier: &[u8],
        b_secret: &[u8],
    ) -> Option<Vec<u8>> {
        mtproto::srp::SrpServer::with_secret(params(algo), verifier, b_secret)
            .ok()
            .map(|server| server.srp_b().to_vec())
    }

    fn check(
        &self,
        algo: &PasswordAlgo,
        verifier: &[u8],
        b_secret: &[u8],
        srp_a: &[u8],
        m1: &[u8],
    ) -> bool {
        mtproto::srp::SrpServer::with_secret(params(algo), verifier, b_secret)
            .is_ok_and(|server| server.verify(srp_a, m1).is_ok())
    }

    fn verifier_is_valid(&self, algo: &PasswordAlgo, verifier: &[u8]) -> bool {
        // 1 < v < p, as 256 big-endian bytes.
        let above_one = verifier.iter().rev().skip(1).any(|b| *b != 0)
            || verifier.last().is_some_and(|b| *b > 1);
        verifier.len() == 256 && algo.p.len() == 256 && verifier < algo.p.as_slice() && above_one
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn prime_is_256_bytes_of_the_standard_group() {
        let p = super::standard_prime();
        assert_eq!(p.len(), 256);
        assert_eq!(&p[..4], &[0xC7, 0x1C, 0xAE, 0xB9]);
        assert_eq!(&p[252..], &[0xB9, 0x2F, 0xCC, 0x5B]);
    }
}
