//! Changes of a chat the app must hear of: its last message, its positions, its read
//! marks and the lists' unread counters, each as its own td_api update.

use td_api as td;

use super::list::{self, ChatList};
use crate::client::session::Outbox;
use crate::engine::Engine;

impl Engine {
    /// Records the positions the app now knows, returning whether any changed.
    fn take_positions(&mut self, chat_id: i64) -> Vec<(i32, Option<(i64, bool)>)> {
        let mut changed = Vec::new();
        let Some(s) = self.chats.get(chat_id).cloned() else {
            return changed;
        };
        for folder in 0..2 {
            let l = &mut self.chats.lists[folder as usize];
            let now = l.public(&s, folder);
            let before = l.shown.get(&chat_id).copied();
            if now != before {
                match now {
                    Some(p) => l.shown.insert(chat_id, p),
                    None => l.shown.remove(&chat_id),
                };
                changed.push((folder, now.or(before.map(|_| (0, false)))));
            }
        }
        changed
    }

    /// Records the positions the app is about to be told of in a combined update.
    pub fn take_positions_now(&mut self, chat_id: i64) -> usize {
        self.take_positions(chat_id).len()
    }

    /// updateChatPosition for each list where the chat's position changed (0: gone).
    pub fn sync_positions(&mut self, chat_id: i64, out: &Outbox) {
        if !self.chats.is_announced(chat_id) {
            return;
        }
        for (folder, p) in self.take_positions(chat_id) {
            let (order, pinned) = p.unwrap_or((0, false));
            out.update(td::UpdateChatPosition {
                chat_id,
                position: Some(Box::new(list::position(folder, order, pinned))),
            });
        }
        self.sync_counters(out);
    }

    /// Sets the chat's last message (0: none) and tells the app, with its positions.
    pub fn set_last_message(&mut self, chat_id: i64, id: i64, date: i32, out: &Outbox) {
        let s = self.chats.entry(chat_id);
        if s.last_message_id == id && s.last_message_date == date {
            return;
        }
        s.last_message_id = id;
        s.last_message_date = date;
        self.chats.save(chat_id, &mut self.writes);
        if !self.announce_chat(chat_id, out) {
            return;
        }
        let last_message = self.last_message(chat_id).map(Box::new);
        let gone: Vec<i32> = self
            .take_positions(chat_id)
            .into_iter()
            .filter(|(_, p)| matches!(p, Some((0, _))))
            .map(|(f, _)| f)
            .collect();
        out.update(td::UpdateChatLastMessage {
            chat_id,
            last_message,
            positions: self.chat_positions(chat_id),
        });
        // A list the chat left is not in `positions`: say so on its own.
        for folder in gone {
            out.update(td::UpdateChatPosition {
                chat_id,
                position: Some(Box::new(list::position(folder, 0, false))),
            });
        }
        self.sync_counters(out);
    }

    /// updateChatReadInbox when the read mark or the unread count moved.
    pub fn set_read_inbox(&mut self, chat_id: i64, last_read: i64, unread: i32, out: &Outbox) {
        let s = self.chats.entry(chat_id);
        if s.last_read_inbox == last_read && s.unread_count == unread {
            return;
        }
        s.last_read_inbox = last_read;
        s.unread_count = unread.max(0);
        let unread = s.unread_count;
        self.chats.save(chat_id, &mut self.writes);
        if self.chats.is_announced(chat_id) {
            out.update(td::UpdateChatReadInbox {
                chat_id,
                last_read_inbox_message_id: last_read,
                unread_count: unread,
            });
            self.sync_counters(out);
        }
    }

    pub fn set_read_outbox(&mut self, chat_id: i64, last_read: i64, out: &Outbox) {
        let s = self.chats.entry(chat_id);
        if s.last_read_outbox >= last_read {
            return;
        }
        s.last_read_outbox = last_read;
        self.chats.save(chat_id, &mut self.writes);
        if self.chats.is_announced(chat_id) {
            out.update(td::UpdateChatReadOutbox {
                chat_id,
                last_read_outbox_message_id: last_read,
            });
        }
    }

