//! One client's state machine on the caller's side: the phase of its life, options, requests
//! held until initialization, and requests in flight. Everything here runs under the client's
//! lock, on td_send's thread or on the runtime when an answer or a network event comes back.
//! Once setTdlibParameters has opened the database, the client's [`Engine`] decides the
//! authorization state and runs what needs the network.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;

use td_api::{
    AuthorizationState, AuthorizationStateClosed, AuthorizationStateClosing,
    AuthorizationStateLoggingOut, AuthorizationStateWaitTdlibParameters, Function, JsonWriter,
    Repaired, Request, RequestError, TlWrite, UpdateAuthorizationState,
};

use super::classify::{authentication, is_preauthentication, is_preinitialization};
use super::options::Options;
use super::queue::ReceiveQueue;
use crate::api::reply::{answer, finish};
use crate::api::sync::{self, Ctx, Outcome};
use crate::api::{error, Reply, TdError};
use crate::engine::{Ending, Engine, Td};

/// An answer computed off the caller's thread.
pub type AnyReply = crate::engine::Answer;

/// Where a client's answers and updates go.
pub struct Outbox {
    queue: Arc<ReceiveQueue>,
    /// Appended as `@client_id` (td_receive); the old interface leaves it out.
    client_id: Option<i32>,
}

impl Outbox {
    pub fn new(queue: Arc<ReceiveQueue>, client_id: Option<i32>) -> Self {
        Self { queue, client_id }
    }

    /// Another handle on the same queue.
    pub fn duplicate(&self) -> Outbox {
        Outbox {
            queue: self.queue.clone(),
            client_id: self.client_id,
        }
    }

    pub fn reply<T: TlWrite>(&self, reply: Reply<T>, extra: Option<&str>) {
        self.queue.push(answer(reply, extra, self.client_id));
    }

    pub fn error(&self, e: TdError, extra: Option<&str>) {
        self.reply(Err::<td_api::Ok, _>(e), extra);
    }

    pub fn update<T: TlWrite>(&self, update: T) {
        self.reply(Ok(update), None);
    }

    pub(super) fn written(&self, w: JsonWriter, extra: Option<&str>) {
        self.queue.push(finish(w, extra, self.client_id));
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    WaitTdlibParameters,
    /// setTdlibParameters accepted; the database is being opened on the runtime.
    Initializing,
    /// The engine runs; it knows the authorization state.
    Running,
    /// After `close`, until the client has let go of its resources.
    Closing,
    Closed,
}

/// Whether the client is still open after a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Open,
    Closed,
}

pub struct Held {
    pub function: Function,
    pub extra: Option<Box<str>>,
    /// Moves with `function`, whose strings it identifies.
    pub repaired: Repaired,
}

pub struct Session {
    pub(super) id: i32,
    pub(super) out: Outbox,
    pub(super) phase: Phase,
    pub(super) options: Options,
    pub engine: Option<Box<Engine>>,
    /// Preauthentication requests waiting for setTdlibParameters, in arrival order.
    pub(super) held: Vec<Held>,
    /// Requests that came while the database was opening, replayed in order after it.
    pub(super) deferred: Vec<Held>,
    /// Requests in flight on the runtime: token → `@extra`.
    pending: BTreeMap<u64, Option<Box<str>>>,
    next_token: u64,
    /// The client closes as a log out: LoggingOut was shown and the database goes.
    pub(super) signing_out: bool,
}

impl Session {
    /// A new client: announces the version, the commit and the first authorization state.
    pub fn start(id: i32, out: Outbox) -> Self {
        let s = Session {
            id,
            out,
            phase: Phase::WaitTdlibParameters,
            options: Options::default(),
            engine: None,
            held: Vec::new(),
            deferred: Vec::new(),
            pending: BTreeMap::new(),
            next_token: 1,
            signing_out: false,
        };
        for update in s.startup_updates() {
            s.out.update(update);
        }
        s
    }

    pub fn id(&self) -> i32 {
        self.id
    }

    pub fn out(&self) -> &Outbox {
        &self.out
    }

