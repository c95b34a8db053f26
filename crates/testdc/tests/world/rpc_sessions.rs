//! The sign-in flow's newer answers over TL: the sessions list and its reset, the code sent
//! to the app then by SMS, and the terms of service of a sign-up.

use testdc::world::{RpcError, RESEND_TIMEOUT, TERMS_ID};
use tl::api::{enums, functions, types};

use crate::common::*;
use crate::tl_client::*;

fn authorizations(w: &mut testdc::world::World, c: &Client) -> types::account::Authorizations {
    let enums::account::Authorizations::Authorizations(list) = c
        .call(w, functions::account::GetAuthorizations)
        .expect("getAuthorizations");
    *list
}

fn session(a: &enums::Authorization) -> &types::Authorization {
    let enums::Authorization::Authorization(a) = a;
    a
}

#[test]
fn get_and_reset_authorizations_over_tl() {
    let mut w = world();
    let dcs = dcs();
    let p = phone(2, 30);
    let laptop = Client::new(&mut w, &dcs, 1, 2);
    laptop
        .call(
            &mut w,
            with_device("Laptop", "Ubuntu Linux 24.04", functions::help::GetConfig),
        )
        .unwrap();
    let me = tl_sign_up(&mut w, &laptop, &p, "Owner");
    let phone_client = Client::new(&mut w, &dcs, 2, 2);
    phone_client
        .call(
            &mut w,
            with_device("Pixel 8", "Android 14", functions::help::GetNearestDc),
        )
        .unwrap();
    assert_eq!(tl_sign_in(&mut w, &phone_client, &p).id, me.id);

    let list = authorizations(&mut w, &laptop);
    assert_eq!(list.authorization_ttl_days, 180);
    assert_eq!(list.authorizations.len(), 2);
    let (mine, other) = (
        session(&list.authorizations[0]),
        session(&list.authorizations[1]),
    );
    assert!(mine.current && !other.current);
    assert_eq!(
        (mine.device_model.as_str(), mine.platform.as_str()),
        ("Laptop", "Linux")
    );
    assert_eq!(
        (other.device_model.as_str(), other.platform.as_str()),
        ("Pixel 8", "Android")
    );
    assert_eq!(other.system_version, "Android 14");
    assert_eq!((other.api_id, other.app_name.as_str()), (777, "App 777"));
    assert_eq!(other.app_version, "3.1");
    assert_eq!(
        (other.ip.as_str(), other.country.as_str()),
        ("127.0.0.1", "Local")
    );
    assert!(!other.official_app && !other.password_pending);
    assert_eq!((other.date_created, other.date_active), (NOW, NOW));
    assert!(mine.hash != 0 && other.hash != 0 && mine.hash != other.hash);

    let unknown = laptop
        .call(
            &mut w,
            functions::account::ResetAuthorization { hash: 12345 },
        )
        .unwrap_err();
    assert_eq!(
        (unknown.code(), unknown.message().as_str()),
        (400, "HASH_INVALID")
    );
    assert!(laptop
        .call(
            &mut w,
            functions::account::ResetAuthorization { hash: other.hash }
        )
        .unwrap());
    let signed_out = phone_client
        .call(&mut w, functions::users::GetUsers { id: self_user() })
        .unwrap_err();
    assert_eq!(
        (signed_out.code(), signed_out.message().as_str()),
        (401, "AUTH_KEY_UNREGISTERED")
    );
    assert_eq!(w.drain_revoked(), [2]);
    assert_eq!(authorizations(&mut w, &laptop).authorizations.len(), 1);
    assert_eq!(
        phone_client
            .call(&mut w, functions::account::GetAuthorizations)
            .unwrap_err(),
        RpcError::AuthKeyUnregistered
    );
}

