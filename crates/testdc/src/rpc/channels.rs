//! channels.*: channels and supergroups.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::{input_channel, input_user};
use super::messages::{messages_answer, sent_updates};
use super::out::updates::updates;
use super::out::users::notify_settings;
use super::out::Mentions;
use super::Context;
use crate::world::{
    ChannelRole, HistoryPage, MessageBox, Peer, PtsStamp, Stamped, Update, UserId, World,
    WorldResult,
};

fn channel_update(
    world: &World,
    viewer: UserId,
    channel_id: i64,
    date: i32,
) -> WorldResult<enums::Updates> {
    let stamped = Stamped {
        update: Update::Channel { channel_id },
        pts: None,
    };
    updates(world, viewer, Vec::new(), &[stamped], date)
}

pub fn create_channel(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::CreateChannel,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let sent = world.create_channel(caller, &x.title, &x.about, !x.megagroup, ctx.now)?;
    let MessageBox::Channel(channel_id) = sent.message.owner else {
        return Err(crate::world::RpcError::Internal.into());
    };
    let new_message = Stamped {
        update: Update::NewChannelMessage(sent.message.clone()),
        pts: Some(PtsStamp {
            pts: sent.pts,
            pts_count: sent.pts_count,
        }),
    };
    let list = [
        Stamped {
            update: Update::Channel { channel_id },
            pts: None,
        },
        new_message,
    ];
    Ok(updates(world, caller.user_id, Vec::new(), &list, ctx.now)?.to_bytes())
}

pub fn invite_to_channel(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::InviteToChannel,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let mut users = Vec::new();
    for u in &x.users {
        users.push(world.resolve_input_user(caller.user_id, input_user(u))?);
    }
    let channel = input_channel(&x.channel);
    let sent = world.invite_to_channel(caller, channel, &users, ctx.now)?;
    let channel_id = world.resolve_input_channel(caller.user_id, channel)?;
    let answer = match sent {
        Some(sent) => sent_updates(world, caller.user_id, &[sent], ctx.now)?,
        None => channel_update(world, caller.user_id, channel_id, ctx.now)?,
    };
    Ok(
        enums::messages::InvitedUsers::InvitedUsers(Box::new(types::messages::InvitedUsers {
            updates: answer,
            missing_invitees: Vec::new(),
        }))
        .to_bytes(),
    )
}

pub fn join_channel(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::JoinChannel,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel = input_channel(&x.channel);
    let channel_id = world.resolve_input_channel(caller.user_id, channel)?;
    Ok(match world.join_channel(caller, channel, ctx.now)? {
        Some(sent) => sent_updates(world, caller.user_id, &[sent], ctx.now)?,
        None => channel_update(world, caller.user_id, channel_id, ctx.now)?,
    }
    .to_bytes())
}

pub fn leave_channel(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::LeaveChannel,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel = input_channel(&x.channel);
    let channel_id = world.resolve_input_channel(caller.user_id, channel)?;
    world.leave_channel(caller, channel, ctx.now)?;
    Ok(channel_update(world, caller.user_id, channel_id, ctx.now)?.to_bytes())
}

pub fn get_channels(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::GetChannels,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let mut peers = Vec::new();
    for c in &x.id {
        peers.push(Peer::Channel(
            world.resolve_input_channel(caller.user_id, input_channel(c))?,
        ));
    }
    let chats = super::out::chats::chats(world, caller.user_id, &peers)?;
    Ok(enums::messages::Chats::Chats(Box::new(types::messages::Chats { chats })).to_bytes())
}

