//! The signed-in side: active sessions, ending one, the code resent, terms of service.

use serde_json::json;

use crate::common;
use crate::support::{code_of, phone, sign_up, temp_dir, Td, TestDc};

#[test]
fn sessions_are_listed_and_one_can_end_another() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut a, phone) = sign_up(&temp_dir("sessions-a"), 1, "Sue");
    let mut b = Td::start(&temp_dir("sessions-b"));
    b.wait_state("authorizationStateWaitPhoneNumber");
    b.call(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone}));
    b.wait_state("authorizationStateWaitCode");
    b.call(json!({"@type": "checkAuthenticationCode", "code": code_of(&phone)}));
    b.wait_state("authorizationStateReady");

    let list = a.call(json!({"@type": "getActiveSessions"}));
    assert_eq!(list["@type"], "sessions", "{list}");
    let sessions = list["sessions"].as_array().expect("sessions");
    assert_eq!(sessions.len(), 2, "{list}");
    assert_eq!(
        sessions[0]["is_current"], true,
        "the current one first: {list}"
    );
    assert_eq!(sessions[1]["is_current"], false);
    for s in sessions {
        assert_eq!(s["device_model"], "engine-test", "{s}");
        assert_eq!(s["api_id"], 94575);
        assert_eq!(s["application_version"], "1.0, TDLib 1.8.65", "{s}");
        assert_eq!(s["system_version"], "Linux");
        assert_eq!(s["ip_address"], "127.0.0.1");
        assert_eq!(s["device_type"]["@type"], "sessionDeviceTypeLinux", "{s}");
    }
    assert!(list["inactive_session_ttl_days"].as_i64().unwrap_or(0) > 0);
    let other = sessions[1]["id"].clone();
    let ok = a.call(json!({"@type": "terminateSession", "session_id": other}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let bad = a.call(json!({"@type": "terminateSession", "session_id": "12345"}));
    assert_eq!(bad["message"], "HASH_INVALID", "{bad}");
    let list = a.call(json!({"@type": "getActiveSessions"}));
    assert_eq!(list["sessions"].as_array().map(Vec::len), Some(1), "{list}");

    // The ended session learns it on its next request and closes as TDLib does.
    let my_id = b.call(json!({"@type": "getMe"}))["id"].clone();
    let e = b.call(json!({"@type": "getUserFullInfo", "user_id": my_id}));
    assert_eq!(e["code"], 401, "{e}");
    b.wait_state("authorizationStateLoggingOut");
    b.wait_closed();
    a.close();
    dc.stop();
}

#[test]
fn the_code_is_resent_once_and_new_numbers_see_the_terms() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let mut td = Td::start(&temp_dir("resend"));
    td.wait_state("authorizationStateWaitPhoneNumber");
    let e = td.call(json!({"@type": "resendAuthenticationCode"}));
    assert_eq!(e["message"], "Call to resendAuthenticationCode unexpected");
    let phone = phone(1);
    td.call(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone}));
    let state = td.wait_state("authorizationStateWaitCode");
    let info = &state["code_info"];
    assert_eq!(
        info["next_type"]["@type"], "authenticationCodeTypeSms",
        "{info}"
    );
    let timeout = info["timeout"].as_i64().expect("timeout");
    assert!((1..=60).contains(&timeout), "{info}");
    let ok = td.call(json!({"@type": "resendAuthenticationCode"}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let state = td.wait_state("authorizationStateWaitCode");
    assert_eq!(
        state["code_info"]["type"]["@type"], "authenticationCodeTypeSms",
        "{state}"
    );
    assert!(state["code_info"].get("next_type").is_none(), "{state}");
    let e = td.call(json!({"@type": "resendAuthenticationCode"}));
    assert_eq!(e["message"], "Authentication code can't be resend");
    td.call(json!({"@type": "checkAuthenticationCode", "code": code_of(&phone)}));
    let state = td.wait_state("authorizationStateWaitRegistration");
    let tos = &state["terms_of_service"];
    assert_eq!(tos["@type"], "termsOfService", "{state}");
    assert!(
        !tos["text"]["text"].as_str().unwrap_or("").is_empty(),
        "{tos}"
    );
    assert!(
        !tos["text"]["entities"].as_array().unwrap().is_empty(),
        "{tos}"
    );
    assert_eq!(tos["min_user_age"], 16);
    td.close();
    dc.stop();
}

#[test]
fn a_second_authorization_query_ends_the_first() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let mut td = Td::start(&temp_dir("another-query"));
    td.wait_state("authorizationStateWaitPhoneNumber");
    // td_send registers the first query before it returns, so the second finds it in flight
    // (and a held-back answer keeps it there whatever the machine's speed).
    let fault =
        dc.fault(json!({"kind": "delay", "ms": 3000, "match": {"method": "auth.sendCode"}}));
    let first = td.send(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone(1)}));
    let second =
        td.call(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone(1)}));
    let first = td.answer(&first).expect("the first answered");
    assert_eq!(
        first["message"], "Another authorization query has started",
        "{first}"
    );
    assert_eq!(second["@type"], "ok", "{second}");
    assert!(dc.fault_fired(fault));
    td.close();
    dc.stop();
}
