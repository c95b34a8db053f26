//! Writing messages: sending, editing, deleting, reading, forwarding. Private chats and basic
//! groups put one copy in each participant's box (own ids, own pts); channels keep one copy.

mod clear;
mod delete;
mod deliver;
mod edit;
mod forward;
mod pin;
mod random_ids;
mod read;
mod send;

pub use clear::{AffectedHistory, HistoryDeletion};
pub use pin::{PinRequest, Pinned};

use super::error::RpcError;
use super::files::InputMedia;
use super::message::{Entity, ForwardHeader, Media, Message, ServiceAction};

/// Longest message text, in UTF-16 code units.
const TEXT_MAX_UNITS: usize = 4096;

/// What a client sends (messages.sendMessage / sendMedia).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewMessage {
    pub text: String,
    pub entities: Vec<Entity>,
    pub media: Option<InputMedia>,
    /// Id of the replied message, in the sender's view of the chat.
    pub reply_to: Option<i32>,
    pub random_id: Option<i64>,
    pub silent: bool,
    /// messages.sendMessage's clear_draft.
    pub clear_draft: bool,
}

/// The sender's side of a new message: its copy and where it moved the sender's pts
/// (the channel's pts for channel messages).
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub message: Message,
    pub random_id: Option<i64>,
    pub pts: i32,
    pub pts_count: i32,
    /// The random_id was used before: this is the earlier message, nothing new happened.
    pub duplicate: bool,
}

/// messages.affectedMessages (or, for channels, the channel's pts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Affected {
    pub pts: i32,
    pub pts_count: i32,
}

/// A message body before it is copied into boxes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Content {
    pub text: String,
    pub entities: Vec<Entity>,
    pub media: Option<Media>,
    pub action: Option<ServiceAction>,
    /// In the sender's box (or the channel).
    pub reply_to: Option<i32>,
    pub fwd_from: Option<ForwardHeader>,
    pub silent: bool,
}

/// MESSAGE_TOO_LONG / ENTITY_BOUNDS_INVALID as Telegram checks a text and its entities.
pub(crate) fn check_text(text: &str, entities: &[Entity]) -> Result<(), RpcError> {
    let units = text.encode_utf16().count();
    if units > TEXT_MAX_UNITS {
        return Err(RpcError::MessageTooLong);
    }
    for entity in entities {
        let end = i64::from(entity.offset) + i64::from(entity.length);
        if entity.offset < 0 || entity.length <= 0 || end > units as i64 {
            return Err(RpcError::EntityBoundsInvalid);
        }
    }
    Ok(())
}
