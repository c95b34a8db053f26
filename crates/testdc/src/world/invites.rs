//! Invite links (messages.exportChatInvite, checkChatInvite, importChatInvite) for basic
//! groups and channels: https://t.me/+HASH, optionally expiring or limited in uses.

use rusqlite::{params, OptionalExtension};

use super::channels::ChannelRole;
use super::error::{fail, RpcError};
use super::ids::{InputPeer, Peer, UserId};
use super::message::ServiceAction;
use super::messages::{Content, Sent};
use super::rights::AdminRights;
use super::updates::Update;
use super::{Caller, World, WorldResult};

const HASH_LEN: usize = 16;
const TITLE_MAX_CHARS: usize = 32;

/// TL `chatInviteExported`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    pub hash: String,
    pub peer: Peer,
    pub admin_id: UserId,
    pub date: i32,
    pub expire_date: Option<i32>,
    pub usage_limit: Option<i32>,
    pub usage: i32,
    pub revoked: bool,
    pub permanent: bool,
    pub title: Option<String>,
}

impl Invite {
    pub fn link(&self) -> String {
        format!("https://t.me/+{}", self.hash)
    }
}

/// How a link is asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewInvite {
    pub expire_date: Option<i32>,
    pub usage_limit: Option<i32>,
    pub title: Option<String>,
    /// legacy_revoke_permanent: the link replaces the chat's permanent one.
    pub permanent: bool,
}

/// What joining through a link did.
#[derive(Clone, Debug, PartialEq)]
pub enum Joined {
    /// A basic group or supergroup: the service message.
    Message(Box<Sent>),
    /// A broadcast channel: no message, the client refetches it.
    Channel(i64),
}

/// The part of a link after "+" (or "joinchat/"), or the hash itself.
fn bare_hash(hash: &str) -> &str {
    let hash = hash.trim();
    let hash = hash.rsplit('/').next().unwrap_or(hash);
    hash.trim_start_matches('+')
}

