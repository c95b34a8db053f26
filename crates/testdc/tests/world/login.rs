use testdc::world::{login_code, CodeDelivery, RpcError, SignIn, World, RESEND_TIMEOUT};

use crate::common::*;

fn code_for(w: &mut World, key_id: i64, phone: &str) -> String {
    w.send_code(key_id, phone, NOW)
        .expect("sendCode")
        .phone_code_hash
}

#[test]
fn unknown_or_signed_out_keys_are_401_auth_key_unregistered() {
    let mut w = world();
    let err = w.caller(42).unwrap_err();
    assert!(err.is(&RpcError::AuthKeyUnregistered));
    assert_eq!(err.rpc().code(), 401);
    key(&mut w, 42, 1);
    assert!(
        w.caller(42).unwrap_err().is(&RpcError::AuthKeyUnregistered),
        "registered but not signed in"
    );
}

#[test]
fn send_code_on_another_dc_is_phone_migrate() {
    let mut w = world();
    key(&mut w, 1, 2);
    let err = w.send_code(1, &phone(1, 1), NOW).unwrap_err();
    assert_eq!(err.rpc(), RpcError::PhoneMigrate(1));
    assert_eq!(err.rpc().code(), 303);
    let sent = w.send_code(1, &phone(2, 1), NOW).expect("home DC");
    assert_eq!(sent.code_length, 5);
    assert!(!sent.phone_code_hash.is_empty());
    let invalid = w.send_code(1, "not a phone", NOW).unwrap_err();
    assert!(invalid.is(&RpcError::PhoneNumberInvalid));
    assert_eq!(invalid.rpc().code(), 406, "as Telegram's docs list it");
    assert!(w
        .send_code(999, &phone(2, 1), NOW)
        .unwrap_err()
        .is(&RpcError::AuthKeyUnregistered));
}

#[test]
fn sign_in_checks_code_hash_and_expiry() {
    let mut w = world();
    key(&mut w, 1, 3);
    let p = phone(3, 7);
    let hash = code_for(&mut w, 1, &p);
    assert_eq!(login_code(&p, 3), "33333");
    let wrong = w.sign_in(1, &p, &hash, "12345", NOW).unwrap_err();
    assert!(wrong.is(&RpcError::PhoneCodeInvalid));
    assert!(w
        .sign_in(1, &p, "nope", "33333", NOW)
        .unwrap_err()
        .is(&RpcError::PhoneCodeExpired));
    assert!(w
        .sign_in(1, &p, "", "33333", NOW)
        .unwrap_err()
        .is(&RpcError::PhoneCodeHashEmpty));
    assert!(w
        .sign_in(1, &p, &hash, "", NOW)
        .unwrap_err()
        .is(&RpcError::PhoneCodeEmpty));
    let late = NOW + w.config().code_ttl + 1;
    assert!(w
        .sign_in(1, &p, &hash, "33333", late)
        .unwrap_err()
        .is(&RpcError::PhoneCodeExpired));
    assert_eq!(
        w.sign_in(1, &p, &hash, "33333", NOW).unwrap(),
        SignIn::SignUpRequired
    );
    assert!(w.caller(1).is_err(), "signUpRequired does not sign in");
}

#[test]
fn sign_up_needs_a_verified_code_and_a_first_name() {
    let mut w = world();
    key(&mut w, 1, 2);
    let p = phone(2, 5);
    let hash = code_for(&mut w, 1, &p);
    let unverified = w.sign_up(1, &p, &hash, "Ann", "", NOW).unwrap_err();
    assert!(unverified.is(&RpcError::PhoneCodeInvalid));
    assert_eq!(
        w.sign_in(1, &p, &hash, "22222", NOW).unwrap(),
        SignIn::SignUpRequired
    );
    assert!(w
        .sign_up(1, &p, &hash, "  ", "", NOW)
        .unwrap_err()
        .is(&RpcError::FirstnameInvalid));
    assert!(w
        .sign_up(1, &p, &hash, "Ann", &"x".repeat(65), NOW)
        .unwrap_err()
        .is(&RpcError::LastnameInvalid));
    let me = w.sign_up(1, &p, &hash, " Ann ", "Lee", NOW).unwrap();
    assert_eq!(
        (me.first_name.as_str(), me.last_name.as_str()),
        ("Ann", "Lee")
    );
    assert!(me.is_self);
    assert_eq!(me.phone.as_deref(), Some(p.as_str()));
    assert_eq!(w.caller(1).unwrap().user_id, me.id);
    assert_eq!(w.user(me.id).unwrap().unwrap().dc_id, 2);
    // The code is used up.
    assert!(w
        .sign_up(1, &p, &hash, "Ann", "", NOW)
        .unwrap_err()
        .is(&RpcError::PhoneCodeExpired));
}

