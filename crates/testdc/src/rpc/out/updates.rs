//! Updates, update containers, differences and dialogs as TL.

use tl::api::{enums, types};

use super::messages::{message, peer};
use super::Mentions;
use crate::world::{
    ChannelDifference, Dialog, Difference, Push, PushTarget, Stamped, Update, UpdateState, UserId,
    World, WorldResult,
};

pub fn update(s: &Stamped) -> enums::Update {
    let (pts, pts_count) = s.pts.map_or((0, 0), |p| (p.pts, p.pts_count));
    if let Some(u) = super::notices::update(&s.update, pts, pts_count) {
        return u;
    }
    use enums::Update as U;
    match &s.update {
        Update::NewMessage(m) => U::NewMessage(Box::new(types::UpdateNewMessage {
            message: message(m),
            pts,
            pts_count,
        })),
        Update::EditMessage(m) => U::EditMessage(Box::new(types::UpdateEditMessage {
            message: message(m),
            pts,
            pts_count,
        })),
        Update::DeleteMessages { ids } => {
            U::DeleteMessages(Box::new(types::UpdateDeleteMessages {
                messages: ids.clone(),
                pts,
                pts_count,
            }))
        }
        Update::ReadHistoryInbox {
            peer: p,
            max_id,
            still_unread_count,
        } => U::ReadHistoryInbox(Box::new(types::UpdateReadHistoryInbox {
            folder_id: None,
            peer: peer(*p),
            top_msg_id: None,
            max_id: *max_id,
            still_unread_count: *still_unread_count,
            pts,
            pts_count,
        })),
        Update::ReadHistoryOutbox { peer: p, max_id } => {
            U::ReadHistoryOutbox(Box::new(types::UpdateReadHistoryOutbox {
                peer: peer(*p),
                max_id: *max_id,
                pts,
                pts_count,
            }))
        }
        Update::NewChannelMessage(m) => {
            U::NewChannelMessage(Box::new(types::UpdateNewChannelMessage {
                message: message(m),
                pts,
                pts_count,
            }))
        }
        Update::EditChannelMessage(m) => {
            U::EditChannelMessage(Box::new(types::UpdateEditChannelMessage {
                message: message(m),
                pts,
                pts_count,
            }))
        }
        Update::DeleteChannelMessages { channel_id, ids } => {
            U::DeleteChannelMessages(Box::new(types::UpdateDeleteChannelMessages {
                channel_id: *channel_id,
                messages: ids.clone(),
                pts,
                pts_count,
            }))
        }
        Update::ReadChannelInbox {
            channel_id,
            max_id,
            still_unread_count,
            pts,
        } => U::ReadChannelInbox(Box::new(types::UpdateReadChannelInbox {
            folder_id: None,
            channel_id: *channel_id,
            max_id: *max_id,
            still_unread_count: *still_unread_count,
            pts: *pts,
        })),
        Update::Channel { channel_id } => U::Channel(Box::new(types::UpdateChannel {
            channel_id: *channel_id,
        })),
        Update::UserName {
            user_id,
            first_name,
            last_name,
            username,
        } => U::UserName(Box::new(types::UpdateUserName {
            user_id: *user_id,
            first_name: first_name.clone(),
            last_name: last_name.clone(),
            usernames: username
                .iter()
                .map(|u| {
                    enums::Username::Username(Box::new(types::Username {
                        editable: true,
                        active: true,
                        username: u.clone(),
                    }))
                })
                .collect(),
        })),
        Update::ReadChannelOutbox { channel_id, max_id } => {
            U::ReadChannelOutbox(Box::new(types::UpdateReadChannelOutbox {
                channel_id: *channel_id,
                max_id: *max_id,
            }))
        }
        Update::ChannelTooLong { channel_id, pts } => {
            U::ChannelTooLong(Box::new(types::UpdateChannelTooLong {
                channel_id: *channel_id,
                pts: Some(*pts),
            }))
        }
        Update::LoginToken => U::LoginToken,
        // The first four and notices were mapped by notices::update above; TooLong is never
        // rendered as an Update (`push` sends it as the updatesTooLong container).
        Update::FolderPeers { .. }
        | Update::PinnedMessages { .. }
        | Update::PinnedChannelMessages { .. }
        | Update::ReadMessagesContents { .. }
        | Update::Notice(_)
        | Update::TooLong => U::LoginToken,
    }
}

