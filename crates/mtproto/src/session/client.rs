//! Client role of an encrypted session.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use rand_core::RngCore;

use super::assemble::{assemble, assemble_one, Outgoing};
use super::outgoing::{take_batch, PendingAcks};
use super::received::{ReceivedIds, Seen};
use super::wire::{self, BadMsg, DropOutcome};
use super::{gzip, SessionError};
use crate::envelope::{self, MessageHeader};
use crate::msg_id::{MsgIdClock, MsgIdKind};
use crate::salt::SaltBook;
use crate::seq_no::SeqNo;
use crate::{AuthKey, Role, UnixTime};

/// Identifies an application request for its whole life, across resends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// What the application learns from the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientEvent {
    /// rpc_result of a request (gzip already inflated).
    Result {
        id: RequestId,
        body: Vec<u8>,
    },
    /// rpc_error of a request.
    RpcError {
        id: RequestId,
        code: i32,
        message: String,
    },
    /// The server refused the message itself (bad_msg_notification 34, 35, 64
    /// ...): the request was not executed.
    Rejected {
        id: RequestId,
        code: i32,
    },
    /// The session gave the request back (see `take_unfinished`): send it again
    /// on another session.
    Unfinished {
        id: RequestId,
        body: Vec<u8>,
    },
    /// A message from the server that is not an answer: an update.
    Update {
        body: Vec<u8>,
    },
    /// The server created a new session (updates may have been missed).
    NewSession {
        first_msg_id: i64,
        unique_id: i64,
    },
    Pong {
        ping_id: i64,
    },
    /// destroy_session answered.
    SessionDestroyed {
        session_id: i64,
        existed: bool,
    },
    /// The server's transport confirmed receipt of these requests (quick ack).
    QuickAck {
        ids: Vec<RequestId>,
    },
    /// The request's answer was dropped ([`ClientSession::drop_answer`]): what
    /// the server said, or `None` if the request never left this session (or
    /// the session was abandoned before the server answered). The server may
    /// have executed the request all the same.
    Dropped {
        id: RequestId,
        outcome: Option<DropOutcome>,
    },
}

/// Quick-ack tokens remembered (one per packet sent).
const QUICK_ACK_MEMORY: usize = 64;

/// Where a message built at sending time travels: see
/// [`ClientSession::invoke_with_msg_id`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MsgSlot {
    pub msg_id: i64,
    pub seq_no: i32,
    pub session_id: i64,
}

/// Builds a request body for the slot it is about to be sent in.
type BodyFn = dyn Fn(MsgSlot, &mut dyn RngCore) -> Vec<u8> + Send + Sync;

#[derive(Clone)]
struct Builder(Arc<BodyFn>);

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Builder")
    }
}

#[derive(Debug, Clone)]
enum Purpose {
    Request(RequestId),
    Ping,
    FutureSalts,
    StateReq,
    /// msg_resend_req: forgotten once acknowledged.
    Resend,
    /// rpc_drop_answer for this request.
    DropAnswer(RequestId),
    Other,
}

#[derive(Debug, Clone)]
struct Message {
    /// For a built message, the body of its last sending (empty before).
    body: Vec<u8>,
    content_related: bool,
    purpose: Purpose,
    /// Rebuilds the body each time it goes out (then it travels alone).
    build: Option<Builder>,
}

#[derive(Debug)]
struct InFlight {
    msg: Message,
    acked: bool,
}

/// One client session (one session_id) on one auth key.
pub struct ClientSession {
    auth_key: AuthKey,
    session_id: i64,
    clock: MsgIdClock,
    seq: SeqNo,
    salts: SaltBook,
    queue: VecDeque<Message>,
    in_flight: HashMap<i64, InFlight>,
    containers: HashMap<i64, Vec<i64>>,
    received: ReceivedIds,
    acks: PendingAcks,
    events: VecDeque<ClientEvent>,
    next_request: u64,
    reset_pending: bool,
    quick_acks: VecDeque<(u32, Vec<RequestId>)>,
}

