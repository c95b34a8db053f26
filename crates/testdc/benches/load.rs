//! Load benchmark: N concurrent MTProto clients (crates/mtproto's client role over TCP on
//! loopback) against a tdjson-testdc process. Prints auth-key exchanges per second,
//! sendMessage → update delivered per second at 100 and 1,000 sessions, and the server's
//! memory per session (VmRSS from /proc). Bounded in count and time; no assertions on speed.
//!
//!     cargo bench -p testdc --bench load [-- SESSIONS...]
#[path = "../tests/net_support/mod.rs"]
mod net_support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use net_support::*;
use tokio::sync::Semaphore;

/// Key exchanges measured, and how many run at once.
const HANDSHAKES: usize = 300;
const HANDSHAKE_CONCURRENCY: usize = 32;
/// Rounds of "everyone sends one message" per session count.
const ROUNDS: usize = 5;
/// Give up on any phase after this long.
const PHASE_LIMIT: Duration = Duration::from_secs(300);

struct ServerProcess {
    child: Child,
    base: u16,
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server_process() -> ServerProcess {
    let dir = std::env::temp_dir().join(format!("testdc-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let key_path = dir.join("key.pem");
    std::fs::write(&key_path, server_key().to_pkcs1_pem().expect("pem")).expect("key file");
    for attempt in 0..20u16 {
        let base = 30_000 + (std::process::id() as u16 % 2_000) * 10 + attempt * 3;
        let mut child = Command::new(env!("CARGO_BIN_EXE_tdjson-testdc"))
            .args(["--listen", &format!("127.0.0.1:{base}"), "--rsa-key"])
            .arg(&key_path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("tdjson-testdc starts");
        let stdout = child.stdout.take().expect("stdout");
        let dcs = BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter(|l| l.starts_with("DC "))
            .take(3)
            .count();
        if dcs == 3 {
            return ServerProcess { child, base };
        }
        let _ = child.kill();
        let _ = child.wait();
    }
    panic!("tdjson-testdc did not start");
}

/// CPU time (user + system) the process used so far, in seconds.
fn cpu_secs(pid: u32) -> f64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|v| v.parse::<u64>().ok()))
        .sum();
    ticks as f64 / 100.0
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

async fn bench_handshakes(addr: SocketAddr, pid: u32) {
    let cpu0 = cpu_secs(pid);
    let permits = Arc::new(Semaphore::new(HANDSHAKE_CONCURRENCY));
    let t0 = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..HANDSHAKES {
        let permits = permits.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await.ok()?;
            Client::connect(addr, 2, Transport::INTERMEDIATE, 10_000 + i as u64)
                .await
                .ok()
                .map(|_| ())
        }));
    }
    let mut done = 0;
    for t in tasks {
        if let Ok(Ok(Some(()))) = tokio::time::timeout(PHASE_LIMIT, t).await {
            done += 1;
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let server_cpu = cpu_secs(pid) - cpu0;
    println!(
        "auth-key exchanges: {done}/{HANDSHAKES} in {secs:.2} s = {:.0}/s ({HANDSHAKE_CONCURRENCY} at once; client and server share the 2 cores); server CPU {:.1} ms per exchange = {:.0}/s per core",
        done as f64 / secs,
        server_cpu * 1e3 / done.max(1) as f64,
        done as f64 / server_cpu.max(1e-9),
    );
}

/// One session: signed up, knows the next session's user, then sends one message per round
/// and waits for the one it receives.
async fn session_task(
    addr: SocketAddr,
    index: usize,
    count: usize,
    phones: Arc<Vec<String>>,
    ready: Arc<tokio::sync::Barrier>,
    go: Arc<tokio::sync::Barrier>,
    setup: Arc<Semaphore>,
) -> Option<Vec<Duration>> {
    let permit = setup.acquire_owned().await.ok()?;
    let mut c = Client::connect(addr, 2, Transport::INTERMEDIATE, 50_000 + index as u64)
        .await
        .ok()?;
    sign_up(&mut c, &phones[index], "Load").await;
    drop(permit);
    // Everyone exists before anyone looks a peer up.
    ready.wait().await;
    let peer = peer_by_phone(&mut c, &phones[(index + 1) % count]).await;
    let mut times = Vec::new();
    for round in 0..ROUNDS {
        go.wait().await;
        let t0 = Instant::now();
        let text = format!("round {round} from {index}");
        c.call(send_message(
            peer.clone(),
            &text,
            (round * count + index) as i64 + 1,
        ))
        .await
        .ok()?;
        c.wait_updates(round + 1, PHASE_LIMIT).await.ok()?;
        times.push(t0.elapsed());
    }
    go.wait().await;
    Some(times)
}

async fn bench_sessions(server: &ServerProcess, addr: SocketAddr, count: usize, offset: usize) {
    let pid = server.child.id();
    let rss_before = rss_kib(pid);
    let phones: Arc<Vec<String>> = Arc::new(
        (0..count)
            .map(|i| format!("999662{:04}", (offset + i) % 10_000))
            .collect(),
    );
    let ready = Arc::new(tokio::sync::Barrier::new(count + 1));
    let go = Arc::new(tokio::sync::Barrier::new(count + 1));
    let setup_permits = Arc::new(Semaphore::new(HANDSHAKE_CONCURRENCY));
    let t_setup = Instant::now();
    let tasks: Vec<_> = (0..count)
        .map(|i| {
            tokio::spawn(session_task(
                addr,
                i,
                count,
                phones.clone(),
                ready.clone(),
                go.clone(),
                setup_permits.clone(),
            ))
        })
        .collect();
    if tokio::time::timeout(PHASE_LIMIT, ready.wait())
        .await
        .is_err()
    {
        println!("{count} sessions: setup did not finish in time");
        return;
    }
    let setup = t_setup.elapsed();
    let rss_online = rss_kib(pid);
    let cpu0 = cpu_secs(pid);
    let mut round_times = Vec::new();
    for _ in 0..ROUNDS {
        let t0 = Instant::now();
        if tokio::time::timeout(PHASE_LIMIT, go.wait()).await.is_err() {
            println!("{count} sessions: a round did not finish in time");
            return;
        }
        round_times.push(t0.elapsed());
    }
    // The last wait ends the last round.
    let t_last = Instant::now();
    let _ = tokio::time::timeout(PHASE_LIMIT, go.wait()).await;
    round_times.remove(0);
    round_times.push(t_last.elapsed());
    let server_cpu = cpu_secs(pid) - cpu0;
    let mut latencies: Vec<Duration> = Vec::new();
    let mut ok = 0;
    for t in tasks {
        if let Ok(Some(times)) = t.await {
            ok += 1;
            latencies.extend(times);
        }
    }
    latencies.sort();
    let total: f64 = round_times.iter().map(Duration::as_secs_f64).sum();
    let delivered = ok * ROUNDS;
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    println!(
        "{count} sessions: setup (key exchange + sign-up) {:.1} s; sendMessage -> update delivered: {delivered} in {total:.2} s = {:.0}/s; latency p50 {:.1} ms, p99 {:.1} ms",
        setup.as_secs_f64(),
        delivered as f64 / total,
        pct(0.5),
        pct(0.99),
    );
    println!(
        "{count} sessions: server CPU {:.0} us per delivered message (sendMessage, its answer and the push)",
        server_cpu * 1e6 / delivered.max(1) as f64
    );
    println!(
        "{count} sessions: server RSS {} KiB before, {} KiB with every session online = {:.1} KiB per session",
        rss_before,
        rss_online,
        (rss_online.saturating_sub(rss_before)) as f64 / count as f64
    );
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let counts = if args.is_empty() {
        vec![100, 1000]
    } else {
        args
    };
    let server = start_server_process();
    let addr = SocketAddr::from(([127, 0, 0, 1], server.base + 1));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        println!(
            "tdjson-testdc load benchmark (server pid {}, RSS {} KiB at start)",
            server.child.id(),
            rss_kib(server.child.id())
        );
        bench_handshakes(addr, server.child.id()).await;
        let mut offset = 0;
        for count in counts {
            bench_sessions(&server, addr, count, offset).await;
            offset += count;
        }
    });
}
