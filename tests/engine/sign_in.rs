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
