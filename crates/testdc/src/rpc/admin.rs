//! Group and channel administration: about, titles, admins, bans, default rights, one
//! participant, message links.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::channels::participant;
use super::input::{input_channel, input_peer, input_user};
use super::out::messages::peer;
use super::out::rights::{admin_rights_in, banned_rights, banned_rights_in};
use super::out::updates::updates;
use super::out::Mentions;
use super::pins::new_message;
use super::Context;
use crate::world::{ParticipantStatus, Peer, Stamped, Update, World, WorldResult};

fn channel_changed(channel_id: i64) -> Stamped {
    Stamped {
        update: Update::Channel { channel_id },
        pts: None,
    }
}

pub fn edit_chat_about(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::EditChatAbout,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    world.edit_chat_about(caller, input_peer(&x.peer), &x.about, ctx.now)?;
    Ok(true.to_bytes())
}

pub fn edit_title(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::EditTitle,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel = input_channel(&x.channel);
    let id = world.resolve_input_channel(caller.user_id, channel)?;
    let sent = world.edit_channel_title(caller, channel, &x.title, ctx.now)?;
    let list = [channel_changed(id), new_message(&sent)];
    Ok(updates(world, caller.user_id, Vec::new(), &list, ctx.now)?.to_bytes())
}

pub fn edit_chat_admin(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::EditChatAdmin,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let user = world.resolve_input_user(caller.user_id, input_user(&x.user_id))?;
    world.edit_chat_admin(caller, x.chat_id, user, x.is_admin, ctx.now)?;
    Ok(true.to_bytes())
}

pub fn edit_admin(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::EditAdmin,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel = input_channel(&x.channel);
    let id = world.resolve_input_channel(caller.user_id, channel)?;
    let user = world.resolve_input_user(caller.user_id, input_user(&x.user_id))?;
    let rights = admin_rights_in(&x.admin_rights);
    world.edit_channel_admin(caller, channel, user, rights, x.rank.as_deref(), ctx.now)?;
    Ok(updates(
        world,
        caller.user_id,
        Vec::new(),
        &[channel_changed(id)],
        ctx.now,
    )?
    .to_bytes())
}

pub fn edit_banned(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::EditBanned,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel = input_channel(&x.channel);
    let id = world.resolve_input_channel(caller.user_id, channel)?;
    let user = match world.resolve_input_peer(caller.user_id, input_peer(&x.participant))? {
        Peer::User(user) => user,
        _ => return Err(crate::world::RpcError::PeerIdInvalid.into()),
    };
    let rights = banned_rights_in(&x.banned_rights);
    let sent = world.edit_banned(caller, channel, user, rights, ctx.now)?;
    let mut list = vec![channel_changed(id)];
    list.extend(sent.as_ref().map(new_message));
    Ok(updates(world, caller.user_id, Vec::new(), &list, ctx.now)?.to_bytes())
}

pub fn get_participant(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::GetParticipant,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let user = match world.resolve_input_peer(caller.user_id, input_peer(&x.participant))? {
        Peer::User(user) => user,
        _ => return Err(crate::world::RpcError::PeerIdInvalid.into()),
    };
    let channel = input_channel(&x.channel);
    let id = world.resolve_input_channel(caller.user_id, channel)?;
    let status = world.channel_participant(caller, channel, user)?;
    let mut mentions = Mentions::default();
    mentions.user(user);
    mentions.peer(Peer::Channel(id));
    let participant = match &status {
        ParticipantStatus::Member(m) => participant(m),
        ParticipantStatus::Banned {
            user_id,
            kicked_by,
            date,
            rights,
            left,
        } => {
            mentions.user(*kicked_by);
            enums::ChannelParticipant::Banned(Box::new(types::ChannelParticipantBanned {
                left: *left,
                peer: peer(Peer::User(*user_id)),
                kicked_by: *kicked_by,
                date: *date,
                banned_rights: banned_rights(*rights),
                rank: None,
            }))
        }
    };
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    Ok(
        enums::channels::ChannelParticipant::ChannelParticipant(Box::new(
            types::channels::ChannelParticipant {
                participant,
                chats,
                users,
            },
        ))
        .to_bytes(),
    )
}

pub fn edit_default_banned_rights(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::EditChatDefaultBannedRights,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let rights = banned_rights_in(&x.banned_rights);
    let update = world.edit_default_banned_rights(caller, input_peer(&x.peer), rights, ctx.now)?;
    let list = [Stamped { update, pts: None }];
    Ok(updates(world, caller.user_id, Vec::new(), &list, ctx.now)?.to_bytes())
}

/// channels.exportMessageLink: t.me/USERNAME/ID for public channels, t.me/c/ID/ID otherwise.
pub fn export_message_link(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::ExportMessageLink,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel = input_channel(&x.channel);
    let id = world.resolve_input_channel(caller.user_id, channel)?;
    let found = world.get_channel_messages(caller, channel, &[x.id])?;
    if !matches!(found.first(), Some(Some(_))) {
        return Err(crate::world::RpcError::MessageIdInvalid.into());
    }
    let username = world.channel(id)?.and_then(|c| c.username);
    let (link, html) = match username {
        Some(name) => {
            let link = format!("https://t.me/{name}/{}", x.id);
            let html = format!(
                "<blockquote class=\"telegram-post\" data-telegram-post=\"{name}/{}\"><a href=\"{link}\">{link}</a></blockquote>",
                x.id
            );
            (link, html)
        }
        None => (format!("https://t.me/c/{id}/{}", x.id), String::new()),
    };
    Ok(
        enums::ExportedMessageLink::ExportedMessageLink(Box::new(types::ExportedMessageLink {
            link,
            html,
        }))
        .to_bytes(),
    )
}
