use testdc::world::{LoginToken, PushTarget, RpcError, Update};

use crate::common::*;

fn token_of(login: LoginToken) -> Vec<u8> {
    match login {
        LoginToken::Token { token, .. } => token,
        other => panic!("expected a token, got {other:?}"),
    }
}

#[test]
fn accepting_a_token_signs_the_exporting_key_in() {
    let mut w = world();
    let (scanner, me) = sign_up(&mut w, 1, &phone(3, 1), "Scanner");
    key(&mut w, 9, 3);
    let exported = w.export_login_token(9, NOW).unwrap();
    let LoginToken::Token { token, expires } = exported else {
        panic!("token expected")
    };
    assert_eq!(expires, NOW + w.config().login_token_ttl);
    w.drain_pushes();
    let accepted = w.accept_login_token(scanner, &token, NOW + 1).unwrap();
    assert_eq!((accepted.auth_key_id, accepted.dc_id), (9, 3));
    let pushes = w.drain_pushes();
    assert!(
        pushes
            .iter()
            .any(|p| p.target == PushTarget::AuthKey(9) && p.update.update == Update::LoginToken),
        "updateLoginToken goes to the exporting key: {pushes:?}"
    );
    match w.export_login_token(9, NOW + 2).unwrap() {
        LoginToken::Success(user) => assert_eq!(user.id, me.id),
        other => panic!("expected success, got {other:?}"),
    }
    assert_eq!(w.caller(9).unwrap().user_id, me.id);
    let twice = w.accept_login_token(scanner, &token, NOW + 3).unwrap_err();
    assert!(twice.is(&RpcError::AuthTokenInvalid) || twice.is(&RpcError::AuthTokenAlreadyAccepted));
}

#[test]
fn bad_tokens_are_refused() {
    let mut w = world();
    let (scanner, _) = sign_up(&mut w, 1, &phone(3, 2), "Scanner");
    key(&mut w, 9, 3);
    let token = token_of(w.export_login_token(9, NOW).unwrap());
    assert!(w
        .accept_login_token(scanner, b"garbage", NOW)
        .unwrap_err()
        .is(&RpcError::AuthTokenInvalid));
    let late = NOW + w.config().login_token_ttl + 1;
    assert!(w
        .accept_login_token(scanner, &token, late)
        .unwrap_err()
        .is(&RpcError::AuthTokenExpired));
    let fresh = token_of(w.export_login_token(9, NOW).unwrap());
    assert_ne!(fresh, token, "a new export replaces the token");
    assert!(w
        .accept_login_token(scanner, &token, NOW)
        .unwrap_err()
        .is(&RpcError::AuthTokenInvalid));
    w.accept_login_token(scanner, &fresh, NOW).unwrap();
    let again = w.accept_login_token(scanner, &fresh, NOW).unwrap_err();
    assert!(again.is(&RpcError::AuthTokenAlreadyAccepted));
}

#[test]
fn a_user_of_another_dc_is_imported_there() {
    let mut w = world();
    let (scanner, me) = sign_up(&mut w, 1, &phone(1, 3), "Elsewhere");
    key(&mut w, 9, 3);
    let token = token_of(w.export_login_token(9, NOW).unwrap());
    w.accept_login_token(scanner, &token, NOW).unwrap();
    assert!(
        w.caller(9).is_err(),
        "a DC 3 key does not become a DC 1 user's"
    );
    let LoginToken::MigrateTo {
        dc_id,
        token: import,
    } = w.export_login_token(9, NOW).unwrap()
    else {
        panic!("migrate expected")
    };
    assert_eq!(dc_id, 1);
    key(&mut w, 10, 1);
    key(&mut w, 11, 2);
    assert!(
        w.import_login_token(11, &import, NOW)
            .unwrap_err()
            .is(&RpcError::AuthTokenInvalid),
        "wrong DC"
    );
    match w.import_login_token(10, &import, NOW).unwrap() {
        LoginToken::Success(user) => assert_eq!(user.id, me.id),
        other => panic!("expected success, got {other:?}"),
    }
    assert_eq!(w.caller(10).unwrap().user_id, me.id);
    assert!(
        w.import_login_token(10, &import, NOW)
            .unwrap_err()
            .is(&RpcError::AuthTokenInvalid),
        "one-time"
    );
}

#[test]
fn a_two_factor_user_still_needs_the_password() {
    let mut w = world();
    let p = phone(3, 4);
    let me = w
        .create_user(
            &testdc::world::NewUser {
                phone: p.clone(),
                first_name: "Guarded".into(),
                password: Some("pw".into()),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
    let scanner = sign_in_with_password(&mut w, 1, &p, "pw");
    key(&mut w, 9, 3);
    let token = token_of(w.export_login_token(9, NOW).unwrap());
    w.accept_login_token(scanner, &token, NOW).unwrap();
    assert!(w
        .export_login_token(9, NOW)
        .unwrap_err()
        .is(&RpcError::SessionPasswordNeeded));
    assert_eq!(w.password_subject(9).unwrap(), Some(me.id));
    assert!(w.caller(9).is_err());
}
