//! Server role of an encrypted session: checks every client message, answers
//! the service messages itself and hands application requests up.
//!
//! It keeps what the service messages about messages need: a copy of every
//! answer and update until the client acknowledges it (for msg_resend_req,
//! and to announce it with msg_detailed_info / msg_new_detailed_info when no
//! acknowledgement comes), which request each answer went to (a re-sent
//! request gets msg_detailed_info), and which requests were handed up and are
//! not answered yet (rpc_drop_answer).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use rand_core::RngCore;

use super::assemble::{assemble, Outgoing};
use super::outgoing::{take_batch, PendingAcks};
use super::received::{ReceivedIds, Seen};
use super::wire::{self, BadMsg};
use super::{gzip, SessionError};
use crate::crypto::sha256;
use crate::envelope::{self, MessageHeader};
use crate::msg_id::{MsgIdClock, MsgIdKind};
use crate::salt::SaltSchedule;
use crate::seq_no::SeqNo;
use crate::{AuthKey, Role, UnixTime};

/// Sent answers and updates kept until acknowledged: at most this many...
pub const KEPT_MESSAGES: usize = 1024;
/// ...and this many bytes; beyond either, the oldest are forgotten.
pub const KEPT_BYTES: usize = 8 << 20;
/// Requests remembered as answered, running or dropped, each.
const REQUEST_MEMORY: usize = 4096;
/// A kept message still unacknowledged this long after it was sent (and again
/// as long after each announcement) is announced with msg_detailed_info or
/// msg_new_detailed_info (nanoseconds).
pub const ANNOUNCE_AFTER_NANOS: i64 = 20_000_000_000;

/// Shared by all connections of a server.
#[derive(Clone)]
pub struct ServerSessionConfig {
    pub salts: SaltSchedule,
}

/// What the server application must act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerEvent {
    /// A client started (or restarted) a session on this connection.
    NewSession { session_id: i64, first_msg_id: i64 },
    /// An application request; answer with `send_result` / `send_rpc_error`
    /// using this `msg_id`. The body is gzip-inflated but otherwise as sent
    /// (invokeWithLayer, initConnection... are the application's business).
    Request { msg_id: i64, body: Vec<u8> },
    /// The client acknowledged these server messages.
    Acked { msg_ids: Vec<i64> },
    /// ping_delay_disconnect: close the connection if no ping comes within this many seconds.
    DisconnectAfter { secs: i32 },
    /// destroy_session for another session; answer with `answer_destroy_session`.
    DestroySession { msg_id: i64, session_id: i64 },
}

#[derive(Debug)]
struct Out {
    body: Vec<u8>,
    content_related: bool,
    response: bool,
    /// Keep a copy until the client acknowledges it.
    keep: bool,
    /// The request this rpc_result answers.
    answer_to: Option<i64>,
    /// A kept message sent again with its original (msg_id, seq_no).
    resent: Option<(i64, i32)>,
}

impl Out {
    fn service(body: Vec<u8>, content_related: bool) -> Self {
        Out {
            body,
            content_related,
            response: true,
            keep: false,
            answer_to: None,
            resent: None,
        }
    }
}

/// A sent message awaiting its acknowledgement.
#[derive(Debug)]
struct Kept {
    body: Vec<u8>,
    seq_no: i32,
    answer_to: Option<i64>,
    announce_at: UnixTime,
}

/// Where the answer to a request went.
#[derive(Debug, Clone, Copy)]
struct AnswerRef {
    msg_id: i64,
    bytes: i32,
}

/// One client session as seen by the server on one connection.
pub struct ServerSession {
    config: Arc<ServerSessionConfig>,
    auth_key: AuthKey,
    session_id: Option<i64>,
    /// new_session_created was sent for `session_id`.
    established: bool,
    clock: MsgIdClock,
    seq: SeqNo,
    received: ReceivedIds,
    /// Highest (msg_id, seq_no) received, for the seq_no order checks.
    last: Option<(i64, i32)>,
    acks: PendingAcks,
    outbox: VecDeque<Out>,
    events: VecDeque<ServerEvent>,
    /// Sent content-related messages not yet acknowledged, by msg_id.
    kept: BTreeMap<i64, Kept>,
    kept_bytes: usize,
    /// req_msg_id → its answer, once sent.
    answered: BTreeMap<i64, AnswerRef>,
    /// Requests handed up as [`ServerEvent::Request`] and not answered yet,
    /// with their seq_no.
    running: BTreeMap<i64, i32>,
    /// Requests dropped (rpc_drop_answer) while running: their answer is not sent.
    dropped: BTreeSet<i64>,
}

