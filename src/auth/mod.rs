//! Authorization: TDLib's state machine from waitPhoneNumber to Ready (and out again), driven
//! by the auth.* methods. [`requests`] takes the app's requests, [`code`] the sent codes,
//! [`password`] 2FA with SRP, [`qr`] QR logins, [`log_out`] the way out, [`sessions`] the
//! signed-in side (active sessions, confirming another device).

pub mod code;
pub mod log_out;
pub mod password;
pub mod qr;
pub mod requests;
pub mod sessions;
mod sign_in;

use td_api as td;

use crate::engine::{Ending, Td};
use crate::net::RpcError;

pub use sign_in::on_authorization;

#[derive(Clone, Debug, PartialEq)]
pub enum AuthState {
    WaitPhoneNumber,
    WaitCode(Box<td::AuthenticationCodeInfo>),
    WaitPassword(Box<td::AuthorizationStateWaitPassword>),
    WaitRegistration(Option<Box<td::TermsOfService>>),
    WaitOtherDeviceConfirmation(String),
    Ready,
    LoggingOut,
}

/// What the sign-in in progress knows.
#[derive(Default)]
pub struct Attempt {
    pub phone_number: String,
    pub phone_code_hash: String,
    /// A bot token was tried: no phone number may follow until a log out.
    pub bot_token_checked: bool,
    /// requestQrCodeAuthentication's other_user_ids (exportLoginToken's except_ids).
    pub qr_except_ids: Vec<i64>,
    /// Bumped with each QR token, so a stale refresh timer does nothing.
    pub qr_generation: u64,
    pub qr_requested: bool,
    pub bot_token: String,
    /// When another code may be asked for (authenticationCodeInfo.timeout counts down to it).
    pub code_allowed_at: Option<std::time::Instant>,
}

pub struct Auth {
    pub state: AuthState,
    pub attempt: Attempt,
    /// The request token of the authorization query in flight.
    pub query: Option<u64>,
    /// The account's user as the database had it, until announced.
    pub stored_me: Option<Vec<u8>>,
}

impl Auth {
    pub fn new(state: AuthState) -> Self {
        Auth {
            state,
            attempt: Attempt::default(),
            query: None,
            stored_me: None,
        }
    }

    pub fn is_ready(&self) -> bool {
        self.state == AuthState::Ready
    }

    pub fn td_state(&self) -> td::AuthorizationState {
        match &self.state {
            AuthState::WaitPhoneNumber => td::AuthorizationStateWaitPhoneNumber {}.into(),
            AuthState::WaitCode(info) => {
                let mut info = info.clone();
                info.timeout = self.attempt.code_allowed_at.map_or(0, |at| {
                    let left = at.saturating_duration_since(std::time::Instant::now());
                    left.as_secs_f64().ceil() as i32
                });
                td::AuthorizationStateWaitCode {
                    code_info: Some(info),
                }
                .into()
            }
            AuthState::WaitPassword(p) => {
                td::AuthorizationState::AuthorizationStateWaitPassword(p.clone())
            }
            AuthState::WaitRegistration(tos) => td::AuthorizationStateWaitRegistration {
                terms_of_service: tos.clone(),
            }
            .into(),
            AuthState::WaitOtherDeviceConfirmation(link) => {
                td::AuthorizationStateWaitOtherDeviceConfirmation { link: link.clone() }.into()
            }
            AuthState::Ready => td::AuthorizationStateReady {}.into(),
            AuthState::LoggingOut => td::AuthorizationStateLoggingOut {}.into(),
        }
    }
}

/// The server no longer accepts this authorization (it was terminated elsewhere, or the key
/// is gone): as TDLib, the client reports LoggingOut and closes with its data deleted.
pub fn lost(td: &mut Td<'_>) {
    if td.engine.ending.is_some() {
        return;
    }
    td.engine.net.set_signed_in(false);
    td.set_auth_state(AuthState::LoggingOut);
    td.engine.ending = Some(Ending::SignedOut);
}

/// The 401 errors that mean the authorization is gone.
pub fn is_authorization_lost(e: &RpcError) -> bool {
    is_lost_message(e.code, &e.message)
}

/// [`is_authorization_lost`] for an answer on its way to the app.
pub fn is_authorization_lost_error(e: &td::Error) -> bool {
    is_lost_message(e.code, &e.message)
}

fn is_lost_message(code: i32, message: &str) -> bool {
    code == 401
        && matches!(
            message,
            "AUTH_KEY_UNREGISTERED"
                | "SESSION_REVOKED"
                | "SESSION_EXPIRED"
                | "USER_DEACTIVATED"
                | "USER_DEACTIVATED_BAN"
                | "AUTH_KEY_INVALID"
        )
}

/// After a failed request of a signed-in client: ends the client if the error says the
/// authorization is gone.
pub fn check_lost(td: &mut Td<'_>, e: &RpcError) {
    if td.engine.auth.is_ready() && is_authorization_lost(e) {
        lost(td);
    }
}
