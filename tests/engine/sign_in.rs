//! Every sign-in path testdc serves, as a TDLib app sees it.

use serde_json::json;

use crate::common;
use crate::support::{code_of, phone, sign_up, temp_dir, Td, TestDc};

#[test]
fn a_new_number_signs_up_through_tdlib_states() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let dir = temp_dir("sign-up");
    let mut td = Td::start(&dir);
    td.wait_state("authorizationStateWaitPhoneNumber");
    td.wait_connection("connectionStateReady");
    let phone = phone(1);
    let ok = td.call(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let state = td.wait_state("authorizationStateWaitCode");
    let info = &state["code_info"];
    assert_eq!(info["phone_number"], phone.as_str());
    assert_eq!(
        info["type"]["@type"],
        "authenticationCodeTypeTelegramMessage"
    );
    assert_eq!(info["type"]["length"], 5);

    let wrong = td.call(json!({"@type": "checkAuthenticationCode", "code": "99999"}));
    assert_eq!(wrong["@type"], "error");
    assert_eq!(wrong["code"], 400);
    assert_eq!(wrong["message"], "PHONE_CODE_INVALID");
    let state = td.call(json!({"@type": "getAuthorizationState"}));
    assert_eq!(
        state["@type"], "authorizationStateWaitCode",
        "the state stays"
    );

    let ok = td.call(json!({"@type": "checkAuthenticationCode", "code": code_of(&phone)}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    td.wait_state("authorizationStateWaitRegistration");
    let empty = td.call(json!({"@type": "registerUser", "first_name": "  "}));
    assert_eq!(empty["message"], "First name must be non-empty");
    let ok = td.call(json!({"@type": "registerUser", "first_name": "Ann", "last_name": "Lee"}));
    assert_eq!(ok["@type"], "ok", "{ok}");

    // my_id and the account's user are announced before Ready.
    let my_id = td.wait("my_id", |v| {
        v["@type"] == "updateOption" && v["name"] == "my_id"
    });
    let my_id: i64 = my_id["value"]["value"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("my_id is an int64 string");
    let user = td.wait("updateUser", |v| v["@type"] == "updateUser");
    assert_eq!(user["user"]["id"], my_id);
    assert_eq!(user["user"]["first_name"], "Ann");
    td.wait_state("authorizationStateReady");
    let me = td.call(json!({"@type": "getMe"}));
    assert_eq!(me["@type"], "user");
    assert_eq!(me["id"], my_id);
    assert_eq!(me["last_name"], "Lee");
    assert_eq!(me["phone_number"], phone.as_str());
    let again = td.call(json!({"@type": "getUser", "user_id": my_id}));
    assert_eq!(again["id"], my_id);
    let full = td.call(json!({"@type": "getUserFullInfo", "user_id": my_id}));
    assert_eq!(full["@type"], "userFullInfo", "{full}");
    td.close();
    dc.stop();
}

#[test]
fn an_existing_number_signs_in_and_wrong_state_calls_get_tdlib_errors() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (first, phone) = sign_up(&temp_dir("existing-a"), 1, "Bob");
    first.close();
    let mut td = Td::start(&temp_dir("existing-b"));
    td.wait_state("authorizationStateWaitPhoneNumber");
    for (request, message) in [
        (
            json!({"@type": "checkAuthenticationCode", "code": "1"}),
            "Call to checkAuthenticationCode unexpected",
        ),
        (
            json!({"@type": "registerUser", "first_name": "x"}),
            "Call to registerUser unexpected",
        ),
        (
            json!({"@type": "checkAuthenticationPassword", "password": "x"}),
            "Call to checkAuthenticationPassword unexpected",
        ),
        (
            json!({"@type": "setAuthenticationPhoneNumber", "phone_number": ""}),
            "Phone number must be non-empty",
        ),
        (json!({"@type": "getMe"}), "Unauthorized"),
    ] {
        let e = td.call(request.clone());
        assert_eq!(e["@type"], "error", "{request}");
        assert_eq!(e["message"], message, "{request}");
    }
    td.call(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone}));
    td.wait_state("authorizationStateWaitCode");
    let e = td.call(json!({"@type": "checkAuthenticationBotToken", "token": "1:x"}));
    assert_eq!(
        e["message"],
        "Call to checkAuthenticationBotToken unexpected"
    );
    let ok = td.call(json!({"@type": "checkAuthenticationCode", "code": code_of(&phone)}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    td.wait_state("authorizationStateReady");
    let e = td.call(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone}));
    assert_eq!(
        e["message"],
        "Call to setAuthenticationPhoneNumber unexpected"
    );
    assert_eq!(td.call(json!({"@type": "getMe"}))["first_name"], "Bob");
    td.close();
    dc.stop();
}

