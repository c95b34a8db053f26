//! One client connection: transport detection and framing, the auth-key exchange, the
//! encrypted session, and the messages other tasks send it (pushes, delayed answers).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mtproto::envelope::peek_auth_key_id;
use mtproto::handshake::{ServerHandshake, ServerStep};
use mtproto::session::{ServerEvent, ServerSession, SessionError};
use mtproto::transport::{Codec, Frame};
use mtproto::UnixTime;
use rand::rngs::StdRng;
use rand::SeedableRng;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};
use tokio::time::Instant;

use super::registry::Online;
use super::rpc::ErrorAnswer;
use super::{trace, unix_now, Shared};

/// Transport error code for "auth key not found / bad packet".
const AUTH_KEY_NOT_FOUND: i32 = -404;
const READ_BUFFER: usize = 64 * 1024;

/// What other tasks tell a connection.
#[derive(Debug)]
pub enum ConnMsg {
    /// A serialized TL `Updates` for this connection's user.
    Push(Arc<Vec<u8>>),
    /// The answer to request `msg_id`, sent later (the delay fault).
    Answer {
        msg_id: i64,
        answer: Result<Vec<u8>, ErrorAnswer>,
    },
}

/// State of one connection; the task in [`serve`] drives it.
pub(super) struct Connection {
    pub shared: Arc<Shared>,
    pub dc_id: i32,
    pub conn_id: u64,
    pub tx: UnboundedSender<ConnMsg>,
    pub rng: StdRng,
    codec: Codec,
    handshake: Option<ServerHandshake>,
    pub session: Option<ServerSession>,
    /// The permanent key behind the session's key (itself unless a bound temporary key).
    pub perm_key_id: i64,
    pub layer: Option<i32>,
    pub wants_updates: Arc<AtomicBool>,
    disconnect_at: Option<Instant>,
    /// Bytes to write.
    pub out: Vec<u8>,
    /// Set to close the connection after writing `out`.
    pub closing: bool,
    /// Set to close the connection at once, writing nothing more (the close fault).
    pub aborted: bool,
}

