//! Local databases: TDLib's language-pack tables ([`key_value`]) and the client database
//! ([`database`]) with its secret values sealed under database_encryption_key ([`seal`]).

pub mod database;
pub mod key_value;
pub mod seal;

use std::sync::Mutex;

use mtproto::AuthKey;

use crate::net::dc::DcOption;
use crate::net::{KeyStore, StoredKey};
use database::{ClientDb, DbError};

/// A client's open database, shared by the engine and its network; closed explicitly when
/// the client closes (then every use is a no-op), so the directory is free at once.
#[derive(Default)]
pub struct Store {
    db: Mutex<Option<ClientDb>>,
}

impl Store {
    pub fn new(db: ClientDb) -> Self {
        Store {
            db: Mutex::new(Some(db)),
        }
    }

    /// Runs `f` on the database; `None` once closed. Failures are logged, not raised: a
    /// write that can't be made must not take the client down with it.
    pub fn with<R>(&self, f: impl FnOnce(&mut ClientDb) -> Result<R, DbError>) -> Option<R> {
        let mut guard = self.db.lock().unwrap_or_else(|e| e.into_inner());
        let db = guard.as_mut()?;
        match f(db) {
            Ok(r) => Some(r),
            Err(e) => {
                if crate::log::verbosity() >= 1 {
                    let text = format!("database: {e}");
                    crate::log::message(1, Some("sqlite"), text.as_bytes());
                }
                None
            }
        }
    }

    /// Takes the database out (to close or destroy it).
    pub fn take(&self) -> Option<ClientDb> {
        self.db.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

impl KeyStore for Store {
    fn load(&self, dc_id: i32) -> Option<StoredKey> {
        let (bytes, time_offset) = self.with(|db| db.auth_key(dc_id)).flatten()?;
        Some(StoredKey {
            key: AuthKey::from_slice(&bytes)?,
            time_offset,
        })
    }

    fn save_key(&self, dc_id: i32, key: &AuthKey, time_offset: i64) {
        self.with(|db| db.save_auth_key(dc_id, key.bytes(), time_offset));
    }

    fn save_time_offset(&self, dc_id: i32, time_offset: i64) {
        self.with(|db| db.save_time_offset(dc_id, time_offset));
    }

    fn forget_key(&self, dc_id: i32) {
        self.with(|db| db.forget_auth_key(dc_id));
    }

    fn save_main_dc(&self, dc_id: i32) {
        self.with(|db| db.save_main_dc(dc_id));
    }

    fn save_dc_options(&self, options: &[DcOption]) {
        let rows: Vec<(i32, String, i32)> = options
            .iter()
            .map(|o| (o.dc_id, o.ip.clone(), o.port))
            .collect();
        self.with(|db| db.save_dc_options(&rows));
    }

    fn save_authorized_dc(&self, dc_id: i32) {
        self.with(|db| db.save_authorized_dc(dc_id));
    }
}