impl std::fmt::Debug for ServerSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerSession")
            .field("session_id", &self.session_id)
            .field("outbox", &self.outbox.len())
            .finish()
    }
}

enum Verdict {
    Accept,
    Drop,
}

impl ServerSession {
    pub fn new(config: Arc<ServerSessionConfig>, auth_key: AuthKey) -> Self {
        ServerSession {
            config,
            auth_key,
            session_id: None,
            established: false,
            clock: MsgIdClock::new(),
            seq: SeqNo::new(),
            received: ReceivedIds::new(1024),
            last: None,
            acks: PendingAcks::default(),
            outbox: VecDeque::new(),
            events: VecDeque::new(),
            kept: BTreeMap::new(),
            kept_bytes: 0,
            answered: BTreeMap::new(),
            running: BTreeMap::new(),
            dropped: BTreeSet::new(),
        }
    }

    pub fn auth_key(&self) -> &AuthKey {
        &self.auth_key
    }

    pub fn session_id(&self) -> Option<i64> {
        self.session_id
    }

    pub fn poll_event(&mut self) -> Option<ServerEvent> {
        self.events.pop_front()
    }

    /// Answers request `req_msg_id` with a serialized TL object (gzipped if large).
    /// The answer to a request the client dropped while it ran is not sent
    /// (the client already got rpc_answer_dropped_running).
    pub fn send_result(&mut self, req_msg_id: i64, result: Vec<u8>) {
        let result = gzip::maybe_pack(result);
        self.answer(req_msg_id, result);
    }

    /// Answers request `req_msg_id` with rpc_error.
    pub fn send_rpc_error(&mut self, req_msg_id: i64, code: i32, message: &str) {
        self.answer(req_msg_id, wire::rpc_error(code, message));
    }

    /// Sends an update (any content-related object not answering a request).
    pub fn send_update(&mut self, body: Vec<u8>) {
        self.outbox.push_back(Out {
            keep: true,
            response: false,
            ..Out::service(gzip::maybe_pack(body), true)
        });
    }

    /// Answers destroy_session.
    pub fn answer_destroy_session(&mut self, req_msg_id: i64, session_id: i64, existed: bool) {
        self.answer(req_msg_id, wire::destroy_session_res(session_id, existed));
    }

    /// Whether request `msg_id` was handed up and is still unanswered (and not
    /// dropped): a server may skip work for requests that are not.
    pub fn is_running(&self, msg_id: i64) -> bool {
        self.running.contains_key(&msg_id)
    }

    /// Refuses request `req_msg_id`, handed up as [`ServerEvent::Request`] and
    /// not answered, with bad_server_salt instead of processing it, as
    /// Telegram does for a message whose salt it will not take: the
    /// notification names the request's msg_id and seq_no and carries the salt
    /// valid `now`; the request counts as never received (not acknowledged,
    /// and the same msg_id would be taken again), and the client sends it again.
    /// False (and nothing sent) when the request is not running.
    pub fn reject_with_new_salt(&mut self, now: UnixTime, req_msg_id: i64) -> bool {
        let Some(seq_no) = self.running.remove(&req_msg_id) else {
            return false;
        };
        self.acks.remove(req_msg_id);
        self.received.remove(req_msg_id);
        let bad = BadMsg {
            bad_msg_id: req_msg_id,
            bad_msg_seqno: seq_no,
            error_code: 48,
            new_server_salt: Some(self.config.salts.salt_at(now.as_secs())),
        };
        self.push(bad.to_bytes(), false, true);
        true
    }

    /// Forgets request `req_msg_id`, handed up and not answered, as if it never
    /// arrived: not acknowledged, and the same msg_id is taken again when the client
    /// sends it once more (a server modelling a message lost on its way in).
    pub fn forget_request(&mut self, req_msg_id: i64) {
        self.running.remove(&req_msg_id);
        self.acks.remove(req_msg_id);
        self.received.remove(req_msg_id);
    }

    fn answer(&mut self, req_msg_id: i64, result: Vec<u8>) {
        if self.dropped.remove(&req_msg_id) {
            return;
        }
        self.running.remove(&req_msg_id);
        self.push_answer(req_msg_id, result);
    }

