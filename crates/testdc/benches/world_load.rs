//! How fast the world takes messages: 1,000 users writing to each other, in memory and in a
//! file database; and a 100 MB file stored from 512 KiB parts and read back in chunks (a
//! chunk at the file's end must cost what one at its start does). Prints figures; asserts
//! nothing about speed.
//!
//!     cargo bench -p testdc --bench world_load

use std::time::Instant;

use testdc::world::{
    Caller, Config, FileLocation, HistoryQuery, InputFile, InputMedia, InputPeer, Media,
    NewMessage, PasswordAlgo, PasswordMath, Peer, SignIn, World,
};

const USERS: u32 = 1_000;
const MESSAGES: u32 = 20_000;
const NOW: i32 = 1_700_000_000;

/// Sign-ups here never set a password.
struct NoPasswords;

impl PasswordMath for NoPasswords {
    fn verifier(&self, _: &PasswordAlgo, _: &[u8]) -> Option<Vec<u8>> {
        None
    }
    fn server_public(&self, _: &PasswordAlgo, _: &[u8], _: &[u8]) -> Option<Vec<u8>> {
        None
    }
    fn check(&self, _: &PasswordAlgo, _: &[u8], _: &[u8], _: &[u8], _: &[u8]) -> bool {
        false
    }
    fn verifier_is_valid(&self, _: &PasswordAlgo, _: &[u8]) -> bool {
        false
    }
}

fn sign_up_all(w: &mut World) -> Vec<Caller> {
    (0..USERS)
        .map(|n| {
            let key = 10_000 + i64::from(n);
            let phone = format!("99966{}{:04}", n % 3 + 1, n);
            let dc = (n % 3 + 1) as i32;
            w.register_auth_key(key, &[1; 256], dc, NOW, None)
                .expect("key");
            let hash = w
                .send_code(key, &phone, NOW)
                .expect("sendCode")
                .phone_code_hash;
            let code = testdc::world::login_code(&phone, 3);
            assert_eq!(
                w.sign_in(key, &phone, &hash, &code, NOW).expect("signIn"),
                SignIn::SignUpRequired
            );
            w.sign_up(key, &phone, &hash, "Load", "", NOW)
                .expect("signUp");
            w.caller(key).expect("caller")
        })
        .collect()
}

fn run(label: &str, mut w: World) {
    let t = Instant::now();
    let users = sign_up_all(&mut w);
    println!(
        "{label}: {USERS} sign-ups in {:.2} s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let mut pushes = 0usize;
    for i in 0..MESSAGES {
        let from = users[(i % USERS) as usize];
        let to = users[((i * 7 + 1) % USERS) as usize];
        let peer = InputPeer::User {
            user_id: to.user_id,
            access_hash: w.user_access_hash(from.user_id, to.user_id),
        };
        let message = NewMessage {
            text: format!("message {i}"),
            random_id: Some(i64::from(i) + 1),
            ..NewMessage::default()
        };
        w.send_message(from, peer, message, NOW + i as i32)
            .expect("send");
        pushes += w.drain_pushes().len();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{label}: {MESSAGES} private messages in {secs:.2} s = {:.0} msg/s ({pushes} pushes)",
        f64::from(MESSAGES) / secs
    );

    let t = Instant::now();
    for user in &users {
        let state = w.update_state(user.user_id, NOW).expect("state");
        w.get_difference(user.user_id, 1, NOW, 0, None, NOW)
            .expect("difference");
        w.get_history(
            *user,
            Peer::User(users[0].user_id),
            HistoryQuery {
                limit: 20,
                ..Default::default()
            },
        )
        .expect("history");
        assert!(state.pts > 1);
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{label}: {USERS} × (getState + getDifference + getHistory) in {secs:.2} s = {:.0} µs each",
        secs * 1e6 / f64::from(USERS)
    );
    file(label, &mut w, users[0]);
}

/// A 100 MB file through the world: saveBigFilePart × 200, sendMedia, getFile in 1 MiB and
/// 128 KiB chunks; the first and last 10 MB's chunks timed apart.
fn file(label: &str, w: &mut World, who: Caller) {
    const PART: usize = 512 * 1024;
    const SIZE: usize = 100 << 20;
    let part: Vec<u8> = (0..PART).map(|i| (i * 131 % 251) as u8).collect();
    let parts = (SIZE / PART) as i32;
    let t = Instant::now();
    for i in 0..parts {
        w.save_big_file_part(who, 1, i, parts, &part, NOW)
            .expect("part");
    }
    let saved = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let media = InputMedia::UploadedDocument {
        file: InputFile {
            id: 1,
            parts,
            name: "big.bin".into(),
            md5_checksum: String::new(),
            big: true,
        },
        mime_type: String::new(),
        attributes: vec![],
    };
    let sent = w
        .send_message(
            who,
            InputPeer::SelfUser,
            NewMessage {
                media: Some(media),
                ..NewMessage::default()
            },
            NOW,
        )
        .expect("sendMedia");
    let sent_s = t.elapsed().as_secs_f64();
    let Some(Media::Document(doc)) = sent.message.media else {
        panic!("a document")
    };
    println!(
        "{label}: 100 MB in 200 parts saved in {saved:.2} s ({:.0} MB/s), sent in {sent_s:.2} s",
        100.0 / saved
    );
    let loc = FileLocation::Document {
        id: doc.id,
        access_hash: doc.access_hash,
        file_reference: doc.file_reference,
        thumb_size: String::new(),
    };
    for chunk in [1usize << 20, 128 << 10] {
        let per_10mb = (10 << 20) / chunk;
        let time = |from: usize| {
            let t = Instant::now();
            for k in from..from + per_10mb {
                let got = w
                    .get_file(&loc, (k * chunk) as i64, chunk as i32, false)
                    .expect("getFile");
                assert_eq!(got.bytes.len(), chunk);
            }
            t.elapsed().as_secs_f64() * 1e6 / per_10mb as f64
        };
        let (first, last) = (time(0), time(SIZE / chunk - per_10mb));
        println!(
            "{label}: getFile of {} KiB: {first:.0} µs in the first 10 MB, {last:.0} µs in the last ({:.0} MB/s)",
            chunk >> 10,
            (chunk as f64 / 1_048_576.0) / (last * 1e-6)
        );
    }
}

fn main() {
    let config = Config {
        seed: Some(1),
        ..Config::default()
    };
    run(
        "memory",
        World::open(None, config.clone(), Box::new(NoPasswords)).expect("memory world"),
    );
    let dir = std::env::temp_dir().join(format!("testdc-bench-{}", std::process::id()));
    run(
        "file",
        World::open(Some(&dir), config, Box::new(NoPasswords)).expect("file world"),
    );
    let _ = std::fs::remove_dir_all(&dir);
}
