//! Returned strings are per thread; many clients on many threads get every answer once.

mod common;

use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::time::Duration;

use common::*;
use tdjson::ffi;

#[test]
fn returned_strings_stay_valid_until_the_next_call_on_the_same_thread() {
    let req = CString::new(r#"{"@type":"getOption","name":"version"}"#).unwrap();
    let mine = unsafe { ffi::td_execute(req.as_ptr()) };
    let other = std::thread::spawn(|| {
        let req = CString::new(r#"{"@type":"getJsonValue","json":"[1,2,3,4,5,6,7,8]"}"#).unwrap();
        for _ in 0..100 {
            let p = unsafe { ffi::td_execute(req.as_ptr()) };
            assert!(unsafe { CStr::from_ptr(p) }
                .to_str()
                .unwrap()
                .starts_with(r#"{"@type":"jsonValueArray""#));
        }
    });
    other.join().unwrap();
    assert_eq!(
        unsafe { CStr::from_ptr(mine) }.to_str().unwrap(),
        r#"{"@type":"optionValueString","value":"1.8.65"}"#
    );
}

#[test]
fn many_clients_on_many_threads_get_each_answer_exactly_once() {
    let _g = lock();
    const THREADS: usize = 4;
    const CLIENTS: usize = 25;
    const REQUESTS: usize = 20;
    let senders: Vec<_> = (0..THREADS)
        .map(|t| {
            std::thread::spawn(move || {
                let mut ids = Vec::new();
                for c in 0..CLIENTS {
                    let id = create();
                    ids.push(id);
                    for r in 0..REQUESTS {
                        let request = match r % 4 {
                            0 => format!(
                                r#"{{"@type":"testSquareInt","x":{r},"@extra":"{t}-{c}-{r}"}}"#
                            ),
                            1 => format!(
                                r#"{{"@type":"getOption","name":"version","@extra":"{t}-{c}-{r}"}}"#
                            ),
                            2 => format!(r#"{{"@type":"getMe","@extra":"{t}-{c}-{r}"}}"#),
                            _ => format!(r#"{{"@type":"noSuch","@extra":"{t}-{c}-{r}"}}"#),
                        };
                        send(id, &request);
                    }
                }
                ids
            })
        })
        .collect();
    let ids: Vec<i32> = senders
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    let expected = THREADS * CLIENTS * (REQUESTS + 3);
    let got = receive_n(expected, Duration::from_secs(60));
    assert_eq!(got.len(), expected);
    assert_eq!(receive(0.2), None, "nothing more");
    let mut answers: HashMap<String, usize> = HashMap::new();
    let mut per_client: HashMap<i64, Vec<String>> = HashMap::new();
    for m in &got {
        let v = json(m);
        let client = v["@client_id"].as_i64().unwrap();
        per_client.entry(client).or_default().push(m.clone());
        if let Some(e) = v["@extra"].as_str() {
            *answers.entry(e.to_string()).or_default() += 1;
        }
    }
    assert_eq!(answers.len(), THREADS * CLIENTS * REQUESTS);
    assert!(answers.values().all(|&n| n == 1));
    for id in ids {
        let msgs = &per_client[&i64::from(id)];
        assert_eq!(&msgs[..3], &startup(id)[..], "each client starts in order");
        send(id, r#"{"@type":"close"}"#);
    }
    receive_all(0.2);
}
