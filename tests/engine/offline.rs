//! Updates that miss nothing: an account closed while messages arrive gets every one of
//! them once and in order when it starts again, through slices of the difference, a
//! too-long difference, and updatesTooLong.

use std::path::Path;

use serde_json::{json, Value};

use crate::common;
use crate::support::{
    import_contact, my_id, send_text, sign_up, sign_up_with, temp_dir, text_of, Td, TestDc,
};

const PER_CHAT: usize = 25;

/// Ann (with the message database) and Bob share a private chat and a basic group.
struct World {
    dc: TestDc,
    ann_dir: std::path::PathBuf,
    ann: Option<Td>,
    bob: Td,
    ann_id: i64,
    group_id: i64,
}

fn world(name: &str) -> World {
    let dc = TestDc::start();
    let ann_dir = temp_dir(&format!("{name}-ann"));
    let (mut ann, ann_phone) = sign_up_with(Td::start_db(&ann_dir), 1, "Ann");
    let (mut bob, _) = sign_up(&temp_dir(&format!("{name}-bob")), 1, "Bob");
    let ann_id = my_id(&mut ann);
    import_contact(&mut bob, &ann_phone, "Ann");
    let created = bob.call(json!({
        "@type": "createNewBasicGroupChat", "user_ids": [ann_id], "title": "Pair", "message_auto_delete_time": 0
    }));
    let group_id = created["chat_id"].as_i64().expect("a group");
    ann.wait("the group", |v| {
        v["@type"] == "updateNewChat" && v["chat"]["id"] == group_id
    });
    let ok = ann.call(json!({"@type": "loadChats", "limit": 20}));
    assert_eq!(ok["@type"], "ok", "{ok}");
    World {
        dc,
        ann_dir,
        ann: Some(ann),
        bob,
        ann_id,
        group_id,
    }
}

/// Bob sends PER_CHAT messages in each chat while Ann is closed.
fn send_while_closed(w: &mut World) {
    if let Some(ann) = w.ann.take() {
        ann.close();
    }
    let bob_chat = w.ann_id;
    for i in 0..PER_CHAT {
        send_text(&mut w.bob, bob_chat, &format!("pm {i}"));
        send_text(&mut w.bob, w.group_id, &format!("group {i}"));
    }
}

/// Ann starts again from her database; the texts she is told of, by chat, until `want`
/// new messages came.
fn restart_and_collect(dir: &Path, want: usize) -> (Td, Vec<Value>) {
    let mut ann = Td::start_db(dir);
    ann.wait_state("authorizationStateReady");
    let mut got = Vec::new();
    while got.len() < want {
        let m = ann.wait("an offline message", |v| v["@type"] == "updateNewMessage");
        got.push(m["message"].clone());
    }
    ann.wait_connection("connectionStateReady");
    (ann, got)
}

fn check_order(got: &[Value], bob_chat: i64, group_id: i64) {
    for (chat, prefix) in [(bob_chat, "pm"), (group_id, "group")] {
        let texts: Vec<&str> = got
            .iter()
            .filter(|m| m["chat_id"] == chat)
            .map(text_of)
            .collect();
        let want: Vec<String> = (0..PER_CHAT).map(|i| format!("{prefix} {i}")).collect();
        assert_eq!(texts, want, "chat {chat}: once each, in order");
    }
}

fn check_counts(ann: &mut Td, bob_chat: i64, group_id: i64) {
    for chat in [bob_chat, group_id] {
        let c = ann.call(json!({"@type": "getChat", "chat_id": chat}));
        assert_eq!(
            c["unread_count"],
            PER_CHAT as i64 + i64::from(chat == group_id),
            "{c}"
        );
        let last = text_of(&c["last_message"]).to_string();
        assert!(last.ends_with(&format!("{}", PER_CHAT - 1)), "{c}");
    }
}

fn finish(w: World, ann: Td) {
    ann.close();
    w.bob.close();
    w.dc.stop();
}

