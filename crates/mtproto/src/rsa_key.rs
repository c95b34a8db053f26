//! The server's RSA key: fingerprints, and the encryption of p_q_inner_data
//! (RSA_PAD for current clients, the legacy SHA1 scheme that Telethon sends).
//!
//! The `rsa` crate parses and generates keys; the raw `m^e mod n` that
//! MTProto uses (no PKCS#1 padding) is done here with num-bigint.

use ::rsa::pkcs1::{
    DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey, EncodeRsaPublicKey, LineEnding,
};
use ::rsa::pkcs8::{DecodePrivateKey, DecodePublicKey};
use ::rsa::traits::{PrivateKeyParts, PublicKeyParts};
use num_bigint::BigUint;
use rand_core::{CryptoRng, RngCore};

use crate::crypto::{ige, sha1, sha256};

/// MTProto's RSA step works on 2048-bit keys only.
pub const KEY_BYTES: usize = 256;
/// Largest p_q_inner_data RSA_PAD accepts.
pub const RSA_PAD_MAX_DATA: usize = 144;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RsaError {
    #[error("cannot parse the RSA key: {0}")]
    Pem(String),
    #[error("RSA modulus must be 2048 bits, got {0}")]
    KeySize(u64),
    #[error("data of {0} bytes is too long for the RSA step")]
    DataTooLong(usize),
    #[error("encrypted data must be 256 bytes, got {0}")]
    CiphertextLength(usize),
    #[error("encrypted data is not smaller than the modulus")]
    OutOfRange,
    #[error("decrypted data matches neither RSA_PAD nor the legacy SHA1 scheme")]
    BadPadding,
    #[error("key generation failed: {0}")]
    Generate(String),
}

fn to_fixed(n: &BigUint) -> [u8; KEY_BYTES] {
    let b = n.to_bytes_be();
    let mut out = [0u8; KEY_BYTES];
    let at = KEY_BYTES.saturating_sub(b.len());
    out[at..].copy_from_slice(&b[b.len().saturating_sub(KEY_BYTES)..]);
    out
}

fn dig(n: &::rsa::BigUint) -> BigUint {
    BigUint::from_bytes_be(&n.to_bytes_be())
}

/// A server public key, as the client knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsaPublicKey {
    n: BigUint,
    e: BigUint,
}

impl RsaPublicKey {
    /// From big-endian modulus and exponent.
    pub fn new(n_be: &[u8], e_be: &[u8]) -> Result<Self, RsaError> {
        let n = BigUint::from_bytes_be(n_be);
        if n.bits() != 2048 {
            return Err(RsaError::KeySize(n.bits()));
        }
        Ok(RsaPublicKey {
            n,
            e: BigUint::from_bytes_be(e_be),
        })
    }

    /// Parses PKCS#1 (`BEGIN RSA PUBLIC KEY`) or SPKI (`BEGIN PUBLIC KEY`) PEM.
    pub fn from_pem(pem: &str) -> Result<Self, RsaError> {
        let key = ::rsa::RsaPublicKey::from_pkcs1_pem(pem)
            .or_else(|_| ::rsa::RsaPublicKey::from_public_key_pem(pem))
            .map_err(|e| RsaError::Pem(e.to_string()))?;
        Self::new(&key.n().to_bytes_be(), &key.e().to_bytes_be())
    }

    /// PKCS#1 PEM, the form Telegram publishes and Telethon loads.
    pub fn to_pkcs1_pem(&self) -> Result<String, RsaError> {
        let key = ::rsa::RsaPublicKey::new(
            ::rsa::BigUint::from_bytes_be(&self.n.to_bytes_be()),
            ::rsa::BigUint::from_bytes_be(&self.e.to_bytes_be()),
        )
        .map_err(|e| RsaError::Pem(e.to_string()))?;
        key.to_pkcs1_pem(LineEnding::LF)
            .map_err(|e| RsaError::Pem(e.to_string()))
    }

    pub fn n_be(&self) -> Vec<u8> {
        self.n.to_bytes_be()
    }

    pub fn e_be(&self) -> Vec<u8> {
        self.e.to_bytes_be()
    }

    /// The 64 low-order bits of SHA1 of `rsa_public_key n:bytes e:bytes`
    /// (bare, no constructor), as resPQ lists them.
    pub fn fingerprint(&self) -> i64 {
        let mut tl = Vec::with_capacity(270);
        tl::write::put_bytes(&mut tl, &self.n.to_bytes_be());
        tl::write::put_bytes(&mut tl, &self.e.to_bytes_be());
        let h = sha1(&[&tl]);
        i64::from_le_bytes(h[12..20].try_into().unwrap_or([0; 8]))
    }

    fn raw_encrypt(&self, m: &[u8]) -> Result<[u8; KEY_BYTES], RsaError> {
        let m = BigUint::from_bytes_be(m);
        if m >= self.n {
            return Err(RsaError::OutOfRange);
        }
        Ok(to_fixed(&m.modpow(&self.e, &self.n)))
    }

