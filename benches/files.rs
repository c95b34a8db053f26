//! The engine's file figures against a tdjson-testdc process (benches/files.sh starts it,
//! sets TDJSON_TEST_DC and hands its control address in BENCH_CONTROL, and testdc's pid in
//! BENCH_TESTDC_PID): one account sends a file of random bytes as a document to a second
//! account (sendMessage with inputMessageDocument of an inputFileLocal; the upload ends at
//! updateMessageSendSucceeded), and the second account downloads it (downloadFile with
//! synchronous true). The download is a real one: the receiver has its own directory, so
//! nothing comes from the sender's local copy. Each direction is timed and the process's
//! CPU seconds measured (getrusage: both clients, nothing else runs meanwhile); testdc's CPU
//! seconds are printed beside, for context. The copy's SHA-256 must equal the original's.
//! Prints `name value` lines (1 MB = 2^20 bytes); never asserts.
//!
//! usage: cargo bench --bench files -- [SIZE_MB]   (100 without)
//!
//! Phones (a fresh testdc per run, or one shared with benches/telethon_files.py, which uses
//! 9996616000): the sender 9996616100, the receiver 9996616101 (DC 1).

use std::ffi::{CStr, CString};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tdjson::ffi;

const MB: u64 = 1 << 20;

// ---------------------------------------------------------------------------------------
// The C ABI, and the processes' figures.

fn send(id: i32, v: &Value) {
    let c = CString::new(v.to_string()).expect("no NUL");
    unsafe { ffi::td_send(id, c.as_ptr()) }
}

fn receive(timeout: f64) -> Option<Value> {
    let p = ffi::td_receive(timeout);
    if p.is_null() {
        return None;
    }
    let text = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    serde_json::from_str(&text).ok()
}

fn client_of(v: &Value) -> i32 {
    v["@client_id"].as_i64().unwrap_or(0) as i32
}

fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

/// utime + stime of another process (testdc), from /proc/PID/stat.
fn process_cpu_seconds(pid: Option<u32>) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid?)).ok()?;
    // The command name (field 2) may hold spaces; the fields after its ')' are fixed.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (hz > 0).then(|| ticks / hz as f64)
}

fn rss_kib() -> i64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Wall seconds, our CPU seconds and testdc's over one direction.
struct Measure {
    t0: Instant,
    cpu0: f64,
    dc0: Option<f64>,
    pid: Option<u32>,
}

struct Measured {
    wall: f64,
    cpu: f64,
    testdc_cpu: Option<f64>,
}

impl Measure {
    fn start(pid: Option<u32>) -> Measure {
        Measure {
            t0: Instant::now(),
            cpu0: cpu_seconds(),
            dc0: process_cpu_seconds(pid),
            pid,
        }
    }

    fn stop(self) -> Measured {
        let wall = self.t0.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - self.cpu0;
        let testdc_cpu = match (self.dc0, process_cpu_seconds(self.pid)) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        Measured {
            wall,
            cpu,
            testdc_cpu,
        }
    }
}

fn report(direction: &str, m: &Measured, size: u64) {
    let mb = size as f64 / MB as f64;
    println!("{direction}_seconds {:.3}", m.wall);
    println!("{direction}_mb_s {:.1}", mb / m.wall);
    println!("{direction}_cpu_s {:.3}", m.cpu);
    println!("{direction}_cpu_s_per_100mb {:.3}", m.cpu * 100.0 / mb);
    if let Some(t) = m.testdc_cpu {
        println!("{direction}_testdc_cpu_s {t:.3}");
    }
}

// ---------------------------------------------------------------------------------------
// testdc's control interface: HTTP/1.1, one connection per request (see benches/chats.rs).

