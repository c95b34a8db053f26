//! Auth keys as the network side needs them: looked up by id on every new connection,
//! registered after a key exchange. The world (SQLite) is the record; this is its cache.

use std::collections::HashMap;
use std::sync::Mutex;

use mtproto::AuthKey;

use crate::world::World;

/// Keys seen since the start, by auth_key_id.
#[derive(Default)]
pub struct KeyCache {
    keys: Mutex<HashMap<u64, AuthKey>>,
}

impl KeyCache {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<u64, AuthKey>> {
        self.keys.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The key with this id, from the cache or the world's store.
    pub fn get(&self, world: &Mutex<World>, id: u64) -> Option<AuthKey> {
        if let Some(k) = self.map().get(&id) {
            return Some(k.clone());
        }
        let stored = {
            let w = world.lock().unwrap_or_else(|e| e.into_inner());
            w.auth_key(id as i64).ok().flatten()?
        };
        let key = AuthKey::from_slice(&stored.key)?;
        if key.id() != id {
            return None;
        }
        self.map().insert(id, key.clone());
        Some(key)
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
            self.map().insert(key.id(), key.clone());
        }
        stored.is_ok()
    }

    /// Forgets a key (destroy_auth_key).
    pub fn forget(&self, id: u64) {
        self.map().remove(&id);
    }
}