#[test]
fn offline_messages_arrive_once_and_in_order_through_difference_slices() {
    let _guard = common::lock();
    let mut w = world("offline");
    let bob_id = my_id(&mut w.bob);
    // Slices of 7 events: the client follows them to the end.
    let (status, _) =
        w.dc.control("POST", "/settings", Some(json!({"difference_limit": 7})));
    assert_eq!(status, 200);
    send_while_closed(&mut w);
    let dir = w.ann_dir.clone();
    let (mut ann, got) = restart_and_collect(&dir, 2 * PER_CHAT);
    check_order(&got, bob_id, w.group_id);
    check_counts(&mut ann, bob_id, w.group_id);
    // Nothing more comes twice: one more message is the only new one.
    send_text(&mut w.bob, w.ann_id, "after");
    let next = ann.wait("after", |v| v["@type"] == "updateNewMessage");
    assert_eq!(text_of(&next["message"]), "after", "{next}");
    finish(w, ann);
}

#[test]
fn a_too_long_difference_still_leaves_the_chat_list_and_history_right() {
    let _guard = common::lock();
    let mut w = world("too-long");
    let bob_id = my_id(&mut w.bob);
    w.dc.fault(json!({"kind": "difference_too_long", "match": {"user_id": w.ann_id}}));
    send_while_closed(&mut w);
    let mut ann = Td::start_db(&w.ann_dir);
    ann.wait_state("authorizationStateReady");
    // The chats reload: their last messages are the newest (in whatever order they come).
    let wants = [
        (bob_id, format!("pm {}", PER_CHAT - 1)),
        (w.group_id, format!("group {}", PER_CHAT - 1)),
    ];
    let mut seen = [false, false];
    while !seen.iter().all(|x| *x) {
        let v = ann.wait("the newest last messages", |v| {
            v["@type"] == "updateChatLastMessage"
        });
        for (i, (chat, want)) in wants.iter().enumerate() {
            if v["chat_id"] == *chat && text_of(&v["last_message"]) == want {
                seen[i] = true;
            }
        }
    }
    check_counts(&mut ann, bob_id, w.group_id);
    for (chat, prefix) in [(bob_id, "pm"), (w.group_id, "group")] {
        let h = ann.call(json!({
            "@type": "getChatHistory", "chat_id": chat, "from_message_id": 0, "offset": 0, "limit": 100
        }));
        let texts: Vec<&str> = h["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(text_of)
            .collect();
        let texts: Vec<&str> = texts
            .into_iter()
            .filter(|t| t.starts_with(prefix))
            .rev()
            .collect();
        let want: Vec<String> = (0..PER_CHAT).map(|i| format!("{prefix} {i}")).collect();
        assert_eq!(texts, want, "history of {chat}");
    }
    let dup = ann
        .updates()
        .iter()
        .filter(|v| v["@type"] == "updateNewMessage")
        .count();
    assert!(dup <= 1, "a too-long difference replays nothing: {dup}");
    finish(w, ann);
}

#[test]
fn updates_too_long_while_online_loses_and_repeats_nothing() {
    let _guard = common::lock();
    let mut w = world("updates-too-long");
    let mut ann = w.ann.take().expect("ann");
    send_text(&mut w.bob, w.ann_id, "before");
    ann.wait("before", |v| {
        v["@type"] == "updateNewMessage" && text_of(&v["message"]) == "before"
    });
    let (status, _) = w.dc.control(
        "POST",
        "/faults",
        Some(json!({"kind": "updates_too_long", "user_id": w.ann_id})),
    );
    assert_eq!(status, 200);
    // The difference it causes may be too quick for connectionStateUpdating to show (TDLib
    // holds a worse state 300 ms before reporting it): what must hold is what arrives.
    for i in 0..3 {
        send_text(&mut w.bob, w.ann_id, &format!("after {i}"));
    }
    for i in 0..3 {
        let want = format!("after {i}");
        let m = ann.wait(&want, |v| v["@type"] == "updateNewMessage");
        assert_eq!(text_of(&m["message"]), want);
    }
    let before = ann
        .updates()
        .iter()
        .filter(|v| v["@type"] == "updateNewMessage" && text_of(&v["message"]) == "before")
        .count();
    assert_eq!(before, 1, "nothing delivered twice");
    finish(w, ann);
}

/// A channel whose subscriber (with the message database, in the returned directory) was
/// closed while PER_CHAT posts came.
fn channel_world(name: &str) -> (TestDc, std::path::PathBuf, i64) {
    let dc = TestDc::start();
    let dir = temp_dir(&format!("{name}-sub"));
    let (mut sub, _) = sign_up_with(Td::start_db(&dir), 1, "Sub");
    let (mut owner, _) = sign_up(&temp_dir(&format!("{name}-owner")), 1, "Owner");
    let chat = owner.call(json!({
        "@type": "createNewSupergroupChat", "title": "Posts", "is_forum": false, "is_channel": true,
        "description": "", "message_auto_delete_time": 0, "for_import": false
    }));
    let chat_id = chat["id"].as_i64().expect("a channel");
    let link = owner.call(json!({
        "@type": "createChatInviteLink", "chat_id": chat_id, "name": "", "expiration_date": 0,
        "member_limit": 0, "creates_join_request": false
    }));
    let joined =
        sub.call(json!({"@type": "joinChatByInviteLink", "invite_link": link["invite_link"]}));
    assert_eq!(joined["@type"], "chatJoinResultSuccess", "{joined}");
    sub.close();
    for i in 0..PER_CHAT {
        send_text(&mut owner, chat_id, &format!("post {i}"));
    }
    owner.close();
    (dc, dir, chat_id)
}

/// The posts of a channel's history, oldest first.
fn posts(td: &mut Td, chat_id: i64) -> Vec<String> {
    let h = td.call(json!({
        "@type": "getChatHistory", "chat_id": chat_id, "from_message_id": 0, "offset": 0, "limit": 100
    }));
    let mut v: Vec<String> = h["messages"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|m| text_of(m).to_string())
                .filter(|t| t.starts_with("post"))
                .collect()
        })
        .unwrap_or_default();
    v.reverse();
    v
}

