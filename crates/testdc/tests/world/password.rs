use testdc::world::{
    NewPasswordSettings, NewUser, PasswordAlgo, PasswordCheck, PasswordState, RpcError, SignIn,
    World, STANDARD_G,
};

use crate::common::*;

/// What a client does to set a new password: extend the server's salt1, derive v.
fn new_settings(state: &PasswordState, password: &str, hint: &str) -> NewPasswordSettings {
    let mut salt1 = state.new_algo.salt1.clone();
    salt1.extend([0xAB; 32]);
    let algo = PasswordAlgo {
        salt1,
        ..state.new_algo.clone()
    };
    NewPasswordSettings {
        new_password_hash: ToySrp::verifier_of(&algo, password.as_bytes()),
        algo: Some(algo),
        hint: hint.into(),
    }
}

fn set_password(w: &mut World, user: i64, current: Option<&str>, new: &str) {
    let state = w.get_password(user, NOW).unwrap();
    let check = match current {
        Some(pw) => proof(&state, pw),
        None => PasswordCheck::Empty,
    };
    w.update_password(user, &check, &new_settings(&state, new, "hint"))
        .unwrap();
}

fn code_sign_in(w: &mut World, key_id: i64, phone: &str) -> Result<SignIn, RpcError> {
    let hash = w.send_code(key_id, phone, NOW).unwrap().phone_code_hash;
    let code = testdc::world::login_code(phone, 3);
    w.sign_in(key_id, phone, &hash, &code, NOW)
        .map_err(|e| e.rpc())
}

#[test]
fn without_a_password_get_password_offers_the_standard_algorithm() {
    let mut w = world();
    let me = user(&mut w, 1);
    let state = w.get_password(me.user_id, NOW).unwrap();
    assert!(state.current.is_none() && state.hint.is_none());
    assert_eq!(state.new_algo.g, STANDARD_G);
    assert_eq!(state.new_algo.p.len(), 256);
    assert_eq!(state.new_algo.salt1.len(), 8);
    assert_eq!(state.secure_random.len(), 32);
    assert_eq!(
        w.get_password(me.user_id, NOW).unwrap().new_algo,
        state.new_algo,
        "new_algo is stable"
    );
    assert!(!w.has_password(me.user_id).unwrap());
}

#[test]
fn two_factor_sign_in() {
    let mut w = world();
    let p = phone(2, 11);
    let (me, _) = sign_up(&mut w, 1, &p, "Secret");
    set_password(&mut w, me.user_id, None, "hunter2");
    assert!(w.has_password(me.user_id).unwrap());

    key(&mut w, 2, 2);
    assert_eq!(
        code_sign_in(&mut w, 2, &p),
        Err(RpcError::SessionPasswordNeeded)
    );
    assert!(w.caller(2).is_err(), "not signed in before the password");
    assert_eq!(w.password_subject(2).unwrap(), Some(me.user_id));

    let state = w.get_password(me.user_id, NOW).unwrap();
    assert_eq!(state.hint.as_deref(), Some("hint"));
    let wrong = w
        .check_password(2, &proof(&state, "wrong"), NOW)
        .unwrap_err();
    assert!(wrong.is(&RpcError::PasswordHashInvalid));
    let reused = w
        .check_password(2, &proof(&state, "hunter2"), NOW)
        .unwrap_err();
    assert!(
        reused.is(&RpcError::SrpIdInvalid),
        "an SRP session is single-use"
    );
    assert!(w
        .check_password(2, &PasswordCheck::Empty, NOW)
        .unwrap_err()
        .is(&RpcError::PasswordHashInvalid));

    let state = w.get_password(me.user_id, NOW).unwrap();
    let signed = w.check_password(2, &proof(&state, "hunter2"), NOW).unwrap();
    assert_eq!(signed.id, me.user_id);
    assert_eq!(w.caller(2).unwrap().user_id, me.user_id);
    key(&mut w, 3, 2);
    assert!(w
        .check_password(3, &PasswordCheck::Empty, NOW)
        .unwrap_err()
        .is(&RpcError::AuthKeyUnregistered));
}

