//! Crash safety: a child process that signs in and makes requests is killed with SIGKILL at
//! random moments; each time its database opens, passes integrity_check, and a sign-in the
//! child saw completed is still there.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use serde_json::json;
use tdjson::storage::database::{path_in, ClientDb};

use crate::common;
use crate::support::{code_of, phone, temp_dir, Td, TestDc};

const CHILD_DIR: &str = "TDJSON_CRASH_CHILD_DIR";
const CHILD_PHONE: &str = "TDJSON_CRASH_CHILD_PHONE";
const MARK: &str = "CRASH-CHILD:";
const KILLS: usize = 24;

/// The child: signs in (or starts from the database), then makes requests until killed.
#[test]
#[ignore = "run by crash::killed_children_leave_sound_databases"]
fn child() {
    let (Ok(dir), Ok(phone)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_PHONE)) else {
        panic!("the child runs only under the crash test");
    };
    let _guard = common::lock();
    let mut td = Td::start(Path::new(&dir));
    let state = td.call(json!({"@type": "getAuthorizationState"}));
    if state["@type"] != "authorizationStateReady" {
        td.call(json!({"@type": "setAuthenticationPhoneNumber", "phone_number": phone}));
        let code = td.call(json!({"@type": "checkAuthenticationCode", "code": code_of(&phone)}));
        assert_eq!(code["@type"], "ok", "{code}");
        let state = td.call(json!({"@type": "getAuthorizationState"}));
        if state["@type"] == "authorizationStateWaitRegistration" {
            td.call(json!({"@type": "registerUser", "first_name": "Crash"}));
        }
        td.wait("Ready", |v| {
            v["authorization_state"]["@type"] == "authorizationStateReady"
        });
    }
    println!("{MARK}READY");
    let me = td.call(json!({"@type": "getMe"}));
    for n in 0.. {
        td.call(json!({"@type": "getUserFullInfo", "user_id": me["id"]}));
        td.call(json!({"@type": "getActiveSessions"}));
        println!("{MARK}REQ {n}");
    }
}

#[test]
fn killed_children_leave_sound_databases() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let seed: u64 = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(7);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let exe = std::env::current_exe().expect("test binary");
    let mut dir = temp_dir("crash");
    let mut number = phone(1);
    let mut signed_in = false;
    let (mut ready_kills, mut early_kills) = (0, 0);
    for round in 0..KILLS {
        // Every fourth round starts over in a new directory, so sign-ins get killed too.
        let fresh = round % 4 == 0;
        if fresh && round > 0 {
            dir = temp_dir("crash");
            number = phone(1);
            signed_in = false;
        }
        let mut child = Command::new(&exe)
            .args([
                "crash::child",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_DIR, &dir)
            .env(CHILD_PHONE, &number)
            .stdout(Stdio::piped())
            .stderr(Stdio::from(
                std::fs::File::create(dir.join("child.stderr")).expect("stderr file"),
            ))
            .spawn()
            .expect("child starts");
        let lines = Arc::new(Mutex::new(Vec::<String>::new()));
        let reader = {
            let lines = lines.clone();
            let out = child.stdout.take().expect("stdout");
            std::thread::spawn(move || {
                for line in BufReader::new(out).lines().map_while(Result::ok) {
                    // libtest may print its own "test ... " before a mark on the same line.
                    if let Some(at) = line.find(MARK) {
                        lines
                            .lock()
                            .unwrap()
                            .push(line[at + MARK.len()..].to_string());
                    }
                }
            })
        };
        // A random moment: in a fresh directory early (start-up, key exchanges and sign-in
        // take tens of milliseconds here), otherwise among the requests that follow.
        let range = if fresh { 2..60 } else { 60..2000 };
        let wait = Duration::from_millis(rng.gen_range(range));
        let started = Instant::now();
        while started.elapsed() < wait {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("seed {seed}, round {round}: the child ended by itself: {status}");
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        // SAFETY: kill(2) on the child's own pid.
        let killed = unsafe { libc::kill(child.id() as i32, libc::SIGKILL) };
        assert_eq!(killed, 0, "kill");
        let _ = child.wait();
        let _ = reader.join();
        let saw_ready = lines.lock().unwrap().iter().any(|l| l == "READY");
        signed_in |= saw_ready;
        if saw_ready {
            ready_kills += 1;
        } else {
            early_kills += 1;
        }
        let path = path_in(&dir, true);
        if !path.exists() {
            assert!(
                !signed_in,
                "seed {seed}, round {round}: a signed-in database vanished"
            );
            continue;
        }
        let db = ClientDb::open(&path, b"")
            .unwrap_or_else(|e| panic!("seed {seed}, round {round}: the database opens: {e}"));
        assert!(
            db.integrity_ok().unwrap(),
            "seed {seed}, round {round}: integrity_check"
        );
        let loaded = db.load().unwrap();
        if signed_in {
            assert!(
                loaded.authorized,
                "seed {seed}, round {round}: the sign-in is kept"
            );
        }
    }
    println!("{KILLS} kills (seed {seed}): {ready_kills} after sign-in, {early_kills} before it");
    // The last directory, opened through the C ABI: Ready at once if its sign-in completed.
    if signed_in {
        let mut td = Td::start(&dir);
        td.wait_state("authorizationStateReady");
        td.close();
    }
    dc.stop();
}