#[test]
fn the_code_is_resent_by_sms_and_sign_up_shows_the_terms() {
    let mut w = world();
    let dcs = dcs();
    let c = Client::new(&mut w, &dcs, 1, 1);
    let p = phone(1, 31);
    let send = functions::auth::SendCode {
        phone_number: p.clone(),
        api_id: 1,
        api_hash: "h".into(),
        settings: code_settings(),
    };
    let enums::auth::SentCode::SentCode(sent) = c.call(&mut w, send).unwrap() else {
        panic!("auth.sentCode")
    };
    assert!(matches!(sent.r#type, enums::auth::SentCodeType::App(ref t) if t.length == 5));
    assert_eq!(sent.next_type, Some(enums::auth::CodeType::Sms));
    assert_eq!(sent.timeout, Some(RESEND_TIMEOUT));

    let resend = functions::auth::ResendCode {
        phone_number: p.clone(),
        phone_code_hash: sent.phone_code_hash.clone(),
        reason: None,
    };
    let enums::auth::SentCode::SentCode(resent) = c.call(&mut w, resend.clone()).unwrap() else {
        panic!("auth.sentCode")
    };
    assert!(matches!(resent.r#type, enums::auth::SentCodeType::Sms(ref t) if t.length == 5));
    assert_eq!((resent.next_type, resent.timeout), (None, None));
    assert_eq!(resent.phone_code_hash, sent.phone_code_hash);
    let twice = c.call(&mut w, resend).unwrap_err();
    assert_eq!(
        (twice.code(), twice.message().as_str()),
        (406, "SEND_CODE_UNAVAILABLE")
    );

    let accept = functions::help::AcceptTermsOfService {
        id: enums::DataJSON::DataJSON(Box::new(types::DataJSON {
            data: TERMS_ID.into(),
        })),
    };
    assert_eq!(
        c.call(&mut w, accept.clone()).unwrap_err(),
        RpcError::AuthKeyUnregistered,
        "only a signed-in user accepts terms"
    );
    let sign_in = functions::auth::SignIn {
        phone_number: p.clone(),
        phone_code_hash: resent.phone_code_hash.clone(),
        phone_code: Some("11111".into()),
        email_verification: None,
    };
    let enums::auth::Authorization::SignUpRequired(required) = c.call(&mut w, sign_in).unwrap()
    else {
        panic!("signUpRequired")
    };
    let Some(enums::help::TermsOfService::TermsOfService(terms)) = required.terms_of_service else {
        panic!("terms of service")
    };
    let enums::DataJSON::DataJSON(id) = &terms.id;
    assert_eq!(id.data, TERMS_ID);
    assert!(!terms.popup);
    assert_eq!(terms.min_age_confirm, Some(16));
    assert!(terms.text.starts_with("tdjson-testdc"));
    assert!(matches!(
        &terms.entities[..],
        [enums::MessageEntity::Bold(b)] if b.offset == 0 && b.length == 13
    ));

    let sign_up = functions::auth::SignUp {
        no_joined_notifications: false,
        phone_number: p,
        phone_code_hash: resent.phone_code_hash,
        first_name: "Agreed".into(),
        last_name: String::new(),
    };
    assert!(matches!(
        c.call(&mut w, sign_up).unwrap(),
        enums::auth::Authorization::Authorization(_)
    ));
    assert!(c.call(&mut w, accept).unwrap());
    let enums::help::TermsOfServiceUpdate::Empty(update) = c
        .call(&mut w, functions::help::GetTermsOfServiceUpdate)
        .unwrap()
    else {
        panic!("no new terms")
    };
    assert!(update.expires > NOW);
}

#[test]
fn the_signed_in_user_reads_itself_over_tl() {
    let mut w = world();
    let dcs = dcs();
    let c = Client::new(&mut w, &dcs, 1, 2);
    assert_eq!(
        c.call(&mut w, functions::updates::GetState).unwrap_err(),
        RpcError::AuthKeyUnregistered
    );
    let me = tl_sign_up(&mut w, &c, &phone(2, 32), "Self");
    let users = c
        .call(&mut w, functions::users::GetUsers { id: self_user() })
        .unwrap();
    assert!(
        matches!(&users[..], [enums::User::User(u)] if u.id == me.id && u.self_ && u.phone.is_some())
    );
    let enums::users::UserFull::UserFull(full) = c
        .call(
            &mut w,
            functions::users::GetFullUser {
                id: enums::InputUser::InputUserSelf,
            },
        )
        .unwrap();
    let enums::UserFull::UserFull(inner) = &full.full_user;
    assert_eq!(inner.id, me.id);
    assert!(full
        .users
        .iter()
        .any(|u| matches!(u, enums::User::User(u) if u.id == me.id && u.self_)));
    let enums::updates::State::State(state) = c.call(&mut w, functions::updates::GetState).unwrap();
    assert_eq!((state.date, state.qts, state.seq), (NOW, 0, 0));
    assert!(c.call(&mut w, functions::auth::LogOut).is_ok());
    assert_eq!(
        c.call(&mut w, functions::updates::GetState).unwrap_err(),
        RpcError::AuthKeyUnregistered
    );
}

#[test]
fn a_qr_login_accepted_from_another_dc_migrates_over_tl() {
    let mut w = world();
    let dcs = dcs();
    let scanner = Client::new(&mut w, &dcs, 1, 1);
    let me = tl_sign_up(&mut w, &scanner, &phone(1, 33), "Scanner");
    let desktop = Client::new(&mut w, &dcs, 9, 3);
    let export = functions::auth::ExportLoginToken {
        api_id: 1,
        api_hash: "h".into(),
        except_ids: vec![],
    };
    let enums::auth::LoginToken::LoginToken(token) = desktop
        .call(&mut w, with_device("Desktop", "macOS 14", export.clone()))
        .unwrap()
    else {
        panic!("a token")
    };
    let accept = functions::auth::AcceptLoginToken { token: token.token };
    let enums::Authorization::Authorization(accepted) = scanner.call(&mut w, accept).unwrap();
    assert_eq!(
        (accepted.device_model.as_str(), accepted.platform.as_str()),
        ("Desktop", "macOS")
    );
    assert!(w
        .drain_pushes()
        .iter()
        .any(|p| p.target == testdc::world::PushTarget::AuthKey(9)));
    let enums::auth::LoginToken::MigrateTo(migrate) = desktop.call(&mut w, export).unwrap() else {
        panic!("loginTokenMigrateTo: the user lives on DC 1")
    };
    assert_eq!(migrate.dc_id, 1);
    let home = Client::new(&mut w, &dcs, 10, 1);
    let import = functions::auth::ImportLoginToken {
        token: migrate.token,
    };
    let enums::auth::LoginToken::Success(success) = home.call(&mut w, import).unwrap() else {
        panic!("loginTokenSuccess")
    };
    let enums::auth::Authorization::Authorization(auth) = success.authorization else {
        panic!("authorization")
    };
    assert!(matches!(auth.user, enums::User::User(u) if u.id == me.id));
}
