//! TDLib's chat identifiers: one int53 space for users, basic groups, channels and secret
//! chats, told apart by range (ENGINE.md §2).

use tl::api::enums;

const ZERO_CHANNEL_ID: i64 = -1_000_000_000_000;
const ZERO_SECRET_CHAT_ID: i64 = -2_000_000_000_000;
const MAX_USER_ID: i64 = (1 << 40) - 1;
const MAX_CHAT_ID: i64 = 999_999_999_999;
const MAX_CHANNEL_ID: i64 = 1_000_000_000_000 - (1 << 31);
const MIN_MONOFORUM_CHANNEL_ID: i64 = 1_000_000_000_000 + (1 << 31) + 1;
const MAX_MONOFORUM_CHANNEL_ID: i64 = 3_000_000_000_000;

/// What a chat id names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChatKind {
    User(i64),
    BasicGroup(i64),
    Channel(i64),
    Secret(i32),
}

impl ChatKind {
    /// The kind of `chat_id`, or `None` for an id no chat can have.
    pub fn of(chat_id: i64) -> Option<ChatKind> {
        if (-MAX_CHAT_ID..0).contains(&chat_id) {
            return Some(ChatKind::BasicGroup(-chat_id));
        }
        if (ZERO_CHANNEL_ID - MAX_CHANNEL_ID..ZERO_CHANNEL_ID).contains(&chat_id) {
            return Some(ChatKind::Channel(ZERO_CHANNEL_ID - chat_id));
        }
        let secret = chat_id - ZERO_SECRET_CHAT_ID;
        if secret != 0 && i32::try_from(secret).is_ok() {
            return Some(ChatKind::Secret(secret as i32));
        }
        let monoforum = ZERO_CHANNEL_ID - chat_id;
        if (MIN_MONOFORUM_CHANNEL_ID..=MAX_MONOFORUM_CHANNEL_ID).contains(&monoforum) {
            return Some(ChatKind::Channel(monoforum));
        }
        if chat_id > 0 && chat_id <= MAX_USER_ID {
            return Some(ChatKind::User(chat_id));
        }
        None
    }

    pub fn chat_id(self) -> i64 {
        match self {
            ChatKind::User(id) => id,
            ChatKind::BasicGroup(id) => -id,
            ChatKind::Channel(id) => ZERO_CHANNEL_ID - id,
            ChatKind::Secret(id) => ZERO_SECRET_CHAT_ID + i64::from(id),
        }
    }

    pub fn of_peer(peer: &enums::Peer) -> ChatKind {
        match peer {
            enums::Peer::User(p) => ChatKind::User(p.user_id),
            enums::Peer::Chat(p) => ChatKind::BasicGroup(p.chat_id),
            enums::Peer::Channel(p) => ChatKind::Channel(p.channel_id),
        }
    }

    pub fn channel_id(self) -> Option<i64> {
        match self {
            ChatKind::Channel(id) => Some(id),
            _ => None,
        }
    }
}

/// The chat id of a server peer.
pub fn of_peer(peer: &enums::Peer) -> i64 {
    ChatKind::of_peer(peer).chat_id()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_round_trip_and_decode_in_tdlib_order() {
        for kind in [
            ChatKind::User(1),
            ChatKind::User(MAX_USER_ID),
            ChatKind::BasicGroup(1),
            ChatKind::BasicGroup(MAX_CHAT_ID),
            ChatKind::Channel(1),
            ChatKind::Channel(MAX_CHANNEL_ID),
            ChatKind::Channel(MIN_MONOFORUM_CHANNEL_ID),
            ChatKind::Secret(1),
            ChatKind::Secret(-5),
            ChatKind::Secret(i32::MAX),
        ] {
            assert_eq!(ChatKind::of(kind.chat_id()), Some(kind), "{kind:?}");
        }
        assert_eq!(ChatKind::of(-1_000_000_000_001), Some(ChatKind::Channel(1)));
        assert_eq!(ChatKind::of(0), None);
        assert_eq!(ChatKind::of(ZERO_CHANNEL_ID), None);
        assert_eq!(ChatKind::of(ZERO_SECRET_CHAT_ID), None);
        assert_eq!(ChatKind::of(MAX_USER_ID + 1), None);
    }
}
