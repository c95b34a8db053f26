//! messages.updatePinnedMessage, messages.unpinAllMessages and messages.readMentions.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::input_peer;
use super::out::updates::updates;
use super::Context;
use crate::world::{
    Affected, MessageBox, PinRequest, PtsStamp, Sent, Stamped, Update, World, WorldResult,
};

/// A new message of the caller's as the stamped update their answer carries.
pub fn new_message(sent: &Sent) -> Stamped {
    Stamped {
        update: match sent.message.owner {
            MessageBox::Channel(_) => Update::NewChannelMessage(sent.message.clone()),
            MessageBox::User(_) => Update::NewMessage(sent.message.clone()),
        },
        pts: Some(PtsStamp {
            pts: sent.pts,
            pts_count: sent.pts_count,
        }),
    }
}

pub fn affected_history(a: Affected) -> Vec<u8> {
    enums::messages::AffectedHistory::AffectedHistory(Box::new(types::messages::AffectedHistory {
        pts: a.pts,
        pts_count: a.pts_count,
        offset: 0,
    }))
    .to_bytes()
}

pub fn update_pinned_message(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::UpdatePinnedMessage,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let request = PinRequest {
        id: x.id,
        unpin: x.unpin,
        silent: x.silent,
        pm_oneside: x.pm_oneside,
    };
    let pinned = world.update_pinned_message(caller, input_peer(&x.peer), request, ctx.now)?;
    let mut list = vec![pinned.update];
    list.extend(pinned.service.as_ref().map(new_message));
    Ok(updates(world, caller.user_id, Vec::new(), &list, ctx.now)?.to_bytes())
}

pub fn unpin_all_messages(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::UnpinAllMessages,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let done = world.unpin_all_messages(caller, input_peer(&x.peer), ctx.now)?;
    Ok(affected_history(done))
}

pub fn read_mentions(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::ReadMentions,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let done = world.read_mentions(caller, input_peer(&x.peer), ctx.now)?;
    Ok(affected_history(done))
}
