//! Diffie–Hellman of the auth-key exchange with the checks Telegram's
//! security guidelines require of both sides.

use num_bigint::BigUint;
use num_traits::{One, Zero};
use rand_core::RngCore;

/// Telegram's standard 2048-bit safe prime (used with g = 3 by its servers,
/// and as the SRP prime).
pub const TELEGRAM_DH_PRIME_HEX: &str = concat!(
    "C71CAEB9C6B1C9048E6C522F70F13F73980D40238E3E21C14934D037563D930F",
    "48198A0AA7C14058229493D22530F4DBFA336F6E0AC925139543AED44CCE7C37",
    "20FD51F69458705AC68CD4FE6B6B13ABDC9746512969328454F18FAF8C595F64",
    "2477FE96BB2A941D5BCD1D4AC8CC49880708FA9B378E3C4F3A9060BEE67CF9A4",
    "A4A695811051907E162753B56B0F6B410DBA74D8A84B2A14B3144E0EF1284754",
    "FD17ED950D5965B4B9DD46582DB1178D169C6BC465B0D6FF9CA3928FEF5B9AE4",
    "E418FC15E83EBEA0F87FA9FF5EED70050DED2849F47BF959D956850CE929851F",
    "0D8115F635B105EE2E4E15D04B2454BF6F4FADF034B10403119CD8E3B92FCC5B",
);

/// The standard prime as 256 big-endian bytes.
pub fn telegram_dh_prime() -> [u8; 256] {
    let mut out = [0u8; 256];
    for (i, b) in out.iter_mut().enumerate() {
        let hex = &TELEGRAM_DH_PRIME_HEX[2 * i..2 * i + 2];
        *b = u8::from_str_radix(hex, 16).unwrap_or(0);
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DhError {
    #[error("dh_prime is not a 2048-bit number")]
    PrimeSize,
    #[error("dh_prime is not a safe prime")]
    NotSafePrime,
    #[error("g = {0} is not in 2..=7")]
    BadGenerator(i32),
    #[error("g = {0} does not generate the subgroup of order (p-1)/2 for this prime")]
    GeneratorResidue(i32),
    #[error("DH value outside 2^(2048-64) .. p - 2^(2048-64)")]
    ValueOutOfRange,
}

/// True if `p` is a 2048-bit safe prime. The standard prime is recognised by
/// value; anything else costs two Miller–Rabin runs on 2048-bit numbers.
pub fn is_safe_prime_2048(p: &[u8]) -> bool {
    if p == telegram_dh_prime() {
        return true;
    }
    let n = BigUint::from_bytes_be(p);
    if n.bits() != 2048 {
        return false;
    }
    let half = (&n - 1u8) >> 1;
    probably_prime(&n, 24) && probably_prime(&half, 24)
}

/// Miller–Rabin with fixed small-prime bases (deterministic, no RNG needed;
/// an adversary choosing p against fixed bases is why we also require p to
/// be safe and, for speed, prefer the known prime).
fn probably_prime(n: &BigUint, rounds: usize) -> bool {
    let one = BigUint::one();
    let two = BigUint::from(2u8);
    if *n < two {
        return false;
    }
    const SMALL: [u32; 24] = [
        2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89,
    ];
    for p in SMALL {
        let p = BigUint::from(p);
        if (n % &p).is_zero() {
            return *n == p;
        }
    }
    let n1 = n - &one;
    let s = n1.trailing_zeros().unwrap_or(0);
    let d = &n1 >> s;
    'witness: for a in SMALL.iter().take(rounds) {
        let mut x = BigUint::from(*a).modpow(&d, n);
        if x == one || x == n1 {
            continue;
        }
        for _ in 1..s {
            x = x.modpow(&two, n);
            if x == n1 {
                continue 'witness;
            }
        }
        return false;
    }
    true
}

/// Checks g and dh_prime from server_DH_inner_data: p a 2048-bit safe prime,
/// g in 2..=7 and such that g generates the cyclic subgroup of prime order
/// (p-1)/2 (the quadratic-residue conditions of the spec).
pub fn check_params(g: i32, dh_prime: &[u8]) -> Result<(), DhError> {
    if !(2..=7).contains(&g) {
        return Err(DhError::BadGenerator(g));
    }
    let p = BigUint::from_bytes_be(dh_prime);
    if p.bits() != 2048 {
        return Err(DhError::PrimeSize);
    }
    let m = |k: u32| -> u32 { (&p % k).try_into().unwrap_or(u32::MAX) };
    let ok = match g {
        2 => m(8) == 7,
        3 => m(3) == 2,
        4 => true,
        5 => matches!(m(5), 1 | 4),
        6 => matches!(m(24), 19 | 23),
        7 => matches!(m(7), 3 | 5 | 6),
        _ => false,
    };
    if !ok {
        return Err(DhError::GeneratorResidue(g));
    }
    if !is_safe_prime_2048(dh_prime) {
        return Err(DhError::NotSafePrime);
    }
    Ok(())
}

/// 1 < v < p - 1 and 2^(2048-64) <= v <= p - 2^(2048-64), for g_a, g_b (and SRP's A, B).
pub fn check_value(v: &BigUint, p: &BigUint) -> Result<(), DhError> {
    let bound = BigUint::one() << (2048 - 64);
    if *v <= BigUint::one() || *v >= p - 1u8 || *v < bound || p < &bound || *v > p - &bound {
        return Err(DhError::ValueOutOfRange);
    }
    Ok(())
}

/// 256-byte big-endian form, left-padded.
pub fn to_256(v: &BigUint) -> [u8; 256] {
    let b = v.to_bytes_be();
    let mut out = [0u8; 256];
    if b.len() <= 256 {
        out[256 - b.len()..].copy_from_slice(&b);
    }
    out
}

/// One side's DH secret and public value.
#[derive(Clone)]
pub struct DhKeyPair {
    secret: BigUint,
    public: BigUint,
    p: BigUint,
}

impl std::fmt::Debug for DhKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DhKeyPair")
    }
}

impl DhKeyPair {
    /// Draws a random 2048-bit secret until g^secret passes [`check_value`]
    /// (at most 64 draws: with a real safe prime one almost always does).
    pub fn generate(g: i32, dh_prime: &[u8], rng: &mut dyn RngCore) -> Result<Self, DhError> {
        let mut last = DhError::ValueOutOfRange;
        for _ in 0..64 {
            let mut secret = [0u8; 256];
            rng.fill_bytes(&mut secret);
            match Self::from_secret(g, dh_prime, &secret) {
                Ok(k) => return Ok(k),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// With a given secret (official example's `b`, tests).
    pub fn from_secret(g: i32, dh_prime: &[u8], secret: &[u8]) -> Result<Self, DhError> {
        let p = BigUint::from_bytes_be(dh_prime);
        let secret = BigUint::from_bytes_be(secret);
        let g = BigUint::from(u32::try_from(g).map_err(|_| DhError::BadGenerator(g))?);
        let public = g.modpow(&secret, &p);
        check_value(&public, &p)?;
        Ok(DhKeyPair { secret, public, p })
    }

    /// g^secret mod p, 256 bytes.
    pub fn public(&self) -> [u8; 256] {
        to_256(&self.public)
    }

    /// The shared key (the auth_key) from the peer's checked public value.
    pub fn shared(&self, peer_public: &[u8]) -> Result<[u8; 256], DhError> {
        let peer = BigUint::from_bytes_be(peer_public);
        check_value(&peer, &self.p)?;
        Ok(to_256(&peer.modpow(&self.secret, &self.p)))
    }
}