impl std::fmt::Debug for ClientSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSession")
            .field("session_id", &self.session_id)
            .field("queued", &self.queue.len())
            .field("in_flight", &self.in_flight.len())
            .finish()
    }
}

impl ClientSession {
    /// A new session on `auth_key` with the first salt and time offset (both
    /// from the handshake, or stored).
    pub fn new(auth_key: AuthKey, salt: i64, time_offset_secs: i64, rng: &mut dyn RngCore) -> Self {
        ClientSession {
            auth_key,
            session_id: rng.next_u64() as i64,
            clock: MsgIdClock::with_offset_secs(time_offset_secs),
            seq: SeqNo::new(),
            salts: SaltBook::new(salt),
            queue: VecDeque::new(),
            in_flight: HashMap::new(),
            containers: HashMap::new(),
            received: ReceivedIds::new(1024),
            acks: PendingAcks::default(),
            events: VecDeque::new(),
            next_request: 1,
            reset_pending: false,
            quick_acks: VecDeque::new(),
        }
    }

    pub fn session_id(&self) -> i64 {
        self.session_id
    }

    pub fn auth_key(&self) -> &AuthKey {
        &self.auth_key
    }

    /// Server time minus local time, seconds (to store with the key).
    pub fn time_offset(&self) -> i64 {
        self.clock.offset_secs()
    }

    /// The salt the next message will carry.
    pub fn salt(&mut self, now: UnixTime) -> i64 {
        self.salts.current(self.clock.peer_now(now).as_secs())
    }

    /// True when future salts run out within `secs` (time to call
    /// [`request_future_salts`](Self::request_future_salts)).
    pub fn wants_salts(&self, now: UnixTime, secs: i64) -> bool {
        self.salts
            .wants_more(self.clock.peer_now(now).as_secs(), secs)
    }

    /// Queues an application request: the bytes of a boxed TL function
    /// (content-related). Large bodies go gzip_packed.
    pub fn invoke(&mut self, body: Vec<u8>) -> RequestId {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        self.queue.push_back(Message {
            body: gzip::maybe_pack(body),
            content_related: true,
            purpose: Purpose::Request(id),
            build: None,
        });
        id
    }

    /// Queues a request whose body names the message it travels in, such as
    /// auth.bindTempAuthKey (its encrypted binding holds the msg_id and the
    /// session_id). `build` makes the body for a slot each time the request
    /// goes out, first and on every resend (bad_server_salt, a new session...),
    /// and the request always travels alone, never in a container. It ends
    /// like any request; if given back as [`ClientEvent::Unfinished`], its
    /// body is the last one built (empty if it never left) and is bound to
    /// this session: queue it again with a new builder.
    pub fn invoke_with_msg_id<F>(&mut self, build: F) -> RequestId
    where
        F: Fn(MsgSlot, &mut dyn RngCore) -> Vec<u8> + Send + Sync + 'static,
    {
        let id = RequestId(self.next_request);
        self.next_request += 1;
        self.queue.push_back(Message {
            body: Vec::new(),
            content_related: true,
            purpose: Purpose::Request(id),
            build: Some(Builder(Arc::new(build))),
        });
        id
    }

    /// Queues ping; the answer is [`ClientEvent::Pong`].
    pub fn ping(&mut self, ping_id: i64) {
        self.push_service(wire::ping(ping_id), Purpose::Ping);
    }

    /// Queues ping_delay_disconnect: the server closes the connection if no
    /// new ping comes within `disconnect_delay` seconds.
    pub fn ping_delay_disconnect(&mut self, ping_id: i64, disconnect_delay: i32) {
        self.push_service(
            wire::ping_delay_disconnect(ping_id, disconnect_delay),
            Purpose::Ping,
        );
    }

    /// Queues get_future_salts; the salts are used automatically.
    pub fn request_future_salts(&mut self, num: i32) {
        self.push_service(wire::get_future_salts(num), Purpose::FutureSalts);
    }

    /// Queues destroy_session for another session of this key.
    pub fn destroy_session(&mut self, session_id: i64) {
        self.push_service(wire::destroy_session(session_id), Purpose::Other);
    }

