//! td_create_client_id / td_send / td_receive through the C ABI: ids, startup, held requests,
//! close, unknown and closed clients, timers, the old interface.

mod common;

use std::time::{Duration, Instant};

use common::*;

#[test]
fn ids_are_consecutive_and_never_reused() {
    let _g = lock();
    let a = create();
    let b = create();
    assert!(a > 0);
    assert_eq!(b, a + 1);
    send(a, r#"{"@type":"close"}"#);
    receive_all(0.1);
    let c = create();
    assert_eq!(c, b + 1, "a closed client's id is not reused");
}

#[test]
fn a_client_is_silent_until_its_first_request_then_starts_in_order() {
    let _g = lock();
    let id = create();
    assert_eq!(receive(0.2), None, "nothing before the first td_send");
    send(
        id,
        r#"{"@type":"getOption","name":"version","@extra":"probe-1"}"#,
    );
    let got = receive_all(0.2);
    let mut want = startup(id).to_vec();
    want.push(format!(
        r#"{{"@type":"optionValueString","value":"1.8.65","@extra":"probe-1","@client_id":{id}}}"#
    ));
    assert_eq!(got, want);
}

#[test]
fn receive_waits_for_the_timeout_then_returns_null() {
    let _g = lock();
    let t = Instant::now();
    assert_eq!(receive(0.3), None);
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_millis(250),
        "returned after {waited:?}"
    );
    assert!(waited < Duration::from_secs(5), "returned after {waited:?}");
    assert_eq!(receive(0.0), None);
    assert_eq!(receive(-1.0), None);
    assert_eq!(receive(f64::NAN), None);
}

#[test]
fn a_waiting_receive_wakes_up_for_an_answer_from_another_thread() {
    let _g = lock();
    let id = create();
    let sender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(100));
        send(id, r#"{"@type":"testCallEmpty","@extra":"late"}"#);
    });
    let first = receive(10.0).expect("woken by the answer");
    assert!(first.starts_with(VERSION_UPDATE));
    sender.join().unwrap();
    let rest = receive_n(3, Duration::from_secs(5));
    assert_eq!(
        rest.last().map(String::as_str),
        Some(&*format!(
            r#"{{"@type":"ok","@extra":"late","@client_id":{id}}}"#
        ))
    );
}

