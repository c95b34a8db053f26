//! The proof of work of the auth-key exchange: pq = p * q with p < q primes.

use rand_core::RngCore;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PqError {
    #[error("pq {0} has no factorisation into two primes")]
    NotSemiprime(u64),
    #[error("pq of {0} bytes does not fit in 64 bits")]
    TooLong(usize),
}

fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    ((a as u128 * b as u128) % m as u128) as u64
}

fn pow_mod(mut b: u64, mut e: u64, m: u64) -> u64 {
    let mut r = 1u64 % m;
    b %= m;
    while e > 0 {
        if e & 1 == 1 {
            r = mul_mod(r, b, m);
        }
        b = mul_mod(b, b, m);
        e >>= 1;
    }
    r
}

/// Deterministic Miller–Rabin for 64-bit numbers.
pub fn is_prime(n: u64) -> bool {
    if n < 2 {
        return false;
    }
    for p in [2u64, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] {
        if n.is_multiple_of(p) {
            return n == p;
        }
    }
    let (mut d, mut s) = (n - 1, 0);
    while d % 2 == 0 {
        d /= 2;
        s += 1;
    }
    'witness: for a in [2u64, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37] {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                continue 'witness;
            }
        }
        return false;
    }
    true
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Brent's variant of Pollard's rho; a non-trivial factor of odd composite `n`.
fn brent(n: u64, c: u64) -> Option<u64> {
    let f = |y: u64| (mul_mod(y, y, n) + c) % n;
    let (mut y, m) = (2u64, 128u64);
    let (mut g, mut r, mut q) = (1u64, 1u64, 1u64);
    let (mut x, mut ys) = (0u64, 0u64);
    // About 2^24 steps at most: far beyond what a 63-bit pq needs.
    while g == 1 && r < (1 << 24) {
        x = y;
        for _ in 0..r {
            y = f(y);
        }
        let mut k = 0;
        while k < r && g == 1 {
            ys = y;
            for _ in 0..m.min(r - k) {
                y = f(y);
                q = mul_mod(q, x.abs_diff(y), n);
            }
            g = gcd(q, n);
            k += m;
        }
        r *= 2;
    }
    if g == n {
        loop {
            ys = f(ys);
            g = gcd(x.abs_diff(ys), n);
            if g > 1 {
                break;
            }
        }
    }
    (g != 1 && g != n).then_some(g)
}

/// Splits pq into (p, q), p < q, both prime.
pub fn factorize(pq: u64) -> Result<(u64, u64), PqError> {
    if pq < 4 || is_prime(pq) {
        return Err(PqError::NotSemiprime(pq));
    }
    let factor = if pq.is_multiple_of(2) {
        Some(2)
    } else {
        (1..20u64).find_map(|c| brent(pq, c))
    };
    let p = factor.ok_or(PqError::NotSemiprime(pq))?;
    let q = pq / p;
    if !is_prime(p) || !is_prime(q) {
        return Err(PqError::NotSemiprime(pq));
    }
    Ok((p.min(q), p.max(q)))
}

/// pq from its TL `bytes` (big-endian).
pub fn pq_from_be(bytes: &[u8]) -> Result<u64, PqError> {
    if bytes.len() > 8 {
        return Err(PqError::TooLong(bytes.len()));
    }
    Ok(bytes.iter().fold(0u64, |acc, &b| acc << 8 | b as u64))
}

/// Minimal big-endian bytes of a number (TL form of p, q and pq).
pub fn to_be_minimal(v: u64) -> Vec<u8> {
    let b = v.to_be_bytes();
    let skip = b.iter().take_while(|&&x| x == 0).count().min(7);
    b[skip..].to_vec()
}

/// Server side: two random 31-bit primes p < q, so pq < 2^62 like Telegram's.
pub fn generate(rng: &mut dyn RngCore) -> (u64, u64, u64) {
    let mut prime = || loop {
        let c = (rng.next_u32() as u64 | 0x4000_0001) & 0x7FFF_FFFF;
        if is_prime(c) {
            return c;
        }
    };
    loop {
        let (a, b) = (prime(), prime());
        if a != b {
            let (p, q) = (a.min(b), a.max(b));
            return (p * q, p, q);
        }
    }
}
