//! AES-256-IGE with AES-NI instructions in one tight loop (x86_64). IGE is
//! sequential, so the per-block cost is what matters; calling the `aes` crate
//! block by block leaves its hardware path behind a function call and a
//! round-key reload per block. Used only when the CPU reports AES-NI.

#![allow(unsafe_code)]

use core::arch::x86_64::*;

/// True when this CPU can run the functions below.
pub(super) fn available() -> bool {
    std::arch::is_x86_feature_detected!("aes") && std::arch::is_x86_feature_detected!("sse2")
}

macro_rules! expand_step {
    ($prev:expr, $assist:expr, $shuffle:expr) => {{
        let t = _mm_shuffle_epi32($assist, $shuffle);
        let mut x = $prev;
        x = _mm_xor_si128(x, _mm_slli_si128(x, 4));
        x = _mm_xor_si128(x, _mm_slli_si128(x, 4));
        x = _mm_xor_si128(x, _mm_slli_si128(x, 4));
        _mm_xor_si128(x, t)
    }};
}

/// The 15 round keys of AES-256 (FIPS-197 key schedule via AESKEYGENASSIST).
#[target_feature(enable = "aes,sse2")]
unsafe fn expand(key: &[u8; 32]) -> [__m128i; 15] {
    let mut rk = [_mm_setzero_si128(); 15];
    let mut a = _mm_loadu_si128(key.as_ptr().cast());
    let mut b = _mm_loadu_si128(key.as_ptr().add(16).cast());
    rk[0] = a;
    rk[1] = b;
    macro_rules! even {
        ($i:expr, $rcon:expr) => {
            a = expand_step!(a, _mm_aeskeygenassist_si128(b, $rcon), 0xFF);
            rk[$i] = a;
        };
    }
    macro_rules! odd {
        ($i:expr) => {
            b = expand_step!(b, _mm_aeskeygenassist_si128(a, 0), 0xAA);
            rk[$i] = b;
        };
    }
    even!(2, 0x01);
    odd!(3);
    even!(4, 0x02);
    odd!(5);
    even!(6, 0x04);
    odd!(7);
    even!(8, 0x08);
    odd!(9);
    even!(10, 0x10);
    odd!(11);
    even!(12, 0x20);
    odd!(13);
    even!(14, 0x40);
    rk
}

#[target_feature(enable = "aes,sse2")]
unsafe fn load(p: &[u8]) -> __m128i {
    _mm_loadu_si128(p.as_ptr().cast())
}

/// # Safety
/// The CPU must support AES-NI ([`available`]); `data.len()` must be a multiple of 16.
#[target_feature(enable = "aes,sse2")]
pub(super) unsafe fn encrypt(data: &mut [u8], key: &[u8; 32], iv: &[u8; 32]) {
    let rk = expand(key);
    let mut prev_c = load(&iv[..16]);
    let mut prev_p = load(&iv[16..]);
    for chunk in data.chunks_exact_mut(16) {
        let p = load(chunk);
        let mut x = _mm_xor_si128(_mm_xor_si128(p, prev_c), rk[0]);
        for k in &rk[1..14] {
            x = _mm_aesenc_si128(x, *k);
        }
        x = _mm_aesenclast_si128(x, rk[14]);
        let c = _mm_xor_si128(x, prev_p);
        _mm_storeu_si128(chunk.as_mut_ptr().cast(), c);
        prev_c = c;
        prev_p = p;
    }
}

/// # Safety
/// As for [`encrypt`].
#[target_feature(enable = "aes,sse2")]
pub(super) unsafe fn decrypt(data: &mut [u8], key: &[u8; 32], iv: &[u8; 32]) {
    let rk = expand(key);
    let mut dk = [_mm_setzero_si128(); 15];
    dk[0] = rk[14];
    for i in 1..14 {
        dk[i] = _mm_aesimc_si128(rk[14 - i]);
    }
    dk[14] = rk[0];
    let mut prev_c = load(&iv[..16]);
    let mut prev_p = load(&iv[16..]);
    for chunk in data.chunks_exact_mut(16) {
        let c = load(chunk);
        let mut x = _mm_xor_si128(_mm_xor_si128(c, prev_p), dk[0]);
        for k in &dk[1..14] {
            x = _mm_aesdec_si128(x, *k);
        }
        x = _mm_aesdeclast_si128(x, dk[14]);
        let p = _mm_xor_si128(x, prev_c);
        _mm_storeu_si128(chunk.as_mut_ptr().cast(), p);
        prev_c = c;
        prev_p = p;
    }
}
