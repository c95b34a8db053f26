//! Sessions outlive their connections, as on Telegram: each (auth key, session_id) is either
//! carried by one live connection or parked here once its connection closed. A connection that
//! continues a session takes it with its msg_id history, seq_no and unsent messages, without a
//! new_session_created — also from a connection still open (the client reconnected before the
//! server noticed the old one dying), which hands it over and closes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use mtproto::session::ServerSession;

use super::connection::ConnMsg;
use super::mailbox::Mailbox;

/// Parked sessions kept at most this long...
const KEEP: Duration = Duration::from_secs(15 * 60);
/// ...and at most this many (the oldest go first).
const MAX_PARKED: usize = 10_000;

type SessionKey = (u64, i64);

enum Entry {
    /// Carried by connection `conn_id` (or about to be, once handed over).
    Live { conn_id: u64, mailbox: Mailbox },
    Parked {
        since: Instant,
        session: Box<ServerSession>,
    },
}

/// What a connection gets when it asks for a session.
pub enum Claim {
    /// It was parked: continue it.
    Parked(Box<ServerSession>),
    /// Another connection carries it and was asked to hand it over: a
    /// [`ConnMsg::Adopt`] follows.
    HandOver,
    /// Unknown: start it.
    Fresh,
}

#[derive(Default)]
pub struct SessionTable {
    map: Mutex<HashMap<SessionKey, Entry>>,
}

impl SessionTable {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<SessionKey, Entry>> {
        self.map.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Connection `conn_id` wants session `session_id` of key `key_id`; from now on it is
    /// that session's carrier.
    pub(crate) fn claim(
        &self,
        key_id: u64,
        session_id: i64,
        conn_id: u64,
        mailbox: &Mailbox,
    ) -> Claim {
        let mut map = self.map();
        let mine = Entry::Live {
            conn_id,
            mailbox: mailbox.clone(),
        };
        match map.insert((key_id, session_id), mine) {
            Some(Entry::Parked { session, .. }) => Claim::Parked(session),
            Some(Entry::Live {
                conn_id: other,
                mailbox: theirs,
            }) if other != conn_id => {
                // Sent under the lock: the other connection either takes this message or, if
                // it is closing, releases the session to us (the entry now names us).
                let asked = theirs.send(ConnMsg::HandOver {
                    key_id,
                    session_id,
                    to: mailbox.clone(),
                });
                if asked {
                    Claim::HandOver
                } else {
                    Claim::Fresh
                }
            }
            _ => Claim::Fresh,
        }
    }

    /// An answer that comes late (a delay fault) goes to its session wherever it is now: to
    /// the connection carrying it, or into the parked session for the client's next
    /// connection, as Telegram keeps answers a dropped connection did not deliver.
    /// `fallback` is the mailbox of the connection the request came on.
    pub(crate) fn deliver(&self, key_id: u64, session_id: i64, msg: ConnMsg, fallback: &Mailbox) {
        let mut map = self.map();
        match map.get_mut(&(key_id, session_id)) {
            Some(Entry::Live { mailbox, .. }) => {
                mailbox.send(msg);
            }
            Some(Entry::Parked { session, .. }) => {
                if let ConnMsg::Answer { msg_id, answer } = msg {
                    match answer {
                        Ok(result) => session.send_result(msg_id, result),
                        Err(e) => session.send_rpc_error(msg_id, e.code, &e.message),
                    }
                }
            }
            None => {
                fallback.send(msg);
            }
        }
    }

    /// Connection `conn_id` lets go of `session` (it closes, hands it over, or moves to
    /// another session): it goes to the connection that claimed it meanwhile, or is parked.
    pub(crate) fn release(&self, session: Box<ServerSession>, conn_id: u64) {
        let Some(session_id) = session.session_id() else {
            return;
        };
        let key = (session.auth_key().id(), session_id);
        let mut map = self.map();
        let session = match map.get(&key) {
            // Forgotten (destroy_auth_key): nothing to keep.
            None => return,
            Some(Entry::Live {
                conn_id: owner,
                mailbox,
            }) if *owner != conn_id => {
                let adopt = ConnMsg::Adopt {
                    key_id: key.0,
                    session_id,
                    session: Some(session),
                };
                match mailbox.send_back(adopt) {
                    Ok(()) => return,
                    // The claimer is gone: keep it for the next one.
                    Err(ConnMsg::Adopt {
                        session: Some(s), ..
                    }) => s,
                    Err(_) => return,
                }
            }
            Some(_) => session,
        };
        let now = Instant::now();
        map.retain(
            |_, e| !matches!(e, Entry::Parked { since, .. } if now.duration_since(*since) >= KEEP),
        );
        if map.len() >= MAX_PARKED {
            let oldest = map
                .iter()
                .filter_map(|(k, e)| match e {
                    Entry::Parked { since, .. } => Some((*since, *k)),
                    Entry::Live { .. } => None,
                })
                .min()
                .map(|(_, k)| k);
            if let Some(k) = oldest {
                map.remove(&k);
            }
        }
        map.insert(
            key,
            Entry::Parked {
                since: now,
                session,
            },
        );
    }

    /// The session a connection carries now answers to another session_id (the client
    /// started a new session on the same connection).
    pub(crate) fn rename(
        &self,
        key_id: u64,
        old: Option<i64>,
        new: i64,
        conn_id: u64,
        mailbox: &Mailbox,
    ) {
        let mut map = self.map();
        if let Some(old) = old {
            if matches!(map.get(&(key_id, old)), Some(Entry::Live { conn_id: c, .. }) if *c == conn_id)
            {
                map.remove(&(key_id, old));
            }
        }
        map.insert(
            (key_id, new),
            Entry::Live {
                conn_id,
                mailbox: mailbox.clone(),
            },
        );
    }

    /// destroy_session: forgets a parked session; true if there was one.
    pub(crate) fn destroy(&self, key_id: u64, session_id: i64) -> bool {
        let mut map = self.map();
        let parked = matches!(map.get(&(key_id, session_id)), Some(Entry::Parked { .. }));
        if parked {
            map.remove(&(key_id, session_id));
        }
        parked
    }

    /// Forgets every session of a key (destroy_auth_key).
    pub fn forget_key(&self, key_id: u64) {
        self.map().retain(|(k, _), _| *k != key_id);
    }

    /// Sessions parked (not carried by any connection).
    pub fn parked(&self) -> usize {
        self.map()
            .values()
            .filter(|e| matches!(e, Entry::Parked { .. }))
            .count()
    }
}
