//! Updates: what each change means for each user, stamped with pts (or a channel's pts),
//! logged for updates.getDifference, and queued for live delivery.
//!
//! Telegram keeps three sequences per user (core.telegram.org/api/updates): pts for the
//! common message box (private chats and basic groups; each channel has its own), qts for
//! secret chats and some bot updates, and seq for the `updates`/`updatesCombined` containers
//! that carry updates outside every pts/qts sequence. Here: pts as described; seq moves by
//! one for each such update ([`Update::takes_seq`]), and a container holding some carries
//! its seq (`updatesCombined` with seq_start..seq for several), containers of pts updates
//! only carry seq 0 ("apply in any order"), and the short forms none. qts never moves: no
//! secret chats or qts-numbered bot updates exist here, so it stays at its initial 0, which
//! is also what a client passes to updates.getDifference.

mod channel_difference;
mod difference;
mod log;

use serde::{Deserialize, Serialize};

use super::drafts::Draft;
use super::ids::{AuthKeyId, ChannelId, ChatId, Peer, UserId};
use super::message::Message;
use super::rights::BannedRights;

pub use channel_difference::ChannelDifference;
pub use difference::Difference;
pub use log::ForcedTooLong;

/// One update, in domain terms (the RPC layer maps it to a TL `Update`).
#[derive(Clone, Debug, PartialEq)]
pub enum Update {
    NewMessage(Message),
    EditMessage(Message),
    DeleteMessages {
        ids: Vec<i32>,
    },
    ReadHistoryInbox {
        peer: Peer,
        max_id: i32,
        still_unread_count: i32,
    },
    ReadHistoryOutbox {
        peer: Peer,
        max_id: i32,
    },
    NewChannelMessage(Message),
    EditChannelMessage(Message),
    DeleteChannelMessages {
        channel_id: ChannelId,
        ids: Vec<i32>,
    },
    /// `pts` is the channel's current pts.
    ReadChannelInbox {
        channel_id: ChannelId,
        max_id: i32,
        still_unread_count: i32,
        pts: i32,
    },
    /// Membership or settings of a channel changed: the client refetches it.
    Channel {
        channel_id: ChannelId,
    },
    UserName {
        user_id: UserId,
        first_name: String,
        last_name: String,
        username: Option<String>,
    },
    /// Someone read the member's messages in a channel up to `max_id`.
    ReadChannelOutbox {
        channel_id: ChannelId,
        max_id: i32,
    },
    /// The channel has events the common difference does not give: call
    /// updates.getChannelDifference (only in differences).
    ChannelTooLong {
        channel_id: ChannelId,
        pts: i32,
    },
    /// A QR login token of this auth key was accepted.
    LoginToken,
    /// Dialogs moved between folders (the user's pts).
    FolderPeers {
        peers: Vec<(Peer, i32)>,
    },
    /// Messages of a private chat or basic group were pinned or unpinned (the user's pts).
    PinnedMessages {
        peer: Peer,
        ids: Vec<i32>,
        pinned: bool,
    },
    /// Channel messages were pinned or unpinned (the channel's pts).
    PinnedChannelMessages {
        channel_id: ChannelId,
        ids: Vec<i32>,
        pinned: bool,
    },
    /// Mentions (media_unread) of these messages were read (the user's pts).
    ReadMessagesContents {
        ids: Vec<i32>,
    },
    /// An update outside every pts sequence that takes a seq (see [`Notice`]).
    Notice(Notice),
    /// The client must resynchronise with updates.getDifference (TL `updatesTooLong`, a
    /// container of its own; only pushed, by the control interface).
    TooLong,
}

/// Updates that move the recipient's seq and are kept, as they were, for
/// updates.getDifference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Notice {
    DialogPinned {
        peer: Peer,
        pinned: bool,
        folder_id: Option<i32>,
    },
    PinnedDialogs {
        folder_id: Option<i32>,
        order: Vec<Peer>,
    },
    /// `None`: the draft was cleared at `date`.
    DraftMessage {
        peer: Peer,
        draft: Option<Draft>,
        date: i32,
    },
    ChatParticipantAdmin {
        chat_id: ChatId,
        user_id: UserId,
        is_admin: bool,
        version: i32,
    },
    ChatDefaultBannedRights {
        peer: Peer,
        rights: BannedRights,
        version: i32,
    },
    /// A basic group changed (about, migration, deletion): the client refetches it.
    Chat { chat_id: ChatId },
    /// The user cleared a channel's history for themselves below this id.
    ChannelAvailableMessages {
        channel_id: ChannelId,
        available_min_id: i32,
    },
    ChannelReadMessagesContents {
        channel_id: ChannelId,
        ids: Vec<i32>,
    },
}

impl Update {
    /// Updates outside every pts/qts sequence that a user's seq numbers. (updateReadChannelInbox
    /// carries the channel's pts; updateLoginToken goes to a key, not a user, as updateShort.)
    pub fn takes_seq(&self) -> bool {
        matches!(
            self,
            Update::Channel { .. }
                | Update::UserName { .. }
                | Update::ReadChannelOutbox { .. }
                | Update::Notice(_)
        )
    }
}

/// An update with its place in a pts sequence (the user's, or for channel updates the
/// channel's); `None` for updates outside any sequence.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamped {
    pub update: Update,
    pub pts: Option<PtsStamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PtsStamp {
    pub pts: i32,
    pub pts_count: i32,
}

/// Whom a push goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PushTarget {
    /// Every online session of the user, except those on `except_auth_key` (which made the
    /// request and gets these updates in its answer).
    User {
        user_id: UserId,
        except_auth_key: Option<AuthKeyId>,
    },
    /// Sessions of one auth key, signed in or not (updateLoginToken).
    AuthKey(AuthKeyId),
}

/// An update to deliver live.
#[derive(Clone, Debug, PartialEq)]
pub struct Push {
    pub target: PushTarget,
    pub update: Stamped,
    pub date: i32,
    /// The recipient's seq this update moved to (updates that [take a seq](Update::takes_seq)).
    pub seq: Option<i32>,
}

/// A user's update state (TL `updates.state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpdateState {
    pub pts: i32,
    pub qts: i32,
    pub date: i32,
    pub seq: i32,
    pub unread_count: i32,
}

/// What the update logs store: ids instead of message bodies, which are read back in their
/// current state when a difference is built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) enum LoggedEvent {
    NewMessage {
        id: i32,
    },
    EditMessage {
        id: i32,
    },
    DeleteMessages {
        ids: Vec<i32>,
    },
    ReadInbox {
        peer: Peer,
        max_id: i32,
        still_unread_count: i32,
    },
    ReadOutbox {
        peer: Peer,
        max_id: i32,
    },
    // Events of the seq log (user_seq_updates).
    Channel {
        channel_id: ChannelId,
    },
    /// Read back as the user's name now.
    UserName {
        user_id: UserId,
    },
    ReadChannelOutbox {
        channel_id: ChannelId,
        max_id: i32,
    },
    Notice(Notice),
    // Events of the pts logs added with schema version 4.
    FolderPeers {
        peers: Vec<(Peer, i32)>,
    },
    /// In a channel's log `peer` is the channel.
    PinnedMessages {
        peer: Peer,
        ids: Vec<i32>,
        pinned: bool,
    },
    ReadMessagesContents {
        ids: Vec<i32>,
    },
}
