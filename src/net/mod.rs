//! The network: one task per DC a client uses ([`dc_session`]), each driving crates/mtproto's
//! sans-IO core over a tokio socket ([`connection`]), and the rules for what an error asks of
//! a request ([`rpc_error`]): wait out flood waits, follow migrations, repeat 5xx. Requests
//! wait, never fail, while there is no network. Nothing here knows td_api: the engine hands
//! in TL bytes and gets TL bytes back, and hears of updates and connection changes through
//! [`NetEvent`].

pub mod connection;
pub mod dc;
mod dc_session;
pub mod rpc_error;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard};
use std::time::Duration;

use mtproto::AuthKey;
use tl::{Deserialize, RemoteCall, Serialize};
use tokio::sync::{mpsc, oneshot};

use dc::{DcDirectory, DcOption};
use dc_session::{Answer, Command, DcSession, Query};
pub use rpc_error::RpcError;
use rpc_error::{action, too_many_requests, Action};

/// Waits (flood waits, pauses after 5xx) are sat out inside while their total stays within
/// this many seconds; then the app gets 429. TDLib's figures: 60 for users, 8 for bots.
pub const USER_WAIT_LIMIT: i32 = 60;
pub const BOT_WAIT_LIMIT: i32 = 8;
/// The longest pause after a 5xx (the pauses double from 1 s).
const SERVER_ERROR_PAUSE_MAX: i32 = 64;
/// A request the server refused to read (bad_msg_notification) is sent this many times.
const REJECTED_RETRIES: u32 = 3;

/// A permanent key as stored, with the clock offset learnt with it.
pub struct StoredKey {
    pub key: AuthKey,
    pub time_offset: i64,
}

/// Where the network keeps what must outlive the process (the client database).
pub trait KeyStore: Send + Sync {
    fn load(&self, dc_id: i32) -> Option<StoredKey>;
    fn save_key(&self, dc_id: i32, key: &AuthKey, time_offset: i64);
    fn save_time_offset(&self, dc_id: i32, time_offset: i64);
    fn forget_key(&self, dc_id: i32);
    fn save_main_dc(&self, dc_id: i32);
    fn save_dc_options(&self, options: &[DcOption]);
    /// The account is signed in on `dc_id` (exported there, or its home).
    fn save_authorized_dc(&self, dc_id: i32);
}

/// What the network tells the engine.
#[derive(Debug)]
pub enum NetEvent {
    /// A DC's session became usable (its temporary key bound) or was lost.
    Connection { dc_id: i32, connected: bool },
    /// A message from the main DC that is not an answer.
    Update(Vec<u8>),
    /// The main DC started a new session: updates may have been missed.
    NewSession,
    /// The server no longer knows this DC's permanent key, so nothing signed in with it.
    KeyLost { dc_id: i32 },
}

/// initConnection's fields, from setTdlibParameters.
#[derive(Clone, Debug, Default)]
pub struct InitParams {
    pub api_id: i32,
    pub device_model: String,
    pub system_version: String,
    pub app_version: String,
    pub system_lang_code: String,
    pub lang_pack: String,
    pub lang_code: String,
}

impl InitParams {
    /// invokeWithLayer(227, initConnection(..., query)).
    pub fn wrap(&self, query: Vec<u8>) -> Vec<u8> {
        tl::api::functions::InvokeWithLayer {
            layer: tl::LAYER,
            query: tl::api::functions::InitConnection {
                api_id: self.api_id,
                device_model: self.device_model.clone(),
                system_version: self.system_version.clone(),
                app_version: self.app_version.clone(),
                system_lang_code: self.system_lang_code.clone(),
                lang_pack: self.lang_pack.clone(),
                lang_code: self.lang_code.clone(),
                proxy: None,
                params: None,
                query: tl::Blob(query),
            },
        }
        .to_bytes()
    }
}

pub type EventSink = Box<dyn Fn(NetEvent) + Send + Sync>;

/// Everything a client's network starts from.
pub struct NetConfig {
    pub client_id: i32,
    pub directory: DcDirectory,
    pub main_dc: i32,
    pub authorized_dcs: Vec<i32>,
    pub init: InitParams,
    pub store: Arc<dyn KeyStore>,
    pub events: EventSink,
}

