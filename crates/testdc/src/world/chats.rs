//! Basic groups: up to 200 members, each with their own copy of every message.

use rusqlite::{params, OptionalExtension};

use super::error::{fail, RpcError};
use super::ids::{ChatId, Peer, UserId};
use super::message::ServiceAction;
use super::messages::{Content, Sent};
use super::{Caller, World, WorldResult};

const MEMBERS_MAX: usize = 200;
const TITLE_MAX_CHARS: usize = 128;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatMember {
    pub user_id: UserId,
    pub inviter_id: UserId,
    pub date: i32,
}

/// A basic group as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatInfo {
    pub id: ChatId,
    pub title: String,
    pub creator_id: UserId,
    pub date: i32,
    pub version: i32,
    pub deactivated: bool,
    pub members: Vec<ChatMember>,
}

/// A basic group as one viewer sees it (TL `chat` / `chatForbidden`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChatView {
    pub id: ChatId,
    pub title: String,
    pub participants_count: i32,
    pub date: i32,
    pub version: i32,
    pub is_creator: bool,
    /// The viewer is no longer a member.
    pub left: bool,
    pub deactivated: bool,
    /// The viewer's rights when they are the creator or an admin.
    pub admin_rights: Option<super::rights::AdminRights>,
    pub default_banned_rights: super::rights::BannedRights,
    /// The supergroup it became, with the viewer's access hash for it.
    pub migrated_to: Option<(i64, i64)>,
    /// Deleted with messages.deleteChat: shown as chatForbidden.
    pub deleted: bool,
}

fn check_title(title: &str) -> Result<String, RpcError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(RpcError::ChatTitleEmpty);
    }
    Ok(title.chars().take(TITLE_MAX_CHARS).collect())
}

