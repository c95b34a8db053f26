//! random_id deduplication, as core.telegram.org/api/updates describes it under
//! updateMessageID: a random_id an account used towards a peer, from any of its sessions and
//! with any sending method, names what its first call made, and used values never expire.
//! A repeated one answers that message again and creates (and pushes) nothing; when that
//! message no longer exists there is nothing to answer with: `500 RANDOM_ID_DUPLICATE`, the
//! error Telegram gives while the first call still runs (which cannot happen here: calls run
//! one at a time).

use rusqlite::{params, OptionalExtension};

use super::Sent;
use crate::world::error::{fail, RpcError};
use crate::world::ids::{MessageBox, Peer};
use crate::world::{Caller, World, WorldResult};

impl World {
    /// The answer to a random_id `caller` already used towards `peer`: the earlier message
    /// with the pts its sending had (`pts_count` 0 and today's pts when that is unknown).
    pub(crate) fn earlier_send(
        &self,
        caller: Caller,
        peer: Peer,
        random_id: i64,
    ) -> WorldResult<Option<Sent>> {
        let (kind, id) = peer.to_columns();
        let found: Option<(i64, i32, i32, i32)> = self
            .db()
            .prepare_cached(
                "SELECT box, msg_id, pts, pts_count FROM random_ids
                 WHERE user_id = ?1 AND peer_kind = ?2 AND peer_id = ?3 AND random_id = ?4",
            )?
            .query_row(params![caller.user_id, kind, id, random_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
        let Some((owner, msg_id, pts, pts_count)) = found else {
            return Ok(None);
        };
        let owner = MessageBox::from_key(owner);
        let Some(message) = self.load_message(owner, msg_id, caller.user_id)? else {
            return fail(RpcError::RandomIdDuplicate);
        };
        let (pts, pts_count) = if pts > 0 {
            (pts, pts_count)
        } else {
            let now_pts = match peer {
                Peer::Channel(channel) => self.existing_channel(channel)?.pts,
                _ => self.stored_state(caller.user_id)?.0,
            };
            (now_pts, 0)
        };
        Ok(Some(Sent {
            message,
            random_id: Some(random_id),
            pts,
            pts_count,
            duplicate: true,
        }))
    }

    /// Remembers that `sender` used `random_id` towards `peer` for `sent`.
    pub(crate) fn record_random_id(
        &self,
        sender: Caller,
        peer: Peer,
        random_id: i64,
        sent: &Sent,
    ) -> WorldResult<()> {
        let (kind, id) = peer.to_columns();
        self.db()
            .prepare_cached(
                "INSERT OR IGNORE INTO random_ids
                    (user_id, peer_kind, peer_id, random_id, box, msg_id, pts, pts_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                sender.user_id,
                kind,
                id,
                random_id,
                sent.message.owner.key(),
                sent.message.id,
                sent.pts,
                sent.pts_count
            ])?;
        Ok(())
    }
}
