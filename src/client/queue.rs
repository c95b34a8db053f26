//! The receive queue: finished answers and updates (NUL-terminated JSON) waiting for
//! td_receive. One is shared by all clients of td_create_client_id; each client of the old
//! td_json_client_* interface has its own.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

#[derive(Default)]
pub struct ReceiveQueue {
    items: Mutex<VecDeque<Vec<u8>>>,
    ready: Condvar,
}

impl ReceiveQueue {
    pub const fn new() -> Self {
        Self {
            items: Mutex::new(VecDeque::new()),
            ready: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, VecDeque<Vec<u8>>> {
        self.items.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn push(&self, item: Vec<u8>) {
        self.lock().push_back(item);
        self.ready.notify_one();
    }

    pub fn push_all(&self, items: impl IntoIterator<Item = Vec<u8>>) {
        let mut q = self.lock();
        let before = q.len();
        q.extend(items);
        let added = q.len() > before;
        drop(q);
        if added {
            self.ready.notify_one();
        }
    }

    /// The oldest item, waiting up to `timeout` for one.
    pub fn pop(&self, timeout: Duration) -> Option<Vec<u8>> {
        let mut q = self.lock();
        if let Some(item) = q.pop_front() {
            return Some(item);
        }
        if timeout.is_zero() {
            return None;
        }
        let deadline = Instant::now().checked_add(timeout);
        loop {
            let wait = match deadline {
                Some(d) => {
                    let now = Instant::now();
                    if now >= d {
                        return None;
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
            if let Some(item) = q.pop_front() {
                return Some(item);
            }
        }
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