/// POST /users; an account a run before made is fine too.
fn control_user(addr: &str, phone: &str, first_name: &str) {
    let body = json!({"phone": phone, "first_name": first_name, "last_name": ""}).to_string();
    let mut last = None;
    for _ in 0..3 {
        let attempt = (|| -> std::io::Result<(u16, Value)> {
            let mut s = TcpStream::connect(addr)?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            let out = format!(
                "POST /users HTTP/1.1\r\nHost: testdc\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            s.write_all(out.as_bytes())?;
            let mut raw = Vec::new();
            s.read_to_end(&mut raw)?;
            let text = String::from_utf8_lossy(&raw);
            let (head, body) = text
                .split_once("\r\n\r\n")
                .ok_or_else(|| std::io::Error::other("no HTTP head"))?;
            let status = head
                .split_whitespace()
                .nth(1)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| std::io::Error::other(format!("status line {head:?}")))?;
            Ok((status, serde_json::from_str(body).unwrap_or(Value::Null)))
        })();
        match attempt {
            Ok((200, _)) => return,
            Ok((_, v)) if v["error"] == "PHONE_NUMBER_OCCUPIED" => return,
            Ok((status, v)) => panic!("POST /users {phone}: {status} {v}"),
            Err(e) => last = Some(e),
        }
    }
    panic!("POST /users {phone}: {last:?}");
}

// ---------------------------------------------------------------------------------------
// Clients.

fn params(dir: &Path) -> Value {
    json!({
        "@type": "setTdlibParameters", "use_test_dc": true,
        "database_directory": dir.to_str().unwrap(),
        "use_file_database": false,
        "use_chat_info_database": false,
        "use_message_database": false,
        "api_id": 94575, "api_hash": "a3406de8d171bb422bb6ddf3bbd800e2",
        "system_language_code": "en", "device_model": "bench", "application_version": "1.0"
    })
}

struct Bench {
    work: PathBuf,
    next_extra: u64,
    errors: Vec<String>,
}

impl Bench {
    fn new() -> Bench {
        let work = std::env::temp_dir().join(format!("tdjson-files-bench-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).expect("work dir");
        let quiet =
            CString::new(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":0}"#).unwrap();
        unsafe { ffi::td_execute(quiet.as_ptr()) };
        Bench {
            work,
            next_extra: 0,
            errors: Vec::new(),
        }
    }

    fn note_error(&mut self, what: &str, v: &Value) {
        self.errors.push(format!(
            "{what}: {} {}",
            v["code"],
            v["message"].as_str().unwrap_or("")
        ));
    }

    fn send_tagged(&mut self, id: i32, mut request: Value) -> String {
        self.next_extra += 1;
        let extra = format!("f{}", self.next_extra);
        request["@extra"] = json!(extra);
        send(id, &request);
        extra
    }

    /// The answer to `request` (at most `within`); everything else meanwhile goes to `other`.
    fn call(
        &mut self,
        id: i32,
        request: Value,
        within: Duration,
        other: &mut dyn FnMut(&Value),
    ) -> Value {
        let extra = self.send_tagged(id, request.clone());
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            let Some(v) = receive(1.0) else { continue };
            if v["@extra"] == extra.as_str() && client_of(&v) == id {
                return v;
            }
            other(&v);
        }
        panic!("no answer to {request} in {within:?}");
    }

    /// Signs in (or up) every phone with a fresh client; the client ids in the phones' order.
    fn sign_in_all(&mut self, phones: &[&str]) -> Vec<i32> {
        let ids: Vec<i32> = phones.iter().map(|_| ffi::td_create_client_id()).collect();
        for (id, phone) in ids.iter().zip(phones) {
            send(*id, &params(&self.work.join(format!("client-{phone}"))));
        }
        let mut ready = 0;
        let deadline = Instant::now() + Duration::from_secs(60);
        while ready < ids.len() {
            assert!(Instant::now() < deadline, "sign-in: not ready in 60 s");
            let Some(v) = receive(1.0) else { continue };
            let id = client_of(&v);
            let Some(i) = ids.iter().position(|&c| c == id) else {
                continue;
            };
            assert!(v["@type"] != "error", "sign-in of {}: {v}", phones[i]);
            if v["@type"] != "updateAuthorizationState" {
                continue;
            }
            let phone = phones[i];
            match v["authorization_state"]["@type"].as_str().unwrap_or("") {
                "authorizationStateWaitPhoneNumber" => send(
                    id,
                    &json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone}),
                ),
                "authorizationStateWaitCode" => send(
                    id,
                    &json!({"@type": "checkAuthenticationCode", "code": phone[5..6].repeat(5)}),
                ),
                "authorizationStateWaitRegistration" => {
                    send(id, &json!({"@type": "registerUser", "first_name": "Bench"}))
                }
                "authorizationStateReady" => ready += 1,
                _ => {}
            }
        }
        ids
    }

