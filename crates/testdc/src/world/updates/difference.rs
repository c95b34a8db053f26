//! updates.getDifference over a user's update log.

use rusqlite::params;

use super::{LoggedEvent, PtsStamp, Stamped, Update, UpdateState};
use crate::world::error::{fail, RpcError};
use crate::world::ids::{MessageBox, UserId};
use crate::world::message::Message;
use crate::world::{World, WorldResult};

/// The answer to updates.getDifference.
#[derive(Clone, Debug, PartialEq)]
pub enum Difference {
    Empty {
        date: i32,
        seq: i32,
    },
    /// Everything since the client's pts; `state` is the user's current state.
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
        _date: i32,
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
            return Ok(Difference::Empty {
                date: now,
                seq: state.seq,
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
            _ => Ok(Difference::Full {
                new_messages,
                other_updates,
                state,
            }),
        }
    }
}
