//! Idle clients and synchronous work cost no threads: the runtime starts only for work that
//! waits. (One test in its own process, so no other test has started the runtime.)

mod common;

use std::time::Duration;

use common::*;
use tdjson::client::runtime;

fn threads() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("procfs");
    status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("Threads: line")
}

#[test]
fn the_runtime_starts_with_the_first_request_that_waits() {
    let _g = lock();
    let before = threads();
    let ids: Vec<i32> = (0..50).map(|_| create()).collect();
    for &id in &ids {
        send(id, r#"{"@type":"getOption","name":"version"}"#);
        send(id, r#"{"@type":"getAuthorizationState"}"#);
        send(id, r#"{"@type":"getTextEntities","text":"@a #b"}"#);
    }
    // 3 startup updates and 3 answers each.
    assert_eq!(receive_n(ids.len() * 6, Duration::from_secs(5)).len(), 300);
    assert!(!runtime::is_started());
    assert_eq!(threads(), before, "no thread per client or per request");

    send(
        ids[0],
        r#"{"@type":"setAlarm","seconds":0.01,"@extra":"alarm"}"#,
    );
    let answer = receive(2.0).expect("the alarm rings");
    assert_eq!(
        answer,
        format!(
            r#"{{"@type":"ok","@extra":"alarm","@client_id":{}}}"#,
            ids[0]
        )
    );
    assert!(runtime::is_started());
}
