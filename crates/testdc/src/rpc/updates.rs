//! updates.getState, updates.getDifference, updates.getChannelDifference.

use tl::api::functions;
use tl::Serialize;

use super::input::input_channel;
use super::out::updates::{channel_difference, difference, state};
use super::Context;
use crate::world::{World, WorldResult};

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
    let diff =
        world.get_channel_difference(caller, input_channel(&x.channel), x.pts, x.limit, ctx.now)?;
    Ok(channel_difference(world, caller.user_id, &diff)?.to_bytes())
}
