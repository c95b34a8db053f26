//! One DC of one client: a task that owns the permanent key, the temporary key bound to it
//! (PFS), the MTProto session on the temporary key, and the TCP connection under it. Requests
//! come in through a channel and leave answered exactly once; the connection is rebuilt with
//! backoff whenever it fails, and what was not answered is sent again.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use mtproto::handshake::bind::encrypt_binding;
use mtproto::handshake::wire::BindAuthKeyInner;
use mtproto::handshake::KeyKind;
use mtproto::session::{ClientEvent, ClientSession, RequestId, SessionError};
use mtproto::{AuthKey, UnixTime};
use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};
use tl::Serialize;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use super::connection::{now, ConnError, Connection};
use super::{NetEvent, RpcError, Shared};

/// Lifetime asked for a temporary key (a day, as Telegram's clients use).
const TEMP_KEY_LIFETIME: i32 = 24 * 60 * 60;
/// A temporary key is replaced when less than this is left of it (or a quarter of its
/// life, for short ones).
const TEMP_KEY_MARGIN: i64 = 5 * 60;
/// Shortens temporary keys to this many seconds (at least 8), so tests can watch them
/// being replaced. Not for production use.
pub const TEMP_KEY_SECONDS_ENV: &str = "TDJSON_TEMP_KEY_SECONDS";

fn temp_key_lifetime() -> i32 {
    std::env::var(TEMP_KEY_SECONDS_ENV)
        .ok()
        .and_then(|v| v.parse::<i32>().ok())
        .map_or(TEMP_KEY_LIFETIME, |s| s.clamp(8, TEMP_KEY_LIFETIME))
}

fn temp_key_margin(lifetime: i32) -> i64 {
    TEMP_KEY_MARGIN.min(i64::from(lifetime) / 4)
}
/// ping_delay_disconnect on the main DC, as an idle TDLib: a ping every PING_INTERVAL; the
/// server closes the connection if none comes within PING_DISCONNECT_DELAY.
const PING_INTERVAL: Duration = Duration::from_secs(60);
const PING_DISCONNECT_DELAY: i32 = 137;
/// A DC other than the main one drops its connection after this long without requests.
const IDLE_CLOSE: Duration = Duration::from_secs(60);
/// A connection that yields nothing for this long is taken for dead.
const SILENCE_LIMIT: Duration = Duration::from_secs(PING_DISCONNECT_DELAY as u64 + 15);
/// Reconnection delays grow from the first to the last.
const BACKOFF_FIRST: Duration = Duration::from_millis(100);
const BACKOFF_MAX: Duration = Duration::from_secs(5);

/// What a DC task is asked to do.
pub enum Command {
    Invoke(Query),
    /// Stop, forgetting the keys of this DC first when asked (log out).
    Stop {
        forget_keys: bool,
    },
}

/// A request as bytes of a TL function (unwrapped) and where its answer goes.
pub struct Query {
    pub body: Vec<u8>,
    pub reply: oneshot::Sender<Answer>,
}

/// How a request ended on the server.
#[derive(Debug)]
pub enum Answer {
    Result(Vec<u8>),
    Error(RpcError),
    /// bad_msg_notification: the server did not run it.
    Rejected(i32),
}

struct Temp {
    key: AuthKey,
    /// Server time when it stops working.
    expires_at: i64,
}

enum Exit {
    Stop,
    /// Nothing to do on a DC that isn't the main one: sleep until a request comes.
    Idle,
    /// Connect again at once (a temporary key to replace, an address learnt).
    Again,
}

pub struct DcSession {
    dc_id: i32,
    shared: Arc<Shared>,
    rx: mpsc::UnboundedReceiver<Command>,
    rng: StdRng,
    perm: Option<AuthKey>,
    time_offset: i64,
    temp: Option<Temp>,
    session: Option<ClientSession>,
    bound: bool,
    bind_request: Option<RequestId>,
    /// Seconds a new temporary key is asked to live, and how early it is replaced.
    temp_lifetime: i32,
    temp_margin: i64,
    /// Requests carry initConnection until one is answered on this connection.
    init_done: bool,
    in_session: HashMap<RequestId, Query>,
    /// Requests waiting for a bound session, oldest first.
    waiting: VecDeque<Query>,
    next_ping_id: i64,
    failures: u32,
}

