//! Two-step verification: the password's state, proving it with SRP (checkAuthentication
//! Password, and the old password for setPassword), and setting or removing it.

use rand::RngCore;
use td_api as td;
use tl::api::{enums, functions, types};

use super::on_authorization;
use super::requests::{finish, start_query};
use crate::api::error;
use crate::client::session::{Held, Session};
use crate::engine;
use crate::net::{Net, RpcError};
use mtproto::srp::{self, SrpParams};

type Password = types::account::Password;

async fn get_password(net: &Net) -> Result<Box<Password>, RpcError> {
    let enums::account::Password::Password(p) =
        net.call(&functions::account::GetPassword {}).await?;
    Ok(p)
}

fn srp_params(algo: &enums::PasswordKdfAlgo) -> Option<SrpParams> {
    match algo {
        enums::PasswordKdfAlgo::SHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(a) => {
            Some(SrpParams {
                salt1: a.salt1.clone(),
                salt2: a.salt2.clone(),
                g: a.g,
                p: a.p.clone(),
            })
        }
        enums::PasswordKdfAlgo::Unknown => None,
    }
}

fn unsupported() -> td::Error {
    error(400, "Please update client to continue")
}

/// The SRP proof of `password` against the account's current password.
fn check_password_srp(
    p: &Password,
    password: &str,
) -> Result<enums::InputCheckPasswordSRP, td::Error> {
    if !p.has_password() {
        return Ok(enums::InputCheckPasswordSRP::InputCheckPasswordEmpty);
    }
    let (Some(algo), Some(srp_b), Some(srp_id)) = (&p.current_algo, &p.srp_b, p.srp_id) else {
        return Err(unsupported());
    };
    let params = srp_params(algo).ok_or_else(unsupported)?;
    let proof = srp::client_proof(&params, password.as_bytes(), srp_b, &mut rand::thread_rng())
        .map_err(|_| error(400, "PASSWORD_HASH_INVALID"))?;
    Ok(types::InputCheckPasswordSRP {
        srp_id,
        a: proof.a.to_vec(),
        m1: proof.m1.to_vec(),
    }
    .into())
}

/// authorizationStateWaitPassword from account.getPassword.
pub async fn fetch_wait_password(
    net: &Net,
) -> Result<td::AuthorizationStateWaitPassword, td::Error> {
    let p = get_password(net).await?;
    Ok(td::AuthorizationStateWaitPassword {
        password_hint: p.hint.clone().unwrap_or_default(),
        has_recovery_email_address: p.has_recovery,
        has_passport_data: p.has_secure_values,
        recovery_email_address_pattern: p.email_unconfirmed_pattern.clone().unwrap_or_default(),
    })
}

pub fn check_authentication_password(s: &mut Session, extra: Option<Box<str>>, password: String) {
    start_query(s, extra, move |net, id, token| async move {
        let result: Result<enums::auth::Authorization, td::Error> = async {
            let p = get_password(&net).await?;
            let check = check_password_srp(&p, &password)?;
            Ok(net
                .call(&functions::auth::CheckPassword { password: check })
                .await?)
        }
        .await;
        finish(id, token, |td| on_authorization(td, &result?))
    });
}

fn password_state(p: &Password) -> td::PasswordState {
    td::PasswordState {
        has_password: p.has_password(),
        password_hint: p.hint.clone().unwrap_or_default(),
        has_recovery_email_address: p.has_recovery,
        has_passport_data: p.has_secure_values,
        recovery_email_address_code_info: p.email_unconfirmed_pattern.as_ref().map(|pattern| {
            Box::new(td::EmailAddressAuthenticationCodeInfo {
                email_address_pattern: pattern.clone(),
                length: 0,
            })
        }),
        login_email_address_pattern: p.login_email_pattern.clone().unwrap_or_default(),
        pending_reset_date: p.pending_reset_date.unwrap_or(0),
    }
}

pub fn get_password_state(s: &mut Session, extra: Option<Box<str>>) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    s.spawn_request(extra, |_| async move {
        let p = get_password(&net).await?;
        engine::ok(password_state(&p))
    });
}

/// The new password's KDF: the server's algorithm with 32 fresh random bytes after salt1.
fn new_algo(p: &Password) -> Result<(enums::PasswordKdfAlgo, SrpParams), td::Error> {
    let mut params = srp_params(&p.new_algo).ok_or_else(unsupported)?;
    let mut extra = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut extra);
    params.salt1.extend_from_slice(&extra);
    let algo = types::PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow {
        salt1: params.salt1.clone(),
        salt2: params.salt2.clone(),
        g: params.g,
        p: params.p.clone(),
    }
    .into();
    Ok((algo, params))
}

pub fn set_password(s: &mut Session, req: Held) {
    let td::Function::SetPassword(f) = req.function else {
        return;
    };
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    if f.set_recovery_email_address && !f.new_recovery_email_address.is_empty() {
        return s.out().error(
            error(
                500,
                "Not implemented yet: setPassword with a recovery email address",
            ),
            req.extra.as_deref(),
        );
    }
    s.spawn_request(req.extra, move |_| async move {
        let p = get_password(&net).await?;
        let current = check_password_srp(&p, &f.old_password)?;
        let new_settings = if f.new_password.is_empty() {
            types::account::PasswordInputSettings {
                new_algo: Some(enums::PasswordKdfAlgo::Unknown),
                new_password_hash: Some(Vec::new()),
                hint: Some(String::new()),
                email: None,
                new_secure_settings: None,
            }
        } else {
            let (algo, params) = new_algo(&p)?;
            let verifier = srp::verifier(&params, f.new_password.as_bytes())
                .map_err(|_| error(400, "Please update client to continue"))?;
            types::account::PasswordInputSettings {
                new_algo: Some(algo),
                new_password_hash: Some(verifier.to_vec()),
                hint: Some(f.new_hint.clone()),
                email: None,
                new_secure_settings: None,
            }
        };
        net.call(&functions::account::UpdatePasswordSettings {
            password: current,
            new_settings: new_settings.into(),
        })
        .await?;
        let p = get_password(&net).await?;
        engine::ok(password_state(&p))
    });
}
