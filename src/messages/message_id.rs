//! TDLib's message identifiers: a server message id shifted by 20 bits, with the low bits
//! free for messages that have no server id yet (ENGINE.md §2).

const SERVER_ID_SHIFT: u32 = 20;
const TYPE_MASK: i64 = 7;
const TYPE_YET_UNSENT: i64 = 1;
const FULL_TYPE_MASK: i64 = (1 << SERVER_ID_SHIFT) - 1;

pub fn from_server(server_id: i32) -> i64 {
    i64::from(server_id) << SERVER_ID_SHIFT
}

/// The server id of an id that has one.
pub fn server_id(id: i64) -> Option<i32> {
    if id <= 0 || id & FULL_TYPE_MASK != 0 {
        return None;
    }
    i32::try_from(id >> SERVER_ID_SHIFT).ok()
}

pub fn is_server(id: i64) -> bool {
    server_id(id).is_some()
}

pub fn is_yet_unsent(id: i64) -> bool {
    id > 0 && id & TYPE_MASK == TYPE_YET_UNSENT
}

/// Whether an app may name this id at all (server, yet-unsent or local; not scheduled).
pub fn is_valid(id: i64) -> bool {
    id > 0 && (is_server(id) || matches!(id & TYPE_MASK, 1 | 2)) && id <= i64::from(i32::MAX) << 20
}

/// The next yet-unsent id after the largest id the chat knows: rounded up to a multiple of
/// 8, plus the type, so it sorts after the last message and before the next server one.
pub fn next_yet_unsent(largest: i64) -> i64 {
    ((largest.max(0) + TYPE_MASK) & !TYPE_MASK) | TYPE_YET_UNSENT
}

/// The server id a message at or below `id` would have: what a server offset needs.
pub fn server_floor(id: i64) -> i32 {
    i32::try_from(id.max(0) >> SERVER_ID_SHIFT).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_tdlib_layout() {
        assert_eq!(from_server(1), 1 << 20);
        assert_eq!(server_id(from_server(77)), Some(77));
        assert_eq!(server_id(from_server(77) + 1), None);
        let t = next_yet_unsent(from_server(5));
        assert_eq!(t, 5 * (1 << 20) + 1);
        assert!(is_yet_unsent(t) && !is_server(t));
        assert_eq!(next_yet_unsent(t), t + 8);
        assert!(next_yet_unsent(t + 8) < from_server(6));
        assert!(is_valid(t) && is_valid(from_server(3)) && !is_valid(0) && !is_valid(4));
        assert_eq!(server_floor(t), 5);
    }
}
