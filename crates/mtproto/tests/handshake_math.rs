//! RSA, pq factorisation, DH checks and SRP against the official example and
//! the SRP vector.
mod common;
use common::*;
use mtproto::dh::{self, DhError, DhKeyPair};
use mtproto::rsa_key::{RsaPlaintext, RsaPrivateKey, RsaPublicKey};
use mtproto::{pq, srp};
use num_bigint::BigUint;
use std::sync::OnceLock;

/// One generated server key for all tests here (generation is the slow part).
fn server_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| RsaPrivateKey::generate(&mut seeded(42)).unwrap())
}

#[test]
fn fingerprints_of_telegram_keys() {
    let prod = RsaPublicKey::from_pem(PROD_KEY_PEM).unwrap();
    assert_eq!(prod.fingerprint() as u64, 0xd09d1d85de64fd85);
    // The example's chosen fingerprint, in wire order.
    assert_eq!(
        prod.fingerprint().to_le_bytes().to_vec(),
        hex("85FD64DE851D9DD0")
    );
    let test = RsaPublicKey::from_pem(TEST_KEY_PEM).unwrap();
    assert_eq!(test.fingerprint() as u64, 0xb25898df208d2603);
    // PEM round trip keeps the key.
    let again = RsaPublicKey::from_pem(&prod.to_pkcs1_pem().unwrap()).unwrap();
    assert_eq!(again, prod);
}

#[test]
fn rsa_pad_round_trip_and_tamper() {
    let key = server_key();
    let data = hex(s(&samples(), "p_q_inner_data_dc"));
    let mut rng = seeded(1);
    let enc = key.public().encrypt_rsa_pad(&data, &mut rng).unwrap();
    let plain = key.decrypt_inner(&enc).unwrap();
    assert!(matches!(plain, RsaPlaintext::Pad(_)));
    assert_eq!(&plain.data()[..data.len()], &data[..]);
    // The example's own padding is used when given.
    let mut with_padding = [0u8; 192];
    with_padding[..data.len()].copy_from_slice(&data);
    with_padding[data.len()..].copy_from_slice(&hex(s(&samples(), "rsa_random_padding_bytes")));
    let enc2 = key
        .public()
        .encrypt_rsa_pad_padded(&with_padding, &mut rng)
        .unwrap();
    assert_eq!(key.decrypt_inner(&enc2).unwrap().data(), &with_padding[..]);
    // A flipped bit gives neither scheme.
    let mut bad = enc;
    bad[100] ^= 1;
    assert!(
        key.decrypt_inner(&bad).is_err()
            || matches!(key.decrypt_inner(&bad), Ok(RsaPlaintext::Legacy { .. }))
    );
    if let Ok(p @ RsaPlaintext::Legacy { .. }) = key.decrypt_inner(&bad) {
        assert!(p.legacy_data(data.len()).is_none());
    }
    assert!(key.public().encrypt_rsa_pad(&[0u8; 145], &mut rng).is_err());
    assert!(key.decrypt_inner(&[0u8; 255]).is_err());
    assert!(key.decrypt_inner(&[0xFFu8; 256]).is_err());
}

#[test]
fn rsa_legacy_scheme_round_trip() {
    let key = server_key();
    // p_q_inner_data#83c95aec without dc, as Telethon sends it.
    let data = [
        &hex("EC5AC983")[..],
        &hex(s(&samples(), "p_q_inner_data_dc"))[4..96],
    ]
    .concat();
    let mut rng = seeded(2);
    let enc = key.public().encrypt_legacy(&data, &mut rng).unwrap();
    let plain = key.decrypt_inner(&enc).unwrap();
    assert!(matches!(plain, RsaPlaintext::Legacy { .. }));
    assert_eq!(plain.legacy_data(data.len()).unwrap(), &data[..]);
    assert!(plain.legacy_data(data.len() - 4).is_none());
}

