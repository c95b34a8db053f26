//! messages.readHistory and channels.readHistory: the reader's inbox mark moves, and the
//! senders' outbox marks follow (updateReadHistoryOutbox in their pts sequence, or
//! updateReadChannelOutbox in their seq for channels).

use rusqlite::{params, OptionalExtension};

use super::Affected;
use crate::world::error::{fail, RpcError};
use crate::world::ids::{ChannelId, InputChannel, InputPeer, MessageBox, Peer, UserId};
use crate::world::updates::{LoggedEvent, Update};
use crate::world::{Caller, World, WorldResult};

impl World {
    /// Marks `caller`'s messages from `peer` up to `max_id` (0: all) as read.
    pub fn read_history(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        max_id: i32,
        now: i32,
    ) -> WorldResult<Affected> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        if let Peer::Channel(_) = peer {
            return fail(RpcError::PeerIdInvalid);
        }
        self.atomically(|w| {
            let unchanged = Affected {
                pts: w.stored_state(caller.user_id)?.0,
                pts_count: 0,
            };
            let Some(dialog) = w.dialog(caller.user_id, peer)? else {
                return Ok(unchanged);
            };
            let new_max = if max_id <= 0 {
                dialog.top_message
            } else {
                max_id.min(dialog.top_message)
            };
            if new_max <= dialog.read_inbox_max_id {
                return Ok(unchanged);
            }
            let unread = w.count_unread(caller.user_id, peer, new_max)?;
            let (kind, id) = peer.to_columns();
            w.db()
                .prepare_cached(
                    "UPDATE dialogs SET read_inbox_max_id = ?4, unread_count = ?5
                     WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
                )?
                .execute(params![caller.user_id, kind, id, new_max, unread])?;
            w.mark_outboxes_read(caller.user_id, peer, dialog.read_inbox_max_id, new_max, now)?;
            let stamp = w.emit_user(
                caller.user_id,
                Some(caller.auth_key_id),
                &LoggedEvent::ReadInbox {
                    peer,
                    max_id: new_max,
                    still_unread_count: unread,
                },
                Update::ReadHistoryInbox {
                    peer,
                    max_id: new_max,
                    still_unread_count: unread,
                },
                1,
                now,
            )?;
            Ok(Affected {
                pts: stamp.pts,
                pts_count: stamp.pts_count,
            })
        })
    }

    /// Moves the outbox mark of everyone whose messages the reader just read (ids in
    /// (`from`, `to`] of the reader's box).
    fn mark_outboxes_read(
        &mut self,
        reader: UserId,
        peer: Peer,
        from: i32,
        to: i32,
        now: i32,
    ) -> WorldResult<()> {
        let (kind, id) = peer.to_columns();
        let senders: Vec<(UserId, i64)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT from_id, MAX(global_id) FROM messages
                 WHERE box = ?1 AND peer_kind = ?2 AND peer_id = ?3 AND id > ?4 AND id <= ?5
                   AND out = 0 AND from_id IS NOT NULL
                 GROUP BY from_id",
            )?;
            let rows = stmt.query_map(params![reader, kind, id, from, to], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (sender, global_id) in senders {
            let Some(read_id) = self.copy_in(MessageBox::User(sender), global_id)? else {
                continue;
            };
            let sender_peer = match peer {
                Peer::User(_) => Peer::User(reader),
                group => group,
            };
            let (skind, sid) = sender_peer.to_columns();
            let current: Option<i32> = self
                .db()
                .prepare_cached(
                    "SELECT read_outbox_max_id FROM dialogs WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
                )?
                .query_row(params![sender, skind, sid], |row| row.get(0))
                .optional()?;
            if current.is_none_or(|current| current >= read_id) {
                continue;
            }
            self.db()
                .prepare_cached(
                    "UPDATE dialogs SET read_outbox_max_id = ?4 WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
                )?
                .execute(params![sender, skind, sid, read_id])?;
            self.emit_user(
                sender,
                None,
                &LoggedEvent::ReadOutbox {
                    peer: sender_peer,
                    max_id: read_id,
                },
                Update::ReadHistoryOutbox {
                    peer: sender_peer,
                    max_id: read_id,
                },
                1,
                now,
            )?;
        }
        Ok(())
    }

    /// channels.readHistory.
    pub fn read_channel_history(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        max_id: i32,
        now: i32,
    ) -> WorldResult<()> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        let peer = Peer::Channel(channel);
        self.atomically(|w| {
            let Some(dialog) = w.dialog(caller.user_id, peer)? else {
                return fail(RpcError::ChannelPrivate);
            };
            let new_max = if max_id <= 0 {
                dialog.top_message
            } else {
                max_id.min(dialog.top_message)
            };
            if new_max <= dialog.read_inbox_max_id {
                return Ok(());
            }
            let unread = w.count_unread(caller.user_id, peer, new_max)?;
            let (kind, id) = peer.to_columns();
            w.db()
                .prepare_cached(
                    "UPDATE dialogs SET read_inbox_max_id = ?4, unread_count = ?5
                     WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
                )?
                .execute(params![caller.user_id, kind, id, new_max, unread])?;
            let pts = w.existing_channel(channel)?.pts;
            w.push_unstamped(
                caller.user_id,
                Some(caller.auth_key_id),
                Update::ReadChannelInbox {
                    channel_id: channel,
                    max_id: new_max,
                    still_unread_count: unread,
                    pts,
                },
                now,
            )?;
            w.mark_channel_outboxes_read(
                caller.user_id,
                channel,
                dialog.read_inbox_max_id,
                new_max,
                now,
            )
        })
    }

    /// Moves the outbox mark of every member whose channel messages the reader just read (ids
    /// in (`from`, `to`]) to the last of them.
    fn mark_channel_outboxes_read(
        &mut self,
        reader: UserId,
        channel: ChannelId,
        from: i32,
        to: i32,
        now: i32,
    ) -> WorldResult<()> {
        let authors: Vec<(UserId, i32)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT author_id, MAX(id) FROM messages
                 WHERE box = ?1 AND id > ?2 AND id <= ?3 AND author_id IS NOT NULL AND author_id != ?4
                 GROUP BY author_id ORDER BY author_id",
            )?;
            let rows = stmt.query_map(
                params![MessageBox::Channel(channel).key(), from, to, reader],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let (kind, id) = Peer::Channel(channel).to_columns();
        for (author, max_id) in authors {
            // Members only (one who left has no dialog), and only forward.
            let moved = self
                .db()
                .prepare_cached(
                    "UPDATE dialogs SET read_outbox_max_id = ?4
                     WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3 AND read_outbox_max_id < ?4",
                )?
                .execute(params![author, kind, id, max_id])?;
            if moved > 0 {
                self.push_unstamped(
                    author,
                    None,
                    Update::ReadChannelOutbox {
                        channel_id: channel,
                        max_id,
                    },
                    now,
                )?;
            }
        }
        Ok(())
    }
}
