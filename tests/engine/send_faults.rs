//! Faults while sending: every message reaches the other side exactly once, and every
//! request is answered exactly once.

use serde_json::{json, Value};

use crate::common;
use crate::support::{import_contact, log_of, my_id, sign_up, temp_dir, text, text_of, TestDc};

fn count(log: &[Value], pred: impl Fn(&Value) -> bool) -> usize {
    log.iter().filter(|v| pred(v)).count()
}

#[test]
fn every_message_sent_through_faults_arrives_once() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut ann, _) = sign_up(&temp_dir("sf-ann"), 1, "Ann");
    let (mut bob, bob_phone) = sign_up(&temp_dir("sf-bob"), 1, "Bob");
    let bob_id = import_contact(&mut ann, &bob_phone, "Bob");
    let ann_id = my_id(&mut ann);
    let send = json!({"method": "messages.sendMessage"});
    let faults: Vec<(&str, Value)> = vec![
        (
            "dropped",
            json!({"kind": "close_connection", "match": send}),
        ),
        (
            "run then dropped",
            json!({"kind": "close_connection", "run": true, "match": send}),
        ),
        (
            "bad salt",
            json!({"kind": "bad_server_salt", "match": send}),
        ),
        (
            "delayed",
            json!({"kind": "delay", "ms": 1500, "match": send}),
        ),
        (
            "flood",
            json!({"kind": "flood_wait", "seconds": 2, "match": send}),
        ),
        (
            "server error",
            json!({"kind": "rpc_error", "code": 500, "message": "INTERNAL", "match": send}),
        ),
        ("dc restart", json!({"kind": "restart_dc", "dc": 1})),
    ];
    let mut sent = Vec::new();
    for (name, fault) in &faults {
        let id = dc.fault(fault.clone());
        let s = format!("through {name}");
        let extra = ann.send(
            json!({"@type": "sendMessage", "chat_id": bob_id, "input_message_content": text(&s)}),
        );
        let answer = ann.answer(&extra).expect("answered");
        assert_eq!(answer["@type"], "message", "{name}: {answer}");
        let temp = answer["id"].clone();
        let ok = ann.wait(name, |v| {
            (v["@type"] == "updateMessageSendSucceeded" || v["@type"] == "updateMessageSendFailed")
                && v["old_message_id"] == temp
        });
        assert_eq!(ok["@type"], "updateMessageSendSucceeded", "{name}: {ok}");
        assert!(dc.fault_fired(id), "{name}: the fault fired");
        sent.push((extra, s));
    }
    // One more after all of them: when it is seen, everything before it is too.
    let last = crate::support::send_text(&mut ann, bob_id, "the end");
    assert_eq!(text_of(&last), "the end");
    bob.wait("the end", |v| {
        v["@type"] == "updateNewMessage" && text_of(&v["message"]) == "the end"
    });
    let (ann_client, bob_client) = (ann.id, bob.id);
    ann.close();
    bob.close();
    let ann_log = log_of(ann_client);
    let bob_log = log_of(bob_client);
    let (_, server) = dc.control(
        "GET",
        &format!("/messages?user_id={bob_id}&peer_id={ann_id}&limit=100"),
        None,
    );
    for (extra, s) in &sent {
        assert_eq!(
            count(&ann_log, |v| v["@extra"] == extra.as_str()),
            1,
            "{s}: one answer"
        );
        let on_server = server["messages"]
            .as_array()
            .map_or(0, |m| m.iter().filter(|m| m["text"] == s.as_str()).count());
        assert_eq!(on_server, 1, "{s}: once on the server: {server}");
        let seen = count(&bob_log, |v| {
            v["@type"] == "updateNewMessage" && text_of(&v["message"]) == s
        });
        assert_eq!(seen, 1, "{s}: once on the other side");
        let sent_ok = count(&ann_log, |v| {
            v["@type"] == "updateMessageSendSucceeded" && text_of(&v["message"]) == s
        });
        assert_eq!(sent_ok, 1, "{s}: settled once");
    }
    dc.stop();
}
