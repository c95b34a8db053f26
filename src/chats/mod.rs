//! Chats: every private chat, basic group and channel the client has seen, with its state
//! ([`state`]), its place in the chat lists ([`list`]) and its td_api object ([`build`]),
//! announced with updateNewChat before anything names it. The state of every chat is kept
//! (a few dozen bytes each); their messages are not (see `messages`).

pub mod build;
pub mod changes;
pub mod chat_id;
pub mod list;
pub mod manage;
pub mod requests;
pub mod server;
pub mod state;

use std::collections::{HashMap, HashSet};

use chat_id::ChatKind;
use state::ChatState;

use crate::storage::chat_db::{ChatRow, Write};

#[derive(Default)]
pub struct Chats {
    states: HashMap<i64, ChatState>,
    /// Chats the app was told of with updateNewChat in this run.
    announced: HashSet<i64>,
    /// openChat count per chat.
    opened: HashMap<i64, u32>,
    pub lists: [list::ChatList; 2],
    /// use_message_database: chat states are written through.
    pub persist: bool,
}

impl Chats {
    pub fn new(persist: bool) -> Self {
        Self {
            persist,
            ..Self::default()
        }
    }

    pub fn get(&self, chat_id: i64) -> Option<&ChatState> {
        self.states.get(&chat_id)
    }

    pub fn get_mut(&mut self, chat_id: i64) -> Option<&mut ChatState> {
        self.states.get_mut(&chat_id)
    }

    /// The chat's state, made empty if it is new.
    pub fn entry(&mut self, chat_id: i64) -> &mut ChatState {
        self.states
            .entry(chat_id)
            .or_insert_with(|| ChatState::new(chat_id))
    }

    pub fn is_announced(&self, chat_id: i64) -> bool {
        self.announced.contains(&chat_id)
    }

    pub fn mark_announced(&mut self, chat_id: i64) {
        self.announced.insert(chat_id);
    }

    pub fn all(&self) -> impl Iterator<Item = &ChatState> {
        self.states.values()
    }

    pub fn open(&mut self, chat_id: i64) {
        *self.opened.entry(chat_id).or_default() += 1;
    }

    pub fn close(&mut self, chat_id: i64) {
        if let Some(n) = self.opened.get_mut(&chat_id) {
            *n -= 1;
            if *n == 0 {
                self.opened.remove(&chat_id);
            }
        }
    }

    pub fn is_open(&self, chat_id: i64) -> bool {
        self.opened.contains_key(&chat_id)
    }

    pub fn open_chats(&self) -> HashSet<i64> {
        self.opened.keys().copied().collect()
    }

    /// A write of the chat's state, when chats are kept in the database.
    pub fn save(&self, chat_id: i64, writes: &mut Vec<Write>) {
        if !self.persist {
            return;
        }
        if let Some(s) = self.states.get(&chat_id) {
            writes.push(Write::Chat(ChatRow {
                chat_id,
                order: list::order(s),
                folder: s.folder,
                data: s.encode(),
            }));
        }
    }

    /// A state read back from the database at start (not announced until asked for).
    pub fn load_stored(&mut self, row: &ChatRow) {
        if ChatKind::of(row.chat_id).is_none() {
            return;
        }
        if let Some(s) = ChatState::decode(row.chat_id, &row.data) {
            self.states.insert(row.chat_id, s);
        }
    }

    pub fn forget(&mut self, chat_id: i64) {
        self.states.remove(&chat_id);
    }
}