impl DcSession {
    pub fn new(dc_id: i32, shared: Arc<Shared>, rx: mpsc::UnboundedReceiver<Command>) -> Self {
        let stored = shared.store.load(dc_id);
        let (perm, time_offset) = match stored {
            Some(s) => (Some(s.key), s.time_offset),
            None => (None, 0),
        };
        DcSession {
            dc_id,
            shared,
            rx,
            rng: StdRng::from_entropy(),
            perm,
            time_offset,
            temp: None,
            session: None,
            bound: false,
            bind_request: None,
            temp_lifetime: temp_key_lifetime(),
            temp_margin: temp_key_margin(temp_key_lifetime()),
            init_done: false,
            in_session: HashMap::new(),
            waiting: VecDeque::new(),
            next_ping_id: 1,
            failures: 0,
        }
    }

    fn is_main(&self) -> bool {
        self.shared.main_dc() == self.dc_id
    }

    fn has_work(&self) -> bool {
        !self.waiting.is_empty() || !self.in_session.is_empty()
    }

    fn report(&self, connected: bool) {
        (self.shared.events)(NetEvent::Connection {
            dc_id: self.dc_id,
            connected,
        });
    }

    pub async fn run(mut self) {
        loop {
            if !self.is_main() && !self.has_work() {
                match self.rx.recv().await {
                    None => return,
                    Some(cmd) => {
                        if self.take(cmd) {
                            return;
                        }
                        continue;
                    }
                }
            }
            let result = self.connect_and_serve().await;
            if self.bound {
                self.report(false);
            }
            self.bound = false;
            self.bind_request = None;
            match result {
                Ok(Exit::Stop) => return,
                Ok(Exit::Idle) | Ok(Exit::Again) => continue,
                Err(e) => {
                    self.shared
                        .log(2, format_args!("DC {} connection failed: {e}", self.dc_id));
                    self.after_failure(&e);
                }
            }
        }
    }

    /// Takes one command while not serving; true to stop.
    fn take(&mut self, cmd: Command) -> bool {
        match cmd {
            Command::Invoke(q) => {
                self.waiting.push_back(q);
                false
            }
            Command::Stop { forget_keys } => {
                if forget_keys {
                    self.shared.store.forget_key(self.dc_id);
                }
                true
            }
        }
    }

    /// The pause before the next connection attempt.
    fn backoff(&self) -> Duration {
        let shift = self.failures.min(6);
        (BACKOFF_FIRST * (1u32 << shift)).min(BACKOFF_MAX)
    }

    fn after_failure(&mut self, e: &ConnError) {
        if let ConnError::Server(-404) = e {
            // The server no longer knows the temporary key: make a new one.
            self.drop_session();
        }
        self.failures = self.failures.saturating_add(1);
    }

    /// Waits out the backoff, still taking commands; true to stop.
    async fn pause(&mut self) -> bool {
        let until = Instant::now() + self.backoff();
        loop {
            tokio::select! {
                cmd = self.rx.recv() => match cmd {
                    None => return true,
                    Some(cmd) => if self.take(cmd) { return true },
                },
                _ = tokio::time::sleep_until(until) => return false,
            }
        }
    }

    /// Abandons the session and its temporary key; unanswered requests wait for the next,
    /// ahead of those that came later, in the order they were made.
    fn drop_session(&mut self) {
        if let Some(mut s) = self.session.take() {
            // Its Unfinished events name what it still held; all of it is in `in_session`.
            s.take_unfinished();
            while s.poll_event().is_some() {}
        }
        let mut unfinished: Vec<(RequestId, Query)> = self.in_session.drain().collect();
        unfinished.sort_by_key(|(id, _)| *id);
        for (_, q) in unfinished.into_iter().rev() {
            self.waiting.push_front(q);
        }
        self.temp = None;
        self.bound = false;
        self.bind_request = None;
    }

