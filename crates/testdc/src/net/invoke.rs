//! Requests of an encrypted session: unwrapping invokeWithLayer and friends, faults, the
//! connection-level methods, dispatch into the world, and delivery of what it pushes.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use mtproto::handshake::bind::{verify_binding, BindRequest};
use tl::api::Function;
use tl::{Deserialize, Serialize};

use super::connection::{ConnMsg, Connection};
use super::rpc::{CallContext, ErrorAnswer};
use super::{trace, unix_now, Shared};
use crate::faults::{FaultKind, RequestInfo};
use crate::world::{Push, PushTarget};

/// destroy_auth_key#d1435160 (mtproto_api.tl), and its answer destroy_auth_key_ok#f660e1d4.
const DESTROY_AUTH_KEY: u32 = 0xd143_5160;
const DESTROY_AUTH_KEY_OK: u32 = 0xf660_e1d4;

/// The wrappers around the function a client means, as they were peeled off.
#[derive(Default)]
struct Wrapping {
    without_updates: bool,
}

impl Connection {
    pub(super) fn on_request(&mut self, msg_id: i64, body: Vec<u8>) {
        self.shared.requests.fetch_add(1, Ordering::Relaxed);
        if body.get(..4) == Some(&DESTROY_AUTH_KEY.to_le_bytes()[..]) {
            self.destroy_auth_key(msg_id);
            return;
        }
        let call = match Function::from_bytes(&body) {
            Ok(call) => call,
            Err(e) => {
                trace!("dc{}: undecodable request: {e}", self.dc_id);
                let error = match e {
                    tl::Error::UnexpectedConstructor { ty: "Function", .. } => {
                        ErrorAnswer::new(400, "INPUT_METHOD_INVALID")
                    }
                    _ => ErrorAnswer::new(400, "INPUT_FETCH_ERROR"),
                };
                self.answer(msg_id, Err(error));
                return;
            }
        };
        let mut wrapping = Wrapping::default();
        let inner = self.unwrap(&call, &mut wrapping);
        if !wrapping.without_updates {
            self.wants_updates.store(true, Ordering::Relaxed);
        }
        let method = tl::api::constructor_name(inner.constructor_id()).unwrap_or("unknown");
        let mut delay = None;
        let mut close_after = false;
        if let Some(fault) = self.fault_for(method) {
            trace!("dc{}: fault {fault:?} on {method}", self.dc_id);
            match fault {
                FaultKind::CloseConnection { run: true } => close_after = true,
                FaultKind::CloseConnection { run: false } => {
                    // Lost on its way in: never received, so a resend is served.
                    if let Some(session) = self.session.as_mut() {
                        session.forget_request(msg_id);
                    }
                    self.aborted = true;
                    self.closing = true;
                    return;
                }
                FaultKind::BadServerSalt => {
                    self.reject_salt(msg_id);
                    return;
                }
                FaultKind::Delay { ms } => delay = Some(Duration::from_millis(ms)),
                FaultKind::DifferenceTooLong | FaultKind::ChannelDifferenceTooLong => {
                    let channel = fault == FaultKind::ChannelDifferenceTooLong;
                    let mut world = self.shared.world();
                    if let Ok(Some(user)) = world.authorized_user(self.key_id()) {
                        world.force_too_long(user, channel);
                    }
                }
                other => {
                    if let Some((code, message)) = other.rpc_error() {
                        self.answer(msg_id, Err(ErrorAnswer::new(code, message)));
                        return;
                    }
                }
            }
        }
        let started = std::time::Instant::now();
        let answer = self.serve(msg_id, call);
        trace!(
            "dc{}: {method} ({} µs)",
            self.dc_id,
            started.elapsed().as_micros()
        );
        if close_after {
            // The answer stays in the session, unsent: the connection closes before writing.
            self.answer(msg_id, answer);
            self.aborted = true;
            self.closing = true;
            return;
        }
        match delay {
            None => self.answer(msg_id, answer),
            Some(wait) => {
                let mailbox = self.mailbox.clone();
                let shared = self.shared.clone();
                let session = self
                    .session
                    .as_ref()
                    .and_then(|s| Some((s.auth_key().id(), s.session_id()?)));
                tokio::spawn(async move {
                    tokio::time::sleep(wait).await;
                    let msg = ConnMsg::Answer { msg_id, answer };
                    match session {
                        Some((key_id, session_id)) => shared
                            .session_table
                            .deliver(key_id, session_id, msg, &mailbox),
                        None => {
                            mailbox.send(msg);
                        }
                    }
                });
            }
        }
    }