    pub(super) fn authorization_state(&self) -> AuthorizationState {
        match self.phase {
            Phase::WaitTdlibParameters | Phase::Initializing => {
                AuthorizationStateWaitTdlibParameters {}.into()
            }
            Phase::Running => match &self.engine {
                Some(e) => e.auth.td_state(),
                None => AuthorizationStateClosing {}.into(),
            },
            Phase::Closing => AuthorizationStateClosing {}.into(),
            Phase::Closed => AuthorizationStateClosed {}.into(),
        }
    }

    pub(super) fn set_phase(&mut self, phase: Phase) {
        self.phase = phase;
        self.out.update(UpdateAuthorizationState {
            authorization_state: Some(self.authorization_state()),
        });
    }

    /// An update for this client, in order with its answers.
    pub fn push_update<T: TlWrite>(&self, update: T) {
        self.out.update(update);
    }

    pub fn is_closed(&self) -> bool {
        self.phase == Phase::Closed
    }

    /// A client of the old interface (td_json_client_create), which has no `@client_id`.
    pub fn is_private(&self) -> bool {
        self.out.client_id.is_none()
    }

    /// Handles one request from td_send.
    pub fn handle(&mut self, parsed: Result<Request<Function>, RequestError>) -> Flow {
        if self.phase == Phase::Closed && !self.is_private() {
            // Closed on the runtime a moment ago; the registry forgets it next. Until then a
            // request that got the session first is aborted as it will be afterwards.
            let extra = match &parsed {
                Ok(r) => r.extra.as_deref(),
                Err(e) => e.extra(),
            };
            self.out.error(error(500, "Request aborted"), extra);
            return Flow::Open;
        }
        let req = match parsed {
            Ok(req) => req,
            Err(e) => {
                self.out.error(error(400, e.to_string()), e.extra());
                return Flow::Open;
            }
        };
        let mut w = JsonWriter::new();
        if sync::run(&req.function, Ctx::new(&req.repaired), &mut w) == Outcome::Answered {
            self.out.written(w, req.extra.as_deref());
            return Flow::Open;
        }
        if matches!(self.phase, Phase::Closing | Phase::Closed) {
            // A closing client (and a closed one of the old interface, which lives until
            // td_json_client_destroy) still tells its state; everything else is aborted.
            match req.function {
                Function::GetAuthorizationState(_) => self
                    .out
                    .reply(Ok(self.authorization_state()), req.extra.as_deref()),
                _ => self
                    .out
                    .error(error(500, "Request aborted"), req.extra.as_deref()),
            }
            return Flow::Open;
        }
        self.dispatch(Held {
            function: req.function,
            extra: req.extra,
            repaired: req.repaired,
        })
    }

    pub(super) fn dispatch(&mut self, req: Held) -> Flow {
        let extra = req.extra.as_deref();
        match &req.function {
            Function::GetAuthorizationState(_) => {
                self.out.reply(Ok(self.authorization_state()), extra)
            }
            Function::GetCurrentState(_) => self.out.reply(Ok(self.current_state()), extra),
            Function::Close(_) => return self.close(req.extra),
            Function::SetTdlibParameters(_) if self.phase == Phase::WaitTdlibParameters => {
                self.set_tdlib_parameters(req)
            }
            f if is_preinitialization(f) => self.preinitialization(&req),
            _ if self.phase == Phase::Initializing => self.deferred.push(req),
            f => match self.phase {
                Phase::WaitTdlibParameters if is_preauthentication(f) => self.held.push(req),
                Phase::WaitTdlibParameters => self.out.error(
                    error(
                        400,
                        "Initialization parameters are needed: call setTdlibParameters first",
                    ),
                    extra,
                ),
                Phase::Running => return self.running(req),
                Phase::Initializing | Phase::Closing | Phase::Closed => {
                    self.out.error(error(500, "Request aborted"), extra)
                }
            },
        }
        Flow::Open
    }

