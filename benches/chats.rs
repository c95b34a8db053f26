//! The engine's chat and message figures against a tdjson-testdc process (benches/chats.sh
//! starts it, sets TDJSON_TEST_DC and hands its control address in BENCH_CONTROL): the
//! sendMessage round trip and the delivery latency between two accounts, throughput across
//! 100 sending and 100 receiving clients in one process, resident memory per client holding
//! 20 chats of 100 messages, and a soak of 100,000 messages through one client. Accounts are
//! made with testdc's control interface (POST /users) and messages injected with it
//! (POST /messages). Each mode is one process, so one figure's allocations do not hide
//! another's. Prints `name value` lines; never asserts.
//!
//! usage: cargo bench --bench chats -- MODE [ARGS]
//!   latency SENDS
//!   throughput PAIRS SECONDS
//!   memory-setup HOLDERS CHATS PER_CHAT   (makes the accounts and injects the messages)
//!   memory off|on HOLDERS CHATS PER_CHAT
//!   soak TOTAL CHATS [off|on]   (use_message_database)
//!
//! Phone numbers (a fresh testdc per run): signed-in clients live on DC 1 (latency 0000..,
//! throughput 0100.., memory holders 1000.., soak 2000 and 2001; Telethon uses 5000.. and the memory
//! holders); accounts that only write through the control interface on DC 2 (memory) and
//! DC 3 (soak).

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tdjson::ffi;

/// The system allocator, counting the bytes in use: the heap the engine holds, beside RSS.
/// The timing modes turn it off: one shared counter bumped by every allocation of three
/// threads (its cache line bouncing between cores) cost the CPU figure about 40%.
struct Counting;

static HEAP: AtomicIsize = AtomicIsize::new(0);
static COUNT: AtomicBool = AtomicBool::new(true);

