//! Caller-supplied wall-clock time. The core never reads a clock itself.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in Unix time with nanosecond resolution, given by the caller.
///
/// msg_ids carry Unix time, so the protocol needs wall-clock (not monotonic)
/// time; timers inside the core (ack flushing, ping deadlines) are measured
/// on the same scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct UnixTime {
    nanos: i64,
}

impl UnixTime {
    pub const fn from_nanos(nanos: i64) -> Self {
        UnixTime { nanos }
    }

    pub const fn from_secs(secs: i64) -> Self {
        UnixTime {
            nanos: secs.saturating_mul(1_000_000_000),
        }
    }

    pub fn from_secs_f64(secs: f64) -> Self {
        UnixTime {
            nanos: (secs * 1e9) as i64,
        }
    }

    /// Reads `SystemTime`; for callers (the engine, testdc), never the core.
    pub fn from_system_time(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => UnixTime::from_nanos(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)),
            Err(e) => {
                UnixTime::from_nanos(-i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX))
            }
        }
    }

    pub const fn as_nanos(self) -> i64 {
        self.nanos
    }

    /// Whole seconds (floor).
    pub const fn as_secs(self) -> i64 {
        self.nanos.div_euclid(1_000_000_000)
    }

    pub fn as_secs_f64(self) -> f64 {
        self.nanos as f64 / 1e9
    }

    pub fn plus(self, d: Duration) -> Self {
        UnixTime {
            nanos: self
                .nanos
                .saturating_add(i64::try_from(d.as_nanos()).unwrap_or(i64::MAX)),
        }
    }

    pub fn add_nanos(self, n: i64) -> Self {
        UnixTime {
            nanos: self.nanos.saturating_add(n),
        }
    }

    /// `self - earlier`, zero if `earlier` is later.
    pub fn since(self, earlier: UnixTime) -> Duration {
        let d = self.nanos.saturating_sub(earlier.nanos);
        Duration::from_nanos(u64::try_from(d).unwrap_or(0))
    }
}