    /// Gives up on the answer of request `id`: a request not sent yet is
    /// simply removed; one in flight gets rpc_drop_answer, and its answer is
    /// ignored from now on. Either way the request ends with
    /// [`ClientEvent::Dropped`]. False if `id` is not pending.
    pub fn drop_answer(&mut self, id: RequestId) -> bool {
        let is_it = |m: &Message| matches!(m.purpose, Purpose::Request(r) if r == id);
        if let Some(at) = self.queue.iter().position(is_it) {
            self.queue.remove(at);
            self.events
                .push_back(ClientEvent::Dropped { id, outcome: None });
            return true;
        }
        let Some(msg_id) = self
            .in_flight
            .iter()
            .find(|(_, f)| is_it(&f.msg))
            .map(|(&msg_id, _)| msg_id)
        else {
            return false;
        };
        self.in_flight.remove(&msg_id);
        self.push_service(wire::rpc_drop_answer(msg_id), Purpose::DropAnswer(id));
        true
    }

    /// Queues msgs_state_req about our own messages.
    pub fn request_state(&mut self, msg_ids: &[i64]) {
        self.push_service(
            wire::ids_message(wire::MSGS_STATE_REQ, msg_ids),
            Purpose::StateReq,
        );
    }

    fn push_service(&mut self, body: Vec<u8>, purpose: Purpose) {
        self.queue.push_back(Message {
            body,
            content_related: true,
            purpose,
            build: None,
        });
    }

    /// After a reconnect: messages the server never acknowledged are sent
    /// again (new msg_ids, same request ids).
    pub fn resend_unacknowledged(&mut self) {
        let ids: Vec<i64> = self
            .in_flight
            .iter()
            .filter(|(_, f)| !f.acked)
            .map(|(&id, _)| id)
            .collect();
        for id in ids {
            self.requeue(id);
        }
    }

    /// Gives every request not yet answered back as [`ClientEvent::Unfinished`]
    /// (the session is being abandoned: key dropped, DC migration...).
    pub fn take_unfinished(&mut self) {
        let mut items: Vec<Message> = self.queue.drain(..).collect();
        items.extend(self.in_flight.drain().map(|(_, f)| f.msg));
        self.containers.clear();
        let mut reqs: Vec<(RequestId, Vec<u8>)> = Vec::new();
        let mut dropping = Vec::new();
        for m in items {
            match m.purpose {
                Purpose::Request(id) => reqs.push((id, m.body)),
                Purpose::DropAnswer(id) => dropping.push(id),
                _ => {}
            }
        }
        dropping.sort();
        for id in dropping {
            self.events
                .push_back(ClientEvent::Dropped { id, outcome: None });
        }
        reqs.sort_by_key(|(id, _)| *id);
        for (id, body) in reqs {
            let body = gzip::unpack(body.clone()).unwrap_or(body);
            self.events.push_back(ClientEvent::Unfinished { id, body });
        }
    }

    pub fn poll_event(&mut self) -> Option<ClientEvent> {
        self.events.pop_front()
    }

    /// Requests queued or sent but not answered.
    pub fn pending_requests(&self) -> usize {
        let q = self
            .queue
            .iter()
            .filter(|m| matches!(m.purpose, Purpose::Request(_)))
            .count();
        let f = self
            .in_flight
            .values()
            .filter(|f| matches!(f.msg.purpose, Purpose::Request(_)))
            .count();
        q + f
    }

    /// When to call [`poll_transmit`](Self::poll_transmit) again to flush acks.
    pub fn next_timeout(&self) -> Option<UnixTime> {
        self.acks.deadline()
    }

    fn requeue(&mut self, msg_id: i64) {
        if let Some(inner) = self.containers.remove(&msg_id) {
            for id in inner {
                self.requeue(id);
            }
            return;
        }
        if let Some(f) = self.in_flight.remove(&msg_id) {
            self.queue.push_front(f.msg);
        }
    }

    fn reject(&mut self, msg_id: i64, code: i32) {
        if let Some(inner) = self.containers.remove(&msg_id) {
            for id in inner {
                self.reject(id, code);
            }
            return;
        }
        if let Some(f) = self.in_flight.remove(&msg_id) {
            if let Purpose::Request(id) = f.msg.purpose {
                self.events.push_back(ClientEvent::Rejected { id, code });
            }
        }
    }