    fn answer(&mut self, msg_id: i64, answer: Result<Vec<u8>, ErrorAnswer>) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        match answer {
            Ok(result) => session.send_result(msg_id, result),
            Err(e) => {
                trace!("dc{}: -> rpc_error {} {}", self.dc_id, e.code, e.message);
                session.send_rpc_error(msg_id, e.code, &e.message)
            }
        }
    }

    /// Looks through invokeWithLayer, initConnection, invokeAfterMsg(s), invokeWithoutUpdates
    /// and the other invoke* wrappers (requests are served in order, so "after" already
    /// holds), remembering what they say about the connection; returns the query inside.
    fn unwrap<'c>(&mut self, call: &'c Function, wrapping: &mut Wrapping) -> &'c Function {
        let mut call = call;
        loop {
            match call {
                Function::InvokeWithLayer(w) => self.layer = Some(w.layer),
                Function::InitConnection(w) => trace!(
                    "dc{}: initConnection api_id {} {:?} {:?}",
                    self.dc_id,
                    w.api_id,
                    w.device_model,
                    w.app_version
                ),
                Function::InvokeWithoutUpdates(_) => wrapping.without_updates = true,
                _ => {}
            }
            match crate::rpc::wrapped(call) {
                Some(inner) => call = inner,
                None => return call,
            }
        }
    }

    fn key_id(&self) -> i64 {
        self.session
            .as_ref()
            .map_or(0, |s| s.auth_key().id() as i64)
    }

    fn fault_for(&self, method: &str) -> Option<FaultKind> {
        let faults = &self.shared.faults;
        let user_id = if faults.wants_user() {
            self.shared
                .world()
                .authorized_user(self.key_id())
                .ok()
                .flatten()
        } else {
            None
        };
        faults.take(&RequestInfo {
            method,
            dc: self.dc_id,
            user_id,
        })
    }

    /// bad_server_salt for request `msg_id` instead of an answer, with the salt now valid;
    /// the client sends the request again.
    fn reject_salt(&mut self, msg_id: i64) {
        if let Some(session) = self.session.as_mut() {
            session.reject_with_new_salt(unix_now(), msg_id);
        }
    }

    /// Answers `call` (wrappers included).
    fn serve(&mut self, msg_id: i64, call: Function) -> Result<Vec<u8>, ErrorAnswer> {
        let now = unix_now().as_secs() as i32;
        if let Function::AuthBindTempAuthKey(bind) = crate::rpc::innermost(&call) {
            let bound = self.bind_temp_auth_key(msg_id, bind)?;
            // An initConnection around the binding describes the permanent key's client.
            let mut world = self.shared.world();
            crate::rpc::note_client(&mut world, self.key_id(), &self.peer_ip, &call, now)?;
            return Ok(bound);
        }
        let addresses = self.shared.addresses();
        let ctx = CallContext {
            dc_id: self.dc_id,
            auth_key_id: self.key_id(),
            session_id: self
                .session
                .as_ref()
                .and_then(|s| s.session_id())
                .unwrap_or(0),
            layer: self.layer,
            now,
            addresses: &addresses,
            client_ip: &self.peer_ip,
        };
        let shared = self.shared.clone();
        let mut world = shared.world();
        let answer = shared.rpc.invoke(&mut world, &ctx, call);
        let pushes = world.drain_pushes();
        if !pushes.is_empty() {
            deliver(&shared, &mut world, &pushes);
        }
        for perm_key_id in world.drain_revoked() {
            for online in shared.registry.connections(perm_key_id) {
                // The requesting connection gets its answer; its next request learns the rest.
                if online.conn_id != self.conn_id {
                    online.push(ConnMsg::SignedOut);
                }
            }
        }
        answer
    }

    fn bind_temp_auth_key(
        &mut self,
        msg_id: i64,
        bind: &tl::api::functions::auth::BindTempAuthKey,
    ) -> Result<Vec<u8>, ErrorAnswer> {
        let invalid = || ErrorAnswer::new(400, "ENCRYPTED_MESSAGE_INVALID");
        let Some(session) = self.session.as_ref() else {
            return Err(invalid());
        };
        let temp_key_id = session.auth_key().id() as i64;
        let now = unix_now().as_secs() as i32;
        let Some(perm) =
            self.shared
                .keys
                .get(&self.shared.world, bind.perm_auth_key_id as u64, now)
        else {
            return Err(ErrorAnswer::new(400, "PERM_AUTH_KEY_EMPTY"));
        };
        let request = BindRequest {
            perm_auth_key_id: bind.perm_auth_key_id,
            nonce: bind.nonce,
            expires_at: bind.expires_at,
            msg_id,
            temp_auth_key_id: temp_key_id,
            temp_session_id: session.session_id().unwrap_or(0),
        };
        if let Err(e) = verify_binding(&perm, &request, &bind.encrypted_message) {
            trace!("dc{}: bindTempAuthKey refused: {e}", self.dc_id);
            return Err(invalid());
        }
        self.shared.world().bind_temp_auth_key(
            temp_key_id,
            bind.perm_auth_key_id,
            bind.expires_at,
        )?;
        self.shared
            .keys
            .set_expiry(temp_key_id as u64, bind.expires_at);
        self.perm_key_id = bind.perm_auth_key_id;
        self.go_online();
        Ok(true.to_bytes())
    }

    fn destroy_auth_key(&mut self, msg_id: i64) {
        let key_id = self.key_id();
        let _ = self.shared.world().destroy_auth_key(key_id);
        self.shared.keys.forget(key_id as u64);
        self.shared.session_table.forget_key(key_id as u64);
        self.shared.registry.remove(self.conn_id);
        if let Some(session) = self.session.as_mut() {
            session.send_result(msg_id, DESTROY_AUTH_KEY_OK.to_le_bytes().to_vec());
        }
    }
}

