//! Channels and supergroups: one shared message box with channel-local ids and its own pts.

use rusqlite::{params, OptionalExtension, Row};

use super::error::{fail, RpcError};
use super::ids::{ChannelId, InputChannel, Peer, UserId};
use super::message::ServiceAction;
use super::messages::{Content, Sent};
use super::rights::AdminRights;
use super::updates::Update;
use super::usernames::validate_username;
use super::{Caller, World, WorldResult};

const TITLE_MAX_CHARS: usize = 128;
const ABOUT_MAX_CHARS: usize = 255;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelRole {
    Creator,
    Admin,
    Member,
}

impl ChannelRole {
    pub fn is_admin(self) -> bool {
        matches!(self, ChannelRole::Creator | ChannelRole::Admin)
    }

    fn to_column(self) -> i64 {
        match self {
            ChannelRole::Creator => 2,
            ChannelRole::Admin => 1,
            ChannelRole::Member => 0,
        }
    }

    fn from_column(value: i64) -> ChannelRole {
        match value {
            2 => ChannelRole::Creator,
            1 => ChannelRole::Admin,
            _ => ChannelRole::Member,
        }
    }
}

/// A channel as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelInfo {
    pub id: ChannelId,
    pub title: String,
    pub about: String,
    pub username: Option<String>,
    /// A broadcast channel; otherwise a supergroup.
    pub broadcast: bool,
    pub creator_id: UserId,
    pub date: i32,
    pub pts: i32,
    pub last_msg_id: i32,
    pub participants_count: i32,
}

/// A channel as one viewer sees it (TL `channel`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelView {
    pub id: ChannelId,
    pub access_hash: i64,
    pub title: String,
    pub username: Option<String>,
    pub broadcast: bool,
    pub megagroup: bool,
    pub is_creator: bool,
    pub is_admin: bool,
    pub left: bool,
    pub date: i32,
    pub participants_count: i32,
    pub admin_rights: Option<AdminRights>,
    /// The viewer's own restrictions.
    pub banned_rights: Option<super::rights::BannedRights>,
    pub default_banned_rights: super::rights::BannedRights,
    /// Deleted with channels.deleteChannel: shown as channelForbidden.
    pub deleted: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelParticipant {
    pub user_id: UserId,
    pub inviter_id: UserId,
    pub date: i32,
    pub role: ChannelRole,
    /// Admins: their rights (creators hold all), who promoted them, their title.
    pub admin_rights: Option<AdminRights>,
    pub promoted_by: Option<UserId>,
    pub rank: Option<String>,
}

const COLUMNS: &str =
    "id, title, about, username, broadcast, creator_id, date, pts, last_msg_id, participants_count";

fn from_row(row: &Row) -> rusqlite::Result<ChannelInfo> {
    Ok(ChannelInfo {
        id: row.get(0)?,
        title: row.get(1)?,
        about: row.get(2)?,
        username: row.get(3)?,
        broadcast: row.get(4)?,
        creator_id: row.get(5)?,
        date: row.get(6)?,
        pts: row.get(7)?,
        last_msg_id: row.get(8)?,
        participants_count: row.get(9)?,
    })
}

impl World {
    pub fn channel(&self, id: ChannelId) -> WorldResult<Option<ChannelInfo>> {
        Ok(self
            .db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM channels WHERE id = ?1"))?
            .query_row([id], from_row)
            .optional()?)
    }

    pub(crate) fn existing_channel(&self, id: ChannelId) -> WorldResult<ChannelInfo> {
        match self.channel(id)? {
            Some(channel) => Ok(channel),
            None => fail(RpcError::ChannelInvalid),
        }
    }

