//! Arbitrary bytes into a server codec (detection + every framing) and into
//! client codecs of each kind, fed in two chunks: must never panic or loop.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mtproto::transport::{Codec, TransportKind};

fn drain(codec: &mut Codec) {
    // Each frame consumes bytes, so this is bounded by the input length.
    for _ in 0..100_000 {
        match codec.next_frame() {
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return,
        }
    }
    panic!("codec produced frames without consuming input");
}

fuzz_target!(|data: &[u8]| {
    let split = data.first().map(|&b| b as usize % (data.len() + 1)).unwrap_or(0);
    let (a, b) = data.split_at(split);
    let mut server = Codec::server();
    server.feed(a);
    drain(&mut server);
    server.feed(b);
    drain(&mut server);
    for kind in [
        TransportKind::Abridged,
        TransportKind::Intermediate,
        TransportKind::PaddedIntermediate,
        TransportKind::Full,
    ] {
        let mut client = Codec::client(kind);
        client.feed(a);
        drain(&mut client);
        client.feed(b);
        drain(&mut client);
    }
});
