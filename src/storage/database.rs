//! The client database: one SQLite file in database_directory holding the auth keys per DC,
//! the home DC, the DC addresses, the account, its users and the update state. WAL journal,
//! every change in a transaction, so a process killed at any moment leaves a database that
//! opens and still holds every sign-in it acknowledged. The connection holds an exclusive
//! lock (WAL without shared memory), so two clients never share one directory.

use std::path::{Path, PathBuf};

use rand::RngCore;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use super::seal::Seal;

const FILE: &str = "tdjson.sqlite";
const TEST_FILE: &str = "tdjson_test.sqlite";
const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS dcs (
    dc_id INTEGER PRIMARY KEY,
    auth_key BLOB,
    time_offset INTEGER NOT NULL DEFAULT 0,
    authorized INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS dc_options (dc_id INTEGER NOT NULL, ip TEXT NOT NULL, port INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS user_full (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS update_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    pts INTEGER NOT NULL, qts INTEGER NOT NULL, date INTEGER NOT NULL, seq INTEGER NOT NULL
);
";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the database encryption key does not match the database")]
    WrongKey,
    #[error("the database was written by a newer version ({0})")]
    TooNew(i64),
    #[error("a sealed value can't be opened")]
    Damaged,
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// What a client starts from.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub main_dc: Option<i32>,
    pub my_id: Option<i64>,
    /// A sign-in completed and no log out began.
    pub authorized: bool,
    /// A log out began and did not finish.
    pub logging_out: bool,
    pub authorized_dcs: Vec<i32>,
    pub dc_options: Vec<(i32, String, i32)>,
}

/// pts, qts, date and seq: where the client's update stream stands.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct UpdateState {
    pub pts: i32,
    pub qts: i32,
    pub date: i32,
    pub seq: i32,
}

pub struct ClientDb {
    pub(super) conn: Connection,
    pub(super) seal: Seal,
    path: PathBuf,
}

/// The database file of a directory.
pub fn path_in(dir: &Path, test_dc: bool) -> PathBuf {
    dir.join(if test_dc { TEST_FILE } else { FILE })
}

impl ClientDb {
    /// Opens (or creates) the database at `path`; `key` is database_encryption_key (empty
    /// for none). A key that doesn't match the one the database was made with is refused.
    pub fn open(path: &Path, key: &[u8]) -> Result<Self, DbError> {
        let conn = Self::connect(path)?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(super::chat_db::SCHEMA)?;
        let mut db = ClientDb {
            conn,
            seal: Seal::plain(),
            path: path.to_owned(),
        };
        db.init(key)?;
        Ok(db)
    }

    /// Opens again a database this process opened before with `seal` (its key checked then).
    pub fn reopen(path: &Path, seal: Seal) -> Result<Self, DbError> {
        Ok(ClientDb {
            conn: Self::connect(path)?,
            seal,
            path: path.to_owned(),
        })
    }

