//! Files through the C ABI against testdc: documents and photos up and down, byte-identical,
//! with TDLib's progress updates, several at once, across a migration, dropped connections,
//! a restarted DC, a killed process, and bad input.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::common;
use crate::support::{import_contact, my_id, sign_up, temp_dir, Td, TestDc};

const MB: usize = 1024 * 1024;

/// Deterministic bytes that do not compress or repeat.
fn bytes(size: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..size)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn write_file(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).expect("write test file");
    p
}

/// A PNG header of `w`×`h` (testdc reads a photo's size from it) and `extra` bytes after it.
fn png(w: u32, h: u32, extra: usize) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    v.extend_from_slice(&w.to_be_bytes());
    v.extend_from_slice(&h.to_be_bytes());
    v.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    v.extend_from_slice(&bytes(extra, 99));
    v
}

/// Two signed-up accounts; Ann knows Bob and has a private chat with him.
struct Pair {
    ann: Td,
    bob: Td,
    ann_id: i64,
    bob_id: i64,
    bob_dir: PathBuf,
    files: PathBuf,
}

fn pair(name: &str, bob_dc: i32) -> Pair {
    let (mut ann, _) = sign_up(&temp_dir(&format!("{name}-ann")), 1, "Ann");
    let bob_dir = temp_dir(&format!("{name}-bob"));
    let (mut bob, bob_phone) = sign_up(&bob_dir, bob_dc, "Bob");
    let bob_id = import_contact(&mut ann, &bob_phone, "Bob");
    let chat = ann.call(json!({"@type": "createPrivateChat", "user_id": bob_id}));
    assert_eq!(chat["@type"], "chat", "{chat}");
    let ann_id = my_id(&mut ann);
    let _ = my_id(&mut bob);
    Pair {
        ann,
        bob,
        ann_id,
        bob_id,
        bob_dir,
        files: temp_dir(&format!("{name}-src")),
    }
}

fn document(path: &Path) -> Value {
    json!({
        "@type": "inputMessageDocument",
        "document": {"@type": "inputDocument", "document": {"@type": "inputFileLocal", "path": path}},
        "caption": {"@type": "formattedText", "text": "the file", "entities": []}
    })
}

/// Sends content; gives the pending message and the server's (updateMessageSendSucceeded).
fn send(td: &mut Td, chat_id: i64, content: Value) -> (Value, Value) {
    let sent = td.call(
        json!({"@type": "sendMessage", "chat_id": chat_id, "input_message_content": content}),
    );
    assert_eq!(sent["@type"], "message", "{sent}");
    let temp = sent["id"].clone();
    let done = td.wait("updateMessageSendSucceeded", |v| {
        (v["@type"] == "updateMessageSendSucceeded" || v["@type"] == "updateMessageSendFailed")
            && v["old_message_id"] == temp
    });
    assert_eq!(done["@type"], "updateMessageSendSucceeded", "{done}");
    (sent, done["message"].clone())
}

/// The next new message in `chat_id` whose content is of `kind`.
fn wait_content(td: &mut Td, chat_id: i64, kind: &'static str) -> Value {
    td.wait(kind, |v| {
        v["@type"] == "updateNewMessage"
            && v["message"]["chat_id"] == chat_id
            && v["message"]["content"]["@type"] == kind
    })["message"]
        .clone()
}

fn doc_file(m: &Value) -> Value {
    m["content"]["document"]["document"].clone()
}

fn file_id(f: &Value) -> i64 {
    f["id"].as_i64().unwrap_or_else(|| panic!("a file: {f}"))
}

/// Every updateFile of `id` from `from` on.
fn file_updates(td: &Td, from: usize, id: i64) -> Vec<Value> {
    td.since(from)
        .into_iter()
        .filter(|v| v["@type"] == "updateFile" && v["file"]["id"] == id)
        .map(|v| v["file"].clone())
        .collect()
}

fn assert_monotone(updates: &[Value], field: &str, pointer: &str) {
    let sizes: Vec<i64> = updates
        .iter()
        .map(|f| f.pointer(pointer).and_then(Value::as_i64).unwrap_or(-1))
        .collect();
    assert!(!sizes.is_empty(), "no updateFile with {field}");
    assert!(
        sizes.windows(2).all(|w| w[0] <= w[1]),
        "{field} not monotone: {sizes:?}"
    );
}