    fn close_all(&mut self, ids: &[i32]) {
        for &id in ids {
            send(id, &json!({"@type": "close"}));
        }
        let mut left = ids.len();
        let deadline = Instant::now() + Duration::from_secs(60);
        while left > 0 && Instant::now() < deadline {
            if let Some(v) = receive(1.0) {
                if v["@type"] == "updateAuthorizationState"
                    && v["authorization_state"]["@type"] == "authorizationStateClosed"
                {
                    left -= 1;
                }
            }
        }
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.work);
    }
}

/// Writes `size` random bytes to `path`; their SHA-256.
fn make_file(path: &Path, size: u64) -> Vec<u8> {
    let mut random = std::fs::File::open("/dev/urandom").expect("/dev/urandom");
    let mut out = std::fs::File::create(path).expect("the original file");
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; MB as usize];
    let mut left = size;
    while left > 0 {
        let n = left.min(MB) as usize;
        random.read_exact(&mut buf[..n]).expect("random bytes");
        hash.update(&buf[..n]);
        out.write_all(&buf[..n]).expect("write the original");
        left -= n as u64;
    }
    hash.finalize().to_vec()
}

fn sha256_of(path: &Path) -> Option<Vec<u8>> {
    let mut f = std::fs::File::open(path).ok()?;
    let mut hash = Sha256::new();
    let mut buf = vec![0u8; MB as usize];
    loop {
        let n = f.read(&mut buf).ok()?;
        if n == 0 {
            return Some(hash.finalize().to_vec());
        }
        hash.update(&buf[..n]);
    }
}

