//! Appending to the per-user (pts and seq) and per-channel update logs, and queueing pushes.

use rusqlite::{params, OptionalExtension};

use super::{LoggedEvent, PtsStamp, Push, PushTarget, Stamped, Update, UpdateState};
use crate::world::ids::{AuthKeyId, ChannelId, UserId};
use crate::world::message::to_json;
use crate::world::{World, WorldResult};

impl World {
    /// Creates the update state of a new account (pts starts at 1, like Telegram's).
    pub(crate) fn ensure_update_state(&mut self, user: UserId, now: i32) -> WorldResult<()> {
        self.db()
            .prepare_cached(
                "INSERT OR IGNORE INTO user_state (user_id, pts, qts, seq, date, last_msg_id)
                 VALUES (?1, 1, 0, 0, ?2, 0)",
            )?
            .execute(params![user, now])?;
        Ok(())
    }

    /// (pts, qts, seq) as stored.
    pub(crate) fn stored_state(&self, user: UserId) -> WorldResult<(i32, i32, i32)> {
        Ok(self
            .db()
            .prepare_cached("SELECT pts, qts, seq FROM user_state WHERE user_id = ?1")?
            .query_row([user], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?
            .unwrap_or((1, 0, 0)))
    }

    /// updates.getState.
    pub fn update_state(&self, user: UserId, now: i32) -> WorldResult<UpdateState> {
        let (pts, qts, seq) = self.stored_state(user)?;
        let unread_count: i32 = self
            .db()
            .prepare_cached(
                "SELECT COALESCE(SUM(unread_count), 0) FROM dialogs WHERE owner_id = ?1",
            )?
            .query_row([user], |row| row.get(0))?;
        Ok(UpdateState {
            pts,
            qts,
            date: now,
            seq,
            unread_count,
        })
    }

    /// Moves the user's pts by `pts_count` and logs `event` there; returns the new pts.
    pub(crate) fn log_user_event(
        &mut self,
        user: UserId,
        event: &LoggedEvent,
        pts_count: i32,
        now: i32,
    ) -> WorldResult<i32> {
        let pts: i32 = self
            .db()
            .prepare_cached(
                "UPDATE user_state SET pts = pts + ?2, date = ?3 WHERE user_id = ?1 RETURNING pts",
            )?
            .query_row(params![user, pts_count, now], |row| row.get(0))?;
        self.db()
            .prepare_cached(
                "INSERT INTO user_updates (user_id, pts, pts_count, date, event) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![user, pts, pts_count, now, to_json(event)?])?;
        Ok(pts)
    }

    /// Moves a channel's pts by `pts_count` and logs `event`; returns the new pts.
    pub(crate) fn log_channel_event(
        &mut self,
        channel: ChannelId,
        event: &LoggedEvent,
        pts_count: i32,
        now: i32,
    ) -> WorldResult<i32> {
        let pts: i32 = self
            .db()
            .prepare_cached("UPDATE channels SET pts = pts + ?2 WHERE id = ?1 RETURNING pts")?
            .query_row(params![channel, pts_count], |row| row.get(0))?;
        self.db()
            .prepare_cached(
                "INSERT INTO channel_updates (channel_id, pts, pts_count, date, event) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![channel, pts, pts_count, now, to_json(event)?])?;
        Ok(pts)
    }

    /// Logs a user event and queues its live form; returns its stamp.
    pub(crate) fn emit_user(
        &mut self,
        user: UserId,
        except_auth_key: Option<AuthKeyId>,
        event: &LoggedEvent,
        update: Update,
        pts_count: i32,
        now: i32,
    ) -> WorldResult<PtsStamp> {
        let pts = self.log_user_event(user, event, pts_count, now)?;
        let stamp = PtsStamp { pts, pts_count };
        self.push_user(user, except_auth_key, update, Some(stamp), None, now);
        Ok(stamp)
    }

    /// Queues a channel update (already logged) for one member.
    pub(crate) fn push_channel(
        &mut self,
        user: UserId,
        except_auth_key: Option<AuthKeyId>,
        update: Update,
        stamp: Option<PtsStamp>,
        now: i32,
    ) {
        self.push_user(user, except_auth_key, update, stamp, None, now);
    }

    /// Queues an update for every session of `user` but the one on `except_auth_key`.
    fn push_user(
        &mut self,
        user: UserId,
        except_auth_key: Option<AuthKeyId>,
        update: Update,
        pts: Option<PtsStamp>,
        seq: Option<i32>,
        now: i32,
    ) {
        self.outbox.push(Push {
            target: PushTarget::User {
                user_id: user,
                except_auth_key,
            },
            update: Stamped { update, pts },
            date: now,
            seq,
        });
    }

    /// Moves the user's seq by one and logs `event` there; returns the new seq.
    fn log_seq_event(&mut self, user: UserId, event: &LoggedEvent, now: i32) -> WorldResult<i32> {
        let seq: i32 = self
            .db()
            .prepare_cached("UPDATE user_state SET seq = seq + 1 WHERE user_id = ?1 RETURNING seq")?
            .query_row([user], |row| row.get(0))?;
        self.db()
            .prepare_cached(
                "INSERT INTO user_seq_updates (user_id, seq, date, event) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![user, seq, now, to_json(event)?])?;
        Ok(seq)
    }

    /// Queues an update outside the user's pts sequence. One that [takes a
    /// seq](Update::takes_seq) moves the user's seq and is logged for updates.getDifference;
    /// every session of the user must then get it, in a push or in its answer.
    pub(crate) fn push_unstamped(
        &mut self,
        user: UserId,
        except_auth_key: Option<AuthKeyId>,
        update: Update,
        now: i32,
    ) -> WorldResult<()> {
        let event = match &update {
            Update::Channel { channel_id } => Some(LoggedEvent::Channel {
                channel_id: *channel_id,
            }),
            Update::UserName { user_id, .. } => Some(LoggedEvent::UserName { user_id: *user_id }),
            Update::ReadChannelOutbox { channel_id, max_id } => {
                Some(LoggedEvent::ReadChannelOutbox {
                    channel_id: *channel_id,
                    max_id: *max_id,
                })
            }
            Update::Notice(notice) => Some(LoggedEvent::Notice(notice.clone())),
            _ => None,
        };
        let seq = match event {
            Some(event) => Some(self.log_seq_event(user, &event, now)?),
            None => None,
        };
        self.push_user(user, except_auth_key, update, None, seq, now);
        Ok(())
    }

    /// Marks the start of a request: [`answer_seqs`](Self::answer_seqs) looks at what is
    /// queued from here on.
    pub fn start_call(&mut self) {
        self.call_start = self.outbox.len();
    }

    /// The seqs of updates the current request queued for `user`'s requesting key, which gets
    /// them in its answer (in order).
    pub fn answer_seqs(&self, user: UserId) -> Vec<i32> {
        self.outbox
            .get(self.call_start..)
            .unwrap_or_default()
            .iter()
            .filter(|p| {
                matches!(p.target, PushTarget::User { user_id, except_auth_key: Some(_) } if user_id == user)
            })
            .filter_map(|p| p.seq)
            .collect()
    }

    pub(crate) fn push_to_auth_key(&mut self, auth_key_id: AuthKeyId, update: Update, now: i32) {
        self.outbox.push(Push {
            target: PushTarget::AuthKey(auth_key_id),
            update: Stamped { update, pts: None },
            date: now,
            seq: None,
        });
    }
}

/// Differences the control interface made answer "too long" once (CONTROL.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ForcedTooLong {
    Difference(UserId),
    ChannelDifference(UserId),
}

impl World {
    /// The next updates.getDifference (or getChannelDifference) of the user answers
    /// differenceTooLong (channelDifferenceTooLong).
    pub fn force_too_long(&mut self, user: UserId, channel: bool) {
        self.forced_too_long.insert(if channel {
            ForcedTooLong::ChannelDifference(user)
        } else {
            ForcedTooLong::Difference(user)
        });
    }

    /// Takes a forced "too long" armed for this difference.
    pub fn take_forced_too_long(&mut self, which: ForcedTooLong) -> bool {
        self.forced_too_long.remove(&which)
    }

    /// Queues an update for every online session of `user` without logging it anywhere
    /// (updatesTooLong, updateChannelTooLong: the control interface's resync pushes).
    pub fn push_resync(&mut self, user: UserId, update: Update, now: i32) {
        self.push_user(user, None, update, None, None, now);
    }
}
