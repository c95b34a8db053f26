//! What the server says happened to messages: new ones, edits, deletions, read marks.
//! Each is applied once (the update sequences see to the order) and told to the app as
//! TDLib tells it.

use td_api as td;
use tl::api::enums;

use super::convert;
use super::message_id;
use super::Entry;
use crate::client::session::Outbox;
use crate::engine::Engine;

impl Engine {
    /// A message the server reports as new. A message at or below the largest id the chat
    /// has seen is not new (a repeat from a difference, or a sent message already settled).
    pub fn on_new_message(&mut self, m: &enums::Message, out: &Outbox) {
        let Some((chat_id, server_id)) = convert::ids(m) else {
            return;
        };
        let state = self.chats.entry(chat_id);
        if server_id <= state.max_server_id {
            return;
        }
        state.max_server_id = server_id;
        if let Some(old) = self.sending.settle(chat_id, m) {
            return self.on_sent(chat_id, old, m, out);
        }
        if !self.announce_chat(chat_id, out) {
            return;
        }
        let id = message_id::from_server(server_id);
        let date = convert::date(m);
        let entry = Entry::Server(m.clone());
        let Some(shown) = self.td_message(chat_id, &entry) else {
            return;
        };
        self.messages.insert(chat_id, id, entry, &mut self.writes);
        // TDLib's order: the chat's counters, then the message, then the last message.
        let s = self.chats.entry(chat_id);
        let newest = id > s.last_message_id;
        if !shown.is_outgoing && id > s.last_read_inbox {
            let (read, unread) = (s.last_read_inbox, s.unread_count + 1);
            self.set_read_inbox(chat_id, read, unread, out);
        }
        if shown.contains_unread_mention {
            let n = self.chats.entry(chat_id).unread_mention_count + 1;
            self.set_unread_mentions(chat_id, n, out);
        }
        out.update(td::UpdateNewMessage {
            message: Some(Box::new(shown.clone())),
        });
        if newest {
            self.set_last_message(chat_id, id, date, out);
        }
        self.chats.save(chat_id, &mut self.writes);
        self.trim_messages();
    }

    /// A message edited on the server: updateMessageContent if its content changed, then
    /// updateMessageEdited.
    pub fn on_edit_message(&mut self, m: &enums::Message, out: &Outbox) {
        let Some((chat_id, server_id)) = convert::ids(m) else {
            return;
        };
        let id = message_id::from_server(server_id);
        let old = self.messages.load(&self.store, chat_id, id);
        let entry = Entry::Server(m.clone());
        let Some(new) = self.td_message(chat_id, &entry) else {
            return;
        };
        let old = old.and_then(|o| self.td_message(chat_id, &o));
        if old.is_none() && !self.chats.is_announced(chat_id) {
            return;
        }
        self.messages.insert(chat_id, id, entry, &mut self.writes);
        if old.as_ref().map(|o| &o.content) != Some(&new.content) {
            out.update(td::UpdateMessageContent {
                chat_id,
                message_id: id,
                new_content: new.content.clone(),
            });
        }
        if old.as_ref().map(|o| o.is_pinned) != Some(new.is_pinned) && old.is_some() {
            out.update(td::UpdateMessageIsPinned {
                chat_id,
                message_id: id,
                is_pinned: new.is_pinned,
            });
        }
        out.update(td::UpdateMessageEdited {
            chat_id,
            message_id: id,
            edit_date: new.edit_date,
            reply_markup: None,
        });
        if self.chats.get(chat_id).map(|s| s.last_message_id) == Some(id) {
            out.update(td::UpdateChatLastMessage {
                chat_id,
                last_message: Some(Box::new(new)),
                positions: self.chat_positions(chat_id),
            });
        }
    }