    /// The next packet to send (MTProto payload for the transport), if any:
    /// queued messages plus pending acks, in a container when several.
    pub fn poll_transmit(&mut self, now: UnixTime, rng: &mut dyn RngCore) -> Option<Vec<u8>> {
        self.poll_transmit_with_token(now, rng).map(|(p, _)| p)
    }

    /// A transport frame's quick ack arrived ([`crate::transport::Frame::QuickAck`]).
    pub fn handle_quick_ack(&mut self, token: u32) {
        if let Some(i) = self.quick_acks.iter().position(|(t, _)| *t == token) {
            if let Some((_, ids)) = self.quick_acks.remove(i) {
                if !ids.is_empty() {
                    self.events.push_back(ClientEvent::QuickAck { ids });
                }
            }
        }
    }

    /// [`poll_transmit`](Self::poll_transmit) plus the packet's quick-ack token,
    /// for sending it with [`crate::transport::Codec::encode_with_quick_ack`].
    pub fn poll_transmit_with_token(
        &mut self,
        now: UnixTime,
        rng: &mut dyn RngCore,
    ) -> Option<(Vec<u8>, u32)> {
        if self.reset_pending {
            self.reset_pending = false;
            self.start_new_session(rng);
        }
        let flush_acks = self.acks.due(now, !self.queue.is_empty());
        if self.queue.is_empty() && !flush_acks {
            return None;
        }
        let mut chosen = take_batch(&mut self.queue, |m| m.body.len(), |m| m.build.is_some());
        let asm = match chosen.first_mut() {
            Some(m) if m.build.is_some() => {
                // Built for its slot, alone: acks wait for the next packet.
                let session_id = self.session_id;
                let build = m.build.clone();
                let asm = assemble_one(now, &mut self.clock, &mut self.seq, |msg_id, seq_no| {
                    let slot = MsgSlot {
                        msg_id,
                        seq_no,
                        session_id,
                    };
                    build.map_or_else(Vec::new, |b| (b.0)(slot, &mut *rng))
                });
                m.body = asm.body.clone();
                asm
            }
            _ => {
                let ack_body = flush_acks.then(|| self.acks.take_message(now));
                let mut outgoing: Vec<Outgoing<'_>> = chosen
                    .iter()
                    .map(|m| Outgoing {
                        body: &m.body,
                        content_related: m.content_related,
                        kind: MsgIdKind::Client,
                        resent: None,
                    })
                    .collect();
                if let Some(b) = &ack_body {
                    outgoing.push(Outgoing {
                        body: b,
                        content_related: false,
                        kind: MsgIdKind::Client,
                        resent: None,
                    });
                }
                assemble(
                    now,
                    &mut self.clock,
                    &mut self.seq,
                    &outgoing,
                    MsgIdKind::Client,
                )?
            }
        };
        let header = MessageHeader {
            salt: self.salts.current(self.clock.peer_now(now).as_secs()),
            session_id: self.session_id,
            msg_id: asm.msg_id,
            seq_no: asm.seq_no,
        };
        let (packet, token) =
            envelope::encrypt_with_token(&self.auth_key, Role::Client, &header, &asm.body, rng)
                .ok()?;
        let requests: Vec<RequestId> = chosen
            .iter()
            .filter_map(|m| match m.purpose {
                Purpose::Request(id) => Some(id),
                _ => None,
            })
            .collect();
        if self.quick_acks.len() >= QUICK_ACK_MEMORY {
            self.quick_acks.pop_front();
        }
        self.quick_acks.push_back((token, requests));
        let mut inner_ids = Vec::new();
        for (m, &(msg_id, _)) in chosen.into_iter().zip(&asm.ids) {
            inner_ids.push(msg_id);
            self.in_flight.insert(
                msg_id,
                InFlight {
                    msg: m,
                    acked: false,
                },
            );
        }
        if let Some(c) = asm.container_id {
            self.containers.insert(c, inner_ids);
        }
        Some((packet, token))
    }

