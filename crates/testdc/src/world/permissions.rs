//! Who may do what in a group or channel: creators, admins with their rights, members under
//! the chat's default banned rights and their own restrictions.

use rusqlite::{params, OptionalExtension};

use super::channels::ChannelRole;
use super::error::{fail, RpcError};
use super::ids::{ChannelId, ChatId, Peer, UserId};
use super::rights::{AdminRights, BannedRights};
use super::{World, WorldResult};

fn parse_rights<T: serde::de::DeserializeOwned + Default>(json: Option<String>) -> WorldResult<T> {
    Ok(match json {
        Some(text) => serde_json::from_str(&text)?,
        None => T::default(),
    })
}

impl World {
    /// The admin rights of `user` in a channel: everything for its creator, `None` for
    /// members who are no admins and for non-members.
    pub(crate) fn channel_admin_rights(
        &self,
        channel: ChannelId,
        user: UserId,
    ) -> WorldResult<Option<AdminRights>> {
        let row: Option<(i64, Option<String>)> = self
            .db()
            .prepare_cached(
                "SELECT role, admin_rights FROM channel_participants WHERE channel_id = ?1 AND user_id = ?2",
            )?
            .query_row(params![channel, user], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        Ok(match row {
            Some((2, _)) => Some(AdminRights::creator()),
            // Admins from before schema 4 have no stored rights: all but adding admins.
            Some((1, None)) => Some(AdminRights(
                AdminRights::creator().0 & !AdminRights::ADD_ADMINS,
            )),
            Some((1, Some(json))) => Some(serde_json::from_str(&json)?),
            _ => None,
        })
    }

    /// The restrictions (or the kick) of `user` in a channel.
    pub(crate) fn channel_ban(
        &self,
        channel: ChannelId,
        user: UserId,
    ) -> WorldResult<Option<(BannedRights, UserId, i32)>> {
        let row: Option<(String, UserId, i32)> = self
            .db()
            .prepare_cached(
                "SELECT rights, kicked_by, date FROM channel_bans WHERE channel_id = ?1 AND user_id = ?2",
            )?
            .query_row(params![channel, user], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        match row {
            Some((json, by, date)) => Ok(Some((serde_json::from_str(&json)?, by, date))),
            None => Ok(None),
        }
    }

    pub(crate) fn channel_default_banned(&self, channel: ChannelId) -> WorldResult<BannedRights> {
        let json: Option<String> = self
            .db()
            .prepare_cached("SELECT default_banned FROM channels WHERE id = ?1")?
            .query_row([channel], |row| row.get(0))
            .optional()?
            .flatten();
        parse_rights(json)
    }

    pub(crate) fn chat_default_banned(&self, chat: ChatId) -> WorldResult<BannedRights> {
        let json: Option<String> = self
            .db()
            .prepare_cached("SELECT default_banned FROM chats WHERE id = ?1")?
            .query_row([chat], |row| row.get(0))
            .optional()?
            .flatten();
        parse_rights(json)
    }

    /// The creator or an admin of a basic group.
    pub(crate) fn is_chat_admin(&self, chat: ChatId, user: UserId) -> WorldResult<bool> {
        Ok(self
            .db()
            .prepare_cached(
                "SELECT (SELECT creator_id FROM chats WHERE id = ?1) = ?2 OR EXISTS (SELECT 1
                 FROM chat_participants WHERE chat_id = ?1 AND user_id = ?2 AND admin = 1)",
            )?
            .query_row(params![chat, user], |row| row.get(0))?)
    }

    /// CHAT_ADMIN_REQUIRED unless `user` is a channel admin holding `right`.
    pub(crate) fn require_channel_right(
        &self,
        channel: ChannelId,
        user: UserId,
        right: u32,
    ) -> WorldResult<AdminRights> {
        match self.channel_admin_rights(channel, user)? {
            Some(rights) if rights.has(right) => Ok(rights),
            _ => fail(RpcError::ChatAdminRequired),
        }
    }

    /// Whether `user` may do what admins do with `admin_right` and members do unless
    /// `banned_flag` is among their restrictions (a broadcast channel: admins only).
    pub(crate) fn member_may(
        &self,
        peer: Peer,
        user: UserId,
        admin_right: u32,
        banned_flag: u32,
    ) -> WorldResult<bool> {
        Ok(match peer {
            Peer::User(_) => true,
            Peer::Chat(chat) => {
                self.is_chat_participant(chat, user)?
                    && (self.is_chat_admin(chat, user)?
                        || !self.chat_default_banned(chat)?.has(banned_flag))
            }
            Peer::Channel(channel) => {
                if let Some(rights) = self.channel_admin_rights(channel, user)? {
                    return Ok(rights.has(admin_right));
                }
                let member = self.channel_role(channel, user)? == Some(ChannelRole::Member);
                let info = self.existing_channel(channel)?;
                let own = self.channel_ban(channel, user)?.map(|b| b.0);
                member
                    && !info.broadcast
                    && !self.channel_default_banned(channel)?.has(banned_flag)
                    && !own.is_some_and(|b| b.has(banned_flag))
            }
        })
    }
}
