//! The updates added for chat management (pins, folders, drafts, mentions, admin changes)
//! as TL.

use tl::api::{enums, types};

use super::messages::{entities, peer};
use super::rights::banned_rights;
use crate::world::{Draft, Notice, Peer, Update};

pub fn dialog_peer(p: Peer) -> enums::DialogPeer {
    enums::DialogPeer::DialogPeer(Box::new(types::DialogPeer { peer: peer(p) }))
}

/// TL `draftMessage`, or `draftMessageEmpty` dated `date` for no draft.
pub fn draft_message(draft: Option<&Draft>, date: i32) -> enums::DraftMessage {
    match draft {
        None => enums::DraftMessage::Empty(Box::new(types::DraftMessageEmpty { date: Some(date) })),
        Some(d) => enums::DraftMessage::DraftMessage(Box::new(types::DraftMessage {
            no_webpage: d.no_webpage,
            invert_media: false,
            reply_to: d.reply_to.map(|id| {
                enums::InputReplyTo::Message(Box::new(types::InputReplyToMessage {
                    reply_to_msg_id: id,
                    top_msg_id: None,
                    reply_to_peer_id: None,
                    quote_text: None,
                    quote_entities: None,
                    quote_offset: None,
                    monoforum_peer_id: None,
                    todo_item_id: None,
                    poll_option: None,
                }))
            }),
            message: d.text.clone(),
            entities: entities(&d.entities),
            media: None,
            date: d.date,
            effect: None,
            suggested_post: None,
            rich_message: None,
        })),
    }
}

fn notice(n: &Notice) -> enums::Update {
    use enums::Update as U;
    match n {
        Notice::DialogPinned {
            peer: p,
            pinned,
            folder_id,
        } => U::DialogPinned(Box::new(types::UpdateDialogPinned {
            pinned: *pinned,
            folder_id: *folder_id,
            peer: dialog_peer(*p),
        })),
        Notice::PinnedDialogs { folder_id, order } => {
            U::PinnedDialogs(Box::new(types::UpdatePinnedDialogs {
                folder_id: *folder_id,
                order: Some(order.iter().map(|p| dialog_peer(*p)).collect()),
            }))
        }
        Notice::DraftMessage {
            peer: p,
            draft,
            date,
        } => U::DraftMessage(Box::new(types::UpdateDraftMessage {
            peer: peer(*p),
            top_msg_id: None,
            saved_peer_id: None,
            draft: draft_message(draft.as_ref(), *date),
        })),
        Notice::ChatParticipantAdmin {
            chat_id,
            user_id,
            is_admin,
            version,
        } => U::ChatParticipantAdmin(Box::new(types::UpdateChatParticipantAdmin {
            chat_id: *chat_id,
            user_id: *user_id,
            is_admin: *is_admin,
            version: *version,
        })),
        Notice::ChatDefaultBannedRights {
            peer: p,
            rights,
            version,
        } => U::ChatDefaultBannedRights(Box::new(types::UpdateChatDefaultBannedRights {
            peer: peer(*p),
            default_banned_rights: banned_rights(*rights),
            version: *version,
        })),
        Notice::Chat { chat_id } => U::Chat(Box::new(types::UpdateChat { chat_id: *chat_id })),
        Notice::ChannelAvailableMessages {
            channel_id,
            available_min_id,
        } => U::ChannelAvailableMessages(Box::new(types::UpdateChannelAvailableMessages {
            channel_id: *channel_id,
            available_min_id: *available_min_id,
        })),
        Notice::ChannelReadMessagesContents { channel_id, ids } => {
            U::ChannelReadMessagesContents(Box::new(types::UpdateChannelReadMessagesContents {
                channel_id: *channel_id,
                top_msg_id: None,
                saved_peer_id: None,
                messages: ids.clone(),
            }))
        }
    }
}

/// The new updates as TL (`None` for the others, which `updates::update` maps).
pub fn update(u: &Update, pts: i32, pts_count: i32) -> Option<enums::Update> {
    use enums::Update as U;
    Some(match u {
        Update::FolderPeers { peers } => U::FolderPeers(Box::new(types::UpdateFolderPeers {
            folder_peers: peers
                .iter()
                .map(|(p, folder_id)| {
                    enums::FolderPeer::FolderPeer(Box::new(types::FolderPeer {
                        peer: peer(*p),
                        folder_id: *folder_id,
                    }))
                })
                .collect(),
            pts,
            pts_count,
        })),
        Update::PinnedMessages {
            peer: p,
            ids,
            pinned,
        } => U::PinnedMessages(Box::new(types::UpdatePinnedMessages {
            pinned: *pinned,
            peer: peer(*p),
            messages: ids.clone(),
            pts,
            pts_count,
        })),
        Update::PinnedChannelMessages {
            channel_id,
            ids,
            pinned,
        } => U::PinnedChannelMessages(Box::new(types::UpdatePinnedChannelMessages {
            pinned: *pinned,
            channel_id: *channel_id,
            messages: ids.clone(),
            pts,
            pts_count,
        })),
        Update::ReadMessagesContents { ids } => {
            U::ReadMessagesContents(Box::new(types::UpdateReadMessagesContents {
                messages: ids.clone(),
                pts,
                pts_count,
                date: None,
            }))
        }
        Update::Notice(n) => notice(n),
        _ => return None,
    })
}

/// The peers a client needs to show these updates.
pub fn mentioned_peers(u: &Update) -> Vec<Peer> {
    match u {
        Update::FolderPeers { peers } => peers.iter().map(|(p, _)| *p).collect(),
        Update::PinnedMessages { peer, .. } => vec![*peer],
        Update::PinnedChannelMessages { channel_id, .. } => vec![Peer::Channel(*channel_id)],
        Update::Notice(n) => match n {
            Notice::DialogPinned { peer, .. }
            | Notice::DraftMessage { peer, .. }
            | Notice::ChatDefaultBannedRights { peer, .. } => vec![*peer],
            Notice::PinnedDialogs { order, .. } => order.clone(),
            Notice::ChatParticipantAdmin {
                chat_id, user_id, ..
            } => vec![Peer::Chat(*chat_id), Peer::User(*user_id)],
            Notice::Chat { chat_id } => vec![Peer::Chat(*chat_id)],
            Notice::ChannelAvailableMessages { channel_id, .. }
            | Notice::ChannelReadMessagesContents { channel_id, .. } => {
                vec![Peer::Channel(*channel_id)]
            }
        },
        _ => Vec::new(),
    }
}
