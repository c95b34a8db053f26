//! Auth keys as the network side needs them: looked up by id on every new connection,
//! registered after a key exchange. The world (SQLite) is the record; this is its cache.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use mtproto::AuthKey;

use crate::world::World;

/// A key and, for a temporary key, when it stops working (Unix seconds).
#[derive(Clone)]
struct Known {
    key: AuthKey,
    expires_at: Option<i32>,
}

/// Keys seen since the start, by auth_key_id.
#[derive(Default)]
pub struct KeyCache {
    keys: Mutex<HashMap<u64, Known>>,
    /// Test hook: this many more new auth_key_ids are reported as taken.
    forced_collisions: AtomicU32,
}

impl KeyCache {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Known>> {
        self.keys.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The key with this id, from the cache or the world's store; `None` for unknown keys
    /// and temporary keys past their expiry.
    pub fn get(&self, world: &Mutex<World>, id: u64, now: i32) -> Option<AuthKey> {
        let cached = self.map().get(&id).cloned();
        let known = match cached {
            Some(k) => k,
            None => {
                let stored = {
                    let w = world.lock().unwrap_or_else(|e| e.into_inner());
                    w.auth_key(id as i64).ok().flatten()?
                };
                let key = AuthKey::from_slice(&stored.key)?;
                if key.id() != id {
                    return None;
                }
                let known = Known {
                    key,
                    expires_at: stored.expires_at,
                };
                self.map().insert(id, known.clone());
                known
            }
        };
        if known.expires_at.is_some_and(|t| t <= now) {
            return None;
        }
        Some(known.key)
    }

    /// Whether a new key with this auth_key_id would collide with a known one (a key
    /// exchange then answers dh_gen_retry). Expired temporary keys still count.
    pub fn is_taken(&self, world: &Mutex<World>, id: u64) -> bool {
        let forced = self
            .forced_collisions
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok();
        if forced || self.map().contains_key(&id) {
            return true;
        }
        let w = world.lock().unwrap_or_else(|e| e.into_inner());
        // A failing lookup counts as taken: the exchange retries rather than risk a clash.
        w.auth_key(id as i64).map_or(true, |k| k.is_some())
    }

    /// Test hook: the next `n` new auth_key_ids count as taken, so key exchanges meet
    /// dh_gen_retry (and dh_gen_fail past the retry limit).
    pub fn force_collisions(&self, n: u32) {
        self.forced_collisions.store(n, Ordering::Relaxed);
    }

    /// Forced collisions not used yet.
    pub fn forced_collisions_left(&self) -> u32 {
        self.forced_collisions.load(Ordering::Relaxed)
    }

    /// Records a key made by a key exchange on `dc_id`.
    pub fn register(
        &self,
        world: &Mutex<World>,
        key: &AuthKey,
        dc_id: i32,
        now: i32,
        expires_at: Option<i32>,
    ) -> bool {
        let stored = {
            let mut w = world.lock().unwrap_or_else(|e| e.into_inner());
            w.register_auth_key(key.id() as i64, key.bytes(), dc_id, now, expires_at)
        };
        if stored.is_ok() {
            let known = Known {
                key: key.clone(),
                expires_at,
            };
            self.map().insert(key.id(), known);
        }
        stored.is_ok()
    }

    /// A temporary key bound with a new expiry (auth.bindTempAuthKey).
    pub fn set_expiry(&self, id: u64, expires_at: i32) {
        if let Some(k) = self.map().get_mut(&id) {
            k.expires_at = Some(expires_at);
        }
    }

    /// Forgets a key (destroy_auth_key).
    pub fn forget(&self, id: u64) {
        self.map().remove(&id);
    }
}
