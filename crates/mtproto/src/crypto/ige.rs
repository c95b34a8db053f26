//! AES-IGE (infinite garble extension) as MTProto uses it.
//!
//! The 32-byte IV is `iv1 || iv2`: iv1 stands for the previous ciphertext
//! block and iv2 for the previous plaintext block. IGE adds no padding.

use aes::cipher::{
    consts::U16, generic_array::GenericArray, BlockBackend, BlockClosure, BlockDecrypt,
    BlockEncrypt, BlockSizeUser, KeyInit,
};
use aes::{Aes128, Aes256};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IgeError {
    #[error("IGE input length {0} is not a multiple of 16")]
    Unaligned(usize),
}

/// Encrypts `data` in place with AES-256-IGE.
pub fn encrypt(data: &mut [u8], key: &[u8; 32], iv: &[u8; 32]) -> Result<(), IgeError> {
    #[cfg(target_arch = "x86_64")]
    if super::ige_ni::available() {
        if !data.len().is_multiple_of(16) {
            return Err(IgeError::Unaligned(data.len()));
        }
        // SAFETY: AES-NI is present (checked above) and the length is whole blocks.
        unsafe { super::ige_ni::encrypt(data, key, iv) };
        return Ok(());
    }
    encrypt_portable(data, key, iv)
}

/// Decrypts `data` in place with AES-256-IGE.
pub fn decrypt(data: &mut [u8], key: &[u8; 32], iv: &[u8; 32]) -> Result<(), IgeError> {
    #[cfg(target_arch = "x86_64")]
    if super::ige_ni::available() {
        if !data.len().is_multiple_of(16) {
            return Err(IgeError::Unaligned(data.len()));
        }
        // SAFETY: as in `encrypt`.
        unsafe { super::ige_ni::decrypt(data, key, iv) };
        return Ok(());
    }
    decrypt_portable(data, key, iv)
}

/// AES-256-IGE through the `aes` crate on any CPU (the reference path the
/// AES-NI loop is tested against).
pub fn encrypt_portable(data: &mut [u8], key: &[u8; 32], iv: &[u8; 32]) -> Result<(), IgeError> {
    encrypt_with(&Aes256::new(key.into()), data, iv)
}

/// Decryption counterpart of [`encrypt_portable`].
pub fn decrypt_portable(data: &mut [u8], key: &[u8; 32], iv: &[u8; 32]) -> Result<(), IgeError> {
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

/// The whole IGE chain runs inside one backend call, so the hardware-AES
/// dispatch happens once per buffer instead of once per block.
struct Chain<'a> {
    data: &'a mut [u8],
    iv: &'a [u8; 32],
    encrypt: bool,
}

impl BlockSizeUser for Chain<'_> {
    type BlockSize = U16;
}

impl BlockClosure for Chain<'_> {
    fn call<B: BlockBackend<BlockSize = U16>>(self, backend: &mut B) {
        let (mut prev_c, mut prev_p) = halves(self.iv);
        for chunk in self.data.chunks_exact_mut(16) {
            let x = load(chunk);
            let mut block = GenericArray::from(
                if self.encrypt { x ^ prev_c } else { x ^ prev_p }.to_ne_bytes(),
            );
            backend.proc_block((&mut block).into());
            if self.encrypt {
                let c = load(&block) ^ prev_p;
                chunk.copy_from_slice(&c.to_ne_bytes());
                prev_c = c;
                prev_p = x;
            } else {
                let p = load(&block) ^ prev_c;
                chunk.copy_from_slice(&p.to_ne_bytes());
                prev_c = x;
                prev_p = p;
            }
        }
    }
}

fn encrypt_with<C: BlockEncrypt<BlockSize = U16>>(
    cipher: &C,
    data: &mut [u8],
    iv: &[u8; 32],
) -> Result<(), IgeError> {
    if !data.len().is_multiple_of(16) {
        return Err(IgeError::Unaligned(data.len()));
    }
    cipher.encrypt_with_backend(Chain {
        data,
        iv,
        encrypt: true,
    });
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
    cipher.decrypt_with_backend(Chain {
        data,
        iv,
        encrypt: false,
    });
    Ok(())
}