#[test]
fn an_existing_account_signs_in_on_a_second_key() {
    let mut w = world();
    let (first, me) = sign_up(&mut w, 1, &phone(1, 9), "Multi");
    key(&mut w, 2, 1);
    let hash = code_for(&mut w, 2, &phone(1, 9));
    match w.sign_in(2, &phone(1, 9), &hash, "11111", NOW).unwrap() {
        SignIn::Authorized(user) => assert_eq!(user.id, me.id),
        other => panic!("expected authorization, got {other:?}"),
    }
    let keys: Vec<i64> = w
        .user_auth_keys(me.id)
        .unwrap()
        .iter()
        .map(|k| k.id)
        .collect();
    assert_eq!(keys, vec![1, 2]);
    w.log_out(first.auth_key_id).unwrap();
    assert!(w.caller(1).is_err(), "logged-out key");
    assert_eq!(
        w.caller(2).unwrap().user_id,
        me.id,
        "the other key stays signed in"
    );
    assert_eq!(w.user_auth_keys(me.id).unwrap().len(), 1);
}

#[test]
fn bots_sign_in_with_their_token_on_their_dc() {
    let mut w = world();
    let (bot, token) = w
        .create_bot(
            &testdc::world::NewBot {
                first_name: "Helper".into(),
                username: Some("helper_bot".into()),
                dc_id: Some(2),
            },
            NOW,
        )
        .unwrap();
    assert!(bot.is_bot && bot.phone.is_none());
    assert!(token.starts_with(&format!("{}:", bot.id)));
    key(&mut w, 1, 1);
    key(&mut w, 2, 2);
    assert_eq!(
        w.import_bot_authorization(1, &token, NOW)
            .unwrap_err()
            .rpc(),
        RpcError::UserMigrate(2)
    );
    let forged = format!("{}:{}", bot.id, "0".repeat(35));
    assert!(w
        .import_bot_authorization(2, &forged, NOW)
        .unwrap_err()
        .is(&RpcError::AccessTokenInvalid));
    assert!(w
        .import_bot_authorization(2, "garbage", NOW)
        .unwrap_err()
        .is(&RpcError::AccessTokenInvalid));
    let me = w.import_bot_authorization(2, &token, NOW).unwrap();
    assert!(me.is_bot && me.is_self && me.id == bot.id);
    assert_eq!(w.caller(2).unwrap().user_id, bot.id);
}

#[test]
fn exported_authorization_signs_in_once_on_its_dc() {
    let mut w = world();
    let (caller, me) = sign_up(&mut w, 1, &phone(1, 3), "Mover");
    assert!(w
        .export_authorization(caller, 9, NOW)
        .unwrap_err()
        .is(&RpcError::DcIdInvalid));
    let exported = w.export_authorization(caller, 2, NOW).unwrap();
    key(&mut w, 3, 3);
    key(&mut w, 2, 2);
    let wrong_dc = w
        .import_authorization(3, exported.id, &exported.bytes, NOW)
        .unwrap_err();
    assert!(wrong_dc.is(&RpcError::AuthBytesInvalid));
    let wrong_bytes = w
        .import_authorization(2, exported.id, b"not them", NOW)
        .unwrap_err();
    assert!(wrong_bytes.is(&RpcError::AuthBytesInvalid));
    assert_eq!(
        w.import_authorization(2, exported.id, &exported.bytes, NOW)
            .unwrap()
            .id,
        me.id
    );
    assert_eq!(w.caller(2).unwrap().user_id, me.id);
    key(&mut w, 4, 2);
    let again = w
        .import_authorization(4, exported.id, &exported.bytes, NOW)
        .unwrap_err();
    assert!(again.is(&RpcError::AuthBytesInvalid), "one-time");
}

#[test]
fn a_bound_temporary_key_acts_as_its_permanent_key() {
    let mut w = world();
    let (_, me) = sign_up(&mut w, 1, &phone(2, 4), "Pfs");
    w.register_auth_key(50, &[9u8; 256], 2, NOW, Some(NOW + 3600))
        .unwrap();
    assert!(w.caller(50).is_err());
    assert!(w
        .bind_temp_auth_key(50, 77, NOW + 3600)
        .unwrap_err()
        .is(&RpcError::PermAuthKeyEmpty));
    assert!(w
        .bind_temp_auth_key(51, 1, NOW + 3600)
        .unwrap_err()
        .is(&RpcError::TempAuthKeyEmpty));
    w.bind_temp_auth_key(50, 1, NOW + 3600).unwrap();
    assert_eq!(w.caller(50).unwrap().user_id, me.id);
    w.log_out(50).unwrap();
    assert!(
        w.caller(1).is_err(),
        "logging out through the temp key signs the perm key out"
    );
}

