//! SRP-2048 for 2FA passwords
//! (passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow),
//! both the client proof and the server check.

use num_bigint::BigUint;
use num_traits::Zero;
use rand_core::RngCore;
use sha2::{Digest, Sha256, Sha512};

use crate::dh::{check_params, check_value, to_256, DhError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    #[error("bad SRP group: {0}")]
    Group(#[from] DhError),
    #[error("SRP value out of range")]
    ValueOutOfRange,
    /// The random secret gave an unusable A or B (or u = 0); draw again.
    #[error("the random secret gave an unusable value")]
    UnluckySecret,
    #[error("password proof does not match")]
    Mismatch,
}

/// The algorithm's parameters as account.password carries them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SrpParams {
    pub salt1: Vec<u8>,
    pub salt2: Vec<u8>,
    pub g: i32,
    /// 256 big-endian bytes.
    pub p: Vec<u8>,
}

fn h(parts: &[&[u8]]) -> [u8; 32] {
    let mut d = Sha256::new();
    for p in parts {
        d.update(p);
    }
    d.finalize().into()
}

fn sh(data: &[u8], salt: &[u8]) -> [u8; 32] {
    h(&[salt, data, salt])
}

/// x = PH2(password, salt1, salt2): SH(PBKDF2-HMAC-SHA512(PH1, salt1, 100000), salt2).
pub fn password_hash(password: &[u8], salt1: &[u8], salt2: &[u8]) -> [u8; 32] {
    let ph1 = sh(&sh(password, salt1), salt2);
    let mut out = [0u8; 64];
    pbkdf2::pbkdf2_hmac::<Sha512>(&ph1, salt1, 100_000, &mut out);
    sh(&out, salt2)
}

struct Group {
    g: BigUint,
    p: BigUint,
    g_pad: [u8; 256],
    p_pad: [u8; 256],
    k: BigUint,
}

impl Group {
    fn new(params: &SrpParams) -> Result<Group, SrpError> {
        check_params(params.g, &params.p)?;
        let g = BigUint::from(params.g as u32);
        let p = BigUint::from_bytes_be(&params.p);
        let g_pad = to_256(&g);
        let p_pad = to_256(&p);
        let k = BigUint::from_bytes_be(&h(&[&p_pad, &g_pad]));
        Ok(Group {
            g,
            p,
            g_pad,
            p_pad,
            k,
        })
    }

    fn m1(
        &self,
        params: &SrpParams,
        a_pad: &[u8; 256],
        b_pad: &[u8; 256],
        k_hash: &[u8; 32],
    ) -> [u8; 32] {
        let hp = h(&[&self.p_pad]);
        let hg = h(&[&self.g_pad]);
        let mut x = [0u8; 32];
        for i in 0..32 {
            x[i] = hp[i] ^ hg[i];
        }
        h(&[
            &x,
            &h(&[&params.salt1]),
            &h(&[&params.salt2]),
            a_pad,
            b_pad,
            k_hash,
        ])
    }
}

/// The verifier v = g^x mod p a server stores instead of the password.
pub fn verifier(params: &SrpParams, password: &[u8]) -> Result<[u8; 256], SrpError> {
    let grp = Group::new(params)?;
    let x = BigUint::from_bytes_be(&password_hash(password, &params.salt1, &params.salt2));
    Ok(to_256(&grp.g.modpow(&x, &grp.p)))
}

/// What the client sends in inputCheckPasswordSRP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SrpProof {
    /// A = g^a mod p, 256 bytes.
    pub a: [u8; 256],
    pub m1: [u8; 32],
}

/// Client: proof for `password` against the server's `srp_B`, drawing `a`.
pub fn client_proof(
    params: &SrpParams,
    password: &[u8],
    srp_b: &[u8],
    rng: &mut dyn RngCore,
) -> Result<SrpProof, SrpError> {
    for _ in 0..64 {
        let mut a = [0u8; 256];
        rng.fill_bytes(&mut a);
        match client_proof_with_secret(params, password, srp_b, &a) {
            Err(SrpError::UnluckySecret) => continue,
            other => return other,
        }
    }
    Err(SrpError::UnluckySecret)
}

