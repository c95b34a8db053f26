//! Crypto primitives against official / published vectors.
mod common;
use common::*;
use mtproto::crypto::{ige, message_key, nonce_key, AuthKey};
use mtproto::{envelope, Role};

#[test]
fn ige_openssl_aes128_vectors() {
    let cases = [
        (
            "000102030405060708090A0B0C0D0E0F",
            "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "1A8519A6557BE652E9DA8E43DA4EF4453CF456B4CA488AA383C79C98B34797CB",
        ),
        (
            "5468697320697320616E20696D706C65",
            "6D656E746174696F6E206F6620494745206D6F646520666F72204F70656E5353",
            "99706487A1CDE613BC6DE0B6F24B1C7AA448C8B9C3403E3467A8CAD89340F53B",
            "4C2E204C6574277320686F70652042656E20676F74206974207269676874210A",
        ),
    ];
    for (k, iv, pt, ct) in cases {
        let (k, iv) = (arr::<16>(k), arr::<32>(iv));
        let mut data = hex(pt);
        ige::encrypt_aes128(&mut data, &k, &iv).unwrap();
        assert_eq!(data, hex(ct));
        ige::decrypt_aes128(&mut data, &k, &iv).unwrap();
        assert_eq!(data, hex(pt));
    }
}

#[test]
fn ige_aes256_from_auth_key_example() {
    let v = samples();
    let key = arr::<32>(s(&v, "tmp_aes_key"));
    let iv = arr::<32>(s(&v, "tmp_aes_iv"));
    // server_DH_params_ok: 592-byte answer_with_hash <-> encrypted_answer.
    let mut data = hex(s(&v, "answer_with_hash"));
    assert_eq!(data.len(), 592);
    ige::encrypt(&mut data, &key, &iv).unwrap();
    assert_eq!(data, hex(s(&v, "encrypted_answer")));
    ige::decrypt(&mut data, &key, &iv).unwrap();
    assert_eq!(data, hex(s(&v, "answer_with_hash")));
    // client_DH_inner_data: SHA1 + data + padding -> client_encrypted_data (336 bytes).
    let inner = hex(s(&v, "client_DH_inner_data"));
    let mut dwh = mtproto::crypto::sha1(&[&inner]).to_vec();
    dwh.extend_from_slice(&inner);
    dwh.extend_from_slice(&hex(s(&v, "client_DH_padding")));
    ige::encrypt(&mut dwh, &key, &iv).unwrap();
    assert_eq!(dwh, hex(s(&v, "client_encrypted_data")));
    // The first two blocks vector of ige_vectors.md §3.
    let mut two = hex("60026275CC91DDEC5371C67B10331C4C1D362585BA0D89B5406709F612FADFBE");
    ige::encrypt(&mut two, &key, &iv).unwrap();
    assert_eq!(
        two,
        hex("6AD7DD5D8B2526C761ABE50E93C82A6F331B1EAE0AD011893DA976E3771D4AA4")
    );
}

#[test]
fn ige_rejects_partial_blocks() {
    let mut data = vec![0u8; 17];
    assert_eq!(
        ige::encrypt(&mut data, &[0; 32], &[0; 32]),
        Err(ige::IgeError::Unaligned(17))
    );
    assert_eq!(
        ige::decrypt(&mut data, &[0; 32], &[0; 32]),
        Err(ige::IgeError::Unaligned(17))
    );
}

#[test]
fn nonce_derived_keys_and_hashes() {
    let v = samples();
    let new_nonce = arr::<32>(s(&v, "new_nonce"));
    let server_nonce = arr::<16>(s(&v, "server_nonce"));
    let (k, iv) = nonce_key::tmp_aes_key_iv(&new_nonce, &server_nonce);
    assert_eq!(k.to_vec(), hex(s(&v, "tmp_aes_key")));
    assert_eq!(iv.to_vec(), hex(s(&v, "tmp_aes_iv")));
    let key = AuthKey::from_slice(&hex(s(&v, "auth_key"))).unwrap();
    assert_eq!(key.id().to_le_bytes().to_vec(), hex("65588B3350EF784E"));
    assert_eq!(
        key.aux_hash().to_le_bytes().to_vec(),
        hex("20B5C361A4F5A3D0")
    );
    let h1 = nonce_key::new_nonce_hash(&new_nonce, 1, key.aux_hash());
    assert_eq!(h1.to_vec(), hex(s(&v, "new_nonce_hash1")));
    assert_ne!(nonce_key::new_nonce_hash(&new_nonce, 2, key.aux_hash()), h1);
}

