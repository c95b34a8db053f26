//! The engine as a TDLib app drives it, against a real tdjson-testdc started in this process
//! on free loopback ports (its own tokio runtime), pointed at by TDJSON_TEST_DC.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::checks::Checker;
use mtproto::rsa_key::RsaPrivateKey;
use rand::SeedableRng;
use serde_json::{json, Value};
use testdc::net::{rpc, Server, ServerConfig};
use testdc::world::{Config, MtprotoSrp, World};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common;

/// How long a test waits for what it asserts on before failing.
pub const WAIT: Duration = Duration::from_secs(30);

fn server_key() -> RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        RsaPrivateKey::generate(&mut rand::rngs::StdRng::seed_from_u64(11)).expect("rsa key")
    })
    .clone()
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("testdc runtime")
    })
}

/// A fresh directory under the system's temp dir.
pub fn temp_dir(name: &str) -> PathBuf {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("tdjson-engine-{}-{name}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

pub struct TestDc {
    pub server: Server,
    pub control: SocketAddr,
    pub key_file: PathBuf,
    pub data: Option<PathBuf>,
    dir: PathBuf,
}

impl TestDc {
    pub fn start() -> TestDc {
        Self::start_with(None, Config::default())
    }

    /// A server whose world lives in `data` (kept across restarts).
    pub fn start_with(data: Option<&Path>, config: Config) -> TestDc {
        Self::start_on(data, config, 0)
    }

    /// Three consecutive free ports below the ephemeral range, for a server that must come
    /// back on the same addresses.
    pub fn free_base_port() -> u16 {
        use rand::Rng;
        let mut rng = rand::thread_rng();
        for _ in 0..200 {
            let base: u16 = rng.gen_range(20000..32000);
            let all_free =
                (0..3).all(|i| std::net::TcpListener::bind(("127.0.0.1", base + i)).is_ok());
            if all_free {
                return base;
            }
        }
        panic!("no three free ports in 20000..32000");
    }

    /// A server with DC N on `base_port + N - 1` (0: ports the system picks).
    pub fn start_on(data: Option<&Path>, config: Config, base_port: u16) -> TestDc {
        let dir = temp_dir("testdc");
        let world = World::open(data, config, Box::new(MtprotoSrp)).expect("world");
        let server = runtime().block_on(async {
            Server::start(
                ServerConfig {
                    host: "127.0.0.1".parse().unwrap(),
                    base_port,
                    dc_count: 3,
                    rsa_key: server_key(),
                    push_backlog: ServerConfig::PUSH_BACKLOG,
                },
                world,
                rpc::default_rpc(),
            )
            .await
            .expect("testdc starts")
        });
        let control = runtime().block_on(async {
            testdc::control::start(server.clone(), "127.0.0.1:0".parse().unwrap())
                .await
                .expect("control")
        });
        let key_file = dir.join("testdc.pem.pub");
        let pem = server_key().public().to_pkcs1_pem().expect("pem");
        std::fs::write(&key_file, pem).expect("key file");
        let dc = TestDc {
            server,
            control,
            key_file,
            data: data.map(Path::to_owned),
            dir,
        };
        dc.point_engine();
        dc
    }

    pub fn port(&self, dc: i32) -> u16 {
        self.server
            .shared
            .ports()
            .into_iter()
            .find(|(id, _)| *id == dc)
            .expect("dc")
            .1
    }

    /// Points clients started from now on at this server.
    pub fn point_engine(&self) {
        std::env::set_var("TDJSON_TEST_DC", format!("127.0.0.1:{}", self.port(1)));
        std::env::set_var("TDJSON_TEST_DC_RSA_KEY", &self.key_file);
    }

    pub fn control(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let addr = self.control;
        runtime().block_on(async move {
            let body = body.map(|b| b.to_string()).unwrap_or_default();
            let request = format!(
                "{method} {path} HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let mut stream = tokio::net::TcpStream::connect(addr).await.expect("control connects");
            stream.write_all(request.as_bytes()).await.unwrap();
            let mut raw = Vec::new();
            tokio::time::timeout(WAIT, stream.read_to_end(&mut raw))
                .await
                .expect("control answers")
                .unwrap();
            let text = String::from_utf8(raw).expect("utf-8");
            let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
            let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status");
            (status, serde_json::from_str(body).expect("JSON body"))
        })
    }

    /// Arms a fault; its id.
    pub fn fault(&self, body: Value) -> i64 {
        let (status, answer) = self.control("POST", "/faults", Some(body));
        assert_eq!(status, 200, "{answer}");
        answer["fault_id"].as_i64().expect("fault id")
    }

    pub fn fault_fired(&self, id: i64) -> bool {
        self.control("GET", &format!("/faults/{id}"), None).1["fired"] == true
    }

    pub fn restart_dc(&self, dc: i32) {
        runtime()
            .block_on(self.server.restart_dc(dc))
            .expect("restart");
    }

    /// Stops the server (listeners and connections); the world's file, if any, is closed.
    pub fn stop(self) {
        runtime().block_on(self.server.shutdown());
    }

    pub fn user(&self, id: i64) -> Value {
        self.control("GET", &format!("/users/{id}"), None).1
    }
}

/// A test phone number of DC `dc` that no other test of this process uses.
pub fn phone(dc: i32) -> String {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n =
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + (std::process::id() % 5000) * 2;
    format!("99966{dc}{:04}", n % 10_000)
}

/// The login code of a test number: its DC digit five times.
pub fn code_of(phone: &str) -> String {
    phone[5..6].repeat(5)
}

/// Everything td_receive gave, for every client, in order.
static INBOX: Mutex<Vec<Value>> = Mutex::new(Vec::new());

/// A schema and announced-before-used checker per client (tests/engine/checks.rs).
static CHECKERS: Mutex<Option<HashMap<i64, Checker>>> = Mutex::new(None);

/// Every object is checked against td_api.tl and TDLib's ordering promises as it arrives;
/// a violation fails the test at once.
fn check(v: &Value) {
    let Some(client) = v["@client_id"].as_i64() else {
        return;
    };
    let mut checkers = CHECKERS.lock().unwrap_or_else(|e| e.into_inner());
    let checker = checkers
        .get_or_insert_with(HashMap::new)
        .entry(client)
        .or_default();
    if let Err(e) = checker.observe(v) {
        panic!("client {client}: {e}");
    }
}

fn pump(timeout: f64) -> bool {
    match common::receive(timeout) {
        Some(m) => {
            let v = common::json(&m);
            check(&v);
            INBOX.lock().unwrap_or_else(|e| e.into_inner()).push(v);
            true
        }
        None => false,
    }
}

fn inbox_len() -> usize {
    INBOX.lock().unwrap_or_else(|e| e.into_inner()).len()
}

fn inbox_at(i: usize) -> Value {
    INBOX.lock().unwrap_or_else(|e| e.into_inner())[i].clone()
}

/// Every message client `id` received so far.
pub fn log_of(id: i32) -> Vec<Value> {
    let inbox = INBOX.lock().unwrap_or_else(|e| e.into_inner());
    inbox
        .iter()
        .filter(|v| v["@client_id"] == id)
        .cloned()
        .collect()
}

/// One client, driven through the C ABI.
pub struct Td {
    pub id: i32,
    next_extra: u64,
    /// Index into INBOX after the last update a wait consumed.
    cursor: usize,
}

pub fn params(dir: &Path, key: &str) -> Value {
    json!({
        "@type": "setTdlibParameters",
        "use_test_dc": true,
        "database_directory": dir.to_str().unwrap(),
        "database_encryption_key": key,
        "api_id": 94575,
        "api_hash": "a3406de8d171bb422bb6ddf3bbd800e2",
        "system_language_code": "en",
        "device_model": "engine-test",
        "system_version": "Linux",
        "application_version": "1.0"
    })
}

impl Td {
    /// A client with its database in `dir`, past setTdlibParameters (answered `ok`).
    pub fn start(dir: &Path) -> Td {
        Self::start_with_key(dir, "")
    }

    pub fn start_with_key(dir: &Path, key: &str) -> Td {
        let mut td = Td::create();
        let answer = td.call(params(dir, key));
        assert_eq!(answer["@type"], "ok", "setTdlibParameters: {answer}");
        td.wait_state("authorizationStateWaitTdlibParameters");
        td
    }

    /// A client keeping chats and messages in its database (use_message_database).
    pub fn start_db(dir: &Path) -> Td {
        let mut td = Td::create();
        let mut p = params(dir, "");
        p["use_chat_info_database"] = json!(true);
        p["use_message_database"] = json!(true);
        let answer = td.call(p);
        assert_eq!(answer["@type"], "ok", "setTdlibParameters: {answer}");
        td.wait_state("authorizationStateWaitTdlibParameters");
        td
    }

    pub fn create() -> Td {
        Td {
            id: common::create(),
            next_extra: 0,
            cursor: inbox_len(),
        }
    }

    pub fn send(&mut self, mut request: Value) -> String {
        self.next_extra += 1;
        let extra = format!("r{}", self.next_extra);
        request["@extra"] = json!(extra);
        common::send(self.id, &request.to_string());
        extra
    }

    fn mine(&self, v: &Value) -> bool {
        v["@client_id"] == self.id
    }

    /// The answer to `request`; updates that come meanwhile stay for [`Self::wait`].
    pub fn call(&mut self, request: Value) -> Value {
        let extra = self.send(request.clone());
        self.answer(&extra)
            .unwrap_or_else(|| panic!("no answer to {request} in {WAIT:?}"))
    }

    /// The answer carrying `@extra` = `extra`, if it comes within WAIT.
    pub fn answer(&mut self, extra: &str) -> Option<Value> {
        let deadline = Instant::now() + WAIT;
        let mut i = 0;
        loop {
            while i < inbox_len() {
                let v = inbox_at(i);
                if self.mine(&v) && v["@extra"] == extra {
                    return Some(v);
                }
                i += 1;
            }
            if Instant::now() >= deadline {
                return None;
            }
            pump(0.05);
        }
    }

    /// The next update of this client (after the last one a wait took) that `pred` accepts.
    pub fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for(what, WAIT, pred)
            .unwrap_or_else(|| panic!("{what}: not seen in {WAIT:?}; seen: {:?}", self.updates()))
    }

    pub fn wait_for(
        &mut self,
        _what: &str,
        limit: Duration,
        pred: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        let deadline = Instant::now() + limit;
        loop {
            while self.cursor < inbox_len() {
                let v = inbox_at(self.cursor);
                self.cursor += 1;
                if self.mine(&v) && v.get("@extra").is_none() && pred(&v) {
                    return Some(v);
                }
            }
            if Instant::now() >= deadline {
                return None;
            }
            pump(0.05);
        }
    }

    /// The next updateAuthorizationState; its state's @type must be `state`.
    pub fn wait_state(&mut self, state: &str) -> Value {
        let v = self.wait(&format!("authorization state {state}"), |v| {
            v["@type"] == "updateAuthorizationState"
        });
        assert_eq!(v["authorization_state"]["@type"], state, "{v}");
        v["authorization_state"].clone()
    }

    pub fn wait_connection(&mut self, state: &str) -> Value {
        self.wait(&format!("connection state {state}"), |v| {
            v["@type"] == "updateConnectionState" && v["state"]["@type"] == state
        })
    }

    /// Every message of this client so far.
    pub fn log(&self) -> Vec<Value> {
        let inbox = INBOX.lock().unwrap_or_else(|e| e.into_inner());
        inbox.iter().filter(|v| self.mine(v)).cloned().collect()
    }

    /// The updates of this client so far.
    pub fn updates(&self) -> Vec<Value> {
        self.log()
            .into_iter()
            .filter(|v| v.get("@extra").is_none())
            .collect()
    }

    /// Messages of this client from index `from` (of INBOX) on.
    pub fn since(&self, from: usize) -> Vec<Value> {
        let inbox = INBOX.lock().unwrap_or_else(|e| e.into_inner());
        inbox[from.min(inbox.len())..]
            .iter()
            .filter(|v| self.mine(v))
            .cloned()
            .collect()
    }

    pub fn mark() -> usize {
        inbox_len()
    }

    /// close, and wait for Closed (the database is let go of then).
    pub fn close(mut self) {
        self.send(json!({"@type": "close"}));
        self.wait_closed();
    }

    pub fn wait_closed(&mut self) {
        self.wait("authorizationStateClosed", |v| {
            v["@type"] == "updateAuthorizationState"
                && v["authorization_state"]["@type"] == "authorizationStateClosed"
        });
    }
}

/// Signs up a new test number with a fresh client in `dir`; the client is Ready.
pub fn sign_up(dir: &Path, dc_number: i32, first_name: &str) -> (Td, String) {
    sign_up_with(Td::start(dir), dc_number, first_name)
}

/// [`sign_up`] with a client started as the caller wants.
pub fn sign_up_with(td: Td, dc_number: i32, first_name: &str) -> (Td, String) {
    let mut td = td;
    td.wait_state("authorizationStateWaitPhoneNumber");
    let phone = phone(dc_number);
    let answer = td.call(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone}));
    assert_eq!(answer["@type"], "ok", "{answer}");
    td.wait_state("authorizationStateWaitCode");
    let answer = td.call(json!({"@type": "checkAuthenticationCode", "code": code_of(&phone)}));
    assert_eq!(answer["@type"], "ok", "{answer}");
    td.wait_state("authorizationStateWaitRegistration");
    let answer =
        td.call(json!({"@type": "registerUser", "first_name": first_name, "last_name": ""}));
    assert_eq!(answer["@type"], "ok", "{answer}");
    td.wait_state("authorizationStateReady");
    (td, phone)
}