pub(super) async fn serve(shared: Arc<Shared>, dc_id: i32, stream: TcpStream) {
    let Some(dc) = shared.dc(dc_id) else {
        return;
    };
    let mut dc_generation = dc.generation.subscribe();
    let mut close_all = shared.close_all.subscribe();
    let (tx, mut rx) = unbounded_channel();
    let conn_id = shared.next_conn_id();
    let mut conn = Connection {
        shared: shared.clone(),
        dc_id,
        conn_id,
        tx,
        rng: StdRng::from_entropy(),
        codec: Codec::server(),
        handshake: None,
        session: None,
        perm_key_id: 0,
        layer: None,
        wants_updates: Arc::new(AtomicBool::new(false)),
        disconnect_at: None,
        out: Vec::new(),
        closing: false,
        aborted: false,
    };
    let (mut rd, mut wr) = stream.into_split();
    let mut buf = vec![0u8; READ_BUFFER];
    loop {
        let deadline = conn.deadline();
        tokio::select! {
            read = rd.read(&mut buf) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => conn.on_bytes(&buf[..n]),
            },
            Some(msg) = rx.recv() => conn.on_message(msg),
            _ = sleep_until(deadline) => conn.on_timer(),
            _ = dc_generation.changed() => break,
            _ = close_all.changed() => break,
        }
        if conn.aborted {
            break;
        }
        conn.flush_session();
        if !conn.out.is_empty() {
            if wr.write_all(&conn.out).await.is_err() {
                break;
            }
            conn.out.clear();
        }
        if conn.closing {
            break;
        }
    }
    trace!("dc{dc_id}: connection {conn_id} closed");
    shared.registry.remove(conn_id);
    if let Some(session) = conn.session.take() {
        shared.parked.park(session);
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

impl Connection {
    /// The next moment something is due: acks to flush, or a ping_delay_disconnect.
    fn deadline(&self) -> Option<Instant> {
        let acks = self
            .session
            .as_ref()
            .and_then(|s| s.next_timeout())
            .map(|t| {
                let wait = t.since(unix_now());
                Instant::now() + wait
            });
        match (acks, self.disconnect_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn on_timer(&mut self) {
        if self.disconnect_at.is_some_and(|d| Instant::now() >= d) {
            trace!("dc{}: no ping in time, disconnecting", self.dc_id);
            self.closing = true;
        }
    }

    fn on_bytes(&mut self, bytes: &[u8]) {
        self.codec.feed(bytes);
        while !self.closing {
            match self.codec.next_frame() {
                Ok(Some(Frame::Packet { payload, quick_ack })) => {
                    self.on_packet(&payload, quick_ack)
                }
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(e) => {
                    trace!("dc{}: transport: {e}", self.dc_id);
                    self.closing = true;
                }
            }
        }
    }

    fn on_message(&mut self, msg: ConnMsg) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        match msg {
            ConnMsg::Push(body) => session.send_update(body.to_vec()),
            ConnMsg::Answer { msg_id, answer } => match answer {
                Ok(result) => session.send_result(msg_id, result),
                Err(e) => session.send_rpc_error(msg_id, e.code, &e.message),
            },
        }
    }

    /// Sends a transport error and closes, as Telegram does for unknown keys.
    fn fail_transport(&mut self, code: i32) {
        let _ = self.codec.encode_error(code, &mut self.rng, &mut self.out);
        self.closing = true;
    }

    fn on_packet(&mut self, payload: &[u8], quick_ack: bool) {
        match peek_auth_key_id(payload) {
            None => self.fail_transport(AUTH_KEY_NOT_FOUND),
            Some(0) => self.on_plain(payload),
            Some(id) => self.on_encrypted(id, payload, quick_ack),
        }
    }

    /// A message of the auth-key exchange.
    fn on_plain(&mut self, payload: &[u8]) {
        let now = unix_now();
        let config = self.shared.handshake.clone();
        let handshake = self
            .handshake
            .get_or_insert_with(|| ServerHandshake::new(config));
        let rng = &mut self.rng;
        let shared = &self.shared;
        // A new key whose auth_key_id is taken gets dh_gen_retry.
        let mut taken = |key_id: u64| shared.keys.is_taken(&shared.world, key_id);
        let mut step = || handshake.handle_checked(now, payload, rng, &mut taken);
        // RSA and 2048-bit DH take milliseconds: let the runtime move other connections off
        // this worker meanwhile (only a multi-thread runtime can).
        let step = if matches!(
            tokio::runtime::Handle::current().runtime_flavor(),
            tokio::runtime::RuntimeFlavor::MultiThread
        ) {
            tokio::task::block_in_place(step)
        } else {
            step()
        };
        match step {
            Ok(ServerStep::Send(reply)) => self.send_packet(&reply),
            Ok(ServerStep::Done { reply, outcome }) => {
                self.handshake = None;
                let key = outcome.outcome.auth_key;
                let expires_at = outcome
                    .outcome
                    .expires_at
                    .map(|t| i32::try_from(t).unwrap_or(i32::MAX));
                let secs = now.as_secs() as i32;
                if self
                    .shared
                    .keys
                    .register(&self.shared.world, &key, self.dc_id, secs, expires_at)
                {
                    self.shared.handshakes.fetch_add(1, Ordering::Relaxed);
                    trace!(
                        "dc{}: new auth key {:016x} ({:?}, legacy RSA {})",
                        self.dc_id,
                        key.id(),
                        outcome.inner,
                        outcome.legacy_rsa
                    );
                    self.send_packet(&reply);
                } else {
                    self.closing = true;
                }
            }
            Err(e) => {
                trace!("dc{}: key exchange failed: {e}", self.dc_id);
                self.handshake = None;
                self.fail_transport(AUTH_KEY_NOT_FOUND);
            }
        }
    }

    fn send_packet(&mut self, payload: &[u8]) {
        if self
            .codec
            .encode(payload, &mut self.rng, &mut self.out)
            .is_err()
        {
            self.closing = true;
        }
    }

    fn on_encrypted(&mut self, key_id: u64, payload: &[u8], quick_ack: bool) {
        let now = unix_now();
        if self.session.as_ref().map(|s| s.auth_key().id()) != Some(key_id) {
            let secs = now.as_secs() as i32;
            let Some(key) = self.shared.keys.get(&self.shared.world, key_id, secs) else {
                trace!("dc{}: unknown auth key {key_id:016x}", self.dc_id);
                self.fail_transport(AUTH_KEY_NOT_FOUND);
                return;
            };
            // The session this packet continues, if an earlier connection left it parked.
            let resumed = mtproto::envelope::decrypt(&key, mtproto::Role::Client, payload)
                .ok()
                .and_then(|d| self.shared.parked.take(key_id, d.header.session_id));
            if let Some(old) = self.session.take() {
                self.shared.parked.park(old);
            }
            self.session = Some(
                resumed.unwrap_or_else(|| ServerSession::new(self.shared.sessions.clone(), key)),
            );
            self.perm_key_id = self.resolve_perm_key(key_id as i64);
            self.go_online();
        }
        let Some(session) = self.session.as_mut() else {
            return;
        };
        match session.handle_packet(now, payload) {
            Ok(token) => {
                // The quick ack goes out before anything the packet's messages produce.
                if quick_ack && self.codec.encode_quick_ack(token, &mut self.out).is_err() {
                    trace!(
                        "dc{}: quick ack asked on a transport without them",
                        self.dc_id
                    );
                }
            }
            Err(SessionError::Envelope(e)) => {
                trace!("dc{}: undecryptable packet: {e}", self.dc_id);
                self.fail_transport(AUTH_KEY_NOT_FOUND);
                return;
            }
            Err(e) => trace!("dc{}: bad message: {e}", self.dc_id),
        }
        while let Some(event) = self.session.as_mut().and_then(|s| s.poll_event()) {
            match event {
                ServerEvent::Request { msg_id, body } => self.on_request(msg_id, body),
                ServerEvent::NewSession { session_id, .. } => {
                    trace!("dc{}: session {session_id:016x}", self.dc_id)
                }
                ServerEvent::Acked { .. } => {}
                ServerEvent::DisconnectAfter { secs } => {
                    let secs = u64::try_from(secs).unwrap_or(0);
                    self.disconnect_at = Some(Instant::now() + Duration::from_secs(secs));
                }
                ServerEvent::DestroySession { msg_id, session_id } => {
                    // Sessions live as long as their connection: another one is already gone.
                    if let Some(s) = self.session.as_mut() {
                        let existed = s.session_id() == Some(session_id);
                        s.answer_destroy_session(msg_id, session_id, existed);
                    }
                }
            }
        }
    }

    pub(super) fn resolve_perm_key(&self, key_id: i64) -> i64 {
        self.shared
            .world()
            .auth_key(key_id)
            .ok()
            .flatten()
            .and_then(|k| k.perm_key_id)
            .unwrap_or(key_id)
    }

    /// Files this connection under its permanent key so pushes find it.
    pub(super) fn go_online(&self) {
        let Some(session) = &self.session else {
            return;
        };
        self.shared.registry.add(
            self.perm_key_id,
            Online {
                conn_id: self.conn_id,
                dc_id: self.dc_id,
                key_id: session.auth_key().id() as i64,
                tx: self.tx.clone(),
                wants_updates: self.wants_updates.clone(),
            },
        );
    }

    /// Everything the session has queued, framed for the transport.
    fn flush_session(&mut self) {
        let now: UnixTime = unix_now();
        while let Some(packet) = self
            .session
            .as_mut()
            .and_then(|s| s.poll_transmit(now, &mut self.rng))
        {
            if self
                .codec
                .encode(&packet, &mut self.rng, &mut self.out)
                .is_err()
            {
                self.closing = true;
                return;
            }
        }
    }
}
