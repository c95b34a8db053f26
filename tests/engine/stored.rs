//! use_chat_info_database / use_message_database: chats and history from the database
//! with no network, the same as the server's; with them off, nothing of the kind written.

use std::path::Path;

use serde_json::{json, Value};

use crate::common;
use crate::support::{
    import_contact, my_id, send_text, sign_up, sign_up_with, temp_dir, Td, TestDc,
};

fn history(td: &mut Td, chat_id: i64, only_local: bool) -> Value {
    let h = td.call(json!({
        "@type": "getChatHistory", "chat_id": chat_id, "from_message_id": 0, "offset": 0,
        "limit": 50, "only_local": only_local
    }));
    assert_eq!(h["@type"], "messages", "{h}");
    h["messages"].clone()
}

fn rows(dir: &Path, table: &str) -> i64 {
    let db =
        rusqlite::Connection::open(dir.join("tdjson_test.sqlite")).expect("the database opens");
    db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("the table exists")
}

#[test]
fn with_the_message_database_chats_and_history_load_without_network() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let dir = temp_dir("stored-ann");
    let (mut ann, ann_phone) = sign_up_with(Td::start_db(&dir), 1, "Ann");
    let (mut bob, _) = sign_up(&temp_dir("stored-bob"), 1, "Bob");
    let bob_id = my_id(&mut bob);
    let ann_id = import_contact(&mut bob, &ann_phone, "Ann");
    for i in 0..5 {
        send_text(&mut bob, ann_id, &format!("m{i}"));
    }
    ann.wait("m4", |v| {
        v["@type"] == "updateNewMessage" && v["message"]["content"]["text"]["text"] == "m4"
    });
    // The whole list, until the server has no more (remembered in the database).
    let ok = ann.call(json!({"@type": "loadChats", "limit": 10}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let mut end = ann.call(json!({"@type": "loadChats", "limit": 10}));
    for _ in 0..5 {
        if end["@type"] == "error" {
            break;
        }
        end = ann.call(json!({"@type": "loadChats", "limit": 10}));
    }
    assert_eq!(end["code"], 404, "the list ends: {end}");
    let from_server = history(&mut ann, bob_id, false);
    assert_eq!(
        from_server.as_array().map(Vec::len),
        Some(5),
        "{from_server}"
    );
    ann.close();
    bob.close();
    dc.stop();

    // No server now: Ready from the database, the chat list and the history from it too.
    let mut ann = Td::start_db(&dir);
    ann.wait_state("authorizationStateReady");
    let ok = ann.call(json!({"@type": "loadChats", "limit": 10}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let chat = ann.wait("the chat", |v| {
        v["@type"] == "updateNewChat" && v["chat"]["id"] == bob_id
    });
    assert_eq!(chat["chat"]["title"], "Bob");
    let pos = ann.wait("its position", |v| {
        v["@type"] == "updateChatPosition" && v["chat_id"] == bob_id
    });
    assert!(
        pos["position"]["order"].as_str().is_some_and(|o| o != "0"),
        "{pos}"
    );
    let c = ann.call(json!({"@type": "getChat", "chat_id": bob_id}));
    assert_eq!(c["unread_count"], 5, "{c}");
    assert_eq!(c["last_message"]["content"]["text"]["text"], "m4", "{c}");
    let from_db = history(&mut ann, bob_id, true);
    assert_eq!(
        from_db, from_server,
        "history from the database is the server's"
    );
    let again = ann.call(json!({"@type": "loadChats", "limit": 10}));
    assert_eq!(again["code"], 404, "every chat is loaded: {again}");
    ann.close();
}

#[test]
fn without_the_databases_no_chat_or_message_is_written() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let dir = temp_dir("unstored-ann");
    let (mut ann, ann_phone) = sign_up(&dir, 1, "Ann");
    let (mut bob, _) = sign_up(&temp_dir("unstored-bob"), 1, "Bob");
    let ann_id = import_contact(&mut bob, &ann_phone, "Ann");
    send_text(&mut bob, ann_id, "hello");
    ann.wait("hello", |v| v["@type"] == "updateNewMessage");
    let ok = ann.call(json!({"@type": "loadChats", "limit": 10}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    ann.close();
    bob.close();
    dc.stop();
    for table in ["messages", "chats", "peers"] {
        assert_eq!(rows(&dir, table), 0, "{table} stays empty");
    }
    assert_eq!(rows(&dir, "users"), 1, "only the account's own user");
}