    /// Messages deleted on the server. Without a channel, ids are the account's and the
    /// chat of each is looked up.
    pub fn on_delete_messages(&mut self, chat_id: Option<i64>, ids: &[i32], out: &Outbox) {
        let mut by_chat: Vec<(i64, Vec<i64>)> = Vec::new();
        for &server_id in ids {
            let id = message_id::from_server(server_id);
            let chat = match chat_id {
                Some(c) => Some(c),
                None => self.messages.chat_of(&self.store, id),
            };
            let Some(chat) = chat else { continue };
            match by_chat.iter_mut().find(|(c, _)| *c == chat) {
                Some((_, list)) => list.push(id),
                None => by_chat.push((chat, vec![id])),
            }
        }
        for (chat, list) in by_chat {
            self.delete_from_chat(chat, &list, true, out);
        }
    }

    /// Drops messages from a chat and tells the app; a deleted last message is replaced
    /// by the newest one left that is known.
    pub fn delete_from_chat(&mut self, chat_id: i64, ids: &[i64], permanent: bool, out: &Outbox) {
        let mut gone = Vec::new();
        let mut unread_gone = 0;
        let read = self.chats.get(chat_id).map_or(0, |s| s.last_read_inbox);
        for &id in ids {
            let entry = self.messages.load(&self.store, chat_id, id);
            if let Some(Entry::Server(m)) = &entry {
                if !convert::is_outgoing(m) && id > read {
                    unread_gone += 1;
                }
            }
            if entry.is_some()
                || self
                    .chats
                    .get(chat_id)
                    .is_some_and(|s| s.last_message_id == id)
            {
                self.messages.remove(chat_id, id, &mut self.writes);
                gone.push(id);
            }
        }
        if gone.is_empty() || !self.chats.is_announced(chat_id) {
            return;
        }
        out.update(td::UpdateDeleteMessages {
            chat_id,
            message_ids: gone.clone(),
            is_permanent: permanent,
            from_cache: false,
        });
        if unread_gone > 0 {
            let s = self.chats.entry(chat_id);
            let (read, unread) = (s.last_read_inbox, s.unread_count - unread_gone);
            self.set_read_inbox(chat_id, read, unread, out);
        }
        let last = self.chats.get(chat_id).map_or(0, |s| s.last_message_id);
        if gone.contains(&last) {
            let next = self
                .messages
                .ids_before(chat_id, last)
                .into_iter()
                .find_map(|id| match self.messages.get(chat_id, id) {
                    Some(Entry::Server(m)) => Some((id, convert::date(&m))),
                    Some(Entry::Pending(m)) => Some((id, m.date)),
                    None => None,
                });
            let (id, date) = next.unwrap_or((0, 0));
            // Without a known message below, the chat keeps its place by the old date.
            let date = if id == 0 {
                self.chats.get(chat_id).map_or(0, |s| s.last_message_date)
            } else {
                date
            };
            self.set_last_message(chat_id, id, if id == 0 { 0 } else { date }, out);
            if id == 0 {
                self.chats.entry(chat_id).last_message_date = date;
                self.chats.save(chat_id, &mut self.writes);
            }
        }
    }

    /// The account read incoming messages up to `max_id` (on this or another device).
    pub fn on_read_inbox(&mut self, chat_id: i64, max_id: i32, still_unread: i32, out: &Outbox) {
        let id = message_id::from_server(max_id);
        let s = self.chats.entry(chat_id);
        if id < s.last_read_inbox {
            return;
        }
        self.set_read_inbox(chat_id, id, still_unread, out);
    }

    pub fn on_read_outbox(&mut self, chat_id: i64, max_id: i32, out: &Outbox) {
        self.set_read_outbox(chat_id, message_id::from_server(max_id), out);
    }

    /// Past the memory cap, messages of chats not in use are dropped (they stay in the
    /// database, or on the server).
    pub fn trim_messages(&mut self) {
        if self.messages.count() <= super::CAP {
            return;
        }
        let open = self.chats.open_chats();
        let chats = &self.chats;
        self.messages
            .trim(&open, |c| chats.get(c).map_or(0, |s| s.last_message_id));
    }
}
