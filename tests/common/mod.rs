//! Calls the C ABI of the library (through the rlib) the way a host program does.
//! The receive queue is process-wide, so tests that receive hold [`lock`] and drain first.
#![allow(dead_code)]

use std::ffi::{CStr, CString};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tdjson::ffi;

static LOCK: Mutex<()> = Mutex::new(());

pub fn lock() -> MutexGuard<'static, ()> {
    let guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    execute(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":0}"#);
    while receive(0.0).is_some() {}
    guard
}

pub fn execute(request: &str) -> String {
    execute_bytes(request.as_bytes())
}

/// Raw request bytes as a C string (a NUL would end it early, so NULs are dropped).
fn c_string(request: &[u8]) -> CString {
    let bytes: Vec<u8> = request.iter().copied().filter(|&b| b != 0).collect();
    CString::new(bytes).expect("NULs were dropped")
}

pub fn execute_bytes(request: &[u8]) -> String {
    let c = c_string(request);
    let p = unsafe { ffi::td_execute(c.as_ptr()) };
    assert!(!p.is_null(), "td_execute returned NULL");
    String::from_utf8(unsafe { CStr::from_ptr(p) }.to_bytes().to_vec()).expect("answers are ASCII")
}

pub fn create() -> i32 {
    ffi::td_create_client_id()
}

pub fn send(client: i32, request: &str) {
    send_bytes(client, request.as_bytes())
}

pub fn send_bytes(client: i32, request: &[u8]) {
    let c = c_string(request);
    unsafe { ffi::td_send(client, c.as_ptr()) }
}

pub fn receive(timeout: f64) -> Option<String> {
    let p = ffi::td_receive(timeout);
    (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string())
}

/// Everything received until nothing arrives for `quiet` seconds.
pub fn receive_all(quiet: f64) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(m) = receive(quiet) {
        out.push(m);
    }
    out
}

/// Receives until `n` messages arrived (or `limit` passed).
pub fn receive_n(n: usize, limit: Duration) -> Vec<String> {
    let deadline = Instant::now() + limit;
    let mut out = Vec::new();
    while out.len() < n && Instant::now() < deadline {
        if let Some(m) = receive(0.05) {
            out.push(m);
        }
    }
    out
}

/// Receives until a message satisfies `done` (or `limit` passes), then what follows it
/// within `quiet`. For output that ends with work on the runtime thread (finish_close, alarms),
/// which a busy machine can delay beyond any fixed quiet window.
pub fn receive_until(done: impl Fn(&str) -> bool, quiet: f64) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut out = Vec::new();
    while Instant::now() < deadline {
        if let Some(m) = receive(0.05) {
            let last = done(&m);
            out.push(m);
            if last {
                out.extend(receive_all(quiet));
                return out;
            }
        }
    }
    panic!("nothing ended the wait in 10 s: {out:?}");
}

/// Whether `m` is the update that ends client `id`.
pub fn is_closed_update(m: &str, id: i32) -> bool {
    m.starts_with(r#"{"@type":"updateAuthorizationState","authorization_state":{"@type":"authorizationStateClosed"}"#)
        && m.ends_with(&format!(r#""@client_id":{id}}}"#))
}

/// Everything up to and including client `id`'s authorizationStateClosed.
pub fn receive_until_closed(id: i32) -> Vec<String> {
    receive_until(|m| is_closed_update(m, id), 0.05)
}

/// Closes client `id` and waits until it is gone, so nothing of it reaches the next test.
pub fn close_and_wait(id: i32) -> Vec<String> {
    send(id, r#"{"@type":"close"}"#);
    receive_until_closed(id)
}

pub fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

pub const VERSION_UPDATE: &str = r#"{"@type":"updateOption","name":"version","value":{"@type":"optionValueString","value":"1.8.65"}"#;

pub fn startup(client: i32) -> [String; 3] {
    let commit = json(&execute(r#"{"@type":"getOption","name":"commit_hash"}"#))["value"]
        .as_str()
        .unwrap()
        .to_string();
    [
        format!(r#"{VERSION_UPDATE},"@client_id":{client}}}"#),
        format!(
            r#"{{"@type":"updateOption","name":"commit_hash","value":{{"@type":"optionValueString","value":"{commit}"}},"@client_id":{client}}}"#
        ),
        format!(
            r#"{{"@type":"updateAuthorizationState","authorization_state":{{"@type":"authorizationStateWaitTdlibParameters"}},"@client_id":{client}}}"#
        ),
    ]
}

pub fn params(dir: &str, use_test_dc: bool, extra: &str) -> String {
    format!(
        r#"{{"@type":"setTdlibParameters","use_test_dc":{use_test_dc},"database_directory":"{dir}","api_id":12345,"api_hash":"abc","system_language_code":"en","device_model":"dev","application_version":"1.0","@extra":"{extra}"}}"#
    )
}
