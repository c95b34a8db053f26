//! The log API: verbosity, tags, streams with rotation, the message callback.

mod common;

use std::ffi::{c_char, c_int, CStr};
use std::sync::Mutex;

use common::*;
use tdjson::ffi;

static MESSAGES: Mutex<Vec<(i32, String)>> = Mutex::new(Vec::new());

extern "C" fn collect(level: c_int, message: *const c_char) {
    let text = unsafe { CStr::from_ptr(message) }
        .to_string_lossy()
        .into_owned();
    MESSAGES.lock().unwrap().push((level, text));
}

#[test]
fn log_api() {
    let _g = lock();
    // Verbosity: 0..=1024.
    assert_eq!(
        execute(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":1025}"#),
        r#"{"@type":"error","code":400,"message":"Wrong new verbosity level specified"}"#
    );
    assert_eq!(
        execute(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":"2"}"#),
        r#"{"@type":"ok"}"#
    );
    assert_eq!(
        execute(r#"{"@type":"getLogVerbosityLevel"}"#),
        r#"{"@type":"logVerbosityLevel","verbosity_level":2}"#
    );

    // Tags: clamped to 1..=1024, unknown ones rejected.
    assert_eq!(
        execute(r#"{"@type":"getLogTagVerbosityLevel","tag":"actor"}"#),
        r#"{"@type":"logVerbosityLevel","verbosity_level":14}"#
    );
    execute(r#"{"@type":"setLogTagVerbosityLevel","tag":"actor","new_verbosity_level":0}"#);
    assert_eq!(
        execute(r#"{"@type":"getLogTagVerbosityLevel","tag":"actor"}"#),
        r#"{"@type":"logVerbosityLevel","verbosity_level":1}"#
    );
    execute(r#"{"@type":"setLogTagVerbosityLevel","tag":"actor","new_verbosity_level":14}"#);
    assert_eq!(
        execute(r#"{"@type":"getLogTagVerbosityLevel","tag":"nope"}"#),
        r#"{"@type":"error","code":400,"message":"Log tag is not found"}"#
    );

    // The callback gets messages up to its level that pass the verbosity.
    ffi::td_set_log_message_callback(1, Some(collect));
    execute(r#"{"@type":"setLogStream","log_stream":{"@type":"logStreamEmpty"}}"#);
    execute(r#"{"@type":"addLogMessage","verbosity_level":1,"text":"one"}"#);
    execute(r#"{"@type":"addLogMessage","verbosity_level":2,"text":"two"}"#);
    execute(r#"{"@type":"addLogMessage","verbosity_level":3,"text":"three"}"#);
    ffi::td_set_log_message_callback(0, None);
    execute(r#"{"@type":"addLogMessage","verbosity_level":1,"text":"after"}"#);
    let got = std::mem::take(&mut *MESSAGES.lock().unwrap());
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, 1);
    assert!(
        got[0].1.starts_with("[ 1][t ")
            && got[0].1.contains("][log_requests.rs:")
            && got[0].1.ends_with("][&client]\tone\n"),
        "{:?}",
        got[0].1
    );

    // A file stream: absolute path reported, rotated to .old past the limit.
    let dir = std::env::temp_dir().join(format!("tdjson-log-{}", std::process::id()));
    let path = dir.join("sub/td.log");
    let set = format!(
        r#"{{"@type":"setLogStream","log_stream":{{"@type":"logStreamFile","path":"{}","max_file_size":150}}}}"#,
        path.display()
    );
    assert_eq!(
        execute(&set),
        r#"{"@type":"ok"}"#,
        "parent directories are created"
    );
    assert_eq!(
        execute(r#"{"@type":"getLogStream"}"#),
        format!(
            r#"{{"@type":"logStreamFile","path":"{}","max_file_size":150,"redirect_stderr":false}}"#,
            path.display()
        )
    );
    for i in 0..6 {
        execute(&format!(
            r#"{{"@type":"addLogMessage","verbosity_level":1,"text":"line {i} {}"}}"#,
            "x".repeat(30)
        ));
    }
    let current = std::fs::read_to_string(&path).unwrap();
    let old = std::fs::read_to_string(dir.join("sub/td.log.old")).unwrap();
    assert!(
        current.contains("line 4") && current.contains("line 5") && !current.contains("line 3"),
        "{current}"
    );
    assert!(old.contains("line 2") && old.contains("line 3"), "{old}");
    let bad = format!(
        r#"{{"@type":"setLogStream","log_stream":{{"@type":"logStreamFile","path":"{}","max_file_size":10}}}}"#,
        dir.display()
    );
    assert_eq!(
        execute(&bad),
        format!(
            r#"{{"@type":"error","code":400,"message":"File \"{}\" can't be opened/created for appending"}}"#,
            dir.display()
        )
    );
    assert_eq!(
        execute(r#"{"@type":"setLogStream","log_stream":{"@type":"logStreamFile","path":"x"}}"#),
        r#"{"@type":"error","code":400,"message":"Max log file size must be positive"}"#
    );

    // The deprecated interface.
    let p = std::ffi::CString::new(dir.join("legacy.log").to_string_lossy().as_bytes()).unwrap();
    assert_eq!(unsafe { ffi::td_set_log_file_path(p.as_ptr()) }, 1);
    assert!(execute(r#"{"@type":"getLogStream"}"#).contains("legacy.log"));
    assert_eq!(unsafe { ffi::td_set_log_file_path(std::ptr::null()) }, 1);
    assert_eq!(
        execute(r#"{"@type":"getLogStream"}"#),
        r#"{"@type":"logStreamDefault"}"#
    );
    ffi::td_set_log_verbosity_level(3);
    assert_eq!(
        execute(r#"{"@type":"getLogVerbosityLevel"}"#),
        r#"{"@type":"logVerbosityLevel","verbosity_level":3}"#
    );
    execute(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":0}"#);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn clients_are_logged_as_tdlib_logs_them() {
    let _g = lock();
    execute(r#"{"@type":"setLogStream","log_stream":{"@type":"logStreamEmpty"}}"#);
    execute(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":3}"#);
    MESSAGES.lock().unwrap().clear();
    ffi::td_set_log_message_callback(3, Some(collect));
    let id = create();
    send(id, r#"{"@type":"getOption","name":"version"}"#);
    let client = ffi::td_json_client_create();
    unsafe { ffi::td_json_client_destroy(client) };
    execute(r#"{"@type":"addLogMessage","verbosity_level":1,"text":"cut\u0000off"}"#);
    ffi::td_set_log_message_callback(0, None);
    execute(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":0}"#);
    execute(r#"{"@type":"setLogStream","log_stream":{"@type":"logStreamDefault"}}"#);
    receive_all(0.1);
    let got = std::mem::take(&mut *MESSAGES.lock().unwrap());
    let texts: Vec<(i32, &str)> = got
        .iter()
        .map(|(level, line)| (*level, line.split_once('\t').map_or("", |(_, text)| text)))
        .collect();
    let old = id + 1;
    assert_eq!(
        texts,
        [
            (3, format!("Created managed client {id}\n").as_str()),
            (3, &format!("Initialize client {id}\n")),
            (3, &format!("Create client {old}\n")),
            (3, &format!("Initialize client {old}\n")),
            (3, "Destroy Client\n"),
            (3, "Close client\n"),
            // The callback gets a C string: it ends at the NUL.
            (1, "cut"),
        ]
    );
    assert!(got[0].1.contains("][registry.rs:"), "{:?}", got[0].1);
    assert!(
        !got[0].1.contains("[&"),
        "client lines have no tag: {:?}",
        got[0].1
    );
}