/// The account's user id.
pub fn my_id(td: &mut Td) -> i64 {
    td.call(json!({"@type": "getMe"}))["id"]
        .as_i64()
        .expect("getMe answers the user")
}

/// Makes another account known to `td` as a contact (importContacts by phone).
pub fn import_contact(td: &mut Td, phone: &str, name: &str) -> i64 {
    let r = td.call(json!({
        "@type": "importContacts",
        "contacts": [{"@type": "importedContact", "phone_number": phone, "first_name": name, "last_name": ""}]
    }));
    assert_eq!(r["@type"], "importedContacts", "{r}");
    let id = r["user_ids"][0].as_i64().unwrap_or(0);
    assert!(id > 0, "{r}");
    id
}

/// inputMessageText of plain text.
pub fn text(s: &str) -> Value {
    json!({"@type": "inputMessageText", "text": {"@type": "formattedText", "text": s, "entities": []}})
}

/// The text of a messageText.
pub fn text_of(m: &Value) -> &str {
    m["content"]["text"]["text"].as_str().unwrap_or("")
}

/// Waits for updateNewMessage of text `s` in `chat_id`.
pub fn wait_text(td: &mut Td, chat_id: i64, s: &str) -> Value {
    td.wait(s, |v| {
        v["@type"] == "updateNewMessage"
            && v["message"]["chat_id"] == chat_id
            && v["message"]["content"]["text"]["text"] == s
    })["message"]
        .clone()
}

/// Sends a text and waits until the server took it (updateMessageSendSucceeded).
pub fn send_text(td: &mut Td, chat_id: i64, s: &str) -> Value {
    let sent = td.call(
        json!({"@type": "sendMessage", "chat_id": chat_id, "input_message_content": text(s)}),
    );
    assert_eq!(sent["@type"], "message", "{sent}");
    let temp = sent["id"].clone();
    td.wait("updateMessageSendSucceeded", |v| {
        v["@type"] == "updateMessageSendSucceeded" && v["old_message_id"] == temp
    })["message"]
        .clone()
}
