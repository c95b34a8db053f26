//! updates.getChannelDifference over a channel's update log.

use rusqlite::params;

use super::{LoggedEvent, PtsStamp, Stamped, Update};
use crate::world::dialogs::Dialog;
use crate::world::error::{fail, RpcError};
use crate::world::ids::{InputChannel, MessageBox, Peer};
use crate::world::message::Message;
use crate::world::{Caller, HistoryQuery, World, WorldResult};

/// Seconds a client should wait before polling the channel again.
const POLL_TIMEOUT: i32 = 30;

/// The answer to updates.getChannelDifference.
#[derive(Clone, Debug, PartialEq)]
pub enum ChannelDifference {
    Empty {
        pts: i32,
        timeout: i32,
    },
    /// Every event since the client's pts (always final: longer gaps are TooLong).
    Full {
        pts: i32,
        timeout: i32,
        new_messages: Vec<Message>,
        other_updates: Vec<Stamped>,
    },
    /// More than `limit` events: the client starts over from this dialog and these latest
    /// messages.
    TooLong {
        timeout: i32,
        dialog: Dialog,
        messages: Vec<Message>,
    },
}

impl World {
    /// updates.getChannelDifference. `limit` ≤ 0 means the server's default.
    pub fn get_channel_difference(
        &self,
        caller: Caller,
        channel: InputChannel,
        pts: i32,
        limit: i32,
        now: i32,
    ) -> WorldResult<ChannelDifference> {
        let viewer = caller.user_id;
        let channel_id = self.resolve_input_channel(viewer, channel)?;
        self.check_channel_readable(viewer, channel_id)?;
        if pts <= 0 {
            return fail(RpcError::PersistentTimestampInvalid);
        }
        let max = self.config.channel_difference_limit.max(1);
        let limit = if limit <= 0 { max } else { limit.min(max) };
        let current = self.existing_channel(channel_id)?.pts;
        if pts >= current {
            return Ok(ChannelDifference::Empty {
                pts: current,
                timeout: POLL_TIMEOUT,
            });
        }
        if current - pts > limit {
            let dialog = self.channel_dialog(viewer, channel_id, now)?;
            let page = self.get_history(
                caller,
                Peer::Channel(channel_id),
                HistoryQuery {
                    limit,
                    ..HistoryQuery::default()
                },
            )?;
            return Ok(ChannelDifference::TooLong {
                timeout: POLL_TIMEOUT,
                dialog,
                messages: page.messages,
            });
        }
        let rows: Vec<(i32, i32, String)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT pts, pts_count, event FROM channel_updates
                 WHERE channel_id = ?1 AND pts > ?2 ORDER BY pts",
            )?;
            let rows = stmt.query_map(params![channel_id, pts], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let owner = MessageBox::Channel(channel_id);
        let mut new_messages = Vec::new();
        let mut other_updates = Vec::new();
        for (event_pts, pts_count, event) in rows {
            let stamp = Some(PtsStamp {
                pts: event_pts,
                pts_count,
            });
            let update = match serde_json::from_str::<LoggedEvent>(&event)? {
                LoggedEvent::NewMessage { id } => {
                    new_messages.extend(self.load_message(owner, id, viewer)?);
                    continue;
                }
                LoggedEvent::EditMessage { id } => match self.load_message(owner, id, viewer)? {
                    Some(message) => Update::EditChannelMessage(message),
                    None => continue,
                },
                LoggedEvent::DeleteMessages { ids } => {
                    Update::DeleteChannelMessages { channel_id, ids }
                }
                // Reads and the seq log are per user and never enter a channel's log.
                LoggedEvent::ReadInbox { .. }
                | LoggedEvent::ReadOutbox { .. }
                | LoggedEvent::Channel { .. }
                | LoggedEvent::UserName { .. }
                | LoggedEvent::ReadChannelOutbox { .. } => continue,
            };
            other_updates.push(Stamped { update, pts: stamp });
        }
        Ok(ChannelDifference::Full {
            pts: current,
            timeout: POLL_TIMEOUT,
            new_messages,
            other_updates,
        })
    }
}
