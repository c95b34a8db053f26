//! Putting a message into boxes: one copy per participant for private chats and basic
//! groups, one channel copy for channels; each with its update and push.

use rusqlite::{params, OptionalExtension};

use super::{Content, Sent};
use crate::store::Counter;
use crate::world::ids::{ChannelId, MessageBox, Peer, UserId};
use crate::world::message::to_json;
use crate::world::updates::{LoggedEvent, PtsStamp, Update};
use crate::world::{Caller, World, WorldResult};

/// JSON columns of a message body, serialized once for all its copies.
struct Encoded {
    entities: Option<String>,
    media: Option<String>,
    action: Option<String>,
    fwd: Option<String>,
}

fn encode(content: &Content) -> WorldResult<Encoded> {
    Ok(Encoded {
        entities: if content.entities.is_empty() {
            None
        } else {
            Some(to_json(&content.entities)?)
        },
        media: content.media.as_ref().map(to_json).transpose()?,
        action: content.action.as_ref().map(to_json).transpose()?,
        fwd: content.fwd_from.as_ref().map(to_json).transpose()?,
    })
}

/// One row of the messages table.
struct Row<'a> {
    owner: MessageBox,
    id: i32,
    peer: Peer,
    from_id: Option<UserId>,
    /// Channel messages: who wrote it.
    author_id: Option<UserId>,
    out: bool,
    date: i32,
    reply_to: Option<i32>,
    random_id: Option<i64>,
    global_id: i64,
    post: bool,
    content: &'a Content,
    encoded: &'a Encoded,
}

impl World {
    fn insert_message(&self, row: &Row) -> WorldResult<()> {
        let (peer_kind, peer_id) = row.peer.to_columns();
        self.db()
            .prepare_cached(
                "INSERT INTO messages (box, id, peer_kind, peer_id, from_id, out, date, text, entities,
                    media, action, reply_to, fwd, random_id, global_id, silent, post, author_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            )?
            .execute(params![
                row.owner.key(),
                row.id,
                peer_kind,
                peer_id,
                row.from_id,
                row.out,
                row.date,
                row.content.text,
                row.encoded.entities,
                row.encoded.media,
                row.encoded.action,
                row.reply_to,
                row.encoded.fwd,
                row.random_id,
                row.global_id,
                row.content.silent,
                row.post,
                row.author_id
            ])?;
        Ok(())
    }

    fn next_user_message_id(&self, user: UserId) -> WorldResult<i32> {
        Ok(self
            .db()
            .prepare_cached("UPDATE user_state SET last_msg_id = last_msg_id + 1 WHERE user_id = ?1 RETURNING last_msg_id")?
            .query_row([user], |row| row.get(0))?)
    }

    fn next_channel_message_id(&self, channel: ChannelId) -> WorldResult<i32> {
        Ok(self
            .db()
            .prepare_cached("UPDATE channels SET last_msg_id = last_msg_id + 1 WHERE id = ?1 RETURNING last_msg_id")?
            .query_row([channel], |row| row.get(0))?)
    }

    /// The global id of message `id` in `owner`.
    pub(crate) fn global_id_of(&self, owner: MessageBox, id: i32) -> WorldResult<Option<i64>> {
        Ok(self
            .db()
            .prepare_cached("SELECT global_id FROM messages WHERE box = ?1 AND id = ?2")?
            .query_row(params![owner.key(), id], |row| row.get(0))
            .optional()?)
    }

    /// The id of the copy of global message `global_id` in `owner`.
    pub(crate) fn copy_in(&self, owner: MessageBox, global_id: i64) -> WorldResult<Option<i32>> {
        Ok(self
            .db()
            .prepare_cached("SELECT id FROM messages WHERE global_id = ?1 AND box = ?2")?
            .query_row(params![global_id, owner.key()], |row| row.get(0))
            .optional()?)
    }

