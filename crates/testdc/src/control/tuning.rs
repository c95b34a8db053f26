//! The control interface's settings (POST /settings) and its resynchronisation pushes.

use serde_json::{json, Value};

use super::routes::{error, int_field, ok, parse_body, Answer};
use crate::net::{unix_now_secs, Server};
use crate::world::World;

/// Pushes a resynchronisation update to every online session of a user at once.
pub(super) fn push_resync(
    server: &Server,
    user_id: i64,
    update: crate::world::Update,
) -> Result<(), Answer> {
    let shared = &server.shared;
    let mut world = shared.world();
    match world.user(user_id) {
        Ok(Some(_)) => {}
        Ok(None) => return Err(error(404, "no such user")),
        Err(e) => return Err(error(500, e)),
    }
    world.push_resync(user_id, update, unix_now_secs());
    let pushes = world.drain_pushes();
    crate::net::deliver(shared, &mut world, &pushes);
    Ok(())
}

fn settings_json(world: &World) -> Value {
    let c = world.config();
    json!({
        "difference_limit": c.difference_slice,
        "difference_too_long": c.difference_too_long,
        "channel_difference_limit": c.channel_difference_limit,
        "channel_difference_too_long": c.channel_difference_too_long,
    })
}

pub(super) fn settings(server: &Server) -> Answer {
    ok(settings_json(&server.shared.world()))
}

pub(super) fn change_settings(server: &Server, body: &[u8]) -> Answer {
    let run = || -> Result<Answer, Answer> {
        let v = parse_body(body)?;
        let positive = |key: &str| -> Result<Option<i32>, Answer> {
            match int_field(&v, key)? {
                None => Ok(None),
                Some(n) if (1..=i64::from(i32::MAX)).contains(&n) => Ok(Some(n as i32)),
                Some(_) => Err(error(400, format!("`{key}` must be a positive integer"))),
            }
        };
        let difference_limit = positive("difference_limit")?;
        let difference_too_long = positive("difference_too_long")?;
        let channel_limit = positive("channel_difference_limit")?;
        let channel_too_long = positive("channel_difference_too_long")?;
        let mut world = server.shared.world();
        let c = world.config_mut();
        if let Some(n) = difference_limit {
            c.difference_slice = n as usize;
        }
        if let Some(n) = difference_too_long {
            c.difference_too_long = n;
        }
        if let Some(n) = channel_limit {
            c.channel_difference_limit = n;
        }
        if let Some(n) = channel_too_long {
            c.channel_difference_too_long = n;
        }
        Ok(ok(settings_json(&world)))
    };
    run().unwrap_or_else(|e| e)
}