fn count(delta: isize) {
    if COUNT.load(Ordering::Relaxed) {
        HEAP.fetch_add(delta, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        count(l.size() as isize);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        count(-(l.size() as isize));
        System.dealloc(p, l)
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        count(l.size() as isize);
        System.alloc_zeroed(l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        count(new as isize - l.size() as isize);
        System.realloc(p, l, new)
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn heap_kib() -> i64 {
    HEAP.load(Ordering::Relaxed) as i64 / 1024
}

// ---------------------------------------------------------------------------------------
// The C ABI, and the process's own figures.

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

/// What an app dispatching on type reads of an event: its `@type` and `@client_id`, the
/// rest skipped unparsed; the whole event only for the kinds the loop looks into. The
/// throughput figure is the library's cost, not a JSON tree's.
struct Head {
    ty: String,
    client: i32,
    full: Option<Value>,
}

fn receive_head(timeout: f64, full_for: &[&str]) -> Option<Head> {
    let p = ffi::td_receive(timeout);
    if p.is_null() {
        return None;
    }
    let text = unsafe { CStr::from_ptr(p) }.to_str().ok()?;
    let mut de = serde_json::Deserializer::from_str(text);
    let (ty, client) = serde::Deserializer::deserialize_map(&mut de, HeadVisitor).ok()?;
    let full = if full_for.contains(&ty.as_str()) {
        serde_json::from_str(text).ok()
    } else {
        None
    };
    Some(Head { ty, client, full })
}

struct HeadVisitor;

impl<'de> serde::de::Visitor<'de> for HeadVisitor {
    type Value = (String, i32);
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a td_api object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut ty, mut client) = (String::new(), 0);
        while let Some(key) = map.next_key::<&str>()? {
            match key {
                "@type" => ty = map.next_value::<&str>()?.to_owned(),
                "@client_id" => client = map.next_value()?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok((ty, client))
    }
}

fn client_of(v: &Value) -> i32 {
    v["@client_id"].as_i64().unwrap_or(0) as i32
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

fn cpu_seconds() -> f64 {
    // SAFETY: getrusage fills the struct we pass.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
    t(u.ru_utime) + t(u.ru_stime)
}

fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let i = ((v.len() - 1) as f64 * p).round() as usize;
    v[i]
}

// ---------------------------------------------------------------------------------------
// testdc's control interface: HTTP/1.1, one connection per request. (A kept-alive
// connection answers in ~40 ms: testdc writes an answer's head and body in two writes
// without TCP_NODELAY, so Nagle holds the body until the client's delayed ACK; `Connection:
// close` flushes at once.)

struct Control {
    addr: String,
}

impl Control {
    fn from_env() -> Control {
        let addr = std::env::var("BENCH_CONTROL").expect("BENCH_CONTROL=127.0.0.1:PORT");
        Control { addr }
    }

    fn request(&mut self, method: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
        let mut last = None;
        for _ in 0..3 {
            match self.try_request(method, path, body) {
                Ok(r) => return r,
                Err(e) => last = Some(e),
            }
        }
        panic!("control {method} {path}: {last:?}");
    }

    fn try_request(
        &mut self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> std::io::Result<(u16, Value)> {
        let mut s = TcpStream::connect(&self.addr)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let mut out = format!(
            "{method} {path} HTTP/1.1\r\nHost: testdc\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(body.as_bytes());
        s.write_all(&out)?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw)?;
        let text = String::from_utf8_lossy(&raw);
        let (head, body) = text
            .split_once("\r\n\r\n")
            .ok_or_else(|| std::io::Error::other("no HTTP head"))?;
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| std::io::Error::other(format!("status line {head:?}")))?;
        Ok((status, serde_json::from_str(body).unwrap_or(Value::Null)))
    }

    /// POST /users: the account's user id.
    fn user(&mut self, phone: &str, first_name: &str) -> i64 {
        let (status, v) = self.request(
            "POST",
            "/users",
            Some(&json!({"phone": phone, "first_name": first_name, "last_name": ""})),
        );
        assert_eq!(status, 200, "POST /users {phone}: {v}");
        v["id"].as_i64().expect("user id")
    }

    /// Every user testdc knows, by phone.
    fn users_by_phone(&mut self) -> HashMap<String, i64> {
        let (_, v) = self.request("GET", "/users", None);
        v["users"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|u| Some((u["phone"].as_str()?.to_string(), u["id"].as_i64()?)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// POST /messages from one user to another; whether testdc took it.
    fn message(&mut self, from: i64, to: i64, text: &str) -> bool {
        let (status, _) = self.request(
            "POST",
            "/messages",
            Some(&json!({"from_user_id": from, "to_user_id": to, "text": text})),
        );
        status == 200
    }

    fn health(&mut self) -> Value {
        self.request("GET", "/health", None).1
    }
}

fn phone(dc: u32, n: u32) -> String {
    format!("99966{dc}{:04}", n % 10_000)
}

// ---------------------------------------------------------------------------------------
// Clients.

fn params(dir: &Path, message_db: bool) -> Value {
    json!({
        "@type": "setTdlibParameters", "use_test_dc": true,
        "database_directory": dir.to_str().unwrap(),
        "use_chat_info_database": message_db,
        "use_message_database": message_db,
        "api_id": 94575, "api_hash": "a3406de8d171bb422bb6ddf3bbd800e2",
        "system_language_code": "en", "device_model": "bench", "application_version": "1.0"
    })
}

struct Bench {
    work: PathBuf,
    next_extra: u64,
    /// Requests answered with an error, by message.
    errors: HashMap<String, u64>,
}

impl Bench {
    fn new(mode: &str) -> Bench {
        let work =
            std::env::temp_dir().join(format!("tdjson-chats-bench-{mode}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).expect("work dir");
        let quiet =
            CString::new(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":0}"#).unwrap();
        unsafe { ffi::td_execute(quiet.as_ptr()) };
        Bench {
            work,
            next_extra: 0,
            errors: HashMap::new(),
        }
    }

    fn note_error(&mut self, v: &Value) {
        let what = format!("{} {}", v["code"], v["message"].as_str().unwrap_or(""));
        *self.errors.entry(what).or_default() += 1;
    }

    fn print_errors(&self) {
        let total: u64 = self.errors.values().sum();
        println!("errors {total}");
        for (what, n) in &self.errors {
            println!("# error x{n}: {what}");
        }
    }

    /// Sends `request` tagged with a fresh @extra; the tag.
    fn send_tagged(&mut self, id: i32, mut request: Value) -> String {
        self.next_extra += 1;
        let extra = format!("b{}", self.next_extra);
        request["@extra"] = json!(extra);
        send(id, &request);
        extra
    }

    /// The answer to `request`; everything else that comes meanwhile goes to `other`.
    fn call(&mut self, id: i32, request: Value, other: &mut dyn FnMut(&Value)) -> Value {
        let extra = self.send_tagged(id, request.clone());
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let Some(v) = receive(1.0) else { continue };
            if v["@extra"] == extra.as_str() && client_of(&v) == id {
                if v["@type"] == "error" {
                    self.note_error(&v);
                }
                return v;
            }
            other(&v);
        }
        panic!("no answer to {request} in 60 s");
    }

    /// Signs in (or up) every phone with a fresh client, `window` at a time; the client ids
    /// in the phones' order.
    fn sign_in_all(&mut self, phones: &[String], message_db: bool, window: usize) -> Vec<i32> {
        let ids: Vec<i32> = phones.iter().map(|_| ffi::td_create_client_id()).collect();
        let index: HashMap<i32, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let (mut next, mut running, mut done) = (0, 0, 0);
        let mut last_progress = Instant::now();
        while done < ids.len() {
            while running < window && next < ids.len() {
                let dir = self.work.join(format!("client-{}", phones[next]));
                send(ids[next], &params(&dir, message_db));
                next += 1;
                running += 1;
            }
            assert!(
                last_progress.elapsed() < Duration::from_secs(30),
                "sign-in: no progress in 30 s ({done} of {} ready)",
                ids.len()
            );
            let Some(v) = receive(1.0) else { continue };
            let id = client_of(&v);
            let Some(&i) = index.get(&id) else { continue };
            if v["@type"] == "error" {
                panic!("sign-in of {}: {v}", phones[i]);
            }
            if v["@type"] != "updateAuthorizationState" {
                continue;
            }
            last_progress = Instant::now();
            let phone = &phones[i];
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
                "authorizationStateReady" => {
                    done += 1;
                    running -= 1;
                }
                _ => {}
            }
        }
        ids
    }

    /// Reads and drops what comes for `d`.
    fn drain(&mut self, d: Duration) {
        let until = Instant::now() + d;
        while Instant::now() < until {
            receive(0.2);
        }
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

    /// importContacts of one phone: the user id (the private chat's id).
    fn import_contact(&mut self, id: i32, phone: &str) -> i64 {
        let r = self.call(
            id,
            json!({"@type": "importContacts", "contacts": [
                {"@type": "importedContact", "phone_number": phone, "first_name": "Peer", "last_name": ""}]}),
            &mut |_| {},
        );
        r["user_ids"][0].as_i64().unwrap_or(0)
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.work);
    }
}

fn text(s: &str) -> Value {
    json!({"@type": "inputMessageText", "text": {"@type": "formattedText", "text": s, "entities": []}})
}

fn text_of(m: &Value) -> &str {
    m["content"]["text"]["text"].as_str().unwrap_or("")
}

fn send_message(chat_id: i64, s: &str) -> Value {
    json!({"@type": "sendMessage", "chat_id": chat_id, "input_message_content": text(s)})
}

// ---------------------------------------------------------------------------------------
// 1 and 2: one account sends to another, one message at a time.

fn latency(args: &[String]) {
    let sends: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(300);
    let mut b = Bench::new("latency");
    let mut control = Control::from_env();
    let phones = [phone(1, 0), phone(1, 1)];
    control.user(&phones[0], "Ann");
    control.user(&phones[1], "Bob");
    let ids = b.sign_in_all(&phones, false, 2);
    let (ann, bob) = (ids[0], ids[1]);
    let bob_chat = b.import_contact(ann, &phones[1]);
    assert!(bob_chat > 0, "importContacts gives Bob");
    b.drain(Duration::from_millis(500));

    // Each send: td_send of sendMessage, then until Ann hears updateMessageSendSucceeded
    // (the round trip) and Bob hears updateNewMessage (the delivery). 20 warm-up sends.
    let warm = 20;
    let (mut round_trips, mut deliveries) = (Vec::new(), Vec::new());
    let mut lost = 0;
    let started = Instant::now();
    for i in 0..warm + sends {
        if started.elapsed() > Duration::from_secs(120) {
            println!("# latency: stopped at 120 s after {i} sends");
            break;
        }
        let body = format!("latency {i}");
        let t0 = Instant::now();
        let extra = b.send_tagged(ann, send_message(bob_chat, &body));
        let (mut temp, mut succeeded_old) = (None::<i64>, Vec::new());
        let (mut rt, mut dl) = (None, None);
        let deadline = t0 + Duration::from_secs(10);
        while (rt.is_none() || dl.is_none()) && Instant::now() < deadline {
            let Some(v) = receive(1.0) else { continue };
            let c = client_of(&v);
            if c == ann && v["@extra"] == extra.as_str() {
                if v["@type"] == "error" {
                    b.note_error(&v);
                    break;
                }
                temp = v["id"].as_i64();
            } else if c == ann && v["@type"] == "updateMessageSendSucceeded" {
                succeeded_old.push(v["old_message_id"].as_i64().unwrap_or(0));
            } else if c == ann && v["@type"] == "updateMessageSendFailed" {
                b.note_error(&v["error"]);
                break;
            } else if c == bob && v["@type"] == "updateNewMessage" && text_of(&v["message"]) == body
            {
                dl = Some(t0.elapsed());
            }
            if rt.is_none() && temp.is_some_and(|t| succeeded_old.contains(&t)) {
                rt = Some(t0.elapsed());
            }
        }
        let (Some(rt), Some(dl)) = (rt, dl) else {
            lost += 1;
            continue;
        };
        if i >= warm {
            round_trips.push(rt.as_secs_f64() * 1000.0);
            deliveries.push(dl.as_secs_f64() * 1000.0);
        }
    }
    println!("sends {}", round_trips.len());
    println!("lost {lost}");
    println!("send_median_ms {:.3}", percentile(&round_trips, 0.5));
    println!("send_p99_ms {:.3}", percentile(&round_trips, 0.99));
    println!("delivery_median_ms {:.3}", percentile(&deliveries, 0.5));
    println!("delivery_p99_ms {:.3}", percentile(&deliveries, 0.99));
    b.print_errors();
    b.close_all(&ids);
}

// ---------------------------------------------------------------------------------------
// 3: PAIRS senders, each sending to its own receiver, one message in flight per sender.

fn throughput(args: &[String]) {
    let pairs: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
    let seconds: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let mut b = Bench::new("throughput");
    let mut control = Control::from_env();
    let phones: Vec<String> = (0..2 * pairs as u32).map(|i| phone(1, 100 + i)).collect();
    for p in &phones {
        control.user(p, "Pair");
    }
    let ids = b.sign_in_all(&phones, false, 16);
    let (senders, receivers) = ids.split_at(pairs);
    let mut chat_of = HashMap::new();
    for (i, &s) in senders.iter().enumerate() {
        let chat = b.import_contact(s, &phones[pairs + i]);
        chat_of.insert(s, chat);
    }
    let is_receiver: std::collections::HashSet<i32> = receivers.iter().copied().collect();

    // Warm-up: one message per pair, until every receiver has heard its sender.
    for &s in senders {
        send(s, &send_message(chat_of[&s], "warm-up"));
    }
    let mut warm: std::collections::HashSet<i32> = Default::default();
    let deadline = Instant::now() + Duration::from_secs(60);
    while warm.len() < pairs && Instant::now() < deadline {
        if let Some(v) = receive(1.0) {
            if v["@type"] == "updateNewMessage" && is_receiver.contains(&client_of(&v)) {
                warm.insert(client_of(&v));
            }
        }
    }
    b.drain(Duration::from_secs(1));

    // The run: a sender sends its next message when its last one succeeded.
    let (mut sent, mut succeeded, mut failed, mut received) = (0u64, 0u64, 0u64, 0u64);
    let (cpu0, t0) = (cpu_seconds(), Instant::now());
    let run = Duration::from_secs(seconds);
    for &s in senders {
        send(s, &send_message(chat_of[&s], "load"));
        sent += 1;
    }
    let full_for = ["updateMessageSendFailed", "error"];
    while t0.elapsed() < run {
        let Some(h) = receive_head(0.5, &full_for) else {
            continue;
        };
        let c = h.client;
        let full = h.full.unwrap_or_default();
        match h.ty.as_str() {
            "updateNewMessage" if is_receiver.contains(&c) => received += 1,
            "updateMessageSendSucceeded" | "updateMessageSendFailed" => {
                if h.ty == "updateMessageSendFailed" {
                    failed += 1;
                    b.note_error(&full["error"]);
                } else {
                    succeeded += 1;
                }
                if let Some(chat) = chat_of.get(&c) {
                    send(c, &send_message(*chat, "load"));
                    sent += 1;
                }
            }
            "error" => b.note_error(&full),
            _ => {}
        }
    }
    let (cpu, wall) = (cpu_seconds() - cpu0, t0.elapsed().as_secs_f64());
    println!("pairs {pairs}");
    println!("run_seconds {wall:.1}");
    println!("sent {sent}");
    println!("send_succeeded {succeeded}");
    println!("send_failed {failed}");
    println!("received {received}");
    println!("messages_per_s {:.0}", received as f64 / wall);
    println!("cpu_s {cpu:.2}");
    println!(
        "cpu_s_per_1000 {:.3}",
        cpu * 1000.0 / (received.max(1)) as f64
    );
    println!("messages_per_cpu_s {:.0}", received as f64 / cpu);
    b.drain(Duration::from_secs(2));
    b.print_errors();
    b.close_all(&ids);
}

// ---------------------------------------------------------------------------------------
// 4: resident memory per client holding CHATS chats of PER_CHAT messages.

fn holder_phone(i: u32) -> String {
    phone(1, 1000 + i)
}

fn writer_phone(i: u32) -> String {
    phone(2, i)
}

fn memory_setup(args: &[String]) {
    let holders: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(50);
    let chats: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(20);
    let per: u32 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100);
    let mut control = Control::from_env();
    let t0 = Instant::now();
    let h: Vec<i64> = (0..holders)
        .map(|i| control.user(&holder_phone(i), "Holder"))
        .collect();
    let w: Vec<i64> = (0..chats)
        .map(|i| control.user(&writer_phone(i), &format!("Writer {i}")))
        .collect();
    let mut failed = 0;
    for k in 0..per {
        for (j, &writer) in w.iter().enumerate() {
            for &holder in &h {
                let body = format!("message {k} of chat {j}: some words of a plain chat text");
                if !control.message(writer, holder, &body) {
                    failed += 1;
                }
            }
        }
    }
    let n = holders * chats * per;
    let s = t0.elapsed().as_secs_f64();
    println!("injected {n}");
    println!("inject_failed {failed}");
    println!("inject_seconds {s:.1}");
    println!("inject_per_s {:.0}", n as f64 / s);
}

fn memory(args: &[String]) {
    let message_db = args.first().map(String::as_str) == Some("on");
    let holders: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let chats: u32 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(20);
    let per: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(100);
    let mut b = Bench::new(if message_db {
        "memory-on"
    } else {
        "memory-off"
    });
    let mut control = Control::from_env();
    let by_phone = control.users_by_phone();
    let writers: Vec<i64> = (0..chats)
        .filter_map(|i| by_phone.get(&writer_phone(i)).copied())
        .collect();
    assert_eq!(writers.len(), chats as usize, "memory-setup ran first");
    let phones: Vec<String> = (0..holders).map(holder_phone).collect();
    // The library, its runtime and one client (signed in, its histories read) exist
    // before the baseline; the other clients are measured.
    let first = b.sign_in_all(&phones[..1], message_db, 1);
    let (got0, seen0) = fetch_histories(&mut b, &first, &writers, per);
    b.drain(Duration::from_secs(1));
    let (rss0, heap0) = (rss_kib(), heap_kib());
    let mut all = b.sign_in_all(&phones[1..], message_db, 16);
    let t0 = Instant::now();
    let (got, chats_seen) = fetch_histories(&mut b, &all, &writers, per);
    let (got, chats_seen) = (got + got0, chats_seen + seen0);
    let fetch_s = t0.elapsed().as_secs_f64();
    // Measured at rest: an idle client closes its database after 3 s and the library hands
    // freed memory back to the system a second later.
    b.drain(Duration::from_secs(9));
    let (rss1, heap1) = (rss_kib(), heap_kib());
    let n = holders as i64 - 1;
    println!("message_database {}", if message_db { "on" } else { "off" });
    println!("clients {holders}");
    println!("chats_announced {chats_seen}");
    println!("messages_fetched {got}");
    println!(
        "messages_expected {}",
        holders as usize * chats as usize * per
    );
    println!("fetch_seconds {fetch_s:.1}");
    println!("rss_before_kib {rss0}");
    println!("rss_after_kib {rss1}");
    println!("rss_per_client_kib {:.1}", (rss1 - rss0) as f64 / n as f64);
    println!(
        "heap_per_client_kib {:.1}",
        (heap1 - heap0) as f64 / n as f64
    );
    b.print_errors();
    if std::env::var_os("BENCH_EXIT_HOLDING").is_some() {
        // For heaptrack: what the clients hold shows as "leaked" at exit.
        std::process::exit(0);
    }
    all.extend(first);
    b.close_all(&all);
}

/// Each client: loadChats, then getChatHistory of every chat until `per` messages came
/// (pages of up to 100, older from the oldest seen), 8 clients at a time. The messages and
/// the updateNewChat count.
fn fetch_histories(b: &mut Bench, clients: &[i32], writers: &[i64], per: usize) -> (usize, usize) {
    let (mut got, mut chats_seen) = (0, 0);
    for group in clients.chunks(8) {
        let mut loads: HashMap<String, i32> = HashMap::new();
        for &id in group {
            let e = b.send_tagged(
                id,
                json!({"@type": "loadChats", "chat_list": {"@type": "chatListMain"}, "limit": 100}),
            );
            loads.insert(e, id);
        }
        // A history request outstanding → (client, chat, messages so far).
        let mut pending: HashMap<String, (i32, i64, usize)> = HashMap::new();
        let deadline = Instant::now() + Duration::from_secs(120);
        while (!loads.is_empty() || !pending.is_empty()) && Instant::now() < deadline {
            let Some(v) = receive(1.0) else { continue };
            if v["@type"] == "updateNewChat" && group.contains(&client_of(&v)) {
                chats_seen += 1;
            }
            let Some(extra) = v["@extra"].as_str() else {
                continue;
            };
            if let Some(c) = loads.remove(extra) {
                // loadChats answered (ok, or 404 once the list is complete): the histories.
                if v["@type"] == "error" {
                    b.note_error(&v);
                }
                for &chat in writers {
                    let e = b.send_tagged(
                        c,
                        json!({"@type": "getChatHistory", "chat_id": chat, "from_message_id": 0,
                               "offset": 0, "limit": per.min(100)}),
                    );
                    pending.insert(e, (c, chat, 0));
                }
            } else if let Some((c, chat, so_far)) = pending.remove(extra) {
                if v["@type"] == "error" {
                    b.note_error(&v);
                    continue;
                }
                let msgs = v["messages"].as_array().map(Vec::as_slice).unwrap_or(&[]);
                got += msgs.len();
                let so_far = so_far + msgs.len();
                let oldest = msgs.last().and_then(|m| m["id"].as_i64());
                if let (true, Some(from)) = (so_far < per, oldest) {
                    let e = b.send_tagged(
                        c,
                        json!({"@type": "getChatHistory", "chat_id": chat, "from_message_id": from,
                               "offset": 0, "limit": (per - so_far).min(100)}),
                    );
                    pending.insert(e, (c, chat, so_far));
                }
            }
        }
    }
    (got, chats_seen)
}

// ---------------------------------------------------------------------------------------
// 5: TOTAL messages through one client across CHATS chats, injected in batches.

fn soak(args: &[String]) {
    let total: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let chats: u32 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let message_db = args.get(2).map(String::as_str) == Some("on");
    const BATCH: u32 = 1000;
    const RUN: u32 = 10; // consecutive messages in one chat
    const EVERY: u32 = 10_000;
    let mut b = Bench::new("soak");
    let mut control = Control::from_env();
    // The same writers for both runs (made by the first); one reader per run.
    let me_phone = phone(1, 2000 + u32::from(message_db));
    let me = control.user(&me_phone, "Soak");
    let known = control.users_by_phone();
    let writers: Vec<i64> = (0..chats)
        .map(|i| match known.get(&phone(3, i)) {
            Some(id) => *id,
            None => control.user(&phone(3, i), &format!("W{i}")),
        })
        .collect();
    let ids = b.sign_in_all(std::slice::from_ref(&me_phone), message_db, 1);
    let id = ids[0];
    b.call(
        id,
        json!({"@type": "loadChats", "chat_list": {"@type": "chatListMain"}, "limit": 100}),
        &mut |_| {},
    );
    b.drain(Duration::from_millis(500));
    println!("total {total}");
    println!("chats {chats}");
    println!("message_database {}", if message_db { "on" } else { "off" });
    println!(
        "soak_rss_kib 0 {} heap_kib {} cpu_s {:.1}",
        rss_kib(),
        heap_kib(),
        cpu_seconds()
    );

    let t0 = Instant::now();
    let (mut injected, mut received, mut lost) = (0u32, 0u32, 0u32);
    let mut marks: Vec<(u32, i64)> = Vec::new();
    let mut views = 0u64;
    let mut next_mark = EVERY;
    // What came for `id`: new messages by chat, to read.
    let mut unread: HashMap<i64, Vec<i64>> = HashMap::new();
    let take =
        |v: &Value, b: &mut Bench, received: &mut u32, unread: &mut HashMap<i64, Vec<i64>>| {
            if client_of(v) != id {
                return;
            }
            match v["@type"].as_str().unwrap_or("") {
                "updateNewMessage" if v["message"]["is_outgoing"] == false => {
                    *received += 1;
                    let m = &v["message"];
                    unread
                        .entry(m["chat_id"].as_i64().unwrap_or(0))
                        .or_default()
                        .push(m["id"].as_i64().unwrap_or(0));
                }
                "error" => b.note_error(v),
                _ => {}
            }
        };
    while injected < total {
        if t0.elapsed() > Duration::from_secs(400) {
            println!("# soak: stopped at 400 s after {injected} messages");
            break;
        }
        let end = (injected + BATCH).min(total);
        for k in injected..end {
            let writer = writers[((k / RUN) % chats) as usize];
            control.message(
                writer,
                me,
                &format!("soak message {k}: a line of chat text"),
            );
            // Take what is already there so the queue does not pile up while injecting.
            while let Some(v) = receive(0.0) {
                take(&v, &mut b, &mut received, &mut unread);
            }
        }
        injected = end;
        // Until every message of the batch came (at most 30 s), then read them all.
        let deadline = Instant::now() + Duration::from_secs(30);
        while received + lost < injected && Instant::now() < deadline {
            if let Some(v) = receive(0.5) {
                take(&v, &mut b, &mut received, &mut unread);
            }
        }
        if received + lost < injected {
            lost = injected - received;
        }
        for (chat, list) in unread.drain() {
            views += 1;
            send(
                id,
                &json!({"@type": "viewMessages", "chat_id": chat, "message_ids": list,
                        "source": null, "force_read": true}),
            );
        }
        while received >= next_mark {
            // Let the reads' answers come first.
            let settle = Instant::now() + Duration::from_millis(300);
            while Instant::now() < settle {
                if let Some(v) = receive(0.1) {
                    take(&v, &mut b, &mut received, &mut unread);
                }
            }
            let rss = rss_kib();
            marks.push((next_mark, rss));
            println!(
                "soak_rss_kib {next_mark} {rss} heap_kib {} cpu_s {:.1} elapsed_s {:.1}",
                heap_kib(),
                cpu_seconds(),
                t0.elapsed().as_secs_f64()
            );
            next_mark += EVERY;
        }
    }
    b.drain(Duration::from_secs(2));
    let end_rss = rss_kib();
    println!("soak_injected {injected}");
    println!("soak_received {received}");
    println!("soak_lost {lost}");
    println!("soak_views {views}");
    println!("soak_seconds {:.1}", t0.elapsed().as_secs_f64());
    println!("soak_rss_end_kib {end_rss}");
    println!("soak_heap_end_kib {}", heap_kib());
    let warm = marks.iter().find(|(n, _)| *n == 2 * EVERY).map(|(_, r)| *r);
    if let Some(w) = warm {
        println!("soak_rss_warm_kib {w}");
        println!(
            "soak_growth_pct {:.1}",
            (end_rss - w) as f64 * 100.0 / w as f64
        );
    }
    let h = control.health();
    println!("testdc_slow_clients_closed {}", h["slow_clients_closed"]);
    b.print_errors();
    b.close_all(&ids);
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mode = args.first().map(String::as_str).unwrap_or("");
    let rest = args.get(1..).unwrap_or(&[]);
    if matches!(mode, "latency" | "throughput") {
        COUNT.store(false, Ordering::Relaxed);
    }
    match mode {
        "latency" => latency(rest),
        "throughput" => throughput(rest),
        "memory-setup" => memory_setup(rest),
        "memory" => memory(rest),
        "soak" => soak(rest),
        _ => eprintln!(
            "usage: chats latency SENDS | throughput PAIRS SECONDS | memory-setup HOLDERS CHATS PER \
             | memory off|on HOLDERS CHATS PER | soak TOTAL CHATS [off|on]"
        ),
    }
}
