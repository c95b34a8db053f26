//! Server salts: the client's book of current and future salts, and the
//! server's stateless salt schedule.

use crate::crypto::sha256;

/// future_salt: a salt and its validity window (Unix seconds, server time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FutureSalt {
    pub valid_since: i32,
    pub valid_until: i32,
    pub salt: i64,
}

/// What the client knows about salts: the one in use and those announced
/// by get_future_salts.
#[derive(Debug, Clone, Default)]
pub struct SaltBook {
    current: i64,
    future: Vec<FutureSalt>,
}

impl SaltBook {
    pub fn new(current: i64) -> Self {
        SaltBook {
            current,
            future: Vec::new(),
        }
    }

    /// The salt to put in the next message at server time `server_secs`:
    /// switches to an announced salt once the current one's window is over.
    pub fn current(&mut self, server_secs: i64) -> i64 {
        self.future
            .retain(|s| i64::from(s.valid_until) > server_secs);
        if let Some(s) = self
            .future
            .iter()
            .filter(|s| i64::from(s.valid_since) <= server_secs)
            .max_by_key(|s| s.valid_since)
        {
            self.current = s.salt;
        }
        self.current
    }

    /// Replaces the current salt (bad_server_salt, new_session_created).
    pub fn set_current(&mut self, salt: i64) {
        self.current = salt;
    }

    /// Stores salts from future_salts.
    pub fn add_future(&mut self, salts: &[FutureSalt]) {
        for s in salts {
            if !self.future.iter().any(|f| f.salt == s.salt) {
                self.future.push(*s);
            }
        }
        self.future.sort_by_key(|s| s.valid_since);
    }

    /// True when fewer than `min_ahead_secs` of announced validity remain.
    pub fn wants_more(&self, server_secs: i64, min_ahead_secs: i64) -> bool {
        let until = self.future.iter().map(|s| i64::from(s.valid_until)).max();
        until.is_none_or(|u| u - server_secs < min_ahead_secs)
    }
}

/// The server's salts derived from a secret and the time window, so no
/// per-connection salt state is needed: salt(w) = SHA256(secret || w)[0..8].
#[derive(Clone)]
pub struct SaltSchedule {
    secret: [u8; 32],
    period_secs: i64,
}

impl SaltSchedule {
    /// Telegram rotates salts roughly every 30 minutes.
    pub const DEFAULT_PERIOD: i64 = 1800;

    pub fn new(secret: [u8; 32]) -> Self {
        SaltSchedule {
            secret,
            period_secs: Self::DEFAULT_PERIOD,
        }
    }

    pub fn with_period(secret: [u8; 32], period_secs: i64) -> Self {
        SaltSchedule {
            secret,
            period_secs: period_secs.max(1),
        }
    }

    fn window(&self, secs: i64) -> i64 {
        secs.div_euclid(self.period_secs)
    }

    fn salt_of_window(&self, w: i64) -> i64 {
        let h = sha256(&[&self.secret, &w.to_le_bytes()]);
        i64::from_le_bytes(h[..8].try_into().unwrap_or([0; 8]))
    }

    /// The salt valid at `secs`.
    pub fn salt_at(&self, secs: i64) -> i64 {
        self.salt_of_window(self.window(secs))
    }

    /// A salt is accepted in its own window and the next one (clients switch
    /// late; Telegram also keeps old salts valid for a while).
    pub fn accepts(&self, salt: i64, secs: i64) -> bool {
        let w = self.window(secs);
        salt == self.salt_of_window(w) || salt == self.salt_of_window(w - 1)
    }

    /// `n` salts starting with the current window (get_future_salts).
    pub fn future(&self, secs: i64, n: usize) -> Vec<FutureSalt> {
        let w0 = self.window(secs);
        (0..n as i64)
            .map(|i| {
                let w = w0 + i;
                FutureSalt {
                    valid_since: (w * self.period_secs) as i32,
                    valid_until: ((w + 2) * self.period_secs) as i32,
                    salt: self.salt_of_window(w),
                }
            })
            .collect()
    }
}
