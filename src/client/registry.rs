//! Client ids and the clients behind them. Ids come from one counter starting at 1 and are
//! never reused. A client costs nothing until its first request, and then only a small
//! struct behind a lock: no thread or task per client.

use std::collections::HashMap;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, LazyLock, Mutex, RwLock};

use td_api::{Function, Request, RequestError, TlWrite};

use super::queue::ReceiveQueue;
use super::session::{AnyReply, Flow, Outbox, Session};
use crate::api::reply::answer;
use crate::api::{error, TdError};

enum Slot {
    Live(Arc<Mutex<Session>>),
    Closed,
}

pub struct Registry {
    next_id: AtomicI32,
    slots: RwLock<HashMap<i32, Slot>>,
    /// The queue td_receive reads.
    pub queue: Arc<ReceiveQueue>,
}

static REGISTRY: LazyLock<Registry> = LazyLock::new(|| Registry {
    next_id: AtomicI32::new(1),
    slots: RwLock::new(HashMap::new()),
    queue: Arc::new(ReceiveQueue::new()),
});

pub fn registry() -> &'static Registry {
    &REGISTRY
}

fn lock(s: &Mutex<Session>) -> std::sync::MutexGuard<'_, Session> {
    s.lock().unwrap_or_else(|e| e.into_inner())
}

impl Registry {
    pub fn create_client_id(&self) -> i32 {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        log_client(format_args!("Created managed client {id}"));
        id
    }

    fn is_issued(&self, id: i32) -> bool {
        id > 0 && id < self.next_id.load(Ordering::Relaxed)
    }

    fn live(&self, id: i32) -> Result<Option<Arc<Mutex<Session>>>, ()> {
        let slots = self.slots.read().unwrap_or_else(|e| e.into_inner());
        match slots.get(&id) {
            Some(Slot::Live(s)) => Ok(Some(s.clone())),
            Some(Slot::Closed) => Err(()),
            None => Ok(None),
        }
    }

    /// Starts a client on its first request (racing senders start it once).
    fn start(&self, id: i32, out: impl FnOnce() -> Outbox) -> Result<Arc<Mutex<Session>>, ()> {
        let mut slots = self.slots.write().unwrap_or_else(|e| e.into_inner());
        match slots.get(&id) {
            Some(Slot::Live(s)) => Ok(s.clone()),
            Some(Slot::Closed) => Err(()),
            None => {
                log_client(format_args!("Initialize client {id}"));
                let session = Arc::new(Mutex::new(Session::start(id, out())));
                slots.insert(id, Slot::Live(session.clone()));
                Ok(session)
            }
        }
    }

    fn mark_closed(&self, id: i32) {
        let mut slots = self.slots.write().unwrap_or_else(|e| e.into_inner());
        slots.insert(id, Slot::Closed);
    }

    /// td_send: runs the request on this thread; answers go to the shared queue.
    pub fn send(&self, id: i32, request: &[u8]) {
        let parsed = td_api::parse_request(request);
        if !self.is_issued(id) {
            self.reject(id, &parsed, error(400, "Invalid TDLib instance specified"));
            return;
        }
        let session = match self.live(id) {
            Ok(Some(s)) => Ok(s),
            Ok(None) => self.start(id, || Outbox::new(self.queue.clone(), Some(id))),
            Err(()) => Err(()),
        };
        match session {
            Ok(s) => self.run(id, &s, parsed),
            Err(()) => self.reject(id, &parsed, error(500, "Request aborted")),
        }
    }

    fn run(
        &self,
        id: i32,
        session: &Mutex<Session>,
        parsed: Result<Request<Function>, RequestError>,
    ) {
        let mut s = lock(session);
        if s.handle(parsed) == Flow::Closed && !s.is_private() {
            drop(s);
            self.mark_closed(id);
        }
    }

    fn reject(&self, id: i32, parsed: &Result<Request<Function>, RequestError>, e: TdError) {
        let extra = match parsed {
            Ok(r) => r.extra.as_deref(),
            Err(e) => e.extra(),
        };
        // TDLib leaves `@client_id` out for id 0.
        let client_id = (id != 0).then_some(id);
        self.queue
            .push(answer(Err::<td_api::Ok, _>(e), extra, client_id));
    }

    /// A client of the old interface: started at once, with its own queue and no
    /// `@client_id` in its answers.
    pub fn create_private(&self) -> (i32, Arc<ReceiveQueue>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        log_client(format_args!("Create client {id}"));
        let queue = Arc::new(ReceiveQueue::new());
        let q = queue.clone();
        // A fresh id is never taken or closed yet.
        let _ = self.start(id, || Outbox::new(q, None));
        (id, queue)
    }

    pub fn send_private(&self, id: i32, queue: &ReceiveQueue, request: &[u8]) {
        let parsed = td_api::parse_request(request);
        match self.live(id) {
            Ok(Some(s)) => self.run(id, &s, parsed),
            _ => {
                let extra = match &parsed {
                    Ok(r) => r.extra.as_deref(),
                    Err(e) => e.extra(),
                };
                queue.push(answer(
                    Err::<td_api::Ok, _>(error(500, "Request aborted")),
                    extra,
                    None,
                ));
            }
        }
    }

    /// Closes a client of the old interface (td_json_client_destroy).
    pub fn destroy_private(&self, id: i32) {
        log_client(format_args!("Destroy Client"));
        log_client(format_args!("Close client"));
        if let Ok(Some(s)) = self.live(id) {
            let mut s = lock(&s);
            if !s.is_closed() {
                s.close(None);
                s.finish_close();
            }
        }
        self.mark_closed(id);
    }
}

/// The lines TDLib logs about clients (level 3, no tag), formatted only when shown.
#[track_caller]
fn log_client(text: std::fmt::Arguments<'_>) {
    if crate::log::verbosity() >= 3 {
        crate::log::message(3, None, text.to_string().as_bytes());
    }
}

/// Pushes an update from work running off the caller's thread (the network, later); dropped
/// if the client is not running.
pub fn update<T: TlWrite>(id: i32, update: T) {
    if let Ok(Some(s)) = registry().live(id) {
        let s = lock(&s);
        if !s.is_closed() {
            s.push_update(update);
        }
    }
}

/// Finishes a `close` begun on the caller's thread. A client of td_create_client_id is gone
/// afterwards; one of the old interface stays, closed, until td_json_client_destroy.
pub fn finish_close(id: i32) {
    if let Ok(Some(s)) = registry().live(id) {
        let mut s = lock(&s);
        if s.finish_close() == Flow::Closed && !s.is_private() {
            drop(s);
            registry().mark_closed(id);
        }
    }
}

/// Runs `f` on client `id` under its lock (None if it is not running); forgets the client
/// when `f` closed it. Never call it while holding a client's lock.
pub fn with_session<R>(id: i32, f: impl FnOnce(&mut Session) -> R) -> Option<R> {
    let s = registry().live(id).ok().flatten()?;
    let mut guard = lock(&s);
    if guard.is_closed() {
        return None;
    }
    let r = f(&mut guard);
    let closed = guard.is_closed() && !guard.is_private();
    drop(guard);
    if closed {
        registry().mark_closed(id);
    }
    Some(r)
}

/// Delivers the answer of a request that ran on the runtime.
pub fn complete(id: i32, token: u64, reply: AnyReply) {
    if let Ok(Some(s)) = registry().live(id) {
        lock(&s).complete(token, reply);
    }
}