    /// Copies a message into the box of every user in `recipients` (the sender among them),
    /// in a private chat with `target = Peer::User(other)` or a basic group `Peer::Chat`.
    pub(crate) fn deliver_to_users(
        &mut self,
        sender: Caller,
        target: Peer,
        recipients: &[UserId],
        content: &Content,
        random_id: Option<i64>,
        now: i32,
    ) -> WorldResult<Sent> {
        let global_id = self.store.next(Counter::GlobalMessageId)?;
        let encoded = encode(content)?;
        let reply_global = match content.reply_to {
            Some(id) => self.global_id_of(MessageBox::User(sender.user_id), id)?,
            None => None,
        };
        let mentioned = match target {
            Peer::Chat(_) => {
                self.mentioned_in(content, sender, MessageBox::User(sender.user_id))?
            }
            _ => Vec::new(),
        };
        let mut sent = None;
        for &owner in recipients {
            let owner_box = MessageBox::User(owner);
            let id = self.next_user_message_id(owner)?;
            let out = owner == sender.user_id;
            let peer = match target {
                Peer::User(other) if out => Peer::User(other),
                Peer::User(_) => Peer::User(sender.user_id),
                group => group,
            };
            let reply_to = match reply_global {
                Some(global) => self.copy_in(owner_box, global)?,
                None => None,
            };
            self.insert_message(&Row {
                owner: owner_box,
                id,
                peer,
                from_id: Some(sender.user_id),
                author_id: None,
                out,
                date: now,
                reply_to,
                random_id: random_id.filter(|_| out),
                global_id,
                post: false,
                content,
                encoded: &encoded,
            })?;
            self.touch_dialog(owner, peer, id, now, !out)?;
            if !out && mentioned.contains(&owner) {
                self.add_mention(owner, owner_box, id)?;
            }
            let Some(message) = self.load_message(owner_box, id, owner)? else {
                continue;
            };
            let except = out.then_some(sender.auth_key_id);
            let stamp = self.emit_user(
                owner,
                except,
                &LoggedEvent::NewMessage { id },
                Update::NewMessage(message.clone()),
                1,
                now,
            )?;
            if !out {
                self.unarchive_on_message(owner, peer, now)?;
            }
            if out {
                sent = Some(Sent {
                    message,
                    random_id,
                    pts: stamp.pts,
                    pts_count: stamp.pts_count,
                    duplicate: false,
                });
            }
        }
        sent.ok_or_else(|| crate::world::RpcError::Internal.into())
    }

    /// Who a group or channel message mentions: the users its text names, and the author
    /// of the message it replies to (`reply_box`: where the sender sees that message).
    fn mentioned_in(
        &self,
        content: &Content,
        sender: Caller,
        reply_box: MessageBox,
    ) -> WorldResult<Vec<UserId>> {
        if content.action.is_some() {
            return Ok(Vec::new());
        }
        let mut users = self.users_named(&content.text, &content.entities)?;
        if let Some(reply) = content.reply_to {
            if let Some(replied) = self.load_message(reply_box, reply, sender.user_id)? {
                users.extend(replied.author.or(replied.from_id));
            }
        }
        users.retain(|u| *u != sender.user_id);
        Ok(users)
    }

    /// Posts a message into a channel and tells every member.
    pub(crate) fn deliver_to_channel(
        &mut self,
        sender: Caller,
        channel: ChannelId,
        content: &Content,
        random_id: Option<i64>,
        post: bool,
        now: i32,
    ) -> WorldResult<Sent> {
        let owner = MessageBox::Channel(channel);
        let global_id = self.store.next(Counter::GlobalMessageId)?;
        let encoded = encode(content)?;
        let id = self.next_channel_message_id(channel)?;
        let from_id = (!post).then_some(sender.user_id);
        let reply_to = match content.reply_to {
            Some(reply) => self.global_id_of(owner, reply)?.map(|_| reply),
            None => None,
        };
        self.insert_message(&Row {
            owner,
            id,
            peer: Peer::Channel(channel),
            from_id,
            author_id: Some(sender.user_id),
            out: false,
            date: now,
            reply_to,
            random_id,
            global_id,
            post,
            content,
            encoded: &encoded,
        })?;
        let pts = self.log_channel_event(channel, &LoggedEvent::NewMessage { id }, 1, now)?;
        let stamp = PtsStamp { pts, pts_count: 1 };
        let Some(message) = self.load_message(owner, id, sender.user_id)? else {
            return Err(crate::world::RpcError::Internal.into());
        };
        let mentioned = if post {
            Vec::new()
        } else {
            self.mentioned_in(content, sender, owner)?
        };
        for member in self.channel_member_ids(channel)? {
            let is_sender = member == sender.user_id;
            self.touch_dialog(member, Peer::Channel(channel), id, now, !is_sender)?;
            let mut copy = message.clone();
            copy.out = is_sender;
            if !is_sender && mentioned.contains(&member) {
                self.add_mention(member, owner, id)?;
                copy.mentioned = true;
                copy.media_unread = true;
            }
            self.push_channel(
                member,
                is_sender.then_some(sender.auth_key_id),
                Update::NewChannelMessage(copy),
                Some(stamp),
                now,
            );
            if !is_sender {
                self.unarchive_on_message(member, Peer::Channel(channel), now)?;
            }
        }
        Ok(Sent {
            message,
            random_id,
            pts,
            pts_count: 1,
            duplicate: false,
        })
    }
}