/// Client proof with a given secret `a` (for vectors). Fails with
/// `ValueOutOfRange` if the server's B or g_b is unsafe, `UnluckySecret` if A
/// is (or u = 0).
pub fn client_proof_with_secret(
    params: &SrpParams,
    password: &[u8],
    srp_b: &[u8],
    a_secret: &[u8],
) -> Result<SrpProof, SrpError> {
    let grp = Group::new(params)?;
    let b = BigUint::from_bytes_be(srp_b);
    if b.is_zero() || b >= grp.p {
        return Err(SrpError::ValueOutOfRange);
    }
    check_value(&b, &grp.p).map_err(|_| SrpError::ValueOutOfRange)?;
    let x = BigUint::from_bytes_be(&password_hash(password, &params.salt1, &params.salt2));
    let g_x = grp.g.modpow(&x, &grp.p);
    let a = BigUint::from_bytes_be(a_secret);
    let kv = (&grp.k * &g_x) % &grp.p;
    let t = if b >= kv { &b - &kv } else { &b + &grp.p - &kv };
    check_value(&t, &grp.p).map_err(|_| SrpError::ValueOutOfRange)?;
    let big_a = grp.g.modpow(&a, &grp.p);
    check_value(&big_a, &grp.p).map_err(|_| SrpError::UnluckySecret)?;
    let a_pad = to_256(&big_a);
    let b_pad = to_256(&b);
    let u = BigUint::from_bytes_be(&h(&[&a_pad, &b_pad]));
    if u.is_zero() {
        return Err(SrpError::UnluckySecret);
    }
    let s = t.modpow(&(&a + &u * &x), &grp.p);
    let k_hash = h(&[&to_256(&s)]);
    Ok(SrpProof {
        a: a_pad,
        m1: grp.m1(params, &a_pad, &b_pad, &k_hash),
    })
}

/// Server side of one password check (account.getPassword → auth.checkPassword).
#[derive(Clone)]
pub struct SrpServer {
    params: SrpParams,
    verifier: BigUint,
    b_secret: BigUint,
    b_pad: [u8; 256],
}

impl std::fmt::Debug for SrpServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SrpServer")
    }
}

impl SrpServer {
    /// Draws b until B = k*v + g^b mod p is in the safe range.
    pub fn new(
        params: SrpParams,
        verifier: &[u8],
        rng: &mut dyn RngCore,
    ) -> Result<Self, SrpError> {
        for _ in 0..64 {
            let mut b = [0u8; 256];
            rng.fill_bytes(&mut b);
            match Self::with_secret(params.clone(), verifier, &b) {
                Err(SrpError::UnluckySecret) => continue,
                other => return other,
            }
        }
        Err(SrpError::UnluckySecret)
    }

    /// With a given secret b (vectors).
    pub fn with_secret(
        params: SrpParams,
        verifier: &[u8],
        b_secret: &[u8],
    ) -> Result<Self, SrpError> {
        let grp = Group::new(&params)?;
        let v = BigUint::from_bytes_be(verifier);
        let b = BigUint::from_bytes_be(b_secret);
        let big_b = (&grp.k * &v + grp.g.modpow(&b, &grp.p)) % &grp.p;
        check_value(&big_b, &grp.p).map_err(|_| SrpError::UnluckySecret)?;
        Ok(SrpServer {
            params,
            verifier: v,
            b_secret: b,
            b_pad: to_256(&big_b),
        })
    }

    /// srp_B for account.password.
    pub fn srp_b(&self) -> [u8; 256] {
        self.b_pad
    }

    /// Checks the client's A and M1.
    pub fn verify(&self, srp_a: &[u8], m1: &[u8]) -> Result<(), SrpError> {
        let grp = Group::new(&self.params)?;
        let a = BigUint::from_bytes_be(srp_a);
        check_value(&a, &grp.p).map_err(|_| SrpError::ValueOutOfRange)?;
        let a_pad = to_256(&a);
        let u = BigUint::from_bytes_be(&h(&[&a_pad, &self.b_pad]));
        if u.is_zero() {
            return Err(SrpError::ValueOutOfRange);
        }
        let s = (a * self.verifier.modpow(&u, &grp.p)).modpow(&self.b_secret, &grp.p);
        let k_hash = h(&[&to_256(&s)]);
        let expected = grp.m1(&self.params, &a_pad, &self.b_pad, &k_hash);
        let diff = expected
            .iter()
            .zip(m1.iter().chain(std::iter::repeat(&0u8)))
            .fold((m1.len() != 32) as u8, |acc, (x, y)| acc | (x ^ y));
        if diff == 0 {
            Ok(())
        } else {
            Err(SrpError::Mismatch)
        }
    }
}