    fn server_now(&self) -> i64 {
        now().as_secs() + self.time_offset
    }

    async fn connect_and_serve(&mut self) -> Result<Exit, ConnError> {
        if !self.shared.network_up() {
            return self.wait_for_network().await;
        }
        if self.failures > 0 && self.pause().await {
            return Ok(Exit::Stop);
        }
        let (addrs, keys, handshake_dc) = {
            let dir = self.shared.directory();
            (
                dir.addresses(self.dc_id).to_vec(),
                dir.keys.clone(),
                dir.handshake_dc_id(self.dc_id),
            )
        };
        if addrs.is_empty() {
            return self.wait_for_address().await;
        }
        let header_dc = i16::try_from(handshake_dc).unwrap_or(0);
        let mut conn = Connection::open(&addrs, header_dc, &mut self.rng).await?;
        if self.perm.is_none() {
            let o = conn
                .exchange_key(&keys, handshake_dc, KeyKind::Permanent, &mut self.rng)
                .await?;
            self.time_offset = o.time_offset;
            self.shared
                .store
                .save_key(self.dc_id, &o.auth_key, o.time_offset);
            self.perm = Some(o.auth_key);
        }
        let expiring = self
            .temp
            .as_ref()
            .is_none_or(|t| t.expires_at - self.server_now() < self.temp_margin);
        if expiring || self.session.is_none() {
            self.drop_session();
            let o = conn
                .exchange_key(
                    &keys,
                    handshake_dc,
                    KeyKind::Temporary {
                        expires_in: self.temp_lifetime,
                    },
                    &mut self.rng,
                )
                .await?;
            self.time_offset = o.time_offset;
            let expires_at = o
                .expires_at
                .unwrap_or(self.server_now() + i64::from(self.temp_lifetime));
            self.session = Some(ClientSession::new(
                o.auth_key.clone(),
                o.first_salt,
                o.time_offset,
                &mut self.rng,
            ));
            self.temp = Some(Temp {
                key: o.auth_key,
                expires_at,
            });
        } else if let Some(s) = self.session.as_mut() {
            s.resend_unacknowledged();
        }
        self.init_done = false;
        self.queue_bind();
        self.serve(&mut conn).await
    }

    /// No address yet (a local testdc names only DC 1): waits until a config gives one,
    /// taking commands meanwhile.
    async fn wait_for_address(&mut self) -> Result<Exit, ConnError> {
        let shared = self.shared.clone();
        loop {
            let changed = shared.addresses_changed.notified();
            tokio::pin!(changed);
            // Registered before the check, so a config applied in between still wakes us.
            changed.as_mut().enable();
            if shared.directory().knows(self.dc_id) {
                return Ok(Exit::Again);
            }
            tokio::select! {
                cmd = self.rx.recv() => match cmd {
                    None => return Ok(Exit::Stop),
                    Some(cmd) => if self.take(cmd) { return Ok(Exit::Stop) },
                },
                _ = &mut changed => {}
            }
        }
    }

    /// No network (setNetworkType none): waits for one, taking commands meanwhile.
    async fn wait_for_network(&mut self) -> Result<Exit, ConnError> {
        let shared = self.shared.clone();
        loop {
            let changed = shared.network_changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if shared.network_up() {
                self.failures = 0;
                return Ok(Exit::Again);
            }
            tokio::select! {
                cmd = self.rx.recv() => match cmd {
                    None => return Ok(Exit::Stop),
                    Some(cmd) => if self.take(cmd) { return Ok(Exit::Stop) },
                },
                _ = &mut changed => {}
            }
        }
    }

