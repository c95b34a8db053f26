//! Faults armed through the control interface (CONTROL.md): what goes wrong, on which request.
//!
//! Request-level faults wait in a list until a request matches them; each fires once. The two
//! immediate kinds (closing every connection, restarting a DC) are carried out by the control
//! side at once and only recorded here.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Which requests a fault waits for; every given field must match.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FaultMatch {
    /// TL name of the innermost function (`messages.sendMessage`).
    pub method: Option<String>,
    pub dc: Option<i32>,
    pub user_id: Option<i64>,
    /// Matching requests let through before the fault fires (the 5th part of a download).
    pub skip: u32,
}

/// A 303 error's kind; the answer is `<KIND>_MIGRATE_<dc>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MigrateKind {
    Phone,
    User,
    Network,
    File,
}

impl MigrateKind {
    pub fn parse(error: &str) -> Option<MigrateKind> {
        Some(match error {
            "PHONE_MIGRATE" => MigrateKind::Phone,
            "USER_MIGRATE" => MigrateKind::User,
            "NETWORK_MIGRATE" => MigrateKind::Network,
            "FILE_MIGRATE" => MigrateKind::File,
            _ => return None,
        })
    }

    pub fn prefix(self) -> &'static str {
        match self {
            MigrateKind::Phone => "PHONE_MIGRATE",
            MigrateKind::User => "USER_MIGRATE",
            MigrateKind::Network => "NETWORK_MIGRATE",
            MigrateKind::File => "FILE_MIGRATE",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// The connection closes without an answer; with `run` the request runs first and its
    /// answer waits in the session (a client that continues the session gets it).
    CloseConnection {
        run: bool,
    },
    BadServerSalt,
    FloodWait {
        seconds: i32,
    },
    Migrate {
        kind: MigrateKind,
        dc: i32,
    },
    RpcError {
        code: i32,
        message: String,
    },
    Delay {
        ms: u64,
    },
    RestartDc {
        dc: i32,
    },
    /// At once: updatesTooLong to every online session of the user.
    UpdatesTooLong {
        user_id: i64,
    },
    /// At once: updateChannelTooLong for the channel to every online session of the user.
    ChannelTooLong {
        user_id: i64,
        channel_id: i64,
    },
    /// The matching updates.getDifference answers updates.differenceTooLong.
    DifferenceTooLong,
    /// The matching updates.getChannelDifference answers updates.channelDifferenceTooLong.
    ChannelDifferenceTooLong,
}

impl FaultKind {
    /// The `kind` of the control interface's JSON.
    pub fn name(&self) -> &'static str {
        match self {
            FaultKind::CloseConnection { .. } => "close_connection",
            FaultKind::BadServerSalt => "bad_server_salt",
            FaultKind::FloodWait { .. } => "flood_wait",
            FaultKind::Migrate { .. } => "migrate",
            FaultKind::RpcError { .. } => "rpc_error",
            FaultKind::Delay { .. } => "delay",
            FaultKind::RestartDc { .. } => "restart_dc",
            FaultKind::UpdatesTooLong { .. } => "updates_too_long",
            FaultKind::ChannelTooLong { .. } => "channel_too_long",
            FaultKind::DifferenceTooLong => "difference_too_long",
            FaultKind::ChannelDifferenceTooLong => "channel_difference_too_long",
        }
    }

    /// The rpc_error this fault answers with, for the kinds that answer one.
    pub fn rpc_error(&self) -> Option<(i32, String)> {
        match self {
            FaultKind::FloodWait { seconds } => Some((420, format!("FLOOD_WAIT_{seconds}"))),
            FaultKind::Migrate { kind, dc } => Some((303, format!("{}_{dc}", kind.prefix()))),
            FaultKind::RpcError { code, message } => Some((*code, message.clone())),
            _ => None,
        }
    }
}

/// A fault as listed by `GET /faults`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    pub id: u64,
    pub kind: FaultKind,
    pub matcher: FaultMatch,
    pub fired: bool,
}

/// What a request looks like to the matcher.
#[derive(Clone, Copy, Debug)]
pub struct RequestInfo<'a> {
    pub method: &'a str,
    pub dc: i32,
    /// Filled only when some armed fault asks for a user (see [`Faults::wants_user`]).
    pub user_id: Option<i64>,
}

#[derive(Default)]
struct Book {
    next_id: u64,
    faults: Vec<Fault>,
}

/// Every fault of the server.
#[derive(Default)]
pub struct Faults {
    book: Mutex<Book>,
    /// Fast path: false while no request-level fault waits.
    pending: AtomicBool,
}

impl Faults {
    pub fn new() -> Faults {
        Faults::default()
    }

