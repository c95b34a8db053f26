//! One client connection: transport detection and framing, the auth-key exchange, the
//! encrypted session, and the messages other tasks send it (pushes, delayed answers).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mtproto::envelope::peek_auth_key_id;
use mtproto::handshake::{ServerHandshake, ServerStep};
use mtproto::session::{ServerEvent, ServerSession, SessionError};
use mtproto::transport::{Codec, Frame};
use mtproto::{AuthKey, UnixTime};
use rand::rngs::StdRng;
use rand::SeedableRng;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Instant;

pub use super::mailbox::ConnMsg;
use super::mailbox::{mailbox, Mailbox};
use super::registry::Online;
use super::sessions::Claim;
use super::{trace, unix_now, Shared};

/// Transport error code for "auth key not found / bad packet".
const AUTH_KEY_NOT_FOUND: i32 = -404;
const READ_BUFFER: usize = 64 * 1024;
/// How long a connection waits for another to hand over the session its client continues,
/// and how much it holds meanwhile; then it starts the session afresh.
const HANDOVER_WAIT: Duration = Duration::from_secs(2);
const HANDOVER_PACKETS: usize = 64;
const HANDOVER_BYTES: usize = 4 << 20;

/// Packets held while another connection hands over their session.
struct Awaiting {
    key: AuthKey,
    session_id: i64,
    until: Instant,
    packets: Vec<(Vec<u8>, bool)>,
    bytes: usize,
}

