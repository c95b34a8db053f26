//! Basic groups and channels as TL `Chat`.

use tl::api::{enums, types};

use super::rights::{admin_rights, banned_rights};
use crate::world::{ChannelView, ChatView, Peer, UserId, World, WorldResult};

pub fn chat(view: &ChatView) -> enums::Chat {
    if view.deleted {
        return enums::Chat::Forbidden(Box::new(types::ChatForbidden {
            id: view.id,
            title: view.title.clone(),
        }));
    }
    enums::Chat::Chat(Box::new(types::Chat {
        creator: view.is_creator,
        left: view.left,
        deactivated: view.deactivated,
        call_active: false,
        call_not_empty: false,
        noforwards: false,
        id: view.id,
        title: view.title.clone(),
        photo: enums::ChatPhoto::Empty,
        participants_count: view.participants_count,
        date: view.date,
        version: view.version,
        migrated_to: view.migrated_to.map(|(channel_id, access_hash)| {
            enums::InputChannel::InputChannel(Box::new(types::InputChannel {
                channel_id,
                access_hash,
            }))
        }),
        admin_rights: view.admin_rights.map(admin_rights),
        default_banned_rights: Some(banned_rights(view.default_banned_rights)),
    }))
}

pub fn channel(view: &ChannelView) -> enums::Chat {
    if view.deleted || view.banned_rights.is_some_and(|b| b.is_kick()) {
        return enums::Chat::ChannelForbidden(Box::new(types::ChannelForbidden {
            broadcast: view.broadcast,
            megagroup: view.megagroup,
            monoforum: false,
            id: view.id,
            access_hash: view.access_hash,
            title: view.title.clone(),
            until_date: None,
        }));
    }
    enums::Chat::Channel(Box::new(types::Channel {
        creator: view.is_creator,
        left: view.left,
        broadcast: view.broadcast,
        verified: false,
        megagroup: view.megagroup,
        signatures: false,
        min: false,
        scam: false,
        has_link: false,
        has_geo: false,
        slowmode_enabled: false,
        call_active: false,
        call_not_empty: false,
        fake: false,
        gigagroup: false,
        noforwards: false,
        join_to_send: false,
        join_request: false,
        forum: false,
        stories_hidden: false,
        stories_hidden_min: false,
        stories_unavailable: false,
        signature_profiles: false,
        autotranslation: false,
        broadcast_messages_allowed: false,
        monoforum: false,
        forum_tabs: false,
        id: view.id,
        access_hash: Some(view.access_hash),
        title: view.title.clone(),
        username: view.username.clone(),
        photo: enums::ChatPhoto::Empty,
        date: view.date,
        restriction_reason: None,
        admin_rights: view.admin_rights.map(admin_rights),
        banned_rights: view.banned_rights.map(banned_rights),
        default_banned_rights: view
            .megagroup
            .then(|| banned_rights(view.default_banned_rights)),
        participants_count: Some(view.participants_count),
        usernames: None,
        stories_max_id: None,
        color: None,
        profile_color: None,
        emoji_status: None,
        level: None,
        subscription_until_date: None,
        bot_verification_icon: None,
        send_paid_messages_stars: None,
        linked_monoforum_id: None,
    }))
}

/// The groups and channels among `peers` (users are skipped), as `viewer` sees them.
pub fn chats(world: &World, viewer: UserId, peers: &[Peer]) -> WorldResult<Vec<enums::Chat>> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for peer in peers {
        if !seen.insert(*peer) {
            continue;
        }
        match *peer {
            Peer::Chat(id) if world.chat(id)?.is_some() => {
                out.push(chat(&world.chat_view(viewer, id)?))
            }
            Peer::Channel(id) if world.channel(id)?.is_some() => {
                out.push(channel(&world.channel_view(viewer, id)?))
            }
            _ => {}
        }
    }
    Ok(out)
}