    /// RSA_PAD: the scheme current clients use for p_q_inner_data*.
    pub fn encrypt_rsa_pad(
        &self,
        data: &[u8],
        rng: &mut dyn RngCore,
    ) -> Result<[u8; KEY_BYTES], RsaError> {
        if data.len() > RSA_PAD_MAX_DATA {
            return Err(RsaError::DataTooLong(data.len()));
        }
        let mut with_padding = [0u8; 192];
        with_padding[..data.len()].copy_from_slice(data);
        rng.fill_bytes(&mut with_padding[data.len()..]);
        self.encrypt_rsa_pad_padded(&with_padding, rng)
    }

    /// RSA_PAD with the 192-byte `data + random padding` given (for vectors).
    pub fn encrypt_rsa_pad_padded(
        &self,
        with_padding: &[u8; 192],
        rng: &mut dyn RngCore,
    ) -> Result<[u8; KEY_BYTES], RsaError> {
        loop {
            let mut temp_key = [0u8; 32];
            rng.fill_bytes(&mut temp_key);
            let block = rsa_pad_block(with_padding, &temp_key);
            if BigUint::from_bytes_be(&block) < self.n {
                return self.raw_encrypt(&block);
            }
        }
    }

    /// The legacy scheme: RSA(SHA1(data) + data + random padding to 255 bytes).
    pub fn encrypt_legacy(
        &self,
        data: &[u8],
        rng: &mut dyn RngCore,
    ) -> Result<[u8; KEY_BYTES], RsaError> {
        if data.len() > 255 - 20 {
            return Err(RsaError::DataTooLong(data.len()));
        }
        let mut block = [0u8; 255];
        block[..20].copy_from_slice(&sha1(&[data]));
        block[20..20 + data.len()].copy_from_slice(data);
        rng.fill_bytes(&mut block[20 + data.len()..]);
        self.raw_encrypt(&block)
    }
}

/// key_aes_encrypted = (temp_key XOR SHA256(aes_encrypted)) + aes_encrypted,
/// where aes_encrypted = AES256_IGE(reverse(data_with_padding) +
/// SHA256(temp_key + data_with_padding), temp_key, zero IV).
fn rsa_pad_block(with_padding: &[u8; 192], temp_key: &[u8; 32]) -> [u8; KEY_BYTES] {
    let mut block = [0u8; KEY_BYTES];
    let aes_part = &mut block[32..];
    aes_part[..192].copy_from_slice(with_padding);
    aes_part[..192].reverse();
    aes_part[192..].copy_from_slice(&sha256(&[temp_key, with_padding]));
    // 224 bytes: always whole blocks.
    let _ = ige::encrypt(aes_part, temp_key, &[0u8; 32]);
    let h = sha256(&[&block[32..]]);
    for i in 0..32 {
        block[i] = temp_key[i] ^ h[i];
    }
    block
}

/// What the server recovered from encrypted_data.
#[derive(Clone, PartialEq, Eq)]
pub enum RsaPlaintext {
    /// RSA_PAD: data followed by random padding (192 bytes; the TL object
    /// inside tells its own length).
    Pad([u8; 192]),
    /// Legacy: SHA1 of the data, then data + padding (235 bytes). Confirm with
    /// [`RsaPlaintext::legacy_data`] once the TL length is known.
    Legacy { sha1: [u8; 20], rest: [u8; 235] },
}

impl std::fmt::Debug for RsaPlaintext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RsaPlaintext::Pad(_) => f.write_str("RsaPlaintext::Pad"),
            RsaPlaintext::Legacy { .. } => f.write_str("RsaPlaintext::Legacy"),
        }
    }
}

impl RsaPlaintext {
    /// The bytes that hold the TL object (followed by padding).
    pub fn data(&self) -> &[u8] {
        match self {
            RsaPlaintext::Pad(d) => d,
            RsaPlaintext::Legacy { rest, .. } => rest,
        }
    }

    /// Legacy only: the first `len` bytes if their SHA1 matches.
    pub fn legacy_data(&self, len: usize) -> Option<&[u8]> {
        match self {
            RsaPlaintext::Legacy { sha1: h, rest } => {
                let d = rest.get(..len)?;
                (sha1(&[d]) == *h).then_some(d)
            }
            RsaPlaintext::Pad(_) => None,
        }
    }
}

/// The server's private key.
#[derive(Clone)]
pub struct RsaPrivateKey {
    public: RsaPublicKey,
    p: BigUint,
    q: BigUint,
    dp: BigUint,
    dq: BigUint,
    qinv: BigUint,
}

impl std::fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "RsaPrivateKey(fingerprint={:#x})",
            self.public.fingerprint()
        )
    }
}

