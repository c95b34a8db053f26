//! messages.migrateChat: a basic group becomes a supergroup. The new channel takes the
//! title, about and members (the creator stays creator, admins become admins); the old chat
//! is deactivated with `migrated_to`, and each side gets its service message
//! (messageActionChatMigrateTo in the old chat, messageActionChannelMigrateFrom in the new).

use rusqlite::params;

use super::channels::ChannelRole;
use super::error::{fail, RpcError};
use super::ids::{ChannelId, ChatId, Peer};
use super::message::ServiceAction;
use super::messages::{Content, Sent};
use super::rights::AdminRights;
use super::updates::Update;
use super::{Caller, World, WorldResult};

/// What a migration made: the new channel and the two service messages as the caller sees
/// them.
#[derive(Clone, Debug, PartialEq)]
pub struct Migrated {
    pub channel_id: ChannelId,
    pub migrate_to: Sent,
    pub migrate_from: Sent,
}

impl World {
    pub fn migrate_chat(
        &mut self,
        caller: Caller,
        chat: ChatId,
        now: i32,
    ) -> WorldResult<Migrated> {
        let info = self.existing_chat_info(chat)?;
        if info.deactivated {
            return fail(RpcError::ChatIdInvalid);
        }
        if info.creator_id != caller.user_id {
            return fail(RpcError::ChatAdminRequired);
        }
        let about = self.chat_about(chat)?;
        self.atomically(|w| {
            let channel = w.store.next(crate::store::Counter::ChannelId)?;
            let max_id = w.stored_last_msg_id(caller.user_id)?;
            w.db()
                .prepare_cached(
                    "INSERT INTO channels (id, title, about, broadcast, creator_id, date, pts, last_msg_id,
                        migrated_from, migrated_from_max_id)
                     VALUES (?1, ?2, ?3, 0, ?4, ?5, 1, 0, ?6, ?7)",
                )?
                .execute(params![channel, info.title, about, caller.user_id, now, chat, max_id])?;
            let admin_rights = super::message::to_json(&AdminRights::basic_group_admin())?;
            for member in &info.members {
                let role = if member.user_id == info.creator_id {
                    ChannelRole::Creator
                } else if w.is_chat_admin(chat, member.user_id)? {
                    ChannelRole::Admin
                } else {
                    ChannelRole::Member
                };
                w.add_member_with_role(channel, member.user_id, member.inviter_id, role, now)?;
                if role == ChannelRole::Admin {
                    w.db()
                        .prepare_cached(
                            "UPDATE channel_participants SET admin_rights = ?3, promoted_by = ?4
                             WHERE channel_id = ?1 AND user_id = ?2",
                        )?
                        .execute(params![channel, member.user_id, admin_rights, info.creator_id])?;
                }
            }
            let to = Content {
                action: Some(ServiceAction::ChatMigrateTo { channel_id: channel }),
                ..Content::default()
            };
            let migrate_to = w.send_content(caller, Peer::Chat(chat), &to, None, now)?;
            w.db()
                .prepare_cached(
                    "UPDATE chats SET deactivated = 1, migrated_to = ?2, version = version + 1 WHERE id = ?1",
                )?
                .execute(params![chat, channel])?;
            for member in &info.members {
                let except = (member.user_id == caller.user_id).then_some(caller.auth_key_id);
                w.push_unstamped(member.user_id, except, Update::Channel { channel_id: channel }, now)?;
            }
            let from = Content {
                action: Some(ServiceAction::ChannelMigrateFrom {
                    title: info.title.clone(),
                    chat_id: chat,
                }),
                ..Content::default()
            };
            let migrate_from = w.deliver_to_channel(caller, channel, &from, None, false, now)?;
            Ok(Migrated {
                channel_id: channel,
                migrate_to,
                migrate_from,
            })
        })
    }

    fn stored_last_msg_id(&self, user: super::ids::UserId) -> WorldResult<i32> {
        Ok(self
            .db()
            .prepare_cached("SELECT last_msg_id FROM user_state WHERE user_id = ?1")?
            .query_row([user], |row| row.get(0))?)
    }
}
