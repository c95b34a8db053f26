//! What an rpc_error asks of the client: wait, move to another DC, try again, or tell the app.

/// An error from the server (or from the way to it) as the layers above see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RpcError {
    pub code: i32,
    pub message: String,
}

impl RpcError {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        RpcError {
            code,
            message: message.into(),
        }
    }

    pub fn is(&self, message: &str) -> bool {
        self.message == message
    }

    /// The td_api error the app gets.
    pub fn to_td(&self) -> td_api::Error {
        td_api::Error {
            code: self.code,
            message: self.message.clone(),
        }
    }
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.message)
    }
}

/// What to do about an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// 420 FLOOD_WAIT_N and its kin: wait N seconds, then repeat.
    Wait { seconds: i32 },
    /// 303 PHONE/NETWORK/USER_MIGRATE_X: the account lives on DC X from now on.
    MoveHome { dc_id: i32 },
    /// 303 FILE_MIGRATE_X and others: repeat this request on DC X.
    UseDc { dc_id: i32 },
    /// 5xx: the server failed; repeat after a pause.
    Retry,
    /// Anything else goes to the app as it is.
    Report,
}

const WAIT_PREFIXES: [&str; 5] = [
    "FLOOD_WAIT_",
    "SLOWMODE_WAIT_",
    "2FA_CONFIRM_WAIT_",
    "TAKEOUT_INIT_DELAY_",
    "FLOOD_PREMIUM_WAIT_",
];

fn suffix_number(message: &str, prefix: &str) -> Option<i32> {
    message.strip_prefix(prefix)?.parse().ok()
}

pub fn action(e: &RpcError) -> Action {
    match e.code {
        420 => WAIT_PREFIXES
            .iter()
            .find_map(|p| suffix_number(&e.message, p))
            .map(|s| Action::Wait {
                seconds: s.clamp(1, 14 * 24 * 3600),
            })
            .unwrap_or(Action::Report),
        303 => {
            for prefix in ["PHONE_MIGRATE_", "NETWORK_MIGRATE_", "USER_MIGRATE_"] {
                if let Some(dc_id) = suffix_number(&e.message, prefix) {
                    return Action::MoveHome { dc_id };
                }
            }
            match e.message.rsplit_once('_').and_then(|(_, n)| n.parse().ok()) {
                Some(dc_id) => Action::UseDc { dc_id },
                None => Action::Report,
            }
        }
        500..=599 => Action::Retry,
        _ => Action::Report,
    }
}

/// The app's answer to a flood wait too long to sit out.
pub fn too_many_requests(seconds: i32) -> RpcError {
    RpcError::new(429, format!("Too Many Requests: retry after {seconds}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_map_to_actions() {
        let a = |code, m: &str| action(&RpcError::new(code, m));
        assert_eq!(a(420, "FLOOD_WAIT_7"), Action::Wait { seconds: 7 });
        assert_eq!(a(420, "FLOOD_WAIT_0"), Action::Wait { seconds: 1 });
        assert_eq!(a(420, "SLOWMODE_WAIT_30"), Action::Wait { seconds: 30 });
        assert_eq!(a(420, "FLOOD_WAIT_x"), Action::Report);
        assert_eq!(a(303, "PHONE_MIGRATE_2"), Action::MoveHome { dc_id: 2 });
        assert_eq!(a(303, "USER_MIGRATE_3"), Action::MoveHome { dc_id: 3 });
        assert_eq!(a(303, "NETWORK_MIGRATE_1"), Action::MoveHome { dc_id: 1 });
        assert_eq!(a(303, "FILE_MIGRATE_4"), Action::UseDc { dc_id: 4 });
        assert_eq!(a(303, "WHATEVER"), Action::Report);
        assert_eq!(a(500, "INTERNAL"), Action::Retry);
        assert_eq!(a(400, "PHONE_CODE_INVALID"), Action::Report);
        assert_eq!(
            too_many_requests(100).message,
            "Too Many Requests: retry after 100"
        );
    }
}