pub struct Shared {
    client_id: i32,
    directory: RwLock<DcDirectory>,
    init: InitParams,
    store: Arc<dyn KeyStore>,
    events: EventSink,
    main_dc: AtomicI32,
    dcs: Mutex<HashMap<i32, mpsc::UnboundedSender<Command>>>,
    authorized_dcs: Mutex<HashSet<i32>>,
    signed_in: AtomicBool,
    stopped: AtomicBool,
    wait_limit: AtomicI32,
    /// One authorization export at a time.
    exporting: tokio::sync::Mutex<()>,
    config_fetch: tokio::sync::Mutex<()>,
    /// Wakes DC tasks that wait for an address.
    addresses_changed: tokio::sync::Notify,
    /// The app said there is a network (setNetworkType); without one no DC connects.
    network_up: AtomicBool,
    network_changed: tokio::sync::Notify,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    fn main_dc(&self) -> i32 {
        self.main_dc.load(Ordering::Relaxed)
    }

    fn network_up(&self) -> bool {
        self.network_up.load(Ordering::Relaxed)
    }

    fn directory(&self) -> RwLockReadGuard<'_, DcDirectory> {
        self.directory.read().unwrap_or_else(|e| e.into_inner())
    }

    #[track_caller]
    fn log(&self, level: i32, text: std::fmt::Arguments<'_>) {
        if level > 0 && crate::log::verbosity() >= level {
            let line = format!("[client {}] {text}", self.client_id);
            crate::log::message(level, Some("net"), line.as_bytes());
        }
    }
}

/// A client's network; cheap to clone.
#[derive(Clone)]
pub struct Net(Arc<Shared>);

/// The answer to a request that never reached an answer (the client is closing).
pub fn aborted() -> RpcError {
    RpcError::new(500, "Request aborted")
}

impl Net {
    /// Starts the main DC's task, which connects at once.
    pub fn start(config: NetConfig) -> Net {
        let signed_in = config.authorized_dcs.contains(&config.main_dc);
        let net = Net(Arc::new(Shared {
            client_id: config.client_id,
            directory: RwLock::new(config.directory),
            init: config.init,
            store: config.store,
            events: config.events,
            main_dc: AtomicI32::new(config.main_dc),
            dcs: Mutex::new(HashMap::new()),
            authorized_dcs: Mutex::new(config.authorized_dcs.into_iter().collect()),
            signed_in: AtomicBool::new(signed_in),
            stopped: AtomicBool::new(false),
            wait_limit: AtomicI32::new(USER_WAIT_LIMIT),
            exporting: tokio::sync::Mutex::new(()),
            config_fetch: tokio::sync::Mutex::new(()),
            addresses_changed: tokio::sync::Notify::new(),
            network_up: AtomicBool::new(true),
            network_changed: tokio::sync::Notify::new(),
        }));
        net.dc(config.main_dc);
        if !net.0.directory().knows(config.main_dc) {
            // A home whose address only the config names: ask a DC that is known.
            let fetch = net.clone();
            let _ = crate::client::runtime::spawn(async move {
                let _ = fetch.ensure_address(config.main_dc).await;
            });
        }
        net
    }

    pub fn main_dc(&self) -> i32 {
        self.0.main_dc()
    }

    /// The account signed in (on the main DC) or out.
    pub fn set_signed_in(&self, signed_in: bool) {
        self.0.signed_in.store(signed_in, Ordering::Relaxed);
        let main = self.main_dc();
        let mut dcs = lock(&self.0.authorized_dcs);
        dcs.clear();
        if signed_in {
            dcs.insert(main);
            self.0.store.save_authorized_dc(main);
        }
    }

    /// setNetworkType: with no network, connections close and requests wait.
    pub fn set_network(&self, up: bool) {
        if self.0.network_up.swap(up, Ordering::Relaxed) != up {
            self.0.network_changed.notify_waiters();
        }
    }

    /// A bot waits less before it hears of a flood wait.
    pub fn set_bot(&self, is_bot: bool) {
        let limit = if is_bot {
            BOT_WAIT_LIMIT
        } else {
            USER_WAIT_LIMIT
        };
        self.0.wait_limit.store(limit, Ordering::Relaxed);
    }

