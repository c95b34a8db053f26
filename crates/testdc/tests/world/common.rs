//! Helpers shared by the world tests: a seeded world, auth keys, sign-ups, and a toy SRP.

use sha2::{Digest, Sha256};
use testdc::world::{
    AuthKeyId, Caller, ChannelId, Config, DcId, InputChannel, InputPeer, NewMessage, PasswordAlgo,
    PasswordCheck, PasswordMath, PasswordState, Peer, Push, PushTarget, SignIn, Update, UserId,
    UserView, World,
};

pub const NOW: i32 = 1_700_000_000;

/// A stand-in for SRP with the same shape (verifier, B from a secret b, proof from A and
/// B): it tells right from wrong passwords, which is all the world's rules depend on. The
/// real arithmetic is mtproto's and tested there.
pub struct ToySrp;

fn sha(parts: &[&[u8]]) -> Vec<u8> {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().to_vec()
}

impl ToySrp {
    pub fn verifier_of(algo: &PasswordAlgo, password: &[u8]) -> Vec<u8> {
        let mut v = sha(&[&algo.salt1, password, &algo.salt2]);
        v.resize(256, 7);
        v
    }
}

impl PasswordMath for ToySrp {
    fn verifier(&self, algo: &PasswordAlgo, password: &[u8]) -> Option<Vec<u8>> {
        Some(Self::verifier_of(algo, password))
    }
    fn server_public(&self, _algo: &PasswordAlgo, verifier: &[u8], b: &[u8]) -> Option<Vec<u8>> {
        let big_b = sha(&[verifier, b]);
        // Refuse some secrets, like a real server refusing an unsafe B.
        (big_b[0] != 0).then_some(big_b)
    }
    fn check(&self, algo: &PasswordAlgo, verifier: &[u8], b: &[u8], a: &[u8], m1: &[u8]) -> bool {
        let Some(big_b) = self.server_public(algo, verifier, b) else {
            return false;
        };
        sha(&[a, &big_b, verifier]) == m1
    }
    fn verifier_is_valid(&self, _algo: &PasswordAlgo, verifier: &[u8]) -> bool {
        verifier.len() == 256 && verifier.iter().any(|b| *b != 0)
    }
}

/// The client side of the toy SRP: a proof of `password` for this getPassword answer.
pub fn proof(state: &PasswordState, password: &str) -> PasswordCheck {
    let current = state.current.as_ref().expect("a password is set");
    toy_proof(&current.algo, &current.srp_b, current.srp_id, password)
}

/// The toy proof from the raw fields of account.password.
pub fn toy_proof(algo: &PasswordAlgo, srp_b: &[u8], srp_id: i64, password: &str) -> PasswordCheck {
    let v = ToySrp::verifier_of(algo, password.as_bytes());
    let a = b"client-A".to_vec();
    PasswordCheck::Srp {
        srp_id,
        m1: sha(&[&a, srp_b, &v]),
        a,
    }
}

pub fn config() -> Config {
    Config {
        seed: Some(7),
        ..Config::default()
    }
}

pub fn world() -> World {
    World::open(None, config(), Box::new(ToySrp)).expect("in-memory world")
}

pub fn world_with(config: Config) -> World {
    World::open(None, config, Box::new(ToySrp)).expect("in-memory world")
}

/// Registers auth key `id` on `dc`.
pub fn key(w: &mut World, id: AuthKeyId, dc: DcId) -> AuthKeyId {
    w.register_auth_key(id, &[id as u8; 256], dc, NOW, None)
        .expect("register key");
    id
}

/// A test number of DC `dc`: 99966X + four digits.
pub fn phone(dc: DcId, n: u32) -> String {
    format!("99966{dc}{n:04}")
}

