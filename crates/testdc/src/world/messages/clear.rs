//! messages.deleteHistory: clearing a private chat or basic group, in batches.
//!
//! The messages of the caller's box with the peer, up to `max_id` (0: all) and, in private
//! chats, dated strictly between `min_date` and `max_date`, are deleted newest first, at
//! most [`Config::history_delete_batch`](crate::world::Config) per call; `offset` in the
//! answer is how many remain (the client calls again while it is positive). `revoke` also
//! deletes the copies the caller may revoke (every message of a private chat; in a basic
//! group their own, or any for its creator), pushed as updateDeleteMessages in each owner's
//! pts. Without `just_clear` a dialog left empty leaves the caller's chat list (as deleting
//! every message does); with it the emptied dialog stays.

use rusqlite::types::Value;

use super::Affected;
use crate::world::error::{fail, RpcError};
use crate::world::ids::{InputPeer, Peer};
use crate::world::{Caller, World, WorldResult};

/// What messages.deleteHistory asks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistoryDeletion {
    pub just_clear: bool,
    pub revoke: bool,
    /// 0: no bound.
    pub max_id: i32,
    pub min_date: Option<i32>,
    pub max_date: Option<i32>,
}

/// messages.affectedHistory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AffectedHistory {
    pub pts: i32,
    pub pts_count: i32,
    /// Matching messages left for the next call (0: done).
    pub offset: i32,
}

impl World {
    /// messages.deleteHistory.
    pub fn delete_history(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        what: HistoryDeletion,
        now: i32,
    ) -> WorldResult<AffectedHistory> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        if let Peer::Channel(_) = peer {
            return fail(RpcError::PeerIdInvalid);
        }
        if what.max_id < 0 {
            return fail(RpcError::MessageIdInvalid);
        }
        if what.min_date.is_some_and(|d| d < 0) {
            return fail(RpcError::MinDateInvalid);
        }
        if what.max_date.is_some_and(|d| d < 0) {
            return fail(RpcError::MaxDateInvalid);
        }
        if matches!(peer, Peer::Chat(_)) && (what.min_date.is_some() || what.max_date.is_some()) {
            return fail(RpcError::ChatRevokeDateUnsupported);
        }
        let batch = self.config.history_delete_batch.max(1);
        self.atomically(|w| {
            let (kind, id) = peer.to_columns();
            let mut sql = String::from(
                "SELECT id FROM messages WHERE box = ? AND peer_kind = ? AND peer_id = ?",
            );
            let mut values = vec![
                Value::Integer(caller.user_id),
                Value::Integer(kind),
                Value::Integer(id),
            ];
            if what.max_id > 0 {
                sql.push_str(" AND id <= ?");
                values.push(Value::Integer(what.max_id.into()));
            }
            if let Some(min) = what.min_date {
                sql.push_str(" AND date > ?");
                values.push(Value::Integer(min.into()));
            }
            if let Some(max) = what.max_date {
                sql.push_str(" AND date < ?");
                values.push(Value::Integer(max.into()));
            }
            sql.push_str(" ORDER BY id DESC");
            let ids: Vec<i32> = {
                let mut stmt = w.db().prepare(&sql)?;
                let rows = stmt.query_map(rusqlite::params_from_iter(values), |row| row.get(0))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            let take = ids.len().min(batch);
            let offset = (ids.len() - take) as i32;
            if take == 0 {
                if !what.just_clear {
                    // A dialog emptied by an earlier just_clear goes now.
                    w.refresh_dialog(caller.user_id, peer)?;
                }
                return Ok(AffectedHistory {
                    pts: w.stored_state(caller.user_id)?.0,
                    pts_count: 0,
                    offset: 0,
                });
            }
            let keep = what.just_clear || offset > 0;
            let Affected { pts, pts_count } =
                w.delete_from_box(caller, &ids[..take], what.revoke, keep, now)?;
            Ok(AffectedHistory {
                pts,
                pts_count,
                offset,
            })
        })
    }
}
