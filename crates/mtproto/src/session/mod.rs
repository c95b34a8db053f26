//! The encrypted session on top of an auth key, both roles: msg_ids, seq_nos,
//! salts, acks, containers, gzip, rpc results and the service messages.
//!
//! Sans-IO like the rest: `handle_packet` takes decrypted-or-not bytes from
//! the transport, `poll_transmit` gives the next packet to send,
//! `poll_event` gives what the application must see.

mod assemble;
mod client;
pub mod gzip;
mod outgoing;
mod received;
mod server;
pub mod wire;

pub use client::{ClientEvent, ClientSession, MsgSlot, RequestId};
pub use server::{
    ServerEvent, ServerSession, ServerSessionConfig, ANNOUNCE_AFTER_NANOS, KEPT_BYTES,
    KEPT_MESSAGES,
};

use crate::envelope::EnvelopeError;

/// Packets are filled up to this many body bytes (containers included).
pub const MAX_PACKET_BODY: usize = 512 * 1024;
/// At most this many messages go in one container.
pub const MAX_PACKED_MESSAGES: usize = 100;
/// Pending acks are flushed once this many accumulate...
pub const ACK_BATCH: usize = 16;
/// ...or the oldest has waited this long (nanoseconds).
pub const ACK_DELAY_NANOS: i64 = 500_000_000;

/// A packet that could not be used. The session itself stays usable unless
/// noted; what to do with the connection is the caller's call (the server
/// answers -404 to undecryptable packets, like Telegram).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    #[error("cannot decrypt: {0}")]
    Envelope(#[from] EnvelopeError),
    #[error("malformed service message: {0}")]
    Tl(#[from] tl::Error),
    #[error("message for session {got:#x}, this is {expected:#x}")]
    WrongSession { expected: i64, got: i64 },
    #[error("msg_id {0:#x} is outside the time window")]
    MsgIdTime(i64),
    #[error("msg_id {0:#x} has the wrong parity for its sender")]
    MsgIdParity(i64),
    #[error("gzip_packed: {0}")]
    Gzip(#[from] gzip::GzipError),
    #[error("nested msg_container")]
    NestedContainer,
}