/// The whole sign-up of a new number on its home DC, through auth key `key_id`.
pub fn sign_up(w: &mut World, key_id: AuthKeyId, phone: &str, first: &str) -> (Caller, UserView) {
    let dc = testdc::world::home_dc(phone, 3);
    key(w, key_id, dc);
    let sent = w.send_code(key_id, phone, NOW).expect("sendCode");
    let code = testdc::world::login_code(phone, 3);
    let outcome = w
        .sign_in(key_id, phone, &sent.phone_code_hash, &code, NOW)
        .expect("signIn");
    assert_eq!(outcome, SignIn::SignUpRequired);
    let me = w
        .sign_up(key_id, phone, &sent.phone_code_hash, first, "", NOW)
        .expect("signUp");
    (w.caller(key_id).expect("signed in"), me)
}

/// A signed-up user with a conventional key id, phone and name.
pub fn user(w: &mut World, n: u32) -> Caller {
    sign_up(w, 1000 + i64::from(n), &phone(2, n), &format!("User{n}")).0
}

pub fn input_user(w: &World, viewer: UserId, user: UserId) -> InputPeer {
    InputPeer::User {
        user_id: user,
        access_hash: w.user_access_hash(viewer, user),
    }
}

pub fn text(t: &str) -> NewMessage {
    NewMessage {
        text: t.to_string(),
        ..NewMessage::default()
    }
}

/// Sends `t` from `from` to user `to`.
pub fn send(w: &mut World, from: Caller, to: UserId, t: &str) -> testdc::world::Sent {
    let peer = input_user(w, from.user_id, to);
    w.send_message(from, peer, text(t), NOW)
        .expect("sendMessage")
}

/// The pushes for `user`'s sessions (those on `key`, if given, after the exception rule).
pub fn pushes_for(pushes: &[Push], user: UserId, key: Option<AuthKeyId>) -> Vec<Update> {
    pushes
        .iter()
        .filter(|p| match p.target {
            PushTarget::User {
                user_id,
                except_auth_key,
            } => user_id == user && (key.is_none() || except_auth_key != key),
            PushTarget::AuthKey(_) => false,
        })
        .map(|p| p.update.update.clone())
        .collect()
}

/// A unique scratch directory, removed on drop.
pub struct ScratchDir(pub std::path::PathBuf);

impl ScratchDir {
    pub fn new(name: &str) -> ScratchDir {
        let dir =
            std::env::temp_dir().join(format!("testdc-{name}-{}-{}", std::process::id(), NOW));
        let _ = std::fs::remove_dir_all(&dir);
        ScratchDir(dir)
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Signs an account with a password in on a new key: code, SESSION_PASSWORD_NEEDED, SRP.
pub fn sign_in_with_password(
    w: &mut World,
    key_id: AuthKeyId,
    phone: &str,
    password: &str,
) -> Caller {
    key(w, key_id, testdc::world::home_dc(phone, 3));
    let hash = w
        .send_code(key_id, phone, NOW)
        .expect("sendCode")
        .phone_code_hash;
    let code = testdc::world::login_code(phone, 3);
    let err = w
        .sign_in(key_id, phone, &hash, &code, NOW)
        .expect_err("password needed");
    assert!(err.is(&testdc::world::RpcError::SessionPasswordNeeded));
    let user = w
        .password_subject(key_id)
        .expect("subject")
        .expect("pending user");
    let state = w.get_password(user, NOW).expect("getPassword");
    w.check_password(key_id, &proof(&state, password), NOW)
        .expect("checkPassword");
    w.caller(key_id).expect("signed in")
}

/// `viewer`'s input for a channel.
pub fn input(w: &World, viewer: Caller, channel: ChannelId) -> InputChannel {
    InputChannel::Channel {
        channel_id: channel,
        access_hash: w.channel_access_hash(viewer.user_id, channel),
    }
}

/// `viewer`'s input peer for a channel.
pub fn peer(w: &World, viewer: Caller, channel: ChannelId) -> InputPeer {
    InputPeer::Channel {
        channel_id: channel,
        access_hash: w.channel_access_hash(viewer.user_id, channel),
    }
}

/// A supergroup made by `owner`.
pub fn supergroup(w: &mut World, owner: Caller, title: &str) -> ChannelId {
    let created = w.create_channel(owner, title, "about", false, NOW).unwrap();
    match created.message.peer {
        Peer::Channel(id) => id,
        other => panic!("channel peer expected, got {other:?}"),
    }
}
