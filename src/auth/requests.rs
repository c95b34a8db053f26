//! The app's authentication requests: TDLib's checks for the state the client is in, then
//! the auth.* call; its answer moves the state. One authorization query runs at a time: a new
//! one ends the one in flight with "Another authorization query has started".

use std::future::Future;

use td_api::Function;
use tl::api::{enums, functions};

use super::{code, on_authorization, password, qr, AuthState};
use crate::api::error;
use crate::client::session::{Held, Session};
use crate::engine::{self, Answer, Td};
use crate::net::{aborted, Net};

fn unexpected(name: &str) -> td_api::Error {
    error(400, format!("Call to {name} unexpected"))
}

/// Starts authorization query `work`: the query in flight, if any, is ended first. `work`
/// gets the network and the query's token and finishes with [`finish`].
pub(super) fn start_query<F, Fut>(s: &mut Session, extra: Option<Box<str>>, work: F)
where
    F: FnOnce(Net, i32, u64) -> Fut,
    Fut: Future<Output = Answer> + Send + 'static,
{
    let Some(engine) = s.engine.as_mut() else {
        return;
    };
    let net = engine.net.clone();
    end_current_query(s);
    let id = s.id();
    let mut own = 0;
    s.spawn_request(extra, |token| {
        own = token;
        work(net, id, token)
    });
    if let Some(engine) = s.engine.as_mut() {
        engine.auth.query = Some(own);
    }
}

