//! Invite links and migration to a supergroup.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::input_peer;
use super::out::updates::updates;
use super::pins::new_message;
use super::Context;
use crate::world::{Invite, Joined, NewInvite, Peer, Stamped, Update, World, WorldResult};

fn exported(invite: &Invite) -> enums::ExportedChatInvite {
    enums::ExportedChatInvite::ChatInviteExported(Box::new(types::ChatInviteExported {
        revoked: invite.revoked,
        permanent: invite.permanent,
        request_needed: false,
        link: invite.link(),
        admin_id: invite.admin_id,
        date: invite.date,
        start_date: None,
        expire_date: invite.expire_date,
        usage_limit: invite.usage_limit,
        usage: Some(invite.usage),
        requested: None,
        subscription_expired: None,
        title: invite.title.clone(),
        subscription_pricing: None,
    }))
}

pub fn export_chat_invite(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::ExportChatInvite,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let new = NewInvite {
        expire_date: x.expire_date,
        usage_limit: x.usage_limit.filter(|l| *l > 0),
        title: x.title.clone(),
        permanent: x.legacy_revoke_permanent,
    };
    let invite = world.export_chat_invite(caller, input_peer(&x.peer), new, ctx.now)?;
    Ok(exported(&invite).to_bytes())
}

pub fn check_chat_invite(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::CheckChatInvite,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let (peer, member) = world.check_chat_invite(caller, &x.hash, ctx.now)?;
    let chat = super::out::chats::chats(world, caller.user_id, &[peer])?
        .into_iter()
        .next()
        .ok_or(crate::world::RpcError::InviteHashInvalid)?;
    if member {
        return Ok(
            enums::ChatInvite::Already(Box::new(types::ChatInviteAlready { chat })).to_bytes(),
        );
    }
    let (title, about, count, channel, broadcast, public, members) = match peer {
        Peer::Channel(id) => {
            let view = world.channel_view(caller.user_id, id)?;
            let about = world.channel(id)?.map(|c| c.about).unwrap_or_default();
            let public = view.username.is_some();
            (
                view.title,
                about,
                view.participants_count,
                true,
                view.broadcast,
                public,
                Vec::new(),
            )
        }
        _ => {
            let view = world.chat_view(caller.user_id, peer.id())?;
            let about = world.chat_about(peer.id())?;
            let members = world.chat_member_ids(peer.id())?;
            (
                view.title,
                about,
                view.participants_count,
                false,
                false,
                false,
                members,
            )
        }
    };
    let participants = if members.is_empty() {
        None
    } else {
        Some(super::out::users::users(world, caller.user_id, &members)?)
    };
    Ok(enums::ChatInvite::ChatInvite(Box::new(types::ChatInvite {
        channel,
        broadcast,
        public,
        megagroup: channel && !broadcast,
        request_needed: false,
        verified: false,
        scam: false,
        fake: false,
        can_refulfill_subscription: false,
        title,
        about: (!about.is_empty()).then_some(about),
        photo: enums::Photo::Empty(Box::new(types::PhotoEmpty { id: 0 })),
        participants_count: count,
        participants,
        color: 0,
        subscription_pricing: None,
        subscription_form_id: None,
        bot_verification: None,
    }))
    .to_bytes())
}

pub fn import_chat_invite(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::ImportChatInvite,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let list = match world.import_chat_invite(caller, &x.hash, ctx.now)? {
        Joined::Message(sent) => {
            let mut list = Vec::new();
            if let crate::world::MessageBox::Channel(channel_id) = sent.message.owner {
                list.push(Stamped {
                    update: Update::Channel { channel_id },
                    pts: None,
                });
            }
            list.push(new_message(&sent));
            list
        }
        Joined::Channel(channel_id) => vec![Stamped {
            update: Update::Channel { channel_id },
            pts: None,
        }],
    };
    let answer = updates(world, caller.user_id, Vec::new(), &list, ctx.now)?;
    Ok(enums::messages::ChatInviteJoinResult::Ok(Box::new(
        types::messages::ChatInviteJoinResultOk { updates: answer },
    ))
    .to_bytes())
}

pub fn migrate_chat(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::MigrateChat,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let done = world.migrate_chat(caller, x.chat_id, ctx.now)?;
    let list = [
        Stamped {
            update: Update::Channel {
                channel_id: done.channel_id,
            },
            pts: None,
        },
        new_message(&done.migrate_from),
        new_message(&done.migrate_to),
    ];
    Ok(updates(world, caller.user_id, Vec::new(), &list, ctx.now)?.to_bytes())
}
