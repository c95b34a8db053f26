//! Clearing and deleting: messages.deleteHistory, messages.deleteChat,
//! messages.deleteChatUser (with revoke_history), channels.deleteHistory,
//! channels.deleteChannel; and messages.readMessageContents.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::{input_channel, input_peer, input_user};
use super::messages::affected;
use super::out::updates::updates;
use super::Context;
use crate::world::{
    ChannelCleared, HistoryDeletion, MessageBox, Notice, PtsStamp, Stamped, Update, World,
    WorldResult,
};

pub fn delete_history(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::DeleteHistory,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let what = HistoryDeletion {
        just_clear: x.just_clear,
        revoke: x.revoke,
        max_id: x.max_id,
        min_date: x.min_date,
        max_date: x.max_date,
    };
    let done = world.delete_history(caller, input_peer(&x.peer), what, ctx.now)?;
    Ok(enums::messages::AffectedHistory::AffectedHistory(Box::new(
        types::messages::AffectedHistory {
            pts: done.pts,
            pts_count: done.pts_count,
            offset: done.offset,
        },
    ))
    .to_bytes())
}

pub fn delete_chat(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::DeleteChat,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    world.delete_chat(caller, x.chat_id, ctx.now)?;
    Ok(true.to_bytes())
}

/// messages.deleteChatUser: the service message (and, with revoke_history, the caller's
/// updateDeleteMessages for the removed user's messages).
pub fn delete_chat_user(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::DeleteChatUser,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let user = world.resolve_input_user(caller.user_id, input_user(&x.user_id))?;
    let (own, sent) = if x.revoke_history {
        world.delete_chat_user_revoking(caller, x.chat_id, user, ctx.now)?
    } else {
        (
            None,
            world.delete_chat_user(caller, x.chat_id, user, ctx.now)?,
        )
    };
    let mut list = Vec::new();
    if let Some(own) = own {
        list.push(Stamped {
            update: Update::DeleteMessages { ids: own.ids },
            pts: Some(own.stamp),
        });
    }
    list.push(Stamped {
        update: match sent.message.owner {
            MessageBox::Channel(_) => Update::NewChannelMessage(sent.message.clone()),
            MessageBox::User(_) => Update::NewMessage(sent.message.clone()),
        },
        pts: Some(PtsStamp {
            pts: sent.pts,
            pts_count: sent.pts_count,
        }),
    });
    Ok(updates(world, caller.user_id, Vec::new(), &list, ctx.now)?.to_bytes())
}

pub fn delete_channel_history(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::DeleteHistory,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let done = world.delete_channel_history(
        caller,
        input_channel(&x.channel),
        x.for_everyone,
        x.max_id,
        ctx.now,
    )?;
    let list: Vec<Stamped> = match done {
        ChannelCleared::ForEveryone {
            channel_id,
            ids,
            stamp: Some(stamp),
        } => vec![Stamped {
            update: Update::DeleteChannelMessages { channel_id, ids },
            pts: Some(stamp),
        }],
        ChannelCleared::ForMe {
            channel_id,
            available_min_id: Some(available_min_id),
        } => vec![Stamped {
            update: Update::Notice(Notice::ChannelAvailableMessages {
                channel_id,
                available_min_id,
            }),
            pts: None,
        }],
        _ => Vec::new(),
    };
    Ok(updates(world, caller.user_id, Vec::new(), &list, ctx.now)?.to_bytes())
}

pub fn delete_channel(
    world: &mut World,
    ctx: &Context,
    x: &functions::channels::DeleteChannel,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel_id = world.delete_channel(caller, input_channel(&x.channel), ctx.now)?;
    let list = [Stamped {
        update: Update::Channel { channel_id },
        pts: None,
    }];
    Ok(updates(world, caller.user_id, Vec::new(), &list, ctx.now)?.to_bytes())
}

pub fn read_message_contents(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::ReadMessageContents,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    Ok(affected(
        world.read_message_contents(caller, &x.id, ctx.now)?,
    ))
}