fn mention_update(mentions: &mut Mentions, u: &Update) {
    match u {
        Update::NewMessage(m)
        | Update::EditMessage(m)
        | Update::NewChannelMessage(m)
        | Update::EditChannelMessage(m) => mentions.message(m),
        Update::ReadHistoryInbox { peer, .. } | Update::ReadHistoryOutbox { peer, .. } => {
            mentions.peer(*peer)
        }
        Update::UserName { user_id, .. } => mentions.user(*user_id),
        Update::DeleteChannelMessages { channel_id, .. }
        | Update::ReadChannelInbox { channel_id, .. }
        | Update::ReadChannelOutbox { channel_id, .. }
        | Update::ChannelTooLong { channel_id, .. }
        | Update::Channel { channel_id } => mentions.peer(crate::world::Peer::Channel(*channel_id)),
        Update::DeleteMessages { .. }
        | Update::LoginToken
        | Update::ReadMessagesContents { .. }
        | Update::TooLong => {}
        Update::FolderPeers { .. }
        | Update::PinnedMessages { .. }
        | Update::PinnedChannelMessages { .. }
        | Update::Notice(_) => super::notices::mentioned_peers(u)
            .into_iter()
            .for_each(|p| mentions.peer(p)),
    }
}

/// Where a container stands in the recipient's seq: the seqs its updates moved the user's
/// seq to, in order (none: seq 0, "apply in any order").
fn container(
    updates: Vec<enums::Update>,
    users: Vec<enums::User>,
    chats: Vec<enums::Chat>,
    date: i32,
    seqs: &[i32],
) -> enums::Updates {
    match seqs {
        [first, .., last] => enums::Updates::Combined(Box::new(types::UpdatesCombined {
            updates,
            users,
            chats,
            date,
            seq_start: *first,
            seq: *last,
        })),
        _ => enums::Updates::Updates(Box::new(types::Updates {
            updates,
            users,
            chats,
            date,
            seq: seqs.first().copied().unwrap_or(0),
        })),
    }
}

/// An `updates` container for `viewer`, with the users and chats it mentions: the answer to
/// a request of `viewer`'s. Updates that take a seq were queued for the requesting key as
/// pushes with their seq (the other sessions get those pushes); the answer carries the same.
pub fn updates(
    world: &World,
    viewer: UserId,
    head: Vec<enums::Update>,
    list: &[Stamped],
    date: i32,
) -> WorldResult<enums::Updates> {
    let seqs = if list.iter().any(|s| s.update.takes_seq()) {
        world.answer_seqs(viewer)
    } else {
        Vec::new()
    };
    let mut mentions = Mentions::default();
    for s in list {
        mention_update(&mut mentions, &s.update);
    }
    let (users, chats) = mentions.resolve(world, viewer)?;
    let mut all = head;
    all.extend(list.iter().map(update));
    Ok(container(all, users, chats, date, &seqs))
}

/// What the network delivers for consecutive pushes to one target, in one container (an
/// `updatesCombined` when several of them take a seq); `None` for an empty list.
pub fn push(world: &World, pushes: &[Push]) -> WorldResult<Option<enums::Updates>> {
    let Some(first) = pushes.first() else {
        return Ok(None);
    };
    let date = pushes.iter().map(|p| p.date).max().unwrap_or(first.date);
    if pushes.iter().any(|p| p.update.update == Update::TooLong) {
        return Ok(Some(enums::Updates::TooLong));
    }
    match first.target {
        PushTarget::User { user_id, .. } => {
            let mut mentions = Mentions::default();
            for p in pushes {
                mention_update(&mut mentions, &p.update.update);
            }
            let (users, chats) = mentions.resolve(world, user_id)?;
            let list = pushes.iter().map(|p| update(&p.update)).collect();
            let seqs: Vec<i32> = pushes.iter().filter_map(|p| p.seq).collect();
            Ok(Some(container(list, users, chats, date, &seqs)))
        }
        // Not signed in: no sequences, an updateShort (the network side sends these one by one).
        PushTarget::AuthKey(_) => Ok(Some(enums::Updates::UpdateShort(Box::new(
            types::UpdateShort {
                update: update(&first.update),
                date,
            },
        )))),
    }
}

