//! One client's state machine: authorization state, options, requests held until
//! initialization, and requests in flight. Everything here runs on the caller's thread under
//! the client's lock; only work that waits (timers now, the network later) is spawned on the
//! runtime and comes back through [`Session::complete`].

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use td_api::{
    AuthorizationState, AuthorizationStateClosed, AuthorizationStateClosing,
    AuthorizationStateLoggingOut, AuthorizationStateWaitPhoneNumber,
    AuthorizationStateWaitTdlibParameters, ConnectionStateConnecting, Function,
    GroupCallMessageLevel, JsonWriter, OptionValue, Repaired, Request, RequestError, TestBytes,
    TestInt, TestString, TestVectorInt, TestVectorIntObject, TestVectorString,
    TestVectorStringObject, TlWrite, UpdateAuthorizationState, UpdateConnectionState,
    UpdateDefaultBackground, UpdateFileDownloads, UpdateGroupCallMessageLevels, UpdateOption,
    Updates,
};

use super::classify::{authentication, is_preauthentication, is_preinitialization, Authentication};
use super::options::Options;
use super::queue::ReceiveQueue;
use super::tdlib_parameters;
use crate::api::reply::{answer, finish};
use crate::api::sync::{self, sync_option, Ctx, Outcome};
use crate::api::{error, not_implemented, Reply, TdError};