    /// auth.bindTempAuthKey, built for the message it travels in.
    fn queue_bind(&mut self) {
        if self.bound || self.bind_request.is_some() {
            return;
        }
        let (Some(perm), Some(temp), Some(session)) =
            (self.perm.clone(), self.temp.as_ref(), self.session.as_mut())
        else {
            return;
        };
        let temp_key_id = temp.key.id() as i64;
        let expires_at = i32::try_from(temp.expires_at).unwrap_or(i32::MAX);
        let nonce = self.rng.next_u64() as i64;
        let id = session.invoke_with_msg_id(move |slot, rng| {
            let inner = BindAuthKeyInner {
                nonce,
                temp_auth_key_id: temp_key_id,
                perm_auth_key_id: perm.id() as i64,
                temp_session_id: slot.session_id,
                expires_at,
            };
            tl::api::functions::auth::BindTempAuthKey {
                perm_auth_key_id: perm.id() as i64,
                nonce,
                expires_at,
                encrypted_message: encrypt_binding(&perm, slot.msg_id, &inner, rng),
            }
            .to_bytes()
        });
        self.bind_request = Some(id);
    }

    /// Hands waiting requests to the bound session, in invokeWithLayer(initConnection(...))
    /// until the connection has an answer; a DC other than the main one asks for no updates.
    fn pump_waiting(&mut self) {
        if !self.bound {
            return;
        }
        let Some(session) = self.session.as_mut() else {
            return;
        };
        let without_updates = self.shared.main_dc() != self.dc_id;
        while let Some(q) = self.waiting.pop_front() {
            let mut body = q.body.clone();
            if without_updates {
                body = tl::api::functions::InvokeWithoutUpdates {
                    query: tl::Blob(body),
                }
                .to_bytes();
            }
            if !self.init_done {
                body = self.shared.init.wrap(body);
            }
            let id = session.invoke(body);
            self.in_session.insert(id, q);
        }
    }

    fn transmit(&mut self, conn: &mut Connection) -> Result<(), ConnError> {
        let Some(session) = self.session.as_mut() else {
            return Ok(());
        };
        let t = now();
        while let Some(packet) = session.poll_transmit(t, &mut self.rng) {
            conn.queue(&packet, &mut self.rng)?;
        }
        Ok(())
    }

    async fn serve(&mut self, conn: &mut Connection) -> Result<Exit, ConnError> {
        let shared = self.shared.clone();
        let mut next_ping = Instant::now();
        let mut last_heard = Instant::now();
        let mut last_work = Instant::now();
        loop {
            self.pump_waiting();
            if self.is_main() && self.bound && Instant::now() >= next_ping {
                if let Some(s) = self.session.as_mut() {
                    s.ping_delay_disconnect(self.next_ping_id, PING_DISCONNECT_DELAY);
                    self.next_ping_id += 1;
                }
                next_ping = Instant::now() + PING_INTERVAL;
            }
            self.transmit(conn)?;
            conn.flush().await?;
            if self.has_work() {
                last_work = Instant::now();
            } else if !self.is_main() && last_work.elapsed() >= IDLE_CLOSE {
                return Ok(Exit::Idle);
            }
            if let Some(t) = &self.temp {
                if t.expires_at - self.server_now() < self.temp_margin {
                    return Ok(Exit::Again);
                }
            }
            let mut wake = last_heard + SILENCE_LIMIT;
            if self.is_main() && self.bound {
                wake = wake.min(next_ping);
            } else if !self.is_main() {
                wake = wake.min(last_work + IDLE_CLOSE);
            }
            if let Some(at) = self.session.as_ref().and_then(|s| s.next_timeout()) {
                wake = wake.min(instant_at(at));
            }
            if let Some(t) = &self.temp {
                let left = t.expires_at - self.temp_margin - self.server_now();
                wake = wake.min(Instant::now() + Duration::from_secs(left.max(0) as u64));
            }
            let network_changed = shared.network_changed.notified();
            tokio::pin!(network_changed);
            network_changed.as_mut().enable();
            if !shared.network_up() {
                return Ok(Exit::Again);
            }
            tokio::select! {
                _ = &mut network_changed => {}
                cmd = self.rx.recv() => match cmd {
                    None => return Ok(Exit::Stop),
                    Some(Command::Invoke(q)) => self.waiting.push_back(q),
                    Some(stop @ Command::Stop { .. }) => {
                        self.take(stop);
                        return Ok(Exit::Stop);
                    }
                },
                packet = conn.read_packet() => {
                    let packet = packet?;
                    last_heard = Instant::now();
                    self.on_packet(&packet)?;
                }
                _ = tokio::time::sleep_until(wake) => {
                    if last_heard.elapsed() >= SILENCE_LIMIT {
                        return Err(ConnError::Timeout);
                    }
                }
            }
        }
    }

