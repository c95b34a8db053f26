//! Messages the client holds: the server's messages by chat, and those being sent (with a
//! yet-unsent id). Memory is bounded: past [`CAP`] messages, chats not open keep only their
//! last message; the rest is read back from the database (use_message_database) or the
//! server when asked for. Server messages are held as their TL bytes (about a fifth of the
//! decoded object's size) and decoded when used.

pub mod content;
pub mod convert;
pub mod incoming;
pub mod media_send;
pub mod message_id;
pub mod outgoing;
pub mod requests;
pub mod search;
pub mod send;
mod sorted;

use std::collections::{HashMap, HashSet};

use sorted::Sorted;

use td_api as td;
use tl::api::enums;
use tl::{Deserialize, Serialize};

use crate::storage::chat_db::Write;
use crate::storage::Store;

/// Messages kept in memory before chats not in use are trimmed.
pub const CAP: usize = 2048;

#[derive(Debug, Clone)]
pub enum Entry {
    Server(enums::Message),
    /// Being sent (or failed): the app's view of it.
    Pending(Box<td::Message>),
}

/// A message as memory holds it.
enum Held {
    Server(Box<[u8]>),
    Pending(Box<td::Message>),
}

impl Held {
    fn new(entry: Entry) -> Self {
        match entry {
            Entry::Server(m) => Held::Server(m.to_bytes().into_boxed_slice()),
            Entry::Pending(p) => Held::Pending(p),
        }
    }

    fn entry(&self) -> Option<Entry> {
        match self {
            Held::Server(b) => enums::Message::from_bytes(b).ok().map(Entry::Server),
            Held::Pending(p) => Some(Entry::Pending(p.clone())),
        }
    }
}

#[derive(Default)]
pub struct Messages {
    by_chat: HashMap<i64, Sorted<Held>>,
    count: usize,
    /// use_message_database: server messages are written through to the database.
    pub persist: bool,
}

impl Messages {
    pub fn new(persist: bool) -> Self {
        Self {
            persist,
            ..Self::default()
        }
    }

    /// From memory only.
    pub fn get(&self, chat_id: i64, id: i64) -> Option<Entry> {
        self.by_chat.get(&chat_id)?.get(id)?.entry()
    }

    pub fn contains(&self, chat_id: i64, id: i64) -> bool {
        self.by_chat.get(&chat_id).is_some_and(|m| m.contains(id))
    }

    /// From memory, else from the database.
    pub fn load(&mut self, store: &Store, chat_id: i64, id: i64) -> Option<Entry> {
        if let Some(e) = self.get(chat_id, id) {
            return Some(e);
        }
        if !self.persist || !message_id::is_server(id) {
            return None;
        }
        let bytes = store.with(|db| db.message(chat_id, id)).flatten()?;
        let m = enums::Message::from_bytes(&bytes).ok()?;
        Some(Entry::Server(m))
    }

    pub fn insert(&mut self, chat_id: i64, id: i64, entry: Entry, writes: &mut Vec<Write>) {
        let held = Held::new(entry);
        if let (true, Held::Server(bytes)) = (self.persist, &held) {
            writes.push(Write::Message {
                chat_id,
                id,
                data: bytes.to_vec(),
            });
        }
        if self
            .by_chat
            .entry(chat_id)
            .or_default()
            .insert(id, held)
            .is_none()
        {
            self.count += 1;
        }
    }

    /// Keeps a message in memory only (one read back from the database or the server).
    pub fn cache(&mut self, chat_id: i64, id: i64, entry: Entry) {
        if self
            .by_chat
            .entry(chat_id)
            .or_default()
            .insert(id, Held::new(entry))
            .is_none()
        {
            self.count += 1;
        }
    }

    pub fn remove(&mut self, chat_id: i64, id: i64, writes: &mut Vec<Write>) -> Option<Entry> {
        if self.persist {
            writes.push(Write::DeleteMessage { chat_id, id });
        }
        let chat = self.by_chat.get_mut(&chat_id)?;
        let e = chat.remove(id)?;
        self.count -= 1;
        e.entry()
    }

    pub fn clear_chat(&mut self, chat_id: i64, writes: &mut Vec<Write>) {
        if self.persist {
            writes.push(Write::DeleteHistory { chat_id });
        }
        if let Some(m) = self.by_chat.remove(&chat_id) {
            self.count -= m.len();
        }
    }

    /// In memory: ids of a chat's messages below `before`, newest first.
    pub fn ids_before(&self, chat_id: i64, before: i64) -> Vec<i64> {
        self.by_chat
            .get(&chat_id)
            .map(|m| m.ids_before(before).collect())
            .unwrap_or_default()
    }

    /// The largest id the chat has in memory.
    pub fn largest(&self, chat_id: i64) -> i64 {
        self.by_chat
            .get(&chat_id)
            .and_then(|m| m.largest())
            .unwrap_or(0)
    }

    /// The chat of an account-wide (not channel) message id: memory, then the database.
    pub fn chat_of(&self, store: &Store, id: i64) -> Option<i64> {
        let found = self.by_chat.iter().find(|(chat, m)| {
            !matches!(
                crate::chats::chat_id::ChatKind::of(**chat),
                Some(crate::chats::chat_id::ChatKind::Channel(_))
            ) && m.contains(id)
        });
        if let Some((chat, _)) = found {
            return Some(*chat);
        }
        if !self.persist {
            return None;
        }
        store.with(|db| db.chat_of_message(id)).flatten()
    }

    pub fn count(&self) -> usize {
        self.count
    }

    /// Past the cap, chats not in `keep_all` keep only their last message (and messages
    /// being sent).
    pub fn trim(&mut self, keep_all: &HashSet<i64>, last: impl Fn(i64) -> i64) {
        if self.count <= CAP {
            return;
        }
        let mut count = 0;
        for (chat_id, m) in self.by_chat.iter_mut() {
            if !keep_all.contains(chat_id) {
                let last = last(*chat_id);
                m.retain(|id, e| id == last || matches!(e, Held::Pending(_)));
            }
            count += m.len();
        }
        self.by_chat.retain(|_, m| !m.is_empty());
        self.count = count;
    }
}