    /// A request to an initialized client: the engine's areas decide.
    fn running(&mut self, req: Held) -> Flow {
        let extra = req.extra.as_deref();
        let ready = self.engine.as_ref().is_some_and(|e| e.auth.is_ready());
        match &req.function {
            Function::SetTdlibParameters(_) => self
                .out
                .error(error(400, "Unexpected setTdlibParameters"), extra),
            Function::LogOut(_) => return crate::auth::log_out::log_out(self, req.extra),
            Function::Destroy(_) => return self.destroy(req.extra),
            f if is_preauthentication(f) => self.preauthentication(&req),
            f if authentication(f).is_some() => crate::auth::requests::handle(self, req),
            _ if ready => crate::engine::requests::handle(self, req),
            _ => self.out.error(error(401, "Unauthorized"), extra),
        }
        self.after_engine()
    }

    /// Runs `f` on the engine (if there is one), then acts on an ending it asked for.
    pub fn with_engine<R>(&mut self, f: impl FnOnce(&mut Td<'_>) -> R) -> Option<R> {
        let engine = self.engine.as_deref_mut()?;
        if self.phase != Phase::Running {
            return None;
        }
        let mut td = Td {
            id: self.id,
            out: &self.out,
            engine,
            options: &mut self.options,
        };
        let r = f(&mut td);
        self.after_engine();
        Some(r)
    }

    /// Acts on what the engine asked for while it ran.
    pub(super) fn after_engine(&mut self) -> Flow {
        // What the engine changed is queued for the database, committed in batches.
        if let Some(e) = self.engine.as_mut() {
            e.flush();
        }
        match self.engine.as_mut().and_then(|e| e.ending.take()) {
            Some(Ending::SignedOut) => self.signed_out_now(),
            None => Flow::Open,
        }
    }

    /// Registers a request that will be answered later through [`Self::complete`].
    pub fn begin(&mut self, extra: Option<Box<str>>) -> u64 {
        let token = self.next_token;
        self.next_token += 1;
        self.pending.insert(token, extra);
        token
    }

    /// Whether request `token` still waits for its answer.
    pub fn is_pending(&self, token: u64) -> bool {
        self.pending.contains_key(&token)
    }

    /// Answers a request started with [`Self::begin`], unless it was aborted meanwhile. An
    /// answer saying a signed-in client's authorization is gone (401 from the server) ends
    /// the client after it, as TDLib does.
    pub fn complete(&mut self, token: u64, reply: AnyReply) {
        let Some(extra) = self.pending.remove(&token) else {
            return;
        };
        let mut w = JsonWriter::new();
        let lost = match &reply {
            Ok(v) => {
                v.write_json(&mut w);
                false
            }
            Err(e) => {
                e.write_json(&mut w);
                crate::auth::is_authorization_lost_error(e)
            }
        };
        self.out.written(w, extra.as_deref());
        if lost {
            self.with_engine(|td| {
                if td.engine.auth.is_ready() {
                    crate::auth::lost(td);
                }
            });
        }
    }

    /// Runs a request's work on the runtime; what it returns answers the request. The work
    /// gets the request's token (to tell whether it was answered meanwhile).
    pub fn spawn_request<F, Fut>(&mut self, extra: Option<Box<str>>, work: F)
    where
        F: FnOnce(u64) -> Fut,
        Fut: Future<Output = AnyReply> + Send + 'static,
    {
        let token = self.begin(extra);
        let id = self.id;
        let fut = work(token);
        let spawned = super::runtime::spawn(async move {
            let reply = fut.await;
            super::registry::complete(id, token, reply);
        });
        if !spawned {
            self.complete(token, Err(error(500, "Can't start the runtime")));
        }
    }

    /// Answers every request in flight with `e`, newest first (TDLib's order on close).
    pub(super) fn fail_pending(&mut self, e: &TdError) {
        for (_, extra) in std::mem::take(&mut self.pending).into_iter().rev() {
            self.out.error(e.clone(), extra.as_deref());
        }
    }

    /// destroy: answers `ok`, reports LoggingOut and ends at once with the database deleted
    /// and no log out on the server (the session stays in the account's list).
    fn destroy(&mut self, extra: Option<Box<str>>) -> Flow {
        self.out.reply(Ok(td_api::Ok {}), extra.as_deref());
        self.out.update(UpdateAuthorizationState {
            authorization_state: Some(AuthorizationStateLoggingOut {}.into()),
        });
        self.signed_out_now()
    }

    /// The end of a client whose account is gone from it: what is in flight fails with 401,
    /// the network stops, the database is deleted, and Closed follows LoggingOut directly.
    pub fn signed_out_now(&mut self) -> Flow {
        self.signing_out = true;
        self.fail_pending(&error(401, "Unauthorized"));
        if let Some(engine) = self.engine.take() {
            engine.net.stop(true);
            engine.store.destroy();
        }
        self.set_phase(Phase::Closed);
        Flow::Closed
    }

    /// close: answers `ok`, aborts the held requests and reports Closing. As in TDLib, the
    /// client finishes closing a moment later ([`Self::finish_close`], on the runtime), and
    /// answers getAuthorizationState and synchronous requests until then.
    pub fn close(&mut self, extra: Option<Box<str>>) -> Flow {
        self.out.reply(Ok(td_api::Ok {}), extra.as_deref());
        self.begin_closing()
    }

    /// Aborts what waits, reports Closing, stops the network, and finishes on the runtime.
    pub(super) fn begin_closing(&mut self) -> Flow {
        for held in std::mem::take(&mut self.held)
            .into_iter()
            .chain(std::mem::take(&mut self.deferred))
            .rev()
        {
            self.out
                .error(error(500, "Request aborted"), held.extra.as_deref());
        }
        if let Some(e) = &self.engine {
            e.net.stop(self.signing_out);
        }
        self.set_phase(Phase::Closing);
        let id = self.id;
        if super::runtime::spawn(async move { super::registry::finish_close(id) }) {
            Flow::Open
        } else {
            self.finish_close()
        }
    }

    /// The end of close: aborts what is still in flight, lets go of the database (deleting
    /// it after a log out) and reports Closed.
    pub fn finish_close(&mut self) -> Flow {
        if self.phase != Phase::Closing {
            return Flow::Open;
        }
        let code = if self.signing_out { 401 } else { 500 };
        let text = if self.signing_out {
            "Unauthorized"
        } else {
            "Request aborted"
        };
        self.fail_pending(&error(code, text));
        if let Some(engine) = self.engine.take() {
            if self.signing_out {
                engine.store.destroy();
            } else {
                engine.store.close();
            }
        }
        self.set_phase(Phase::Closed);
        Flow::Closed
    }
}

/// The td_api name of a function, e.g. `getMe`.
pub fn function_name(f: &Function) -> &'static str {
    td_api::TlAbstract::constructor_name(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn drain(queue: &ReceiveQueue) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(m) = queue.pop(Duration::ZERO) {
            out.push(String::from_utf8_lossy(&m).into_owned());
        }
        out
    }

    /// The window between finish_close on the runtime and the registry forgetting the client:
    /// a request that took the session in it must not be answered.
    #[test]
    fn a_closed_client_aborts_even_synchronous_requests_until_it_is_forgotten() {
        // An id the registry never issues, so the finish_close that close spawns finds nothing.
        for (client_id, answered) in [(Some(-7), false), (None, true)] {
            let queue = Arc::new(ReceiveQueue::new());
            let mut s = Session::start(-7, Outbox::new(queue.clone(), client_id));
            s.handle(td_api::parse_request(br#"{"@type":"close"}"#));
            assert_eq!(s.finish_close(), Flow::Closed);
            drain(&queue);
            s.handle(td_api::parse_request(
                br#"{"@type":"getOption","name":"version","@extra":"v"}"#,
            ));
            s.handle(td_api::parse_request(br#"{"@extra":"bad"}"#));
            let got = drain(&queue);
            assert_eq!(got.len(), 2, "{got:?}");
            assert_eq!(got[0].contains("optionValueString"), answered, "{got:?}");
            if !answered {
                assert!(got.iter().all(|m| m.contains("Request aborted")), "{got:?}");
            }
        }
    }
}