impl World {
    /// messages.exportChatInvite: admins who may invite.
    pub fn export_chat_invite(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        new: NewInvite,
        now: i32,
    ) -> WorldResult<Invite> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        match peer {
            Peer::Chat(chat) => {
                if !self.is_chat_admin(chat, caller.user_id)? {
                    return fail(RpcError::ChatAdminRequired);
                }
            }
            Peer::Channel(channel) => {
                self.require_channel_right(channel, caller.user_id, AdminRights::INVITE_USERS)?;
            }
            Peer::User(_) => return fail(RpcError::PeerIdInvalid),
        }
        let title = new
            .title
            .map(|t| t.trim().chars().take(TITLE_MAX_CHARS).collect::<String>())
            .filter(|t| !t.is_empty());
        let hash = {
            let bytes = self.random_bytes(HASH_LEN);
            let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            bytes
                .iter()
                .map(|b| alphabet[usize::from(*b) % alphabet.len()] as char)
                .collect::<String>()
        };
        let (kind, id) = peer.to_columns();
        self.atomically(|w| {
            if new.permanent {
                w.db()
                    .prepare_cached(
                        "UPDATE chat_invites SET revoked = 1 WHERE peer_kind = ?1 AND peer_id = ?2 AND permanent = 1",
                    )?
                    .execute(params![kind, id])?;
            }
            w.db()
                .prepare_cached(
                    "INSERT INTO chat_invites (hash, peer_kind, peer_id, admin_id, date, expire_date,
                        usage_limit, permanent, title) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )?
                .execute(params![
                    hash,
                    kind,
                    id,
                    caller.user_id,
                    now,
                    new.expire_date,
                    new.usage_limit,
                    new.permanent,
                    title
                ])?;
            w.invite(&hash)?.ok_or_else(|| RpcError::Internal.into())
        })
    }

    fn invite(&self, hash: &str) -> WorldResult<Option<Invite>> {
        Ok(self
            .db()
            .prepare_cached(
                "SELECT hash, peer_kind, peer_id, admin_id, date, expire_date, usage_limit, usage,
                    revoked, permanent, title FROM chat_invites WHERE hash = ?1",
            )?
            .query_row([hash], |row| {
                Ok(Invite {
                    hash: row.get(0)?,
                    peer: Peer::from_columns(row.get(1)?, row.get(2)?),
                    admin_id: row.get(3)?,
                    date: row.get(4)?,
                    expire_date: row.get(5)?,
                    usage_limit: row.get(6)?,
                    usage: row.get(7)?,
                    revoked: row.get(8)?,
                    permanent: row.get(9)?,
                    title: row.get(10)?,
                })
            })
            .optional()?)
    }

    /// The usable invite behind a hash: INVITE_HASH_INVALID if unknown, _EXPIRED if revoked,
    /// past its date or used up.
    fn valid_invite(&self, hash: &str, now: i32) -> WorldResult<Invite> {
        let hash = bare_hash(hash);
        if hash.is_empty() {
            return fail(RpcError::InviteHashEmpty);
        }
        let Some(invite) = self.invite(hash)? else {
            return fail(RpcError::InviteHashInvalid);
        };
        let expired = invite.revoked
            || invite.expire_date.is_some_and(|d| d <= now)
            || invite.usage_limit.is_some_and(|l| invite.usage >= l)
            || match invite.peer {
                Peer::Chat(chat) => self.existing_chat_info(chat)?.deactivated,
                Peer::Channel(channel) => self.channel_deleted(channel)?,
                Peer::User(_) => true,
            };
        if expired {
            return fail(RpcError::InviteHashExpired);
        }
        Ok(invite)
    }

    fn is_member(&self, peer: Peer, user: UserId) -> WorldResult<bool> {
        Ok(match peer {
            Peer::Chat(chat) => self.is_chat_participant(chat, user)?,
            Peer::Channel(channel) => self.channel_role(channel, user)?.is_some(),
            Peer::User(_) => false,
        })
    }

    /// messages.checkChatInvite: the chat behind a link, and whether the caller is in it.
    pub fn check_chat_invite(
        &self,
        caller: Caller,
        hash: &str,
        now: i32,
    ) -> WorldResult<(Peer, bool)> {
        let invite = self.valid_invite(hash, now)?;
        Ok((invite.peer, self.is_member(invite.peer, caller.user_id)?))
    }

    /// messages.importChatInvite.
    pub fn import_chat_invite(
        &mut self,
        caller: Caller,
        hash: &str,
        now: i32,
    ) -> WorldResult<Joined> {
        let invite = self.valid_invite(hash, now)?;
        if self.is_member(invite.peer, caller.user_id)? {
            return fail(RpcError::UserAlreadyParticipant);
        }
        let action = ServiceAction::ChatJoinedByLink {
            inviter_id: invite.admin_id,
        };
        self.atomically(|w| {
            w.db()
                .prepare_cached("UPDATE chat_invites SET usage = usage + 1 WHERE hash = ?1")?
                .execute([&invite.hash])?;
            match invite.peer {
                Peer::Channel(channel) => {
                    if w.channel_ban(channel, caller.user_id)?
                        .is_some_and(|b| b.0.is_kick())
                    {
                        return fail(RpcError::UserBannedInChannel);
                    }
                    w.add_member_with_role(
                        channel,
                        caller.user_id,
                        invite.admin_id,
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
                    if w.existing_channel(channel)?.broadcast {
                        return Ok(Joined::Channel(channel));
                    }
                    let content = Content {
                        action: Some(action),
                        ..Content::default()
                    };
                    let sent = w.deliver_to_channel(caller, channel, &content, None, false, now)?;
                    Ok(Joined::Message(Box::new(sent)))
                }
                peer => {
                    let chat = peer.id();
                    w.add_chat_member(chat, caller.user_id, invite.admin_id, now)?;
                    let content = Content {
                        action: Some(action),
                        ..Content::default()
                    };
                    let sent = w.send_content(caller, peer, &content, None, now)?;
                    Ok(Joined::Message(Box::new(sent)))
                }
            }
        })
    }
}
