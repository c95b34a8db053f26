//! auth.bindTempAuthKey's encrypted_message, built by the client and checked
//! by the server (no official vector exists; round trip and every mismatch).
mod common;
use common::*;
use mtproto::handshake::bind::{encrypt_binding, verify_binding, BindError, BindRequest};
use mtproto::handshake::wire::BindAuthKeyInner;
use mtproto::AuthKey;

#[test]
fn binding_round_trip_and_mismatches() {
    let perm = AuthKey::from_slice(&hex(s(&samples(), "auth_key"))).unwrap();
    let temp = AuthKey::new([0x77; 256]);
    let inner = BindAuthKeyInner {
        nonce: 0x1234_5678,
        temp_auth_key_id: temp.id() as i64,
        perm_auth_key_id: perm.id() as i64,
        temp_session_id: -99,
        expires_at: 1_700_086_400,
    };
    let msg_id = 0x65C5_3D51_0000_0004;
    let mut rng = seeded(21);
    let enc = encrypt_binding(&perm, msg_id, &inner, &mut rng);
    assert_eq!(enc.len(), 8 + 16 + 80, "72 bytes of plaintext padded to 80");
    let req = BindRequest {
        perm_auth_key_id: perm.id() as i64,
        nonce: inner.nonce,
        expires_at: inner.expires_at,
        msg_id,
        temp_auth_key_id: temp.id() as i64,
        temp_session_id: -99,
    };
    assert_eq!(verify_binding(&perm, &req, &enc), Ok(inner));
    let other = AuthKey::new([0x78; 256]);
    assert_eq!(
        verify_binding(
            &other,
            &BindRequest {
                perm_auth_key_id: other.id() as i64,
                ..req
            },
            &enc
        ),
        Err(BindError::WrongKey)
    );
    for (field, bad) in [
        ("nonce", BindRequest { nonce: 1, ..req }),
        (
            "msg_id",
            BindRequest {
                msg_id: msg_id + 4,
                ..req
            },
        ),
        (
            "expires_at",
            BindRequest {
                expires_at: 5,
                ..req
            },
        ),
        (
            "temp_auth_key_id",
            BindRequest {
                temp_auth_key_id: 5,
                ..req
            },
        ),
        (
            "temp_session_id",
            BindRequest {
                temp_session_id: 5,
                ..req
            },
        ),
    ] {
        assert_eq!(
            verify_binding(&perm, &bad, &enc),
            Err(BindError::Mismatch(field))
        );
    }
    for i in 8..enc.len() {
        let mut t = enc.clone();
        t[i] ^= 0x10;
        assert!(
            verify_binding(&perm, &req, &t).is_err(),
            "tampered byte {i} accepted"
        );
    }
    assert_eq!(
        verify_binding(&perm, &req, &enc[..50]),
        Err(BindError::Malformed)
    );
}