/// Ends authorization query `token` with what `f` makes of its result, unless another query
/// replaced it meanwhile (its answer is then already given, and the state is not touched).
pub(super) fn finish(id: i32, token: u64, f: impl FnOnce(&mut Td<'_>) -> Answer) -> Answer {
    engine::with(id, |td| {
        if td.engine.auth.query != Some(token) {
            return Err(aborted().to_td());
        }
        td.engine.auth.query = None;
        let answer = f(td);
        if answer.is_err() && td.engine.auth.state == AuthState::WaitPhoneNumber {
            // A failed first step forgets the attempt (so a bot token may follow, say).
            td.engine.auth.attempt = Default::default();
        }
        answer
    })
    .unwrap_or_else(|| Err(aborted().to_td()))
}

/// The string arguments TDLib checks for UTF-8 before anything else.
fn has_bad_utf8(f: &Function, repaired: &td_api::Repaired) -> bool {
    use Function as F;
    let strings: Vec<&String> = match f {
        F::SetAuthenticationPhoneNumber(x) => vec![&x.phone_number],
        F::CheckAuthenticationCode(x) => vec![&x.code],
        F::RegisterUser(x) => vec![&x.first_name, &x.last_name],
        F::CheckAuthenticationPassword(x) => vec![&x.password],
        F::CheckAuthenticationBotToken(x) => vec![&x.token],
        F::SetAuthenticationEmailAddress(x) => vec![&x.email_address],
        F::CheckAuthenticationPasswordRecoveryCode(x) => vec![&x.recovery_code],
        F::RecoverAuthenticationPassword(x) => {
            vec![&x.recovery_code, &x.new_password, &x.new_hint]
        }
        _ => Vec::new(),
    };
    strings.into_iter().any(|s| repaired.contains(s))
}

/// A valid td_api user id (1..2^40-1).
fn is_user_id(id: i64) -> bool {
    (1..1 << 40).contains(&id)
}

pub fn handle(s: &mut Session, req: Held) {
    let Some(engine) = s.engine.as_mut() else {
        return;
    };
    let state = engine.auth.state.clone();
    let idle = engine.auth.query.is_none();
    let attempt = &mut engine.auth.attempt;
    // In waitPhoneNumber with nothing in flight, a failed bot token may be followed by another.
    if state == AuthState::WaitPhoneNumber && idle {
        if let Function::CheckAuthenticationBotToken(_) = req.function {
            attempt.bot_token_checked = false;
        }
    }
    let bot_token_checked = attempt.bot_token_checked;
    let began = !attempt.phone_number.is_empty() || attempt.qr_requested;
    let old_bot_token = attempt.bot_token.clone();
    let extra = req.extra;
    let reply_err = |s: &mut Session, e: td_api::Error, extra: Option<Box<str>>| {
        s.out().error(e, extra.as_deref());
    };
    if has_bad_utf8(&req.function, &req.repaired) {
        return reply_err(s, error(400, "Strings must be encoded in UTF-8"), extra);
    }
    use AuthState as S;
    use Function as F;
    // setAuthenticationPhoneNumber and requestQrCodeAuthentication may start over from a
    // later step, but not while its query runs, and not from the QR state itself.
    let may_restart = match &state {
        S::WaitPhoneNumber => true,
        S::WaitCode(_) | S::WaitPassword(_) | S::WaitRegistration(_) => idle,
        _ => false,
    };
    match req.function {
        F::SetAuthenticationPhoneNumber(f) => {
            if !may_restart {
                return reply_err(s, unexpected("setAuthenticationPhoneNumber"), extra);
            }
            if bot_token_checked {
                return reply_err(
                    s,
                    error(
                        400,
                        "Cannot set phone number after bot token was entered. You must log out first",
                    ),
                    extra,
                );
            }
            if f.phone_number.is_empty() {
                return reply_err(s, error(400, "Phone number must be non-empty"), extra);
            }
            send_code(s, extra, f.phone_number, f.settings.as_deref());
        }
        F::ResendAuthenticationCode(f) => {
            let S::WaitCode(info) = &state else {
                return reply_err(s, unexpected("resendAuthenticationCode"), extra);
            };
            if info.next_type.is_none() {
                return reply_err(s, error(400, "Authentication code can't be resend"), extra);
            }
            let reason = match f.reason {
                Some(td_api::ResendCodeReason::ResendCodeReasonVerificationFailed(r))
                    if !r.error_message.is_empty() =>
                {
                    Some(r.error_message)
                }
                _ => None,
            };
            resend_code(s, extra, reason);
        }
        F::CheckAuthenticationCode(f) => {
            if !matches!(state, S::WaitCode(_)) {
                return reply_err(s, unexpected("checkAuthenticationCode"), extra);
            }
            check_code(s, extra, f.code);
        }
        F::RegisterUser(f) => {
            if !matches!(state, S::WaitRegistration(_)) {
                return reply_err(s, unexpected("registerUser"), extra);
            }
            let first_name = clean_name(&f.first_name);
            if first_name.is_empty() {
                // The check comes after the query started: the one in flight ends too.
                end_current_query(s);
                return reply_err(s, error(400, "First name must be non-empty"), extra);
            }
            register(
                s,
                extra,
                first_name,
                clean_name(&f.last_name),
                f.disable_notification,
            );
        }
        F::CheckAuthenticationPassword(f) => {
            if !matches!(state, S::WaitPassword(_)) {
                return reply_err(s, unexpected("checkAuthenticationPassword"), extra);
            }
            password::check_authentication_password(s, extra, f.password);
        }
        F::RequestQrCodeAuthentication(f) => {
            if !may_restart {
                return reply_err(s, unexpected("requestQrCodeAuthentication"), extra);
            }
            if bot_token_checked {
                return reply_err(
                    s,
                    error(
                        400,
                        "Cannot request QR code authentication after bot token was entered. You must log out first",
                    ),
                    extra,
                );
            }
            if !f.other_user_ids.iter().all(|&id| is_user_id(id)) {
                return reply_err(s, error(400, "Invalid user_id among other user_ids"), extra);
            }
            qr::request(s, extra, f.other_user_ids);
        }
        F::CheckAuthenticationBotToken(f) => {
            if state != S::WaitPhoneNumber {
                return reply_err(s, unexpected("checkAuthenticationBotToken"), extra);
            }
            if began {
                return reply_err(
                    s,
                    error(
                        400,
                        "Cannot set bot token after authentication began. You must log out first",
                    ),
                    extra,
                );
            }
            if bot_token_checked && old_bot_token != f.token {
                return reply_err(
                    s,
                    error(400, "Cannot change bot token. You must log out first"),
                    extra,
                );
            }
            check_bot_token(s, extra, f.token);
        }
        F::CheckAuthenticationEmailCode(f) if f.code.is_none() => {
            reply_err(s, error(400, "Code must be non-empty"), extra)
        }
        F::CheckAuthenticationWebToken(f) if f.dc_id <= 0 => {
            reply_err(s, error(400, "Invalid DC identifier specified"), extra)
        }
        F::DeleteAccount(_) if !matches!(state, S::Ready | S::WaitPassword(_)) => {
            reply_err(s, error(400, "Need to log in first"), extra)
        }
        // TDLib names the purchase check for both.
        F::CheckAuthenticationPremiumPurchase(_)
        | F::SetAuthenticationPremiumPurchaseTransaction(_) => {
            reply_err(s, unexpected("checkAuthenticationPremiumPurchase"), extra)
        }
        f => {
            let name = td_api::TlAbstract::constructor_name(&f);
            let e = match (&state, &f) {
                // Flows testdc (and so this engine) has no server side for yet.
                (
                    S::WaitPhoneNumber,
                    F::GetAuthenticationPasskeyParameters(_)
                    | F::CheckAuthenticationPasskey(_)
                    | F::CheckAuthenticationWebToken(_),
                )
                | (
                    S::WaitPassword(_),
                    F::RequestAuthenticationPasswordRecovery(_)
                    | F::CheckAuthenticationPasswordRecoveryCode(_)
                    | F::RecoverAuthenticationPassword(_),
                )
                | (S::Ready | S::WaitPassword(_), F::DeleteAccount(_)) => {
                    error(500, format!("Not implemented yet: {name}"))
                }
                _ => unexpected(name),
            };
            reply_err(s, e, extra)
        }
    }
}

/// Ends the authorization query in flight, as a new one does.
fn end_current_query(s: &mut Session) {
    if let Some(old) = s.engine.as_mut().and_then(|e| e.auth.query.take()) {
        s.complete(
            old,
            Err(error(400, "Another authorization query has started")),
        );
    }
}

/// Names as TDLib keeps them: without surrounding blanks and control characters.
fn clean_name(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| {
            if c.is_control() || c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let merged = spaced
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    merged.chars().take(MAX_NAME_LENGTH).collect()
}

/// Names are cut to this many characters.
const MAX_NAME_LENGTH: usize = 64;

fn api(s: &Session) -> (i32, String) {
    s.engine
        .as_ref()
        .map(|e| (e.params.api_id, e.params.api_hash.clone()))
        .unwrap_or_default()
}

fn send_code(
    s: &mut Session,
    extra: Option<Box<str>>,
    phone: String,
    settings: Option<&td_api::PhoneNumberAuthenticationSettings>,
) {
    let (api_id, api_hash) = api(s);
    let call = functions::auth::SendCode {
        phone_number: phone.clone(),
        api_id,
        api_hash,
        settings: code::code_settings(settings),
    };
    if let Some(e) = s.engine.as_mut() {
        let attempt = &mut e.auth.attempt;
        attempt.qr_generation += 1;
        attempt.qr_requested = false;
        attempt.qr_except_ids.clear();
    }
    start_query(s, extra, move |net, id, token| async move {
        let r = net.call(&call).await;
        finish(id, token, |td| {
            on_sent_code(td, &phone, r.map_err(Into::into))
        })
    });
}

fn on_sent_code(
    td: &mut Td<'_>,
    phone: &str,
    sent: Result<enums::auth::SentCode, td_api::Error>,
) -> Answer {
    match sent? {
        enums::auth::SentCode::SentCode(sent) => {
            let attempt = &mut td.engine.auth.attempt;
            attempt.phone_number = phone.to_string();
            attempt.phone_code_hash = sent.phone_code_hash.clone();
            attempt.code_allowed_at = sent.timeout.map(|t| {
                std::time::Instant::now() + std::time::Duration::from_secs(t.max(0) as u64)
            });
            let info = code::code_info(phone, &sent);
            td.set_auth_state(AuthState::WaitCode(Box::new(info)));
            engine::ok(td_api::Ok {})
        }
        enums::auth::SentCode::Success(x) => on_authorization(td, &x.authorization),
        enums::auth::SentCode::PaymentRequired(_) => Err(error(
            500,
            "Not implemented yet: authorizationStateWaitPremiumPurchase",
        )),
    }
}

fn resend_code(s: &mut Session, extra: Option<Box<str>>, reason: Option<String>) {
    let Some(e) = s.engine.as_ref() else { return };
    let phone = e.auth.attempt.phone_number.clone();
    let call = functions::auth::ResendCode {
        phone_number: phone.clone(),
        phone_code_hash: e.auth.attempt.phone_code_hash.clone(),
        reason,
    };
    start_query(s, extra, move |net, id, token| async move {
        let r = net.call(&call).await;
        finish(id, token, |td| {
            on_sent_code(td, &phone, r.map_err(Into::into))
        })
    });
}

fn check_code(s: &mut Session, extra: Option<Box<str>>, code: String) {
    let Some(e) = s.engine.as_ref() else { return };
    let call = functions::auth::SignIn {
        phone_number: e.auth.attempt.phone_number.clone(),
        phone_code_hash: e.auth.attempt.phone_code_hash.clone(),
        phone_code: Some(code),
        email_verification: None,
    };
    start_query(s, extra, move |net, id, token| async move {
        match net.call(&call).await {
            Ok(a) => finish(id, token, |td| on_authorization(td, &a)),
            Err(e) if e.is("SESSION_PASSWORD_NEEDED") => {
                let state = password::fetch_wait_password(&net).await;
                finish(id, token, |td| {
                    td.set_auth_state(AuthState::WaitPassword(Box::new(state?)));
                    engine::ok(td_api::Ok {})
                })
            }
            Err(e) => finish(id, token, |_| Err(e.into())),
        }
    });
}

fn register(
    s: &mut Session,
    extra: Option<Box<str>>,
    first_name: String,
    last_name: String,
    disable_notification: bool,
) {
    let Some(e) = s.engine.as_ref() else { return };
    let call = functions::auth::SignUp {
        no_joined_notifications: disable_notification,
        phone_number: e.auth.attempt.phone_number.clone(),
        phone_code_hash: e.auth.attempt.phone_code_hash.clone(),
        first_name,
        last_name,
    };
    start_query(s, extra, move |net, id, token| async move {
        let r = net.call(&call).await;
        finish(id, token, |td| on_authorization(td, &r?))
    });
}

fn check_bot_token(s: &mut Session, extra: Option<Box<str>>, bot_auth_token: String) {
    let (api_id, api_hash) = api(s);
    if let Some(e) = s.engine.as_mut() {
        e.auth.attempt.bot_token_checked = true;
        e.auth.attempt.bot_token = bot_auth_token.clone();
    }
    let call = functions::auth::ImportBotAuthorization {
        flags: 0,
        api_id,
        api_hash,
        bot_auth_token,
    };
    start_query(s, extra, move |net, id, token| async move {
        let r = net.call(&call).await;
        finish(id, token, |td| on_authorization(td, &r?))
    });
}