/// The `document` file object of a messageDocument.
fn document_file(message: &Value) -> Option<&Value> {
    let content = &message["content"];
    (content["@type"] == "messageDocument").then(|| &content["document"]["document"])
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let size_mb: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
    let size = size_mb * MB;
    let control = std::env::var("BENCH_CONTROL").expect("BENCH_CONTROL=127.0.0.1:PORT");
    let testdc_pid: Option<u32> = std::env::var("BENCH_TESTDC_PID")
        .ok()
        .and_then(|p| p.parse().ok());
    let mut b = Bench::new();
    let (sender_phone, receiver_phone) = ("9996616100", "9996616101");
    control_user(&control, sender_phone, "Sender");
    control_user(&control, receiver_phone, "Receiver");
    let ids = b.sign_in_all(&[sender_phone, receiver_phone]);
    let (sender, receiver) = (ids[0], ids[1]);
    // The receiver becomes known to the sender (a contact), then its private chat opens.
    let imported = b.call(
        sender,
        json!({"@type": "importContacts", "contacts": [{"@type": "importedContact",
               "phone_number": receiver_phone, "first_name": "Receiver", "last_name": ""}]}),
        Duration::from_secs(30),
        &mut |_| {},
    );
    let receiver_user = imported["user_ids"][0].as_i64().unwrap_or(0);
    assert!(receiver_user > 0, "importContacts: {imported}");
    let chat = b.call(
        sender,
        json!({"@type": "createPrivateChat", "user_id": receiver_user, "force": false}),
        Duration::from_secs(30),
        &mut |_| {},
    );
    assert_eq!(chat["@type"], "chat", "createPrivateChat: {chat}");
    let chat_id = chat["id"].as_i64().expect("chat id");

    let original = b.work.join("original.bin");
    let want = make_file(&original, size);
    println!("file_bytes {size}");

    // Upload: from sendMessage to updateMessageSendSucceeded of its message.
    let m = Measure::start(testdc_pid);
    let extra = b.send_tagged(
        sender,
        json!({"@type": "sendMessage", "chat_id": chat_id,
               "input_message_content": {"@type": "inputMessageDocument",
                   "document": {"@type": "inputDocument",
                       "document": {"@type": "inputFileLocal", "path": original.to_str().unwrap()},
                       "thumbnail": null, "disable_content_type_detection": true},
                   "caption": null}}),
    );
    let (mut temp_id, mut upload_file_id) = (None::<i64>, None::<i64>);
    let (mut upload_updates, mut uploaded_completed_at) = (0u64, None::<f64>);
    let (mut sent_file_size, mut upload_done, mut failed) = (None::<i64>, false, false);
    // The receiver's copy of the message: its document file id and size.
    let mut received: Option<(i64, i64)> = None;
    let on_receiver = |v: &Value, received: &mut Option<(i64, i64)>| {
        if client_of(v) == receiver && v["@type"] == "updateNewMessage" {
            if let Some(f) = document_file(&v["message"]) {
                *received = Some((
                    f["id"].as_i64().unwrap_or(0),
                    f["size"].as_i64().unwrap_or(0),
                ));
            }
        }
    };
    let deadline = Instant::now() + Duration::from_secs(900);
    while !upload_done && !failed && Instant::now() < deadline {
        let Some(v) = receive(1.0) else { continue };
        on_receiver(&v, &mut received);
        if client_of(&v) != sender {
            continue;
        }
        if v["@extra"] == extra.as_str() {
            if v["@type"] == "error" {
                b.note_error("sendMessage", &v);
                failed = true;
            } else {
                temp_id = v["id"].as_i64();
                upload_file_id = document_file(&v).and_then(|f| f["id"].as_i64());
            }
            continue;
        }
        match v["@type"].as_str().unwrap_or("") {
            "updateFile"
                if upload_file_id.is_some() && v["file"]["id"].as_i64() == upload_file_id =>
            {
                upload_updates += 1;
                if v["file"]["remote"]["is_uploading_completed"] == true
                    && uploaded_completed_at.is_none()
                {
                    uploaded_completed_at = Some(m.t0.elapsed().as_secs_f64());
                }
            }
            "updateMessageSendSucceeded" if v["old_message_id"].as_i64() == temp_id => {
                sent_file_size = document_file(&v["message"]).and_then(|f| f["size"].as_i64());
                upload_done = true;
            }
            "updateMessageSendFailed" if v["old_message_id"].as_i64() == temp_id => {
                b.note_error("updateMessageSendFailed", &v["error"]);
                failed = true;
            }
            _ => {}
        }
    }
    let up = m.stop();
    if upload_done {
        report("upload", &up, size);
    } else if !failed {
        println!("# upload: not done in 900 s");
    }
    println!("upload_file_updates {upload_updates}");
    if let Some(t) = uploaded_completed_at {
        println!("upload_completed_update_s {t:.3}");
    }
    println!("uploaded_size {}", sent_file_size.unwrap_or(0));

    // The receiver hears of the message (it may have already).
    let deadline = Instant::now() + Duration::from_secs(60);
    while upload_done && received.is_none() && Instant::now() < deadline {
        if let Some(v) = receive(1.0) {
            on_receiver(&v, &mut received);
        }
    }
    let mut sha_match = false;
    match (upload_done, received) {
        (false, _) => println!("# download: skipped, the upload did not finish"),
        (true, None) => println!("# download: the receiver never got the document"),
        (true, Some((file_id, announced_size))) => {
            println!("received_size {announced_size}");
            // Download: downloadFile, synchronous, answered when the file is complete.
            let m = Measure::start(testdc_pid);
            let mut download_updates = 0u64;
            let answer = b.call(
                receiver,
                json!({"@type": "downloadFile", "file_id": file_id, "priority": 32,
                       "offset": 0, "limit": 0, "synchronous": true}),
                Duration::from_secs(900),
                &mut |v| {
                    if client_of(v) == receiver
                        && v["@type"] == "updateFile"
                        && v["file"]["id"].as_i64() == Some(file_id)
                    {
                        download_updates += 1;
                    }
                },
            );
            let down = m.stop();
            let local = &answer["local"];
            if answer["@type"] == "error" {
                b.note_error("downloadFile", &answer);
            } else if local["is_downloading_completed"] != true {
                println!("# download: answered without completing: {}", local);
            } else {
                report("download", &down, size);
                let path = PathBuf::from(local["path"].as_str().unwrap_or(""));
                sha_match = sha256_of(&path).is_some_and(|got| got == want);
                println!("downloaded_size {}", local["downloaded_size"]);
            }
            println!("download_file_updates {download_updates}");
        }
    }
    println!("sha256_match {}", u8::from(sha_match));
    println!("rss_kib {}", rss_kib());
    println!("errors {}", b.errors.len());
    for e in &b.errors {
        println!("# error: {e}");
    }
    b.close_all(&ids);
}