/// An answer computed off the caller's thread.
pub type AnyReply = Result<Box<dyn TlWrite + Send>, TdError>;

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

    pub fn reply<T: TlWrite>(&self, reply: Reply<T>, extra: Option<&str>) {
        self.queue.push(answer(reply, extra, self.client_id));
    }

    pub fn error(&self, e: TdError, extra: Option<&str>) {
        self.reply(Err::<td_api::Ok, _>(e), extra);
    }

    pub fn update<T: TlWrite>(&self, update: T) {
        self.reply(Ok(update), None);
    }

    fn written(&self, w: JsonWriter, extra: Option<&str>) {
        self.queue.push(finish(w, extra, self.client_id));
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    WaitTdlibParameters,
    WaitPhoneNumber,
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

struct Held {
    function: Function,
    extra: Option<Box<str>>,
    /// Moves with `function`, whose strings it identifies.
    repaired: Repaired,
}

pub struct Session {
    id: i32,
    out: Outbox,
    state: State,
    options: Options,
    /// Preauthentication requests waiting for setTdlibParameters, in arrival order.
    held: Vec<Held>,
    /// Requests in flight on the runtime: token → `@extra`.
    pending: BTreeMap<u64, Option<Box<str>>>,
    next_token: u64,
}

fn unix_time() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Session {
    /// A new client: announces the version, the commit and the first authorization state.
    pub fn start(id: i32, out: Outbox) -> Self {
        let s = Session {
            id,
            out,
            state: State::WaitTdlibParameters,
            options: Options::default(),
            held: Vec::new(),
            pending: BTreeMap::new(),
            next_token: 1,
        };
        for update in s.startup_updates() {
            s.out.update(update);
        }
        s
    }

    fn startup_updates(&self) -> Vec<td_api::Update> {
        let mut updates = Vec::new();
        for name in ["version", "commit_hash"] {
            if let Some(value) = sync_option(name) {
                updates.push(
                    UpdateOption {
                        name: name.into(),
                        value: Some(value),
                    }
                    .into(),
                );
            }
        }
        updates.push(
            UpdateAuthorizationState {
                authorization_state: Some(self.authorization_state()),
            }
            .into(),
        );
        updates
    }

    fn authorization_state(&self) -> AuthorizationState {
        match self.state {
            State::WaitTdlibParameters => AuthorizationStateWaitTdlibParameters {}.into(),
            State::WaitPhoneNumber => AuthorizationStateWaitPhoneNumber {}.into(),
            State::Closing => AuthorizationStateClosing {}.into(),
            State::Closed => AuthorizationStateClosed {}.into(),
        }
    }

    fn set_state(&mut self, state: State) {
        self.state = state;
        self.out.update(UpdateAuthorizationState {
            authorization_state: Some(self.authorization_state()),
        });
    }

    /// An update for this client, in order with its answers.
    pub fn push_update<T: TlWrite>(&self, update: T) {
        self.out.update(update);
    }

    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// A client of the old interface (td_json_client_create), which has no `@client_id`.
    pub fn is_private(&self) -> bool {
        self.out.client_id.is_none()
    }

    /// Handles one request from td_send.
    pub fn handle(&mut self, parsed: Result<Request<Function>, RequestError>) -> Flow {
        if self.state == State::Closed && !self.is_private() {
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
        if matches!(self.state, State::Closing | State::Closed) {
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

    fn dispatch(&mut self, req: Held) -> Flow {
        let extra = req.extra.as_deref();
        match &req.function {
            Function::GetAuthorizationState(_) => {
                self.out.reply(Ok(self.authorization_state()), extra)
            }
            Function::GetCurrentState(_) => self.out.reply(Ok(self.current_state()), extra),
            Function::Close(_) => return self.close(req.extra),
            Function::SetTdlibParameters(p) => self.set_tdlib_parameters(p, &req.repaired, extra),
            f if is_preinitialization(f) => self.preinitialization(&req),
            f => match self.state {
                State::WaitTdlibParameters if is_preauthentication(f) => self.held.push(req),
                State::WaitTdlibParameters => self.out.error(
                    error(
                        400,
                        "Initialization parameters are needed: call setTdlibParameters first",
                    ),
                    extra,
                ),
                State::WaitPhoneNumber => match f {
                    Function::LogOut(_) => return self.log_out(req.extra, false),
                    Function::Destroy(_) => return self.log_out(req.extra, true),
                    f if is_preauthentication(f) => self.preauthentication(&req),
                    f => match authentication(f) {
                        Some(step) => self.authentication(&req, step),
                        None => self.out.error(error(401, "Unauthorized"), extra),
                    },
                },
                State::Closing | State::Closed => {
                    self.out.error(error(500, "Request aborted"), extra)
                }
            },
        }
        Flow::Open
    }

    fn current_state(&self) -> Updates {
        let mut updates = Vec::new();
        let [version, commit, ..] = &self.startup_updates()[..] else {
            return Updates { updates };
        };
        updates.push(Some(version.clone()));
        updates.push(Some(commit.clone()));
        if self.state != State::WaitTdlibParameters {
            let mut options: Vec<(&str, OptionValue)> = self.options.all().collect();
            options.sort_by(|a, b| a.0.cmp(b.0));
            for name in ["online", "unix_time"] {
                let value = self.options.get(name, unix_time());
                updates.push(Some(
                    UpdateOption {
                        name: name.into(),
                        value: Some(value),
                    }
                    .into(),
                ));
            }
            for (name, value) in options {
                updates.push(Some(
                    UpdateOption {
                        name: name.into(),
                        value: Some(value),
                    }
                    .into(),
                ));
            }
        }
        updates.push(Some(
            UpdateAuthorizationState {
                authorization_state: Some(self.authorization_state()),
            }
            .into(),
        ));
        if self.state == State::WaitPhoneNumber {
            updates.push(Some(
                UpdateConnectionState {
                    state: Some(ConnectionStateConnecting {}.into()),
                }
                .into(),
            ));
        }
        Updates { updates }
    }

    fn preinitialization(&mut self, req: &Held) {
        use Function as F;
        let extra = req.extra.as_deref();
        let out = &self.out;
        match &req.function {
            F::TestCallEmpty(_) => out.reply(Ok(td_api::Ok {}), extra),
            F::TestSquareInt(f) => out.reply(
                Ok(TestInt {
                    value: f.x.wrapping_mul(f.x),
                }),
                extra,
            ),
            F::TestCallString(f) => out.reply(Ok(TestString { value: f.x.clone() }), extra),
            F::TestCallBytes(f) => out.reply(Ok(TestBytes { value: f.x.clone() }), extra),
            F::TestCallVectorInt(f) => out.reply(Ok(TestVectorInt { value: f.x.clone() }), extra),
            F::TestCallVectorIntObject(f) => {
                out.reply(Ok(TestVectorIntObject { value: f.x.clone() }), extra)
            }
            F::TestCallVectorString(f) => {
                out.reply(Ok(TestVectorString { value: f.x.clone() }), extra)
            }
            F::TestCallVectorStringObject(f) => {
                out.reply(Ok(TestVectorStringObject { value: f.x.clone() }), extra)
            }
            F::TestUseUpdate(_) => out.error(error(404, "Not Found"), extra),
            F::TestProxy(f) if f.proxy.is_none() => {
                out.error(error(400, "Proxy must be non-empty"), extra)
            }
            F::SetAlarm(f) => {
                if !(0.0..=3e9).contains(&f.seconds) {
                    out.error(error(400, "Wrong parameter seconds specified"), extra);
                } else {
                    self.set_alarm(f.seconds, req.extra.clone());
                }
            }
            f => out.reply(not_implemented::<td_api::Ok>(function_name(f)), extra),
        }
    }

    fn set_alarm(&mut self, seconds: f64, extra: Option<Box<str>>) {
        let token = self.begin(extra);
        let id = self.id;
        let delay = std::time::Duration::from_secs_f64(seconds);
        let spawned = super::runtime::spawn(async move {
            tokio::time::sleep(delay).await;
            super::registry::complete(id, token, Ok(Box::new(td_api::Ok {})));
        });
        if !spawned {
            self.complete(token, Err(error(500, "Can't start the timer runtime")));
        }
    }

    /// Registers a request that will be answered later through [`Self::complete`].
    pub fn begin(&mut self, extra: Option<Box<str>>) -> u64 {
        let token = self.next_token;
        self.next_token += 1;
        self.pending.insert(token, extra);
        token
    }

    /// Answers a request started with [`Self::begin`], unless it was aborted meanwhile.
    pub fn complete(&mut self, token: u64, reply: AnyReply) {
        let Some(extra) = self.pending.remove(&token) else {
            return;
        };
        let mut w = JsonWriter::new();
        match reply {
            Ok(v) => v.write_json(&mut w),
            Err(e) => e.write_json(&mut w),
        }
        self.out.written(w, extra.as_deref());
    }

    fn set_tdlib_parameters(
        &mut self,
        p: &td_api::SetTdlibParameters,
        repaired: &Repaired,
        extra: Option<&str>,
    ) {
        if self.state != State::WaitTdlibParameters {
            self.out
                .error(error(400, "Unexpected setTdlibParameters"), extra);
            return;
        }
        if let Err(e) = tdlib_parameters::check(p, repaired) {
            self.out.error(e, extra);
            return;
        }
        let offset = tdlib_parameters::utc_time_offset();
        for (name, value) in self
            .options
            .load_defaults(p.use_test_dc, unix_time(), offset)
        {
            self.out.update(UpdateOption {
                name,
                value: Some(value),
            });
        }
        self.state = State::WaitPhoneNumber;
        for held in std::mem::take(&mut self.held) {
            self.preauthentication(&held);
        }
        self.set_state(State::WaitPhoneNumber);
        self.out.update(UpdateGroupCallMessageLevels {
            levels: vec![Some(GroupCallMessageLevel {
                min_star_count: 0,
                pin_duration: 0,
                max_text_length: 30,
                max_custom_emoji_count: 0,
                first_color: 9788635,
                second_color: 9788635,
                background_color: 4786075,
            })],
        });
        self.out.reply(Ok(td_api::Ok {}), extra);
        for for_dark_theme in [false, true] {
            self.out.update(UpdateDefaultBackground {
                for_dark_theme,
                background: None,
            });
        }
        self.out.update(UpdateFileDownloads {
            total_size: 0,
            total_count: 0,
            downloaded_size: 0,
        });
        self.out.update(UpdateConnectionState {
            state: Some(ConnectionStateConnecting {}.into()),
        });
    }

    /// Requests allowed before authorization, once the parameters are set.
    fn preauthentication(&mut self, req: &Held) {
        let extra = req.extra.as_deref();
        match &req.function {
            Function::GetOption(f) => {
                let value =
                    sync_option(&f.name).unwrap_or_else(|| self.options.get(&f.name, unix_time()));
                self.out.reply(Ok(value), extra);
            }
            Function::SetOption(f) => match self.options.set(&f.name, f.value.as_ref()) {
                Ok(change) => {
                    if let Some((name, value)) = change {
                        self.out.update(UpdateOption {
                            name,
                            value: Some(value),
                        });
                    }
                    self.out.reply(Ok(td_api::Ok {}), extra);
                }
                Err(e) => self.out.error(e, extra),
            },
            f => self
                .out
                .reply(not_implemented::<td_api::Ok>(function_name(f)), extra),
        }
    }

    /// Authentication requests in authorizationStateWaitPhoneNumber: TDLib's local checks,
    /// then the network, which this version doesn't have.
    fn authentication(&mut self, req: &Held, step: Authentication) {
        use Function as F;
        let result: Result<(), TdError> = match (&req.function, step) {
            (F::SetAuthenticationPhoneNumber(f), _) if f.phone_number.is_empty() => {
                Err(error(400, "Phone number must be non-empty"))
            }
            (F::CheckAuthenticationEmailCode(f), _) if f.code.is_none() => {
                Err(error(400, "Code must be non-empty"))
            }
            (F::CheckAuthenticationWebToken(f), _) if f.dc_id <= 0 => {
                Err(error(400, "Invalid DC identifier specified"))
            }
            (_, Authentication::Unexpected(name)) => {
                Err(error(400, format!("Call to {name} unexpected")))
            }
            (_, Authentication::NeedsLogIn) => Err(error(400, "Need to log in first")),
            (f, Authentication::Network) => not_implemented(function_name(f)),
        };
        let extra = req.extra.as_deref();
        match result {
            Ok(()) => self.out.reply(Ok(td_api::Ok {}), extra),
            Err(e) => self.out.error(e, extra),
        }
    }

    /// logOut and destroy before authorization: TDLib reports LoggingOut, fails what is
    /// pending with 401 and goes straight to Closed (destroy answers `ok` first).
    fn log_out(&mut self, extra: Option<Box<str>>, destroy: bool) -> Flow {
        let logging_out = UpdateAuthorizationState {
            authorization_state: Some(AuthorizationStateLoggingOut {}.into()),
        };
        if destroy {
            self.out.reply(Ok(td_api::Ok {}), extra.as_deref());
            self.out.update(logging_out);
        } else {
            self.out.update(logging_out);
            self.out.reply(Ok(td_api::Ok {}), extra.as_deref());
        }
        for (_, extra) in std::mem::take(&mut self.pending).into_iter().rev() {
            self.out.error(error(401, "Unauthorized"), extra.as_deref());
        }
        self.set_state(State::Closed);
        Flow::Closed
    }

    /// close: answers `ok`, aborts the held requests and reports Closing. As in TDLib, the
    /// client finishes closing a moment later ([`Self::finish_close`], on the runtime), and
    /// answers getAuthorizationState and synchronous requests until then.
    pub fn close(&mut self, extra: Option<Box<str>>) -> Flow {
        self.out.reply(Ok(td_api::Ok {}), extra.as_deref());
        for held in std::mem::take(&mut self.held).into_iter().rev() {
            self.out
                .error(error(500, "Request aborted"), held.extra.as_deref());
        }
        self.set_state(State::Closing);
        let id = self.id;
        if super::runtime::spawn(async move { super::registry::finish_close(id) }) {
            Flow::Open
        } else {
            self.finish_close()
        }
    }

    /// The end of close: aborts what is still in flight and reports Closed.
    pub fn finish_close(&mut self) -> Flow {
        if self.state != State::Closing {
            return Flow::Open;
        }
        for (_, extra) in std::mem::take(&mut self.pending).into_iter().rev() {
            self.out
                .error(error(500, "Request aborted"), extra.as_deref());
        }
        self.set_state(State::Closed);
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
