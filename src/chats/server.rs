//! What the server says about chats: dialogs (from messages.getDialogs or a too-long
//! channel difference) and the updates that change a chat itself.

use td_api as td;
use tl::api::{enums, types};

use super::chat_id;
use crate::client::session::Outbox;
use crate::engine::Engine;
use crate::messages::{convert, message_id, Entry};

impl Engine {
    /// One dialog of the server, with its top message among `messages`. `pinned_rank`
    /// orders pinned dialogs as the server listed them.
    pub fn on_dialog(
        &mut self,
        d: &types::Dialog,
        messages: &[enums::Message],
        pinned_rank: i32,
        out: &Outbox,
    ) -> Option<i64> {
        let chat_id = chat_id::of_peer(&d.peer);
        let kind = chat_id::ChatKind::of(chat_id)?;
        if !self.knows_peer(kind) {
            return None;
        }
        let top = messages
            .iter()
            .find(|m| convert::ids(m) == Some((chat_id, d.top_message)));
        let mute_until = match &d.notify_settings {
            enums::PeerNotifySettings::PeerNotifySettings(n) => n.mute_until.unwrap_or(0),
        };
        // TDLib's order for a dialog: the chat, its draft, its last message, then its read
        // state and counters, each as its own update.
        {
            let s = self.chats.entry(chat_id);
            s.in_list = true;
            s.folder = d.folder_id.unwrap_or(0);
            s.pinned_rank = if d.pinned { pinned_rank.max(1) } else { 0 };
            s.mute_until = mute_until;
            if let Some(pts) = d.pts {
                s.pts = s.pts.max(pts);
            }
            s.max_server_id = s.max_server_id.max(d.top_message);
        }
        if !self.announce_chat(chat_id, out) {
            return None;
        }
        if let Some(draft) = d.draft.clone() {
            self.on_draft(chat_id, draft, out);
        }
        if let Some(m) = top {
            let id = message_id::from_server(d.top_message);
            if !self.messages.contains(chat_id, id) {
                self.messages
                    .insert(chat_id, id, Entry::Server(m.clone()), &mut self.writes);
            }
            self.set_last_message(chat_id, id, convert::date(m), out);
        }
        self.on_unread_mark(chat_id, d.unread_mark, out);
        self.set_read_inbox(
            chat_id,
            message_id::from_server(d.read_inbox_max_id),
            d.unread_count,
            out,
        );
        self.set_read_outbox(chat_id, message_id::from_server(d.read_outbox_max_id), out);
        self.set_unread_mentions(chat_id, d.unread_mentions_count, out);
        self.chats.save(chat_id, &mut self.writes);
        Some(chat_id)
    }

    /// updates.channelDifferenceTooLong: the channel's history restarts from its dialog.
    pub fn on_channel_too_long(
        &mut self,
        channel: i64,
        dialog: &enums::Dialog,
        messages: &[enums::Message],
        out: &Outbox,
    ) {
        let chat_id = chat_id::ChatKind::Channel(channel).chat_id();
        let enums::Dialog::Dialog(d) = dialog else {
            return;
        };
        self.messages.clear_chat(chat_id, &mut self.writes);
        let rank = self.chats.get(chat_id).map_or(0, |s| s.pinned_rank);
        for m in messages {
            if let Some((c, id)) = convert::ids(m) {
                if c == chat_id {
                    let id = message_id::from_server(id);
                    self.messages
                        .insert(chat_id, id, Entry::Server(m.clone()), &mut self.writes);
                }
            }
        }
        self.on_dialog(d, messages, rank, out);
    }

    pub fn on_pinned(&mut self, chat_id: i64, id: i64, pinned: bool, out: &Outbox) {
        if let Some(Entry::Server(mut m)) = self.messages.load(&self.store, chat_id, id) {
            if let enums::Message::Message(inner) = &mut m {
                if inner.pinned == pinned {
                    return;
                }
                inner.pinned = pinned;
            }
            self.messages
                .insert(chat_id, id, Entry::Server(m), &mut self.writes);
        }
        if self.chats.is_announced(chat_id) {
            out.update(td::UpdateMessageIsPinned {
                chat_id,
                message_id: id,
                is_pinned: pinned,
            });
        }
    }

    pub fn on_draft(&mut self, chat_id: i64, draft: enums::DraftMessage, out: &Outbox) {
        let shown = super::build::draft(&draft);
        let s = self.chats.entry(chat_id);
        let new = shown.is_some().then_some(draft);
        if s.draft == new {
            return;
        }
        s.draft = new;
        self.chats.save(chat_id, &mut self.writes);
        if !self.chats.is_announced(chat_id) {
            return;
        }
        // The order may move with the draft's date; its positions come along.
        let _ = self.take_positions_now(chat_id);
        out.update(td::UpdateChatDraftMessage {
            chat_id,
            draft_message: shown.map(Box::new),
            positions: self.chat_positions(chat_id),
        });
    }

    pub fn on_dialog_pinned(&mut self, chat_id: i64, pinned: bool, out: &Outbox) {
        let top = self.chats.all().map(|s| s.pinned_rank).max().unwrap_or(0);
        let s = self.chats.entry(chat_id);
        if (s.pinned_rank > 0) == pinned {
            return;
        }
        s.pinned_rank = if pinned { top + 1 } else { 0 };
        self.chats.save(chat_id, &mut self.writes);
        self.sync_positions(chat_id, out);
    }

    pub fn on_unread_mark(&mut self, chat_id: i64, unread: bool, out: &Outbox) {
        let s = self.chats.entry(chat_id);
        if s.marked_unread == unread {
            return;
        }
        s.marked_unread = unread;
        self.chats.save(chat_id, &mut self.writes);
        if self.chats.is_announced(chat_id) {
            out.update(td::UpdateChatIsMarkedAsUnread {
                chat_id,
                is_marked_as_unread: unread,
            });
            self.sync_counters(out);
        }
    }

    pub fn on_folder(&mut self, chat_id: i64, folder: i32, out: &Outbox) {
        let s = self.chats.entry(chat_id);
        if s.folder == folder {
            return;
        }
        s.folder = folder;
        s.in_list = true;
        self.chats.save(chat_id, &mut self.writes);
        self.sync_positions(chat_id, out);
    }
}
