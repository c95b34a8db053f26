//! Sessions outlive their connections, as on Telegram: when a connection closes its session is
//! parked here, and a later connection that continues the same (auth key, session_id) picks it
//! up with its msg_id history, seq_no and unsent messages, without a new_session_created.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mtproto::session::ServerSession;

/// Parked sessions kept at most this long...
const KEEP: Duration = Duration::from_secs(15 * 60);
/// ...and at most this many (the oldest go first).
const MAX_PARKED: usize = 10_000;

#[derive(Default)]
pub struct ParkedSessions {
    map: Mutex<HashMap<(u64, i64), (Instant, ServerSession)>>,
}

impl ParkedSessions {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<(u64, i64), (Instant, ServerSession)>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `session` (if it ever started) for a later connection.
    pub fn park(&self, session: ServerSession) {
        let Some(session_id) = session.session_id() else {
            return;
        };
        let key_id = session.auth_key().id();
        let now = Instant::now();
        let mut map = self.map();
        map.retain(|_, (at, _)| now.duration_since(*at) < KEEP);
        if map.len() >= MAX_PARKED {
            if let Some(oldest) = map.iter().min_by_key(|(_, (at, _))| *at).map(|(k, _)| *k) {
                map.remove(&oldest);
            }
        }
        map.insert((key_id, session_id), (now, session));
    }

    /// The parked session `session_id` of key `key_id`, if any.
    pub fn take(&self, key_id: u64, session_id: i64) -> Option<ServerSession> {
        self.map().remove(&(key_id, session_id)).map(|(_, s)| s)
    }

    /// Forgets every session of a key (destroy_auth_key).
    pub fn forget_key(&self, key_id: u64) {
        self.map().retain(|(k, _), _| *k != key_id);
    }

    pub fn len(&self) -> usize {
        self.map().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