/// The spec-built vector (tests/data/gen_mtproto2_vector.py), both directions.
#[test]
fn mtproto2_message_encryption_vector() {
    let v = mtproto2_vector();
    let key = AuthKey::from_slice(&hex(s(&samples(), "auth_key"))).unwrap();
    for (name, sender) in [("client", Role::Client), ("server", Role::Server)] {
        let c = &v[name];
        let body = hex(s(c, "body"));
        let padding = hex(s(c, "padding"));
        let header = envelope::MessageHeader {
            salt: c["salt"].as_i64().unwrap(),
            session_id: c["session_id"].as_i64().unwrap(),
            msg_id: c["msg_id"].as_i64().unwrap(),
            seq_no: c["seq_no"].as_i64().unwrap() as i32,
        };
        // msg_key / aes key+iv derivation.
        let mut plain = Vec::new();
        plain.extend_from_slice(&header.salt.to_le_bytes());
        plain.extend_from_slice(&header.session_id.to_le_bytes());
        plain.extend_from_slice(&header.msg_id.to_le_bytes());
        plain.extend_from_slice(&header.seq_no.to_le_bytes());
        plain.extend_from_slice(&(body.len() as u32).to_le_bytes());
        plain.extend_from_slice(&body);
        plain.extend_from_slice(&padding);
        let mk = message_key::msg_key(&key, sender, &plain);
        assert_eq!(mk.to_vec(), hex(s(c, "msg_key")), "{name} msg_key");
        let (ak, aiv) = message_key::aes_key_iv(&key, sender, &mk);
        assert_eq!(ak.to_vec(), hex(s(c, "aes_key")), "{name} aes_key");
        assert_eq!(aiv.to_vec(), hex(s(c, "aes_iv")), "{name} aes_iv");
        // encrypt() with the padding scripted: next_u32 picks 0 extra blocks,
        // then the padding bytes themselves.
        let extra = ((padding.len() - 12) / 16) as u32;
        let align = (padding.len() - 12) % 16;
        assert_eq!(align, (16 - (32 + body.len() + 12) % 16) % 16);
        let mut rng = ScriptedRng::new(&[&extra.to_le_bytes(), &padding], 1);
        let packet = envelope::encrypt(&key, sender, &header, &body, &mut rng).unwrap();
        assert_eq!(rng.unread(), 0);
        assert_eq!(packet, hex(s(c, "packet")), "{name} packet");
        // Decryption by the receiver recovers header and body.
        let d = envelope::decrypt(&key, sender, &packet).unwrap();
        assert_eq!(d.header, header);
        assert_eq!(d.body, body);
        // The wrong direction (x) fails the msg_key check.
        assert_eq!(
            envelope::decrypt(&key, sender.peer(), &packet),
            Err(envelope::EnvelopeError::MsgKey)
        );
    }
}

#[test]
fn encrypted_message_rejects_tampering_anywhere() {
    let key = AuthKey::from_slice(&hex(s(&samples(), "auth_key"))).unwrap();
    let mut rng = seeded(7);
    let header = envelope::MessageHeader {
        salt: 1,
        session_id: 2,
        msg_id: 3 << 32,
        seq_no: 1,
    };
    let body = vec![0xABu8; 64];
    let packet = envelope::encrypt(&key, Role::Client, &header, &body, &mut rng).unwrap();
    for i in 0..packet.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = packet.clone();
            bad[i] ^= bit;
            assert!(
                envelope::decrypt(&key, Role::Client, &bad).is_err(),
                "byte {i} bit {bit:#x} accepted"
            );
        }
    }
    // Truncation and garbage lengths.
    for len in 0..packet.len() {
        assert!(
            envelope::decrypt(&key, Role::Client, &packet[..len]).is_err(),
            "prefix {len} accepted"
        );
    }
}

#[test]
fn encrypted_padding_is_in_bounds_and_random() {
    let key = AuthKey::from_slice(&hex(s(&samples(), "auth_key"))).unwrap();
    let mut rng = seeded(9);
    let header = envelope::MessageHeader {
        salt: 1,
        session_id: 2,
        msg_id: 3 << 32,
        seq_no: 1,
    };
    let mut sizes = std::collections::BTreeSet::new();
    for len in (0..200).step_by(4) {
        let body = vec![7u8; len];
        let p = envelope::encrypt(&key, Role::Server, &header, &body, &mut rng).unwrap();
        let pad = p.len() - 24 - 32 - len;
        assert!(
            (12..=1024).contains(&pad) && (p.len() - 24).is_multiple_of(16),
            "pad {pad}"
        );
        sizes.insert(pad);
        assert_eq!(
            envelope::decrypt(&key, Role::Server, &p).unwrap().body,
            body
        );
    }
    assert!(sizes.len() > 8, "padding sizes barely vary: {sizes:?}");
}

#[test]
fn plain_messages() {
    let v = samples();
    // req_pq_multi from the example.
    let body = [hex("F18E7EBE"), hex(s(&v, "nonce"))].concat();
    let msg_id = i64::from_le_bytes(arr::<8>("D4720600503DC565"));
    let packet = envelope::encode_plain(msg_id, &body);
    assert_eq!(
        packet,
        hex("0000000000000000D4720600503DC56514000000F18E7EBE406709F612FADFBEC3F0289D0AA67EEF")
    );
    assert_eq!(
        envelope::decode_plain(&packet).unwrap(),
        (msg_id, &body[..])
    );
    assert!(envelope::decode_plain(&packet[..30]).is_err());
    let mut enc = packet.clone();
    enc[0] = 1;
    assert!(matches!(
        envelope::decode_plain(&enc),
        Err(envelope::EnvelopeError::NotPlain(_))
    ));
    let mut neg = packet.clone();
    neg[16..20].copy_from_slice(&(-1i32).to_le_bytes());
    assert!(matches!(
        envelope::decode_plain(&neg),
        Err(envelope::EnvelopeError::PlainLength { .. })
    ));
}

/// The hardware loop (used on this CPU when it has AES-NI) and the portable
/// `aes`-crate path agree on every length and many keys.
#[test]
fn ige_fast_path_matches_portable_path() {
    use rand::RngCore;
    let mut rng = seeded(31);
    for len in (0..=1024).step_by(16) {
        let mut key = [0u8; 32];
        let mut iv = [0u8; 32];
        rng.fill_bytes(&mut key);
        rng.fill_bytes(&mut iv);
        let mut data = vec![0u8; len];
        rng.fill_bytes(&mut data);
        let mut a = data.clone();
        let mut b = data.clone();
        ige::encrypt(&mut a, &key, &iv).unwrap();
        ige::encrypt_portable(&mut b, &key, &iv).unwrap();
        assert_eq!(a, b, "encrypt len {len}");
        ige::decrypt(&mut a, &key, &iv).unwrap();
        ige::decrypt_portable(&mut b, &key, &iv).unwrap();
        assert_eq!(a, data, "decrypt len {len}");
        assert_eq!(b, data);
    }
}