    /// Moves the client's home to `dc_id` (a migration, or a QR login finished there).
    pub fn set_main_dc(&self, dc_id: i32) {
        if self.0.main_dc.swap(dc_id, Ordering::Relaxed) != dc_id {
            self.0.store.save_main_dc(dc_id);
            self.0.log(2, format_args!("the main DC is now DC {dc_id}"));
            // The new home connects at once; the old one winds down when idle.
            self.dc(dc_id);
        }
    }

    /// The channel to DC `dc_id`'s task, started if needed (None once stopped).
    fn dc(&self, dc_id: i32) -> Option<mpsc::UnboundedSender<Command>> {
        if self.0.stopped.load(Ordering::Relaxed) {
            return None;
        }
        let mut dcs = lock(&self.0.dcs);
        if let Some(tx) = dcs.get(&dc_id) {
            if !tx.is_closed() {
                return Some(tx.clone());
            }
        }
        let (tx, rx) = mpsc::unbounded_channel();
        let task = DcSession::new(dc_id, self.0.clone(), rx);
        if !crate::client::runtime::spawn(task.run()) {
            return None;
        }
        dcs.insert(dc_id, tx.clone());
        Some(tx)
    }

    /// Stops every DC task; requests still out end with [`aborted`]. With `forget_keys`,
    /// the keys are dropped from the store first (log out, destroy).
    pub fn stop(&self, forget_keys: bool) {
        self.0.stopped.store(true, Ordering::Relaxed);
        let dcs: Vec<_> = lock(&self.0.dcs).drain().collect();
        for (_, tx) in dcs {
            let _ = tx.send(Command::Stop { forget_keys });
        }
    }

    /// One round trip to DC `dc_id`, no policy.
    async fn round_trip(&self, dc_id: i32, body: Vec<u8>) -> Result<Answer, RpcError> {
        let tx = self.dc(dc_id).ok_or_else(aborted)?;
        let (reply, answer) = oneshot::channel();
        tx.send(Command::Invoke(Query { body, reply }))
            .map_err(|_| aborted())?;
        answer.await.map_err(|_| aborted())
    }

    /// Sends a request to the main DC (following it when it moves) and gives its answer
    /// after TDLib's rules: short flood waits sat out, migrations followed, 5xx repeated.
    pub async fn invoke(&self, body: Vec<u8>) -> Result<Vec<u8>, RpcError> {
        self.invoke_with(None, body).await
    }

    /// [`Self::invoke`] on DC `dc_id`, signing the account in there first if needed.
    pub async fn invoke_on(&self, dc_id: i32, body: Vec<u8>) -> Result<Vec<u8>, RpcError> {
        self.invoke_with(Some(dc_id), body).await
    }

    /// A typed call to the main DC.
    pub async fn call<F: RemoteCall>(&self, f: &F) -> Result<F::Return, RpcError> {
        decode::<F>(self.invoke(f.to_bytes()).await?)
    }

    /// A typed call to DC `dc_id`.
    pub async fn call_on<F: RemoteCall>(&self, dc_id: i32, f: &F) -> Result<F::Return, RpcError> {
        decode::<F>(self.invoke_on(dc_id, f.to_bytes()).await?)
    }

    async fn invoke_with(&self, target: Option<i32>, body: Vec<u8>) -> Result<Vec<u8>, RpcError> {
        // Seconds waited so far, and the next pause after a 5xx (doubling from 1).
        let mut waited = 0;
        let mut pause = 1;
        let mut rejections = 0;
        let mut target = target;
        loop {
            let dc_id = target.unwrap_or_else(|| self.main_dc());
            self.ensure_address(dc_id).await?;
            self.ensure_authorized(dc_id).await?;
            let e = match self.round_trip(dc_id, body.clone()).await? {
                Answer::Result(bytes) => return Ok(bytes),
                Answer::Rejected(code) => {
                    rejections += 1;
                    if rejections >= REJECTED_RETRIES {
                        return Err(RpcError::new(500, format!("Request rejected: {code}")));
                    }
                    continue;
                }
                Answer::Error(e) => e,
            };
            let wait = match action(&e) {
                Action::Wait { seconds } => {
                    pause = 1;
                    seconds
                }
                Action::Retry => {
                    let this = pause;
                    pause = (pause * 2).min(SERVER_ERROR_PAUSE_MAX);
                    this
                }
                Action::MoveHome { dc_id: home } if target.is_none() => {
                    self.ensure_address(home).await?;
                    self.set_main_dc(home);
                    continue;
                }
                Action::UseDc { dc_id: other } if other != dc_id => {
                    target = Some(other);
                    continue;
                }
                _ => return Err(e),
            };
            waited += wait;
            if waited > self.0.wait_limit.load(Ordering::Relaxed) {
                return Err(too_many_requests(wait));
            }
            self.0.log(2, format_args!("{e}: waiting {wait} s"));
            tokio::time::sleep(Duration::from_secs(wait as u64)).await;
        }
    }

