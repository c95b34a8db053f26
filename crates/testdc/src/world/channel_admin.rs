//! Channel and supergroup administration: admins with rights and ranks
//! (channels.editAdmin), bans and restrictions (channels.editBanned), one participant's
//! status (channels.getParticipant) and the title (channels.editTitle).

use rusqlite::{params, OptionalExtension};

use super::channels::{ChannelParticipant, ChannelRole};
use super::error::{fail, RpcError};
use super::ids::{ChannelId, InputChannel, Peer, UserId};
use super::message::{to_json, ServiceAction};
use super::messages::{Content, Sent};
use super::rights::{AdminRights, BannedRights};
use super::updates::Update;
use super::{Caller, World, WorldResult};

const RANK_MAX_CHARS: usize = 16;

/// inviter_id, date, role, promoted_by, rank.
type MemberRow = (UserId, i32, i64, Option<UserId>, Option<String>);
const TITLE_MAX_CHARS: usize = 128;

/// Where a user stands in a channel (channels.getParticipant).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParticipantStatus {
    Member(ChannelParticipant),
    /// Restricted (still a member) or kicked (`left`).
    Banned {
        user_id: UserId,
        kicked_by: UserId,
        date: i32,
        rights: BannedRights,
        left: bool,
    },
}

impl World {
    /// One member of a channel, with their admin rights.
    pub(crate) fn channel_member(
        &self,
        channel: ChannelId,
        user: UserId,
    ) -> WorldResult<Option<ChannelParticipant>> {
        let row: Option<MemberRow> = self
            .db()
            .prepare_cached(
                "SELECT inviter_id, date, role, promoted_by, rank FROM channel_participants
                 WHERE channel_id = ?1 AND user_id = ?2",
            )?
            .query_row(params![channel, user], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                ))
            })
            .optional()?;
        let Some((inviter_id, date, role, promoted_by, rank)) = row else {
            return Ok(None);
        };
        let role = match role {
            2 => ChannelRole::Creator,
            1 => ChannelRole::Admin,
            _ => ChannelRole::Member,
        };
        Ok(Some(ChannelParticipant {
            user_id: user,
            inviter_id,
            date,
            role,
            admin_rights: self.channel_admin_rights(channel, user)?,
            promoted_by: promoted_by.or((role == ChannelRole::Admin).then_some(inviter_id)),
            rank,
        }))
    }

    /// channels.getParticipant.
    pub fn channel_participant(
        &self,
        caller: Caller,
        channel: InputChannel,
        user: UserId,
    ) -> WorldResult<ParticipantStatus> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        self.check_channel_readable(caller.user_id, channel)?;
        let member = self.channel_member(channel, user)?;
        if let Some((rights, kicked_by, date)) = self.channel_ban(channel, user)? {
            return Ok(ParticipantStatus::Banned {
                user_id: user,
                kicked_by,
                date,
                rights,
                left: member.is_none(),
            });
        }
        match member {
            Some(m) => Ok(ParticipantStatus::Member(m)),
            None => fail(RpcError::UserNotParticipant),
        }
    }

    /// channels.editAdmin: empty rights demote. The creator (or an admin who may add admins,
    /// for members and the admins they promoted) grants at most their own rights.
    pub fn edit_channel_admin(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        user: UserId,
        rights: AdminRights,
        rank: Option<&str>,
        now: i32,
    ) -> WorldResult<()> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        let mine = self.require_channel_right(channel, caller.user_id, AdminRights::ADD_ADMINS)?;
        let Some(target) = self.channel_member(channel, user)? else {
            return fail(RpcError::UserNotParticipant);
        };
        if target.role == ChannelRole::Creator {
            return fail(RpcError::UserCreator);
        }
        let is_creator = self.channel_role(channel, caller.user_id)? == Some(ChannelRole::Creator);
        if !is_creator {
            if target.role == ChannelRole::Admin && target.promoted_by != Some(caller.user_id) {
                return fail(RpcError::ChatAdminRequired);
            }
            if !mine.covers(rights) {
                return fail(RpcError::RightForbidden);
            }
        }
        let rank = rank.map(str::trim).filter(|r| !r.is_empty());
        if rank.is_some_and(|r| r.chars().count() > RANK_MAX_CHARS || r.contains('\n')) {
            return fail(RpcError::AdminRankInvalid);
        }
        self.atomically(|w| {
            let (role, stored, promoted_by, rank) = if rights.is_empty() {
                (ChannelRole::Member, None, None, None)
            } else {
                (
                    ChannelRole::Admin,
                    Some(to_json(&rights)?),
                    Some(caller.user_id),
                    rank.map(str::to_string),
                )
            };
            let role = match role {
                ChannelRole::Admin => 1,
                _ => 0,
            };
            w.db()
                .prepare_cached(
                    "UPDATE channel_participants SET role = ?3, admin_rights = ?4, promoted_by = ?5,
                     rank = ?6 WHERE channel_id = ?1 AND user_id = ?2",
                )?
                .execute(params![channel, user, role, stored, promoted_by, rank])?;
            w.tell_channel_changed(caller, channel, &[user], now)
        })
    }

    /// updateChannel to the caller (their answer) and to `users`.
    fn tell_channel_changed(
        &mut self,
        caller: Caller,
        channel: ChannelId,
        users: &[UserId],
        now: i32,
    ) -> WorldResult<()> {
        let update = Update::Channel {
            channel_id: channel,
        };
        self.push_unstamped(
            caller.user_id,
            Some(caller.auth_key_id),
            update.clone(),
            now,
        )?;
        for &user in users.iter().filter(|u| **u != caller.user_id) {
            self.push_unstamped(user, None, update.clone(), now)?;
        }
        Ok(())
    }

    /// channels.editBanned: `view_messages` kicks (the member leaves; a supergroup says so
    /// in a service message), other rights restrict, none at all unbans.
    pub fn edit_banned(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        user: UserId,
        rights: BannedRights,
        now: i32,
    ) -> WorldResult<Option<Sent>> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        self.require_channel_right(channel, caller.user_id, AdminRights::BAN_USERS)?;
        self.existing_user(user)?;
        let member = self.channel_member(channel, user)?;
        match member.as_ref().map(|m| m.role) {
            Some(ChannelRole::Creator) => return fail(RpcError::UserCreator),
            Some(ChannelRole::Admin) => return fail(RpcError::UserAdminInvalid),
            _ => {}
        }
        if user == caller.user_id {
            return fail(RpcError::UserAdminInvalid);
        }
        let info = self.existing_channel(channel)?;
        self.atomically(|w| {
            if rights.is_empty() {
                w.db()
                    .prepare_cached("DELETE FROM channel_bans WHERE channel_id = ?1 AND user_id = ?2")?
                    .execute(params![channel, user])?;
                w.tell_channel_changed(caller, channel, &[user], now)?;
                return Ok(None);
            }
            w.db()
                .prepare_cached(
                    "INSERT OR REPLACE INTO channel_bans (channel_id, user_id, kicked_by, date, rights)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![channel, user, caller.user_id, now, to_json(&rights)?])?;
            let mut sent = None;
            if rights.is_kick() && member.is_some() {
                if !info.broadcast {
                    let content = Content {
                        action: Some(ServiceAction::ChatDeleteUser { user_id: user }),
                        ..Content::default()
                    };
                    sent = Some(w.deliver_to_channel(caller, channel, &content, None, false, now)?);
                }
                w.remove_channel_member(channel, user)?;
            }
            w.tell_channel_changed(caller, channel, &[user], now)?;
            Ok(sent)
        })
    }

    /// Takes `user` out of a channel: membership, dialog, count.
    pub(crate) fn remove_channel_member(
        &self,
        channel: ChannelId,
        user: UserId,
    ) -> WorldResult<()> {
        let (kind, id) = Peer::Channel(channel).to_columns();
        let removed = self
            .db()
            .prepare_cached(
                "DELETE FROM channel_participants WHERE channel_id = ?1 AND user_id = ?2",
            )?
            .execute(params![channel, user])?;
        self.db()
            .prepare_cached(
                "DELETE FROM dialogs WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
            )?
            .execute(params![user, kind, id])?;
        if removed > 0 {
            self.db()
                .prepare_cached(
                    "UPDATE channels SET participants_count = participants_count - 1 WHERE id = ?1",
                )?
                .execute([channel])?;
        }
        Ok(())
    }

    /// channels.editTitle: admins who may change the info; a service message in the channel
    /// and updateChannel for every member.
    pub fn edit_channel_title(
        &mut self,
        caller: Caller,
        channel: InputChannel,
        title: &str,
        now: i32,
    ) -> WorldResult<Sent> {
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        self.require_channel_right(channel, caller.user_id, AdminRights::CHANGE_INFO)?;
        let title = title.trim();
        if title.is_empty() {
            return fail(RpcError::ChatTitleEmpty);
        }
        let title: String = title.chars().take(TITLE_MAX_CHARS).collect();
        let info = self.existing_channel(channel)?;
        if info.title == title {
            return fail(RpcError::ChatNotModified);
        }
        self.atomically(|w| {
            w.db()
                .prepare_cached("UPDATE channels SET title = ?2 WHERE id = ?1")?
                .execute(params![channel, title])?;
            let members = w.channel_member_ids(channel)?;
            w.tell_channel_changed(caller, channel, &members, now)?;
            let content = Content {
                action: Some(ServiceAction::ChatEditTitle {
                    title: title.clone(),
                }),
                ..Content::default()
            };
            w.deliver_to_channel(caller, channel, &content, None, info.broadcast, now)
        })
    }
}
