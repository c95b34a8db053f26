//! Admin rights and banned rights of groups and channels, as bit sets whose bits are the
//! flag bits of TL `chatAdminRights` and `chatBannedRights`.

use serde::{Deserialize, Serialize};

/// What an admin may do (TL `chatAdminRights`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminRights(pub u32);

impl AdminRights {
    pub const CHANGE_INFO: u32 = 1 << 0;
    pub const POST_MESSAGES: u32 = 1 << 1;
    pub const EDIT_MESSAGES: u32 = 1 << 2;
    pub const DELETE_MESSAGES: u32 = 1 << 3;
    pub const BAN_USERS: u32 = 1 << 4;
    pub const INVITE_USERS: u32 = 1 << 5;
    pub const PIN_MESSAGES: u32 = 1 << 7;
    pub const ADD_ADMINS: u32 = 1 << 9;
    pub const ANONYMOUS: u32 = 1 << 10;
    pub const MANAGE_CALL: u32 = 1 << 11;
    pub const OTHER: u32 = 1 << 12;
    pub const MANAGE_TOPICS: u32 = 1 << 13;
    pub const POST_STORIES: u32 = 1 << 14;
    pub const EDIT_STORIES: u32 = 1 << 15;
    pub const DELETE_STORIES: u32 = 1 << 16;
    pub const MANAGE_DIRECT_MESSAGES: u32 = 1 << 17;
    pub const MANAGE_RANKS: u32 = 1 << 18;

    /// Every right but anonymity: what a creator holds.
    pub fn creator() -> AdminRights {
        AdminRights(0x7_ffff & !(Self::ANONYMOUS | 1 << 6 | 1 << 8))
    }

    /// What an admin of a basic group may do (Telegram's fixed set for them).
    pub fn basic_group_admin() -> AdminRights {
        AdminRights(
            Self::CHANGE_INFO
                | Self::DELETE_MESSAGES
                | Self::BAN_USERS
                | Self::INVITE_USERS
                | Self::PIN_MESSAGES
                | Self::MANAGE_CALL
                | Self::OTHER,
        )
    }

    pub fn has(self, right: u32) -> bool {
        self.0 & right != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True when every right of `other` is among ours.
    pub fn covers(self, other: AdminRights) -> bool {
        other.0 & !self.0 == 0
    }
}

/// What a member (or, as default rights, every member) may not do (TL `chatBannedRights`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannedRights {
    pub flags: u32,
    /// Until when a ban lasts; 0 is forever.
    pub until_date: i32,
}

impl BannedRights {
    pub const VIEW_MESSAGES: u32 = 1 << 0;
    pub const SEND_MESSAGES: u32 = 1 << 1;
    pub const SEND_MEDIA: u32 = 1 << 2;
    pub const CHANGE_INFO: u32 = 1 << 10;
    pub const INVITE_USERS: u32 = 1 << 15;
    pub const PIN_MESSAGES: u32 = 1 << 17;
    pub const SEND_PLAIN: u32 = 1 << 25;

    pub fn has(self, right: u32) -> bool {
        self.flags & right != 0
    }

    /// A kick: the user may not even read the chat.
    pub fn is_kick(self) -> bool {
        self.has(Self::VIEW_MESSAGES)
    }

    /// No restriction at all (an unban).
    pub fn is_empty(self) -> bool {
        self.flags == 0
    }

    /// Sending text is forbidden.
    pub fn forbids_text(self) -> bool {
        self.has(Self::SEND_MESSAGES) || self.has(Self::SEND_PLAIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creator_rights_cover_admin_sets_but_not_anonymity() {
        let creator = AdminRights::creator();
        assert!(creator.covers(AdminRights::basic_group_admin()));
        assert!(creator.has(AdminRights::ADD_ADMINS) && creator.has(AdminRights::MANAGE_RANKS));
        assert!(!creator.has(AdminRights::ANONYMOUS));
        assert!(!AdminRights::basic_group_admin().covers(creator));
        let kick = BannedRights {
            flags: BannedRights::VIEW_MESSAGES,
            until_date: 0,
        };
        assert!(kick.is_kick() && !kick.forbids_text() && !kick.is_empty());
    }
}
