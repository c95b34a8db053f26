//! msg_id generation and checks, and the correction of the local clock to the
//! peer's (server) time.
//!
//! A msg_id is about `unixtime * 2^32`. Client msg_ids are divisible by 4;
//! server msg_ids are 1 mod 4 for responses and 3 mod 4 otherwise. Within a
//! session they strictly increase.

use crate::UnixTime;

/// How far in the past / future a peer's msg_id may be (seconds), per the spec.
pub const MAX_PAST_SECS: i64 = 300;
pub const MAX_FUTURE_SECS: i64 = 30;

/// Which residue a new msg_id needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MsgIdKind {
    /// Sent by the client: divisible by 4.
    Client,
    /// Sent by the server in answer to a client message: 1 mod 4.
    ServerResponse,
    /// Sent by the server on its own (updates, service messages): 3 mod 4.
    ServerOther,
}

impl MsgIdKind {
    fn residue(self) -> i64 {
        match self {
            MsgIdKind::Client => 0,
            MsgIdKind::ServerResponse => 1,
            MsgIdKind::ServerOther => 3,
        }
    }
}

/// Why a received msg_id is refused; the numbers are bad_msg_notification codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MsgIdProblem {
    #[error("msg_id too low (16)")]
    TooLow = 16,
    #[error("msg_id too high (17)")]
    TooHigh = 17,
    #[error("msg_id has wrong low bits (18)")]
    WrongParity = 18,
}

impl MsgIdProblem {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// Unix time encoded in a msg_id (seconds, with fraction).
pub fn msg_id_time(msg_id: i64) -> f64 {
    (msg_id >> 32) as f64 + ((msg_id as u64 & 0xFFFF_FFFF) as f64) / 4_294_967_296.0
}

/// A msg_id for time `t` without any residue applied.
pub fn msg_id_at(t: UnixTime) -> i64 {
    let secs = t.as_secs();
    let frac = t.as_nanos().rem_euclid(1_000_000_000) as u64;
    let low = (frac << 32) / 1_000_000_000;
    (secs << 32) | low as i64
}

/// Local clock corrected by an offset learned from the peer, plus the last
/// msg_id issued so ids keep increasing even if the offset moves backwards.
#[derive(Debug, Clone, Default)]
pub struct MsgIdClock {
    offset_nanos: i64,
    last: i64,
}

impl MsgIdClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts with a known offset (e.g. restored from storage), in seconds.
    pub fn with_offset_secs(offset: i64) -> Self {
        MsgIdClock {
            offset_nanos: offset.saturating_mul(1_000_000_000),
            last: 0,
        }
    }

    /// Peer time minus local time, whole seconds.
    pub fn offset_secs(&self) -> i64 {
        self.offset_nanos.div_euclid(1_000_000_000)
    }

    /// The local time shifted to the peer's clock.
    pub fn peer_now(&self, now: UnixTime) -> UnixTime {
        now.add_nanos(self.offset_nanos)
    }

    /// Adopts the peer's clock from one of its msg_ids (bad_msg_notification
    /// 16/17, bad_server_salt, or the first message of a connection).
    ///
    /// The last-issued floor is dropped too: after a clock that ran ahead is
    /// corrected, msg_ids must be allowed to go back to the right time (the
    /// rejected ones never counted).
    pub fn sync_to_msg_id(&mut self, now: UnixTime, peer_msg_id: i64) {
        let peer = (msg_id_time(peer_msg_id) * 1e9) as i64;
        self.offset_nanos = peer.saturating_sub(now.as_nanos());
        self.last = 0;
    }

    /// Adopts the peer's clock from a server_time in whole seconds (auth-key
    /// exchange): the offset is whole seconds too, as the time has no fraction.
    pub fn sync_to_secs(&mut self, now: UnixTime, peer_secs: i64) {
        self.offset_nanos = peer_secs
            .saturating_sub(now.as_secs())
            .saturating_mul(1_000_000_000);
    }

    /// Sets the offset (seconds) directly, e.g. from a finished handshake.
    pub fn set_offset_secs(&mut self, offset: i64) {
        self.offset_nanos = offset.saturating_mul(1_000_000_000);
    }

    /// A fresh msg_id, strictly greater than any issued before.
    pub fn next(&mut self, now: UnixTime, kind: MsgIdKind) -> i64 {
        let r = kind.residue();
        let base = msg_id_at(self.peer_now(now)) & !3;
        let floor = (self.last & !3).saturating_add(4);
        let id = base.max(floor) | r;
        self.last = id;
        id
    }

    /// The last msg_id issued.
    pub fn last(&self) -> i64 {
        self.last
    }

    /// Checks a msg_id received from the peer against our corrected clock:
    /// the time window and the residue the sender's role requires.
    pub fn check_incoming(
        &self,
        now: UnixTime,
        msg_id: i64,
        from_client: bool,
    ) -> Result<(), MsgIdProblem> {
        let parity_ok = if from_client {
            msg_id % 4 == 0
        } else {
            msg_id & 1 == 1
        };
        if !parity_ok {
            return Err(MsgIdProblem::WrongParity);
        }
        let t = msg_id >> 32;
        let now_s = self.peer_now(now).as_secs();
        if t < now_s - MAX_PAST_SECS {
            return Err(MsgIdProblem::TooLow);
        }
        if t > now_s + MAX_FUTURE_SECS {
            return Err(MsgIdProblem::TooHigh);
        }
        Ok(())
    }
}
