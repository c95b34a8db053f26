//! auth.*: signing in and out, moving authorizations between DCs, QR and bot logins.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::password_check;
use super::out::messages::entity;
use super::out::users::user;
use super::sessions::authorization as authorization_of_session;
use super::Context;
use crate::world::{
    terms_of_service, CodeDelivery, LoginToken, SentCode, SignIn, TermsOfService, UserView, World,
    WorldResult,
};

fn authorization(me: &UserView) -> enums::auth::Authorization {
    enums::auth::Authorization::Authorization(Box::new(types::auth::Authorization {
        otherwise_relogin_days: None,
        tmp_sessions: None,
        future_auth_token: None,
        user: user(me),
    }))
}

fn sent_code(sent: SentCode) -> enums::auth::SentCode {
    let length = sent.code_length;
    let r#type = match sent.delivery {
        CodeDelivery::App => {
            enums::auth::SentCodeType::App(Box::new(types::auth::SentCodeTypeApp { length }))
        }
        CodeDelivery::Sms => {
            enums::auth::SentCodeType::Sms(Box::new(types::auth::SentCodeTypeSms { length }))
        }
    };
    let next_type = sent.next.map(|next| match next {
        // An app code cannot be "sent next": only the SMS follows the app.
        CodeDelivery::App | CodeDelivery::Sms => enums::auth::CodeType::Sms,
    });
    enums::auth::SentCode::SentCode(Box::new(types::auth::SentCode {
        r#type,
        phone_code_hash: sent.phone_code_hash,
        next_type,
        timeout: sent.timeout,
    }))
}

pub fn send_code(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::SendCode,
) -> WorldResult<Vec<u8>> {
    let sent = world.send_code(ctx.auth_key_id, &x.phone_number, ctx.now)?;
    Ok(sent_code(sent).to_bytes())
}

pub fn resend_code(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::ResendCode,
) -> WorldResult<Vec<u8>> {
    let sent = world.resend_code(
        ctx.auth_key_id,
        &x.phone_number,
        &x.phone_code_hash,
        ctx.now,
    )?;
    Ok(sent_code(sent).to_bytes())
}

/// help.termsOfService.
pub fn terms(terms: &TermsOfService) -> enums::help::TermsOfService {
    enums::help::TermsOfService::TermsOfService(Box::new(types::help::TermsOfService {
        popup: terms.popup,
        id: enums::DataJSON::DataJSON(Box::new(types::DataJSON {
            data: terms.id.clone(),
        })),
        text: terms.text.clone(),
        entities: terms.entities.iter().map(entity).collect(),
        min_age_confirm: terms.min_age_confirm,
    }))
}

pub fn sign_in(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::SignIn,
) -> WorldResult<Vec<u8>> {
    let code = x.phone_code.as_deref().unwrap_or_default();
    Ok(match world.sign_in(
        ctx.auth_key_id,
        &x.phone_number,
        &x.phone_code_hash,
        code,
        ctx.now,
    )? {
        SignIn::Authorized(me) => authorization(&me),
        SignIn::SignUpRequired => enums::auth::Authorization::SignUpRequired(Box::new(
            types::auth::AuthorizationSignUpRequired {
                terms_of_service: Some(terms(&terms_of_service())),
            },
        )),
    }
    .to_bytes())
}

pub fn sign_up(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::SignUp,
) -> WorldResult<Vec<u8>> {
    let me = world.sign_up(
        ctx.auth_key_id,
        &x.phone_number,
        &x.phone_code_hash,
        &x.first_name,
        &x.last_name,
        ctx.now,
    )?;
    Ok(authorization(&me).to_bytes())
}

pub fn check_password(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::CheckPassword,
) -> WorldResult<Vec<u8>> {
    let me = world.check_password(ctx.auth_key_id, &password_check(&x.password), ctx.now)?;
    Ok(authorization(&me).to_bytes())
}

pub fn log_out(world: &mut World, ctx: &Context) -> WorldResult<Vec<u8>> {
    ctx.caller(world)?;
    world.log_out(ctx.auth_key_id)?;
    Ok(
        enums::auth::LoggedOut::LoggedOut(Box::new(types::auth::LoggedOut {
            future_auth_token: None,
        }))
        .to_bytes(),
    )
}

pub fn export_authorization(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::ExportAuthorization,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let exported = world.export_authorization(caller, x.dc_id, ctx.now)?;
    Ok(
        enums::auth::ExportedAuthorization::ExportedAuthorization(Box::new(
            types::auth::ExportedAuthorization {
                id: exported.id,
                bytes: exported.bytes,
            },
        ))
        .to_bytes(),
    )
}

pub fn import_authorization(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::ImportAuthorization,
) -> WorldResult<Vec<u8>> {
    let me = world.import_authorization(ctx.auth_key_id, x.id, &x.bytes, ctx.now)?;
    Ok(authorization(&me).to_bytes())
}

pub fn import_bot_authorization(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::ImportBotAuthorization,
) -> WorldResult<Vec<u8>> {
    let me = world.import_bot_authorization(ctx.auth_key_id, &x.bot_auth_token, ctx.now)?;
    Ok(authorization(&me).to_bytes())
}

fn login_token(token: LoginToken) -> enums::auth::LoginToken {
    match token {
        LoginToken::Token { token, expires } => {
            enums::auth::LoginToken::LoginToken(Box::new(types::auth::LoginToken {
                expires,
                token,
            }))
        }
        LoginToken::MigrateTo { dc_id, token } => {
            enums::auth::LoginToken::MigrateTo(Box::new(types::auth::LoginTokenMigrateTo {
                dc_id,
                token,
            }))
        }
        LoginToken::Success(me) => {
            enums::auth::LoginToken::Success(Box::new(types::auth::LoginTokenSuccess {
                authorization: authorization(&me),
            }))
        }
    }
}

pub fn export_login_token(world: &mut World, ctx: &Context) -> WorldResult<Vec<u8>> {
    Ok(login_token(world.export_login_token(ctx.auth_key_id, ctx.now)?).to_bytes())
}

pub fn import_login_token(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::ImportLoginToken,
) -> WorldResult<Vec<u8>> {
    Ok(login_token(world.import_login_token(ctx.auth_key_id, &x.token, ctx.now)?).to_bytes())
}

pub fn accept_login_token(
    world: &mut World,
    ctx: &Context,
    x: &functions::auth::AcceptLoginToken,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let accepted = world.accept_login_token(caller, &x.token, ctx.now)?;
    Ok(authorization_of_session(&accepted).to_bytes())
}
