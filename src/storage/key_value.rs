//! TDLib's key-value tables in SQLite: `"<name>" (k BLOB PRIMARY KEY, v BLOB)`, keys and
//! values as raw bytes, in a database file in WAL mode.

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

/// Why a database or table can't be used.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("the database path is empty")]
    EmptyPath,
    #[error("not a table name: {0:?}")]
    BadTableName(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// An open database file.
pub struct Database {
    conn: Connection,
}

impl Database {
    /// Opens (creating if missing) the database at `path`, taken as TDLib takes it: a C
    /// string (it ends at the first NUL), where `file:` starts an SQLite URI.
    pub fn open(path: &[u8]) -> Result<Self, StorageError> {
        let path = path.split(|&b| b == 0).next().unwrap_or_default();
        if path.is_empty() {
            return Err(StorageError::EmptyPath);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(Path::new(OsStr::from_bytes(path)), flags)?;
        // Also the first read of the file: one that is not a database fails here.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Ok(Self { conn })
    }

    /// Creates the table `name` if it doesn't exist. Names are plain identifiers: letters,
    /// digits, `_` and `-` (SQL quotes them; anything else is refused).
    pub fn create_table(&self, name: &str) -> Result<Table<'_>, StorageError> {
        let table = self.table(name)?;
        self.conn.execute(
            &format!("CREATE TABLE IF NOT EXISTS \"{name}\" (k BLOB PRIMARY KEY, v BLOB)"),
            [],
        )?;
        Ok(table)
    }

    /// The table `name`, which is expected to exist.
    pub fn table(&self, name: &str) -> Result<Table<'_>, StorageError> {
        let plain = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        if name.is_empty() || !name.bytes().all(plain) {
            return Err(StorageError::BadTableName(name.to_owned()));
        }
        Ok(Table {
            conn: &self.conn,
            name: name.to_owned(),
        })
    }
}

/// One key-value table of a [`Database`].
pub struct Table<'a> {
    conn: &'a Connection,
    name: String,
}

impl Table<'_> {
    /// The value stored under `key`, as bytes (numbers read as SQLite writes them as text);
    /// a missing key and a NULL read as empty, as in TDLib.
    pub fn get(&self, key: &[u8]) -> Result<Vec<u8>, StorageError> {
        let sql = format!("SELECT CAST(v AS BLOB) FROM \"{}\" WHERE k = ?1", self.name);
        let value: Option<Option<Vec<u8>>> = self
            .conn
            .query_row(&sql, params![key], |row| row.get(0))
            .optional()?;
        Ok(value.flatten().unwrap_or_default())
    }

    pub fn set(&self, key: &[u8], value: &[u8]) -> Result<(), StorageError> {
        let sql = format!("REPLACE INTO \"{}\" (k, v) VALUES (?1, ?2)", self.name);
        self.conn.execute(&sql, params![key, value])?;
        Ok(())
    }

    /// How many rows have a key not starting with `skip_key_prefix` and a value starting
    /// with one of `value_firsts`.
    pub fn count(&self, skip_key_prefix: u8, value_firsts: &[u8]) -> Result<u64, StorageError> {
        let sql = format!(
            "SELECT CAST(k AS BLOB), substr(CAST(v AS BLOB), 1, 1) FROM \"{}\"",
            self.name
        );
        let mut statement = self.conn.prepare(&sql)?;
        let mut rows = statement.query([])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let key: Option<Vec<u8>> = row.get(0)?;
            let first: Option<Vec<u8>> = row.get(1)?;
            let key_counts = key.is_some_and(|k| k.first() != Some(&skip_key_prefix));
            let value_counts = first
                .and_then(|f| f.first().copied())
                .is_some_and(|b| value_firsts.contains(&b));
            if key_counts && value_counts {
                n += 1;
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_path(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("tdjson-kv-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.join("db")
    }

    #[test]
    fn tables_store_bytes_and_count_rows() {
        let path = temp_path("bytes");
        let db = Database::open(path.as_os_str().as_bytes()).expect("open");
        assert!(matches!(
            db.create_table("a\"b"),
            Err(StorageError::BadTableName(_))
        ));
        let t = db.create_table("kv_a_b-1").expect("table");
        assert_eq!(t.get(b"missing").unwrap(), b"");
        t.set(b"k\xff", b"1\x00\xfe").unwrap();
        assert_eq!(t.get(b"k\xff").unwrap(), b"1\x00\xfe");
        t.set(b"!meta", b"1x").unwrap();
        t.set(b"two", b"2").unwrap();
        t.set(b"other", b"3").unwrap();
        assert_eq!(t.count(b'!', b"12").unwrap(), 2);
        // Numbers and text stored by other programs read as their text.
        db.conn
            .execute(
                "INSERT INTO \"kv_a_b-1\" VALUES (x'6e', 15), (x'66', 1.5), (x'6e6e', NULL)",
                [],
            )
            .unwrap();
        assert_eq!(t.get(b"n").unwrap(), b"15");
        assert_eq!(t.get(b"f").unwrap(), b"1.5");
        assert_eq!(t.get(b"nn").unwrap(), b"");
        assert_eq!(t.count(b'!', b"12").unwrap(), 4);
        let mode: String = db
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn unusable_paths_fail_to_open() {
        assert!(matches!(Database::open(b""), Err(StorageError::EmptyPath)));
        assert!(matches!(
            Database::open(b"\0/x"),
            Err(StorageError::EmptyPath)
        ));
        assert!(Database::open(b"/nonexistent-dir-for-tdjson/db").is_err());
        let path = temp_path("garbage");
        std::fs::write(&path, vec![b'x'; 5000]).unwrap();
        assert!(Database::open(path.as_os_str().as_bytes()).is_err());
        assert!(Database::open(path.parent().unwrap().as_os_str().as_bytes()).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), vec![b'x'; 5000]);
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }
}
