//! QR login: auth.exportLoginToken shows a `tg://login?token=` link; the token is exported
//! again when it expires (a new link) and when the server says another device accepted it
//! (updateLoginToken), which ends in a sign-in, on another DC if the account lives there.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tl::api::{enums, functions};

use super::code::base64url;
use super::requests::{finish, start_query};
use super::{on_authorization, AuthState};
use crate::client::session::Session;
use crate::engine::{self, Answer, Td};
use crate::net::{Net, RpcError};

pub const LINK_PREFIX: &str = "tg://login?token=";

pub fn link(token: &[u8]) -> String {
    format!("{LINK_PREFIX}{}", base64url(token))
}

struct Export {
    call: functions::auth::ExportLoginToken,
    generation: u64,
}

fn export_call(td: &Td<'_>) -> Export {
    let p = &td.engine.params;
    Export {
        call: functions::auth::ExportLoginToken {
            api_id: p.api_id,
            api_hash: p.api_hash.clone(),
            except_ids: td.engine.auth.attempt.qr_except_ids.clone(),
        },
        generation: td.engine.auth.attempt.qr_generation,
    }
}

/// Exports (or imports, after a migration) until the server gives a token or a sign-in.
async fn export(
    net: &Net,
    call: &functions::auth::ExportLoginToken,
) -> Result<enums::auth::LoginToken, RpcError> {
    let mut answer = net.call(call).await?;
    // Bounded: the server migrates at most once per token.
    for _ in 0..3 {
        let enums::auth::LoginToken::MigrateTo(m) = &answer else {
            return Ok(answer);
        };
        net.set_main_dc(m.dc_id);
        answer = net
            .call(&functions::auth::ImportLoginToken {
                token: m.token.clone(),
            })
            .await?;
    }
    Ok(answer)
}

pub fn request(s: &mut Session, extra: Option<Box<str>>, other_user_ids: Vec<i64>) {
    let Some(export_req) = s.with_engine(|td| {
        let attempt = &mut td.engine.auth.attempt;
        attempt.qr_except_ids = other_user_ids;
        attempt.qr_generation += 1;
        attempt.qr_requested = true;
        export_call(td)
    }) else {
        return;
    };
    start_query(s, extra, move |net, id, token| async move {
        let r = export(&net, &export_req.call).await;
        finish(id, token, |td| on_exported(td, r, export_req.generation))
    });
}

/// Applies an export's answer: a link to show, or the sign-in.
fn on_exported(
    td: &mut Td<'_>,
    r: Result<enums::auth::LoginToken, RpcError>,
    generation: u64,
) -> Answer {
    if td.engine.auth.attempt.qr_generation != generation {
        return engine::ok(td_api::Ok {});
    }
    match r? {
        enums::auth::LoginToken::LoginToken(t) => {
            let new_link = link(&t.token);
            let same = matches!(&td.engine.auth.state, AuthState::WaitOtherDeviceConfirmation(l) if *l == new_link);
            if !same {
                td.set_auth_state(AuthState::WaitOtherDeviceConfirmation(new_link));
            }
            schedule_refresh(td, t.expires, generation);
            engine::ok(td_api::Ok {})
        }
        enums::auth::LoginToken::Success(x) => on_authorization(td, &x.authorization),
        enums::auth::LoginToken::MigrateTo(_) => Err(td_api::Error {
            code: 500,
            message: "Receive wrong response".into(),
        }),
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Exports again when the token expires, unless the login moved on meanwhile.
fn schedule_refresh(td: &mut Td<'_>, expires: i32, generation: u64) {
    let id = td.id;
    let wait = (i64::from(expires) - unix_now()).clamp(1, 24 * 3600) as u64;
    engine::spawn(async move {
        tokio::time::sleep(Duration::from_secs(wait)).await;
        refresh(id, generation);
    });
}

fn refresh(id: i32, generation: u64) {
    let job = engine::with(id, |td| {
        let waiting = matches!(
            td.engine.auth.state,
            AuthState::WaitOtherDeviceConfirmation(_)
        );
        let current = td.engine.auth.attempt.qr_generation == generation;
        (waiting && current).then(|| (td.engine.net.clone(), export_call(td)))
    })
    .flatten();
    let Some((net, export_req)) = job else { return };
    engine::spawn(async move {
        let r = export(&net, &export_req.call).await;
        engine::with(id, |td| {
            if matches!(
                td.engine.auth.state,
                AuthState::WaitOtherDeviceConfirmation(_)
            ) {
                let _ = on_exported(td, r, export_req.generation);
            }
        });
    });
}

/// updateLoginToken: another device accepted the token; exporting again signs in.
pub fn on_login_token(td: &mut Td<'_>) {
    let (id, generation) = (td.id, td.engine.auth.attempt.qr_generation);
    // Off this lock: refresh takes it.
    engine::spawn(async move { refresh(id, generation) });
}