    pub fn set_unread_mentions(&mut self, chat_id: i64, count: i32, out: &Outbox) {
        let s = self.chats.entry(chat_id);
        if s.unread_mention_count == count.max(0) {
            return;
        }
        s.unread_mention_count = count.max(0);
        self.chats.save(chat_id, &mut self.writes);
        if self.chats.is_announced(chat_id) {
            out.update(td::UpdateChatUnreadMentionCount {
                chat_id,
                unread_mention_count: count.max(0),
            });
        }
    }

    /// updateUnreadMessageCount / updateUnreadChatCount for lists in use whose counters moved.
    pub fn sync_counters(&mut self, out: &Outbox) {
        // TDLib keeps these counters only with the message database.
        if !self.chats.persist {
            return;
        }
        let now = crate::client::options::unix_time() as i32;
        for folder in 0..2 {
            if self.chats.lists[folder as usize].boundary == i64::MAX
                && !self.chats.lists[folder as usize].server_complete
            {
                continue;
            }
            let c = ChatList::counters(self.chats.all(), folder, now);
            let l = &mut self.chats.lists[folder as usize];
            let before = l.counters_shown.replace(c);
            let before = before.unwrap_or(list::Counters {
                messages: -1,
                chats: -1,
                ..Default::default()
            });
            if (before.messages, before.messages_unmuted) != (c.messages, c.messages_unmuted) {
                out.update(td::UpdateUnreadMessageCount {
                    chat_list: Some(list::td_list(folder)),
                    unread_count: c.messages,
                    unread_unmuted_count: c.messages_unmuted,
                });
            }
            let chats = |c: &list::Counters| {
                (
                    c.chats,
                    c.unread_chats,
                    c.unread_chats_unmuted,
                    c.marked,
                    c.marked_unmuted,
                )
            };
            if chats(&before) != chats(&c) {
                out.update(td::UpdateUnreadChatCount {
                    chat_list: Some(list::td_list(folder)),
                    total_count: c.chats,
                    unread_count: c.unread_chats,
                    unread_unmuted_count: c.unread_chats_unmuted,
                    marked_as_unread_count: c.marked,
                    marked_as_unread_unmuted_count: c.marked_unmuted,
                });
            }
        }
    }
}

impl Engine {
    /// After a group or channel changed: the chat's title and permissions as updates.
    pub fn on_peer_changed(
        &mut self,
        kind: super::chat_id::ChatKind,
        title_before: &str,
        out: &Outbox,
    ) {
        let chat_id = kind.chat_id();
        if !self.chats.is_announced(chat_id) {
            return;
        }
        let title = self.chat_title(kind);
        if title != title_before {
            out.update(td::UpdateChatTitle { chat_id, title });
        }
    }
}

impl Engine {
    /// Groups and channels from the server; the chats of those that changed hear of their
    /// title and permissions.
    pub fn on_groups(&mut self, chats: &[tl::api::enums::Chat], out: &Outbox) {
        use super::chat_id::ChatKind;
        let before: Vec<(ChatKind, String, td::ChatPermissions)> = chats
            .iter()
            .filter_map(|c| {
                let kind = match c {
                    tl::api::enums::Chat::Chat(c) => ChatKind::BasicGroup(c.id),
                    tl::api::enums::Chat::Forbidden(c) => ChatKind::BasicGroup(c.id),
                    tl::api::enums::Chat::Channel(c) => ChatKind::Channel(c.id),
                    tl::api::enums::Chat::ChannelForbidden(c) => ChatKind::Channel(c.id),
                    tl::api::enums::Chat::Empty(_) => return None,
                };
                self.chats
                    .is_announced(kind.chat_id())
                    .then(|| (kind, self.chat_title(kind), self.chat_permissions(kind)))
            })
            .collect();
        self.groups.on_chats(chats, out, &self.store);
        for (kind, title, permissions) in before {
            let chat_id = kind.chat_id();
            let now = self.chat_title(kind);
            if now != title {
                out.update(td::UpdateChatTitle {
                    chat_id,
                    title: now,
                });
            }
            let p = self.chat_permissions(kind);
            if p != permissions {
                out.update(td::UpdateChatPermissions {
                    chat_id,
                    permissions: Some(Box::new(p)),
                });
            }
            self.refresh_base_date(chat_id);
            self.sync_positions(chat_id, out);
        }
    }
}