    fn book(&self) -> std::sync::MutexGuard<'_, Book> {
        self.book.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Arms a fault that waits for a request (`fired` false) or records one carried out at
    /// once (`fired` true). Returns its id.
    pub fn add(&self, kind: FaultKind, matcher: FaultMatch, fired: bool) -> u64 {
        let mut book = self.book();
        book.next_id += 1;
        let id = book.next_id;
        book.faults.push(Fault {
            id,
            kind,
            matcher,
            fired,
        });
        self.refresh(&book);
        id
    }

    fn refresh(&self, book: &Book) {
        self.pending
            .store(book.faults.iter().any(|f| !f.fired), Ordering::Release);
    }

    /// True when some unfired fault matches on the user, so the caller must look it up.
    pub fn wants_user(&self) -> bool {
        self.pending.load(Ordering::Acquire)
            && self
                .book()
                .faults
                .iter()
                .any(|f| !f.fired && f.matcher.user_id.is_some())
    }

    /// The first unfired fault matching `req`, now marked fired.
    pub fn take(&self, req: &RequestInfo<'_>) -> Option<FaultKind> {
        if !self.pending.load(Ordering::Acquire) {
            return None;
        }
        let mut book = self.book();
        let mut chosen = None;
        for (i, f) in book.faults.iter_mut().enumerate() {
            if f.fired
                || f.matcher.method.as_deref().is_some_and(|m| m != req.method)
                || f.matcher.dc.is_some_and(|d| d != req.dc)
                || f.matcher.user_id.is_some_and(|u| Some(u) != req.user_id)
            {
                continue;
            }
            if f.matcher.skip > 0 {
                f.matcher.skip -= 1;
                continue;
            }
            chosen = Some(i);
            break;
        }
        let fault = &mut book.faults[chosen?];
        fault.fired = true;
        let kind = fault.kind.clone();
        self.refresh(&book);
        Some(kind)
    }

    pub fn list(&self) -> Vec<Fault> {
        self.book().faults.clone()
    }

    pub fn get(&self, id: u64) -> Option<Fault> {
        self.book().faults.iter().find(|f| f.id == id).cloned()
    }

    /// Disarms (forgets) every fault.
    pub fn clear(&self) {
        let mut book = self.book();
        book.faults.clear();
        self.refresh(&book);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, dc: i32, user_id: Option<i64>) -> RequestInfo<'_> {
        RequestInfo {
            method,
            dc,
            user_id,
        }
    }

    #[test]
    fn a_fault_fires_once_on_the_first_matching_request() {
        let faults = Faults::new();
        let matcher = FaultMatch {
            method: Some("messages.sendMessage".into()),
            dc: Some(2),
            ..FaultMatch::default()
        };
        let id = faults.add(FaultKind::FloodWait { seconds: 3 }, matcher, false);
        assert_eq!(faults.take(&req("messages.getHistory", 2, None)), None);
        assert_eq!(faults.take(&req("messages.sendMessage", 1, None)), None);
        assert!(!faults.get(id).unwrap().fired);
        let kind = faults.take(&req("messages.sendMessage", 2, None)).unwrap();
        assert_eq!(kind.rpc_error(), Some((420, "FLOOD_WAIT_3".into())));
        assert!(faults.get(id).unwrap().fired);
        assert_eq!(faults.take(&req("messages.sendMessage", 2, None)), None);
    }

    #[test]
    fn skip_lets_matching_requests_through_first() {
        let faults = Faults::new();
        let matcher = FaultMatch {
            method: Some("upload.getFile".into()),
            skip: 2,
            ..FaultMatch::default()
        };
        let id = faults.add(FaultKind::Delay { ms: 5 }, matcher, false);
        assert_eq!(faults.take(&req("upload.getFile", 1, None)), None);
        assert_eq!(faults.take(&req("messages.getHistory", 1, None)), None);
        assert_eq!(faults.take(&req("upload.getFile", 1, None)), None);
        assert!(!faults.get(id).unwrap().fired);
        assert_eq!(
            faults.take(&req("upload.getFile", 1, None)),
            Some(FaultKind::Delay { ms: 5 })
        );
        assert!(faults.get(id).unwrap().fired);
    }

    #[test]
    fn user_matching_and_clearing() {
        let faults = Faults::new();
        let matcher = FaultMatch {
            user_id: Some(7),
            ..FaultMatch::default()
        };
        faults.add(FaultKind::BadServerSalt, matcher, false);
        assert!(faults.wants_user());
        assert_eq!(faults.take(&req("help.getConfig", 1, Some(8))), None);
        assert_eq!(faults.take(&req("help.getConfig", 1, None)), None);
        faults.clear();
        assert!(!faults.wants_user());
        assert!(faults.list().is_empty());
        let migrate = FaultKind::Migrate {
            kind: MigrateKind::parse("FILE_MIGRATE").unwrap(),
            dc: 3,
        };
        assert_eq!(migrate.rpc_error(), Some((303, "FILE_MIGRATE_3".into())));
        assert_eq!(MigrateKind::parse("NOPE_MIGRATE"), None);
    }
}
