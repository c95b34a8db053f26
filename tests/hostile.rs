//! Malformed and hostile input never panics or hangs: every request gets an answer object.

mod common;

use common::*;

/// A small deterministic generator (no dependency needed for test data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const SEEDS: &[&str] = &[
    r#"{"@type":"getJsonValue","json":"{\"a\":[1,2,{\"b\":null}]}","@extra":{"x":[1,"2"]}}"#,
    r#"{"@type":"parseTextEntities","text":"*b*","parse_mode":{"@type":"textParseModeMarkdown","version":2}}"#,
    r#"{"@type":"testReturnError","error":{"@type":"error","code":1,"message":"\u00e9\ud83d\ude00"}}"#,
    r#"{"@type":"setLogTagVerbosityLevel","tag":"actor","new_verbosity_level":"3"}"#,
    r#"{"@type":"getJsonString","json_value":{"@type":"jsonValueArray","values":[{"@type":"jsonValueNumber","value":1e308}]}}"#,
    r#"{"@type":"getChatFolderDefaultIconName","folder":{"included_chat_ids":["1",2]}}"#,
    r#"{"@type":"getJsonString","json_value":{"@type":"jsonValueObject","members":[{"@type":"jsonObjectMember","key":"\ud800","value":{"@type":"jsonValueString","value":"\ufffd"}}]}}"#,
    r#"{"@type":"searchStringsByPrefix","strings":["\ud83d\ude00a","b\ud800"],"query":"a","limit":3}"#,
];

fn mutate(rng: &mut Lcg, seed: &str) -> Vec<u8> {
    let mut b = seed.as_bytes().to_vec();
    for _ in 0..1 + rng.next() % 6 {
        if b.is_empty() {
            break;
        }
        let i = (rng.next() as usize) % b.len();
        match rng.next() % 5 {
            0 => b[i] = (rng.next() % 256) as u8,
            1 => {
                b.remove(i);
            }
            2 => {
                let pool = b"{}[]\",:\\u0-e.";
                b.insert(i, pool[(rng.next() as usize) % pool.len()]);
            }
            3 => b.truncate(i),
            _ => {
                let j = (rng.next() as usize) % b.len();
                b.swap(i, j);
            }
        }
    }
    b
}

fn is_answer(s: &str) -> bool {
    s.starts_with("{\"@type\":\"") && s.ends_with('}') && s.is_ascii()
}

#[test]
fn mutated_requests_get_answers_from_td_execute() {
    let mut rng = Lcg(7);
    for n in 0..3000 {
        let seed = SEEDS[n % SEEDS.len()];
        let req = mutate(&mut rng, seed);
        let out = execute_bytes(&req);
        assert!(
            is_answer(&out),
            "{:?} -> {out}",
            String::from_utf8_lossy(&req)
        );
    }
}

#[test]
fn deep_and_huge_inputs() {
    let deep = "[".repeat(100_000);
    assert!(execute(&deep).contains("Too big object depth"));
    let deep_obj = r#"{"a":"#.repeat(50_000);
    assert!(execute(&deep_obj).contains("Too big object depth"));
    let long = format!(
        r#"{{"@type":"getJsonValue","json":"\"{}\""}}"#,
        "x".repeat(1 << 20)
    );
    assert!(execute(&long).starts_with(r#"{"@type":"jsonValueString","value":"xxx"#));
    let many = format!(
        r#"{{"@type":"getJsonValue","json":"[{}1]"}}"#,
        "1,".repeat(200_000)
    );
    assert!(execute(&many).starts_with(r#"{"@type":"jsonValueArray""#));
    let bad_utf8 = b"{\"@type\":\"getJsonValue\",\"json\":\"\xff\xfe\"}";
    assert_eq!(
        execute_bytes(bad_utf8),
        r#"{"@type":"error","code":400,"message":"JSON has invalid encoding"}"#
    );
    let lone =
        r#"{"@type":"testReturnError","error":{"@type":"error","code":1,"message":"\ud800x"}}"#;
    assert!(is_answer(&execute(lone)));
}

#[test]
fn mutated_requests_get_answers_through_td_send() {
    let _g = lock();
    let id = create();
    let mut rng = Lcg(11);
    let mut sent = 0;
    for n in 0..500 {
        let req = mutate(&mut rng, SEEDS[n % SEEDS.len()]);
        // Requests that close the client are left out so all 500 go to one client.
        if String::from_utf8_lossy(&req).contains("close")
            || String::from_utf8_lossy(&req).contains("destroy")
        {
            continue;
        }
        send_bytes(id, &req);
        sent += 1;
    }
    let got = receive_n(sent + 3, std::time::Duration::from_secs(30));
    assert_eq!(got.len(), sent + 3);
    assert!(got.iter().all(|m| is_answer(m)));
    close_and_wait(id);
}

#[test]
fn null_pointers_are_empty_requests() {
    use std::ffi::CStr;
    let p = unsafe { tdjson::ffi::td_execute(std::ptr::null()) };
    assert_eq!(
        unsafe { CStr::from_ptr(p) }.to_str().unwrap(),
        r#"{"@type":"error","code":400,"message":"Failed to parse request as JSON object: Unexpected string end"}"#
    );
}
