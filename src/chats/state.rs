//! What the client keeps of one chat besides its peer: its place in a list, its last
//! message, read marks and counters, its draft and (for channels) its pts. Small enough to
//! keep for every chat; written to the chats table as compact bytes.

use tl::api::enums;
use tl::{Deserialize, Serialize};

use super::chat_id::ChatKind;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChatState {
    pub chat_id: i64,
    /// The newest message, 0 if none is known.
    pub last_message_id: i64,
    pub last_message_date: i32,
    /// The largest server message id seen: a "new" message at or below it is not new.
    pub max_server_id: i32,
    pub last_read_inbox: i64,
    pub last_read_outbox: i64,
    pub unread_count: i32,
    pub unread_mention_count: i32,
    /// Higher sorts first among pinned chats; 0: not pinned.
    pub pinned_rank: i32,
    /// 0 main list, 1 archive.
    pub folder: i32,
    pub marked_unread: bool,
    /// Set by the server's dialog: the chat belongs to a list even before a message is seen.
    pub in_list: bool,
    pub mute_until: i32,
    /// The channel's pts (0: unknown).
    pub pts: i32,
    /// A group's creation or a channel's join date while a member: it orders the chat
    /// before any message does.
    pub base_date: i32,
    pub draft: Option<enums::DraftMessage>,
}

const VERSION: u8 = 1;

impl ChatState {
    pub fn new(chat_id: i64) -> Self {
        Self {
            chat_id,
            ..Default::default()
        }
    }

    pub fn kind(&self) -> Option<ChatKind> {
        ChatKind::of(self.chat_id)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut b = vec![VERSION];
        for v in [
            self.last_message_id,
            self.last_read_inbox,
            self.last_read_outbox,
        ] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        for v in [
            self.last_message_date,
            self.max_server_id,
            self.unread_count,
            self.unread_mention_count,
            self.pinned_rank,
            self.folder,
            self.mute_until,
            self.pts,
            self.base_date,
        ] {
            b.extend_from_slice(&v.to_le_bytes());
        }
        b.push(u8::from(self.marked_unread) | u8::from(self.in_list) << 1);
        if let Some(d) = &self.draft {
            b.extend_from_slice(&d.to_bytes());
        }
        b
    }

    pub fn decode(chat_id: i64, b: &[u8]) -> Option<Self> {
        let mut r = Reader { b, at: 0 };
        if r.take(1)?[0] != VERSION {
            return None;
        }
        let mut s = ChatState::new(chat_id);
        s.last_message_id = r.i64()?;
        s.last_read_inbox = r.i64()?;
        s.last_read_outbox = r.i64()?;
        s.last_message_date = r.i32()?;
        s.max_server_id = r.i32()?;
        s.unread_count = r.i32()?;
        s.unread_mention_count = r.i32()?;
        s.pinned_rank = r.i32()?;
        s.folder = r.i32()?;
        s.mute_until = r.i32()?;
        s.pts = r.i32()?;
        s.base_date = r.i32()?;
        let flags = r.take(1)?[0];
        s.marked_unread = flags & 1 != 0;
        s.in_list = flags & 2 != 0;
        let rest = &b[r.at..];
        if !rest.is_empty() {
            s.draft = enums::DraftMessage::from_bytes(rest).ok();
        }
        Some(s)
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at + n)?;
        self.at += n;
        Some(s)
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_round_trips_and_rejects_garbage() {
        let s = ChatState {
            chat_id: 7,
            last_message_id: 5 << 20,
            last_message_date: 1_700_000_000,
            max_server_id: 5,
            last_read_inbox: 4 << 20,
            unread_count: 1,
            pinned_rank: 3,
            folder: 1,
            marked_unread: true,
            pts: 9,
            ..Default::default()
        };
        assert_eq!(ChatState::decode(7, &s.encode()), Some(s));
        assert_eq!(ChatState::decode(7, &[9, 1, 2]), None);
        assert_eq!(ChatState::decode(7, &[]), None);
    }
}
