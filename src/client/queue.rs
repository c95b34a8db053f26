//! The receive queue: finished answers and updates (NUL-terminated JSON) waiting for
//! td_receive. One is shared by all clients of td_create_client_id; each client of the old
//! td_json_client_* interface has its own.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct ReceiveQueue {
    inner: Mutex<Inner>,
    ready: Condvar,
}

#[derive(Default)]
struct Inner {
    items: VecDeque<Vec<u8>>,
    /// Receivers blocked in [`ReceiveQueue::pop`]; pushes skip the wake-up call without them.
    waiting: usize,
}

impl ReceiveQueue {
    pub const fn new() -> Self {
        Self {
            inner: Mutex::new(Inner {
                items: VecDeque::new(),
                waiting: 0,
            }),
            ready: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn push(&self, item: Vec<u8>) {
        let mut q = self.lock();
        q.items.push_back(item);
        let wake = q.waiting > 0;
        drop(q);
        if wake {
            self.ready.notify_one();
        }
    }

    /// The oldest item, waiting up to `timeout` for one.
    pub fn pop(&self, timeout: Duration) -> Option<Vec<u8>> {
        let mut q = self.lock();
        if let Some(item) = q.items.pop_front() {
            return Some(item);
        }
        if timeout.is_zero() {
            return None;
        }
        let deadline = Instant::now().checked_add(timeout);
        q.waiting += 1;
        let item = loop {
            let wait = match deadline {
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        break None;
                    }
                    d - now
                }
                // A timeout too large to represent: wait in long slices.
                None => Duration::from_secs(3600),
            };
            q = match self.ready.wait_timeout(q, wait) {
                Ok((guard, _)) => guard,
                Err(e) => e.into_inner().0,
            };
            if let Some(item) = q.items.pop_front() {
                break Some(item);
            }
        };
        q.waiting -= 1;
        item
    }

    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
