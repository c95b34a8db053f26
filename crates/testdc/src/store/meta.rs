//! The `meta` table: id counters and server-wide secrets that must survive restarts.

use rusqlite::{params, Connection, OptionalExtension};

use super::Store;

/// Sequences for ids the server hands out. Each starts in its own range so that a user,
/// a basic group and a channel never share an id (and ids above 2^32 exercise 64-bit paths).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    UserId,
    ChatId,
    ChannelId,
    GlobalMessageId,
}

impl Counter {
    fn key(self) -> &'static str {
        match self {
            Counter::UserId => "next_user_id",
            Counter::ChatId => "next_chat_id",
            Counter::ChannelId => "next_channel_id",
            Counter::GlobalMessageId => "next_global_message_id",
        }
    }

    fn first(self) -> i64 {
        match self {
            Counter::UserId => 5_000_000_001,
            Counter::ChatId => 4_000_000_001,
            Counter::ChannelId => 2_000_000_001,
            Counter::GlobalMessageId => 1,
        }
    }
}

impl Store {
    /// Hands out the next value of `counter`.
    pub fn next(&self, counter: Counter) -> rusqlite::Result<i64> {
        let conn = self.conn();
        let current = int_value(conn, counter.key())?.unwrap_or(counter.first());
        conn.prepare_cached("INSERT OR REPLACE INTO meta (key, int_value) VALUES (?1, ?2)")?
            .execute(params![counter.key(), current + 1])?;
        Ok(current)
    }

    pub fn meta_int(&self, key: &str) -> rusqlite::Result<Option<i64>> {
        int_value(self.conn(), key)
    }

    pub fn set_meta_int(&self, key: &str, value: i64) -> rusqlite::Result<()> {
        self.conn()
            .prepare_cached("INSERT OR REPLACE INTO meta (key, int_value) VALUES (?1, ?2)")?
            .execute(params![key, value])?;
        Ok(())
    }

    pub fn meta_blob(&self, key: &str) -> rusqlite::Result<Option<Vec<u8>>> {
        self.conn()
            .prepare_cached("SELECT blob_value FROM meta WHERE key = ?1")?
            .query_row([key], |row| row.get::<_, Option<Vec<u8>>>(0))
            .optional()
            .map(Option::flatten)
    }

    pub fn set_meta_blob(&self, key: &str, value: &[u8]) -> rusqlite::Result<()> {
        self.conn()
            .prepare_cached("INSERT OR REPLACE INTO meta (key, blob_value) VALUES (?1, ?2)")?
            .execute(params![key, value])?;
        Ok(())
    }
}

fn int_value(conn: &Connection, key: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT int_value FROM meta WHERE key = ?1")?
        .query_row([key], |row| row.get::<_, Option<i64>>(0))
        .optional()
        .map(Option::flatten)
}