    /// Makes sure DC `dc_id` has an address, asking for the config if not: the main DC, or
    /// when the main DC itself has no address (a restart against a local testdc, which
    /// names only DC 1), the lowest DC that has one.
    async fn ensure_address(&self, dc_id: i32) -> Result<(), RpcError> {
        if self.0.directory().knows(dc_id) {
            return Ok(());
        }
        let _guard = self.0.config_fetch.lock().await;
        if self.0.directory().knows(dc_id) {
            return Ok(());
        }
        let main = self.main_dc();
        let source = if self.0.directory().knows(main) {
            main
        } else {
            let known = self.0.directory().known_dcs();
            match known.into_iter().min() {
                Some(dc) => dc,
                None => return Err(RpcError::new(400, "Invalid datacenter identifier")),
            }
        };
        let config = match self
            .round_trip(source, tl::api::functions::help::GetConfig {}.to_bytes())
            .await?
        {
            Answer::Result(bytes) => {
                tl::api::enums::Config::from_bytes(&bytes).map_err(|_| bad_answer())?
            }
            Answer::Error(e) => return Err(e),
            Answer::Rejected(code) => {
                return Err(RpcError::new(500, format!("Request rejected: {code}")))
            }
        };
        let tl::api::enums::Config::Config(config) = config;
        self.apply_config(&config);
        if self.0.directory().knows(dc_id) {
            Ok(())
        } else {
            Err(RpcError::new(400, "Invalid datacenter identifier"))
        }
    }

    /// Takes the DC addresses of a help.getConfig answer.
    pub fn apply_config(&self, config: &tl::api::types::Config) {
        let options = dc::config_options(config);
        if options.is_empty() {
            return;
        }
        let all = {
            let mut dir = self.0.directory.write().unwrap_or_else(|e| e.into_inner());
            dir.apply(&options);
            dir.options()
        };
        self.0.store.save_dc_options(&all);
        self.0.addresses_changed.notify_waiters();
    }

    /// A signed-in account gets an authorization on another DC before using it:
    /// auth.exportAuthorization on the main DC, auth.importAuthorization there.
    async fn ensure_authorized(&self, dc_id: i32) -> Result<(), RpcError> {
        let is_done = |net: &Net| {
            !net.0.signed_in.load(Ordering::Relaxed)
                || dc_id == net.main_dc()
                || lock(&net.0.authorized_dcs).contains(&dc_id)
        };
        if is_done(self) {
            return Ok(());
        }
        let _guard = self.0.exporting.lock().await;
        if is_done(self) {
            return Ok(());
        }
        use tl::api::{enums, functions};
        let export = functions::auth::ExportAuthorization { dc_id }.to_bytes();
        // Boxed: invoke leads back here (through another DC's request).
        let bytes = Box::pin(self.invoke(export)).await?;
        let enums::auth::ExportedAuthorization::ExportedAuthorization(exported) =
            decode::<functions::auth::ExportAuthorization>(bytes)?;
        let import = functions::auth::ImportAuthorization {
            id: exported.id,
            bytes: exported.bytes,
        };
        let answer = self.round_trip(dc_id, import.to_bytes()).await?;
        match answer {
            Answer::Result(_) => {}
            Answer::Error(e) => return Err(e),
            Answer::Rejected(code) => {
                return Err(RpcError::new(500, format!("Request rejected: {code}")))
            }
        }
        lock(&self.0.authorized_dcs).insert(dc_id);
        self.0.store.save_authorized_dc(dc_id);
        Ok(())
    }
}

fn bad_answer() -> RpcError {
    RpcError::new(500, "Receive wrong response")
}

fn decode<F: RemoteCall>(bytes: Vec<u8>) -> Result<F::Return, RpcError> {
    F::Return::from_bytes(&bytes).map_err(|_| bad_answer())
}