#[test]
fn a_number_of_dc_2_moves_the_client_home_there() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut td, _phone) = sign_up(&temp_dir("dc2"), 2, "Dee");
    let me = td.call(json!({"@type": "getMe"}));
    let id = me["id"].as_i64().expect("id");
    let user = dc.user(id);
    assert_eq!(user["dc"], 2, "{user}");
    let sessions = user["sessions"].as_array().expect("sessions");
    assert!(
        sessions.iter().any(|s| s["dc"] == 2),
        "signed in with a DC 2 key: {user}"
    );
    td.close();
    dc.stop();
}

fn set_password(td: &mut Td, old: &str, new: &str, hint: &str) -> serde_json::Value {
    td.call(json!({
        "@type": "setPassword",
        "old_password": old,
        "new_password": new,
        "new_hint": hint,
    }))
}

#[test]
fn two_step_verification_set_by_one_session_is_asked_of_the_next() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut a, phone) = sign_up(&temp_dir("2fa-a"), 1, "Eve");
    let state = a.call(json!({"@type": "getPasswordState"}));
    assert_eq!(state["@type"], "passwordState", "{state}");
    assert_eq!(state["has_password"], false);
    let state = set_password(&mut a, "", "s3cret", "the usual");
    assert_eq!(state["@type"], "passwordState", "{state}");
    assert_eq!(state["has_password"], true);
    assert_eq!(state["password_hint"], "the usual");
    // Changing it needs the old one.
    let wrong = set_password(&mut a, "nope", "other", "");
    assert_eq!(wrong["@type"], "error", "{wrong}");
    assert_eq!(wrong["message"], "PASSWORD_HASH_INVALID");

    let mut b = Td::start(&temp_dir("2fa-b"));
    b.wait_state("authorizationStateWaitPhoneNumber");
    b.call(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone}));
    b.wait_state("authorizationStateWaitCode");
    let ok = b.call(json!({"@type": "checkAuthenticationCode", "code": code_of(&phone)}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let state = b.wait_state("authorizationStateWaitPassword");
    assert_eq!(state["password_hint"], "the usual");
    let wrong = b.call(json!({"@type": "checkAuthenticationPassword", "password": "guess"}));
    assert_eq!(wrong["code"], 400, "{wrong}");
    assert_eq!(wrong["message"], "PASSWORD_HASH_INVALID");
    let state = b.call(json!({"@type": "getAuthorizationState"}));
    assert_eq!(state["@type"], "authorizationStateWaitPassword");
    let ok = b.call(json!({"@type": "checkAuthenticationPassword", "password": "s3cret"}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    b.wait_state("authorizationStateReady");
    assert_eq!(b.call(json!({"@type": "getMe"}))["first_name"], "Eve");
    // And it can be taken off again.
    let state = set_password(&mut b, "s3cret", "", "");
    assert_eq!(state["has_password"], false, "{state}");
    a.close();
    b.close();
    dc.stop();
}

#[test]
fn a_bot_signs_in_with_its_token_and_a_bad_token_is_refused() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (status, bot) = dc.control(
        "POST",
        "/bots",
        Some(json!({"first_name": "Helper", "username": "engine_test_bot"})),
    );
    assert_eq!(status, 200, "{bot}");
    let token = bot["token"].as_str().expect("token").to_string();
    let mut td = Td::start(&temp_dir("bot"));
    td.wait_state("authorizationStateWaitPhoneNumber");
    let bad = td.call(json!({"@type": "checkAuthenticationBotToken", "token": "123:nope"}));
    assert_eq!(bad["code"], 400, "{bad}");
    assert_eq!(bad["message"], "ACCESS_TOKEN_INVALID");
    assert_eq!(
        td.call(json!({"@type": "getAuthorizationState"}))["@type"],
        "authorizationStateWaitPhoneNumber"
    );
    let ok = td.call(json!({"@type": "checkAuthenticationBotToken", "token": token}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    td.wait_state("authorizationStateReady");
    let me = td.call(json!({"@type": "getMe"}));
    assert_eq!(me["first_name"], "Helper");
    assert_eq!(me["type"]["@type"], "userTypeBot", "{me}");
    let e = td.call(json!({"@type": "getActiveSessions"}));
    assert_eq!(e["message"], "The method is not available to bots");
    td.close();
    dc.stop();
}

/// A QR login on client `b`, confirmed by signed-in client `a`.
fn qr_login(a: &mut Td, b: &mut Td) {
    let ok = b.call(json!({"@type": "requestQrCodeAuthentication"}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let state = b.wait_state("authorizationStateWaitOtherDeviceConfirmation");
    let link = state["link"].as_str().expect("link").to_string();
    assert!(link.starts_with("tg://login?token="), "{link}");
    assert!(!link.ends_with('='), "base64url without padding: {link}");
    let again = b.call(json!({"@type": "requestQrCodeAuthentication"}));
    assert_eq!(
        again["message"],
        "Call to requestQrCodeAuthentication unexpected"
    );
    let session = a.call(json!({"@type": "confirmQrCodeAuthentication", "link": link}));
    assert_eq!(session["@type"], "session", "{session}");
    assert_eq!(session["device_model"], "engine-test");
    b.wait_state("authorizationStateReady");
}

#[test]
fn a_qr_login_confirmed_by_a_signed_in_session_signs_in() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut a, _) = sign_up(&temp_dir("qr-a"), 1, "Quinn");
    let my_id = a.call(json!({"@type": "getMe"}))["id"].clone();
    let mut b = Td::start(&temp_dir("qr-b"));
    b.wait_state("authorizationStateWaitPhoneNumber");
    qr_login(&mut a, &mut b);
    assert_eq!(b.call(json!({"@type": "getMe"}))["id"], my_id);
    let bad = a.call(json!({"@type": "confirmQrCodeAuthentication", "link": "https://t.me/x"}));
    assert_eq!(bad["message"], "AUTH_TOKEN_INVALID");
    a.close();
    b.close();
    dc.stop();
}

#[test]
fn a_qr_login_of_an_account_on_another_dc_follows_it_there() {
    let _guard = common::lock();
    let dc = TestDc::start();
    // The account lives on DC 3; the new client starts on DC 1.
    let (mut a, _) = sign_up(&temp_dir("qr3-a"), 3, "Remy");
    let my_id = a.call(json!({"@type": "getMe"}))["id"].clone();
    let mut b = Td::start(&temp_dir("qr3-b"));
    b.wait_state("authorizationStateWaitPhoneNumber");
    qr_login(&mut a, &mut b);
    let me = b.call(json!({"@type": "getMe"}));
    assert_eq!(me["id"], my_id, "{me}");
    let user = dc.user(my_id.as_i64().unwrap());
    let on_dc3 = user["sessions"]
        .as_array()
        .map(|s| s.iter().filter(|s| s["dc"] == 3).count())
        .unwrap_or(0);
    assert_eq!(on_dc3, 2, "both sessions on DC 3: {user}");
    a.close();
    b.close();
    dc.stop();
}