/// downloadFile, synchronous: the answer is the finished file.
fn download(td: &mut Td, id: i64) -> Value {
    let f = td
        .call(json!({"@type": "downloadFile", "file_id": id, "priority": 1, "synchronous": true}));
    assert_eq!(f["@type"], "file", "{f}");
    assert_eq!(f["local"]["is_downloading_completed"], true, "{f}");
    f
}

fn local_bytes(f: &Value) -> Vec<u8> {
    let path = f["local"]["path"].as_str().expect("a local path");
    std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn a_20_mb_document_goes_up_and_comes_back_identical_with_progress() {
    let _guard = common::lock();
    let _dc = TestDc::start();
    let mut p = pair("doc20", 1);
    let data = bytes(20 * MB, 1);
    let path = write_file(&p.files, "big report.bin", &data);

    let from = Td::mark();
    let (pending, sent) = send(&mut p.ann, p.bob_id, document(&path));
    assert_eq!(pending["content"]["@type"], "messageDocument", "{pending}");
    assert_eq!(
        pending["content"]["document"]["file_name"],
        "big report.bin"
    );
    let up = file_id(&doc_file(&pending));
    assert_eq!(doc_file(&pending)["size"], 20 * MB);
    assert_eq!(sent["content"]["caption"]["text"], "the file");
    // The app's file id survives the send, now with its server location.
    let sent_file = doc_file(&sent);
    assert_eq!(file_id(&sent_file), up, "{sent_file}");
    assert_ne!(sent_file["remote"]["id"], "", "{sent_file}");
    assert_eq!(sent_file["remote"]["is_uploading_completed"], true);
    assert_eq!(sent_file["local"]["is_downloading_completed"], true);
    let ups = file_updates(&p.ann, from, up);
    assert!(
        ups.len() >= 10,
        "a 20 MB upload reports its parts: {}",
        ups.len()
    );
    assert_monotone(&ups, "uploaded_size", "/remote/uploaded_size");
    assert_eq!(ups.last().unwrap()["remote"]["uploaded_size"], 20 * MB);
    assert!(ups
        .iter()
        .any(|f| f["remote"]["is_uploading_active"] == true));

    let m = wait_content(&mut p.bob, p.ann_id, "messageDocument");
    assert_eq!(m["content"]["document"]["file_name"], "big report.bin");
    assert_eq!(m["content"]["caption"]["text"], "the file");
    let f = doc_file(&m);
    assert_eq!(f["size"], 20 * MB);
    assert_eq!(f["local"]["is_downloading_completed"], false);
    assert_eq!(f["local"]["can_be_downloaded"], true);
    let id = file_id(&f);
    let from = Td::mark();
    let done = download(&mut p.bob, id);
    assert_eq!(local_bytes(&done), data, "the download is byte-identical");
    let path = PathBuf::from(done["local"]["path"].as_str().unwrap());
    assert_eq!(path, p.bob_dir.join("documents").join("big report.bin"));
    let downs = file_updates(&p.bob, from, id);
    assert!(
        downs.len() >= 10,
        "a 20 MB download reports its parts: {}",
        downs.len()
    );
    assert_monotone(&downs, "downloaded_size", "/local/downloaded_size");
    assert_eq!(downs[0]["local"]["is_downloading_active"], true);
    let last = downs.last().unwrap();
    assert_eq!(last["local"]["is_downloading_completed"], true, "{last}");
    assert_eq!(last["local"]["is_downloading_active"], false, "{last}");

    // A second download reads the local copy: answered at once, no transfer.
    let from = Td::mark();
    let again = download(&mut p.bob, id);
    assert_eq!(again["local"]["path"], done["local"]["path"]);
    assert!(
        file_updates(&p.bob, from, id).is_empty(),
        "nothing is downloaded again"
    );
    let got = p.bob.call(json!({"@type": "getFile", "file_id": id}));
    assert_eq!(got["local"]["downloaded_size"], 20 * MB, "{got}");
    // readFilePart reads the cached copy.
    let part = p
        .bob
        .call(json!({"@type": "readFilePart", "file_id": id, "offset": 1000, "count": 16}));
    assert_eq!(part["@type"], "data", "{part}");
}

#[test]
fn a_photo_arrives_with_its_sizes_and_downloads_identical() {
    let _guard = common::lock();
    let _dc = TestDc::start();
    let mut p = pair("photo", 1);
    let data = png(640, 480, 300_000);
    let path = write_file(&p.files, "cat.png", &data);
    let content = json!({
        "@type": "inputMessagePhoto",
        "photo": {"@type": "inputPhoto", "photo": {"@type": "inputFileLocal", "path": path}, "width": 640, "height": 480},
        "caption": {"@type": "formattedText", "text": "a cat", "entities": []}
    });
    let (pending, sent) = send(&mut p.ann, p.bob_id, content);
    assert_eq!(pending["content"]["@type"], "messagePhoto", "{pending}");
    assert_eq!(sent["content"]["@type"], "messagePhoto", "{sent}");
    let m = wait_content(&mut p.bob, p.ann_id, "messagePhoto");
    assert_eq!(m["content"]["caption"]["text"], "a cat");
    let sizes = m["content"]["photo"]["sizes"]
        .as_array()
        .expect("sizes")
        .clone();
    assert!(!sizes.is_empty(), "{m}");
    let largest = sizes.last().unwrap();
    assert_eq!(largest["width"], 640, "{m}");
    assert_eq!(largest["height"], 480, "{m}");
    let done = download(&mut p.bob, file_id(&largest["photo"]));
    assert_eq!(local_bytes(&done), data);
    assert!(
        done["local"]["path"].as_str().unwrap().contains("/photos/"),
        "photos land in photos/: {done}"
    );
}

#[test]
fn five_files_in_flight_at_once_all_arrive_identical() {
    let _guard = common::lock();
    let _dc = TestDc::start();
    let mut p = pair("five", 1);
    let datas: Vec<Vec<u8>> = (0..5)
        .map(|i| bytes(MB + i * 300_000, 10 + i as u64))
        .collect();
    let mut temps = Vec::new();
    for (i, d) in datas.iter().enumerate() {
        let path = write_file(&p.files, &format!("f{i}.bin"), d);
        let sent = p.ann.call(json!({"@type": "sendMessage", "chat_id": p.bob_id, "input_message_content": document(&path)}));
        assert_eq!(sent["@type"], "message", "{sent}");
        temps.push(sent["id"].clone());
    }
    // The five settle in any order.
    let mut left = temps.clone();
    while !left.is_empty() {
        let done = p.ann.wait("send succeeded", |v| {
            v["@type"] == "updateMessageSendSucceeded" && left.contains(&v["old_message_id"])
        });
        assert_eq!(done["message"]["content"]["@type"], "messageDocument");
        left.retain(|t| t != &done["old_message_id"]);
    }
    let mut ids = vec![0; 5];
    for _ in 0..5 {
        let m = p.bob.wait("a document", |v| {
            v["@type"] == "updateNewMessage"
                && v["message"]["content"]["@type"] == "messageDocument"
        });
        let name = m["message"]["content"]["document"]["file_name"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let i: usize = name
            .trim_start_matches('f')
            .trim_end_matches(".bin")
            .parse()
            .expect("f<i>.bin");
        assert_eq!(ids[i], 0, "{name} came twice");
        ids[i] = file_id(&doc_file(&m["message"]));
    }
    // All five downloads at once, answered at once; their ends come as updateFile.
    for &id in &ids {
        let f = p.bob.call(
            json!({"@type": "downloadFile", "file_id": id, "priority": 1, "synchronous": false}),
        );
        assert_eq!(f["@type"], "file", "{f}");
    }
    let mut done = [false; 5];
    while done.iter().any(|d| !d) {
        let f = p.bob.wait("downloads completed", |v| {
            v["@type"] == "updateFile"
                && v["file"]["local"]["is_downloading_completed"] == true
                && ids
                    .iter()
                    .zip(done)
                    .any(|(id, d)| !d && v["file"]["id"] == *id)
        });
        let i = ids.iter().position(|id| f["file"]["id"] == *id).unwrap();
        assert_eq!(local_bytes(&f["file"]), datas[i], "file {i}");
        done[i] = true;
    }
}

#[test]
fn transfers_survive_file_migrate_dropped_connections_and_a_restarted_dc() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let mut p = pair("faults", 1);
    let data = bytes(12 * MB, 5);
    let path = write_file(&p.files, "faults.bin", &data);

    // During the upload: a dropped connection, then the DC restarts under a held part.
    let dropped = dc.fault(json!({"kind": "close_connection", "match": {"method": "upload.saveBigFilePart", "skip": 3}}));
    let held = dc.fault(json!({"kind": "delay", "ms": 1500, "match": {"method": "upload.saveBigFilePart", "skip": 8}}));
    let sent = p.ann.call(json!({"@type": "sendMessage", "chat_id": p.bob_id, "input_message_content": document(&path)}));
    let temp = sent["id"].clone();
    let (mut waited, limit) = (0, 200);
    while !dc.fault_fired(held) && waited < limit {
        std::thread::sleep(std::time::Duration::from_millis(25));
        waited += 1;
    }
    assert!(dc.fault_fired(held), "the upload reached the held part");
    dc.restart_dc(1);
    let done = p.ann.wait("send settled", |v| {
        (v["@type"] == "updateMessageSendSucceeded" || v["@type"] == "updateMessageSendFailed")
            && v["old_message_id"] == temp
    });
    assert_eq!(done["@type"], "updateMessageSendSucceeded", "{done}");
    assert!(dc.fault_fired(dropped));

    // During the download: FILE_MIGRATE to DC 2, a dropped connection and an expired reference.
    let m = wait_content(&mut p.bob, p.ann_id, "messageDocument");
    let id = file_id(&doc_file(&m));
    let migrate = dc.fault(json!({"kind": "migrate", "error": "FILE_MIGRATE", "dc": 2, "match": {"method": "upload.getFile"}}));
    let closed = dc.fault(
        json!({"kind": "close_connection", "match": {"method": "upload.getFile", "skip": 6}}),
    );
    let expired = dc.fault(json!({"kind": "rpc_error", "code": 400, "message": "FILE_REFERENCE_EXPIRED", "match": {"method": "upload.getFile", "skip": 10}}));
    let done = download(&mut p.bob, id);
    assert!(dc.fault_fired(migrate) && dc.fault_fired(closed) && dc.fault_fired(expired));
    assert_eq!(local_bytes(&done), data);
    // Each request answered once: one message on each side.
    let news = p
        .bob
        .log()
        .into_iter()
        .filter(|v| {
            v["@type"] == "updateNewMessage"
                && v["message"]["content"]["document"]["file_name"] == "faults.bin"
        })
        .count();
    assert_eq!(news, 1);
    assert_eq!(
        p.ann
            .log()
            .into_iter()
            .filter(|v| v["@type"] == "updateMessageSendSucceeded" && v["old_message_id"] == temp)
            .count(),
        1
    );
}

#[test]
fn bad_file_input_gets_tdlibs_errors_and_the_client_keeps_working() {
    let _guard = common::lock();
    let _dc = TestDc::start();
    let mut p = pair("bad", 1);
    let err = |v: Value| -> (i64, String) {
        assert_eq!(v["@type"], "error", "{v}");
        (
            v["code"].as_i64().unwrap(),
            v["message"].as_str().unwrap().to_string(),
        )
    };
    let td = &mut p.ann;
    let e = |s: &str| (400, s.to_string());
    assert_eq!(
        err(td.call(json!({"@type": "getFile", "file_id": 12345}))),
        (404, "Not Found".into())
    );
    assert_eq!(
        err(td.call(json!({"@type": "downloadFile", "file_id": 12345, "priority": 1}))),
        e("File not found")
    );
    assert_eq!(
        err(td.call(json!({"@type": "downloadFile", "file_id": 12345, "priority": 0}))),
        e("Priority must be between 1 and 32")
    );
    assert_eq!(
        err(td.call(json!({"@type": "downloadFile", "file_id": 1, "priority": 1, "offset": -1}))),
        e("Download offset must be non-negative")
    );
    assert_eq!(
        err(td.call(json!({"@type": "readFilePart", "file_id": 0, "offset": 0, "count": 0}))),
        e("File identifier is invalid")
    );
    assert_eq!(
        err(td.call(json!({"@type": "getRemoteFile", "remote_file_id": "", "file_type": null}))),
        e("Remote file identifier must be non-empty")
    );
    assert_eq!(
        td.call(json!({"@type": "deleteFile", "file_id": 12345}))["@type"],
        "ok"
    );
    assert_eq!(
        td.call(json!({"@type": "cancelDownloadFile", "file_id": 12345}))["@type"],
        "ok"
    );
    let pre = |td: &mut Td, file: Value| {
        td.call(json!({"@type": "preliminaryUploadFile", "file": file, "file_type": {"@type": "fileTypeDocument"}, "priority": 1}))
    };
    assert_eq!(
        err(pre(
            td,
            json!({"@type": "inputFileLocal", "path": "/nonexistent/x.bin"})
        )),
        e("Can't find real file path")
    );
    assert_eq!(
        err(pre(td, json!({"@type": "inputFileLocal", "path": ""}))),
        e("File must have non-empty path")
    );
    let empty = write_file(&p.files, "empty.bin", b"");
    assert_eq!(
        err(pre(td, json!({"@type": "inputFileLocal", "path": empty}))),
        e("File must be non-empty")
    );
    assert_eq!(
        err(pre(td, json!({"@type": "inputFileLocal", "path": p.files}))),
        e("File must be a regular file")
    );
    assert_eq!(
        err(pre(td, json!({"@type": "inputFileId", "id": 12345}))),
        e("File not found")
    );
    // A message whose file is missing is refused before anything is sent.
    let missing = td.call(json!({"@type": "sendMessage", "chat_id": p.bob_id, "input_message_content": document(Path::new("/nonexistent/x.bin"))}));
    assert_eq!(err(missing), e("Can't find real file path"));

    // A preliminary upload of the app's own file: the same path is the same file id, and
    // readFilePart does not read files outside files_directory.
    let own = write_file(&p.files, "own.bin", &bytes(1000, 3));
    let f1 = pre(td, json!({"@type": "inputFileLocal", "path": own}));
    assert_eq!(f1["@type"], "file", "{f1}");
    assert_eq!(f1["local"]["is_downloading_completed"], true);
    assert_eq!(f1["local"]["can_be_deleted"], false);
    let f2 = pre(td, json!({"@type": "inputFileLocal", "path": own}));
    assert_eq!(f1["id"], f2["id"]);
    assert_eq!(
        err(td
            .call(json!({"@type": "readFilePart", "file_id": f1["id"], "offset": 0, "count": 10}))),
        e("File is not inside the cache")
    );
    assert_eq!(
        err(td.call(
            json!({"@type": "readFilePart", "file_id": f1["id"], "offset": 995, "count": 10})
        )),
        e("There is not enough downloaded bytes in the file to read")
    );
    assert_eq!(
        td.call(json!({"@type": "deleteFile", "file_id": f1["id"]}))["@type"],
        "ok"
    );
    assert!(own.is_file(), "the app's own file is never deleted");
    // The preliminary upload is used by the message that names it.
    let up = p.ann.wait("preliminary upload done", |v| {
        v["@type"] == "updateFile"
            && v["file"]["id"] == f1["id"]
            && v["file"]["remote"]["is_uploading_completed"] == true
    });
    assert_eq!(up["file"]["remote"]["uploaded_size"], 1000);
    let by_id = json!({
        "@type": "inputMessageDocument",
        "document": {"@type": "inputDocument", "document": {"@type": "inputFileId", "id": f1["id"]}}
    });
    let (_, sent) = send(&mut p.ann, p.bob_id, by_id);
    assert_eq!(doc_file(&sent)["id"], f1["id"]);
    let m = wait_content(&mut p.bob, p.ann_id, "messageDocument");
    let remote = doc_file(&m)["remote"]["id"].as_str().unwrap().to_string();
    // Sent again by its remote id: no second upload.
    let from = Td::mark();
    let by_remote = json!({
        "@type": "inputMessageDocument",
        "document": {"@type": "inputDocument", "document": {"@type": "inputFileRemote", "id": remote}}
    });
    let (_, again) = send(&mut p.bob, p.ann_id, by_remote);
    assert_eq!(again["content"]["document"]["file_name"], "own.bin");
    assert!(
        p.bob
            .since(from)
            .iter()
            .all(|v| v["@type"] != "updateFile"
                || v["file"]["remote"]["is_uploading_active"] != true),
        "nothing was uploaded again"
    );
    let back = wait_content(&mut p.ann, p.bob_id, "messageDocument");
    let got = download(&mut p.ann, file_id(&doc_file(&back)));
    assert_eq!(local_bytes(&got), bytes(1000, 3));
    // And text still flows.
    let (_, t) = send(&mut p.ann, p.bob_id, crate::support::text("still here"));
    assert_eq!(t["content"]["text"]["text"], "still here");
}
