//! Telethon 1.44 as the other party: a Telethon account (tests/telethon/peer.py, an
//! independent MTProto client of testdc) and an engine account exchange messages in a private
//! chat, a basic group and a channel, with edits and deletes; each side sees what the other did.
//!
//! Needs Python with Telethon: run by tests/run_external.sh as
//! `TELETHON_PYTHON=... cargo test --release --test engine telethon_peer -- --ignored`.
//! Without TELETHON_PYTHON, or when peer.py does not start, the test fails.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common;
use crate::support::{
    my_id, phone, send_text, sign_up, temp_dir, text, text_of, wait_text, Td, TestDc, WAIT,
};

/// The Telethon account: a child process spoken to in JSON lines. Dropping it kills it.
struct Peer {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    stderr: PathBuf,
    next: u64,
}

impl Peer {
    fn start(dc: &TestDc, telethon_dc: i32) -> Peer {
        let python = std::env::var("TELETHON_PYTHON").unwrap_or_default();
        assert!(
            !python.is_empty(),
            "TELETHON_PYTHON is not set: it must name a python with Telethon 1.44 \
             (tests/run_external.sh sets it up with ../shared/tools/setup_telethon.sh)"
        );
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/telethon/peer.py");
        let stderr = temp_dir("telethon-peer").join("peer.stderr");
        let err_file = std::fs::File::create(&stderr).expect("stderr file");
        let mut child = Command::new(&python)
            .arg(script)
            .args(["--host", "127.0.0.1", "--port"])
            .arg(dc.port(telethon_dc).to_string())
            .args(["--dc", &telethon_dc.to_string(), "--rsa-pub"])
            .arg(&dc.key_file)
            .arg("-v")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(err_file)
            .spawn()
            .unwrap_or_else(|e| panic!("{python} {script} does not start: {e}"));
        let stdout = child.stdout.take().expect("stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take();
        let mut peer = Peer {
            child,
            stdin,
            lines,
            stderr,
            next: 0,
        };
        // Importing Telethon takes a while on a busy machine.
        let ready = peer.line(Duration::from_secs(60), "the ready line");
        assert_eq!(ready["ready"], true, "{ready}");
        assert!(
            ready["telethon"].as_str().unwrap_or("").starts_with("1.44"),
            "Telethon 1.44 expected: {ready}"
        );
        peer
    }

    /// The last lines peer.py wrote to stderr (its log), for failure messages.
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.stderr).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    fn line(&mut self, limit: Duration, what: &str) -> Value {
        match self.lines.recv_timeout(limit) {
            Ok(line) => serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("peer.py wrote a non-JSON line ({e}): {line}")),
            Err(RecvTimeoutError::Timeout) => {
                panic!(
                    "peer.py: {what} not seen in {limit:?}; its log:\n{}",
                    self.log_tail()
                )
            }
            Err(RecvTimeoutError::Disconnected) => {
                let status = self.child.wait().map(|s| s.to_string()).unwrap_or_default();
                panic!(
                    "peer.py exited ({status}) before {what}; its log:\n{}",
                    self.log_tail()
                )
            }
        }
    }

    /// Runs a command; its answer, which must be ok.
    fn cmd(&mut self, mut command: Value) -> Value {
        self.next += 1;
        let id = self.next;
        command["id"] = json!(id);
        let stdin = self.stdin.as_mut().expect("stdin");
        writeln!(stdin, "{command}")
            .and_then(|_| stdin.flush())
            .unwrap_or_else(|e| panic!("peer.py does not take {command}: {e}"));
        let wait = command["timeout"].as_u64().unwrap_or(0);
        let limit = Duration::from_secs(wait) + WAIT;
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let answer = self.line(left, &format!("the answer to {command}"));
            if answer["id"] != id {
                continue;
            }
            assert!(
                answer["ok"] == true,
                "Telethon: {command} failed: {}\n{}\nevents not taken: {}\nits log:\n{}",
                answer["error"],
                answer["traceback"].as_str().unwrap_or(""),
                answer["events"],
                self.log_tail()
            );
            return answer;
        }
    }

    /// The first event of `kind` Telethon saw (or sees within WAIT) whose fields match.
    fn event(&mut self, kind: &str, matching: Value) -> Value {
        self.cmd(json!({"cmd": "wait_event", "kind": kind, "match": matching, "timeout": WAIT.as_secs()}))
            ["event"]
            .clone()
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TDLib message id from a server message id, and back.
fn td_id(server: i64) -> i64 {
    server << 20
}

fn server_id(m: &Value) -> i64 {
    let id = m["id"].as_i64().expect("message id");
    assert_eq!(id % (1 << 20), 0, "a server message: {m}");
    id >> 20
}

fn wait_update(td: &mut Td, kind: &str, pred: impl Fn(&Value) -> bool) -> Value {
    td.wait(kind, |v| v["@type"] == kind && pred(v))
}

/// E sees an edit of message `id` in `chat_id` to `new`: updateMessageContent and
/// updateMessageEdited, taken in whichever order they come.
fn engine_sees_edit(td: &mut Td, chat_id: i64, id: i64, new: &str) {
    let (mut content, mut edited) = (None, None);
    while content.is_none() || edited.is_none() {
        let v = td.wait("updateMessageContent and updateMessageEdited", |v| {
            (v["@type"] == "updateMessageContent" || v["@type"] == "updateMessageEdited")
                && v["chat_id"] == chat_id
                && v["message_id"] == id
        });
        if v["@type"] == "updateMessageContent" {
            content = Some(v);
        } else {
            edited = Some(v);
        }
    }
    let (content, edited) = (content.unwrap(), edited.unwrap());
    assert_eq!(content["new_content"]["@type"], "messageText", "{content}");
    assert_eq!(content["new_content"]["text"]["text"], new, "{content}");
    assert!(edited["edit_date"].as_i64().unwrap_or(0) > 0, "{edited}");
    let m = td.call(json!({"@type": "getMessage", "chat_id": chat_id, "message_id": id}));
    assert_eq!(text_of(&m), new, "getMessage after the edit: {m}");
    assert!(m["edit_date"].as_i64().unwrap_or(0) > 0, "{m}");
}

/// E sees message `id` of `chat_id` deleted for good.
fn engine_sees_delete(td: &mut Td, chat_id: i64, id: i64) {
    let d = wait_update(td, "updateDeleteMessages", |v| {
        v["chat_id"] == chat_id
            && v["message_ids"]
                .as_array()
                .is_some_and(|ids| ids.contains(&json!(id)))
    });
    assert_eq!(d["is_permanent"], true, "{d}");
    assert_eq!(d["from_cache"], false, "{d}");
    let gone = td.call(json!({"@type": "getMessage", "chat_id": chat_id, "message_id": id}));
    assert_eq!(
        gone["@type"], "error",
        "a deleted message is not found: {gone}"
    );
}

fn edit(td: &mut Td, chat_id: i64, id: i64, new: &str) {
    let edited = td.call(json!({
        "@type": "editMessageText", "chat_id": chat_id, "message_id": id,
        "input_message_content": text(new)
    }));
    assert_eq!(edited["@type"], "message", "editMessageText: {edited}");
    assert_eq!(text_of(&edited), new, "{edited}");
}

fn delete(td: &mut Td, chat_id: i64, id: i64) {
    let ok = td.call(json!({
        "@type": "deleteMessages", "chat_id": chat_id, "message_ids": [id], "revoke": true
    }));
    assert_eq!(ok["@type"], "ok", "deleteMessages: {ok}");
}

#[test]
#[ignore = "needs Python with Telethon 1.44 (TELETHON_PYTHON); run by tests/run_external.sh"]
fn telethon_peer_and_engine_chat_in_private_a_group_and_a_channel() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut e, e_phone) = sign_up(&temp_dir("peer-engine"), 1, "Engine");
    let e_id = my_id(&mut e);
    // Telethon on DC 2: every message crosses DCs.
    let mut t = Peer::start(&dc, 2);
    let t_id = t.cmd(json!({"cmd": "sign_up", "phone": phone(2), "first_name": "Telethon"}))
        ["user_id"]
        .as_i64()
        .expect("Telethon's user id");
    assert_ne!(t_id, e_id);
    let found = t.cmd(json!({"cmd": "import_contact", "phone": e_phone, "first_name": "Eng"}));
    assert_eq!(found["user_id"], e_id, "{found}");

    // (1) The private chat. T writes first.
    let t_first = t.cmd(json!({"cmd": "send", "peer": e_id, "text": "hello from Telethon"}))
        ["message_id"]
        .as_i64()
        .unwrap();
    let m = wait_text(&mut e, t_id, "hello from Telethon");
    assert_eq!(m["sender_id"]["@type"], "messageSenderUser", "{m}");
    assert_eq!(m["sender_id"]["user_id"], t_id, "{m}");
    assert_eq!(m["is_outgoing"], false, "{m}");
    let e_sees_t_first = m["id"].as_i64().unwrap();
    let user = e.call(json!({"@type": "getUser", "user_id": t_id}));
    assert_eq!(user["first_name"], "Telethon", "{user}");
    let chat = e.call(json!({"@type": "getChat", "chat_id": t_id}));
    assert_eq!(chat["type"]["@type"], "chatTypePrivate", "{chat}");
    assert_eq!(chat["type"]["user_id"], t_id, "{chat}");

    // E answers; T sees it from E.
    let reply = send_text(&mut e, t_id, "hello from the engine");
    let got = t.event("new_message", json!({"text": "hello from the engine"}));
    assert_eq!(got["chat_id"], e_id, "{got}");
    assert_eq!(got["sender_id"], e_id, "{got}");
    assert_eq!(got["out"], false, "{got}");
    let t_sees_reply = got["id"].as_i64().unwrap();

    // T edits its message; E sees the new content and the edit.
    let edited = t.cmd(json!({"cmd": "edit", "peer": e_id, "message_id": t_first, "text": "hello, edited by Telethon"}));
    assert_eq!(edited["text"], "hello, edited by Telethon", "{edited}");
    engine_sees_edit(&mut e, t_id, e_sees_t_first, "hello, edited by Telethon");

    // E edits its own; T sees MessageEdited.
    let reply_id = reply["id"].as_i64().unwrap();
    edit(&mut e, t_id, reply_id, "hello, edited by the engine");
    let got = t.event("message_edited", json!({"id": t_sees_reply}));
    assert_eq!(got["text"], "hello, edited by the engine", "{got}");
    assert_eq!(got["chat_id"], e_id, "{got}");
    assert!(got["edit_date"].as_i64().unwrap_or(0) > 0, "{got}");

    // T deletes its message for both; E sees it go.
    t.cmd(json!({"cmd": "delete", "peer": e_id, "message_ids": [t_first], "revoke": true}));
    engine_sees_delete(&mut e, t_id, e_sees_t_first);

    // E deletes its own for both; T sees MessageDeleted.
    delete(&mut e, t_id, reply_id);
    t.event("message_deleted", json!({"ids": [t_sees_reply]}));

    // (2) A basic group T creates with E.
    let group = t.cmd(json!({"cmd": "create_group", "user_ids": [e_id], "title": "Interop group"}))
        ["chat_id"]
        .as_i64()
        .unwrap();
    assert!(
        group < 0 && group > -1_000_000_000_000,
        "a basic group: {group}"
    );
    let created = e.wait("messageBasicGroupChatCreate", |v| {
        v["@type"] == "updateNewMessage"
            && v["message"]["chat_id"] == group
            && v["message"]["content"]["@type"] == "messageBasicGroupChatCreate"
    })["message"]
        .clone();
    assert_eq!(created["sender_id"]["user_id"], t_id, "{created}");
    assert_eq!(created["content"]["title"], "Interop group", "{created}");
    let mut members: Vec<i64> = created["content"]["member_user_ids"]
        .as_array()
        .expect("member_user_ids")
        .iter()
        .filter_map(Value::as_i64)
        .collect();
    members.sort();
    let mut expected = vec![t_id, e_id];
    expected.sort();
    assert_eq!(members, expected, "{created}");
    let chat = e.call(json!({"@type": "getChat", "chat_id": group}));
    assert_eq!(chat["type"]["@type"], "chatTypeBasicGroup", "{chat}");
    assert_eq!(chat["title"], "Interop group", "{chat}");

    // Messages both ways.
    let t_group_msg = t
        .cmd(json!({"cmd": "send", "peer": group, "text": "group hello from Telethon"}))
        ["message_id"]
        .as_i64()
        .unwrap();
    let m = wait_text(&mut e, group, "group hello from Telethon");
    assert_eq!(m["sender_id"]["user_id"], t_id, "{m}");
    assert_eq!(m["is_outgoing"], false, "{m}");
    let e_sees_t_group_msg = m["id"].as_i64().unwrap();
    let e_group_msg = send_text(&mut e, group, "group hello from the engine");
    let got = t.event(
        "new_message",
        json!({"text": "group hello from the engine"}),
    );
    assert_eq!(got["chat_id"], group, "{got}");
    assert_eq!(got["sender_id"], e_id, "{got}");
    assert_eq!(got["out"], false, "{got}");
    let t_sees_e_group_msg = got["id"].as_i64().unwrap();

    // Edits both ways.
    t.cmd(json!({"cmd": "edit", "peer": group, "message_id": t_group_msg, "text": "group, edited by Telethon"}));
    engine_sees_edit(
        &mut e,
        group,
        e_sees_t_group_msg,
        "group, edited by Telethon",
    );
    let e_group_id = e_group_msg["id"].as_i64().unwrap();
    edit(&mut e, group, e_group_id, "group, edited by the engine");
    let got = t.event("message_edited", json!({"id": t_sees_e_group_msg}));
    assert_eq!(got["text"], "group, edited by the engine", "{got}");
    assert_eq!(got["chat_id"], group, "{got}");

    // Deletes both ways.
    delete(&mut e, group, e_group_id);
    t.event("message_deleted", json!({"ids": [t_sees_e_group_msg]}));
    t.cmd(json!({"cmd": "delete", "peer": group, "message_ids": [t_group_msg], "revoke": true}));
    engine_sees_delete(&mut e, group, e_sees_t_group_msg);

    // (3) A channel E creates; T joins by its invite link.
    let channel = e.call(json!({
        "@type": "createNewSupergroupChat", "title": "Interop channel", "is_forum": false,
        "is_channel": true, "description": "", "message_auto_delete_time": 0, "for_import": false
    }));
    assert_eq!(channel["@type"], "chat", "{channel}");
    assert_eq!(channel["type"]["is_channel"], true, "{channel}");
    let channel_id = channel["id"].as_i64().unwrap();
    let link = e.call(json!({
        "@type": "createChatInviteLink", "chat_id": channel_id, "name": "", "expiration_date": 0,
        "member_limit": 0, "creates_join_request": false
    }));
    assert_eq!(link["@type"], "chatInviteLink", "{link}");
    let joined = t.cmd(json!({"cmd": "join_invite", "link": link["invite_link"]}));
    assert_eq!(
        joined["chat_id"], channel_id,
        "Telethon joined another chat: {joined}"
    );
    assert_eq!(joined["broadcast"], true, "{joined}");
    let member = e.call(json!({
        "@type": "getChatMember", "chat_id": channel_id,
        "member_id": {"@type": "messageSenderUser", "user_id": t_id}
    }));
    assert_eq!(
        member["status"]["@type"], "chatMemberStatusMember",
        "T is a subscriber: {member}"
    );

    // E posts; T sees a post of the channel.
    let post = send_text(&mut e, channel_id, "first post");
    assert_eq!(post["is_channel_post"], true, "{post}");
    let post_id = server_id(&post);
    let got = t.event("new_message", json!({"text": "first post"}));
    assert_eq!(got["chat_id"], channel_id, "{got}");
    assert_eq!(
        got["id"], post_id,
        "a channel message has one id for all: {got}"
    );
    assert_eq!(got["post"], true, "{got}");
    assert_eq!(
        got["from_id"],
        Value::Null,
        "a broadcast post names no author: {got}"
    );
    assert_eq!(got["out"], false, "{got}");

    // E edits the post; the subscriber sees the edit.
    edit(&mut e, channel_id, td_id(post_id), "first post, edited");
    let got = t.event(
        "message_edited",
        json!({"chat_id": channel_id, "id": post_id}),
    );
    assert_eq!(got["text"], "first post, edited", "{got}");
    assert!(got["edit_date"].as_i64().unwrap_or(0) > 0, "{got}");

    // E deletes the post; the subscriber sees it go.
    delete(&mut e, channel_id, td_id(post_id));
    t.event(
        "message_deleted",
        json!({"chat_id": channel_id, "ids": [post_id]}),
    );

    drop(t);
    e.close();
    dc.stop();
}
