//! Requests of a signed-in client, each handed to the area it belongs to. What no area
//! serves yet answers `500 "Not implemented yet: <method>"`.

use td_api::Function;

use crate::api::{error, not_implemented};
use crate::auth::{password, sessions};
use crate::client::session::{function_name, Held, Session};
use crate::users::requests as users;

/// Account methods a bot may not call.
fn users_only(f: &Function) -> bool {
    matches!(
        f,
        Function::GetPasswordState(_)
            | Function::SetPassword(_)
            | Function::GetActiveSessions(_)
            | Function::TerminateSession(_)
    )
}

pub fn handle(s: &mut Session, req: Held) {
    let extra = req.extra;
    let is_bot = s.engine.as_ref().is_some_and(|e| e.users.is_bot());
    if is_bot && users_only(&req.function) {
        return s.out().error(
            error(400, "The method is not available to bots"),
            extra.as_deref(),
        );
    }
    match req.function {
        Function::GetMe(_) => users::get_me(s, extra),
        Function::GetUser(f) => users::get_user(s, extra, f.user_id),
        Function::GetUserFullInfo(f) => users::get_user_full_info(s, extra, f.user_id),
        Function::GetPasswordState(_) => password::get_password_state(s, extra),
        f @ Function::SetPassword(_) => password::set_password(
            s,
            Held {
                function: f,
                extra,
                repaired: req.repaired,
            },
        ),
        Function::GetActiveSessions(_) => sessions::get_active_sessions(s, extra),
        Function::TerminateSession(f) => sessions::terminate_session(s, extra, f.session_id),
        Function::ConfirmQrCodeAuthentication(f) => {
            sessions::confirm_qr_code_authentication(s, extra, f.link)
        }
        f => s.out().reply(
            not_implemented::<td_api::Ok>(function_name(&f)),
            extra.as_deref(),
        ),
    }
}
