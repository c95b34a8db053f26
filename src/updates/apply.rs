//! Applying one update, in its place in the sequence: handed to the area it changes.

use td_api as td;
use tl::api::enums;

use crate::auth::{self, AuthState};
use crate::chats::chat_id::{self, ChatKind};
use crate::engine::Td;
use crate::messages::message_id;

pub fn apply(td: &mut Td<'_>, u: enums::Update) {
    use enums::Update as U;
    let out = td.out;
    let e = &mut *td.engine;
    match u {
        U::NewMessage(x) => e.on_new_message(&x.message, out),
        U::NewChannelMessage(x) => e.on_new_message(&x.message, out),
        U::EditMessage(x) => e.on_edit_message(&x.message, out),
        U::EditChannelMessage(x) => e.on_edit_message(&x.message, out),
        U::DeleteMessages(x) => e.on_delete_messages(None, &x.messages, out),
        U::DeleteChannelMessages(x) => {
            let chat = ChatKind::Channel(x.channel_id).chat_id();
            e.on_delete_messages(Some(chat), &x.messages, out)
        }
        U::ReadHistoryInbox(x) if x.top_msg_id.is_none() => {
            let chat = chat_id::of_peer(&x.peer);
            e.on_read_inbox(chat, x.max_id, x.still_unread_count, out)
        }
        U::ReadChannelInbox(x) => {
            let chat = ChatKind::Channel(x.channel_id).chat_id();
            e.on_read_inbox(chat, x.max_id, x.still_unread_count, out)
        }
        U::ReadHistoryOutbox(x) => e.on_read_outbox(chat_id::of_peer(&x.peer), x.max_id, out),
        U::ReadChannelOutbox(x) => {
            let chat = ChatKind::Channel(x.channel_id).chat_id();
            e.on_read_outbox(chat, x.max_id, out)
        }
        U::ReadMessagesContents(x) => {
            for id in x.messages {
                e.on_mention_read(None, id, out);
            }
        }
        U::ChannelReadMessagesContents(x) => {
            let chat = ChatKind::Channel(x.channel_id).chat_id();
            for id in x.messages {
                e.on_mention_read(Some(chat), id, out);
            }
        }
        U::PinnedMessages(x) => {
            let chat = chat_id::of_peer(&x.peer);
            for id in x.messages {
                e.on_pinned(chat, message_id::from_server(id), x.pinned, out);
            }
        }
        U::PinnedChannelMessages(x) => {
            let chat = ChatKind::Channel(x.channel_id).chat_id();
            for id in x.messages {
                e.on_pinned(chat, message_id::from_server(id), x.pinned, out);
            }
        }
        U::DraftMessage(x) if x.top_msg_id.is_none() && x.saved_peer_id.is_none() => {
            e.on_draft(chat_id::of_peer(&x.peer), x.draft, out);
        }
        U::DialogPinned(x) => {
            if let enums::DialogPeer::DialogPeer(p) = &x.peer {
                e.on_dialog_pinned(chat_id::of_peer(&p.peer), x.pinned, out);
            }
        }
        U::DialogUnreadMark(x) => {
            if let (enums::DialogPeer::DialogPeer(p), None) = (&x.peer, &x.saved_peer_id) {
                e.on_unread_mark(chat_id::of_peer(&p.peer), x.unread, out);
            }
        }
        U::FolderPeers(x) => {
            for enums::FolderPeer::FolderPeer(p) in x.folder_peers {
                e.on_folder(chat_id::of_peer(&p.peer), p.folder_id, out);
            }
        }
        U::ChannelTooLong(x) => super::difference::start_channel(td, x.channel_id),
        U::Channel(x) => crate::chats::requests::refresh_channel(td, x.channel_id),
        U::ChatParticipants(_) | U::ChatDefaultBannedRights(_) => {}
        U::LoginToken => {
            if matches!(e.auth.state, AuthState::WaitOtherDeviceConfirmation(_)) {
                auth::qr::on_login_token(td);
            }
        }
        U::UserStatus(x) => e.users.on_status(x.user_id, &x.status, out),
        U::UserName(x) => e.users.on_name(&x, out, &e.store),
        _ => {}
    }
}

impl crate::engine::Engine {
    pub fn on_mention_read(
        &mut self,
        chat: Option<i64>,
        server_id: i32,
        out: &crate::client::session::Outbox,
    ) {
        let id = message_id::from_server(server_id);
        let Some(chat) = chat.or_else(|| self.messages.chat_of(&self.store, id)) else {
            return;
        };
        let Some(crate::messages::Entry::Server(mut m)) = self.messages.load(&self.store, chat, id)
        else {
            return;
        };
        let enums::Message::Message(inner) = &mut m else {
            return;
        };
        if !(inner.mentioned && inner.media_unread) {
            return;
        }
        inner.media_unread = false;
        self.messages.insert(
            chat,
            id,
            crate::messages::Entry::Server(m),
            &mut self.writes,
        );
        let n = self
            .chats
            .get(chat)
            .map_or(0, |s| s.unread_mention_count - 1)
            .max(0);
        if let Some(s) = self.chats.get_mut(chat) {
            s.unread_mention_count = n;
        }
        self.chats.save(chat, &mut self.writes);
        if self.chats.is_announced(chat) {
            out.update(td::UpdateMessageMentionRead {
                chat_id: chat,
                message_id: id,
                unread_mention_count: n,
            });
        }
    }
}
