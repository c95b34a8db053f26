//! How other tasks reach a connection. Pushes are bounded: when a connection's unsent pushes
//! pass its limit (the client stopped reading, so its socket stopped draining), the connection
//! is closed, as Telegram closes slow clients; the client reconnects and catches up with
//! updates.getDifference. Answers and session hand-overs are few and never refused.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use mtproto::session::ServerSession;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::sync::Notify;

use super::rpc::ErrorAnswer;

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
    /// Another connection continues session `session_id` of key `key_id`: give it over
    /// (with [`ConnMsg::Adopt`] to `to`) and close.
    HandOver {
        key_id: u64,
        session_id: i64,
        to: Mailbox,
    },
    /// The session asked for by a hand-over; `None` when the other connection no longer had it.
    Adopt {
        key_id: u64,
        session_id: i64,
        session: Option<Box<ServerSession>>,
    },
    /// The connection's authorization was signed out from another session
    /// (account.resetAuthorization): write what is queued and close, so that the client
    /// reconnects and learns it (401) with its next request.
    SignedOut,
}

impl ConnMsg {
    /// Bytes a push holds (what the mailbox bounds); 0 for the other messages.
    pub(crate) fn push_len(&self) -> usize {
        match self {
            ConnMsg::Push(body) => body.len(),
            _ => 0,
        }
    }
}

/// A connection's queue, as the senders hold it.
#[derive(Clone)]
pub struct Mailbox {
    tx: UnboundedSender<ConnMsg>,
    state: Arc<Backlog>,
}

/// Bytes of pushes queued and not yet taken by the connection, and the signal that there are
/// too many.
struct Backlog {
    bytes: AtomicUsize,
    limit: usize,
    overflow: Notify,
}

/// The connection's end.
pub struct Inbox {
    rx: UnboundedReceiver<ConnMsg>,
    state: Arc<Backlog>,
}

/// A mailbox whose pushes may queue up to `limit` bytes.
pub fn mailbox(limit: usize) -> (Mailbox, Inbox) {
    let (tx, rx) = unbounded_channel();
    let state = Arc::new(Backlog {
        bytes: AtomicUsize::new(0),
        limit,
        overflow: Notify::new(),
    });
    (
        Mailbox {
            tx,
            state: state.clone(),
        },
        Inbox { rx, state },
    )
}

impl std::fmt::Debug for Mailbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailbox")
            .field("backlog", &self.backlog())
            .finish()
    }
}

impl Mailbox {
    /// Queues a message. A push that would pass the limit is refused and the connection told
    /// to close; false when refused or the connection is gone.
    pub fn send(&self, msg: ConnMsg) -> bool {
        self.send_back(msg).is_ok()
    }

    /// [`send`](Self::send), giving the message back when it was not queued.
    pub fn send_back(&self, msg: ConnMsg) -> Result<(), ConnMsg> {
        let size = msg.push_len();
        if size > 0 {
            let before = self.state.bytes.fetch_add(size, Ordering::Relaxed);
            if before + size > self.state.limit {
                self.state.bytes.fetch_sub(size, Ordering::Relaxed);
                self.state.overflow.notify_one();
                return Err(msg);
            }
        }
        self.tx.send(msg).map_err(|e| {
            self.state.bytes.fetch_sub(size, Ordering::Relaxed);
            e.0
        })
    }

    /// Completes once a push was refused for passing the limit.
    pub async fn overflowed(&self) {
        self.state.overflow.notified().await
    }

    /// Bytes of pushes waiting.
    pub fn backlog(&self) -> usize {
        self.state.bytes.load(Ordering::Relaxed)
    }
}

impl Inbox {
    /// The next message.
    pub async fn recv(&mut self) -> Option<ConnMsg> {
        let msg = self.rx.recv().await?;
        self.state
            .bytes
            .fetch_sub(msg.push_len(), Ordering::Relaxed);
        Some(msg)
    }

    /// A message already waiting, without waiting for one.
    pub fn try_recv(&mut self) -> Option<ConnMsg> {
        let msg = self.rx.try_recv().ok()?;
        self.state
            .bytes
            .fetch_sub(msg.push_len(), Ordering::Relaxed);
        Some(msg)
    }

    /// Refuses further messages (those already queued can still be taken).
    pub fn close(&mut self) {
        self.rx.close();
    }
}
