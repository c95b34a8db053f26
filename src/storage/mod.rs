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

/// How long the engine's writes wait to be committed together. A busy client would
/// otherwise commit once per incoming message (a quarter of its CPU); a crash loses at most
/// this much, which the server's difference gives back, since the update state is
/// committed with the messages and chats it covers, never ahead of them. TDLib delays its
/// pts saves for bots by the same 50 ms.
const COMMIT_DELAY: Duration = Duration::from_millis(50);

/// The same when only the update state changed (no message database): nothing is lost to
/// a crash but a moment of pts, which a difference repeats.
const STATE_COMMIT_DELAY: Duration = Duration::from_millis(250);

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
    /// The engine's writes not committed yet (see [`COMMIT_DELAY`]).
    pending: Vec<chat_db::Write>,
    /// When the armed commit timer fires.
    commit_due: Option<Instant>,
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
                pending: Vec::new(),
                commit_due: None,
            }),
            me: me.clone(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the database, opening it again if it was closed for idleness; `None`
    /// once the client let go of it. Writes still waiting are committed first, so every
    /// read sees them. Failures are logged, not raised: a write that can't be made must
    /// not take the client down with it.
    pub fn with<R>(&self, f: impl FnOnce(&mut ClientDb) -> Result<R, DbError>) -> Option<R> {
        let mut st = self.lock();
        self.run(&mut st, f)
    }

    /// Queues the engine's writes for one transaction at most [`COMMIT_DELAY`] from now
    /// ([`STATE_COMMIT_DELAY`] if all they change is the update state), or now when no
    /// runtime can wait for it.
    pub fn queue(&self, writes: Vec<chat_db::Write>) {
        let mut st = self.lock();
        if st.ended || writes.is_empty() {
            return;
        }
        let only_state = writes
            .iter()
            .all(|w| matches!(w, chat_db::Write::UpdateState(_)));
        st.pending.extend(writes);
        let delay = if only_state {
            STATE_COMMIT_DELAY
        } else {
            COMMIT_DELAY
        };
        let due = Instant::now() + delay;
        if st.commit_due.is_some_and(|armed| armed <= due) {
            return;
        }
        let me = self.me.clone();
        let armed = crate::client::runtime::spawn(async move {
            tokio::time::sleep_until(due.into()).await;
            if let Some(store) = me.upgrade() {
                store.commit(due);
            }
        });
        if armed {
            st.commit_due = Some(due);
        } else {
            self.run(&mut st, |_| Ok(()));
        }
    }

    /// Commits the queued writes: the timer due at `due` fired (an earlier one may have
    /// taken its place).
    fn commit(&self, due: Instant) {
        let mut st = self.lock();
        if st.commit_due.is_some_and(|armed| armed >= due) {
            st.commit_due = None;
        }
        if !st.pending.is_empty() {
            self.run(&mut st, |_| Ok(()));
        }
    }

    fn run<R>(
        &self,
        st: &mut State,
        f: impl FnOnce(&mut ClientDb) -> Result<R, DbError>,
    ) -> Option<R> {
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
        let pending = std::mem::take(&mut st.pending);
        let db = st.db.as_mut()?;
        if !pending.is_empty() {
            if let Err(e) = db.apply(&pending) {
                log_error(&e);
            }
        }
        let result = f(db);
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
                if (st.ended || st.last_use.elapsed() >= IDLE_CLOSE) && st.pending.is_empty() {
                    st.db = None;
                    st.closer_running = false;
                    drop(st);
                    give_back_memory();
                    return;
                }
            }
        })
    }

    /// Closes the database for good (the client closed), with the queued writes committed.
    pub fn close(&self) {
        let mut st = self.lock();
        if !st.pending.is_empty() {
            self.run(&mut st, |_| Ok(()));
        }
        // What a database that can't be opened again could not take is gone with it.
        st.pending.clear();
        st.ended = true;
        st.db = None;
        st.lock = None;
    }

    /// Closes the database for good and deletes it (log out, destroy).
    pub fn destroy(&self) {
        let mut st = self.lock();
        st.ended = true;
        st.pending.clear();
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

#[cfg(test)]
mod tests {
    use super::chat_db::Write;
    use super::*;

    fn store(name: &str) -> (Arc<Store>, PathBuf) {
        let dir = std::env::temp_dir().join(format!("tdjson-store-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = database::path_in(&dir, false);
        let db = ClientDb::open(&path, b"").expect("open");
        let lock = lock::DirLock::take(&path).expect("lock");
        (Store::new(db, lock), path)
    }

    fn message(chat_id: i64, id: i64, data: &[u8]) -> Write {
        Write::Message {
            chat_id,
            id,
            data: data.to_vec(),
        }
    }

    #[test]
    fn queued_writes_are_read_back_and_survive_close() {
        let (store, path) = store("queue");
        store.queue(vec![message(7, 1 << 20, b"first")]);
        let read = store.with(|db| db.message(7, 1 << 20)).flatten();
        assert_eq!(read.as_deref(), Some(&b"first"[..]));
        store.queue(vec![message(7, 2 << 20, b"second")]);
        store.close();
        let db = ClientDb::open(&path, b"").expect("reopen");
        assert_eq!(
            db.message(7, 2 << 20).expect("read").as_deref(),
            Some(&b"second"[..])
        );
    }

    #[test]
    fn a_later_write_of_a_row_wins_and_deletes_keep_their_place() {
        let (store, _path) = store("supersede");
        store.queue(vec![
            message(7, 1 << 20, b"v1"),
            message(7, 1 << 20, b"v2"),
            message(7, 2 << 20, b"gone"),
            Write::DeleteMessage {
                chat_id: 7,
                id: 2 << 20,
            },
            message(7, 3 << 20, b"old"),
            Write::DeleteHistory { chat_id: 7 },
            message(7, 3 << 20, b"back"),
        ]);
        let got = |id| store.with(|db| db.message(7, id)).flatten();
        assert_eq!(got(1 << 20), None, "the history delete came after v2");
        assert_eq!(got(2 << 20), None);
        assert_eq!(got(3 << 20).as_deref(), Some(&b"back"[..]));
    }
}
