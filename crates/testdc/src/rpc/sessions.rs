//! account.getAuthorizations and account.resetAuthorization: the sessions list, in TL.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::Context;
use crate::world::{Authorization, World, WorldResult, AUTHORIZATION_TTL_DAYS};

/// TL `authorization`. testdc knows no official apps (official_app is never set) and no
/// geography: every address is local.
pub fn authorization(a: &Authorization) -> enums::Authorization {
    let client = &a.client;
    enums::Authorization::Authorization(Box::new(types::Authorization {
        current: a.current,
        official_app: false,
        password_pending: a.password_pending,
        encrypted_requests_disabled: false,
        call_requests_disabled: false,
        unconfirmed: false,
        hash: a.hash,
        device_model: client.device_model.clone(),
        platform: client.platform(),
        system_version: client.system_version.clone(),
        api_id: client.api_id,
        app_name: client.app_name(),
        app_version: client.app_version.clone(),
        date_created: a.created,
        date_active: a.active,
        ip: client.ip.clone(),
        country: LOCAL.into(),
        region: String::new(),
    }))
}

/// What Telegram would derive from the IP: loopback is nowhere in particular.
const LOCAL: &str = "Local";

pub fn get_authorizations(world: &mut World, ctx: &Context) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let list = world.authorizations(caller)?;
    Ok(
        enums::account::Authorizations::Authorizations(Box::new(types::account::Authorizations {
            authorization_ttl_days: AUTHORIZATION_TTL_DAYS,
            authorizations: list.iter().map(authorization).collect(),
        }))
        .to_bytes(),
    )
}

pub fn reset_authorization(
    world: &mut World,
    ctx: &Context,
    x: &functions::account::ResetAuthorization,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    world.reset_authorization(caller, x.hash)?;
    Ok(true.to_bytes())
}
