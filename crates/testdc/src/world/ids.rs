//! Identifiers and peers.

use serde::{Deserialize, Serialize};

pub type UserId = i64;
pub type ChatId = i64;
pub type ChannelId = i64;
/// The auth_key_id of MTProto: the low 64 bits of SHA1(auth_key), read little-endian.
pub type AuthKeyId = i64;
pub type DcId = i32;

/// A dialog partner: a user, a basic group or a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Peer {
    User(UserId),
    Chat(ChatId),
    Channel(ChannelId),
}

impl Peer {
    /// (kind, id) as stored in SQLite.
    pub(crate) fn to_columns(self) -> (i64, i64) {
        match self {
            Peer::User(id) => (0, id),
            Peer::Chat(id) => (1, id),
            Peer::Channel(id) => (2, id),
        }
    }

    pub(crate) fn from_columns(kind: i64, id: i64) -> Peer {
        match kind {
            1 => Peer::Chat(id),
            2 => Peer::Channel(id),
            _ => Peer::User(id),
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Peer::User(id) | Peer::Chat(id) | Peer::Channel(id) => id,
        }
    }
}

/// Where a message copy lives: a user's own box (private chats and basic groups) or a channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageBox {
    User(UserId),
    Channel(ChannelId),
}

impl MessageBox {
    /// The `box` column: the user id, or the negated channel id.
    pub(crate) fn key(self) -> i64 {
        match self {
            MessageBox::User(id) => id,
            MessageBox::Channel(id) => -id,
        }
    }

    pub(crate) fn from_key(key: i64) -> MessageBox {
        if key < 0 {
            MessageBox::Channel(-key)
        } else {
            MessageBox::User(key)
        }
    }
}

/// A peer as a client names it (TL `InputPeer`), access hash included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputPeer {
    Empty,
    SelfUser,
    User {
        user_id: UserId,
        access_hash: i64,
    },
    Chat {
        chat_id: ChatId,
    },
    Channel {
        channel_id: ChannelId,
        access_hash: i64,
    },
}

/// A user as a client names it (TL `InputUser`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputUser {
    Empty,
    SelfUser,
    User { user_id: UserId, access_hash: i64 },
}

/// A channel as a client names it (TL `InputChannel`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputChannel {
    Empty,
    Channel {
        channel_id: ChannelId,
        access_hash: i64,
    },
}
