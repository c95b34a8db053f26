//! What both roles do the same way before a packet goes out: acknowledgements
//! wait a little to travel together, and queued messages are taken in
//! batches that fit one container.

use std::collections::VecDeque;

use super::{wire, ACK_BATCH, ACK_DELAY_NANOS, MAX_PACKED_MESSAGES, MAX_PACKET_BODY};
use crate::UnixTime;

/// msg_ids received and not yet acknowledged.
#[derive(Debug, Default)]
pub(crate) struct PendingAcks {
    ids: Vec<i64>,
    /// When the oldest id arrived (the batch is flushed `ACK_DELAY_NANOS` later).
    oldest: Option<UnixTime>,
}

impl PendingAcks {
    pub(crate) fn push(&mut self, now: UnixTime, msg_id: i64) {
        if self.ids.is_empty() {
            self.oldest = Some(now);
        }
        self.ids.push(msg_id);
    }

    /// Takes `msg_id` back (its message is refused after all).
    pub(crate) fn remove(&mut self, msg_id: i64) {
        self.ids.retain(|&id| id != msg_id);
        if self.ids.is_empty() {
            self.oldest = None;
        }
    }

    pub(crate) fn clear(&mut self) {
        self.ids.clear();
        self.oldest = None;
    }

    /// When the pending acks must go out even with nothing else to send.
    pub(crate) fn deadline(&self) -> Option<UnixTime> {
        self.oldest.map(|t| t.add_nanos(ACK_DELAY_NANOS))
    }

    /// Whether acks go in the next packet: with other messages, when many
    /// wait, or when the oldest waited long enough.
    pub(crate) fn due(&self, now: UnixTime, other_messages: bool) -> bool {
        !self.ids.is_empty()
            && (other_messages
                || self.ids.len() >= ACK_BATCH
                || self.deadline().is_some_and(|t| now >= t))
    }

    /// msgs_ack for up to `wire::MAX_IDS` pending ids (the rest wait, as of `now`).
    pub(crate) fn take_message(&mut self, now: UnixTime) -> Vec<u8> {
        let ids: Vec<i64> = self
            .ids
            .drain(..self.ids.len().min(wire::MAX_IDS))
            .collect();
        self.oldest = if self.ids.is_empty() { None } else { Some(now) };
        wire::ids_message(wire::MSGS_ACK, &ids)
    }
}

/// Takes queued messages from the front while they fit one packet: at most
/// `MAX_PACKED_MESSAGES` (one place is left for acks) and `MAX_PACKET_BODY`
/// bytes, but always at least one. `alone` marks a message that must travel
/// by itself: it is taken only first, and ends the batch.
pub(crate) fn take_batch<T>(
    queue: &mut VecDeque<T>,
    body_len: impl Fn(&T) -> usize,
    alone: impl Fn(&T) -> bool,
) -> Vec<T> {
    let mut chosen: Vec<T> = Vec::new();
    let mut size = 0usize;
    while let Some(m) = queue.front() {
        if !chosen.is_empty()
            && (alone(m)
                || chosen.len() + 1 >= MAX_PACKED_MESSAGES
                || size + body_len(m) > MAX_PACKET_BODY)
        {
            break;
        }
        size += body_len(m) + 16;
        let single = alone(m);
        if let Some(m) = queue.pop_front() {
            chosen.push(m);
        }
        if single {
            break;
        }
    }
    chosen
}
