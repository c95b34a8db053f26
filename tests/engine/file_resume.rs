//! With use_file_database, a file keeps its id across restarts, and a download killed half
//! way (SIGKILL of the process) continues after a restart from the bytes it had.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common;
use crate::support::{import_contact, my_id, params, sign_up, sign_up_with, temp_dir, Td, TestDc};

const CHILD_DIR: &str = "TDJSON_RESUME_CHILD_DIR";
const CHILD_FILE: &str = "TDJSON_RESUME_CHILD_FILE";
const MARK: &str = "RESUME-CHILD:";
const PART: i64 = 512 * 1024;
const SIZE: usize = 20 * 1024 * 1024;
/// The part the server holds back: the download's prefix stops before it.
const HELD_PART: i64 = 16;

/// A client keeping its files (and chats, to find the message again) in the database.
fn start_files(dir: &Path) -> Td {
    let mut td = Td::create();
    let mut p = params(dir, "");
    p["use_file_database"] = json!(true);
    p["use_message_database"] = json!(true);
    let answer = td.call(p);
    assert_eq!(answer["@type"], "ok", "setTdlibParameters: {answer}");
    td.wait_state("authorizationStateWaitTdlibParameters");
    td
}

fn data() -> Vec<u8> {
    let mut x: u32 = 0x1234_5678;
    (0..SIZE)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

/// The child: starts from the database, downloads the file and reports progress until killed.
#[test]
#[ignore = "run by file_resume::a_killed_download_continues_after_a_restart"]
fn child() {
    let (Ok(dir), Ok(file)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_FILE)) else {
        panic!("the child runs only under the resume test");
    };
    let _guard = common::lock();
    let file_id: i64 = file.parse().expect("file id");
    let mut td = start_files(Path::new(&dir));
    td.wait_state("authorizationStateReady");
    let f = td.call(json!({"@type": "downloadFile", "file_id": file_id, "priority": 1}));
    assert_eq!(f["@type"], "file", "{f}");
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Some(u) = td.wait_for("progress", Duration::from_secs(1), |v| {
            v["@type"] == "updateFile" && v["file"]["id"] == file_id
        }) {
            let l = &u["file"]["local"];
            println!(
                "{MARK}{} {}",
                l["downloaded_prefix_size"], l["downloaded_size"]
            );
        }
    }
}

#[test]
fn a_killed_download_continues_after_a_restart() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let (mut ann, _) = sign_up(&temp_dir("resume-ann"), 1, "Ann");
    let bob_dir = temp_dir("resume-bob");
    let (mut bob, bob_phone) = sign_up_with(start_files(&bob_dir), 1, "Bob");
    let bob_id = import_contact(&mut ann, &bob_phone, "Bob");
    let ann_id = my_id(&mut ann);
    ann.call(json!({"@type": "createPrivateChat", "user_id": bob_id}));
    let src = temp_dir("resume-src").join("video.bin");
    let data = data();
    std::fs::write(&src, &data).expect("source");
    let sent = ann.call(json!({
        "@type": "sendMessage", "chat_id": bob_id,
        "input_message_content": {"@type": "inputMessageDocument",
            "document": {"@type": "inputDocument", "document": {"@type": "inputFileLocal", "path": src}}}
    }));
    assert_eq!(sent["@type"], "message", "{sent}");
    let m = bob.wait("the document", |v| {
        v["@type"] == "updateNewMessage" && v["message"]["content"]["@type"] == "messageDocument"
    })["message"]
        .clone();
    let message_id = m["id"].clone();
    let file_id = m["content"]["document"]["document"]["id"]
        .as_i64()
        .expect("file id");
    bob.close();

    // The server holds one part back for a minute: the child's prefix stops before it.
    let held = dc.fault(json!({"kind": "delay", "ms": 60000, "match": {"method": "upload.getFile", "skip": HELD_PART}}));
    let exe = std::env::current_exe().expect("test binary");
    let mut child = Command::new(exe)
        .args([
            "file_resume::child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, &bob_dir)
        .env(CHILD_FILE, file_id.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("child starts");
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(at) = line.find(MARK) {
                let _ = tx.send(line[at + MARK.len()..].to_string());
            }
        }
    });
    // Killed once it has the bytes up to the held part and some beyond.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = (0, 0);
    // (Parts leave in about their order, so the held request is part HELD_PART, give or take.)
    while seen.0 < (HELD_PART - 4) * PART || seen.1 < seen.0 + 2 * PART {
        let left = deadline.saturating_duration_since(Instant::now());
        let line = rx.recv_timeout(left).unwrap_or_else(|_| {
            panic!("the child's download did not reach the held part: {seen:?}")
        });
        let mut nums = line
            .split_whitespace()
            .map(|n| n.parse::<i64>().unwrap_or(0));
        seen = (nums.next().unwrap_or(0), nums.next().unwrap_or(0));
        assert!(
            seen.0 < SIZE as i64,
            "the download finished before the kill"
        );
    }
    assert!(dc.fault_fired(held));
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let _ = reader.join();

    // Restarted: the same file id, with what the killed process had on disk.
    let mut bob = start_files(&bob_dir);
    bob.wait_state("authorizationStateReady");
    let f = bob.call(json!({"@type": "getFile", "file_id": file_id}));
    assert_eq!(f["@type"], "file", "the file id survives the restart: {f}");
    let prefix = f["local"]["downloaded_prefix_size"].as_i64().unwrap_or(0);
    assert!(
        (PART..=(HELD_PART + 4) * PART).contains(&prefix),
        "the stored prefix: {f}"
    );
    assert_eq!(f["local"]["is_downloading_completed"], false, "{f}");
    let again =
        bob.call(json!({"@type": "getMessage", "chat_id": ann_id, "message_id": message_id}));
    assert_eq!(
        again["content"]["document"]["document"]["id"], file_id,
        "{again}"
    );
    let from = Td::mark();
    let done = bob.call(
        json!({"@type": "downloadFile", "file_id": file_id, "priority": 1, "synchronous": true}),
    );
    assert_eq!(done["local"]["is_downloading_completed"], true, "{done}");
    let path = done["local"]["path"].as_str().expect("path");
    assert!(
        std::fs::read(path).expect("downloaded") == data,
        "the resumed download is identical"
    );
    // It went on from the prefix: no progress below it.
    let sizes: Vec<i64> = bob
        .since(from)
        .iter()
        .filter(|v| v["@type"] == "updateFile" && v["file"]["id"] == file_id)
        .map(|v: &Value| {
            v["file"]["local"]["downloaded_prefix_size"]
                .as_i64()
                .unwrap_or(-1)
        })
        .collect();
    assert!(
        sizes.iter().all(|&s| s >= prefix),
        "progress starts at {prefix}: {sizes:?}"
    );
    assert!(sizes.len() >= 2, "{sizes:?}");
    // And a second download reads the local copy.
    let from = Td::mark();
    let cached = bob.call(
        json!({"@type": "downloadFile", "file_id": file_id, "priority": 1, "synchronous": true}),
    );
    assert_eq!(cached["local"]["path"], done["local"]["path"]);
    assert!(bob.since(from).iter().all(|v| v["@type"] != "updateFile"));
    bob.close();
    // After another restart the finished file is known as downloaded.
    let mut bob = start_files(&bob_dir);
    bob.wait_state("authorizationStateReady");
    let f = bob.call(json!({"@type": "getFile", "file_id": file_id}));
    assert_eq!(f["local"]["is_downloading_completed"], true, "{f}");
    assert_eq!(f["local"]["path"], done["local"]["path"]);
}
