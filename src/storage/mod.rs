//! Local databases: TDLib's language-pack tables ([`key_value`]) and the client database
//! ([`database`]) with its secret values sealed under database_encryption_key ([`seal`]).

pub mod chat_db;
pub mod database;
pub mod key_value;
pub mod lock;
pub mod seal;

use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use mtproto::AuthKey;

use crate::net::dc::DcOption;
use crate::net::{KeyStore, StoredKey};
use database::{ClientDb, DbError};
use seal::Seal;

/// A database unused this long is closed until the next use: an idle client keeps no page
/// cache or WAL index (about 70 KiB each).
const IDLE_CLOSE: Duration = Duration::from_secs(3);

/// A client's database, shared by the engine and its network. It stays the client's for its
/// whole life (a lock file keeps other processes out) but is open only while in use; it is
/// let go of explicitly when the client closes, after which every use is a no-op.
pub struct Store {
    state: Mutex<State>,
    me: Weak<Store>,
}

struct State {
    db: Option<ClientDb>,
    path: PathBuf,
    seal: Seal,
    last_use: Instant,
    closer_running: bool,
    /// Held until the client closes.
    lock: Option<lock::DirLock>,
    ended: bool,
}

impl Store {
    pub fn new(db: ClientDb, lock: lock::DirLock) -> Arc<Self> {
        Arc::new_cyclic(|me| Store {
            state: Mutex::new(State {
                path: db.path().to_owned(),
                seal: db.seal().clone(),
                db: Some(db),
                last_use: Instant::now(),
                closer_running: false,
                lock: Some(lock),
                ended: false,
            }),
            me: me.clone(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the database, opening it again if it was closed for idleness; `None`
    /// once the client let go of it. Failures are logged, not raised: a write that can't be
    /// made must not take the client down with it.
    pub fn with<R>(&self, f: impl FnOnce(&mut ClientDb) -> Result<R, DbError>) -> Option<R> {
        let mut st = self.lock();
        if st.ended {
            return None;
        }
        if st.db.is_none() {
            match ClientDb::reopen(&st.path, st.seal.clone()) {
                Ok(db) => st.db = Some(db),
                Err(e) => {
                    log_error(&e);
                    return None;
                }
            }
        }
        st.last_use = Instant::now();
        let result = st.db.as_mut().map(f)?;
        if !st.closer_running {
            st.closer_running = self.start_closer();
        }
        match result {
            Ok(r) => Some(r),
            Err(e) => {
                log_error(&e);
                None
            }
        }
    }

    /// Closes the database once it has been idle for IDLE_CLOSE.
    fn start_closer(&self) -> bool {
        let me = self.me.clone();
        crate::client::runtime::spawn(async move {
            loop {
                tokio::time::sleep(IDLE_CLOSE).await;
                let Some(store) = me.upgrade() else { return };
                let mut st = store.lock();
                if st.ended || st.last_use.elapsed() >= IDLE_CLOSE {
                    st.db = None;
                    st.closer_running = false;
                    drop(st);
                    give_back_memory();
                    return;
                }
            }
        })
    }

    /// Closes the database for good (the client closed).
    pub fn close(&self) {
        let mut st = self.lock();
        st.ended = true;
        st.db = None;
        st.lock = None;
    }

    /// Closes the database for good and deletes it (log out, destroy).
    pub fn destroy(&self) {
        let mut st = self.lock();
        st.ended = true;
        st.db = None;
        database::remove_files(&st.path);
        let mut lock_file = st.path.clone().into_os_string();
        lock_file.push(".lock");
        let _ = std::fs::remove_file(lock_file);
        st.lock = None;
    }
}

/// Hands freed memory back to the system, at most once a second: a closed database frees
/// its pages inside the allocator's arenas, where they would stay resident.
fn give_back_memory() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static PENDING: AtomicBool = AtomicBool::new(false);
    if PENDING.swap(true, Ordering::AcqRel) {
        return;
    }
    crate::client::runtime::spawn(async {
        tokio::time::sleep(Duration::from_secs(1)).await;
        PENDING.store(false, Ordering::Release);
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: malloc_trim only returns free memory to the system.
        unsafe {
            libc::malloc_trim(0);
        }
    });
}

fn log_error(e: &DbError) {
    if crate::log::verbosity() >= 1 {
        let text = format!("database: {e}");
        crate::log::message(1, Some("sqlite"), text.as_bytes());
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
