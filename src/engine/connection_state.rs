//! updateConnectionState: WaitingForNetwork while the app says there is none (setNetworkType),
//! Connecting until the main DC's session is usable, Updating while
//! an authorized client catches up with what it missed, then Ready. As in TDLib, a change is
//! reported only once it has held a moment (50 ms for a better state, 300 ms for a worse one;
//! at once during the first second), so a connection that drops and comes back at once, or
//! a catch-up that ends at once, is not reported. The first state (Connecting) goes out with
//! setTdlibParameters' answer.

use std::time::{Duration, Instant};

use td_api::{
    ConnectionState, ConnectionStateConnecting, ConnectionStateReady, ConnectionStateUpdating,
    ConnectionStateWaitingForNetwork, UpdateConnectionState,
};

use crate::client::session::Outbox;

const UP_DELAY: Duration = Duration::from_millis(50);
const DOWN_DELAY: Duration = Duration::from_millis(300);
/// Changes in this first stretch are reported at once.
const EAGER_START: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shown {
    WaitingForNetwork,
    Connecting,
    Updating,
    Ready,
}

#[derive(Debug)]
pub struct ConnectionTracker {
    client_id: i32,
    started: Instant,
    connected: bool,
    /// The app said there is a network (setNetworkType).
    network: bool,
    /// Catch-up requests in flight.
    updating: u32,
    shown: Shown,
    /// Since when the real state differs from the one shown.
    differs_since: Option<Instant>,
}

impl ConnectionTracker {
    pub fn new(client_id: i32) -> Self {
        ConnectionTracker {
            client_id,
            started: Instant::now(),
            connected: false,
            network: true,
            updating: 0,
            shown: Shown::Connecting,
            differs_since: None,
        }
    }

    pub fn shown(&self) -> Shown {
        self.shown
    }

    pub fn is_connected(&self) -> bool {
        self.connected
    }

    pub fn td_state(&self) -> ConnectionState {
        match self.shown {
            Shown::WaitingForNetwork => ConnectionStateWaitingForNetwork {}.into(),
            Shown::Connecting => ConnectionStateConnecting {}.into(),
            Shown::Updating => ConnectionStateUpdating {}.into(),
            Shown::Ready => ConnectionStateReady {}.into(),
        }
    }

    fn real(&self) -> Shown {
        if !self.network {
            return Shown::WaitingForNetwork;
        }
        match (self.connected, self.updating > 0) {
            (false, _) => Shown::Connecting,
            (true, true) => Shown::Updating,
            (true, false) => Shown::Ready,
        }
    }

    /// Reports the real state if it has held long enough, else looks again when it will have.
    fn refresh(&mut self, out: &Outbox) {
        let real = self.real();
        if real == self.shown {
            self.differs_since = None;
            return;
        }
        let now = Instant::now();
        let since = *self.differs_since.get_or_insert(now);
        let hold = if now.duration_since(self.started) < EAGER_START {
            Duration::ZERO
        } else if real > self.shown {
            UP_DELAY
        } else {
            DOWN_DELAY
        };
        let held = now.duration_since(since);
        if held >= hold {
            self.shown = real;
            self.differs_since = None;
            out.update(UpdateConnectionState {
                state: Some(self.td_state()),
            });
            return;
        }
        let id = self.client_id;
        let left = hold - held;
        super::spawn(async move {
            tokio::time::sleep(left).await;
            super::with(id, |td| td.engine.connection.refresh(td.out));
        });
    }

    pub fn set_connected(&mut self, connected: bool, out: &Outbox) {
        self.connected = connected;
        self.refresh(out);
    }

    pub fn set_network(&mut self, up: bool, out: &Outbox) {
        self.network = up;
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
