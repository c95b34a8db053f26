//! Group settings shared by basic groups and channels (about, default banned rights) and
//! the admins of basic groups (messages.editChatAdmin).

use rusqlite::params;

use super::error::{fail, RpcError};
use super::ids::{ChatId, InputPeer, Peer, UserId};
use super::message::to_json;
use super::rights::{AdminRights, BannedRights};
use super::updates::{Notice, Update};
use super::{Caller, World, WorldResult};

const ABOUT_MAX_CHARS: usize = 255;

impl World {
    /// CHAT_ADMIN_REQUIRED unless `user` is an admin of the group or channel holding `right`
    /// (basic group admins hold Telegram's fixed set).
    fn require_admin(&self, peer: Peer, user: UserId, right: u32) -> WorldResult<()> {
        match peer {
            Peer::Chat(chat) => {
                let info = self.existing_chat_info(chat)?;
                if !info.members.iter().any(|m| m.user_id == user) {
                    return fail(RpcError::ChatWriteForbidden);
                }
                if info.creator_id == user
                    || (self.is_chat_admin(chat, user)?
                        && AdminRights::basic_group_admin().has(right))
                {
                    Ok(())
                } else {
                    fail(RpcError::ChatAdminRequired)
                }
            }
            Peer::Channel(channel) => self.require_channel_right(channel, user, right).map(|_| ()),
            Peer::User(_) => fail(RpcError::PeerIdInvalid),
        }
    }

    /// Tells every member of a basic group (the caller in their answer).
    fn tell_chat_members(
        &mut self,
        caller: Caller,
        chat: ChatId,
        notice: Notice,
        now: i32,
    ) -> WorldResult<()> {
        for member in self.chat_member_ids(chat)? {
            let except = (member == caller.user_id).then_some(caller.auth_key_id);
            self.push_unstamped(member, except, Update::Notice(notice.clone()), now)?;
        }
        Ok(())
    }

    /// Tells every member of a channel to refetch it (the caller in their answer).
    fn tell_channel_members(&mut self, caller: Caller, channel: i64, now: i32) -> WorldResult<()> {
        for member in self.channel_member_ids(channel)? {
            let except = (member == caller.user_id).then_some(caller.auth_key_id);
            self.push_unstamped(
                member,
                except,
                Update::Channel {
                    channel_id: channel,
                },
                now,
            )?;
        }
        Ok(())
    }

    /// messages.editChatAbout, for basic groups and channels.
    pub fn edit_chat_about(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        about: &str,
        now: i32,
    ) -> WorldResult<()> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        self.require_admin(peer, caller.user_id, AdminRights::CHANGE_INFO)?;
        let about = about.trim();
        if about.chars().count() > ABOUT_MAX_CHARS {
            return fail(RpcError::ChatAboutTooLong);
        }
        let current = match peer {
            Peer::Chat(chat) => self.chat_about(chat)?,
            Peer::Channel(channel) => self.existing_channel(channel)?.about,
            Peer::User(_) => return fail(RpcError::PeerIdInvalid),
        };
        if current == about {
            return fail(RpcError::ChatAboutNotModified);
        }
        self.atomically(|w| match peer {
            Peer::Chat(chat) => {
                w.db()
                    .prepare_cached("UPDATE chats SET about = ?2 WHERE id = ?1")?
                    .execute(params![chat, about])?;
                w.tell_chat_members(caller, chat, Notice::Chat { chat_id: chat }, now)
            }
            _ => {
                w.db()
                    .prepare_cached("UPDATE channels SET about = ?2 WHERE id = ?1")?
                    .execute(params![peer.id(), about])?;
                w.tell_channel_members(caller, peer.id(), now)
            }
        })
    }

    pub(crate) fn chat_about(&self, chat: ChatId) -> WorldResult<String> {
        Ok(self
            .db()
            .prepare_cached("SELECT about FROM chats WHERE id = ?1")?
            .query_row([chat], |row| row.get(0))?)
    }

    /// messages.editChatAdmin: the creator makes a member an admin of a basic group, or not.
    pub fn edit_chat_admin(
        &mut self,
        caller: Caller,
        chat: ChatId,
        user: UserId,
        is_admin: bool,
        now: i32,
    ) -> WorldResult<()> {
        let info = self.existing_chat_info(chat)?;
        if info.creator_id != caller.user_id {
            return fail(RpcError::ChatAdminRequired);
        }
        if !info.members.iter().any(|m| m.user_id == user) {
            return fail(RpcError::UserNotParticipant);
        }
        if user == info.creator_id {
            return fail(RpcError::UserCreator);
        }
        if self.is_chat_admin(chat, user)? == is_admin {
            return fail(RpcError::ChatNotModified);
        }
        self.atomically(|w| {
            w.db()
                .prepare_cached(
                    "UPDATE chat_participants SET admin = ?3 WHERE chat_id = ?1 AND user_id = ?2",
                )?
                .execute(params![chat, user, is_admin])?;
            let version = w.bump_chat_version(chat)?;
            let notice = Notice::ChatParticipantAdmin {
                chat_id: chat,
                user_id: user,
                is_admin,
                version,
            };
            w.tell_chat_members(caller, chat, notice, now)
        })
    }

    /// messages.editChatDefaultBannedRights; returns the update the caller's answer holds.
    pub fn edit_default_banned_rights(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        rights: BannedRights,
        now: i32,
    ) -> WorldResult<Update> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        self.require_admin(peer, caller.user_id, AdminRights::BAN_USERS)?;
        if rights.is_kick() {
            return fail(RpcError::RightForbidden);
        }
        let rights = BannedRights {
            until_date: 0,
            ..rights
        };
        let current = match peer {
            Peer::Chat(chat) => self.chat_default_banned(chat)?,
            _ => self.channel_default_banned(peer.id())?,
        };
        if current == rights {
            return fail(RpcError::ChatNotModified);
        }
        self.atomically(|w| match peer {
            Peer::Chat(chat) => {
                w.db()
                    .prepare_cached("UPDATE chats SET default_banned = ?2 WHERE id = ?1")?
                    .execute(params![chat, to_json(&rights)?])?;
                let version = w.bump_chat_version(chat)?;
                let notice = Notice::ChatDefaultBannedRights {
                    peer,
                    rights,
                    version,
                };
                w.tell_chat_members(caller, chat, notice.clone(), now)?;
                Ok(Update::Notice(notice))
            }
            _ => {
                w.db()
                    .prepare_cached("UPDATE channels SET default_banned = ?2 WHERE id = ?1")?
                    .execute(params![peer.id(), to_json(&rights)?])?;
                w.tell_channel_members(caller, peer.id(), now)?;
                Ok(Update::Channel {
                    channel_id: peer.id(),
                })
            }
        })
    }
}