    fn connect(path: &Path) -> Result<Connection, DbError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        without_lookaside(&conn);
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Little is read twice: a small page cache.
        conn.pragma_update(None, "cache_size", -32)?;
        Ok(conn)
    }

    /// The key the values are sealed with (for [`Self::reopen`]).
    pub fn seal(&self) -> &Seal {
        &self.seal
    }

    fn init(&mut self, key: &[u8]) -> Result<(), DbError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = meta_int(&tx, "version")?;
        if let Some(v) = version {
            if v > SCHEMA_VERSION {
                return Err(DbError::TooNew(v));
            }
        }
        let salt = meta(&tx, "key_salt")?;
        let check = meta(&tx, "key_check")?;
        let seal = match (&salt, key.is_empty()) {
            (Some(salt), false) => Seal::with_key(key, salt),
            (None, true) => Seal::plain(),
            (Some(_), true) => return Err(DbError::WrongKey),
            (None, false) if version.is_some() => return Err(DbError::WrongKey),
            (None, false) => {
                let mut salt = [0u8; 16];
                rand::thread_rng().fill_bytes(&mut salt);
                set_meta(&tx, "key_salt", &salt)?;
                Seal::with_key(key, &salt)
            }
        };
        match check {
            Some(check) if !seal.accepts(&check) => return Err(DbError::WrongKey),
            Some(_) => {}
            None => set_meta(&tx, "key_check", &seal.check_value())?,
        }
        if version.is_none() {
            set_meta(&tx, "version", SCHEMA_VERSION.to_string().as_bytes())?;
        }
        tx.commit()?;
        self.seal = seal;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn load(&self) -> Result<Loaded, DbError> {
        let c = &self.conn;
        let mut loaded = Loaded {
            main_dc: meta_int(c, "main_dc")?.and_then(|v| i32::try_from(v).ok()),
            my_id: meta_int(c, "my_id")?,
            ..Loaded::default()
        };
        match meta(c, "authorization")?.as_deref() {
            Some(b"ready") => loaded.authorized = loaded.my_id.is_some(),
            Some(b"logging_out") => loaded.logging_out = true,
            _ => {}
        }
        let mut q = c.prepare(
            "SELECT dc_id FROM dcs WHERE authorized = 1 AND auth_key IS NOT NULL ORDER BY dc_id",
        )?;
        loaded.authorized_dcs = q.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let mut q = c.prepare("SELECT dc_id, ip, port FROM dc_options ORDER BY rowid")?;
        loaded.dc_options = q
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        Ok(loaded)
    }

    pub fn auth_key(&self, dc_id: i32) -> Result<Option<(Vec<u8>, i64)>, DbError> {
        let row: Option<(Option<Vec<u8>>, i64)> = self
            .conn
            .query_row(
                "SELECT auth_key, time_offset FROM dcs WHERE dc_id = ?1",
                params![dc_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            Some((Some(sealed), offset)) => {
                let key = self.seal.open(&sealed).map_err(|_| DbError::Damaged)?;
                Ok(Some((key, offset)))
            }
            _ => Ok(None),
        }
    }

    /// A new permanent key: whatever was signed in on this DC with the old one is gone.
    pub fn save_auth_key(&self, dc_id: i32, key: &[u8], time_offset: i64) -> Result<(), DbError> {
        self.conn.execute(
            "REPLACE INTO dcs (dc_id, auth_key, time_offset, authorized) VALUES (?1, ?2, ?3, 0)",
            params![dc_id, self.seal.seal(key), time_offset],
        )?;
        Ok(())
    }

    pub fn save_time_offset(&self, dc_id: i32, time_offset: i64) -> Result<(), DbError> {
        self.conn.execute(
            "UPDATE dcs SET time_offset = ?2 WHERE dc_id = ?1",
            params![dc_id, time_offset],
        )?;
        Ok(())
    }

    pub fn forget_auth_key(&self, dc_id: i32) -> Result<(), DbError> {
        self.conn
            .execute("DELETE FROM dcs WHERE dc_id = ?1", params![dc_id])?;
        Ok(())
    }

    pub fn save_authorized_dc(&self, dc_id: i32) -> Result<(), DbError> {
        self.conn.execute(
            "UPDATE dcs SET authorized = 1 WHERE dc_id = ?1",
            params![dc_id],
        )?;
        Ok(())
    }

    pub fn save_main_dc(&self, dc_id: i32) -> Result<(), DbError> {
        set_meta(&self.conn, "main_dc", dc_id.to_string().as_bytes())
    }

    pub fn save_dc_options(&mut self, options: &[(i32, String, i32)]) -> Result<(), DbError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM dc_options", [])?;
        for (dc_id, ip, port) in options {
            tx.execute(
                "INSERT INTO dc_options (dc_id, ip, port) VALUES (?1, ?2, ?3)",
                params![dc_id, ip, port],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The sign-in, in one transaction: the account, its user, its home DC signed in.
    pub fn save_sign_in(&mut self, my_id: i64, main_dc: i32, user: &[u8]) -> Result<(), DbError> {
        let sealed = self.seal.seal(user);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        set_meta(&tx, "my_id", my_id.to_string().as_bytes())?;
        set_meta(&tx, "main_dc", main_dc.to_string().as_bytes())?;
        tx.execute(
            "UPDATE dcs SET authorized = 1 WHERE dc_id = ?1",
            params![main_dc],
        )?;
        tx.execute(
            "REPLACE INTO users (id, data) VALUES (?1, ?2)",
            params![my_id, sealed],
        )?;
        set_meta(&tx, "authorization", b"ready")?;
        tx.commit()?;
        Ok(())
    }

    /// A log out has begun: the next start finishes it, even if this process dies now.
    pub fn save_logging_out(&self) -> Result<(), DbError> {
        set_meta(&self.conn, "authorization", b"logging_out")
    }

    pub fn save_user(&self, id: i64, data: &[u8]) -> Result<(), DbError> {
        self.conn.execute(
            "REPLACE INTO users (id, data) VALUES (?1, ?2)",
            params![id, self.seal.seal(data)],
        )?;
        Ok(())
    }

    pub fn user(&self, id: i64) -> Result<Option<Vec<u8>>, DbError> {
        self.sealed_row("SELECT data FROM users WHERE id = ?1", id)
    }

    pub fn save_user_full(&self, id: i64, data: &[u8]) -> Result<(), DbError> {
        self.conn.execute(
            "REPLACE INTO user_full (id, data) VALUES (?1, ?2)",
            params![id, self.seal.seal(data)],
        )?;
        Ok(())
    }

    pub fn user_full(&self, id: i64) -> Result<Option<Vec<u8>>, DbError> {
        self.sealed_row("SELECT data FROM user_full WHERE id = ?1", id)
    }

    fn sealed_row(&self, sql: &str, id: i64) -> Result<Option<Vec<u8>>, DbError> {
        let row: Option<Vec<u8>> = self
            .conn
            .query_row(sql, params![id], |r| r.get(0))
            .optional()?;
        row.map(|v| self.seal.open(&v).map_err(|_| DbError::Damaged))
            .transpose()
    }

    pub fn update_state(&self) -> Result<Option<UpdateState>, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT pts, qts, date, seq FROM update_state WHERE id = 1",
                [],
                |r| {
                    Ok(UpdateState {
                        pts: r.get(0)?,
                        qts: r.get(1)?,
                        date: r.get(2)?,
                        seq: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn save_update_state(&self, s: UpdateState) -> Result<(), DbError> {
        self.conn.execute(
            "REPLACE INTO update_state (id, pts, qts, date, seq) VALUES (1, ?1, ?2, ?3, ?4)",
            params![s.pts, s.qts, s.date, s.seq],
        )?;
        Ok(())
    }

    /// Whether the file is sound (`PRAGMA integrity_check`).
    pub fn integrity_ok(&self) -> Result<bool, DbError> {
        let answer: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        Ok(answer == "ok")
    }

    /// Closes the database and deletes its files (log out, destroy).
    pub fn destroy(self) {
        let path = self.path.clone();
        drop(self.conn);
        remove_files(&path);
    }
}

/// Deletes a database's files.
pub fn remove_files(path: &Path) {
    {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut p = path.to_owned().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
}

/// SQLite gives every connection a lookaside allocator (about 120 KiB by default); a client
/// makes few statements, and a thousand idle clients should not hold a thousand of them.
fn without_lookaside(conn: &Connection) {
    // SAFETY: the handle is this open connection's, used on this thread before any statement
    // exists (so no lookaside memory is out); a null buffer with size 0 turns lookaside off.
    unsafe {
        rusqlite::ffi::sqlite3_db_config(
            conn.handle(),
            rusqlite::ffi::SQLITE_DBCONFIG_LOOKASIDE,
            std::ptr::null_mut::<std::ffi::c_void>(),
            0 as std::ffi::c_int,
            0 as std::ffi::c_int,
        );
    }
}

fn meta(c: &Connection, key: &str) -> Result<Option<Vec<u8>>, DbError> {
    Ok(
        c.query_row("SELECT value FROM meta WHERE key = ?1", params![key], |r| {
            r.get(0)
        })
        .optional()?,
    )
}

fn meta_int(c: &Connection, key: &str) -> Result<Option<i64>, DbError> {
    Ok(meta(c, key)?.and_then(|v| std::str::from_utf8(&v).ok()?.parse().ok()))
}

fn set_meta(c: &Connection, key: &str, value: &[u8]) -> Result<(), DbError> {
    c.execute(
        "REPLACE INTO meta (key, value) VALUES (?1, ?2)",
        params![key, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("tdjson-db-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn a_sign_in_survives_reopening() {
        let dir = temp_dir("sign-in");
        let path = path_in(&dir, true);
        {
            let mut db = ClientDb::open(&path, b"").unwrap();
            assert_eq!(db.load().unwrap(), Loaded::default());
            db.save_auth_key(2, &[5u8; 256], -3).unwrap();
            db.save_dc_options(&[(2, "127.0.0.1".into(), 4431)])
                .unwrap();
            db.save_sign_in(77, 2, b"user bytes").unwrap();
            db.save_update_state(UpdateState {
                pts: 1,
                qts: 2,
                date: 3,
                seq: 4,
            })
            .unwrap();
        }
        let db = ClientDb::open(&path, b"").unwrap();
        let loaded = db.load().unwrap();
        assert_eq!(loaded.my_id, Some(77));
        assert_eq!(loaded.main_dc, Some(2));
        assert!(loaded.authorized);
        assert_eq!(loaded.authorized_dcs, vec![2]);
        assert_eq!(loaded.dc_options, vec![(2, "127.0.0.1".into(), 4431)]);
        assert_eq!(db.auth_key(2).unwrap(), Some((vec![5u8; 256], -3)));
        assert_eq!(db.auth_key(1).unwrap(), None);
        assert_eq!(db.user(77).unwrap().as_deref(), Some(&b"user bytes"[..]));
        assert_eq!(db.update_state().unwrap().map(|s| s.seq), Some(4));
        assert!(db.integrity_ok().unwrap());
        db.save_logging_out().unwrap();
        assert!(!db.load().unwrap().authorized);
        assert!(db.load().unwrap().logging_out);
        db.destroy();
        assert!(!path.exists());
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn an_encrypted_database_needs_its_key_and_hides_its_secrets() {
        let dir = temp_dir("key");
        let path = path_in(&dir, false);
        {
            let mut db = ClientDb::open(&path, b"right").unwrap();
            db.save_auth_key(1, &[0xABu8; 256], 0).unwrap();
            db.save_sign_in(5, 1, b"+9996612345 Alice").unwrap();
        }
        assert!(matches!(
            ClientDb::open(&path, b"wrong"),
            Err(DbError::WrongKey)
        ));
        assert!(matches!(ClientDb::open(&path, b""), Err(DbError::WrongKey)));
        let db = ClientDb::open(&path, b"right").unwrap();
        assert_eq!(db.auth_key(1).unwrap().unwrap().0, vec![0xABu8; 256]);
        drop(db);
        let bytes = std::fs::read(&path).unwrap_or_default();
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        let wal = std::fs::read(PathBuf::from(wal)).unwrap_or_default();
        for file in [&bytes, &wal] {
            assert!(
                !file.windows(32).any(|w| w == [0xABu8; 32]),
                "no auth key in the clear"
            );
            assert!(
                !file.windows(5).any(|w| w == b"Alice"),
                "no user data in the clear"
            );
        }
        // A plain database refuses a key it was not made with.
        let plain = path_in(&dir, true);
        drop(ClientDb::open(&plain, b"").unwrap());
        assert!(matches!(
            ClientDb::open(&plain, b"k"),
            Err(DbError::WrongKey)
        ));
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn a_second_connection_to_an_open_database_waits_then_fails() {
        let dir = temp_dir("lock");
        let path = path_in(&dir, false);
        let db = ClientDb::open(&path, b"").unwrap();
        db.save_main_dc(2).unwrap();
        // Held exclusively: another opener can't take it (busy after the timeout).
        let other = std::thread::spawn({
            let path = path.clone();
            move || ClientDb::open(&path, b"").is_err()
        });
        assert!(other.join().unwrap());
        drop(db);
        assert_eq!(
            ClientDb::open(&path, b"").unwrap().load().unwrap().main_dc,
            Some(2)
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}
