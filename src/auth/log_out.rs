//! logOut. A signed-in client shows LoggingOut, ends its authorization on the server
//! (auth.logOut), answers, and closes with its database deleted; a client that never signed
//! in has nothing on the server to end and closes at once. A log out that a dying process
//! left half done is finished at the next start.

use std::time::Duration;

use td_api::{AuthorizationStateLoggingOut, UpdateAuthorizationState};
use tl::api::functions;

use super::AuthState;
use crate::api::error;
use crate::client::session::{Flow, Session};
use crate::engine::{self, Ending, Td};
use crate::net::Net;

/// How long auth.logOut may wait for the network before the client closes anyway.
const LOG_OUT_TIMEOUT: Duration = Duration::from_secs(20);

pub fn log_out(s: &mut Session, extra: Option<Box<str>>) -> Flow {
    let Some(state) = s.engine.as_ref().map(|e| e.auth.state.clone()) else {
        return Flow::Open;
    };
    match state {
        AuthState::LoggingOut => {
            s.out()
                .error(error(400, "Already logging out"), extra.as_deref());
            Flow::Open
        }
        AuthState::Ready => {
            let token = s.begin(extra);
            let started = s.with_engine(start).flatten();
            let id = s.id();
            match started {
                Some(net) => {
                    engine::spawn(async move {
                        end_on_server(&net).await;
                        crate::client::registry::complete(id, token, engine::ok(td_api::Ok {}));
                        engine::with(id, |td| td.engine.ending = Some(Ending::SignedOut));
                    });
                }
                None => s.complete(token, engine::ok(td_api::Ok {})),
            }
            Flow::Open
        }
        _ => {
            // Nothing on the server yet: LoggingOut, the answer, and the end.
            s.out().update(UpdateAuthorizationState {
                authorization_state: Some(AuthorizationStateLoggingOut {}.into()),
            });
            s.out().reply(Ok(td_api::Ok {}), extra.as_deref());
            s.signed_out_now()
        }
    }
}

/// Shows LoggingOut and remembers it in the database; the network to log out with.
fn start(td: &mut Td<'_>) -> Option<Net> {
    td.engine.store.with(|db| db.save_logging_out());
    td.set_auth_state(AuthState::LoggingOut);
    Some(td.engine.net.clone())
}

async fn end_on_server(net: &Net) {
    let _ = tokio::time::timeout(LOG_OUT_TIMEOUT, net.call(&functions::auth::LogOut {})).await;
}

/// At start, for a database that says a log out began.
pub fn continue_log_out(td: &mut Td<'_>) {
    let net = td.engine.net.clone();
    let id = td.id;
    engine::spawn(async move {
        end_on_server(&net).await;
        engine::with(id, |td| td.engine.ending = Some(Ending::SignedOut));
    });
}
