//! The network side of testdc: one TCP listener per DC (every transport on the same port),
//! a task per connection that runs the auth-key exchange and the encrypted session
//! (crates/mtproto, server role), request dispatch into the world, and live delivery of the
//! world's pushes to every online session of their recipients.

pub mod addresses;
mod connection;
mod invoke;
pub mod keys;
pub mod mailbox;
pub mod registry;
pub mod rpc;
pub mod sessions;

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU16, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use mtproto::handshake::ServerHandshakeConfig;
use mtproto::rsa_key::RsaPrivateKey;
use mtproto::salt::SaltSchedule;
use mtproto::session::ServerSessionConfig;
use mtproto::UnixTime;
use rand::RngCore;
use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::faults::Faults;
use crate::world::{MtprotoSrp, World};
use addresses::DcAddresses;
use keys::KeyCache;
use registry::Registry;
use rpc::Rpc;
use sessions::SessionTable;

static VERBOSE: AtomicBool = AtomicBool::new(false);

/// Turns on one stderr line per connection event and request (`--verbose`).
pub fn set_verbose(on: bool) {
    elapsed_secs();
    VERBOSE.store(on, Ordering::Relaxed);
}

pub(crate) fn verbose() -> bool {
    VERBOSE.load(Ordering::Relaxed)
}

/// When the process started, for the time stamp of verbose lines.
static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Seconds since the server started, for verbose lines.
pub(crate) fn elapsed_secs() -> f64 {
    STARTED
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
}

macro_rules! trace {
    ($($arg:tt)*) => {
        if $crate::net::verbose() {
            eprintln!("[{:10.3}] {}", $crate::net::elapsed_secs(), format_args!($($arg)*));
        }
    };
}
pub(crate) use trace;

/// Wall-clock time for the protocol core.
pub(crate) fn unix_now() -> UnixTime {
    UnixTime::from_system_time(SystemTime::now())
}

/// Server time in Unix seconds, as the world takes it.
pub fn unix_now_secs() -> i32 {
    i32::try_from(unix_now().as_secs()).unwrap_or(i32::MAX)
}

pub(crate) use invoke::deliver;

/// What a server is started with.
pub struct ServerConfig {
    pub host: IpAddr,
    /// DC N listens on `base_port + N - 1`; 0 lets the system pick a port for each DC.
    pub base_port: u16,
    pub dc_count: i32,
    pub rsa_key: RsaPrivateKey,
    /// Bytes of pushes a connection may have waiting (its client not reading) before it is
    /// closed; [`ServerConfig::PUSH_BACKLOG`] unless a test wants it small.
    pub push_backlog: usize,
}

impl ServerConfig {
    /// Default bound of a connection's waiting pushes.
    pub const PUSH_BACKLOG: usize = 4 << 20;
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source}")]
    Listen { addr: SocketAddr, source: io::Error },
    #[error("port {base} + {count} DCs is out of range")]
    PortRange { base: u16, count: i32 },
}

/// One DC: its port, and a generation counter whose change closes its connections.
pub(crate) struct Dc {
    pub id: i32,
    port: AtomicU16,
    generation: watch::Sender<u64>,
    listener: Mutex<Option<JoinHandle<()>>>,
}

/// Everything connections share.
pub struct Shared {
    pub world: Mutex<World>,
    pub rpc: Box<dyn Rpc>,
    pub faults: Faults,
    pub registry: Registry,
    pub keys: KeyCache,
    /// Every session, carried by a connection or parked.
    pub session_table: SessionTable,
    /// Bytes of pushes a connection may have waiting before it is closed as too slow.
    pub push_backlog: usize,
    pub(crate) handshake: Arc<ServerHandshakeConfig>,
    pub(crate) sessions: Arc<ServerSessionConfig>,
    pub(crate) dcs: Vec<Dc>,
    pub host: IpAddr,
    pub rsa_fingerprint: i64,
    close_all: watch::Sender<u64>,
    next_conn: AtomicU64,
    /// Completed key exchanges and finished requests, for benchmarks and /health.
    pub(crate) handshakes: AtomicU64,
    pub(crate) requests: AtomicU64,
    /// Connections closed because their pushes passed `push_backlog`.
    pub(crate) slow_closed: AtomicU64,
}

impl Shared {
    pub(crate) fn dc(&self, id: i32) -> Option<&Dc> {
        self.dcs.iter().find(|d| d.id == id)
    }

    /// (dc id, port) of every DC.
    pub fn ports(&self) -> Vec<(i32, u16)> {
        self.dcs
            .iter()
            .map(|d| (d.id, d.port.load(Ordering::Relaxed)))
            .collect()
    }

    pub fn addresses(&self) -> DcAddresses {
        DcAddresses {
            host: self.host.to_string(),
            ports: self.ports(),
        }
    }