    fn start_new_session(&mut self, rng: &mut dyn RngCore) {
        self.session_id = rng.next_u64() as i64;
        self.seq.reset();
        self.received.clear();
        self.acks.clear();
        let ids: Vec<i64> = self.in_flight.keys().copied().collect();
        let mut msgs: Vec<(i64, Message)> = ids
            .into_iter()
            .filter_map(|id| self.in_flight.remove(&id).map(|f| (id, f.msg)))
            .collect();
        msgs.sort_by_key(|(id, _)| *id);
        for (_, m) in msgs.into_iter().rev() {
            self.queue.push_front(m);
        }
        self.containers.clear();
    }

    /// Feeds one MTProto payload received from the transport.
    pub fn handle_packet(&mut self, now: UnixTime, packet: &[u8]) -> Result<(), SessionError> {
        let d = envelope::decrypt(&self.auth_key, Role::Server, packet)?;
        if d.header.session_id != self.session_id {
            return Err(SessionError::WrongSession {
                expected: self.session_id,
                got: d.header.session_id,
            });
        }
        // Messages far outside the server's time window are refused, except
        // the notifications that exist to correct our clock.
        if let Err(crate::msg_id::MsgIdProblem::TooLow | crate::msg_id::MsgIdProblem::TooHigh) =
            self.clock.check_incoming(now, d.header.msg_id, false)
        {
            if !corrects_clock(&d.body) {
                return Err(SessionError::MsgIdTime(d.header.msg_id));
            }
        }
        self.handle_message(now, d.header.msg_id, d.header.seq_no, d.body, false)
    }

    fn handle_message(
        &mut self,
        now: UnixTime,
        msg_id: i64,
        seq_no: i32,
        body: Vec<u8>,
        inner: bool,
    ) -> Result<(), SessionError> {
        if msg_id & 1 != 1 {
            return Err(SessionError::MsgIdParity(msg_id));
        }
        match self.received.insert(msg_id) {
            Seen::New => {}
            Seen::Duplicate | Seen::TooOld => {
                if seq_no & 1 == 1 {
                    self.acks.push(now, msg_id);
                }
                return Ok(());
            }
        }
        if seq_no & 1 == 1 {
            self.acks.push(now, msg_id);
        }
        let ctor = wire::constructor(&body);
        if ctor == wire::MSG_CONTAINER {
            if inner {
                return Err(SessionError::NestedContainer);
            }
            for m in wire::parse_container(&body)? {
                // One bad inner message must not drop the others.
                let _ = self.handle_message(now, m.msg_id, m.seq_no, m.body, true);
            }
            return Ok(());
        }
        let body = gzip::unpack(body)?;
        self.handle_object(now, msg_id, body)
    }