/// Renders the pushes for their recipients and hands them to their online connections:
/// consecutive pushes to one user travel in one container.
pub(crate) fn deliver(shared: &Shared, world: &mut crate::world::World, pushes: &[Push]) {
    let mut rest = pushes;
    while let Some(first) = rest.first() {
        let len = match first.target {
            PushTarget::User { .. } => rest.iter().take_while(|p| p.target == first.target).count(),
            PushTarget::AuthKey(_) => 1,
        };
        let (group, tail) = rest.split_at(len);
        rest = tail;
        let (keys, except) = match first.target {
            PushTarget::User {
                user_id,
                except_auth_key,
            } => {
                let keys: Vec<i64> = world
                    .user_auth_keys(user_id)
                    .map(|ks| ks.into_iter().map(|k| k.id).collect())
                    .unwrap_or_default();
                (keys, except_auth_key)
            }
            PushTarget::AuthKey(id) => {
                let perm = world
                    .auth_key(id)
                    .ok()
                    .flatten()
                    .and_then(|k| k.perm_key_id)
                    .unwrap_or(id);
                (vec![perm], None)
            }
        };
        let online: Vec<_> = keys
            .iter()
            .flat_map(|&k| shared.registry.subscribers(k, except))
            .collect();
        if online.is_empty() {
            continue;
        }
        let Some(body) = shared.rpc.render_pushes(world, group) else {
            continue;
        };
        let body = Arc::new(body);
        for o in online {
            o.push(ConnMsg::Push(body.clone()));
        }
    }
}
