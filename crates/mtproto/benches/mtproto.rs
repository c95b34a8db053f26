//! Throughput of the crypto core, printed next to `openssl speed` measured in
//! the same run, plus whole-message and whole-handshake figures.
//! Run: `cargo bench -p mtproto --bench mtproto`. Prints figures; asserts nothing.
//! All times are thread CPU time (like `openssl speed` without `-elapsed`).

use std::process::Command;
use std::sync::Arc;

use mtproto::crypto::{ige, sha256};
use mtproto::envelope::{self, MessageHeader};
use mtproto::handshake::{
    ClientHandshake, ClientStep, KeyKind, ServerHandshake, ServerHandshakeConfig, ServerStep,
};
use mtproto::rsa_key::RsaPrivateKey;
use mtproto::{AuthKey, Role, UnixTime};
use rand::SeedableRng;

const BUF: usize = 16 * 1024;

/// CPU time of this thread: `openssl speed` divides by CPU time too, so the
/// ratio holds on a machine shared with other jobs.
fn cpu_secs() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a valid out-pointer.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// Runs `f` over a 16 KiB buffer for about `secs` of CPU time, returns MB/s (10^6 bytes).
fn throughput(secs: f64, mut f: impl FnMut(&mut [u8])) -> f64 {
    let mut buf = vec![0x5Au8; BUF];
    for _ in 0..100 {
        f(&mut buf);
    }
    let start = cpu_secs();
    let mut bytes = 0usize;
    while cpu_secs() - start < secs {
        for _ in 0..64 {
            f(&mut buf);
        }
        bytes += 64 * BUF;
    }
    std::hint::black_box(&buf);
    bytes as f64 / (cpu_secs() - start) / 1e6
}

/// `openssl speed -evp ALG` at 16384 bytes, in MB/s; None if openssl is missing.
fn openssl_speed(alg: &str) -> Option<f64> {
    let out = Command::new("openssl")
        .args(["speed", "-seconds", "1", "-bytes", "16384", "-evp", alg])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.to_lowercase().starts_with(&alg.to_lowercase()))?;
    let k = line.split_whitespace().last()?.trim_end_matches('k');
    Some(k.parse::<f64>().ok()? * 1000.0 / 1e6)
}

fn ratio(ours: f64, theirs: Option<f64>) -> String {
    match theirs {
        Some(t) => format!(
            "{:.0} MB/s vs OpenSSL {:.0} MB/s = {:.2}x",
            ours,
            t,
            ours / t
        ),
        None => format!("{:.0} MB/s (openssl not found)", ours),
    }
}

fn main() {
    let key = [7u8; 32];
    let iv = [9u8; 32];
    // The machine is shared: interleave ours and OpenSSL's runs and keep the
    // best of three for each, so a busy moment does not decide the ratio.
    let (mut enc, mut dec, mut enc_portable, mut sha) = (0f64, 0f64, 0f64, 0f64);
    let (mut cbc, mut osha): (Option<f64>, Option<f64>) = (None, None);
    let best = |a: Option<f64>, b: Option<f64>| match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    };
    for _ in 0..3 {
        enc = enc.max(throughput(1.0, |b| {
            let _ = ige::encrypt(b, &key, &iv);
        }));
        dec = dec.max(throughput(1.0, |b| {
            let _ = ige::decrypt(b, &key, &iv);
        }));
        enc_portable = enc_portable.max(throughput(0.5, |b| {
            let _ = ige::encrypt_portable(b, &key, &iv);
        }));
        sha = sha.max(throughput(1.0, |b| {
            let h = sha256(&[b]);
            b[0] = h[0];
        }));
        cbc = best(cbc, openssl_speed("aes-256-cbc"));
        osha = best(osha, openssl_speed("sha256"));
    }
    println!("AES-256-IGE encrypt:            {}", ratio(enc, cbc));
    println!("AES-256-IGE decrypt:            {}", ratio(dec, cbc));
    println!(
        "AES-256-IGE encrypt (aes crate): {}",
        ratio(enc_portable, cbc)
    );
    println!("SHA-256:                        {}", ratio(sha, osha));

    // One 1 KiB message: encrypt by the client, decrypt by the server.
    let auth_key = AuthKey::new([3u8; 256]);
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    let body = vec![0xABu8; 1024];
    let header = MessageHeader {
        salt: 1,
        session_id: 2,
        msg_id: 3 << 32,
        seq_no: 1,
    };
    let start = cpu_secs();
    let mut n = 0u64;
    while cpu_secs() - start < 2.0 {
        for _ in 0..256 {
            let p = envelope::encrypt(&auth_key, Role::Client, &header, &body, &mut rng)
                .unwrap_or_default();
            let d = envelope::decrypt(&auth_key, Role::Client, &p);
            std::hint::black_box(d.is_ok());
        }
        n += 256;
    }
    println!(
        "1 KiB message encrypt+decrypt: {:.0} per second",
        n as f64 / (cpu_secs() - start)
    );

    // Complete auth-key exchange, client and server in process (key generation excluded).
    let rsa = RsaPrivateKey::generate(&mut rand::rngs::StdRng::seed_from_u64(2)).expect("key");
    let config = Arc::new(ServerHandshakeConfig::new(rsa.clone()));
    let now = UnixTime::from_secs(1_700_000_000);
    let runs = 20;
    let start = cpu_secs();
    for i in 0..runs {
        let mut crng = rand::rngs::StdRng::seed_from_u64(100 + i);
        let mut srng = rand::rngs::StdRng::seed_from_u64(200 + i);
        let mut c = ClientHandshake::new(vec![rsa.public().clone()], 2, KeyKind::Permanent);
        let mut s = ServerHandshake::new(config.clone());
        let mut msg = c.start(now, &mut crng);
        'exchange: loop {
            match s.handle(now, &msg, &mut srng) {
                Ok(ServerStep::Send(r)) => match c.handle(now, &r, &mut crng) {
                    Ok(ClientStep::Send(m)) => msg = m,
                    other => panic!("client: {other:?}"),
                },
                Ok(ServerStep::Done { reply, .. }) => {
                    assert!(matches!(
                        c.handle(now, &reply, &mut crng),
                        Ok(ClientStep::Done(_))
                    ));
                    break 'exchange;
                }
                Err(e) => panic!("server: {e}"),
            }
        }
    }
    println!(
        "auth-key exchange (client+server): {:.1} ms each",
        (cpu_secs() - start) * 1000.0 / runs as f64
    );
}