impl RsaPrivateKey {
    fn from_rsa(key: &::rsa::RsaPrivateKey) -> Result<Self, RsaError> {
        let public = RsaPublicKey::new(&key.n().to_bytes_be(), &key.e().to_bytes_be())?;
        let primes = key.primes();
        let (Some(p), Some(q)) = (primes.first(), primes.get(1)) else {
            return Err(RsaError::Pem("key without two primes".into()));
        };
        let (p, q, d) = (dig(p), dig(q), dig(key.d()));
        let one = BigUint::from(1u8);
        let dp = &d % (&p - &one);
        let dq = &d % (&q - &one);
        // q^-1 mod p by Fermat (p is prime).
        let qinv = q.modpow(&(&p - 2u8), &p);
        Ok(RsaPrivateKey {
            public,
            p,
            q,
            dp,
            dq,
            qinv,
        })
    }

    /// Parses PKCS#1 (`BEGIN RSA PRIVATE KEY`) or PKCS#8 (`BEGIN PRIVATE KEY`) PEM.
    pub fn from_pem(pem: &str) -> Result<Self, RsaError> {
        let key = ::rsa::RsaPrivateKey::from_pkcs1_pem(pem)
            .or_else(|_| ::rsa::RsaPrivateKey::from_pkcs8_pem(pem))
            .map_err(|e| RsaError::Pem(e.to_string()))?;
        Self::from_rsa(&key)
    }

    /// A fresh 2048-bit key (seconds of CPU in debug builds).
    pub fn generate<R: RngCore + CryptoRng>(rng: &mut R) -> Result<Self, RsaError> {
        let key =
            ::rsa::RsaPrivateKey::new(rng, 2048).map_err(|e| RsaError::Generate(e.to_string()))?;
        Self::from_rsa(&key)
    }

    /// PKCS#1 PEM of the private key.
    pub fn to_pkcs1_pem(&self) -> Result<String, RsaError> {
        let n = ::rsa::BigUint::from_bytes_be(&self.public.n.to_bytes_be());
        let e = ::rsa::BigUint::from_bytes_be(&self.public.e.to_bytes_be());
        let p = ::rsa::BigUint::from_bytes_be(&self.p.to_bytes_be());
        let q = ::rsa::BigUint::from_bytes_be(&self.q.to_bytes_be());
        let key =
            ::rsa::RsaPrivateKey::from_p_q(p, q, e).map_err(|e| RsaError::Pem(e.to_string()))?;
        if key.n() != &n {
            return Err(RsaError::Pem("modulus mismatch".into()));
        }
        key.to_pkcs1_pem(LineEnding::LF)
            .map(|s| s.to_string())
            .map_err(|e| RsaError::Pem(e.to_string()))
    }

    pub fn public(&self) -> &RsaPublicKey {
        &self.public
    }

    fn raw_decrypt(&self, c: &[u8]) -> Result<[u8; KEY_BYTES], RsaError> {
        if c.len() != KEY_BYTES {
            return Err(RsaError::CiphertextLength(c.len()));
        }
        let c = BigUint::from_bytes_be(c);
        if c >= self.public.n {
            return Err(RsaError::OutOfRange);
        }
        // CRT: m1 = c^dp mod p, m2 = c^dq mod q, h = qinv (m1 - m2) mod p.
        let m1 = c.modpow(&self.dp, &self.p);
        let m2 = c.modpow(&self.dq, &self.q);
        let m2p = &m2 % &self.p;
        let diff = if m1 >= m2p {
            m1 - m2p
        } else {
            m1 + &self.p - m2p
        };
        let h = (&self.qinv * diff) % &self.p;
        Ok(to_fixed(&(m2 + h * &self.q)))
    }

    /// Decrypts req_DH_params' encrypted_data, recognising RSA_PAD first and
    /// the legacy SHA1 scheme second.
    pub fn decrypt_inner(&self, encrypted: &[u8]) -> Result<RsaPlaintext, RsaError> {
        let m = self.raw_decrypt(encrypted)?;
        let aes_encrypted = &m[32..];
        let h = sha256(&[aes_encrypted]);
        let mut temp_key = [0u8; 32];
        for i in 0..32 {
            temp_key[i] = m[i] ^ h[i];
        }
        let mut dwh = [0u8; 224];
        dwh.copy_from_slice(aes_encrypted);
        let _ = ige::decrypt(&mut dwh, &temp_key, &[0u8; 32]);
        let mut with_padding = [0u8; 192];
        with_padding.copy_from_slice(&dwh[..192]);
        with_padding.reverse();
        if sha256(&[&temp_key, &with_padding])[..] == dwh[192..] {
            return Ok(RsaPlaintext::Pad(with_padding));
        }
        if m[0] == 0 {
            let mut sha = [0u8; 20];
            sha.copy_from_slice(&m[1..21]);
            let mut rest = [0u8; 235];
            rest.copy_from_slice(&m[21..]);
            return Ok(RsaPlaintext::Legacy { sha1: sha, rest });
        }
        Err(RsaError::BadPadding)
    }
}
