//! The engine's sign-in figures against a tdjson-testdc process (benches/engine.sh starts it
//! and sets TDJSON_TEST_DC): a new login, a restart from the database, and many signed-in idle
//! clients in one process (resident memory and CPU of their keepalive). Prints `name value`
//! lines; never asserts.
//!
//! usage: cargo bench --bench engine -- [CLIENTS] [IDLE_SECONDS]

use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tdjson::ffi;

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

fn params(dir: &Path) -> Value {
    json!({
        "@type": "setTdlibParameters", "use_test_dc": true,
        "database_directory": dir.to_str().unwrap(),
        "api_id": 94575, "api_hash": "a3406de8d171bb422bb6ddf3bbd800e2",
        "system_language_code": "en", "device_model": "bench", "application_version": "1.0"
    })
}

fn state_of(v: &Value, id: i32) -> Option<String> {
    (v["@client_id"] == id && v["@type"] == "updateAuthorizationState").then(|| {
        v["authorization_state"]["@type"]
            .as_str()
            .unwrap_or("")
            .to_string()
    })
}

/// Drives clients through sign-up until each is Ready; `phones[i]` for client `ids[i]`.
fn sign_up_all(clients: &[(i32, PathBuf, String)], window: usize) -> Duration {
    let started = Instant::now();
    let by_id: HashMap<i32, &String> = clients.iter().map(|(id, _, p)| (*id, p)).collect();
    let mut next = 0;
    let mut running = 0;
    let mut done = 0;
    while done < clients.len() {
        while running < window && next < clients.len() {
            let (id, dir, _) = &clients[next];
            send(*id, &params(dir));
            next += 1;
            running += 1;
        }
        let Some(v) = receive(10.0) else {
            panic!("no progress in 10 s ({done} of {} ready)", clients.len());
        };
        let Some(id) = v["@client_id"].as_i64().map(|i| i as i32) else {
            continue;
        };
        if v["@type"] == "error" {
            panic!("client {id}: {v}");
        }
        let Some(state) = state_of(&v, id) else {
            continue;
        };
        let phone = by_id[&id];
        match state.as_str() {
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
    started.elapsed()
}

fn close_all(ids: &[i32]) {
    for &id in ids {
        send(id, &json!({"@type": "close"}));
    }
    let mut left = ids.len();
    let deadline = Instant::now() + Duration::from_secs(60);
    while left > 0 && Instant::now() < deadline {
        if let Some(v) = receive(1.0) {
            let id = v["@client_id"].as_i64().unwrap_or(0) as i32;
            if state_of(&v, id).as_deref() == Some("authorizationStateClosed") {
                left -= 1;
            }
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn rss_kib() -> u64 {
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

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task")
        .map(|d| d.count())
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let clients: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let idle_secs: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(130);
    let base: u32 = std::env::var("BENCH_PHONE_BASE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let work = std::env::temp_dir().join(format!("tdjson-engine-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("work dir");
    let quiet =
        CString::new(r#"{"@type":"setLogVerbosityLevel","new_verbosity_level":0}"#).unwrap();
    unsafe { ffi::td_execute(quiet.as_ptr()) };
    let phone = |i: u32| {
        format!(
            "99966{}{:04}",
            1 + (base + i) / 10_000 % 3,
            (base + i) % 10_000
        )
    };

    // New logins, one at a time: fresh database to Ready.
    let mut logins = Vec::new();
    let mut signed = Vec::new();
    for i in 0..10u32 {
        let id = ffi::td_create_client_id();
        let dir = work.join(format!("login-{i}"));
        let t = sign_up_all(&[(id, dir.clone(), phone(i))], 1);
        logins.push(t.as_secs_f64() * 1000.0);
        signed.push((id, dir));
    }
    println!("login_median_ms {:.1}", median(logins.clone()));
    println!(
        "login_min_ms {:.1}",
        logins.iter().cloned().fold(f64::MAX, f64::min)
    );
    close_all(&signed.iter().map(|(id, _)| *id).collect::<Vec<_>>());

    // Restarts: setTdlibParameters on the stored database to authorizationStateReady.
    let mut restarts = Vec::new();
    for (_, dir) in &signed {
        let id = ffi::td_create_client_id();
        let started = Instant::now();
        send(id, &params(dir));
        loop {
            let v = receive(10.0).expect("restart progresses");
            if state_of(&v, id).as_deref() == Some("authorizationStateReady") {
                break;
            }
        }
        restarts.push(started.elapsed().as_secs_f64() * 1000.0);
        close_all(&[id]);
    }
    println!("restart_median_ms {:.2}", median(restarts));

    // Many signed-in clients, then idle.
    let before = rss_kib();
    let list: Vec<(i32, PathBuf, String)> = (0..clients as u32)
        .map(|i| {
            (
                ffi::td_create_client_id(),
                work.join(format!("idle-{i}")),
                phone(100 + i),
            )
        })
        .collect();
    let t = sign_up_all(&list, 16);
    println!("clients {clients}");
    println!("clients_signed_in_s {:.1}", t.as_secs_f64());
    // Let the sign-ins' follow-up requests settle, draining what comes.
    let settle = Instant::now() + Duration::from_secs(10);
    while Instant::now() < settle {
        receive(0.5);
    }
    let after = rss_kib();
    println!("rss_before_kib {before}");
    println!("rss_after_kib {after}");
    println!(
        "rss_per_client_kib {:.1}",
        (after.saturating_sub(before)) as f64 / clients as f64
    );
    println!("threads {}", threads());
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(idle_secs) {
        receive(1.0);
    }
    let cpu = cpu_seconds() - cpu0;
    let minutes = t0.elapsed().as_secs_f64() / 60.0;
    println!("idle_seconds {}", t0.elapsed().as_secs());
    println!(
        "cpu_ms_per_client_minute {:.3}",
        cpu * 1000.0 / clients as f64 / minutes
    );
    println!("rss_after_idle_kib {}", rss_kib());
    close_all(&list.iter().map(|(id, _, _)| *id).collect::<Vec<_>>());
    let _ = std::fs::remove_dir_all(&work);
}