#[test]
fn private_key_pem_round_trip() {
    let key = server_key();
    let pem = key.to_pkcs1_pem().unwrap();
    let back = RsaPrivateKey::from_pem(&pem).unwrap();
    assert_eq!(back.public(), key.public());
    let pub_pem = key.public().to_pkcs1_pem().unwrap();
    assert!(pub_pem.starts_with("-----BEGIN RSA PUBLIC KEY-----"));
    assert!(RsaPrivateKey::from_pem("not a key").is_err());
}

#[test]
fn pq_factorisation() {
    let v = samples();
    let pq_v = v["pq"].as_u64().unwrap();
    assert_eq!(
        pq::factorize(pq_v).unwrap(),
        (v["p"].as_u64().unwrap(), v["q"].as_u64().unwrap())
    );
    assert_eq!(
        pq::pq_from_be(&hex("2565 95ED B776 6797".replace(' ', "").as_str())).unwrap(),
        pq_v
    );
    assert_eq!(pq::to_be_minimal(1513098571), hex("5A300D4B"));
    let mut rng = seeded(3);
    for _ in 0..50 {
        let (n, p, q) = pq::generate(&mut rng);
        assert!(p < q && n < (1 << 63));
        assert_eq!(pq::factorize(n).unwrap(), (p, q));
    }
    assert!(pq::factorize(17).is_err());
    assert!(pq::factorize(0).is_err());
    assert!(pq::factorize(3 * 5 * 7).is_err());
    assert!(pq::pq_from_be(&[1; 9]).is_err());
}

#[test]
fn dh_example_values() {
    let v = samples();
    let p = dh::telegram_dh_prime();
    let answer = hex(s(&v, "answer_with_hash"));
    assert_eq!(
        &answer[20 + 44..20 + 300],
        &p[..],
        "standard prime is the example's dh_prime"
    );
    dh::check_params(3, &p).unwrap();
    let g_a = &answer[20 + 304..20 + 560];
    let b = DhKeyPair::from_secret(3, &p, &hex(s(&v, "b"))).unwrap();
    assert_eq!(b.public().to_vec(), hex(s(&v, "g_b")));
    assert_eq!(b.shared(g_a).unwrap().to_vec(), hex(s(&v, "auth_key")));
}

#[test]
fn dh_checks() {
    let p = dh::telegram_dh_prime();
    let pn = BigUint::from_bytes_be(&p);
    // The standard prime passes the full (slow) test too, and fails for p+2.
    let mut p2 = p;
    p2[255] = p2[255].wrapping_add(2);
    assert!(!dh::is_safe_prime_2048(&p2));
    assert_eq!(dh::check_params(1, &p), Err(DhError::BadGenerator(1)));
    assert_eq!(dh::check_params(8, &p), Err(DhError::BadGenerator(8)));
    // p mod 3 == 2 (g=3 OK), p mod 8 decides g=2.
    let m8 = (&pn % 8u32).to_u32_digits().first().copied().unwrap_or(0);
    assert_eq!(dh::check_params(2, &p).is_ok(), m8 == 7);
    assert_eq!(dh::check_params(4, &p), Ok(()));
    assert_eq!(dh::check_params(3, &p[1..]), Err(DhError::PrimeSize));
    let one = BigUint::from(1u8);
    let bound = &one << 1984;
    assert!(dh::check_value(&bound, &pn).is_ok());
    assert!(dh::check_value(&(&bound - 1u8), &pn).is_err());
    assert!(dh::check_value(&(&pn - &bound), &pn).is_ok());
    assert!(dh::check_value(&(&pn - &bound + 1u8), &pn).is_err());
    assert!(dh::check_value(&one, &pn).is_err());
    assert!(dh::check_value(&(&pn - 1u8), &pn).is_err());
    let kp = DhKeyPair::generate(3, &p, &mut seeded(4)).unwrap();
    // A bogus group cannot make generation spin: it gives up.
    assert!(DhKeyPair::generate(3, &[7], &mut seeded(4)).is_err());
    assert!(kp.shared(&[1]).is_err());
    assert!(kp.shared(&p).is_err());
}