#[test]
fn the_code_goes_to_the_app_first_and_by_sms_on_resend() {
    let mut w = world();
    key(&mut w, 1, 2);
    let p = phone(2, 20);
    let sent = w.send_code(1, &p, NOW).unwrap();
    assert_eq!(sent.delivery, CodeDelivery::App);
    assert_eq!(sent.next, Some(CodeDelivery::Sms));
    assert_eq!(sent.timeout, Some(RESEND_TIMEOUT));
    let hash = sent.phone_code_hash;

    let resent = w.resend_code(1, &p, &hash, NOW + 60).unwrap();
    assert_eq!(resent.delivery, CodeDelivery::Sms);
    assert_eq!((resent.next, resent.timeout), (None, None));
    assert_eq!(resent.phone_code_hash, hash, "the hash stays the same");
    assert_eq!(resent.code_length, 5);
    let again = w.resend_code(1, &p, &hash, NOW + 61).unwrap_err();
    assert!(again.is(&RpcError::SendCodeUnavailable));
    assert_eq!(again.rpc().code(), 406);
    // The same code still signs in with the same hash.
    assert_eq!(
        w.sign_in(1, &p, &hash, "22222", NOW + 62).unwrap(),
        SignIn::SignUpRequired
    );
}

#[test]
fn resend_code_checks_its_hash_and_number() {
    let mut w = world();
    key(&mut w, 1, 2);
    let p = phone(2, 21);
    let hash = code_for(&mut w, 1, &p);
    let check = |w: &mut World, phone: &str, hash: &str, now: i32| {
        w.resend_code(1, phone, hash, now).unwrap_err().rpc()
    };
    assert_eq!(check(&mut w, &p, "", NOW), RpcError::PhoneCodeHashEmpty);
    assert_eq!(check(&mut w, &p, "nope", NOW), RpcError::PhoneCodeExpired);
    assert_eq!(
        check(&mut w, &phone(2, 22), &hash, NOW),
        RpcError::PhoneCodeExpired,
        "the hash of another number"
    );
    assert_eq!(check(&mut w, "x", &hash, NOW), RpcError::PhoneNumberInvalid);
    assert_eq!(
        check(&mut w, &phone(1, 21), &hash, NOW),
        RpcError::PhoneMigrate(1)
    );
    let late = NOW + w.config().code_ttl + 1;
    assert_eq!(check(&mut w, &p, &hash, late), RpcError::PhoneCodeExpired);
    // A used-up code cannot be resent.
    w.sign_in(1, &p, &hash, "22222", NOW).unwrap();
    w.sign_up(1, &p, &hash, "Done", "", NOW).unwrap();
    assert_eq!(check(&mut w, &p, &hash, NOW), RpcError::PhoneCodeExpired);
}

#[test]
fn a_number_migrated_to_its_home_dc_signs_up_and_in_there() {
    let mut w = world();
    let p = phone(3, 23);
    key(&mut w, 1, 1);
    assert_eq!(
        w.send_code(1, &p, NOW).unwrap_err().rpc(),
        RpcError::PhoneMigrate(3)
    );
    // The client makes a key on DC 3 and starts over there.
    key(&mut w, 3, 3);
    let hash = code_for(&mut w, 3, &p);
    assert_eq!(
        w.sign_in(1, &p, &hash, "33333", NOW).unwrap_err().rpc(),
        RpcError::PhoneMigrate(3),
        "the DC 1 key cannot use DC 3's code"
    );
    assert_eq!(
        w.sign_in(3, &p, &hash, "33333", NOW).unwrap(),
        SignIn::SignUpRequired
    );
    assert_eq!(
        w.sign_up(1, &p, &hash, "Wrong DC", "", NOW)
            .unwrap_err()
            .rpc(),
        RpcError::PhoneMigrate(3)
    );
    let me = w.sign_up(3, &p, &hash, "Home", "", NOW).unwrap();
    assert_eq!(w.user(me.id).unwrap().unwrap().dc_id, 3);
    // A second device asked on DC 1 is sent home too, and signs in there.
    key(&mut w, 4, 1);
    assert_eq!(
        w.send_code(4, &p, NOW).unwrap_err().rpc(),
        RpcError::PhoneMigrate(3)
    );
    key(&mut w, 5, 3);
    let hash = code_for(&mut w, 5, &p);
    match w.sign_in(5, &p, &hash, "33333", NOW).unwrap() {
        SignIn::Authorized(user) => assert_eq!(user.id, me.id),
        other => panic!("expected authorization, got {other:?}"),
    }
}
