//! updates.getChannelDifference over a channel's update log.

use rusqlite::params;

use super::{LoggedEvent, PtsStamp, Stamped, Update};
use crate::world::dialogs::Dialog;
use crate::world::error::{fail, RpcError};
use crate::world::ids::{ChannelId, InputChannel, MessageBox, Peer};
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
    /// The events since the client's pts: all of them (`is_final`), or the first `limit`,
    /// up to `pts` (the client asks again from there).
    Full {
        is_final: bool,
        pts: i32,
        timeout: i32,
        new_messages: Vec<Message>,
        other_updates: Vec<Stamped>,
    },
    /// More than the server keeps for a difference (`channel_difference_too_long`), or a
    /// fault asked for it: the client starts over from this dialog and these latest messages.
    TooLong {
        timeout: i32,
        dialog: Dialog,
        messages: Vec<Message>,
    },
}

impl World {
    /// channelDifferenceTooLong for a channel the caller may read (what a control fault
    /// makes the next getChannelDifference answer).
    pub fn channel_difference_too_long(
        &self,
        caller: Caller,
        channel: InputChannel,
        limit: i32,
        now: i32,
    ) -> WorldResult<ChannelDifference> {
        let channel_id = self.resolve_input_channel(caller.user_id, channel)?;
        self.check_channel_readable(caller.user_id, channel_id)?;
        let max = self.config.channel_difference_limit.max(1);
        let limit = if limit <= 0 { max } else { limit.min(max) };
        self.too_long_answer(caller, channel_id, limit, now)
    }

    fn too_long_answer(
        &self,
        caller: Caller,
        channel_id: ChannelId,
        limit: i32,
        now: i32,
    ) -> WorldResult<ChannelDifference> {
        let dialog = self.channel_dialog(caller.user_id, channel_id, now)?;
        let page = self.get_history(
            caller,
            Peer::Channel(channel_id),
            HistoryQuery {
                limit,
                ..HistoryQuery::default()
            },
        )?;
        Ok(ChannelDifference::TooLong {
            timeout: POLL_TIMEOUT,
            dialog,
            messages: page.messages,
        })
    }

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
        if current - pts > self.config.channel_difference_too_long.max(1) {
            return self.too_long_answer(caller, channel_id, limit, now);
        }
        let rows: Vec<(i32, i32, String)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT pts, pts_count, event FROM channel_updates
                 WHERE channel_id = ?1 AND pts > ?2 ORDER BY pts LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![channel_id, pts, limit + 1], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let is_final = rows.len() <= limit as usize;
        let rows = &rows[..rows.len().min(limit as usize)];
        let end_pts = if is_final {
            current
        } else {
            rows.last().map_or(current, |r| r.0)
        };
        let owner = MessageBox::Channel(channel_id);
        let mut new_messages = Vec::new();
        let mut other_updates = Vec::new();
        for (event_pts, pts_count, event) in rows {
            let stamp = Some(PtsStamp {
                pts: *event_pts,
                pts_count: *pts_count,
            });
            let update = match serde_json::from_str::<LoggedEvent>(event)? {
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
                LoggedEvent::PinnedMessages { ids, pinned, .. } => Update::PinnedChannelMessages {
                    channel_id,
                    ids,
                    pinned,
                },
                // Reads and the seq log are per user and never enter a channel's log.
                LoggedEvent::ReadInbox { .. }
                | LoggedEvent::ReadOutbox { .. }
                | LoggedEvent::Channel { .. }
                | LoggedEvent::UserName { .. }
                | LoggedEvent::ReadChannelOutbox { .. }
                | LoggedEvent::Notice(_)
                | LoggedEvent::FolderPeers { .. }
                | LoggedEvent::ReadMessagesContents { .. } => continue,
            };
            other_updates.push(Stamped { update, pts: stamp });
        }
        Ok(ChannelDifference::Full {
            is_final,
            pts: end_pts,
            timeout: POLL_TIMEOUT,
            new_messages,
            other_updates,
        })
    }
}
