//! The msg_ids recently received from the peer, to drop duplicates and to
//! answer msgs_state_req.

use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Seen {
    New,
    Duplicate,
    /// Older than anything remembered: cannot tell whether it is a duplicate.
    TooOld,
}

#[derive(Debug, Clone)]
pub(crate) struct ReceivedIds {
    ids: BTreeSet<i64>,
    cap: usize,
}

impl ReceivedIds {
    pub(crate) fn new(cap: usize) -> Self {
        ReceivedIds {
            ids: BTreeSet::new(),
            cap: cap.max(1),
        }
    }

    pub(crate) fn insert(&mut self, id: i64) -> Seen {
        if self.ids.contains(&id) {
            return Seen::Duplicate;
        }
        if self.ids.len() >= self.cap {
            if self.ids.first().is_some_and(|&min| id < min) {
                return Seen::TooOld;
            }
            self.ids.pop_first();
        }
        self.ids.insert(id);
        Seen::New
    }

    /// Forgets `id`, as if never received.
    pub(crate) fn remove(&mut self, id: i64) {
        self.ids.remove(&id);
    }

    pub(crate) fn contains(&self, id: i64) -> bool {
        self.ids.contains(&id)
    }

    pub(crate) fn min(&self) -> Option<i64> {
        self.ids.first().copied()
    }

    pub(crate) fn max(&self) -> Option<i64> {
        self.ids.last().copied()
    }

    pub(crate) fn clear(&mut self) {
        self.ids.clear();
    }
}
