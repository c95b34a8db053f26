//! updates.getState, updates.getDifference, updates.getChannelDifference.

use tl::api::functions;
use tl::Serialize;

use super::input::input_channel;
use super::out::updates::{channel_difference, difference, state};
use super::Context;
use crate::world::{Difference, ForcedTooLong, World, WorldResult};

pub fn get_state(world: &mut World, ctx: &Context) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    Ok(state(&world.update_state(caller.user_id, ctx.now)?).to_bytes())
}

pub fn get_difference(
    world: &mut World,
    ctx: &Context,
    x: &functions::updates::GetDifference,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    if world.take_forced_too_long(ForcedTooLong::Difference(caller.user_id)) {
        let pts = world.update_state(caller.user_id, ctx.now)?.pts;
        let diff = Difference::TooLong { pts };
        return Ok(difference(world, caller.user_id, &diff)?.to_bytes());
    }
    let diff = world.get_difference(
        caller.user_id,
        x.pts,
        x.date,
        x.qts,
        x.pts_total_limit,
        ctx.now,
    )?;
    Ok(difference(world, caller.user_id, &diff)?.to_bytes())
}

pub fn get_channel_difference(
    world: &mut World,
    ctx: &Context,
    x: &functions::updates::GetChannelDifference,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let channel = input_channel(&x.channel);
    let diff = if world.take_forced_too_long(ForcedTooLong::ChannelDifference(caller.user_id)) {
        world.channel_difference_too_long(caller, channel, x.limit, ctx.now)?
    } else {
        world.get_channel_difference(caller, channel, x.pts, x.limit, ctx.now)?
    };
    Ok(channel_difference(world, caller.user_id, &diff)?.to_bytes())
}
