//! updates.getDifference over a user's update logs: the pts log in order, then (in the last
//! part) the seq-numbered updates and the channels with news since the client's date.

use rusqlite::params;

use super::{LoggedEvent, PtsStamp, Stamped, Update, UpdateState};
use crate::world::error::{fail, RpcError};
use crate::world::ids::{ChannelId, MessageBox, UserId};
use crate::world::message::Message;
use crate::world::{World, WorldResult};

/// Seq-numbered updates a difference repeats at most (the latest).
const SEQ_EVENTS_MAX: i64 = 100;

/// The answer to updates.getDifference.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    Empty {
        date: i32,
        seq: i32,
    },
    /// Everything since the client's pts; `state` is the user's current state. After the
    /// pts events come the seq-numbered updates dated from the client's date on, and an
    /// [`Update::ChannelTooLong`] for each of the user's channels with events since then
    /// (the client asks those with updates.getChannelDifference).
    Full {
        new_messages: Vec<Message>,
        other_updates: Vec<Stamped>,
        state: UpdateState,
    },
    /// Part of it: ask again from `intermediate_state`.
    Slice {
        new_messages: Vec<Message>,
        other_updates: Vec<Stamped>,
        intermediate_state: UpdateState,
    },
    /// The gap is too large: the client refetches its dialogs and continues from `pts`.
    TooLong {
        pts: i32,
    },
}

struct LogRow {
    pts: i32,
    pts_count: i32,
    date: i32,
    event: String,
}