impl World {
    pub fn chat(&self, id: ChatId) -> WorldResult<Option<ChatInfo>> {
        let row = self
            .db()
            .prepare_cached(
                "SELECT title, creator_id, date, version, deactivated FROM chats WHERE id = ?1",
            )?
            .query_row([id], |row| {
                Ok(ChatInfo {
                    id,
                    title: row.get(0)?,
                    creator_id: row.get(1)?,
                    date: row.get(2)?,
                    version: row.get(3)?,
                    deactivated: row.get(4)?,
                    members: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut chat) = row else { return Ok(None) };
        let mut stmt = self.db().prepare_cached(
            "SELECT user_id, inviter_id, date FROM chat_participants WHERE chat_id = ?1 ORDER BY date, user_id",
        )?;
        chat.members = stmt
            .query_map([id], |row| {
                Ok(ChatMember {
                    user_id: row.get(0)?,
                    inviter_id: row.get(1)?,
                    date: row.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Some(chat))
    }

    pub(crate) fn existing_chat_info(&self, id: ChatId) -> WorldResult<ChatInfo> {
        self.existing_chat(id)
    }

    fn existing_chat(&self, id: ChatId) -> WorldResult<ChatInfo> {
        match self.chat(id)? {
            Some(chat) => Ok(chat),
            None => fail(RpcError::ChatIdInvalid),
        }
    }

    /// Every basic group.
    pub fn chats(&self) -> WorldResult<Vec<ChatInfo>> {
        let ids: Vec<ChatId> = {
            let mut stmt = self
                .db()
                .prepare_cached("SELECT id FROM chats ORDER BY id")?;
            let rows = stmt.query_map([], |row| row.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        ids.into_iter()
            .filter_map(|id| self.chat(id).transpose())
            .collect()
    }

    pub(crate) fn is_chat_participant(&self, chat: ChatId, user: UserId) -> WorldResult<bool> {
        Ok(self
            .db()
            .prepare_cached("SELECT 1 FROM chat_participants WHERE chat_id = ?1 AND user_id = ?2")?
            .query_row(params![chat, user], |_| Ok(()))
            .optional()?
            .is_some())
    }

    pub(crate) fn chat_member_ids(&self, chat: ChatId) -> WorldResult<Vec<UserId>> {
        let mut stmt = self.db().prepare_cached(
            "SELECT user_id FROM chat_participants WHERE chat_id = ?1 ORDER BY user_id",
        )?;
        let ids = stmt
            .query_map([chat], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// How many groups and channels both users are in.
    pub(crate) fn common_chats_count(&self, a: UserId, b: UserId) -> WorldResult<i32> {
        Ok(self
            .db()
            .prepare_cached(
                "SELECT (SELECT COUNT(*) FROM chat_participants x JOIN chat_participants y
                           ON x.chat_id = y.chat_id WHERE x.user_id = ?1 AND y.user_id = ?2)
                      + (SELECT COUNT(*) FROM channel_participants x JOIN channel_participants y
                           ON x.channel_id = y.channel_id WHERE x.user_id = ?1 AND y.user_id = ?2)",
            )?
            .query_row(params![a, b], |row| row.get(0))?)
    }

    pub fn chat_view(&self, viewer: UserId, chat: ChatId) -> WorldResult<ChatView> {
        let info = self.existing_chat(chat)?;
        Ok(ChatView {
            id: chat,
            title: info.title,
            participants_count: info.members.len() as i32,
            date: info.date,
            version: info.version,
            is_creator: info.creator_id == viewer,
            left: !info.members.iter().any(|m| m.user_id == viewer),
            deactivated: info.deactivated,
            admin_rights: if info.creator_id == viewer {
                Some(super::rights::AdminRights::creator())
            } else if self.is_chat_admin(chat, viewer)? {
                Some(super::rights::AdminRights::basic_group_admin())
            } else {
                None
            },
            default_banned_rights: self.chat_default_banned(chat)?,
            migrated_to: self
                .chat_migrated_to(chat)?
                .map(|c| (c, self.channel_access_hash(viewer, c))),
            deleted: self.chat_deleted(chat)?,
        })
    }

    /// Adds a member (through an invite link): the chat's version moves on.
    pub(crate) fn add_chat_member(
        &self,
        chat: ChatId,
        user: UserId,
        inviter: UserId,
        now: i32,
    ) -> WorldResult<()> {
        if self.chat_member_ids(chat)?.len() >= MEMBERS_MAX {
            return fail(RpcError::UsersTooMuch);
        }
        self.add_member(chat, user, inviter, now)?;
        self.bump_chat_version(chat)?;
        Ok(())
    }

    fn add_member(&self, chat: ChatId, user: UserId, inviter: UserId, now: i32) -> WorldResult<()> {
        self.db()
            .prepare_cached("INSERT OR IGNORE INTO chat_participants (chat_id, user_id, inviter_id, date) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![chat, user, inviter, now])?;
        Ok(())
    }

    /// Moves the chat's version on; returns the new one.
    pub(crate) fn bump_chat_version(&self, chat: ChatId) -> WorldResult<i32> {
        Ok(self
            .db()
            .prepare_cached(
                "UPDATE chats SET version = version + 1 WHERE id = ?1 RETURNING version",
            )?
            .query_row([chat], |row| row.get(0))?)
    }

    fn chat_service(
        &mut self,
        caller: Caller,
        chat: ChatId,
        action: ServiceAction,
        now: i32,
    ) -> WorldResult<Sent> {
        let members = self.chat_member_ids(chat)?;
        let content = Content {
            action: Some(action),
            ..Content::default()
        };
        self.deliver_to_users(caller, Peer::Chat(chat), &members, &content, None, now)
    }

    pub(crate) fn chat_migrated_to(&self, chat: ChatId) -> WorldResult<Option<i64>> {
        Ok(self
            .db()
            .prepare_cached("SELECT migrated_to FROM chats WHERE id = ?1")?
            .query_row([chat], |row| row.get(0))
            .optional()?
            .flatten())
    }

    /// messages.createChat: the caller and `users` (already resolved) in a new group.
    pub fn create_chat(
        &mut self,
        caller: Caller,
        users: &[UserId],
        title: &str,
        now: i32,
    ) -> WorldResult<Sent> {
        let title = check_title(title)?;
        let mut members = vec![caller.user_id];
        for &user in users {
            self.existing_user(user)?;
            if !members.contains(&user) {
                members.push(user);
            }
        }
        if members.len() > MEMBERS_MAX {
            return fail(RpcError::UsersTooMuch);
        }
        self.atomically(|w| {
            let chat = w.store.next(crate::store::Counter::ChatId)?;
            w.db()
                .prepare_cached(
                    "INSERT INTO chats (id, title, creator_id, date) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![chat, title, caller.user_id, now])?;
            for &user in &members {
                w.add_member(chat, user, caller.user_id, now)?;
            }
            w.chat_service(
                caller,
                chat,
                ServiceAction::ChatCreate {
                    title: title.clone(),
                    users: members.clone(),
                },
                now,
            )
        })
    }

    /// messages.addChatUser.
    pub fn add_chat_user(
        &mut self,
        caller: Caller,
        chat: ChatId,
        user: UserId,
        now: i32,
    ) -> WorldResult<Sent> {
        let info = self.existing_chat(chat)?;
        self.existing_user(user)?;
        if !info.members.iter().any(|m| m.user_id == caller.user_id) {
            return fail(RpcError::ChatWriteForbidden);
        }
        if info.members.iter().any(|m| m.user_id == user) {
            return fail(RpcError::UserAlreadyParticipant);
        }
        if info.members.len() >= MEMBERS_MAX {
            return fail(RpcError::UsersTooMuch);
        }
        self.atomically(|w| {
            w.add_member(chat, user, caller.user_id, now)?;
            w.bump_chat_version(chat)?;
            w.chat_service(
                caller,
                chat,
                ServiceAction::ChatAddUser { users: vec![user] },
                now,
            )
        })
    }

    /// messages.deleteChatUser: leaving, or removing someone (creator or their inviter only).
    pub fn delete_chat_user(
        &mut self,
        caller: Caller,
        chat: ChatId,
        user: UserId,
        now: i32,
    ) -> WorldResult<Sent> {
        let info = self.existing_chat(chat)?;
        let Some(member) = info.members.iter().find(|m| m.user_id == user) else {
            return fail(RpcError::UserNotParticipant);
        };
        if user != caller.user_id
            && info.creator_id != caller.user_id
            && member.inviter_id != caller.user_id
        {
            return fail(RpcError::ChatAdminRequired);
        }
        self.atomically(|w| {
            let sent = w.chat_service(
                caller,
                chat,
                ServiceAction::ChatDeleteUser { user_id: user },
                now,
            )?;
            w.db()
                .prepare_cached(
                    "DELETE FROM chat_participants WHERE chat_id = ?1 AND user_id = ?2",
                )?
                .execute(params![chat, user])?;
            w.bump_chat_version(chat)?;
            Ok(sent)
        })
    }

    /// messages.editChatTitle.
    pub fn edit_chat_title(
        &mut self,
        caller: Caller,
        chat: ChatId,
        title: &str,
        now: i32,
    ) -> WorldResult<Sent> {
        let info = self.existing_chat(chat)?;
        if !info.members.iter().any(|m| m.user_id == caller.user_id) {
            return fail(RpcError::ChatWriteForbidden);
        }
        let title = check_title(title)?;
        if title == info.title {
            return fail(RpcError::ChatNotModified);
        }
        self.atomically(|w| {
            w.db()
                .prepare_cached("UPDATE chats SET title = ?2 WHERE id = ?1")?
                .execute(params![chat, title])?;
            w.bump_chat_version(chat)?;
            w.chat_service(
                caller,
                chat,
                ServiceAction::ChatEditTitle {
                    title: title.clone(),
                },
                now,
            )
        })
    }
}
