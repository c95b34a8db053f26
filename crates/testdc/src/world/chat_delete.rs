//! messages.deleteChat and deleteChatUser's `revoke_history`: removing a basic group's
//! messages from every member's box, each deletion an updateDeleteMessages in that member's
//! pts.
//!
//! Deleting a basic group (its creator only) deletes every copy of its messages, removes
//! the members and their dialogs, and deactivates it: members get updateChat (in their seq)
//! and see it as chatForbidden from then on.

use std::collections::BTreeMap;

use rusqlite::params;

use super::error::{fail, RpcError};
use super::ids::{ChatId, Peer, UserId};
use super::messages::Sent;
use super::updates::{LoggedEvent, Notice, PtsStamp, Update};
use super::{Caller, World, WorldResult};

/// The requesting user's part of a deletion across boxes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnDeletion {
    pub ids: Vec<i32>,
    pub stamp: PtsStamp,
}

impl World {
    /// Deletes the copies (in every user's box) of the group's messages that `from` sent, or
    /// all of them; each owner gets updateDeleteMessages, the caller's requesting key
    /// included unless `answered` (it gets its part in the answer).
    fn delete_group_copies(
        &mut self,
        caller: Caller,
        chat: ChatId,
        from: Option<UserId>,
        answered: bool,
        now: i32,
    ) -> WorldResult<Option<OwnDeletion>> {
        let (kind, id) = Peer::Chat(chat).to_columns();
        let rows: Vec<(UserId, i32)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT box, id FROM messages WHERE box > 0 AND peer_kind = ?1 AND peer_id = ?2
                 AND (?3 IS NULL OR from_id = ?3) ORDER BY box, id",
            )?;
            let rows = stmt.query_map(params![kind, id, from], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut by_owner: BTreeMap<UserId, Vec<i32>> = BTreeMap::new();
        for (owner, msg_id) in rows {
            by_owner.entry(owner).or_default().push(msg_id);
        }
        let mut own = None;
        for (owner, ids) in by_owner {
            for msg_id in &ids {
                self.db()
                    .prepare_cached("DELETE FROM messages WHERE box = ?1 AND id = ?2")?
                    .execute(params![owner, msg_id])?;
            }
            self.refresh_dialog(owner, Peer::Chat(chat))?;
            let except = (owner == caller.user_id && answered).then_some(caller.auth_key_id);
            let count = ids.len() as i32;
            let stamp = self.emit_user(
                owner,
                except,
                &LoggedEvent::DeleteMessages { ids: ids.clone() },
                Update::DeleteMessages { ids: ids.clone() },
                count,
                now,
            )?;
            if owner == caller.user_id {
                own = Some(OwnDeletion { ids, stamp });
            }
        }
        Ok(own)
    }

    /// messages.deleteChatUser with `revoke_history`: `user`'s messages in the group go for
    /// every member, then `user` is removed as [`delete_chat_user`](Self::delete_chat_user)
    /// does. Returns the caller's part of the deletion and the service message.
    pub fn delete_chat_user_revoking(
        &mut self,
        caller: Caller,
        chat: ChatId,
        user: UserId,
        now: i32,
    ) -> WorldResult<(Option<OwnDeletion>, Sent)> {
        self.atomically(|w| {
            let own = w.delete_group_copies(caller, chat, Some(user), true, now)?;
            let sent = w.delete_chat_user(caller, chat, user, now)?;
            Ok((own, sent))
        })
    }

    /// messages.deleteChat (the answer is a Bool, so every session of the caller is pushed
    /// what changed).
    pub fn delete_chat(&mut self, caller: Caller, chat: ChatId, now: i32) -> WorldResult<()> {
        let info = match self.chat(chat)? {
            Some(info) => info,
            None => return fail(RpcError::ChatIdInvalid),
        };
        if info.creator_id != caller.user_id {
            return fail(RpcError::ChatAdminRequired);
        }
        if info.deactivated && self.chat_migrated_to(chat)?.is_none() {
            return fail(RpcError::ChatIdInvalid);
        }
        self.atomically(|w| {
            w.delete_group_copies(caller, chat, None, false, now)?;
            let (kind, id) = Peer::Chat(chat).to_columns();
            w.db()
                .prepare_cached("DELETE FROM dialogs WHERE peer_kind = ?1 AND peer_id = ?2")?
                .execute(params![kind, id])?;
            w.db()
                .prepare_cached("DELETE FROM chat_participants WHERE chat_id = ?1")?
                .execute([chat])?;
            w.db()
                .prepare_cached("UPDATE chats SET deactivated = 1 WHERE id = ?1")?
                .execute([chat])?;
            w.bump_chat_version(chat)?;
            for member in info.members.iter().map(|m| m.user_id) {
                w.push_unstamped(
                    member,
                    None,
                    Update::Notice(Notice::Chat { chat_id: chat }),
                    now,
                )?;
            }
            Ok(())
        })
    }

    /// A basic group deleted with messages.deleteChat (deactivated, not migrated).
    pub(crate) fn chat_deleted(&self, chat: ChatId) -> WorldResult<bool> {
        Ok(self.chat(chat)?.is_some_and(|c| c.deactivated)
            && self.chat_migrated_to(chat)?.is_none())
    }
}