fn all_posts() -> Vec<String> {
    (0..PER_CHAT).map(|i| format!("post {i}")).collect()
}

#[test]
fn channel_posts_missed_while_closed_arrive_once_in_order_through_slices() {
    let _guard = common::lock();
    let (dc, dir, chat_id) = channel_world("ch-diff");
    let (status, _) = dc.control(
        "POST",
        "/settings",
        Some(json!({"channel_difference_limit": 7})),
    );
    assert_eq!(status, 200);
    let mut sub = Td::start_db(&dir);
    sub.wait_state("authorizationStateReady");
    let mut got = Vec::new();
    while got.len() < PER_CHAT {
        let m = sub.wait("a missed post", |v| {
            v["@type"] == "updateNewMessage" && v["message"]["chat_id"] == chat_id
        });
        got.push(text_of(&m["message"]).to_string());
    }
    assert_eq!(got, all_posts(), "once each, in order");
    assert_eq!(posts(&mut sub, chat_id), all_posts());
    sub.close();
    dc.stop();
}

#[test]
fn a_too_long_channel_difference_restarts_the_channel_from_its_dialog() {
    let _guard = common::lock();
    let (dc, dir, chat_id) = channel_world("ch-long");
    dc.fault(json!({"kind": "channel_difference_too_long"}));
    let mut sub = Td::start_db(&dir);
    sub.wait_state("authorizationStateReady");
    let last = format!("post {}", PER_CHAT - 1);
    sub.wait(&last, |v| {
        v["@type"] == "updateChatLastMessage"
            && v["chat_id"] == chat_id
            && text_of(&v["last_message"]) == last
    });
    assert_eq!(
        posts(&mut sub, chat_id),
        all_posts(),
        "the history is the server's"
    );
    sub.close();
    dc.stop();
}
