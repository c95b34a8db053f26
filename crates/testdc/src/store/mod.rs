//! SQLite persistence: one schema, one code path for the file and the in-memory database.

mod meta;
pub mod schema;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use meta::Counter;

/// File name of the database inside `--data DIR`.
pub const DB_FILE: &str = "testdc.sqlite3";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database schema version {found} is newer than this server's {supported}")]
    SchemaTooNew { found: i64, supported: i64 },
}

/// The open database: the world's only handle to SQLite.
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens `DIR/testdc.sqlite3` (created if missing) or, without a directory, a fresh
    /// in-memory database. Either way the schema is brought up to date.
    pub fn open(data_dir: Option<&Path>) -> Result<Store, StoreError> {
        let conn = match data_dir {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::DataDir {
                    path: dir.to_path_buf(),
                    source,
                })?;
                let conn = Connection::open(dir.join(DB_FILE))?;
                // WAL without fsync: a killed server keeps every commit (the OS has the
                // pages); only a machine crash could lose the last ones, fine for a test server.
                // One server owns the file: exclusive locking spares a lock round per commit.
                conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
                conn.pragma_update(None, "journal_mode", "WAL")?;
                conn.pragma_update(None, "synchronous", "OFF")?;
                conn.pragma_update(None, "cache_size", -65536)?;
                conn
            }
            None => Connection::open_in_memory()?,
        };
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        conn.set_prepared_statement_cache_capacity(256);
        schema::migrate(&conn)?;
        Ok(Store { conn })
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}