    pub(crate) fn next_conn_id(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The world, even if a panicking holder poisoned the lock (its state is still usable:
    /// every operation is one SQLite transaction).
    pub fn world(&self) -> std::sync::MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn handshakes(&self) -> u64 {
        self.handshakes.load(Ordering::Relaxed)
    }

    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn slow_clients_closed(&self) -> u64 {
        self.slow_closed.load(Ordering::Relaxed)
    }
}

/// A running server; dropping it does not stop it (call [`Server::shutdown`]).
#[derive(Clone)]
pub struct Server {
    pub shared: Arc<Shared>,
}

impl Server {
    /// Binds every DC's port and starts accepting. Must run inside a tokio runtime.
    pub async fn start(
        config: ServerConfig,
        world: World,
        rpc: Box<dyn Rpc>,
    ) -> Result<Server, StartError> {
        let mut secret = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut secret);
        let salts = SaltSchedule::new(secret);
        let rsa_fingerprint = config.rsa_key.public().fingerprint();
        let mut listeners = Vec::new();
        let mut dcs = Vec::new();
        for id in 1..=config.dc_count {
            let port = if config.base_port == 0 {
                0
            } else {
                u16::try_from(i32::from(config.base_port) + id - 1).map_err(|_| {
                    StartError::PortRange {
                        base: config.base_port,
                        count: config.dc_count,
                    }
                })?
            };
            let addr = SocketAddr::new(config.host, port);
            let listener = bind(addr).map_err(|source| StartError::Listen { addr, source })?;
            let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
            listeners.push(listener);
            dcs.push(Dc {
                id,
                port: AtomicU16::new(port),
                generation: watch::Sender::new(0),
                listener: Mutex::new(None),
            });
        }
        let shared = Arc::new(Shared {
            world: Mutex::new(world),
            rpc,
            faults: Faults::new(),
            registry: Registry::default(),
            keys: KeyCache::default(),
            session_table: SessionTable::default(),
            push_backlog: config.push_backlog,
            handshake: Arc::new(ServerHandshakeConfig::new(config.rsa_key)),
            sessions: Arc::new(ServerSessionConfig { salts }),
            dcs,
            host: config.host,
            rsa_fingerprint,
            close_all: watch::Sender::new(0),
            next_conn: AtomicU64::new(0),
            handshakes: AtomicU64::new(0),
            requests: AtomicU64::new(0),
            slow_closed: AtomicU64::new(0),
        });
        for (dc, listener) in shared.dcs.iter().zip(listeners) {
            let task = tokio::spawn(accept_loop(shared.clone(), dc.id, listener));
            *dc.listener.lock().unwrap_or_else(|e| e.into_inner()) = Some(task);
        }
        Ok(Server { shared })
    }

    /// Closes every client connection now open (the clients reconnect).
    pub fn close_all_connections(&self) {
        self.shared.close_all.send_modify(|g| *g += 1);
    }

    /// DC `id` closes every connection and its listener, then listens again on the same port.
    pub async fn restart_dc(&self, id: i32) -> io::Result<()> {
        let Some(dc) = self.shared.dc(id) else {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such DC"));
        };
        let old = dc.listener.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(task) = old {
            task.abort();
            let _ = task.await;
        }
        dc.generation.send_modify(|g| *g += 1);
        let addr = SocketAddr::new(self.shared.host, dc.port.load(Ordering::Relaxed));
        let listener = bind(addr)?;
        let task = tokio::spawn(accept_loop(self.shared.clone(), id, listener));
        *dc.listener.lock().unwrap_or_else(|e| e.into_inner()) = Some(task);
        Ok(())
    }

    /// Stops listening, closes every connection and closes the world's database (so another
    /// server can open the same `--data`).
    pub async fn shutdown(&self) {
        for dc in &self.shared.dcs {
            let old = dc.listener.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(task) = old {
                task.abort();
                let _ = task.await;
            }
        }
        self.close_all_connections();
        // Every world operation is one transaction under this lock, so nothing is half-written.
        // Swapping in an empty in-memory world closes the real database (its WAL folded into
        // the file); a connection still finishing a request afterwards touches the empty one.
        let mut world = self.shared.world();
        let _ = world.db().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)");
        if let Ok(empty) = World::open(None, world.config().clone(), Box::new(MtprotoSrp)) {
            drop(std::mem::replace(&mut *world, empty));
        }
    }
}

fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

async fn accept_loop(shared: Arc<Shared>, dc_id: i32, listener: TcpListener) {
    loop {
        match listener.accept().await {
            Ok((stream, peer)) => {
                let _ = stream.set_nodelay(true);
                trace!("dc{dc_id}: connection from {peer}");
                let Some(dc) = shared.dc(dc_id) else {
                    return;
                };
                let signals = connection::CloseSignals {
                    dc_generation: dc.generation.subscribe(),
                    close_all: shared.close_all.subscribe(),
                };
                tokio::spawn(connection::serve(shared.clone(), dc_id, stream, signals));
            }
            Err(e) => {
                // Out of descriptors and the like: wait a little instead of spinning.
                trace!("dc{dc_id}: accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    }
}
