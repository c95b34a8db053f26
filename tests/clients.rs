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
    close_and_wait(a);
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
        receive_until_closed(id),
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
fn a_closing_client_tells_its_state_and_answers_synchronous_requests_only() {
    let _g = lock();
    let id = create();
    send(id, r#"{"@type":"getAuthorizationState","@extra":"as"}"#);
    assert_eq!(receive_all(0.2).len(), 4);
    // Sent in one burst after close, as python-telegram does: TDLib still answers them.
    send(id, r#"{"@type":"close","@extra":"bye"}"#);
    send(id, r#"{"@type":"getAuthorizationState","@extra":"g1"}"#);
    send(
        id,
        r#"{"@type":"getOption","name":"version","@extra":"v1"}"#,
    );
    send(id, r#"{"@type":"testCallEmpty","@extra":"t1"}"#);
    let got = receive_until_closed(id);
    let with = |extra: &str| got.iter().find(|m| m.contains(extra)).cloned();
    assert_eq!(
        got[0],
        format!(r#"{{"@type":"ok","@extra":"bye","@client_id":{id}}}"#)
    );
    let g1 = with(r#""@extra":"g1""#).expect("getAuthorizationState answered");
    assert!(
        g1.starts_with(r#"{"@type":"authorizationStateClosing""#)
            || g1.starts_with(r#"{"@type":"authorizationStateClosed""#)
            || g1.contains("Request aborted"),
        "{g1}"
    );
    assert!(with(r#""@extra":"t1""#)
        .unwrap()
        .contains("Request aborted"));
    let closing = got.iter().position(|m| m.contains(r#"updateAuthorizationState","authorization_state":{"@type":"authorizationStateClosing"#));
    let closed = got.iter().position(|m| {
        m.contains(
            r#"updateAuthorizationState","authorization_state":{"@type":"authorizationStateClosed"#,
        )
    });
    assert!(closing.is_some() && closing < closed, "{got:?}");
    // The close may finish between two of the sends above (a busy machine can stall this
    // thread): whatever comes after authorizationStateClosed is an abort, never an answer.
    let closed = closed.expect("authorizationStateClosed");
    assert!(
        got[closed + 1..]
            .iter()
            .all(|m| m.contains("Request aborted")),
        "{got:?}"
    );
    assert_eq!(got.len(), 6, "{got:?}");
    // Once closed, a client of td_create_client_id is gone: even synchronous requests abort.
    send(
        id,
        r#"{"@type":"getOption","name":"version","@extra":"v2"}"#,
    );
    assert!(receive_all(0.2)[0].contains("Request aborted"));
}

#[test]
fn a_closed_client_of_the_old_interface_still_tells_its_state() {
    use std::ffi::{CStr, CString};
    use tdjson::ffi;
    let _g = lock();
    let client = ffi::td_json_client_create();
    let recv_all = || {
        let mut got = Vec::new();
        loop {
            let p = unsafe { ffi::td_json_client_receive(client, 0.2) };
            if p.is_null() {
                return got;
            }
            got.push(unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_string());
        }
    };
    let send = |r: &str| {
        let r = CString::new(r).unwrap();
        unsafe { ffi::td_json_client_send(client, r.as_ptr()) };
    };
    recv_all();
    send(r#"{"@type":"close"}"#);
    // Closed comes from the runtime thread: wait for it rather than for a quiet moment.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut closed = false;
    while !closed && Instant::now() < deadline {
        let p = unsafe { ffi::td_json_client_receive(client, 0.05) };
        closed = !p.is_null()
            && unsafe { CStr::from_ptr(p) }
                .to_bytes()
                .starts_with(br#"{"@type":"updateAuthorizationState","authorization_state":{"@type":"authorizationStateClosed"}"#);
    }
    assert!(closed, "authorizationStateClosed within 10 s");
    assert_eq!(recv_all(), Vec::<String>::new(), "nothing after Closed");
    send(r#"{"@type":"getAuthorizationState","@extra":1}"#);
    send(r#"{"@type":"getOption","name":"version","@extra":2}"#);
    send(r#"{"@type":"getMe","@extra":3}"#);
    assert_eq!(
        recv_all(),
        vec![
            r#"{"@type":"authorizationStateClosed","@extra":1}"#.to_string(),
            r#"{"@type":"optionValueString","value":"1.8.65","@extra":2}"#.to_string(),
            r#"{"@type":"error","code":500,"message":"Request aborted","@extra":3}"#.to_string(),
        ]
    );
    unsafe { ffi::td_json_client_destroy(client) };
}

#[test]
fn never_issued_ids_are_invalid_instances() {
    let _g = lock();
    let next = create() + 1000;
    for id in [0, -1, next] {
        send(id, r#"{"@type":"testCallEmpty","@extra":"ghost"}"#);
        // TDLib leaves @client_id out for id 0.
        let client = if id == 0 {
            String::new()
        } else {
            format!(r#","@client_id":{id}"#)
        };
        assert_eq!(
            receive_all(0.1),
            vec![format!(
                r#"{{"@type":"error","code":400,"message":"Invalid TDLib instance specified","@extra":"ghost"{client}}}"#
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
    close_and_wait(id);
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
    let got = receive_until(|m| m.contains(r#""@extra":"soon""#), 0.1);
    assert_eq!(
        got.last().unwrap(),
        &format!(r#"{{"@type":"ok","@extra":"soon","@client_id":{id}}}"#)
    );
    send(id, r#"{"@type":"close","@extra":"bye"}"#);
    let got = receive_until_closed(id);
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

#[test]
fn log_out_before_authorization_fails_pending_requests_with_401() {
    let _g = lock();
    let dir = std::env::temp_dir().join(format!("tdjson-logout-{}", std::process::id()));
    let id = create();
    send(id, &params(&dir.to_string_lossy(), false, "p"));
    receive_all(0.2);
    send(id, r#"{"@type":"setAlarm","seconds":100,"@extra":"a1"}"#);
    send(id, r#"{"@type":"setAlarm","seconds":100,"@extra":"a2"}"#);
    send(id, r#"{"@type":"logOut","@extra":"out"}"#);
    let state = |s: &str| {
        format!(
            r#"{{"@type":"updateAuthorizationState","authorization_state":{{"@type":"authorizationState{s}"}},"@client_id":{id}}}"#
        )
    };
    let unauthorized = |e: &str| {
        format!(
            r#"{{"@type":"error","code":401,"message":"Unauthorized","@extra":"{e}","@client_id":{id}}}"#
        )
    };
    assert_eq!(
        receive_all(0.2),
        vec![
            state("LoggingOut"),
            format!(r#"{{"@type":"ok","@extra":"out","@client_id":{id}}}"#),
            unauthorized("a2"),
            unauthorized("a1"),
            state("Closed")
        ]
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn options_after_set_tdlib_parameters() {
    let _g = lock();
    let dir = std::env::temp_dir().join(format!("tdjson-options-{}", std::process::id()));
    let id = create();
    send(id, &params(&dir.to_string_lossy(), false, "p"));
    let startup = receive_all(0.2);
    assert!(startup.iter().any(|m| m.contains(
        r#""name":"chat_folder_count_max","value":{"@type":"optionValueInteger","value":"10"}"#
    )));
    for (request, want) in [
        (
            r#"{"@type":"setOption","name":"notification_group_count_max","value":{"@type":"optionValueInteger","value":"26"},"@extra":1}"#,
            vec![
                r#"{"@type":"error","code":400,"message":"Option's \"notification_group_count_max\" value 26 is outside of the valid range [0, 25]","@extra":1,"@client_id":ID}"#,
            ],
        ),
        (
            r#"{"@type":"setOption","name":"use_pfs","value":{"@type":"optionValueString","value":"x"},"@extra":2}"#,
            vec![
                r#"{"@type":"error","code":400,"message":"Option \"use_pfs\" must have boolean value","@extra":2,"@client_id":ID}"#,
            ],
        ),
        (
            r#"{"@type":"setOption","name":"use_pfs","value":{"@type":"optionValueBoolean","value":true},"@extra":3}"#,
            vec![
                r#"{"@type":"updateOption","name":"use_pfs","value":{"@type":"optionValueBoolean","value":true},"@client_id":ID}"#,
                r#"{"@type":"ok","@extra":3,"@client_id":ID}"#,
            ],
        ),
        (
            r#"{"@type":"setOption","name":"use_pfs","value":{"@type":"optionValueBoolean","value":true},"@extra":4}"#,
            vec![r#"{"@type":"ok","@extra":4,"@client_id":ID}"#],
        ),
        (
            r#"{"@type":"getOption","name":"use_pfs","@extra":5}"#,
            vec![r#"{"@type":"optionValueBoolean","value":true,"@extra":5,"@client_id":ID}"#],
        ),
        (
            r#"{"@type":"setOption","name":"message_caption_length_max","@extra":6}"#,
            vec![
                r#"{"@type":"error","code":400,"message":"Option can't be set","@extra":6,"@client_id":ID}"#,
            ],
        ),
    ] {
        send(id, request);
        let want: Vec<String> = want
            .iter()
            .map(|w| w.replace("ID", &id.to_string()))
            .collect();
        assert_eq!(receive_all(0.1), want, "{request}");
    }
    close_and_wait(id);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn updates_from_background_work_reach_running_clients_only() {
    let _g = lock();
    let id = create();
    let update = || td_api::UpdateConnectionState {
        state: Some(td_api::ConnectionStateReady {}.into()),
    };
    tdjson::client::update(id, update());
    assert_eq!(
        receive(0.1),
        None,
        "a client that never started gets nothing"
    );
    send(id, r#"{"@type":"testCallEmpty"}"#);
    receive_all(0.1);
    std::thread::spawn(move || tdjson::client::update(id, update()))
        .join()
        .unwrap();
    assert_eq!(
        receive_all(0.1),
        vec![format!(
            r#"{{"@type":"updateConnectionState","state":{{"@type":"connectionStateReady"}},"@client_id":{id}}}"#
        )]
    );
    close_and_wait(id);
    tdjson::client::update(id, update());
    assert_eq!(receive(0.1), None, "nor does a closed one");
}
