//! The chat and message tables of the client database (use_chat_info_database,
//! use_message_database): groups and channels as the server sent them, each chat's state,
//! and messages by chat, all sealed like the rest under database_encryption_key.

use rusqlite::{params, OptionalExtension};

use super::database::{ClientDb, DbError, UpdateState};

pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS peers (chat_id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS chats (
    chat_id INTEGER PRIMARY KEY,
    ord INTEGER NOT NULL,
    folder INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS chats_by_order ON chats (folder, ord);
CREATE TABLE IF NOT EXISTS messages (
    chat_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (chat_id, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS messages_by_id ON messages (id);
CREATE TABLE IF NOT EXISTS lists (folder INTEGER PRIMARY KEY, complete INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS files (id INTEGER PRIMARY KEY, unique_key BLOB UNIQUE, data BLOB NOT NULL);
";

/// Stored messages: (id, bytes).
pub type Rows = Vec<(i64, Vec<u8>)>;

/// One chat's row: its place in a list (for loading in order) and its state, opaque here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatRow {
    pub chat_id: i64,
    pub order: i64,
    pub folder: i32,
    pub data: Vec<u8>,
}

/// A write made with others in one transaction.
#[derive(Debug, Clone)]
pub enum Write {
    Peer {
        chat_id: i64,
        data: Vec<u8>,
    },
    User {
        id: i64,
        data: Vec<u8>,
    },
    Chat(ChatRow),
    Message {
        chat_id: i64,
        id: i64,
        data: Vec<u8>,
    },
    DeleteMessage {
        chat_id: i64,
        id: i64,
    },
    DeleteHistory {
        chat_id: i64,
    },
    DeleteChat {
        chat_id: i64,
    },
    UpdateState(UpdateState),
    ListComplete {
        folder: i32,
        complete: bool,
    },
    /// A file of the file database (use_file_database): its id, the key that finds it from
    /// a server file, and its state (files::node).
    File {
        id: i32,
        unique_key: Option<Vec<u8>>,
        data: Vec<u8>,
    },
}

impl ClientDb {
    pub fn save_peer(&self, chat_id: i64, data: &[u8]) -> Result<(), DbError> {
        self.conn.execute(
            "REPLACE INTO peers (chat_id, data) VALUES (?1, ?2)",
            params![chat_id, self.seal.seal(data)],
        )?;
        Ok(())
    }

    pub fn peer(&self, chat_id: i64) -> Result<Option<Vec<u8>>, DbError> {
        self.opened(
            self.conn
                .query_row(
                    "SELECT data FROM peers WHERE chat_id = ?1",
                    params![chat_id],
                    |r| r.get(0),
                )
                .optional()?,
        )
    }

    fn opened(&self, v: Option<Vec<u8>>) -> Result<Option<Vec<u8>>, DbError> {
        v.map(|v| self.seal.open(&v).map_err(|_| DbError::Damaged))
            .transpose()
    }

    /// Applies writes in one transaction: a batch of updates lands whole or not at all. A
    /// write that a later one of the same row replaces is skipped (a batch often carries a
    /// chat's row or the update state many times); statements are prepared once per
    /// connection.
    pub fn apply(&mut self, writes: &[Write]) -> Result<(), DbError> {
        let superseded = superseded(writes);
        let tx = self.conn.transaction()?;
        for (i, w) in writes.iter().enumerate() {
            if superseded.get(i).copied().unwrap_or(false) {
                continue;
            }
            match w {
                Write::Peer { chat_id, data } => {
                    tx.prepare_cached("REPLACE INTO peers (chat_id, data) VALUES (?1, ?2)")?
                        .execute(params![chat_id, self.seal.seal(data)])?;
                }
                Write::User { id, data } => {
                    tx.prepare_cached("REPLACE INTO users (id, data) VALUES (?1, ?2)")?
                        .execute(params![id, self.seal.seal(data)])?;
                }
                Write::Chat(row) => {
                    tx.prepare_cached(
                        "REPLACE INTO chats (chat_id, ord, folder, data) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![
                        row.chat_id,
                        row.order,
                        row.folder,
                        self.seal.seal(&row.data)
                    ])?;
                }
                Write::Message { chat_id, id, data } => {
                    tx.prepare_cached(
                        "REPLACE INTO messages (chat_id, id, data) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![chat_id, id, self.seal.seal(data)])?;
                }
                Write::DeleteMessage { chat_id, id } => {
                    tx.prepare_cached("DELETE FROM messages WHERE chat_id = ?1 AND id = ?2")?
                        .execute(params![chat_id, id])?;
                }
                Write::DeleteHistory { chat_id } => {
                    tx.prepare_cached("DELETE FROM messages WHERE chat_id = ?1")?
                        .execute(params![chat_id])?;
                }
                Write::DeleteChat { chat_id } => {
                    tx.prepare_cached("DELETE FROM messages WHERE chat_id = ?1")?
                        .execute(params![chat_id])?;
                    tx.prepare_cached("DELETE FROM chats WHERE chat_id = ?1")?
                        .execute(params![chat_id])?;
                }
                Write::UpdateState(s) => {
                    tx.prepare_cached(
                        "REPLACE INTO update_state (id, pts, qts, date, seq) VALUES (1, ?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![s.pts, s.qts, s.date, s.seq])?;
                }
                Write::ListComplete { folder, complete } => {
                    tx.prepare_cached("REPLACE INTO lists (folder, complete) VALUES (?1, ?2)")?
                        .execute(params![folder, *complete as i64])?;
                }
                Write::File {
                    id,
                    unique_key,
                    data,
                } => {
                    // Another id that had this key gave it up (files merged): it is forgotten.
                    if let Some(k) = unique_key {
                        tx.prepare_cached("DELETE FROM files WHERE unique_key = ?1 AND id != ?2")?
                            .execute(params![k, id])?;
                    }
                    tx.prepare_cached(
                        "REPLACE INTO files (id, unique_key, data) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![id, unique_key, self.seal.seal(data)])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// A stored file by its id: (unique key, state).
    pub fn file(&self, id: i32) -> Result<Option<Vec<u8>>, DbError> {
        let v: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT data FROM files WHERE id = ?1")?
            .query_row(params![id], |r| r.get(0))
            .optional()?;
        self.opened(v)
    }

    /// A stored file by the key of its server location: (id, state).
    pub fn file_by_key(&self, key: &[u8]) -> Result<Option<(i32, Vec<u8>)>, DbError> {
        let v: Option<(i32, Vec<u8>)> = self
            .conn
            .prepare_cached("SELECT id, data FROM files WHERE unique_key = ?1")?
            .query_row(params![key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        match v {
            Some((id, data)) => Ok(self.opened(Some(data))?.map(|d| (id, d))),
            None => Ok(None),
        }
    }

    /// The largest file id given so far (0 for none), so ids are not given twice.
    pub fn max_file_id(&self) -> Result<i32, DbError> {
        Ok(self
            .conn
            .query_row("SELECT COALESCE(MAX(id), 0) FROM files", [], |r| r.get(0))?)
    }

    pub fn chat(&self, chat_id: i64) -> Result<Option<ChatRow>, DbError> {
        let row: Option<(i64, i32, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT ord, folder, data FROM chats WHERE chat_id = ?1",
                params![chat_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match row {
            Some((order, folder, data)) => Ok(Some(ChatRow {
                chat_id,
                order,
                folder,
                data: self.seal.open(&data).map_err(|_| DbError::Damaged)?,
            })),
            None => Ok(None),
        }
    }

    /// Every chat with its place in lists, for the start: their state is small; their
    /// messages stay on disk.
    pub fn all_chats(&self) -> Result<Vec<ChatRow>, DbError> {
        let mut q = self.conn.prepare(
            "SELECT chat_id, ord, folder, data FROM chats ORDER BY ord DESC, chat_id DESC",
        )?;
        let rows = q
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, Vec<u8>>(3)?))
            })?
            .collect::<Result<Vec<(i64, i64, i32, Vec<u8>)>, _>>()?;
        rows.into_iter()
            .map(|(chat_id, order, folder, data)| {
                Ok(ChatRow {
                    chat_id,
                    order,
                    folder,
                    data: self.seal.open(&data).map_err(|_| DbError::Damaged)?,
                })
            })
            .collect()
    }

    pub fn message(&self, chat_id: i64, id: i64) -> Result<Option<Vec<u8>>, DbError> {
        self.opened(
            self.conn
                .query_row(
                    "SELECT data FROM messages WHERE chat_id = ?1 AND id = ?2",
                    params![chat_id, id],
                    |r| r.get(0),
                )
                .optional()?,
        )
    }

    /// Up to `limit` messages with ids below `before` (newest first), and up to `newer`
    /// with ids at or above it (oldest first), as stored.
    pub fn history(
        &self,
        chat_id: i64,
        before: i64,
        limit: usize,
        newer: usize,
    ) -> Result<(Rows, Rows), DbError> {
        let mut q = self.conn.prepare_cached(
            "SELECT id, data FROM messages WHERE chat_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
        )?;
        let older = q
            .query_map(params![chat_id, before, limit as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<Vec<(i64, Vec<u8>)>, _>>()?;
        let mut q = self.conn.prepare_cached(
            "SELECT id, data FROM messages WHERE chat_id = ?1 AND id >= ?2 ORDER BY id ASC LIMIT ?3",
        )?;
        let newer = q
            .query_map(params![chat_id, before, newer as i64], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .collect::<Result<Vec<(i64, Vec<u8>)>, _>>()?;
        let open = |v: Vec<(i64, Vec<u8>)>| -> Result<Vec<(i64, Vec<u8>)>, DbError> {
            v.into_iter()
                .map(|(id, d)| Ok((id, self.seal.open(&d).map_err(|_| DbError::Damaged)?)))
                .collect()
        };
        Ok((open(older)?, open(newer)?))
    }

    /// The private chat or basic group holding an account-wide message id.
    pub fn chat_of_message(&self, id: i64) -> Result<Option<i64>, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT chat_id FROM messages WHERE id = ?1 AND chat_id > -1000000000000 LIMIT 1",
                params![id],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn list_complete(&self, folder: i32) -> Result<bool, DbError> {
        Ok(self
            .conn
            .query_row(
                "SELECT complete FROM lists WHERE folder = ?1",
                params![folder],
                |r| r.get::<_, i64>(0),
            )
            .optional()?
            .is_some_and(|v| v != 0))
    }
}

/// The row a write replaces whole, if it is one of those.
#[derive(PartialEq, Eq, Hash)]
enum RowKey {
    Peer(i64),
    User(i64),
    Chat(i64),
    Message(i64, i64),
    UpdateState,
    List(i32),
    File(i32),
}

/// Which writes a later write of the same row makes moot. Deletes are never skipped and
/// skip nothing: a replace after a delete puts the row back, as it would have anyway.
fn superseded(writes: &[Write]) -> Vec<bool> {
    let mut seen = std::collections::HashSet::new();
    let mut out = vec![false; writes.len()];
    for (i, w) in writes.iter().enumerate().rev() {
        let key = match w {
            Write::Peer { chat_id, .. } => RowKey::Peer(*chat_id),
            Write::User { id, .. } => RowKey::User(*id),
            Write::Chat(row) => RowKey::Chat(row.chat_id),
            Write::Message { chat_id, id, .. } => RowKey::Message(*chat_id, *id),
            Write::UpdateState(_) => RowKey::UpdateState,
            Write::ListComplete { folder, .. } => RowKey::List(*folder),
            Write::File { id, .. } => RowKey::File(*id),
            Write::DeleteMessage { .. }
            | Write::DeleteHistory { .. }
            | Write::DeleteChat { .. } => continue,
        };
        out[i] = !seen.insert(key);
    }
    out
}
