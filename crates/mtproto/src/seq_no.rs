//! seq_no: twice the number of content-related messages sent before, plus one
//! if this message is content-related itself.

/// Per-session, per-direction seq_no counter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeqNo {
    content_sent: i32,
}

impl SeqNo {
    pub fn new() -> Self {
        Self::default()
    }

    /// The seq_no for the next message.
    pub fn next(&mut self, content_related: bool) -> i32 {
        let base = self.content_sent.wrapping_mul(2);
        if content_related {
            self.content_sent = self.content_sent.wrapping_add(1);
            base | 1
        } else {
            base
        }
    }

    /// Content-related messages counted so far.
    pub fn content_sent(&self) -> i32 {
        self.content_sent
    }

    /// Restarts the count (new session, or after bad_msg_notification 32/33
    /// when the client chooses to start a fresh session).
    pub fn reset(&mut self) {
        self.content_sent = 0;
    }
}