    pub(crate) fn channel_deleted(&self, id: ChannelId) -> WorldResult<bool> {
        Ok(self
            .db()
            .prepare_cached("SELECT deleted FROM channels WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?
            .unwrap_or(false))
    }

    /// Every channel.
    pub fn channels(&self) -> WorldResult<Vec<ChannelInfo>> {
        let mut stmt = self
            .db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM channels ORDER BY id"))?;
        let channels = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(channels)
    }

    pub(crate) fn channel_role(
        &self,
        channel: ChannelId,
        user: UserId,
    ) -> WorldResult<Option<ChannelRole>> {
        Ok(self
            .db()
            .prepare_cached(
                "SELECT role FROM channel_participants WHERE channel_id = ?1 AND user_id = ?2",
            )?
            .query_row(params![channel, user], |row| row.get::<_, i64>(0))
            .optional()?
            .map(ChannelRole::from_column))
    }

    pub(crate) fn channel_member_ids(&self, channel: ChannelId) -> WorldResult<Vec<UserId>> {
        let mut stmt = self
            .db()
            .prepare_cached("SELECT user_id FROM channel_participants WHERE channel_id = ?1")?;
        let ids = stmt
            .query_map([channel], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The channels `user` is in.
    pub(crate) fn channels_of(&self, user: UserId) -> WorldResult<Vec<ChannelId>> {
        let mut stmt = self
            .db()
            .prepare_cached("SELECT channel_id FROM channel_participants WHERE user_id = ?1")?;
        let ids = stmt
            .query_map([user], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// An InputChannel from `viewer`: unknown channels and wrong hashes are CHANNEL_INVALID.
    pub fn resolve_input_channel(
        &self,
        viewer: UserId,
        input: InputChannel,
    ) -> WorldResult<ChannelId> {
        match input {
            InputChannel::Channel {
                channel_id,
                access_hash,
            } if self.channel(channel_id)?.is_some()
                && access_hash == self.channel_access_hash(viewer, channel_id) =>
            {
                Ok(channel_id)
            }
            _ => fail(RpcError::ChannelInvalid),
        }
    }

    /// Members read any channel; others only public ones (with a username).
    pub(crate) fn check_channel_readable(
        &self,
        viewer: UserId,
        channel: ChannelId,
    ) -> WorldResult<()> {
        if self.channel_role(channel, viewer)?.is_some()
            || self.existing_channel(channel)?.username.is_some()
        {
            Ok(())
        } else {
            fail(RpcError::ChannelPrivate)
        }
    }

    pub fn channel_view(&self, viewer: UserId, channel: ChannelId) -> WorldResult<ChannelView> {
        let info = self.existing_channel(channel)?;
        let role = self.channel_role(channel, viewer)?;
        Ok(ChannelView {
            id: channel,
            access_hash: self.channel_access_hash(viewer, channel),
            title: info.title,
            username: info.username,
            broadcast: info.broadcast,
            megagroup: !info.broadcast,
            is_creator: role == Some(ChannelRole::Creator),
            is_admin: role.is_some_and(ChannelRole::is_admin),
            left: role.is_none(),
            date: info.date,
            participants_count: info.participants_count,
            admin_rights: self.channel_admin_rights(channel, viewer)?,
            banned_rights: self.channel_ban(channel, viewer)?.map(|b| b.0),
            default_banned_rights: self.channel_default_banned(channel)?,
            deleted: self.channel_deleted(channel)?,
        })
    }

    pub(crate) fn add_member_with_role(
        &self,
        channel: ChannelId,
        user: UserId,
        inviter: UserId,
        role: ChannelRole,
        now: i32,
    ) -> WorldResult<bool> {
        self.add_channel_member(channel, user, inviter, role, now)
    }

    fn add_channel_member(
        &self,
        channel: ChannelId,
        user: UserId,
        inviter: UserId,
        role: ChannelRole,
        now: i32,
    ) -> WorldResult<bool> {
        let added = self
            .db()
            .prepare_cached(
                "INSERT OR IGNORE INTO channel_participants (channel_id, user_id, inviter_id, date, role)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![channel, user, inviter, now, role.to_column()])?;
        if added == 0 {
            return Ok(false);
        }
        self.db()
            .prepare_cached(
                "UPDATE channels SET participants_count = participants_count + 1 WHERE id = ?1",
            )?
            .execute([channel])?;
        // The channel shows up in the new member's dialogs, with its history already read.
        let top: Option<(i32, i32)> = self
            .db()
            .prepare_cached(
                "SELECT id, date FROM messages WHERE box = ?1 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([-channel], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let (top_id, top_date) = top.unwrap_or((0, now));
        let (kind, id) = Peer::Channel(channel).to_columns();
        self.db()
            .prepare_cached(
                "INSERT OR REPLACE INTO dialogs (owner_id, peer_kind, peer_id, top_id, top_date, read_inbox_max_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?4)",
            )?
            .execute(params![user, kind, id, top_id, top_date])?;
        Ok(true)
    }

    /// channels.createChannel: a broadcast channel or (`broadcast = false`) a supergroup.
    pub fn create_channel(
        &mut self,
        caller: Caller,
        title: &str,
        about: &str,
        broadcast: bool,
        now: i32,
    ) -> WorldResult<Sent> {
        let title = title.trim();
        if title.is_empty() {
            return fail(RpcError::ChatTitleEmpty);
        }
        let title: String = title.chars().take(TITLE_MAX_CHARS).collect();
        let about: String = about.trim().chars().take(ABOUT_MAX_CHARS).collect();
        self.atomically(|w| {
            let channel = w.store.next(crate::store::Counter::ChannelId)?;
            w.db()
                .prepare_cached(
                    "INSERT INTO channels (id, title, about, broadcast, creator_id, date, pts, last_msg_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, 0)",
                )?
                .execute(params![channel, title, about, broadcast, caller.user_id, now])?;
            w.add_channel_member(channel, caller.user_id, caller.user_id, ChannelRole::Creator, now)?;
            w.push_unstamped(caller.user_id, Some(caller.auth_key_id), Update::Channel { channel_id: channel }, now)?;
            let content = Content { action: Some(ServiceAction::ChannelCreate { title: title.clone() }), ..Content::default() };
            w.deliver_to_channel(caller, channel, &content, None, broadcast, now)
        })
    }

    /// channels.inviteToChannel: `users` already resolved. A supergroup reports the new
    /// members with a service message (returned); a broadcast channel does not.
    pub fn invite_to_channel(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        users: &[UserId],
        now: i32,
    ) -> WorldResult<Option<Sent>> {
        crate::world::error::check_batch(users.len())?;
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        let info = self.existing_channel(channel)?;
        let Some(role) = self.channel_role(channel, caller.user_id)? else {
            return fail(RpcError::ChannelPrivate);
        };
        if info.broadcast && !role.is_admin() {
            return fail(RpcError::ChatAdminRequired);
        }
        for &user in users {
            self.existing_user(user)?;
        }
        self.atomically(|w| {
            let mut added = Vec::new();
            for &user in users {
                if w.add_channel_member(channel, user, caller.user_id, ChannelRole::Member, now)? {
                    added.push(user);
                }
            }
            if added.is_empty() {
                return fail(RpcError::UserAlreadyParticipant);
            }
            for &user in &added {
                w.push_unstamped(
                    user,
                    None,
                    Update::Channel {
                        channel_id: channel,
                    },
                    now,
                )?;
            }
            if info.broadcast {
                return Ok(None);
            }
            let content = Content {
                action: Some(ServiceAction::ChatAddUser { users: added }),
                ..Content::default()
            };
            w.deliver_to_channel(caller, channel, &content, None, false, now)
                .map(Some)
        })
    }

    /// channels.joinChannel: public channels only.
    pub fn join_channel(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        now: i32,
    ) -> WorldResult<Option<Sent>> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        let info = self.existing_channel(channel)?;
        if self.channel_role(channel, caller.user_id)?.is_some() {
            return fail(RpcError::UserAlreadyParticipant);
        }
        let kicked = self
            .channel_ban(channel, caller.user_id)?
            .is_some_and(|b| b.0.is_kick());
        if info.username.is_none() || kicked {
            return fail(RpcError::ChannelPrivate);
        }
        self.atomically(|w| {
            w.add_channel_member(
                channel,
                caller.user_id,
                caller.user_id,
                ChannelRole::Member,
                now,
            )?;
            w.push_unstamped(
                caller.user_id,
                Some(caller.auth_key_id),
                Update::Channel {
                    channel_id: channel,
                },
                now,
            )?;
            if info.broadcast {
                return Ok(None);
            }
            let content = Content {
                action: Some(ServiceAction::ChatAddUser {
                    users: vec![caller.user_id],
                }),
                ..Content::default()
            };
            w.deliver_to_channel(caller, channel, &content, None, false, now)
                .map(Some)
        })
    }

    /// channels.leaveChannel.
    pub fn leave_channel(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        now: i32,
    ) -> WorldResult<()> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        let info = self.existing_channel(channel)?;
        if self.channel_role(channel, caller.user_id)?.is_none() {
            return fail(RpcError::UserNotParticipant);
        }
        self.atomically(|w| {
            if !info.broadcast {
                let content = Content {
                    action: Some(ServiceAction::ChatDeleteUser {
                        user_id: caller.user_id,
                    }),
                    ..Content::default()
                };
                w.deliver_to_channel(caller, channel, &content, None, false, now)?;
            }
            let (kind, id) = Peer::Channel(channel).to_columns();
            w.db()
                .prepare_cached(
                    "DELETE FROM channel_participants WHERE channel_id = ?1 AND user_id = ?2",
                )?
                .execute(params![channel, caller.user_id])?;
            w.db()
                .prepare_cached(
                    "DELETE FROM dialogs WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
                )?
                .execute(params![caller.user_id, kind, id])?;
            w.db()
                .prepare_cached(
                    "UPDATE channels SET participants_count = participants_count - 1 WHERE id = ?1",
                )?
                .execute([channel])?;
            w.push_unstamped(
                caller.user_id,
                Some(caller.auth_key_id),
                Update::Channel {
                    channel_id: channel,
                },
                now,
            )?;
            Ok(())
        })
    }

    /// channels.getParticipants: members by join date, and how many there are.
    pub fn channel_participants(
        &self,
        caller: Caller,
        channel: InputChannel,
        offset: i32,
        limit: i32,
    ) -> WorldResult<(Vec<ChannelParticipant>, i32)> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        self.check_channel_readable(caller.user_id, channel)?;
        if offset < 0 || limit < 0 {
            return fail(RpcError::LimitInvalid);
        }
        let limit = limit.min(200);
        let ids: Vec<UserId> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT user_id FROM channel_participants WHERE channel_id = ?1
                 ORDER BY date, user_id LIMIT ?2 OFFSET ?3",
            )?;
            let rows = stmt.query_map(params![channel, limit, offset], |row| row.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut members = Vec::with_capacity(ids.len());
        for user in ids {
            members.extend(self.channel_member(channel, user)?);
        }
        Ok((members, self.existing_channel(channel)?.participants_count))
    }

    /// channels.updateUsername (creator only); empty removes it.
    pub fn update_channel_username(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        name: &str,
    ) -> WorldResult<()> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        if self.channel_role(channel, caller.user_id)? != Some(ChannelRole::Creator) {
            return fail(RpcError::ChatAdminRequired);
        }
        let wanted = if name.is_empty() {
            None
        } else {
            validate_username(name)?;
            Some(name)
        };
        if self.existing_channel(channel)?.username.as_deref() == wanted {
            return fail(RpcError::UsernameNotModified);
        }
        self.atomically(|w| w.claim_username(Peer::Channel(channel), wanted))
    }
}
