//! Basic groups and supergroups (channels included): what the client knows of each,
//! announced with updateBasicGroup / updateSupergroup before anything names it.

pub mod convert;
pub mod members;
pub mod requests;

use std::collections::HashMap;

use td_api as td;
use tl::api::{enums, types};
use tl::Serialize;

use crate::chats::chat_id::ChatKind;
use crate::client::session::Outbox;
use crate::storage::Store;

enum Shown {
    Basic(td::BasicGroup),
    Super(td::Supergroup),
}

struct Known {
    raw: enums::Chat,
    shown: Shown,
}

#[derive(Default)]
pub struct Groups {
    known: HashMap<ChatKind, Known>,
    /// use_chat_info_database: every group is written to the database as it changes.
    pub persist: bool,
}

fn kind_of(c: &enums::Chat) -> Option<ChatKind> {
    Some(match c {
        enums::Chat::Chat(c) => ChatKind::BasicGroup(c.id),
        enums::Chat::Forbidden(c) => ChatKind::BasicGroup(c.id),
        enums::Chat::Channel(c) => ChatKind::Channel(c.id),
        enums::Chat::ChannelForbidden(c) => ChatKind::Channel(c.id),
        enums::Chat::Empty(_) => return None,
    })
}

impl Groups {
    pub fn new(persist: bool) -> Self {
        Self {
            persist,
            ..Self::default()
        }
    }

    /// Takes a group or channel from the server; a `min` channel keeps what is known.
    pub fn on_chat(&mut self, chat: &enums::Chat, out: &Outbox, store: &Store) {
        let Some(kind) = kind_of(chat) else { return };
        let mut raw = chat.clone();
        if let (enums::Chat::Channel(new), Some(old)) = (&mut raw, self.known.get(&kind)) {
            if let enums::Chat::Channel(old) = &old.raw {
                if new.min {
                    let min = (**new).clone();
                    **new = types::Channel {
                        title: min.title,
                        photo: min.photo,
                        username: min.username,
                        usernames: min.usernames,
                        ..(**old).clone()
                    };
                } else if new.access_hash.is_none() {
                    new.access_hash = old.access_hash;
                }
            }
        }
        let shown = match kind {
            ChatKind::BasicGroup(_) => convert::basic_group(&raw).map(Shown::Basic),
            _ => convert::supergroup(&raw).map(Shown::Super),
        };
        let Some(shown) = shown else { return };
        let changed = match (self.known.get(&kind).map(|k| &k.shown), &shown) {
            (Some(Shown::Basic(a)), Shown::Basic(b)) => a != b,
            (Some(Shown::Super(a)), Shown::Super(b)) => a != b,
            _ => true,
        };
        if changed {
            match &shown {
                Shown::Basic(g) => out.update(td::UpdateBasicGroup {
                    basic_group: Some(Box::new(g.clone())),
                }),
                Shown::Super(g) => out.update(td::UpdateSupergroup {
                    supergroup: Some(Box::new(g.clone())),
                }),
            }
        }
        let raw_changed = self.known.get(&kind).is_none_or(|k| k.raw != raw);
        if self.persist && raw_changed {
            let bytes = raw.to_bytes();
            store.with(|db| db.save_peer(kind.chat_id(), &bytes));
        }
        self.known.insert(kind, Known { raw, shown });
    }

    /// Channels first: a basic group may name the supergroup it was upgraded to.
    pub fn on_chats(&mut self, chats: &[enums::Chat], out: &Outbox, store: &Store) {
        let is_channel = |c: &&enums::Chat| {
            matches!(
                c,
                enums::Chat::Channel(_) | enums::Chat::ChannelForbidden(_)
            )
        };
        for c in chats.iter().filter(is_channel) {
            self.on_chat(c, out, store);
        }
        for c in chats.iter().filter(|c| !is_channel(c)) {
            self.on_chat(c, out, store);
        }
    }

    pub fn raw(&self, kind: ChatKind) -> Option<&enums::Chat> {
        self.known.get(&kind).map(|k| &k.raw)
    }

    pub fn knows(&self, kind: ChatKind) -> bool {
        self.known.contains_key(&kind)
    }

    pub fn basic_group(&self, id: i64) -> Option<&td::BasicGroup> {
        match self.known.get(&ChatKind::BasicGroup(id)).map(|k| &k.shown) {
            Some(Shown::Basic(g)) => Some(g),
            _ => None,
        }
    }

    pub fn supergroup(&self, id: i64) -> Option<&td::Supergroup> {
        match self.known.get(&ChatKind::Channel(id)).map(|k| &k.shown) {
            Some(Shown::Super(g)) => Some(g),
            _ => None,
        }
    }

    pub fn channel(&self, id: i64) -> Option<&types::Channel> {
        match self.raw(ChatKind::Channel(id)) {
            Some(enums::Chat::Channel(c)) => Some(c),
            _ => None,
        }
    }

    pub fn is_broadcast(&self, id: i64) -> bool {
        self.supergroup(id).is_some_and(|g| g.is_channel)
    }

    pub fn title(&self, kind: ChatKind) -> Option<String> {
        Some(match self.raw(kind)? {
            enums::Chat::Chat(c) => c.title.clone(),
            enums::Chat::Forbidden(c) => c.title.clone(),
            enums::Chat::Channel(c) => c.title.clone(),
            enums::Chat::ChannelForbidden(c) => c.title.clone(),
            enums::Chat::Empty(_) => return None,
        })
    }

    /// The default permissions of a group or channel chat.
    pub fn permissions(&self, kind: ChatKind) -> td::ChatPermissions {
        let banned = match self.raw(kind) {
            Some(enums::Chat::Chat(c)) => c.default_banned_rights.as_ref(),
            Some(enums::Chat::Channel(c)) => c.default_banned_rights.as_ref(),
            _ => None,
        };
        match banned {
            Some(enums::ChatBannedRights::ChatBannedRights(b)) => convert::permissions(Some(b)),
            None => convert::permissions(None),
        }
    }

    pub fn input_channel(&self, id: i64) -> Option<enums::InputChannel> {
        let hash = match self.raw(ChatKind::Channel(id))? {
            enums::Chat::Channel(c) => c.access_hash?,
            enums::Chat::ChannelForbidden(c) => c.access_hash,
            _ => return None,
        };
        Some(enums::InputChannel::InputChannel(Box::new(
            types::InputChannel {
                channel_id: id,
                access_hash: hash,
            },
        )))
    }

    /// Drops what is known of a group from memory (it stays in the database).
    pub fn forget(&mut self, kind: ChatKind) {
        self.known.remove(&kind);
    }

    /// A group read back from the database, announced like one from the server.
    pub fn load_stored(&mut self, bytes: &[u8], out: &Outbox, store: &Store) {
        if let Ok(c) = <enums::Chat as tl::Deserialize>::from_bytes(bytes) {
            let persist = std::mem::replace(&mut self.persist, false);
            self.on_chat(&c, out, store);
            self.persist = persist;
        }
    }
}
