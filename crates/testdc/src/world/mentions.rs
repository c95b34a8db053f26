//! Mentions: a group or channel message that names a member (a mention entity) or replies
//! to one of their messages is `mentioned` for them, and `media_unread` until they read it
//! (messages.readMentions); dialogs count the unread ones.

use rusqlite::{params, OptionalExtension};

use super::dialogs::box_of;
use super::error::{fail, RpcError};
use super::ids::{InputPeer, MessageBox, Peer, UserId};
use super::message::{Entity, EntityKind};
use super::messages::Affected;
use super::updates::{LoggedEvent, Notice, Update};
use super::{Caller, World, WorldResult};

/// The UTF-16 span of `text` an entity covers.
fn span(text: &str, entity: &Entity) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    let start = usize::try_from(entity.offset).unwrap_or(0).min(units.len());
    let end = start
        .saturating_add(usize::try_from(entity.length).unwrap_or(0))
        .min(units.len());
    String::from_utf16_lossy(&units[start..end])
}

impl World {
    /// Whether message `id` of `owner` mentions `viewer`: `Some(unread)`.
    pub(crate) fn mention_state(
        &self,
        viewer: UserId,
        owner: MessageBox,
        id: i32,
    ) -> WorldResult<Option<bool>> {
        Ok(self
            .db()
            .prepare_cached(
                "SELECT unread FROM mentions WHERE user_id = ?1 AND box = ?2 AND msg_id = ?3",
            )?
            .query_row(params![viewer, owner.key(), id], |row| row.get(0))
            .optional()?)
    }

    /// The users a message's text names: mention-name entities and @usernames of users.
    pub(crate) fn users_named(&self, text: &str, entities: &[Entity]) -> WorldResult<Vec<UserId>> {
        let mut users = Vec::new();
        for entity in entities {
            match &entity.kind {
                EntityKind::MentionName { user_id } => users.push(*user_id),
                EntityKind::Mention => {
                    let name = span(text, entity);
                    let Some(name) = name.strip_prefix('@') else {
                        continue;
                    };
                    if let Ok(Peer::User(user)) = self.resolve_username(name) {
                        users.push(user);
                    }
                }
                _ => {}
            }
        }
        Ok(users)
    }

    /// Records that message `id` of `owner` mentions `user`.
    pub(crate) fn add_mention(&self, user: UserId, owner: MessageBox, id: i32) -> WorldResult<()> {
        self.db()
            .prepare_cached(
                "INSERT OR IGNORE INTO mentions (user_id, box, msg_id, unread) VALUES (?1, ?2, ?3, 1)",
            )?
            .execute(params![user, owner.key(), id])?;
        Ok(())
    }

    /// Unread mentions of `owner` in the dialog with `peer`.
    pub(crate) fn unread_mentions_count(&self, owner: UserId, peer: Peer) -> WorldResult<i32> {
        let (kind, id) = peer.to_columns();
        Ok(self
            .db()
            .prepare_cached(
                "SELECT COUNT(*) FROM mentions m JOIN messages g ON g.box = m.box AND g.id = m.msg_id
                 WHERE m.user_id = ?1 AND m.box = ?2 AND m.unread = 1
                   AND g.peer_kind = ?3 AND g.peer_id = ?4",
            )?
            .query_row(
                params![owner, box_of(owner, peer).key(), kind, id],
                |row| row.get(0),
            )?)
    }

    /// Ids of `owner`'s unread mentions with `peer`, oldest first.
    fn unread_mention_ids(&self, owner: UserId, peer: Peer) -> WorldResult<Vec<i32>> {
        let (kind, id) = peer.to_columns();
        let mut stmt = self.db().prepare_cached(
            "SELECT m.msg_id FROM mentions m JOIN messages g ON g.box = m.box AND g.id = m.msg_id
             WHERE m.user_id = ?1 AND m.box = ?2 AND m.unread = 1
               AND g.peer_kind = ?3 AND g.peer_id = ?4 ORDER BY m.msg_id",
        )?;
        let ids = stmt
            .query_map(params![owner, box_of(owner, peer).key(), kind, id], |row| {
                row.get(0)
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// messages.readMentions: every unread mention of the caller in the dialog is read. A
    /// group's are in the caller's pts (updateReadMessagesContents to their other sessions);
    /// a channel's go to them as updateChannelReadMessagesContents.
    pub fn read_mentions(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        now: i32,
    ) -> WorldResult<Affected> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        if let Peer::Channel(channel) = peer {
            if self.channel_role(channel, caller.user_id)?.is_none() {
                return fail(RpcError::ChannelPrivate);
            }
        }
        self.atomically(|w| {
            let ids = w.unread_mention_ids(caller.user_id, peer)?;
            let unchanged = Affected {
                pts: w.stored_state(caller.user_id)?.0,
                pts_count: 0,
            };
            if ids.is_empty() {
                return Ok(unchanged);
            }
            let owner = box_of(caller.user_id, peer);
            for id in &ids {
                w.db()
                    .prepare_cached(
                        "UPDATE mentions SET unread = 0 WHERE user_id = ?1 AND box = ?2 AND msg_id = ?3",
                    )?
                    .execute(params![caller.user_id, owner.key(), id])?;
            }
            match peer {
                Peer::Channel(channel_id) => {
                    w.push_unstamped(
                        caller.user_id,
                        Some(caller.auth_key_id),
                        Update::Notice(Notice::ChannelReadMessagesContents { channel_id, ids }),
                        now,
                    )?;
                    Ok(unchanged)
                }
                _ => {
                    let stamp = w.emit_user(
                        caller.user_id,
                        Some(caller.auth_key_id),
                        &LoggedEvent::ReadMessagesContents { ids: ids.clone() },
                        Update::ReadMessagesContents { ids },
                        1,
                        now,
                    )?;
                    Ok(Affected {
                        pts: stamp.pts,
                        pts_count: stamp.pts_count,
                    })
                }
            }
        })
    }

    /// messages.readMessageContents: the caller has seen these messages of their own box
    /// (private chats and basic groups); those still unread for them (here: unread mentions,
    /// the only contents tracked as unread) are read, with one updateReadMessagesContents
    /// in the caller's pts (one event per message) to their other sessions.
    pub fn read_message_contents(
        &mut self,
        caller: Caller,
        ids: &[i32],
        now: i32,
    ) -> WorldResult<Affected> {
        crate::world::error::check_batch(ids.len())?;
        self.atomically(|w| {
            let owner = MessageBox::User(caller.user_id);
            let mut read = Vec::new();
            for &id in ids {
                let changed = w
                    .db()
                    .prepare_cached(
                        "UPDATE mentions SET unread = 0
                         WHERE user_id = ?1 AND box = ?2 AND msg_id = ?3 AND unread = 1",
                    )?
                    .execute(params![caller.user_id, owner.key(), id])?;
                if changed > 0 && !read.contains(&id) {
                    read.push(id);
                }
            }
            if read.is_empty() {
                return Ok(Affected {
                    pts: w.stored_state(caller.user_id)?.0,
                    pts_count: 0,
                });
            }
            let count = read.len() as i32;
            let stamp = w.emit_user(
                caller.user_id,
                Some(caller.auth_key_id),
                &LoggedEvent::ReadMessagesContents { ids: read.clone() },
                Update::ReadMessagesContents { ids: read },
                count,
                now,
            )?;
            Ok(Affected {
                pts: stamp.pts,
                pts_count: stamp.pts_count,
            })
        })
    }
}