    fn handle_object(
        &mut self,
        now: UnixTime,
        msg_id: i64,
        body: Vec<u8>,
    ) -> Result<(), SessionError> {
        match wire::constructor(&body) {
            wire::RPC_RESULT => {
                let (req_msg_id, result) = wire::parse_rpc_result(&body)?;
                let result = gzip::unpack(result)?;
                let Some(f) = self.in_flight.remove(&req_msg_id) else {
                    return Ok(()); // answer to a message already answered or resent
                };
                match f.msg.purpose {
                    Purpose::Request(id) => {
                        if wire::constructor(&result) == wire::RPC_ERROR {
                            let (code, message) = wire::parse_rpc_error(&result)?;
                            self.events
                                .push_back(ClientEvent::RpcError { id, code, message });
                        } else {
                            self.events
                                .push_back(ClientEvent::Result { id, body: result });
                        }
                    }
                    Purpose::Other => {
                        if let Ok((session_id, existed)) = wire::parse_destroy_session_res(&result)
                        {
                            self.events.push_back(ClientEvent::SessionDestroyed {
                                session_id,
                                existed,
                            });
                        }
                    }
                    Purpose::DropAnswer(id) => {
                        let outcome = DropOutcome::parse(&result).ok();
                        self.events.push_back(ClientEvent::Dropped { id, outcome });
                    }
                    _ => {}
                }
            }
            wire::MSGS_ACK => {
                for id in wire::parse_ids_message(&body)? {
                    if let Some(f) = self.in_flight.get_mut(&id) {
                        f.acked = true;
                        if matches!(f.msg.purpose, Purpose::Resend) {
                            self.in_flight.remove(&id);
                        }
                    }
                    if let Some(inner) = self.containers.get(&id) {
                        for i in inner.clone() {
                            if let Some(f) = self.in_flight.get_mut(&i) {
                                f.acked = true;
                            }
                        }
                    }
                }
            }
            wire::BAD_SERVER_SALT | wire::BAD_MSG_NOTIFICATION => {
                let bad = BadMsg::parse(&body)?;
                self.on_bad_msg(now, msg_id, bad);
            }
            wire::NEW_SESSION_CREATED => {
                let (first_msg_id, unique_id, salt) = wire::parse_new_session_created(&body)?;
                self.salts.set_current(salt);
                // Messages sent before first_msg_id and never acknowledged were lost.
                let lost: Vec<i64> = self
                    .in_flight
                    .iter()
                    .filter(|(&id, f)| id < first_msg_id && !f.acked)
                    .map(|(&id, _)| id)
                    .collect();
                for id in lost {
                    self.requeue(id);
                }
                self.events.push_back(ClientEvent::NewSession {
                    first_msg_id,
                    unique_id,
                });
            }
            wire::FUTURE_SALTS => {
                let (req, _, salts) = wire::parse_future_salts(&body)?;
                self.salts.add_future(&salts);
                self.in_flight.remove(&req);
            }
            wire::PONG => {
                let (req, ping_id) = wire::parse_pong(&body)?;
                self.in_flight.remove(&req);
                self.events.push_back(ClientEvent::Pong { ping_id });
            }
            wire::MSG_DETAILED_INFO | wire::MSG_NEW_DETAILED_INFO => {
                let (orig, answer) = wire::parse_detailed_info(&body)?;
                if let Some(f) = orig.and_then(|o| self.in_flight.get_mut(&o)) {
                    f.acked = true;
                }
                if self.received.contains(answer) {
                    self.acks.push(now, answer);
                } else {
                    self.push_service(
                        wire::ids_message(wire::MSG_RESEND_REQ, &[answer]),
                        Purpose::Resend,
                    );
                }
            }
            wire::MSGS_STATE_INFO => {
                let (req, _) = wire::parse_msgs_state_info(&body)?;
                self.in_flight.remove(&req);
            }
            wire::MSGS_ALL_INFO | wire::HTTP_WAIT => {}
            _ => self.events.push_back(ClientEvent::Update { body }),
        }
        Ok(())
    }

    fn on_bad_msg(&mut self, now: UnixTime, notification_msg_id: i64, bad: BadMsg) {
        match (bad.new_server_salt, bad.error_code) {
            (Some(salt), _) => {
                self.salts.set_current(salt);
                self.requeue(bad.bad_msg_id);
            }
            (None, 16 | 17) => {
                // Our clock is off: take the server's from this message's msg_id.
                self.clock.sync_to_msg_id(now, notification_msg_id);
                self.requeue(bad.bad_msg_id);
            }
            (None, 18 | 19 | 20 | 48) => self.requeue(bad.bad_msg_id),
            (None, 32 | 33) => {
                // seq_no out of step with the server: start a fresh session.
                self.reset_pending = true;
            }
            (None, code) => self.reject(bad.bad_msg_id, code),
        }
    }
}

/// bad_msg_notification / bad_server_salt, alone or in a container with only acks.
fn corrects_clock(body: &[u8]) -> bool {
    let clock = |b: &[u8]| {
        matches!(
            wire::constructor(b),
            wire::BAD_MSG_NOTIFICATION | wire::BAD_SERVER_SALT
        )
    };
    if clock(body) {
        return true;
    }
    wire::parse_container(body).is_ok_and(|inner| {
        inner.iter().any(|m| clock(&m.body))
            && inner
                .iter()
                .all(|m| clock(&m.body) || wire::constructor(&m.body) == wire::MSGS_ACK)
    })
}
