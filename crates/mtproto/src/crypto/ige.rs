//! AES-IGE (infinite garble extension) as MTProto uses it.
//!
//! The 32-byte IV is `iv1 || iv2`: iv1 stands for the previous ciphertext
//! block and iv2 for the previous plaintext block. IGE adds no padding.

use aes::cipher::{consts::U16, generic_array::GenericArray, BlockDecrypt, BlockEncrypt, KeyInit};
use aes::{Aes128, Aes256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IgeError {
    #[error("IGE input length {0} is not a multiple of 16")]
    Unaligned(usize),
}

/// Encrypts `data` in place with AES-256-IGE.
pub fn encrypt(data: &mut [u8], key: &[u8; 32], iv: &[u8; 32]) -> Result<(), IgeError> {
    encrypt_with(&Aes256::new(key.into()), data, iv)
}

/// Decrypts `data` in place with AES-256-IGE.
pub fn decrypt(data: &mut [u8], key: &[u8; 32], iv: &[u8; 32]) -> Result<(), IgeError> {
    decrypt_with(&Aes256::new(key.into()), data, iv)
}

/// AES-128-IGE, only to check the chaining against OpenSSL's published vectors.
pub fn encrypt_aes128(data: &mut [u8], key: &[u8; 16], iv: &[u8; 32]) -> Result<(), IgeError> {
    encrypt_with(&Aes128::new(key.into()), data, iv)
}

/// AES-128-IGE decryption, the counterpart of [`encrypt_aes128`].
pub fn decrypt_aes128(data: &mut [u8], key: &[u8; 16], iv: &[u8; 32]) -> Result<(), IgeError> {
    decrypt_with(&Aes128::new(key.into()), data, iv)
}

fn halves(iv: &[u8; 32]) -> (u128, u128) {
    let mut a = [0u8; 16];
    let mut b = [0u8; 16];
    a.copy_from_slice(&iv[..16]);
    b.copy_from_slice(&iv[16..]);
    (u128::from_ne_bytes(a), u128::from_ne_bytes(b))
}

fn load(chunk: &[u8]) -> u128 {
    let mut a = [0u8; 16];
    a.copy_from_slice(chunk);
    u128::from_ne_bytes(a)
}

fn encrypt_with<C: BlockEncrypt<BlockSize = U16>>(
    cipher: &C,
    data: &mut [u8],
    iv: &[u8; 32],
) -> Result<(), IgeError> {
    if !data.len().is_multiple_of(16) {
        return Err(IgeError::Unaligned(data.len()));
    }
    let (mut prev_c, mut prev_p) = halves(iv);
    for chunk in data.chunks_exact_mut(16) {
        let p = load(chunk);
        let mut block = GenericArray::from((p ^ prev_c).to_ne_bytes());
        cipher.encrypt_block(&mut block);
        let c = load(&block) ^ prev_p;
        chunk.copy_from_slice(&c.to_ne_bytes());
        prev_c = c;
        prev_p = p;
    }
    Ok(())
}

fn decrypt_with<C: BlockDecrypt<BlockSize = U16>>(
    cipher: &C,
    data: &mut [u8],
    iv: &[u8; 32],
) -> Result<(), IgeError> {
    if !data.len().is_multiple_of(16) {
        return Err(IgeError::Unaligned(data.len()));
    }
    let (mut prev_c, mut prev_p) = halves(iv);
    for chunk in data.chunks_exact_mut(16) {
        let c = load(chunk);
        let mut block = GenericArray::from((c ^ prev_p).to_ne_bytes());
        cipher.decrypt_block(&mut block);
        let p = load(&block) ^ prev_c;
        chunk.copy_from_slice(&p.to_ne_bytes());
        prev_c = c;
        prev_p = p;
    }
    Ok(())
}