pub fn state(s: &UpdateState) -> enums::updates::State {
    enums::updates::State::State(Box::new(types::updates::State {
        pts: s.pts,
        qts: s.qts,
        date: s.date,
        seq: s.seq,
        unread_count: s.unread_count,
    }))
}

pub fn difference(
    world: &World,
    viewer: UserId,
    d: &Difference,
) -> WorldResult<enums::updates::Difference> {
    use enums::updates::Difference as D;
    let (new_messages, other_updates, end_state, slice) = match d {
        Difference::Empty { date, seq } => {
            return Ok(D::Empty(Box::new(types::updates::DifferenceEmpty {
                date: *date,
                seq: *seq,
            })));
        }
        Difference::TooLong { pts } => {
            return Ok(D::TooLong(Box::new(types::updates::DifferenceTooLong {
                pts: *pts,
            })))
        }
        Difference::Full {
            new_messages,
            other_updates,
            state,
        } => (new_messages, other_updates, state, false),
        Difference::Slice {
            new_messages,
            other_updates,
            intermediate_state,
        } => (new_messages, other_updates, intermediate_state, true),
    };
    let mut mentions = Mentions::default();
    new_messages.iter().for_each(|m| mentions.message(m));
    other_updates
        .iter()
        .for_each(|s| mention_update(&mut mentions, &s.update));
    let (users, chats) = mentions.resolve(world, viewer)?;
    let new_messages = new_messages.iter().map(message).collect();
    let other_updates = other_updates.iter().map(update).collect();
    Ok(if slice {
        D::Slice(Box::new(types::updates::DifferenceSlice {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats,
            users,
            intermediate_state: state(end_state),
        }))
    } else {
        D::Difference(Box::new(types::updates::Difference {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats,
            users,
            state: state(end_state),
        }))
    })
}

pub fn dialog(d: &Dialog) -> enums::Dialog {
    enums::Dialog::Dialog(Box::new(types::Dialog {
        pinned: d.pinned,
        unread_mark: false,
        view_forum_as_messages: false,
        peer: peer(d.peer),
        top_message: d.top_message,
        read_inbox_max_id: d.read_inbox_max_id,
        read_outbox_max_id: d.read_outbox_max_id,
        unread_count: d.unread_count,
        unread_mentions_count: d.unread_mentions_count,
        unread_reactions_count: 0,
        unread_poll_votes_count: 0,
        notify_settings: super::users::notify_settings(),
        pts: d.pts,
        draft: d
            .draft
            .as_ref()
            .map(|draft| super::notices::draft_message(Some(draft), draft.date)),
        folder_id: (d.folder_id != 0).then_some(d.folder_id),
        ttl_period: None,
    }))
}

pub fn channel_difference(
    world: &World,
    viewer: UserId,
    d: &ChannelDifference,
) -> WorldResult<enums::updates::ChannelDifference> {
    use enums::updates::ChannelDifference as D;
    let mut mentions = Mentions::default();
    Ok(match d {
        ChannelDifference::Empty { pts, timeout } => {
            D::Empty(Box::new(types::updates::ChannelDifferenceEmpty {
                r#final: true,
                pts: *pts,
                timeout: Some(*timeout),
            }))
        }
        ChannelDifference::Full {
            is_final,
            pts,
            timeout,
            new_messages,
            other_updates,
        } => {
            new_messages.iter().for_each(|m| mentions.message(m));
            other_updates
                .iter()
                .for_each(|s| mention_update(&mut mentions, &s.update));
            let (users, chats) = mentions.resolve(world, viewer)?;
            D::ChannelDifference(Box::new(types::updates::ChannelDifference {
                r#final: *is_final,
                pts: *pts,
                timeout: Some(*timeout),
                new_messages: new_messages.iter().map(message).collect(),
                other_updates: other_updates.iter().map(update).collect(),
                chats,
                users,
            }))
        }
        ChannelDifference::TooLong {
            timeout,
            dialog: dl,
            messages,
        } => {
            messages.iter().for_each(|m| mentions.message(m));
            mentions.peer(dl.peer);
            let (users, chats) = mentions.resolve(world, viewer)?;
            D::TooLong(Box::new(types::updates::ChannelDifferenceTooLong {
                r#final: true,
                timeout: Some(*timeout),
                dialog: dialog(dl),
                messages: messages.iter().map(message).collect(),
                chats,
                users,
            }))
        }
    })
}