pub fn get_full_channel(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::GetFullChannel,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel_id = world.resolve_input_channel(caller.user_id, input_channel(&x.channel))?;
    let Some(info) = world.channel(channel_id)? else {
        return Err(crate::world::RpcError::ChannelInvalid.into());
    };
    let dialog = world.dialog(caller.user_id, Peer::Channel(channel_id))?;
    let full = types::ChannelFull {
        can_view_participants: true,
        can_set_username: false,
        can_set_stickers: false,
        hidden_prehistory: false,
        can_set_location: false,
        has_scheduled: false,
        can_view_stats: false,
        blocked: false,
        can_delete_channel: false,
        antispam: false,
        participants_hidden: false,
        translations_disabled: false,
        stories_pinned_available: false,
        view_forum_as_messages: false,
        restricted_sponsored: false,
        can_view_revenue: false,
        paid_media_allowed: false,
        can_view_stars_revenue: false,
        paid_reactions_available: false,
        stargifts_available: false,
        paid_messages_available: false,
        id: channel_id,
        about: info.about.clone(),
        participants_count: Some(info.participants_count),
        admins_count: None,
        kicked_count: None,
        banned_count: None,
        online_count: None,
        read_inbox_max_id: dialog.as_ref().map_or(0, |d| d.read_inbox_max_id),
        read_outbox_max_id: dialog.as_ref().map_or(0, |d| d.read_outbox_max_id),
        unread_count: dialog.as_ref().map_or(0, |d| d.unread_count),
        chat_photo: enums::Photo::Empty(Box::new(types::PhotoEmpty { id: 0 })),
        notify_settings: notify_settings(),
        exported_invite: None,
        bot_info: Vec::new(),
        migrated_from_chat_id: None,
        migrated_from_max_id: None,
        pinned_msg_id: None,
        stickerset: None,
        available_min_id: None,
        folder_id: None,
        linked_chat_id: None,
        location: None,
        slowmode_seconds: None,
        slowmode_next_send_date: None,
        stats_dc: None,
        pts: info.pts,
        call: None,
        ttl_period: None,
        pending_suggestions: None,
        groupcall_default_join_as: None,
        theme_emoticon: None,
        requests_pending: None,
        recent_requesters: None,
        default_send_as: None,
        available_reactions: None,
        reactions_limit: None,
        stories: None,
        wallpaper: None,
        boosts_applied: None,
        boosts_unrestrict: None,
        emojiset: None,
        bot_verification: None,
        stargifts_count: None,
        send_paid_messages_stars: None,
        main_tab: None,
        guard_bot_id: None,
    };
    let mut mentions = Mentions::default();
    mentions.peer(Peer::Channel(channel_id));
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    Ok(
        enums::messages::ChatFull::ChatFull(Box::new(types::messages::ChatFull {
            full_chat: enums::ChatFull::ChannelFull(Box::new(full)),
            chats,
            users,
        }))
        .to_bytes(),
    )
}

pub fn participant(p: &crate::world::ChannelParticipant) -> enums::ChannelParticipant {
    let rights = super::out::rights::admin_rights(p.admin_rights.unwrap_or_default());
    match p.role {
        ChannelRole::Creator => {
            enums::ChannelParticipant::Creator(Box::new(types::ChannelParticipantCreator {
                user_id: p.user_id,
                admin_rights: rights,
                rank: p.rank.clone(),
            }))
        }
        ChannelRole::Admin => {
            enums::ChannelParticipant::Admin(Box::new(types::ChannelParticipantAdmin {
                can_edit: false,
                user_id: p.user_id,
                inviter_id: Some(p.inviter_id),
                promoted_by: p.promoted_by.unwrap_or(p.inviter_id),
                date: p.date,
                admin_rights: rights,
                rank: p.rank.clone(),
            }))
        }
        ChannelRole::Member => {
            enums::ChannelParticipant::ChannelParticipant(Box::new(types::ChannelParticipant {
                user_id: p.user_id,
                date: p.date,
                subscription_until_date: None,
                rank: None,
            }))
        }
    }
}

pub fn get_participants(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::GetParticipants,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let (members, count) =
        world.channel_participants(caller, input_channel(&x.channel), x.offset, x.limit)?;
    let mut mentions = Mentions::default();
    members.iter().for_each(|m| mentions.user(m.user_id));
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    Ok(
        enums::channels::ChannelParticipants::ChannelParticipants(Box::new(
            types::channels::ChannelParticipants {
                count,
                participants: members.iter().map(participant).collect(),
                chats,
                users,
            },
        ))
        .to_bytes(),
    )
}

pub fn get_messages(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::GetMessages,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel = input_channel(&x.channel);
    let channel_id = world.resolve_input_channel(caller.user_id, channel)?;
    let ids: Vec<i32> =
        x.id.iter()
            .map(|m| match m {
                enums::InputMessage::ID(m) => m.id,
                _ => 0,
            })
            .collect();
    let found = world.get_channel_messages(caller, channel, &ids)?;
    let page = HistoryPage {
        count: found.iter().flatten().count() as i32,
        messages: found.into_iter().flatten().collect(),
    };
    Ok(messages_answer(world, caller.user_id, Some(channel_id), &page)?.to_bytes())
}

pub fn read_history(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::ReadHistory,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    world.read_channel_history(caller, input_channel(&x.channel), x.max_id, ctx.now)?;
    Ok(true.to_bytes())
}

pub fn delete_messages(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::DeleteMessages,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let done = world.delete_channel_messages(caller, input_channel(&x.channel), &x.id, ctx.now)?;
    Ok(
        enums::messages::AffectedMessages::AffectedMessages(Box::new(
            types::messages::AffectedMessages {
                pts: done.pts,
                pts_count: done.pts_count,
            },
        ))
        .to_bytes(),
    )
}

pub fn update_username(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::UpdateUsername,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    world.update_channel_username(caller, input_channel(&x.channel), &x.username)?;
    Ok(true.to_bytes())
}
