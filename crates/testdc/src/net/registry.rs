//! Online sessions, by the permanent auth key behind them, so the world's pushes reach every
//! connection of a recipient.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::connection::ConnMsg;
use super::mailbox::Mailbox;

/// One connection that carries an encrypted session.
#[derive(Clone)]
pub struct Online {
    pub conn_id: u64,
    pub dc_id: i32,
    /// The key the connection uses (a temporary key, or the permanent one itself).
    pub key_id: i64,
    pub mailbox: Mailbox,
    /// False until the connection sends a request outside invokeWithoutUpdates.
    pub wants_updates: Arc<AtomicBool>,
}

#[derive(Default)]
pub struct Registry {
    by_perm_key: Mutex<HashMap<i64, Vec<Online>>>,
}

impl Online {
    /// Queues `msg` for the connection (false when refused or gone).
    pub fn push(&self, msg: ConnMsg) -> bool {
        self.mailbox.send(msg)
    }
}

impl Registry {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Vec<Online>>> {
        self.by_perm_key.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Files `online` under `perm_key_id`, replacing an earlier entry of the same connection.
    pub fn add(&self, perm_key_id: i64, online: Online) {
        let mut map = self.map();
        for list in map.values_mut() {
            list.retain(|o| o.conn_id != online.conn_id);
        }
        map.retain(|_, l| !l.is_empty());
        map.entry(perm_key_id).or_default().push(online);
    }

    pub fn remove(&self, conn_id: u64) {
        let mut map = self.map();
        for list in map.values_mut() {
            list.retain(|o| o.conn_id != conn_id);
        }
        map.retain(|_, l| !l.is_empty());
    }

    /// Connections on `perm_key_id` that take updates, except those on `except_key`.
    pub fn subscribers(&self, perm_key_id: i64, except_key: Option<i64>) -> Vec<Online> {
        if except_key == Some(perm_key_id) {
            return Vec::new();
        }
        self.map()
            .get(&perm_key_id)
            .map(|list| {
                list.iter()
                    .filter(|o| o.wants_updates.load(Ordering::Relaxed))
                    .filter(|o| Some(o.key_id) != except_key)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every connection on `perm_key_id` (or a key bound to it), taking updates or not.
    pub fn connections(&self, perm_key_id: i64) -> Vec<Online> {
        self.map().get(&perm_key_id).cloned().unwrap_or_default()
    }

    /// True when some connection uses `perm_key_id` (or a key bound to it).
    pub fn is_online(&self, perm_key_id: i64) -> bool {
        self.map().contains_key(&perm_key_id)
    }

    /// Number of connections with an encrypted session.
    pub fn len(&self) -> usize {
        self.map().values().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
