//! One update sequence: the account's pts or qts, or a channel's pts. Sans-IO: an update
//! is offered with its (pts, pts_count); the sequence says whether to apply it now, drop it
//! as already applied, or hold it because updates before it are missing. Held updates are
//! released in order as the gap fills; a gap left open past [`GAP_WAIT`] is for the caller
//! to fill from the server (updates.getDifference / getChannelDifference).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// How long a gap may stay open before the difference is asked for: updates often arrive
/// a little out of order (TDLib's MAX_UNFILLED_GAP_TIME).
pub const GAP_WAIT: Duration = Duration::from_millis(700);

#[derive(Debug, PartialEq, Eq)]
pub enum Offer<T> {
    /// Apply it; the sequence has moved on.
    Apply(T),
    /// Already applied (or older): drop it.
    Old,
    /// Held until the gap before it fills.
    Held,
}

#[derive(Debug)]
pub struct Sequence<T> {
    /// The last value applied; `None` while unknown (the first update sets it).
    value: Option<i32>,
    /// Held updates by the value they need the sequence to be at (pts − pts_count).
    held: BTreeMap<i32, Vec<(i32, T)>>,
    gap_since: Option<Instant>,
}

impl<T> Default for Sequence<T> {
    fn default() -> Self {
        Self {
            value: None,
            held: BTreeMap::new(),
            gap_since: None,
        }
    }
}

impl<T> Sequence<T> {
    pub fn new(value: Option<i32>) -> Self {
        Self {
            value,
            ..Self::default()
        }
    }

    pub fn value(&self) -> Option<i32> {
        self.value
    }

    /// Sets the value (from the server's state or a difference); held updates it covers
    /// are dropped, the rest wait on.
    pub fn set(&mut self, value: i32) {
        self.value = Some(value);
        self.held = std::mem::take(&mut self.held)
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    v.into_iter()
                        .filter(|(pts, _)| *pts > value)
                        .collect::<Vec<_>>(),
                )
            })
            .filter(|(_, v)| !v.is_empty())
            .collect();
        if self.held.is_empty() {
            self.gap_since = None;
        }
    }

    pub fn offer(&mut self, pts: i32, pts_count: i32, update: T, now: Instant) -> Offer<T> {
        let Some(value) = self.value else {
            self.value = Some(pts);
            return Offer::Apply(update);
        };
        if pts_count == 0 {
            // Nothing to order: only its pts may move the sequence forward.
            if pts > value && self.held.is_empty() {
                self.value = Some(pts);
            }
            return Offer::Apply(update);
        }
        if pts <= value {
            return Offer::Old;
        }
        if pts - pts_count == value {
            self.value = Some(pts);
            return Offer::Apply(update);
        }
        if pts - pts_count < value {
            // Overlaps what was applied: only a difference can tell what it holds.
            self.gap_since.get_or_insert(now);
            self.held.entry(value).or_default().push((pts, update));
            return Offer::Held;
        }
        self.held
            .entry(pts - pts_count)
            .or_default()
            .push((pts, update));
        self.gap_since.get_or_insert(now);
        Offer::Held
    }

    /// Held updates the sequence has reached, in order (call after each applied update).
    pub fn release(&mut self) -> Vec<T> {
        let mut out = Vec::new();
        while let Some(value) = self.value {
            let Some(list) = self.held.remove(&value) else {
                break;
            };
            let mut next = value;
            for (pts, update) in list {
                if pts > next {
                    next = pts;
                    out.push(update);
                }
            }
            self.value = Some(next);
        }
        self.held.retain(|k, _| Some(*k) > self.value);
        if self.held.is_empty() {
            self.gap_since = None;
        }
        out
    }

    /// Whether a gap has stayed open long enough to ask the server.
    pub fn gap_expired(&self, now: Instant) -> bool {
        self.gap_since
            .is_some_and(|since| now.saturating_duration_since(since) >= GAP_WAIT)
    }

    pub fn has_gap(&self) -> bool {
        self.gap_since.is_some()
    }

    /// Everything held, for a difference that replaces them.
    pub fn clear_held(&mut self) {
        self.held.clear();
        self.gap_since = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_applies_old_drops_and_gaps_hold_until_filled() {
        let now = Instant::now();
        let mut s = Sequence::new(Some(10));
        assert_eq!(s.offer(11, 1, "a", now), Offer::Apply("a"));
        assert_eq!(s.offer(11, 1, "a again", now), Offer::Old);
        assert_eq!(s.offer(14, 2, "c", now), Offer::Held);
        assert!(s.has_gap() && !s.gap_expired(now));
        assert!(s.gap_expired(now + GAP_WAIT));
        assert!(!s.gap_expired(now + GAP_WAIT / 2));
        assert_eq!(s.offer(12, 1, "b", now), Offer::Apply("b"));
        assert_eq!(s.release(), vec!["c"]);
        assert_eq!(s.value(), Some(14));
        assert!(!s.has_gap());
    }

    #[test]
    fn a_difference_drops_what_it_covered() {
        let now = Instant::now();
        let mut s = Sequence::new(Some(1));
        assert_eq!(s.offer(5, 1, 5, now), Offer::Held);
        assert_eq!(s.offer(7, 1, 7, now), Offer::Held);
        s.set(5);
        assert!(s.has_gap(), "7 still waits for 6");
        s.set(6);
        assert_eq!(s.release(), vec![7]);
        assert!(!s.has_gap());
        let mut u: Sequence<i32> = Sequence::new(None);
        assert_eq!(
            u.offer(40, 3, 1, now),
            Offer::Apply(1),
            "an unknown sequence starts here"
        );
        assert_eq!(u.value(), Some(40));
    }
}
