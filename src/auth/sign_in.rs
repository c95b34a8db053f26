//! The moment a sign-in succeeds: stored first, then announced (my_id, the account's user,
//! Ready), then the client catches up with the server.

use td_api::UpdateOption;
use tl::api::enums;
use tl::Serialize;

use super::AuthState;
use crate::client::options::Value;
use crate::engine::{Answer, Td};

fn wrong_answer() -> td_api::Error {
    td_api::Error {
        code: 500,
        message: "Receive wrong response".into(),
    }
}

/// auth.Authorization from signIn, signUp, checkPassword, a bot token or a QR login.
pub fn on_authorization(td: &mut Td<'_>, authorization: &enums::auth::Authorization) -> Answer {
    let a = match authorization {
        enums::auth::Authorization::Authorization(a) => a,
        enums::auth::Authorization::SignUpRequired(x) => {
            let tos = x.terms_of_service.as_ref().and_then(terms_of_service);
            td.set_auth_state(AuthState::WaitRegistration(tos));
            return crate::engine::ok(td_api::Ok {});
        }
    };
    let enums::User::User(user) = &a.user else {
        return Err(wrong_answer());
    };
    let my_id = user.id;
    let main_dc = td.engine.net.main_dc();
    let bytes = a.user.to_bytes();
    // Stored before anything is said: a sign-in the app saw survives a crash right after.
    let stored = td
        .engine
        .store
        .with(|db| db.save_sign_in(my_id, main_dc, &bytes));
    if stored.is_none() {
        return Err(td_api::Error {
            code: 500,
            message: "Can't save the authorization".into(),
        });
    }
    td.engine.net.set_signed_in(true);
    td.engine.net.set_bot(user.bot());
    td.engine.users.set_my_id(Some(my_id));
    let now = crate::client::options::unix_time();
    for (name, value) in [("authorization_date", now), ("my_id", my_id)] {
        if let Some((name, value)) = td.options.set_internal(name, Value::Int(value)) {
            td.out.update(UpdateOption {
                name,
                value: Some(value),
            });
        }
    }
    let e = &mut *td.engine;
    e.users.on_user(&a.user, td.out, &e.store);
    e.auth.attempt = Default::default();
    td.set_auth_state(AuthState::Ready);
    crate::engine::updates::sync(td);
    crate::engine::ok(td_api::Ok {})
}

/// help.termsOfService as td_api's termsOfService.
/// Empty terms are no terms (the field is left out).
pub fn terms_of_service(t: &enums::help::TermsOfService) -> Option<Box<td_api::TermsOfService>> {
    let enums::help::TermsOfService::TermsOfService(t) = t;
    if t.text.is_empty() {
        return None;
    }
    Some(Box::new(td_api::TermsOfService {
        text: Some(Box::new(td_api::FormattedText {
            text: t.text.clone(),
            entities: crate::entities::from_server(&t.entities, &t.text),
        })),
        min_user_age: t.min_age_confirm.unwrap_or(0),
        show_popup: t.popup,
    }))
}
