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

use crate::support::{import_contact, send_text, text, wait_text};
use serde_json::Value;

fn wait_update(td: &mut Td, kind: &str, pred: impl Fn(&Value) -> bool) -> Value {
    td.wait(kind, |v| v["@type"] == kind && pred(v))
}

#[test]
fn edits_deletes_replies_forwards_reads_pins_drafts_and_search_reach_both_sides() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut ann, _) = sign_up(&temp_dir("pm2-ann"), 1, "Ann");
    let (mut bob, bob_phone) = sign_up(&temp_dir("pm2-bob"), 1, "Bob");
    let ann_id = my_id(&mut ann);
    let bob_id = import_contact(&mut ann, &bob_phone, "Bob");

    let first = send_text(&mut ann, bob_id, "first");
    let first_id = first["id"].as_i64().unwrap();
    let got = wait_text(&mut bob, ann_id, "first");
    let bob_first = got["id"].as_i64().unwrap();

    // A reply, as Bob sees it and as Ann sees it.
    let reply = bob.call(json!({
        "@type": "sendMessage", "chat_id": ann_id,
        "reply_to": {"@type": "inputMessageReplyToMessage", "message_id": bob_first},
        "input_message_content": text("a reply")
    }));
    assert_eq!(reply["reply_to"]["message_id"], bob_first, "{reply}");
    let r = wait_text(&mut ann, bob_id, "a reply");
    assert_eq!(r["reply_to"]["@type"], "messageReplyToMessage", "{r}");
    assert_eq!(r["reply_to"]["message_id"], first_id);

    // An edit.
    let edited = ann.call(json!({
        "@type": "editMessageText", "chat_id": bob_id, "message_id": first_id,
        "input_message_content": text("first, edited")
    }));
    assert_eq!(text_of(&edited), "first, edited", "{edited}");
    let c = wait_update(&mut bob, "updateMessageContent", |v| {
        v["message_id"] == bob_first
    });
    assert_eq!(c["new_content"]["text"]["text"], "first, edited");
    let e = wait_update(&mut bob, "updateMessageEdited", |v| {
        v["message_id"] == bob_first
    });
    assert!(e["edit_date"].as_i64().unwrap() > 0);
    let other = bob.call(json!({
        "@type": "editMessageText", "chat_id": ann_id, "message_id": bob_first,
        "input_message_content": text("not mine")
    }));
    assert_eq!(other["message"], "Message can't be edited", "{other}");

    // Read marks: Bob reads, Ann hears.
    let ok = bob.call(json!({"@type": "viewMessages", "chat_id": ann_id, "message_ids": [bob_first], "force_read": true}));
    assert_eq!(ok["@type"], "ok");
    let read = wait_update(&mut ann, "updateChatReadOutbox", |v| v["chat_id"] == bob_id);
    assert!(
        read["last_read_outbox_message_id"].as_i64().unwrap() >= first_id,
        "{read}"
    );

    // A forward to Saved Messages keeps where it came from.
    let fwd = ann.call(json!({
        "@type": "forwardMessages", "chat_id": ann_id, "from_chat_id": bob_id,
        "message_ids": [r["id"]], "send_copy": false, "remove_caption": false
    }));
    assert_eq!(fwd["@type"], "messages", "{fwd}");
    assert_eq!(
        fwd["messages"][0]["forward_info"]["origin"]["sender_user_id"], bob_id,
        "{fwd}"
    );
    let done = wait_update(&mut ann, "updateMessageSendSucceeded", |v| {
        v["old_message_id"] == fwd["messages"][0]["id"]
    });
    assert_eq!(done["message"]["chat_id"], ann_id);
    assert_eq!(text_of(&done["message"]), "a reply");

    // Pins reach both sides.
    let ok = ann.call(json!({"@type": "pinChatMessage", "chat_id": bob_id, "message_id": first_id, "disable_notification": true, "only_for_self": false}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    wait_update(&mut bob, "updateMessageIsPinned", |v| {
        v["message_id"] == bob_first && v["is_pinned"] == true
    });
    let ok =
        ann.call(json!({"@type": "unpinChatMessage", "chat_id": bob_id, "message_id": first_id}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    wait_update(&mut bob, "updateMessageIsPinned", |v| {
        v["message_id"] == bob_first && v["is_pinned"] == false
    });

    // A draft is the chat's, shown at once.
    let ok = ann.call(json!({
        "@type": "setChatDraftMessage", "chat_id": bob_id,
        "draft_message": {"@type": "draftMessage", "date": 0, "effect_id": "0", "content": {
            "@type": "draftMessageContentText", "text": {"@type": "formattedText", "text": "later", "entities": []}}}
    }));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let d = wait_update(&mut ann, "updateChatDraftMessage", |v| {
        v["chat_id"] == bob_id
    });
    assert_eq!(
        d["draft_message"]["content"]["text"]["text"], "later",
        "{d}"
    );
    let chat = ann.call(json!({"@type": "getChat", "chat_id": bob_id}));
    assert_eq!(
        chat["draft_message"]["content"]["text"]["text"], "later",
        "{chat}"
    );

    // Search.
    let found = ann.call(json!({
        "@type": "searchChatMessages", "chat_id": bob_id, "query": "reply", "from_message_id": 0,
        "offset": 0, "limit": 10
    }));
    assert_eq!(found["@type"], "foundChatMessages", "{found}");
    assert_eq!(
        found["messages"].as_array().map(Vec::len),
        Some(1),
        "{found}"
    );
    assert_eq!(text_of(&found["messages"][0]), "a reply");
    let count =
        ann.call(json!({"@type": "getChatMessageCount", "chat_id": bob_id, "return_local": false}));
    assert_eq!(count["@type"], "count", "{count}");
    assert!(count["count"].as_i64().unwrap() >= 2, "{count}");

    // A delete with revoke goes for both.
    let ok = ann.call(json!({"@type": "deleteMessages", "chat_id": bob_id, "message_ids": [first_id], "revoke": true}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let mine = ann
        .updates()
        .into_iter()
        .find(|v| v["@type"] == "updateDeleteMessages" && v["chat_id"] == bob_id);
    let mine = mine.expect("the deletion is told at once");
    assert_eq!(mine["message_ids"], json!([first_id]));
    assert_eq!(mine["is_permanent"], true);
    let theirs = wait_update(&mut bob, "updateDeleteMessages", |v| v["chat_id"] == ann_id);
    assert_eq!(theirs["message_ids"], json!([bob_first]));
    let gone = ann.call(json!({"@type": "getMessage", "chat_id": bob_id, "message_id": first_id}));
    assert_eq!(gone["code"], 404, "{gone}");
    let empty = ann.call(
        json!({"@type": "deleteMessages", "chat_id": bob_id, "message_ids": [], "revoke": true}),
    );
    assert_eq!(empty["@type"], "ok", "an empty list is ok: {empty}");

    // Ann renames herself: her own chat (Saved Messages, where she forwarded) is retitled.
    let ok = ann.call(json!({"@type": "setName", "first_name": "Annie", "last_name": ""}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    let me = ann.call(json!({"@type": "getMe"}));
    assert_eq!(me["first_name"], "Annie");
    let t = wait_update(&mut ann, "updateChatTitle", |v| v["chat_id"] == ann_id);
    assert_eq!(t["title"], "Annie");

    ann.close();
    bob.close();
    dc.stop();
}