    /// Queues rpc_result for `req_msg_id`, kept until acknowledged.
    fn push_answer(&mut self, req_msg_id: i64, result: Vec<u8>) {
        self.outbox.push_back(Out {
            keep: true,
            answer_to: Some(req_msg_id),
            ..Out::service(wire::rpc_result_owned(req_msg_id, result), true)
        });
    }

    fn push(&mut self, body: Vec<u8>, content_related: bool, response: bool) {
        self.outbox.push_back(Out {
            response,
            ..Out::service(body, content_related)
        });
    }

    /// When to call [`poll_transmit`](Self::poll_transmit) again: to flush
    /// acks, or to announce a message the client has not acknowledged.
    pub fn next_timeout(&self) -> Option<UnixTime> {
        let acks = self.acks.deadline();
        let announce = self.kept.values().map(|k| k.announce_at).min();
        match (acks, announce) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Queues msg_detailed_info (answers) or msg_new_detailed_info (updates)
    /// for kept messages whose announcement is due.
    fn announce_unacknowledged(&mut self, now: UnixTime) {
        let mut notices = Vec::new();
        for (&msg_id, k) in self.kept.iter_mut() {
            if k.announce_at <= now {
                k.announce_at = now.add_nanos(ANNOUNCE_AFTER_NANOS);
                notices.push(wire::detailed_info(k.answer_to, msg_id, body_len(&k.body)));
            }
        }
        for n in notices {
            self.push(n, false, false);
        }
    }

    /// Remembers what was just sent: kept copies and where answers went.
    fn record_sent(&mut self, now: UnixTime, sent: Vec<(Out, i64, i32)>) {
        for (m, msg_id, seq_no) in sent {
            if let Some(req) = m.answer_to.filter(|_| m.resent.is_none()) {
                let bytes = body_len(&m.body);
                self.answered.insert(req, AnswerRef { msg_id, bytes });
                bound(&mut self.answered);
            }
            if !m.keep || m.resent.is_some() {
                continue;
            }
            self.kept_bytes += m.body.len();
            self.kept.insert(
                msg_id,
                Kept {
                    body: m.body,
                    seq_no,
                    answer_to: m.answer_to,
                    announce_at: now.add_nanos(ANNOUNCE_AFTER_NANOS),
                },
            );
        }
        while self.kept.len() > KEPT_MESSAGES || self.kept_bytes > KEPT_BYTES {
            let Some((_, k)) = self.kept.pop_first() else {
                break;
            };
            self.kept_bytes -= k.body.len();
        }
    }

    fn forget_kept(&mut self, msg_id: i64) -> Option<Kept> {
        let k = self.kept.remove(&msg_id)?;
        self.kept_bytes -= k.body.len();
        Some(k)
    }

    /// The next packet to send, if any (session known and something queued).
    pub fn poll_transmit(&mut self, now: UnixTime, rng: &mut dyn RngCore) -> Option<Vec<u8>> {
        let session_id = self.session_id?;
        self.announce_unacknowledged(now);
        let flush_acks = self.acks.due(now, !self.outbox.is_empty());
        if self.outbox.is_empty() && !flush_acks {
            return None;
        }
        let chosen = take_batch(&mut self.outbox, |m| m.body.len(), |_| false);
        let ack_body = flush_acks.then(|| self.acks.take_message(now));
        let kind = |response: bool| {
            if response {
                MsgIdKind::ServerResponse
            } else {
                MsgIdKind::ServerOther
            }
        };
        let mut outgoing: Vec<Outgoing<'_>> = chosen
            .iter()
            .map(|m| Outgoing {
                body: &m.body,
                content_related: m.content_related,
                kind: kind(m.response),
                resent: m.resent,
            })
            .collect();
        if let Some(b) = &ack_body {
            outgoing.push(Outgoing {
                body: b,
                content_related: false,
                kind: MsgIdKind::ServerOther,
                resent: None,
            });
        }
        let asm = assemble(
            now,
            &mut self.clock,
            &mut self.seq,
            &outgoing,
            MsgIdKind::ServerOther,
        )?;
        let header = MessageHeader {
            salt: self.config.salts.salt_at(now.as_secs()),
            session_id,
            msg_id: asm.msg_id,
            seq_no: asm.seq_no,
        };
        // Fails only for a body over envelope::MAX_BODY; nothing was sent then.
        let packet =
            envelope::encrypt(&self.auth_key, Role::Server, &header, &asm.body, rng).ok()?;
        let sent = chosen
            .into_iter()
            .zip(&asm.ids)
            .map(|(m, &(msg_id, seq_no))| (m, msg_id, seq_no))
            .collect();
        self.record_sent(now, sent);
        Some(packet)
    }

    /// Feeds one MTProto payload from the client. Errors mean the packet was
    /// unusable (answer -404 for [`SessionError::Envelope`]); service answers
    /// (bad_msg_notification, bad_server_salt...) are queued, not errors.
    /// Returns the packet's quick-ack token: send it back with
    /// [`crate::transport::Codec::encode_quick_ack`] when the frame asked for one.
    pub fn handle_packet(&mut self, now: UnixTime, packet: &[u8]) -> Result<u32, SessionError> {
        let d = envelope::decrypt(&self.auth_key, Role::Client, packet)?;
        let token = d.quick_ack_token;
        self.handle_decrypted(now, d).map(|()| token)
    }

    fn handle_decrypted(
        &mut self,
        now: UnixTime,
        d: envelope::Decrypted,
    ) -> Result<(), SessionError> {
        let h = d.header;
        if self.session_id != Some(h.session_id) {
            // Another session on this connection: answers go to it from now on.
            self.switch_session(h.session_id);
        }
        if let Verdict::Drop = self.check_outer(now, &h, &d.body) {
            return Ok(());
        }
        if !self.established {
            // first_msg_id is the lowest msg_id of the packet: a container's
            // inner messages come before the container itself.
            let first = wire::parse_container(&d.body)
                .ok()
                .and_then(|inner| inner.iter().map(|m| m.msg_id).min())
                .map_or(h.msg_id, |m| m.min(h.msg_id));
            self.start_session(now, h.session_id, first);
        }
        self.handle_message(now, h.msg_id, h.seq_no, d.body, false)
    }

    /// Checks done once per packet: msg_id (16/17/18) and salt (48).
    fn check_outer(&mut self, now: UnixTime, h: &MessageHeader, body: &[u8]) -> Verdict {
        if let Err(problem) = self.clock.check_incoming(now, h.msg_id, true) {
            self.bad_msg(h, problem.code(), None);
            return Verdict::Drop;
        }
        if !self.config.salts.accepts(h.salt, now.as_secs()) {
            let salt = self.config.salts.salt_at(now.as_secs());
            self.bad_msg(h, 48, Some(salt));
            return Verdict::Drop;
        }
        let _ = body;
        Verdict::Accept
    }

    fn bad_msg(&mut self, h: &MessageHeader, code: i32, salt: Option<i64>) {
        let bad = BadMsg {
            bad_msg_id: h.msg_id,
            bad_msg_seqno: h.seq_no,
            error_code: code,
            new_server_salt: salt,
        };
        self.push(bad.to_bytes(), false, true);
    }

    fn switch_session(&mut self, session_id: i64) {
        self.session_id = Some(session_id);
        self.established = false;
        self.seq.reset();
        self.received.clear();
        self.last = None;
        self.acks.clear();
        self.kept.clear();
        self.kept_bytes = 0;
        self.answered.clear();
        self.running.clear();
        self.dropped.clear();
    }

    fn start_session(&mut self, now: UnixTime, session_id: i64, first_msg_id: i64) {
        self.established = true;
        let h = sha256(&[
            &self.auth_key.id().to_le_bytes(),
            &session_id.to_le_bytes(),
            &first_msg_id.to_le_bytes(),
        ]);
        let unique_id = i64::from_le_bytes(h[..8].try_into().unwrap_or([0; 8]));
        let salt = self.config.salts.salt_at(now.as_secs());
        self.outbox.push_back(Out {
            keep: true,
            response: false,
            ..Out::service(
                wire::new_session_created(first_msg_id, unique_id, salt),
                true,
            )
        });
        self.events.push_back(ServerEvent::NewSession {
            session_id,
            first_msg_id,
        });
    }

    /// seq_no checks (32-35) against the content-relatedness of the body and
    /// the order of msg_ids already received.
    fn check_seq(&mut self, msg_id: i64, seq_no: i32, body: &[u8]) -> Option<i32> {
        let content = wire::is_content_related(body);
        if content && seq_no & 1 == 0 {
            return Some(35);
        }
        if !content && seq_no & 1 == 1 {
            return Some(34);
        }
        if let Some((last_id, last_seq)) = self.last {
            if msg_id > last_id && (seq_no < last_seq || (seq_no == last_seq && content)) {
                return Some(32);
            }
            if msg_id < last_id && (seq_no > last_seq || (seq_no == last_seq && content)) {
                return Some(33);
            }
        }
        if self.last.is_none_or(|(id, _)| msg_id > id) {
            self.last = Some((msg_id, seq_no));
        }
        None
    }

    fn handle_message(
        &mut self,
        now: UnixTime,
        msg_id: i64,
        seq_no: i32,
        body: Vec<u8>,
        inner: bool,
    ) -> Result<(), SessionError> {
        let h = MessageHeader {
            salt: 0,
            session_id: self.session_id.unwrap_or(0),
            msg_id,
            seq_no,
        };
        if inner {
            if let Err(problem) = self.clock.check_incoming(now, msg_id, true) {
                self.bad_msg(&h, problem.code(), None);
                return Ok(());
            }
        }
        match self.received.insert(msg_id) {
            Seen::New => {}
            Seen::Duplicate => {
                if seq_no & 1 == 1 {
                    self.acks.push(now, msg_id);
                }
                // A request sent again whose answer already went out: say where it is
                // (the client acknowledges it, or asks for it with msg_resend_req).
                if let Some(a) = self.answered.get(&msg_id).copied() {
                    self.push(
                        wire::detailed_info(Some(msg_id), a.msg_id, a.bytes),
                        false,
                        true,
                    );
                }
                return Ok(());
            }
            Seen::TooOld => {
                self.bad_msg(&h, 20, None);
                return Ok(());
            }
        }
        if let Some(code) = self.check_seq(msg_id, seq_no, &body) {
            self.bad_msg(&h, code, None);
            return Ok(());
        }
        let ctor = wire::constructor(&body);
        if ctor == wire::MSG_CONTAINER {
            if inner {
                self.bad_msg(&h, 64, None);
                return Err(SessionError::NestedContainer);
            }
            let Ok(msgs) = wire::parse_container(&body) else {
                self.bad_msg(&h, 64, None);
                return Ok(());
            };
            for m in msgs {
                let _ = self.handle_message(now, m.msg_id, m.seq_no, m.body, true);
            }
            return Ok(());
        }
        if seq_no & 1 == 1 {
            self.acks.push(now, msg_id);
        }
        let body = gzip::unpack(body)?;
        self.handle_object(now, msg_id, seq_no, body)
    }

    fn handle_object(
        &mut self,
        now: UnixTime,
        msg_id: i64,
        seq_no: i32,
        body: Vec<u8>,
    ) -> Result<(), SessionError> {
        match wire::constructor(&body) {
            wire::MSGS_ACK => {
                let msg_ids = wire::parse_ids_message(&body)?;
                for id in &msg_ids {
                    self.forget_kept(*id);
                }
                self.events.push_back(ServerEvent::Acked { msg_ids });
            }
            wire::PING | wire::PING_DELAY_DISCONNECT => {
                let (ping_id, delay) = wire::parse_ping(&body)?;
                self.push(wire::pong(msg_id, ping_id), true, true);
                if let Some(secs) = delay {
                    self.events.push_back(ServerEvent::DisconnectAfter { secs });
                }
            }
            wire::GET_FUTURE_SALTS => {
                let num = wire::parse_get_future_salts(&body)?.clamp(1, 64) as usize;
                let secs = now.as_secs();
                let salts = self.config.salts.future(secs, num);
                self.push(wire::future_salts(msg_id, secs as i32, &salts), true, true);
            }
            wire::MSGS_STATE_REQ => {
                let ids = wire::parse_ids_message(&body)?;
                self.push_state_info(now, msg_id, &ids);
            }
            wire::MSG_RESEND_REQ => {
                let ids = wire::parse_ids_message(&body)?;
                self.resend(now, msg_id, &ids);
            }
            wire::DESTROY_SESSION => {
                let session_id = wire::parse_destroy_session(&body)?;
                self.events
                    .push_back(ServerEvent::DestroySession { msg_id, session_id });
            }
            wire::RPC_DROP_ANSWER => {
                let req = wire::parse_rpc_drop_answer(&body)?;
                let outcome = self.drop_answer(req);
                self.push_answer(msg_id, outcome.to_bytes());
            }
            wire::MSGS_STATE_INFO | wire::MSGS_ALL_INFO | wire::HTTP_WAIT => {}
            _ => {
                self.running.insert(msg_id, seq_no);
                bound(&mut self.running);
                self.events.push_back(ServerEvent::Request { msg_id, body });
            }
        }
        Ok(())
    }

    /// msg_resend_req: the kept messages asked for go out again as they were;
    /// if any is unknown (forgotten, never sent, or the client's own), the
    /// request is also answered as msgs_state_req.
    fn resend(&mut self, now: UnixTime, req_msg_id: i64, ids: &[i64]) {
        let mut missing = false;
        for &id in ids {
            match self.kept.get(&id) {
                Some(k) => {
                    let again = Out {
                        body: k.body.clone(),
                        content_related: true,
                        response: k.answer_to.is_some(),
                        keep: false,
                        answer_to: k.answer_to,
                        resent: Some((id, k.seq_no)),
                    };
                    self.outbox.push_back(again);
                }
                None => missing = true,
            }
        }
        if missing {
            self.push_state_info(now, req_msg_id, ids);
        }
    }

    fn push_state_info(&mut self, now: UnixTime, req_msg_id: i64, ids: &[i64]) {
        let info: Vec<u8> = ids.iter().map(|&id| self.state_of(now, id)).collect();
        self.push(wire::msgs_state_info(req_msg_id, &info), true, true);
    }

    /// rpc_drop_answer for request `req`: a running request is answered
    /// rpc_answer_dropped_running now (and its real answer never sent); an
    /// answer still queued is replaced by that; one sent but unacknowledged is
    /// forgotten (rpc_answer_dropped with where it went); otherwise nothing
    /// is known any more (rpc_answer_unknown).
    fn drop_answer(&mut self, req: i64) -> wire::DropOutcome {
        let running = wire::DropOutcome::Running;
        if self.running.remove(&req).is_some() {
            remember(&mut self.dropped, req);
            self.push_answer(req, running.to_bytes());
            return running;
        }
        if let Some(queued) = self
            .outbox
            .iter_mut()
            .find(|o| o.answer_to == Some(req) && o.resent.is_none())
        {
            queued.body = wire::rpc_result_owned(req, running.to_bytes());
            return running;
        }
        let sent = self.answered.get(&req).copied();
        match sent.and_then(|a| self.forget_kept(a.msg_id).map(|k| (a, k))) {
            Some((a, k)) => wire::DropOutcome::Dropped {
                msg_id: a.msg_id,
                seq_no: k.seq_no,
                bytes: a.bytes,
            },
            None => wire::DropOutcome::Unknown,
        }
    }

    /// One byte of msgs_state_info: 1 unknown, 2 not received (too old), 3 not
    /// received (too new), 4 received.
    /// Plus 32 for a request being processed or processed, 64 once its answer exists.
    fn state_of(&self, now: UnixTime, id: i64) -> u8 {
        if self.received.contains(id) {
            let answered = self.answered.contains_key(&id);
            let processing = answered || self.running.contains_key(&id);
            return 4 | if processing { 32 } else { 0 } | if answered { 64 } else { 0 };
        }
        match self.clock.check_incoming(now, id, true) {
            Err(crate::msg_id::MsgIdProblem::TooLow) => 1,
            Err(crate::msg_id::MsgIdProblem::TooHigh) => 3,
            _ if self.received.min().is_some_and(|m| id < m) => 1,
            _ if self.received.max().is_some_and(|m| id < m) => 2,
            _ => 1,
        }
    }
}

/// Length of a serialized message body as msg_detailed_info's `bytes`.
fn body_len(body: &[u8]) -> i32 {
    i32::try_from(body.len()).unwrap_or(i32::MAX)
}

/// Forgets the lowest (oldest) msg_ids of a request map beyond [`REQUEST_MEMORY`].
fn bound<V>(map: &mut BTreeMap<i64, V>) {
    while map.len() > REQUEST_MEMORY {
        map.pop_first();
    }
}

/// Adds `id` to a request set, forgetting the oldest beyond [`REQUEST_MEMORY`].
fn remember(set: &mut BTreeSet<i64>, id: i64) {
    set.insert(id);
    while set.len() > REQUEST_MEMORY {
        set.pop_first();
    }
}