#[test]
fn dh_safe_prime_test_on_other_numbers() {
    // A non-safe 2048-bit prime candidate: the standard prime's (p-1)/2 is prime
    // but 2048-bit odd composites must fail quickly.
    let mut n = [0xFFu8; 256];
    n[255] = 0xFD; // odd, 2048-bit, divisible by ... anything; must not pass
    let composite = BigUint::from_bytes_be(&n) * 1u8;
    let ok = dh::is_safe_prime_2048(&composite.to_bytes_be());
    // 2^2048 - 3 is not a safe prime (its (p-1)/2 is even).
    assert!(!ok);
}

fn srp_params(v: &serde_json::Value) -> srp::SrpParams {
    srp::SrpParams {
        salt1: hex(s(v, "salt1")),
        salt2: hex(s(v, "salt2")),
        g: v["g"].as_i64().unwrap() as i32,
        p: dh::telegram_dh_prime().to_vec(),
    }
}

#[test]
fn srp_vector_both_sides() {
    let v = srp_vector();
    let params = srp_params(&v);
    let pw = s(&v, "password").as_bytes();
    assert_eq!(
        srp::password_hash(pw, &params.salt1, &params.salt2).to_vec(),
        hex(s(&v, "x_PH2"))
    );
    let verifier = srp::verifier(&params, pw).unwrap();
    assert_eq!(verifier.to_vec(), hex(s(&v, "v")));
    // Server: B from b.
    let server = srp::SrpServer::with_secret(params.clone(), &verifier, &hex(s(&v, "b"))).unwrap();
    assert_eq!(server.srp_b().to_vec(), hex(s(&v, "B")));
    // Client: A and M1 from a.
    let proof =
        srp::client_proof_with_secret(&params, pw, &server.srp_b(), &hex(s(&v, "a"))).unwrap();
    assert_eq!(proof.a.to_vec(), hex(s(&v, "A")));
    assert_eq!(proof.m1.to_vec(), hex(s(&v, "M1")));
    server.verify(&proof.a, &proof.m1).unwrap();
    // Wrong password and tampered proof fail.
    let wrong =
        srp::client_proof_with_secret(&params, b"hunter3", &server.srp_b(), &hex(s(&v, "a")))
            .unwrap();
    assert_eq!(
        server.verify(&wrong.a, &wrong.m1),
        Err(srp::SrpError::Mismatch)
    );
    let mut m1 = proof.m1;
    m1[0] ^= 1;
    assert_eq!(server.verify(&proof.a, &m1), Err(srp::SrpError::Mismatch));
    assert_eq!(
        server.verify(&proof.a, &proof.m1[..31]),
        Err(srp::SrpError::Mismatch)
    );
    assert_eq!(
        server.verify(&[1], &proof.m1),
        Err(srp::SrpError::ValueOutOfRange)
    );
    // The client refuses an unsafe B, and the drawing version does not spin on it.
    assert_eq!(
        srp::client_proof_with_secret(&params, pw, &[2], &hex(s(&v, "a"))),
        Err(srp::SrpError::ValueOutOfRange)
    );
    assert_eq!(
        srp::client_proof(&params, pw, &[2], &mut seeded(6)),
        Err(srp::SrpError::ValueOutOfRange)
    );
    let drawn = srp::client_proof(&params, pw, &server.srp_b(), &mut seeded(7)).unwrap();
    server.verify(&drawn.a, &drawn.m1).unwrap();
    let fresh = srp::SrpServer::new(params.clone(), &verifier, &mut seeded(8)).unwrap();
    let p2 = srp::client_proof(&params, pw, &fresh.srp_b(), &mut seeded(9)).unwrap();
    fresh.verify(&p2.a, &p2.m1).unwrap();
    // Bad group.
    let mut bad = params.clone();
    bad.g = 9;
    assert!(srp::verifier(&bad, pw).is_err());
}