#[test]
fn held_requests_are_aborted_in_reverse_order_on_close() {
    let _g = lock();
    let id = create();
    send(id, r#"{"@type":"getAuthorizationState","@extra":"as"}"#);
    send(
        id,
        r#"{"@type":"getOption","name":"utc_time","@extra":"u"}"#,
    );
    send(
        id,
        r#"{"@type":"getOption","name":"my_custom","@extra":"m"}"#,
    );
    send(
        id,
        r#"{"@type":"setOption","name":"my_custom","value":{"@type":"optionValueString","value":"v"},"@extra":"s"}"#,
    );
    let got = receive_all(0.2);
    assert_eq!(
        got.len(),
        4,
        "startup and getAuthorizationState only: {got:?}"
    );
    assert_eq!(
        got[3],
        format!(
            r#"{{"@type":"authorizationStateWaitTdlibParameters","@extra":"as","@client_id":{id}}}"#
        )
    );
    send(id, r#"{"@type":"close","@extra":"bye"}"#);
    let aborted = |e: &str| {
        format!(
            r#"{{"@type":"error","code":500,"message":"Request aborted","@extra":"{e}","@client_id":{id}}}"#
        )
    };
    let state = |s: &str| {
        format!(
            r#"{{"@type":"updateAuthorizationState","authorization_state":{{"@type":"authorizationState{s}"}},"@client_id":{id}}}"#
        )
    };
    assert_eq!(
        receive_all(0.2),
        vec![
            format!(r#"{{"@type":"ok","@extra":"bye","@client_id":{id}}}"#),
            aborted("s"),
            aborted("m"),
            aborted("u"),
            state("Closing"),
            state("Closed")
        ]
    );
    send(
        id,
        r#"{"@type":"getOption","name":"version","@extra":"after"}"#,
    );
    assert_eq!(receive_all(0.2), vec![aborted("after")]);
}

#[test]
fn never_issued_ids_are_invalid_instances() {
    let _g = lock();
    let next = create() + 1000;
    for id in [0, -1, next] {
        send(id, r#"{"@type":"testCallEmpty","@extra":"ghost"}"#);
        assert_eq!(
            receive_all(0.1),
            vec![format!(
                r#"{{"@type":"error","code":400,"message":"Invalid TDLib instance specified","@extra":"ghost","@client_id":{id}}}"#
            )]
        );
    }
}

#[test]
fn requests_before_set_tdlib_parameters() {
    let _g = lock();
    let id = create();
    send(id, r#"{"@type":"getMe","@extra":"me"}"#);
    send(id, r#"{"@type":"testSquareInt","x":46341,"@extra":"sq"}"#);
    send(
        id,
        r#"{"@type":"getJsonValue","json":"[1]","@extra":"sync"}"#,
    );
    send(id, "{");
    let got = receive_all(0.2);
    assert_eq!(&got[..3], &startup(id)[..]);
    assert_eq!(
        &got[3..],
        &[
            format!(
                r#"{{"@type":"error","code":400,"message":"Initialization parameters are needed: call setTdlibParameters first","@extra":"me","@client_id":{id}}}"#
            ),
            format!(r#"{{"@type":"testInt","value":-2147479015,"@extra":"sq","@client_id":{id}}}"#),
            format!(
                r#"{{"@type":"jsonValueArray","values":[{{"@type":"jsonValueNumber","value":1.000000}}],"@extra":"sync","@client_id":{id}}}"#
            ),
            format!(
                r#"{{"@type":"error","code":400,"message":"Failed to parse request as JSON object: Unexpected string end","@client_id":{id}}}"#
            ),
        ]
    );
}

#[test]
fn set_tdlib_parameters_answers_held_requests_and_waits_for_a_phone_number() {
    let _g = lock();
    let dir = std::env::temp_dir().join(format!("tdjson-test-{}", std::process::id()));
    let id = create();
    send(
        id,
        r#"{"@type":"setOption","name":"x_test","value":{"@type":"optionValueInteger","value":"7"},"@extra":"set"}"#,
    );
    send(
        id,
        r#"{"@type":"getOption","name":"x_test","@extra":"get"}"#,
    );
    send(id, &params(&dir.to_string_lossy(), true, "params"));
    let got = receive_all(0.3);
    let pos = |needle: &str| {
        got.iter()
            .position(|m| m.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in {got:?}"))
    };
    let set = pos(r#""@extra":"set""#);
    let get = pos(r#""@extra":"get""#);
    let ready = pos("authorizationStateWaitPhoneNumber");
    let ok = pos(r#""@extra":"params""#);
    assert!(pos(r#""name":"message_caption_length_max""#) < set);
    assert!(set < get && get < ready && ready < ok);
    assert_eq!(
        got[get],
        format!(r#"{{"@type":"optionValueInteger","value":"7","@extra":"get","@client_id":{id}}}"#)
    );
    assert!(dir.is_dir(), "the database directory is created");
    send(id, r#"{"@type":"getMe","@extra":"me"}"#);
    send(id, r#"{"@type":"setTdlibParameters","@extra":"again"}"#);
    assert_eq!(
        receive_all(0.2),
        vec![
            format!(
                r#"{{"@type":"error","code":401,"message":"Unauthorized","@extra":"me","@client_id":{id}}}"#
            ),
            format!(
                r#"{{"@type":"error","code":400,"message":"Unexpected setTdlibParameters","@extra":"again","@client_id":{id}}}"#
            ),
        ]
    );
    send(id, r#"{"@type":"close"}"#);
    receive_all(0.1);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn alarms_answer_later_and_close_aborts_them() {
    let _g = lock();
    let id = create();
    send(id, r#"{"@type":"setAlarm","seconds":0.05,"@extra":"soon"}"#);
    send(
        id,
        r#"{"@type":"setAlarm","seconds":1000,"@extra":"never"}"#,
    );
    let got = receive_all(0.5);
    assert_eq!(
        got.last().unwrap(),
        &format!(r#"{{"@type":"ok","@extra":"soon","@client_id":{id}}}"#)
    );
    send(id, r#"{"@type":"close","@extra":"bye"}"#);
    let got = receive_all(0.2);
    assert!(got.contains(&format!(r#"{{"@type":"error","code":500,"message":"Request aborted","@extra":"never","@client_id":{id}}}"#)));
    assert!(got.last().unwrap().contains("authorizationStateClosed"));
}

#[test]
fn the_old_interface_has_its_own_queue_and_no_client_id() {
    use std::ffi::{CStr, CString};
    use tdjson::ffi;
    let _g = lock();
    let client = ffi::td_json_client_create();
    assert!(!client.is_null());
    let recv = |t| {
        let p = unsafe { ffi::td_json_client_receive(client, t) };
        (!p.is_null()).then(|| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string())
    };
    let first = recv(1.0).expect("starts at once");
    assert_eq!(first, format!("{VERSION_UPDATE}}}"));
    let req = CString::new(r#"{"@type":"testCallString","x":"hi","@extra":1}"#).unwrap();
    unsafe { ffi::td_json_client_send(client, req.as_ptr()) };
    let mut got = Vec::new();
    while let Some(m) = recv(0.2) {
        got.push(m);
    }
    assert_eq!(
        got.last().unwrap(),
        r#"{"@type":"testString","value":"hi","@extra":1}"#
    );
    assert_eq!(receive(0.1), None, "nothing on the shared queue");
    let exec = CString::new(r#"{"@type":"getOption","name":"version"}"#).unwrap();
    let p = unsafe { ffi::td_json_client_execute(std::ptr::null_mut(), exec.as_ptr()) };
    assert_eq!(
        unsafe { CStr::from_ptr(p) }.to_str().unwrap(),
        r#"{"@type":"optionValueString","value":"1.8.65"}"#
    );
    unsafe { ffi::td_json_client_destroy(client) };
    unsafe { ffi::td_json_client_destroy(std::ptr::null_mut()) };
    assert!(unsafe { ffi::td_json_client_receive(std::ptr::null_mut(), 0.0) }.is_null());
}
