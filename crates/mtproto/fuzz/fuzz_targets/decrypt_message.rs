//! Arbitrary packets into MTProto 2.0 decryption (both directions) and the
//! unencrypted-message parser. The first 8 bytes are replaced by the key id
//! half the time so inputs get past the key check into AES and length checks.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtproto::{envelope, AuthKey, Role};

fuzz_target!(|data: &[u8]| {
    let key = AuthKey::new([0x5A; 256]);
    let mut packet = data.to_vec();
    if packet.len() >= 8 && packet[0] & 1 == 1 {
        packet[..8].copy_from_slice(&key.id().to_le_bytes());
    }
    for role in [Role::Client, Role::Server] {
        if let Ok(d) = envelope::decrypt(&key, role, &packet) {
            assert!(d.body.len() + 32 + 12 <= packet.len());
        }
    }
    let _ = envelope::decode_plain(&packet);
});
