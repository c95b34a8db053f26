//! messages.deleteMessages (for me, or revoked for everyone) and channels.deleteMessages.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, OptionalExtension};

use super::Affected;
use crate::world::error::{fail, RpcError};
use crate::world::ids::{InputChannel, MessageBox, Peer, UserId};
use crate::world::updates::{LoggedEvent, PtsStamp, Update};
use crate::world::{Caller, World, WorldResult};

struct Target {
    id: i32,
    peer: Peer,
    from_id: Option<UserId>,
    global_id: i64,
}

impl World {
    /// Deletes messages of `caller`'s box; with `revoke`, also the other copies of those the
    /// caller may revoke (any message of a private chat, one's own or, for the creator, any
    /// in a basic group).
    pub fn delete_messages(
        &mut self,
        caller: Caller,
        ids: &[i32],
        revoke: bool,
        now: i32,
    ) -> WorldResult<Affected> {
        crate::world::error::check_batch(ids.len())?;
        self.atomically(|w| w.delete_from_box(caller, ids, revoke, false, now))
    }

    /// Deletes messages of `caller`'s box (and, with `revoke`, the copies they may revoke);
    /// `keep_dialog` keeps the caller's emptied dialogs in their list. Not atomic by itself.
    pub(crate) fn delete_from_box(
        &mut self,
        caller: Caller,
        ids: &[i32],
        revoke: bool,
        keep_dialog: bool,
        now: i32,
    ) -> WorldResult<Affected> {
        let w = self;
        {
            let mine = MessageBox::User(caller.user_id);
            let mut targets = Vec::new();
            for &id in ids {
                let target = w
                    .db()
                    .prepare_cached("SELECT peer_kind, peer_id, from_id, global_id FROM messages WHERE box = ?1 AND id = ?2")?
                    .query_row(params![mine.key(), id], |row| {
                        Ok(Target {
                            id,
                            peer: Peer::from_columns(row.get(0)?, row.get(1)?),
                            from_id: row.get(2)?,
                            global_id: row.get(3)?,
                        })
                    })
                    .optional()?;
                targets.extend(target);
            }
            if targets.is_empty() {
                return Ok(Affected {
                    pts: w.stored_state(caller.user_id)?.0,
                    pts_count: 0,
                });
            }
            // Other boxes' copies to remove, by owner: (id, peer) pairs.
            let mut others: BTreeMap<UserId, Vec<(i32, Peer)>> = BTreeMap::new();
            let mut dialogs: BTreeSet<(UserId, Peer)> = BTreeSet::new();
            for target in &targets {
                w.db()
                    .prepare_cached("DELETE FROM messages WHERE box = ?1 AND id = ?2")?
                    .execute(params![mine.key(), target.id])?;
                dialogs.insert((caller.user_id, target.peer));
                if !revoke || !w.may_revoke(caller.user_id, target)? {
                    continue;
                }
                let copies: Vec<(i64, i32, i64, i64)> = {
                    let mut stmt = w.db().prepare_cached(
                        "SELECT box, id, peer_kind, peer_id FROM messages WHERE global_id = ?1 AND box != ?2",
                    )?;
                    let rows = stmt.query_map(params![target.global_id, mine.key()], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
                    })?;
                    rows.collect::<rusqlite::Result<_>>()?
                };
                for (key, id, kind, peer_id) in copies {
                    if let MessageBox::User(owner) = MessageBox::from_key(key) {
                        others
                            .entry(owner)
                            .or_default()
                            .push((id, Peer::from_columns(kind, peer_id)));
                    }
                }
            }
            for (owner, copies) in &others {
                for (id, peer) in copies {
                    w.db()
                        .prepare_cached("DELETE FROM messages WHERE box = ?1 AND id = ?2")?
                        .execute(params![owner, id])?;
                    dialogs.insert((*owner, *peer));
                }
                let ids: Vec<i32> = copies.iter().map(|(id, _)| *id).collect();
                let count = ids.len() as i32;
                w.emit_user(
                    *owner,
                    None,
                    &LoggedEvent::DeleteMessages { ids: ids.clone() },
                    Update::DeleteMessages { ids },
                    count,
                    now,
                )?;
            }
            for (owner, peer) in dialogs {
                let keep = keep_dialog && owner == caller.user_id;
                w.refresh_dialog_keeping(owner, peer, keep)?;
            }
            let ids: Vec<i32> = targets.iter().map(|t| t.id).collect();
            let count = ids.len() as i32;
            let stamp = w.emit_user(
                caller.user_id,
                Some(caller.auth_key_id),
                &LoggedEvent::DeleteMessages { ids: ids.clone() },
                Update::DeleteMessages { ids },
                count,
                now,
            )?;
            Ok(Affected {
                pts: stamp.pts,
                pts_count: stamp.pts_count,
            })
        }
    }

    fn may_revoke(&self, user: UserId, target: &Target) -> WorldResult<bool> {
        Ok(match target.peer {
            Peer::User(_) => true,
            Peer::Chat(chat) => {
                target.from_id == Some(user)
                    || self.chat(chat)?.is_some_and(|c| c.creator_id == user)
            }
            Peer::Channel(_) => false,
        })
    }

    /// channels.deleteMessages: one's own messages, or any for admins.
    pub fn delete_channel_messages(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        ids: &[i32],
        now: i32,
    ) -> WorldResult<Affected> {
        crate::world::error::check_batch(ids.len())?;
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        let Some(role) = self.channel_role(channel, caller.user_id)? else {
            return fail(RpcError::ChannelPrivate);
        };
        self.atomically(|w| {
            let owner = MessageBox::Channel(channel);
            let mut deleted = Vec::new();
            for &id in ids {
                let Some(message) = w.load_message(owner, id, caller.user_id)? else {
                    continue;
                };
                if message.author != Some(caller.user_id) && !role.is_admin() {
                    return fail(RpcError::MessageDeleteForbidden);
                }
                w.db()
                    .prepare_cached("DELETE FROM messages WHERE box = ?1 AND id = ?2")?
                    .execute(params![owner.key(), id])?;
                deleted.push(id);
            }
            if deleted.is_empty() {
                return Ok(Affected {
                    pts: w.existing_channel(channel)?.pts,
                    pts_count: 0,
                });
            }
            let count = deleted.len() as i32;
            let pts = w.log_channel_event(
                channel,
                &LoggedEvent::DeleteMessages {
                    ids: deleted.clone(),
                },
                count,
                now,
            )?;
            let stamp = PtsStamp {
                pts,
                pts_count: count,
            };
            for member in w.channel_member_ids(channel)? {
                w.refresh_dialog(member, Peer::Channel(channel))?;
                let except = (member == caller.user_id).then_some(caller.auth_key_id);
                let update = Update::DeleteChannelMessages {
                    channel_id: channel,
                    ids: deleted.clone(),
                };
                w.push_channel(member, except, update, Some(stamp), now);
            }
            Ok(Affected {
                pts,
                pts_count: count,
            })
        })
    }
}
