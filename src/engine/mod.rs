//! The engine of one initialized client: its database, its network, and the state of each
//! Telegram area (authorization, users; chats and messages come next). It lives inside the
//! client's [`Session`], under the client's one lock: requests reach it on the caller's
//! thread, work that waits runs as tasks on the runtime, and whatever comes back (answers,
//! network events) takes the same lock ([`with`]), so the order the app sees is the order in
//! which the engine decided.

pub mod connection_state;
pub mod params;
pub mod requests;
pub mod start;
pub mod updates;

use std::sync::Arc;

use td_api::{TlWrite, UpdateAuthorizationState};

use crate::auth::{Auth, AuthState};
use crate::chats::Chats;
use crate::client::options::Options;
use crate::client::session::{Outbox, Session};
use crate::files::Files;
use crate::groups::Groups;
use crate::messages::send::Sending;
use crate::messages::Messages;
use crate::net::{Net, RpcError};
use crate::storage::chat_db::Write;
use crate::storage::Store;
use crate::updates::Updates;
use crate::users::Users;
use connection_state::ConnectionTracker;
pub use params::Params;

/// An answer computed off the caller's thread.
pub type Answer = Result<Box<dyn TlWrite + Send>, td_api::Error>;

pub fn ok<T: TlWrite + Send + 'static>(value: T) -> Answer {
    Ok(Box::new(value))
}

impl From<RpcError> for td_api::Error {
    fn from(e: RpcError) -> Self {
        e.to_td()
    }
}

/// How a client ends, when the engine decides it (a log out finished, the authorization was
/// lost).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Close and delete the database: the account is signed out.
    SignedOut,
}

pub struct Engine {
    pub id: i32,
    /// The client's outbox, for work that finds it has something to announce.
    pub out: Outbox,
    pub net: Net,
    pub store: Arc<Store>,
    pub params: Params,
    pub auth: Auth,
    pub users: Users,
    pub groups: Groups,
    pub chats: Chats,
    pub messages: Messages,
    pub files: Files,
    pub sending: Sending,
    pub updates: Updates,
    /// Database writes of the work in progress, made in one transaction by [`Engine::flush`].
    pub writes: Vec<Write>,
    pub connection: ConnectionTracker,
    /// Set by a handler that ends the client; the session acts on it when the lock is let go.
    pub ending: Option<Ending>,
    /// Startup work (config, update state) is done once per connection to the main DC.
    pub synced_once: bool,
}

impl Engine {
    /// Queues what the work so far changed for the database (committed together a moment
    /// later, see storage's COMMIT_DELAY); renamed users' private chats hear of their new
    /// titles first.
    pub fn flush(&mut self) {
        for user_id in self.users.take_renamed() {
            if self.chats.is_announced(user_id) {
                let title = self.chat_title(crate::chats::chat_id::ChatKind::User(user_id));
                let out = self.out.duplicate();
                out.update(td_api::UpdateChatTitle {
                    chat_id: user_id,
                    title,
                });
            }
        }
        self.writes.extend(self.files.take_writes());
        if self.writes.is_empty() {
            return;
        }
        self.store.queue(std::mem::take(&mut self.writes));
    }
}

/// A locked client as the engine's code sees it.
pub struct Td<'a> {
    pub id: i32,
    pub out: &'a Outbox,
    pub engine: &'a mut Engine,
    pub options: &'a mut Options,
}

impl Td<'_> {
    /// Moves the authorization state and tells the app.
    pub fn set_auth_state(&mut self, state: AuthState) {
        self.engine.auth.state = state;
        self.out.update(UpdateAuthorizationState {
            authorization_state: Some(self.engine.auth.td_state()),
        });
    }
}

/// Runs `f` on client `id`'s engine under its lock; `None` if the client is gone.
pub fn with<R>(id: i32, f: impl FnOnce(&mut Td<'_>) -> R) -> Option<R> {
    crate::client::registry::with_session(id, |s: &mut Session| s.with_engine(f)).flatten()
}

/// Runs `task` on the runtime.
pub fn spawn(task: impl std::future::Future<Output = ()> + Send + 'static) {
    let _ = crate::client::runtime::spawn(task);
}

/// A request answered after network work: `work` runs on the runtime, then `then` turns
/// its result into the answer under the client's lock (updates it sends go out first).
pub fn request<T, Fut, Then>(s: &mut Session, extra: Option<Box<str>>, work: Fut, then: Then)
where
    Fut: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
    Then: FnOnce(&mut Td<'_>, T) -> Answer + Send + 'static,
{
    let id = s.id();
    s.spawn_request(extra, move |_| async move {
        let r = work.await;
        with(id, move |td| then(td, r)).unwrap_or_else(|| Err(crate::net::aborted().to_td()))
    });
}
