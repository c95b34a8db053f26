//! Sans-IO MTProto 2.0 core shared by the engine (client role) and the local
//! test server (server role).
//!
//! Nothing here touches a socket or reads a clock: callers feed bytes and the
//! current time in ([`UnixTime`]), and take bytes and events out. Randomness
//! comes from a caller-provided [`rand_core::RngCore`] so tests are
//! deterministic.

pub mod crypto;
pub mod dh;
pub mod envelope;
pub mod handshake;
pub mod msg_id;
pub mod pq;
pub mod rsa_key;
pub mod salt;
pub mod seq_no;
pub mod session;
pub mod srp;
pub mod time;
pub mod transport;

pub use crypto::auth_key::AuthKey;
pub use time::UnixTime;

/// Which side of a connection a state machine plays. It decides the key
/// derivation offset (x = 0 client→server, 8 server→client), msg_id parity
/// and which transport flags are meaningful.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    Client,
    Server,
}

impl Role {
    pub fn peer(self) -> Role {
        match self {
            Role::Client => Role::Server,
            Role::Server => Role::Client,
        }
    }
}