impl World {
    /// updates.getDifference from the client's (pts, date, qts). `pts_total_limit` is the
    /// client's own cap on the gap it is willing to fetch.
    pub fn get_difference(
        &self,
        user: UserId,
        pts: i32,
        date: i32,
        qts: i32,
        pts_total_limit: Option<i32>,
        now: i32,
    ) -> WorldResult<Difference> {
        if pts <= 0 || qts < 0 {
            return fail(RpcError::PersistentTimestampInvalid);
        }
        let state = self.update_state(user, now)?;
        if pts > state.pts {
            // The client is ahead of us (our state was reset): start it over.
            return Ok(Difference::TooLong { pts: state.pts });
        }
        let too_long = pts_total_limit
            .filter(|limit| *limit > 0)
            .map_or(self.config.difference_too_long, |limit| {
                limit.min(self.config.difference_too_long)
            });
        if state.pts - pts > too_long {
            return Ok(Difference::TooLong { pts: state.pts });
        }
        if pts == state.pts && qts >= state.qts {
            let tail = self.difference_tail(user, date)?;
            if tail.is_empty() {
                return Ok(Difference::Empty {
                    date: now,
                    seq: state.seq,
                });
            }
            return Ok(Difference::Full {
                new_messages: Vec::new(),
                other_updates: tail,
                state,
            });
        }
        let slice = self.config.difference_slice.max(1);
        let rows: Vec<LogRow> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT pts, pts_count, date, event FROM user_updates
                 WHERE user_id = ?1 AND pts > ?2 ORDER BY pts LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![user, pts, slice as i64 + 1], |row| {
                Ok(LogRow {
                    pts: row.get(0)?,
                    pts_count: row.get(1)?,
                    date: row.get(2)?,
                    event: row.get(3)?,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if let Some(first) = rows.first() {
            if first.pts - first.pts_count > pts {
                // The log no longer reaches back to the client's pts.
                return Ok(Difference::TooLong { pts: state.pts });
            }
        }
        let more = rows.len() > slice;
        let rows = &rows[..rows.len().min(slice)];
        let mut new_messages = Vec::new();
        let mut other_updates = Vec::new();
        for row in rows {
            let stamp = Some(PtsStamp {
                pts: row.pts,
                pts_count: row.pts_count,
            });
            let event: LoggedEvent = serde_json::from_str(&row.event)?;
            let owner = MessageBox::User(user);
            let update = match event {
                LoggedEvent::NewMessage { id } => {
                    new_messages.extend(self.load_message(owner, id, user)?);
                    continue;
                }
                LoggedEvent::EditMessage { id } => match self.load_message(owner, id, user)? {
                    Some(message) => Update::EditMessage(message),
                    None => continue,
                },
                LoggedEvent::DeleteMessages { ids } => Update::DeleteMessages { ids },
                LoggedEvent::ReadInbox {
                    peer,
                    max_id,
                    still_unread_count,
                } => Update::ReadHistoryInbox {
                    peer,
                    max_id,
                    still_unread_count,
                },
                LoggedEvent::ReadOutbox { peer, max_id } => {
                    Update::ReadHistoryOutbox { peer, max_id }
                }
                LoggedEvent::FolderPeers { peers } => Update::FolderPeers { peers },
                LoggedEvent::PinnedMessages { peer, ids, pinned } => {
                    Update::PinnedMessages { peer, ids, pinned }
                }
                LoggedEvent::ReadMessagesContents { ids } => Update::ReadMessagesContents { ids },
                // Never in the pts log.
                LoggedEvent::Channel { .. }
                | LoggedEvent::UserName { .. }
                | LoggedEvent::ReadChannelOutbox { .. }
                | LoggedEvent::Notice(_) => continue,
            };
            other_updates.push(Stamped { update, pts: stamp });
        }
        match rows.last() {
            Some(last) if more => Ok(Difference::Slice {
                new_messages,
                other_updates,
                intermediate_state: UpdateState {
                    pts: last.pts,
                    date: last.date,
                    ..state
                },
            }),
            _ => {
                other_updates.extend(self.difference_tail(user, date)?);
                Ok(Difference::Full {
                    new_messages,
                    other_updates,
                    state,
                })
            }
        }
    }

    /// What ends a difference: the seq-numbered updates from `date` on (possibly some the
    /// client has, from that same second: they only restate the present), and the channels
    /// with events since then.
    fn difference_tail(&self, user: UserId, date: i32) -> WorldResult<Vec<Stamped>> {
        let events: Vec<String> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT event FROM (SELECT seq, event FROM user_seq_updates
                     WHERE user_id = ?1 AND date >= ?2 ORDER BY seq DESC LIMIT ?3)
                 ORDER BY seq",
            )?;
            let rows = stmt.query_map(params![user, date, SEQ_EVENTS_MAX], |row| row.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut tail = Vec::new();
        for event in events {
            let update = match serde_json::from_str::<LoggedEvent>(&event)? {
                LoggedEvent::Channel { channel_id } => Update::Channel { channel_id },
                LoggedEvent::ReadChannelOutbox { channel_id, max_id } => {
                    Update::ReadChannelOutbox { channel_id, max_id }
                }
                LoggedEvent::Notice(notice) => Update::Notice(notice),
                LoggedEvent::UserName { user_id } => match self.user(user_id)? {
                    Some(u) => Update::UserName {
                        user_id,
                        first_name: u.first_name,
                        last_name: u.last_name,
                        username: u.username,
                    },
                    None => continue,
                },
                _ => continue,
            };
            tail.push(Stamped { update, pts: None });
        }
        let channels: Vec<(ChannelId, i32)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT c.id, c.pts FROM channel_participants p JOIN channels c ON c.id = p.channel_id
                 WHERE p.user_id = ?1 AND (SELECT u.date FROM channel_updates u
                     WHERE u.channel_id = c.id ORDER BY u.pts DESC LIMIT 1) >= ?2
                 ORDER BY c.id",
            )?;
            let rows = stmt.query_map(params![user, date], |row| Ok((row.get(0)?, row.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        tail.extend(channels.into_iter().map(|(channel_id, pts)| Stamped {
            update: Update::ChannelTooLong { channel_id, pts },
            pts: None,
        }));
        Ok(tail)
    }
}
