//! updateConnectionState: Connecting until the main DC's session is usable, Updating while
//! an authorized client catches up with what it missed, then Ready. Each change is sent
//! once; the first (Connecting) goes out with setTdlibParameters' answer.

use td_api::{
    ConnectionState, ConnectionStateConnecting, ConnectionStateReady, ConnectionStateUpdating,
    UpdateConnectionState,
};

use crate::client::session::Outbox;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Connecting,
    Updating,
    Ready,
}

#[derive(Debug)]
pub struct ConnectionTracker {
    connected: bool,
    /// Catch-up requests in flight.
    updating: u32,
    shown: Shown,
}

impl Default for ConnectionTracker {
    fn default() -> Self {
        ConnectionTracker {
            connected: false,
            updating: 0,
            shown: Shown::Connecting,
        }
    }
}

impl ConnectionTracker {
    pub fn shown(&self) -> Shown {
        self.shown
    }

    pub fn is_connected(&self) -> bool {
        self.connected
    }

    pub fn td_state(&self) -> ConnectionState {
        match self.shown {
            Shown::Connecting => ConnectionStateConnecting {}.into(),
            Shown::Updating => ConnectionStateUpdating {}.into(),
            Shown::Ready => ConnectionStateReady {}.into(),
        }
    }

    fn refresh(&mut self, out: &Outbox) {
        let now = match (self.connected, self.updating > 0) {
            (false, _) => Shown::Connecting,
            (true, true) => Shown::Updating,
            (true, false) => Shown::Ready,
        };
        if now != self.shown {
            self.shown = now;
            out.update(UpdateConnectionState {
                state: Some(self.td_state()),
            });
        }
    }

    pub fn set_connected(&mut self, connected: bool, out: &Outbox) {
        self.connected = connected;
        self.refresh(out);
    }

    pub fn begin_update(&mut self, out: &Outbox) {
        self.updating += 1;
        self.refresh(out);
    }

    pub fn end_update(&mut self, out: &Outbox) {
        self.updating = self.updating.saturating_sub(1);
        self.refresh(out);
    }
}
