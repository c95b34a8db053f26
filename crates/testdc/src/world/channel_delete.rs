//! channels.deleteHistory and channels.deleteChannel.
//!
//! Clearing a channel's history for oneself hides its messages up to `max_id` (0: all) from
//! the caller only: their dialog's `available_min_id` moves there, with
//! updateChannelAvailableMessages (outside the pts sequences, in the caller's seq). With
//! `for_everyone` an admin deletes those messages from the channel: one
//! updateDeleteChannelMessages in the channel's pts for every member. Deleting a channel
//! (its creator only) ends it for everyone: members are let go, their dialogs and the
//! channel's username disappear, each gets updateChannel and then sees channelForbidden.

use rusqlite::params;

use super::channels::ChannelRole;
use super::error::{fail, RpcError};
use super::ids::{ChannelId, InputChannel, MessageBox, Peer};
use super::updates::{LoggedEvent, Notice, PtsStamp, Update};
use super::{Caller, World, WorldResult};

/// What channels.deleteHistory did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChannelCleared {
    /// Deleted for everyone: these ids, at this channel pts (`None`: nothing to delete).
    ForEveryone {
        channel_id: ChannelId,
        ids: Vec<i32>,
        stamp: Option<PtsStamp>,
    },
    /// Hidden for the caller below `available_min_id` (`None`: it was already).
    ForMe {
        channel_id: ChannelId,
        available_min_id: Option<i32>,
    },
}

impl World {
    /// channels.deleteHistory.
    pub fn delete_channel_history(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        for_everyone: bool,
        max_id: i32,
        now: i32,
    ) -> WorldResult<ChannelCleared> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        let Some(role) = self.channel_role(channel, caller.user_id)? else {
            return fail(RpcError::ChannelParticipantMissing);
        };
        if for_everyone && !role.is_admin() {
            return fail(RpcError::ChatAdminRequired);
        }
        let last = self.existing_channel(channel)?.last_msg_id;
        let up_to = if max_id <= 0 { last } else { max_id.min(last) };
        self.atomically(|w| {
            if for_everyone {
                w.delete_channel_range(caller, channel, up_to, now)
            } else {
                w.hide_channel_history(caller, channel, up_to, now)
            }
        })
    }

    fn delete_channel_range(
        &mut self,
        caller: Caller,
        channel: ChannelId,
        up_to: i32,
        now: i32,
    ) -> WorldResult<ChannelCleared> {
        let owner = MessageBox::Channel(channel);
        let ids: Vec<i32> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT id FROM messages WHERE box = ?1 AND id <= ?2 ORDER BY id",
            )?;
            let rows = stmt.query_map(params![owner.key(), up_to], |row| row.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        if ids.is_empty() {
            return Ok(ChannelCleared::ForEveryone {
                channel_id: channel,
                ids,
                stamp: None,
            });
        }
        self.db()
            .prepare_cached("DELETE FROM messages WHERE box = ?1 AND id <= ?2")?
            .execute(params![owner.key(), up_to])?;
        self.db()
            .prepare_cached("DELETE FROM mentions WHERE box = ?1 AND msg_id <= ?2")?
            .execute(params![owner.key(), up_to])?;
        let count = ids.len() as i32;
        let pts = self.log_channel_event(
            channel,
            &LoggedEvent::DeleteMessages { ids: ids.clone() },
            count,
            now,
        )?;
        let stamp = PtsStamp {
            pts,
            pts_count: count,
        };
        for member in self.channel_member_ids(channel)? {
            self.refresh_dialog(member, Peer::Channel(channel))?;
            let except = (member == caller.user_id).then_some(caller.auth_key_id);
            let update = Update::DeleteChannelMessages {
                channel_id: channel,
                ids: ids.clone(),
            };
            self.push_channel(member, except, update, Some(stamp), now);
        }
        Ok(ChannelCleared::ForEveryone {
            channel_id: channel,
            ids,
            stamp: Some(stamp),
        })
    }

    fn hide_channel_history(
        &mut self,
        caller: Caller,
        channel: ChannelId,
        up_to: i32,
        now: i32,
    ) -> WorldResult<ChannelCleared> {
        let peer = Peer::Channel(channel);
        let unchanged = ChannelCleared::ForMe {
            channel_id: channel,
            available_min_id: None,
        };
        let Some(dialog) = self.dialog(caller.user_id, peer)? else {
            return Ok(unchanged);
        };
        if up_to <= dialog.available_min_id {
            return Ok(unchanged);
        }
        let read = dialog.read_inbox_max_id.max(up_to);
        let unread = self.count_unread(caller.user_id, peer, read)?;
        let (kind, id) = peer.to_columns();
        self.db()
            .prepare_cached(
                "UPDATE dialogs SET available_min_id = ?4, read_inbox_max_id = ?5, unread_count = ?6
                 WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
            )?
            .execute(params![caller.user_id, kind, id, up_to, read, unread])?;
        self.push_unstamped(
            caller.user_id,
            Some(caller.auth_key_id),
            Update::Notice(Notice::ChannelAvailableMessages {
                channel_id: channel,
                available_min_id: up_to,
            }),
            now,
        )?;
        Ok(ChannelCleared::ForMe {
            channel_id: channel,
            available_min_id: Some(up_to),
        })
    }

    /// channels.deleteChannel; returns the channel's id.
    pub fn delete_channel(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        now: i32,
    ) -> WorldResult<ChannelId> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        if self.channel_role(channel, caller.user_id)? != Some(ChannelRole::Creator) {
            return fail(RpcError::ChatAdminRequired);
        }
        self.atomically(|w| {
            let members = w.channel_member_ids(channel)?;
            w.claim_username(Peer::Channel(channel), None)?;
            w.db()
                .prepare_cached(
                    "UPDATE channels SET deleted = 1, participants_count = 0 WHERE id = ?1",
                )?
                .execute([channel])?;
            let (kind, id) = Peer::Channel(channel).to_columns();
            w.db()
                .prepare_cached("DELETE FROM dialogs WHERE peer_kind = ?1 AND peer_id = ?2")?
                .execute(params![kind, id])?;
            w.db()
                .prepare_cached("DELETE FROM channel_participants WHERE channel_id = ?1")?
                .execute([channel])?;
            for member in members {
                let except = (member == caller.user_id).then_some(caller.auth_key_id);
                w.push_unstamped(
                    member,
                    except,
                    Update::Channel {
                        channel_id: channel,
                    },
                    now,
                )?;
            }
            Ok(channel)
        })
    }
}
