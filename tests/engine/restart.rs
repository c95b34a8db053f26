//! A client started again on its database: Ready without the network, getMe from the
//! database; log out and destroy; the database encryption key.

use serde_json::json;

use crate::common;
use crate::support::{params, sign_up, temp_dir, Td, TestDc};

#[test]
fn a_signed_in_client_restarts_ready_without_the_network() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let dir = temp_dir("restart");
    let (mut td, phone) = sign_up(&dir, 2, "Ray");
    let me = td.call(json!({"@type": "getMe"}));
    td.close();
    dc.stop();

    // testdc is gone: everything below comes from the database.
    let mut td = Td::create();
    let first = Td::mark();
    let ok = td.call(params(&dir, ""));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let seen = td.since(first);
    let pos = |pred: &dyn Fn(&serde_json::Value) -> bool| {
        seen.iter()
            .position(pred)
            .unwrap_or_else(|| panic!("missing in {seen:?}"))
    };
    let my_id = pos(&|v| v["@type"] == "updateOption" && v["name"] == "my_id");
    let user = pos(&|v| v["@type"] == "updateUser" && v["user"]["id"] == me["id"]);
    let ready = pos(&|v| {
        v["@type"] == "updateAuthorizationState"
            && v["authorization_state"]["@type"] == "authorizationStateReady"
    });
    let answer = pos(&|v| v["@type"] == "ok");
    assert!(my_id < user && user < ready && ready < answer, "{seen:?}");
    let mut again = td.call(json!({"@type": "getMe"}));
    again["@extra"] = me["@extra"].clone();
    again["@client_id"] = me["@client_id"].clone();
    assert_eq!(again, me, "getMe from the database is the user it stored");
    assert_eq!(again["phone_number"], phone.as_str());
    assert!(
        !td.log()
            .iter()
            .any(|v| v["@type"] == "updateConnectionState"
                && v["state"]["@type"] == "connectionStateReady"),
        "no network, so never ready"
    );
    td.close();
}

#[test]
fn a_restarted_client_catches_up_once_connected() {
    let _guard = common::lock();
    let data = temp_dir("restart-data");
    let dc = TestDc::start_with(Some(&data), Default::default());
    // Home on DC 1, which TDJSON_TEST_DC names, and on DC 3, whose address only the
    // config gives: a restart must ask DC 1 for it again.
    let dirs = [
        (1, temp_dir("restart-online"), "Una"),
        (3, temp_dir("restart-dc3"), "Tess"),
    ];
    for (home, dir, name) in &dirs {
        let (td, _) = sign_up(dir, *home, name);
        td.close();
    }
    dc.stop();
    let dc = TestDc::start_with(Some(&data), Default::default());
    for (home, dir, _) in &dirs {
        let mut td = Td::start(dir);
        td.wait_state("authorizationStateReady");
        td.wait_connection("connectionStateReady");
        // Updating, if shown at all (a catch-up shorter than 50 ms is not), came before Ready.
        let states: Vec<String> = td
            .updates()
            .iter()
            .filter(|v| v["@type"] == "updateConnectionState")
            .map(|v| v["state"]["@type"].as_str().unwrap_or("").to_string())
            .collect();
        assert!(
            states == ["connectionStateConnecting", "connectionStateReady"]
                || states
                    == [
                        "connectionStateConnecting",
                        "connectionStateUpdating",
                        "connectionStateReady"
                    ],
            "DC {home}: {states:?}"
        );
        let my_id = td.call(json!({"@type": "getMe"}))["id"].clone();
        let me = td.call(json!({"@type": "getUserFullInfo", "user_id": my_id}));
        assert_eq!(me["@type"], "userFullInfo", "DC {home}: {me}");
        let history = td.call(json!({"@type": "getChatHistory", "chat_id": my_id, "limit": 10}));
        assert_eq!(history["@type"], "messages", "DC {home}: {history}");
        td.close();
    }
    dc.stop();
}

#[test]
fn log_out_ends_the_session_on_the_server_and_empties_the_database() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let dir = temp_dir("log-out");
    let (mut td, _) = sign_up(&dir, 1, "Lou");
    let id = td.call(json!({"@type": "getMe"}))["id"].as_i64().unwrap();
    assert_eq!(dc.user(id)["sessions"].as_array().map(Vec::len), Some(1));
    let from = Td::mark();
    let extra = td.send(json!({"@type": "logOut"}));
    td.wait_state("authorizationStateLoggingOut");
    td.wait_closed();
    let seen: Vec<String> = td
        .since(from)
        .iter()
        .map(|v| {
            if v["@extra"] == extra.as_str() {
                v["@type"].as_str().unwrap_or("").to_string()
            } else {
                v["authorization_state"]["@type"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            }
        })
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(
        seen,
        [
            "authorizationStateLoggingOut",
            "ok",
            "authorizationStateClosed"
        ],
        "TDLib's order, no Closing"
    );
    assert_eq!(
        dc.user(id)["sessions"].as_array().map(Vec::len),
        Some(0),
        "signed out on the server"
    );
    let mut again = Td::start(&dir);
    again.wait_state("authorizationStateWaitPhoneNumber");
    again.close();
    dc.stop();
}

#[test]
fn destroy_forgets_the_account_locally_only() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let dir = temp_dir("destroy");
    let (mut td, _) = sign_up(&dir, 1, "Dan");
    let id = td.call(json!({"@type": "getMe"}))["id"].as_i64().unwrap();
    let ok = td.call(json!({"@type": "destroy"}));
    assert_eq!(ok["@type"], "ok");
    td.wait_state("authorizationStateLoggingOut");
    td.wait_state("authorizationStateClosed");
    assert_eq!(
        dc.user(id)["sessions"].as_array().map(Vec::len),
        Some(1),
        "still listed on the server"
    );
    let mut again = Td::start(&dir);
    again.wait_state("authorizationStateWaitPhoneNumber");
    again.close();
    dc.stop();
}

#[test]
fn the_database_opens_only_with_its_encryption_key() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let dir = temp_dir("key");
    let mut td = Td::start_with_key(&dir, "c2VjcmV0");
    td.wait_state("authorizationStateWaitPhoneNumber");
    td.close();
    let mut td = Td::create();
    let wrong = td.call(params(&dir, "d3Jvbmc="));
    assert_eq!(wrong["@type"], "error", "{wrong}");
    assert_eq!(wrong["code"], 401);
    assert_eq!(wrong["message"], "Wrong database encryption key");
    let state = td.call(json!({"@type": "getAuthorizationState"}));
    assert_eq!(state["@type"], "authorizationStateWaitTdlibParameters");
    let ok = td.call(params(&dir, "c2VjcmV0"));
    assert_eq!(ok["@type"], "ok", "the right key still works: {ok}");
    td.close();
    // The file holds no auth key in the clear: the sealed tables can't be read without it.
    dc.stop();
}