    fn on_packet(&mut self, packet: &[u8]) -> Result<(), ConnError> {
        let Some(session) = self.session.as_mut() else {
            return Ok(());
        };
        match session.handle_packet(now(), packet) {
            Ok(()) => {}
            // A packet we cannot read at all means the connection is not ours to trust.
            Err(SessionError::Envelope(_)) => return Err(ConnError::Server(-404)),
            Err(e) => self
                .shared
                .log(2, format_args!("DC {}: packet ignored: {e}", self.dc_id)),
        }
        let offset = session.time_offset();
        let mut events = Vec::new();
        while let Some(ev) = session.poll_event() {
            events.push(ev);
        }
        if offset != self.time_offset {
            self.time_offset = offset;
            self.shared.store.save_time_offset(self.dc_id, offset);
        }
        for ev in events {
            self.on_event(ev)?;
        }
        Ok(())
    }

    fn on_event(&mut self, ev: ClientEvent) -> Result<(), ConnError> {
        match ev {
            ClientEvent::Result { id, body } if Some(id) == self.bind_request => {
                self.bind_request = None;
                if <bool as tl::Deserialize>::from_bytes(&body) == Ok(true) {
                    self.bound = true;
                    self.failures = 0;
                    self.report(true);
                } else {
                    return Err(ConnError::Timeout);
                }
            }
            ClientEvent::RpcError { id, code, message } if Some(id) == self.bind_request => {
                self.bind_request = None;
                self.shared.log(
                    1,
                    format_args!(
                        "DC {}: bindTempAuthKey failed: {code} {message}",
                        self.dc_id
                    ),
                );
                // The server doesn't know the permanent key: its authorization is gone.
                self.perm = None;
                self.shared.store.forget_key(self.dc_id);
                (self.shared.events)(NetEvent::KeyLost { dc_id: self.dc_id });
                self.drop_session();
                return Err(ConnError::Server(-404));
            }
            ClientEvent::Rejected { id, code } if Some(id) == self.bind_request => {
                self.bind_request = None;
                let _ = code;
                self.queue_bind();
            }
            ClientEvent::Unfinished { id, .. } if Some(id) == self.bind_request => {
                self.bind_request = None;
            }
            ClientEvent::Result { id, body } => {
                self.init_done = true;
                self.answer(id, Answer::Result(body))
            }
            ClientEvent::RpcError { id, code, message } => {
                self.answer(id, Answer::Error(RpcError::new(code, message)))
            }
            ClientEvent::Rejected { id, code } => self.answer(id, Answer::Rejected(code)),
            ClientEvent::Unfinished { id, .. } => {
                if let Some(q) = self.in_session.remove(&id) {
                    self.waiting.push_back(q);
                }
            }
            ClientEvent::Dropped { id, .. } => {
                self.in_session.remove(&id);
            }
            ClientEvent::Update { body } => {
                if self.is_main() {
                    (self.shared.events)(NetEvent::Update(body));
                }
            }
            ClientEvent::NewSession { .. } => {
                if self.is_main() {
                    (self.shared.events)(NetEvent::NewSession);
                }
            }
            ClientEvent::Pong { .. }
            | ClientEvent::SessionDestroyed { .. }
            | ClientEvent::QuickAck { .. } => {}
        }
        Ok(())
    }

    fn answer(&mut self, id: RequestId, answer: Answer) {
        if let Some(q) = self.in_session.remove(&id) {
            // The asker may have gone (its client closed); nothing to tell then.
            let _ = q.reply.send(answer);
        }
    }
}

/// The tokio instant at which Unix time `at` arrives.
fn instant_at(at: UnixTime) -> Instant {
    let left = at.as_nanos().saturating_sub(now().as_nanos()).max(0);
    Instant::now() + Duration::from_nanos(left as u64)
}
