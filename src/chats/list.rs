//! Chat lists (main and archive): a chat's order, which chats the app has been shown
//! (everything at or above the list's loaded boundary), and the unread counters.
//!
//! As in TDLib, a chat has a position in a list only once the list has been loaded down to
//! it (loadChats lowers the boundary) or once its order rose above the boundary (a new
//! message): before the first loadChats, no chat has a position.

use std::collections::HashMap;

use td_api as td;

use super::state::ChatState;

/// Orders of pinned chats sort above every date-based order.
const PINNED_BASE: i64 = 2_147_000_000;

/// A chat's order in its list: pinned chats first, then by the date and id of the last
/// message (or the draft's date, if later); 0 is no place in the list.
pub fn order(s: &ChatState) -> i64 {
    if s.pinned_rank > 0 {
        return (PINNED_BASE + i64::from(s.pinned_rank)) << 32;
    }
    let server = crate::messages::message_id::server_floor(s.last_message_id);
    let by_message = if s.last_message_date > 0 {
        (i64::from(s.last_message_date) << 32) + i64::from(server)
    } else {
        0
    };
    let by_draft = match &s.draft {
        Some(tl::api::enums::DraftMessage::DraftMessage(d)) if d.date > 0 => {
            i64::from(d.date) << 32
        }
        _ => 0,
    };
    let by_date = i64::from(s.base_date) << 32;
    if by_message == 0 && !s.in_list && by_draft == 0 && by_date == 0 {
        return 0;
    }
    by_message.max(by_draft).max(by_date)
}

pub fn td_list(folder: i32) -> td::ChatList {
    if folder == 1 {
        td::ChatListArchive {}.into()
    } else {
        td::ChatListMain {}.into()
    }
}

pub fn folder_of(list: Option<&td::ChatList>) -> Option<i32> {
    match list {
        None | Some(td::ChatList::ChatListMain(_)) => Some(0),
        Some(td::ChatList::ChatListArchive(_)) => Some(1),
        Some(_) => None,
    }
}

/// The counters of updateUnreadMessageCount and updateUnreadChatCount.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counters {
    pub messages: i32,
    pub messages_unmuted: i32,
    pub chats: i32,
    pub unread_chats: i32,
    pub unread_chats_unmuted: i32,
    pub marked: i32,
    pub marked_unmuted: i32,
}

impl Counters {
    fn add(&mut self, s: &ChatState, now: i32, sign: i32) {
        let muted = s.mute_until > now;
        self.chats += sign;
        self.messages += sign * s.unread_count;
        if !muted {
            self.messages_unmuted += sign * s.unread_count;
        }
        if s.unread_count > 0 || s.marked_unread {
            self.unread_chats += sign;
            if !muted {
                self.unread_chats_unmuted += sign;
            }
        }
        if s.marked_unread && s.unread_count == 0 {
            self.marked += sign;
            if !muted {
                self.marked_unmuted += sign;
            }
        }
    }
}

#[derive(Debug)]
pub struct ChatList {
    /// Chats with an order at or above it have a position the app knows.
    pub boundary: i64,
    /// The server has no more chats for this list (kept in the database).
    pub server_complete: bool,
    /// Where the next messages.getDialogs starts: (date, message id, chat id).
    pub server_offset: Option<(i32, i32, i64)>,
    /// What the app was last told of each chat's position (order, pinned).
    pub shown: HashMap<i64, (i64, bool)>,
    /// What the app was last told of the counters (once the list is in use).
    pub counters_shown: Option<Counters>,
}

impl Default for ChatList {
    fn default() -> Self {
        Self {
            boundary: i64::MAX,
            server_complete: false,
            server_offset: None,
            shown: HashMap::new(),
            counters_shown: None,
        }
    }
}

impl ChatList {
    /// The position a chat should have now.
    pub fn public(&self, s: &ChatState, folder: i32) -> Option<(i64, bool)> {
        if s.folder != folder {
            return None;
        }
        let o = order(s);
        (o != 0 && o >= self.boundary).then_some((o, s.pinned_rank > 0))
    }

    pub fn counters<'a>(
        states: impl Iterator<Item = &'a ChatState>,
        folder: i32,
        now: i32,
    ) -> Counters {
        let mut c = Counters::default();
        for s in states {
            if s.folder == folder && order(s) != 0 {
                c.add(s, now, 1);
            }
        }
        c
    }
}

pub fn position(folder: i32, order: i64, pinned: bool) -> td::ChatPosition {
    td::ChatPosition {
        list: Some(td_list(folder)),
        order,
        is_pinned: pinned,
        source: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_is_date_then_id_pinned_first_and_zero_without_messages() {
        let mut s = ChatState::new(1);
        assert_eq!(order(&s), 0);
        s.last_message_date = 1000;
        s.last_message_id = 7 << 20;
        assert_eq!(order(&s), (1000 << 32) + 7);
        let mut newer = s.clone();
        newer.last_message_id = 8 << 20;
        assert!(order(&newer) > order(&s));
        s.pinned_rank = 1;
        assert!(order(&s) > (i64::from(i32::MAX) << 32) / 2);
        let list = ChatList::default();
        assert_eq!(
            list.public(&newer, 0),
            None,
            "nothing shown before loadChats"
        );
        let list = ChatList {
            boundary: order(&newer),
            ..ChatList::default()
        };
        assert!(list.public(&newer, 0).is_some() && list.public(&newer, 1).is_none());
    }
}