#[test]
fn change_and_remove_need_the_current_password() {
    let mut w = world();
    let p = phone(2, 12);
    let (me, _) = sign_up(&mut w, 1, &p, "Changer");
    set_password(&mut w, me.user_id, None, "one");

    let state = w.get_password(me.user_id, NOW).unwrap();
    let refused = w
        .update_password(
            me.user_id,
            &PasswordCheck::Empty,
            &new_settings(&state, "two", ""),
        )
        .unwrap_err();
    assert!(refused.is(&RpcError::PasswordHashInvalid));
    let state = w.get_password(me.user_id, NOW).unwrap();
    let refused = w
        .update_password(
            me.user_id,
            &proof(&state, "bad"),
            &new_settings(&state, "two", ""),
        )
        .unwrap_err();
    assert!(refused.is(&RpcError::PasswordHashInvalid));

    set_password(&mut w, me.user_id, Some("one"), "two");
    // Telethon removes with the current algo and an empty hash.
    let state = w.get_password(me.user_id, NOW).unwrap();
    let mut telethon_removal = new_settings(&state, "ignored", "");
    telethon_removal.new_password_hash.clear();
    w.update_password(me.user_id, &proof(&state, "two"), &telethon_removal)
        .unwrap();
    assert!(!w.has_password(me.user_id).unwrap());
    set_password(&mut w, me.user_id, None, "two");
    let state = w.get_password(me.user_id, NOW).unwrap();
    let removal = NewPasswordSettings {
        algo: None,
        new_password_hash: Vec::new(),
        hint: String::new(),
    };
    w.update_password(me.user_id, &proof(&state, "two"), &removal)
        .unwrap();
    assert!(!w.has_password(me.user_id).unwrap());
    key(&mut w, 2, 2);
    assert!(
        matches!(code_sign_in(&mut w, 2, &p), Ok(SignIn::Authorized(_))),
        "no password needed any more"
    );
}

#[test]
fn new_settings_are_checked() {
    let mut w = world();
    let me = user(&mut w, 13);
    let state = w.get_password(me.user_id, NOW).unwrap();
    let mut not_extended = new_settings(&state, "pw", "");
    if let Some(algo) = not_extended.algo.as_mut() {
        algo.salt1 = state.new_algo.salt1.clone();
    }
    let err = w
        .update_password(me.user_id, &PasswordCheck::Empty, &not_extended)
        .unwrap_err();
    assert!(err.is(&RpcError::NewSaltInvalid));
    let mut zero = new_settings(&state, "pw", "");
    zero.new_password_hash = vec![0; 256];
    assert!(w
        .update_password(me.user_id, &PasswordCheck::Empty, &zero)
        .unwrap_err()
        .is(&RpcError::NewSettingsInvalid));
    let mut other_g = new_settings(&state, "pw", "");
    if let Some(algo) = other_g.algo.as_mut() {
        algo.g = 5;
    }
    assert!(w
        .update_password(me.user_id, &PasswordCheck::Empty, &other_g)
        .unwrap_err()
        .is(&RpcError::NewSettingsInvalid));
    assert!(!w.has_password(me.user_id).unwrap());
}

#[test]
fn control_accounts_can_start_with_a_password() {
    let mut w = world();
    let p = phone(1, 14);
    let user = w
        .create_user(
            &NewUser {
                phone: p.clone(),
                first_name: "Pre".into(),
                password: Some("pw-kept".into()),
                ..NewUser::default()
            },
            NOW,
        )
        .unwrap();
    assert!(user.has_password);
    key(&mut w, 1, 1);
    assert_eq!(
        code_sign_in(&mut w, 1, &p),
        Err(RpcError::SessionPasswordNeeded)
    );
    let state = w.get_password(user.id, NOW).unwrap();
    assert_eq!(
        w.check_password(1, &proof(&state, "pw-kept"), NOW)
            .unwrap()
            .id,
        user.id
    );
}
