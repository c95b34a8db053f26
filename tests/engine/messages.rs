//! Two accounts chatting in a private chat, as TDLib apps see it.

use serde_json::json;

use crate::common;
use crate::support::{my_id, sign_up, temp_dir, text_of, Td, TestDc};

#[test]
fn a_private_chat_carries_messages_both_ways_with_tdlib_updates() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut ann, _) = sign_up(&temp_dir("pm-ann"), 1, "Ann");
    let (mut bob, _) = sign_up(&temp_dir("pm-bob"), 1, "Bob");
    let ann_id = my_id(&mut ann);
    let bob_id = my_id(&mut bob);

    // Bob writes first (through testdc's control interface, as another device would).
    let (status, _) = dc.control(
        "POST",
        "/messages",
        Some(json!({"from_user_id": bob_id, "to_user_id": ann_id, "text": "hello Ann"})),
    );
    assert_eq!(status, 200);
    let from = Td::mark();
    let new = ann.wait("updateNewMessage", |v| v["@type"] == "updateNewMessage");
    let m = &new["message"];
    assert_eq!(m["chat_id"], bob_id);
    assert_eq!(m["sender_id"]["user_id"], bob_id);
    assert_eq!(m["is_outgoing"], false);
    assert_eq!(text_of(m), "hello Ann");
    let id = m["id"].as_i64().unwrap();
    assert_eq!(
        id % (1 << 20),
        0,
        "a server message id is shifted by 20 bits"
    );
    // What came before the message: Bob's user, the chat, its unread count.
    let seen: Vec<String> = ann
        .since(from)
        .iter()
        .map(|v| v["@type"].as_str().unwrap_or("").to_string())
        .collect();
    let pos = |t: &str| seen.iter().position(|x| x == t);
    let chat_at = pos("updateNewChat").expect("the chat is announced");
    assert!(chat_at < pos("updateNewMessage").unwrap(), "{seen:?}");
    assert!(
        pos("updateChatReadInbox").unwrap() < pos("updateNewMessage").unwrap(),
        "{seen:?}"
    );
    let last = ann.wait("updateChatLastMessage", |v| {
        v["@type"] == "updateChatLastMessage"
    });
    assert_eq!(last["last_message"]["id"], id);

    // Ann answers; the answer is the pending message, then the server's id replaces it.
    let sent = ann.call(json!({
        "@type": "sendMessage",
        "chat_id": bob_id,
        "input_message_content": {
            "@type": "inputMessageText",
            "text": {"@type": "formattedText", "text": "hi Bob", "entities": []}
        }
    }));
    assert_eq!(sent["@type"], "message", "{sent}");
    assert_eq!(sent["sending_state"]["@type"], "messageSendingStatePending");
    let temp = sent["id"].as_i64().unwrap();
    assert_eq!(
        temp,
        id + 1,
        "the first yet-unsent id follows the last message"
    );
    let ok = ann.wait("updateMessageSendSucceeded", |v| {
        v["@type"] == "updateMessageSendSucceeded"
    });
    assert_eq!(ok["old_message_id"], temp);
    let final_id = ok["message"]["id"].as_i64().unwrap();
    assert!(final_id > id && final_id % (1 << 20) == 0, "{ok}");
    assert!(ok["message"].get("sending_state").is_none(), "{ok}");

    // Bob sees his first message (sent from "another device") as outgoing, then Ann's.
    let own = bob.wait("own message", |v| v["@type"] == "updateNewMessage");
    assert_eq!(own["message"]["is_outgoing"], true, "{own}");
    assert_eq!(text_of(&own["message"]), "hello Ann");
    let got = bob.wait("updateNewMessage", |v| {
        v["@type"] == "updateNewMessage" && v["message"]["chat_id"] == ann_id
    });
    assert_eq!(text_of(&got["message"]), "hi Bob");
    assert_eq!(got["message"]["sender_id"]["user_id"], ann_id);

    // History, newest first, from the server.
    let history = ann.call(json!({
        "@type": "getChatHistory", "chat_id": bob_id, "from_message_id": 0, "offset": 0, "limit": 10
    }));
    assert_eq!(history["@type"], "messages", "{history}");
    let texts: Vec<&str> = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(texts, ["hi Bob", "hello Ann"]);
    let bad = ann.call(json!({
        "@type": "getChatHistory", "chat_id": bob_id, "from_message_id": 0, "offset": 0, "limit": 0
    }));
    assert_eq!(bad["message"], "Parameter limit must be positive");
    let none = ann.call(json!({"@type": "getChat", "chat_id": 777}));
    assert_eq!(none["message"], "Chat not found");

    ann.close();
    bob.close();
    dc.stop();
}
