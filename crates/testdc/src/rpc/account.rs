//! account.*: 2FA password, username and profile.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::{password_check, password_settings};
use super::out::users::user;
use super::Context;
use crate::world::{PasswordAlgo, RpcError, World, WorldResult};

fn algo(a: &PasswordAlgo) -> enums::PasswordKdfAlgo {
    enums::PasswordKdfAlgo::SHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(Box::new(
        types::PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow {
            salt1: a.salt1.clone(),
            salt2: a.salt2.clone(),
            g: a.g,
            p: a.p.clone(),
        },
    ))
}

/// account.getPassword works signed in, and between the code and the password of a login.
pub fn get_password(world: &mut World, ctx: &Context) -> WorldResult<Vec<u8>> {
    let Some(user_id) = world.password_subject(ctx.auth_key_id)? else {
        return Err(RpcError::AuthKeyUnregistered.into());
    };
    let state = world.get_password(user_id, ctx.now)?;
    let current = state.current.as_ref();
    Ok(
        enums::account::Password::Password(Box::new(types::account::Password {
            has_recovery: false,
            has_secure_values: false,
            current_algo: current.map(|c| algo(&c.algo)),
            srp_b: current.map(|c| c.srp_b.clone()),
            srp_id: current.map(|c| c.srp_id),
            hint: state.hint.clone(),
            email_unconfirmed_pattern: None,
            new_algo: algo(&state.new_algo),
            new_secure_algo: enums::SecurePasswordKdfAlgo::SHA512(Box::new(
                types::SecurePasswordKdfAlgoSHA512 {
                    salt: state.new_secure_salt.clone(),
                },
            )),
            secure_random: state.secure_random.clone(),
            pending_reset_date: None,
            login_email_pattern: None,
        }))
        .to_bytes(),
    )
}

pub fn update_password_settings(
    world: &mut World,
    ctx: &Context,
    x: &functions::account::UpdatePasswordSettings,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let check = password_check(&x.password);
    match password_settings(&x.new_settings) {
        Some(new) => world.update_password(caller.user_id, &check, &new)?,
        // Nothing about the password changes; the check must still pass.
        None => world.verify_only(caller.user_id, &check)?,
    }
    Ok(true.to_bytes())
}

pub fn update_username(
    world: &mut World,
    ctx: &Context,
    x: &functions::account::UpdateUsername,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    Ok(user(&world.update_username(caller, &x.username, ctx.now)?).to_bytes())
}

pub fn check_username(
    world: &mut World,
    ctx: &Context,
    x: &functions::account::CheckUsername,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    Ok(world.check_username(caller, &x.username)?.to_bytes())
}

pub fn update_profile(
    world: &mut World,
    ctx: &Context,
    x: &functions::account::UpdateProfile,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let me = world.update_profile(
        caller,
        x.first_name.as_deref(),
        x.last_name.as_deref(),
        x.about.as_deref(),
        ctx.now,
    )?;
    Ok(user(&me).to_bytes())
}
