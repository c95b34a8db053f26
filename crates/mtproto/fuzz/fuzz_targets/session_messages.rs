//! Arbitrary message bodies, correctly encrypted, into both session roles:
//! containers, gzip_packed, service messages and their parsers must never
//! panic or loop, and must leave the sessions usable.
#![no_main]
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use mtproto::envelope::{self, MessageHeader};
use mtproto::msg_id::msg_id_at;
use mtproto::salt::SaltSchedule;
use mtproto::session::{ClientSession, ServerSession, ServerSessionConfig};
use mtproto::{AuthKey, Role, UnixTime};
use rand_core::{impls, RngCore};

/// Deterministic counter "randomness": the fuzzer drives the input, not the RNG.
struct Counter(u64);
impl RngCore for Counter {
    fn next_u32(&mut self) -> u32 {
        self.next_u64() as u32
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        impls::fill_bytes_via_next(self, dest)
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let body = &rest[..rest.len() / 4 * 4];
    let key = AuthKey::new([0x33; 256]);
    let now = UnixTime::from_secs(1_700_000_000);
    let salts = SaltSchedule::new([1; 32]);
    let mut rng = Counter(flags as u64);
    let base = msg_id_at(now) & !3;

    let mut server = ServerSession::new(Arc::new(ServerSessionConfig { salts: salts.clone() }), key.clone());
    let h = MessageHeader {
        salt: salts.salt_at(now.as_secs()),
        session_id: 7,
        msg_id: base,
        seq_no: (flags & 3) as i32,
    };
    if let Ok(p) = envelope::encrypt(&key, Role::Client, &h, body, &mut rng) {
        let _ = server.handle_packet(now, &p);
        for _ in 0..10_000 {
            if server.poll_event().is_none() {
                break;
            }
        }
        let _ = server.poll_transmit(now, &mut rng);
    }

    let mut client = ClientSession::new(key.clone(), 0, 0, &mut rng);
    client.invoke(vec![1, 2, 3, 4]);
    let _ = client.poll_transmit(now, &mut rng);
    let h = MessageHeader {
        salt: 0,
        session_id: client.session_id(),
        msg_id: base | 1,
        seq_no: (flags >> 2 & 3) as i32,
    };
    if let Ok(p) = envelope::encrypt(&key, Role::Server, &h, body, &mut rng) {
        let _ = client.handle_packet(now, &p);
        for _ in 0..10_000 {
            if client.poll_event().is_none() {
                break;
            }
        }
        let _ = client.poll_transmit(now, &mut rng);
    }
});