/// State of one connection; the task in [`serve`] drives it.
pub(super) struct Connection {
    pub shared: Arc<Shared>,
    pub dc_id: i32,
    pub conn_id: u64,
    pub mailbox: Mailbox,
    pub rng: StdRng,
    codec: Codec,
    handshake: Option<ServerHandshake>,
    pub session: Option<ServerSession>,
    /// The session_id the session table files this connection's session under.
    carried: Option<i64>,
    awaiting: Option<Awaiting>,
    /// The permanent key behind the session's key (itself unless a bound temporary key).
    pub perm_key_id: i64,
    /// The client's address, as the sessions list shows it.
    pub peer_ip: String,
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

/// The signals that close a connection, taken when it is accepted: a restart or a close fault
/// that comes before the connection's task first runs still reaches it.
pub(super) struct CloseSignals {
    pub dc_generation: watch::Receiver<u64>,
    pub close_all: watch::Receiver<u64>,
}

pub(super) async fn serve(
    shared: Arc<Shared>,
    dc_id: i32,
    stream: TcpStream,
    signals: CloseSignals,
) {
    let CloseSignals {
        mut dc_generation,
        mut close_all,
    } = signals;
    let (mailbox, mut inbox) = mailbox(shared.push_backlog);
    let overflow = mailbox.clone();
    let conn_id = shared.next_conn_id();
    let peer_ip = stream
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();
    let mut conn = Connection {
        shared: shared.clone(),
        dc_id,
        conn_id,
        mailbox,
        rng: StdRng::from_entropy(),
        codec: Codec::server(),
        handshake: None,
        session: None,
        carried: None,
        awaiting: None,
        perm_key_id: 0,
        peer_ip,
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
            Some(msg) = inbox.recv() => conn.on_message(msg),
            _ = sleep_until(deadline) => conn.on_timer(),
            _ = dc_generation.changed() => break,
            _ = close_all.changed() => break,
            _ = overflow.overflowed() => {
                trace!("dc{dc_id}: connection {conn_id} does not read its updates, closing");
                shared.slow_closed.fetch_add(1, Ordering::Relaxed);
                break;
            }
        }
        // A close ordered while this branch ran wins: select! picks among ready branches at
        // random, and a client must never get an answer from a connection told to close.
        if conn.aborted || closed(&dc_generation) || closed(&close_all) {
            break;
        }
        conn.flush_session();
        if !conn.out.is_empty() {
            // A client that stops reading blocks this write; its pushes keep coming, and
            // the mailbox says when they are too many.
            let written = tokio::select! {
                w = wr.write_all(&conn.out) => w.is_ok(),
                _ = overflow.overflowed() => {
                    trace!("dc{dc_id}: connection {conn_id} does not read, closing");
                    shared.slow_closed.fetch_add(1, Ordering::Relaxed);
                    false
                }
                _ = dc_generation.changed() => false,
                _ = close_all.changed() => false,
            };
            if !written {
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
    inbox.close();
    if let Some(session) = conn.session.take() {
        shared.session_table.release(Box::new(session), conn_id);
    }
    // Messages that came in meanwhile: a session handed to us goes on (parked, or to whoever
    // claimed it since), a hand-over asked of us finds nothing.
    while let Some(msg) = inbox.try_recv() {
        match msg {
            ConnMsg::Adopt {
                session: Some(session),
                ..
            } => shared.session_table.release(session, conn_id),
            ConnMsg::HandOver {
                key_id,
                session_id,
                to,
            } => {
                to.send(ConnMsg::Adopt {
                    key_id,
                    session_id,
                    session: None,
                });
            }
            _ => {}
        }
    }
}

/// Whether a close signal changed (or its sender is gone) since last seen.
fn closed<T>(signal: &watch::Receiver<T>) -> bool {
    signal.has_changed().unwrap_or(true)
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

impl Connection {
    /// The next moment something is due: acks to flush, a ping_delay_disconnect, or the end
    /// of the wait for a hand-over.
    fn deadline(&self) -> Option<Instant> {
        let acks = self
            .session
            .as_ref()
            .and_then(|s| s.next_timeout())
            .map(|t| {
                let wait = t.since(unix_now());
                Instant::now() + wait
            });
        [
            acks,
            self.disconnect_at,
            self.awaiting.as_ref().map(|a| a.until),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn on_timer(&mut self) {
        if self.disconnect_at.is_some_and(|d| Instant::now() >= d) {
            trace!("dc{}: no ping in time, disconnecting", self.dc_id);
            self.closing = true;
        }
        if self
            .awaiting
            .as_ref()
            .is_some_and(|a| Instant::now() >= a.until)
        {
            trace!("dc{}: no hand-over in time, new session", self.dc_id);
            self.stop_waiting(None);
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
        match msg {
            ConnMsg::Push(body) => {
                if let Some(session) = self.session.as_mut() {
                    session.send_update(body.to_vec())
                }
            }
            ConnMsg::Answer { msg_id, answer } => {
                if let Some(session) = self.session.as_mut() {
                    match answer {
                        Ok(result) => session.send_result(msg_id, result),
                        Err(e) => session.send_rpc_error(msg_id, e.code, &e.message),
                    }
                }
            }
            ConnMsg::HandOver {
                key_id,
                session_id,
                to,
            } => self.hand_over(key_id, session_id, to),
            ConnMsg::Adopt {
                key_id,
                session_id,
                session,
            } => {
                let expected = self
                    .awaiting
                    .as_ref()
                    .is_some_and(|a| a.key.id() == key_id && a.session_id == session_id);
                // Not waiting for it (any more): a session started afresh already replaced it.
                if expected {
                    self.stop_waiting(session);
                }
            }
            ConnMsg::SignedOut => {
                trace!("dc{}: authorization reset, closing", self.dc_id);
                self.closing = true;
            }
        }
    }

    /// Gives this connection's session to the connection its client moved to, and closes.
    fn hand_over(&mut self, key_id: u64, session_id: i64, to: Mailbox) {
        let carries = self
            .session
            .as_ref()
            .is_some_and(|s| s.auth_key().id() == key_id && s.session_id() == Some(session_id));
        let Some(session) = self.session.take().filter(|_| carries) else {
            to.send(ConnMsg::Adopt {
                key_id,
                session_id,
                session: None,
            });
            return;
        };
        trace!(
            "dc{}: session {session_id:016x} continues on another connection",
            self.dc_id
        );
        self.shared.registry.remove(self.conn_id);
        self.shared
            .session_table
            .release(Box::new(session), self.conn_id);
        self.aborted = true;
        self.closing = true;
    }

    /// Ends the wait for a hand-over: continues `session` (or a fresh one) with the packets
    /// held meanwhile.
    fn stop_waiting(&mut self, session: Option<Box<ServerSession>>) {
        let Some(awaiting) = self.awaiting.take() else {
            return;
        };
        let session = match session {
            Some(s) => *s,
            None => ServerSession::new(self.shared.sessions.clone(), awaiting.key),
        };
        self.install(session);
        for (packet, quick_ack) in awaiting.packets {
            if self.closing {
                break;
            }
            self.on_session_packet(&packet, quick_ack);
        }
    }

    /// Makes `session` this connection's and files the connection under its key for pushes.
    fn install(&mut self, session: ServerSession) {
        let key_id = session.auth_key().id();
        self.carried = session.session_id();
        self.session = Some(session);
        self.perm_key_id = self.resolve_perm_key(key_id as i64);
        self.go_online();
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
        if let Some(awaiting) = self.awaiting.as_mut() {
            awaiting.packets.push((payload.to_vec(), quick_ack));
            awaiting.bytes += payload.len();
            if awaiting.packets.len() > HANDOVER_PACKETS || awaiting.bytes > HANDOVER_BYTES {
                self.stop_waiting(None);
            }
            return;
        }
        if self.session.as_ref().map(|s| s.auth_key().id()) != Some(key_id) {
            let secs = unix_now().as_secs() as i32;
            let Some(key) = self.shared.keys.get(&self.shared.world, key_id, secs) else {
                trace!("dc{}: unknown auth key {key_id:016x}", self.dc_id);
                self.fail_transport(AUTH_KEY_NOT_FOUND);
                return;
            };
            let Ok(decrypted) = mtproto::envelope::decrypt(&key, mtproto::Role::Client, payload)
            else {
                trace!("dc{}: undecryptable packet", self.dc_id);
                self.fail_transport(AUTH_KEY_NOT_FOUND);
                return;
            };
            if let Some(old) = self.session.take() {
                self.shared
                    .session_table
                    .release(Box::new(old), self.conn_id);
            }
            let session_id = decrypted.header.session_id;
            let table = &self.shared.session_table;
            match table.claim(key_id, session_id, self.conn_id, &self.mailbox) {
                Claim::Parked(session) => self.install(*session),
                Claim::Fresh => {
                    self.install(ServerSession::new(self.shared.sessions.clone(), key));
                }
                Claim::HandOver => {
                    self.awaiting = Some(Awaiting {
                        key,
                        session_id,
                        until: Instant::now() + HANDOVER_WAIT,
                        packets: vec![(payload.to_vec(), quick_ack)],
                        bytes: payload.len(),
                    });
                    return;
                }
            }
        }
        self.on_session_packet(payload, quick_ack);
    }

    /// A packet of the session this connection carries.
    fn on_session_packet(&mut self, payload: &[u8], quick_ack: bool) {
        let now = unix_now();
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
        // The client started another session on this connection.
        if let Some(session) = self.session.as_ref() {
            let now_carried = session.session_id();
            if now_carried != self.carried {
                if let Some(new) = now_carried {
                    let key_id = session.auth_key().id();
                    self.shared.session_table.rename(
                        key_id,
                        self.carried,
                        new,
                        self.conn_id,
                        &self.mailbox,
                    );
                }
                self.carried = now_carried;
            }
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
                    if let Some(s) = self.session.as_mut() {
                        let key_id = s.auth_key().id();
                        let existed = s.session_id() == Some(session_id)
                            || self.shared.session_table.destroy(key_id, session_id);
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
                mailbox: self.mailbox.clone(),
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
