//! messages.sendMessage / messages.sendMedia.

use super::{check_text, Content, NewMessage, Sent};
use crate::world::error::{fail, RpcError};
use crate::world::ids::{InputPeer, Peer, UserId};
use crate::world::{Caller, World, WorldResult};

impl World {
    /// Sends a message (text and/or media) from `caller` to `peer`.
    pub fn send_message(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        message: NewMessage,
        now: i32,
    ) -> WorldResult<Sent> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        check_text(&message.text, &message.entities)?;
        if message.text.trim().is_empty() && message.media.is_none() {
            return fail(RpcError::MessageEmpty);
        }
        self.atomically(|w| {
            if let Some(random_id) = message.random_id {
                if let Some(sent) = w.earlier_send(caller, peer, random_id)? {
                    return Ok(sent);
                }
            }
            let media = match message.media {
                Some(input) => Some(w.media_from_input(caller, input, now)?),
                None => None,
            };
            let content = Content {
                text: message.text,
                entities: message.entities,
                media,
                reply_to: message.reply_to,
                silent: message.silent,
                ..Content::default()
            };
            let sent = w.send_content(caller, peer, &content, message.random_id, now)?;
            if message.clear_draft {
                w.clear_draft(caller, peer, now)?;
            }
            Ok(sent)
        })
    }

    /// Delivers `content` from `caller` into `peer`, checking that they may write there.
    pub(crate) fn send_content(
        &mut self,
        caller: Caller,
        peer: Peer,
        content: &Content,
        random_id: Option<i64>,
        now: i32,
    ) -> WorldResult<Sent> {
        let sent = self.deliver_content(caller, peer, content, random_id, now)?;
        if let Some(random_id) = random_id {
            self.record_random_id(caller, peer, random_id, &sent)?;
        }
        Ok(sent)
    }

    fn deliver_content(
        &mut self,
        caller: Caller,
        peer: Peer,
        content: &Content,
        random_id: Option<i64>,
        now: i32,
    ) -> WorldResult<Sent> {
        match peer {
            Peer::User(other) => {
                let recipients: Vec<UserId> = if other == caller.user_id {
                    vec![other]
                } else {
                    vec![caller.user_id, other]
                };
                self.deliver_to_users(caller, peer, &recipients, content, random_id, now)
            }
            Peer::Chat(chat) => {
                if self.chat(chat)?.is_some_and(|c| c.deactivated) {
                    return fail(RpcError::ChatIdInvalid);
                }
                if !self.is_chat_participant(chat, caller.user_id)? {
                    return fail(RpcError::ChatWriteForbidden);
                }
                if content.action.is_none()
                    && !self.is_chat_admin(chat, caller.user_id)?
                    && self.chat_default_banned(chat)?.forbids_text()
                {
                    return fail(RpcError::ChatWriteForbidden);
                }
                let members = self.chat_member_ids(chat)?;
                self.deliver_to_users(caller, peer, &members, content, random_id, now)
            }
            Peer::Channel(channel) => {
                let info = self.existing_channel(channel)?;
                let Some(role) = self.channel_role(channel, caller.user_id)? else {
                    return fail(RpcError::ChatWriteForbidden);
                };
                if info.broadcast && !role.is_admin() {
                    return fail(RpcError::ChatWriteForbidden);
                }
                if content.action.is_none() && !role.is_admin() {
                    let own = self.channel_ban(channel, caller.user_id)?.map(|b| b.0);
                    if own.is_some_and(|b| b.forbids_text())
                        || self.channel_default_banned(channel)?.forbids_text()
                    {
                        return fail(RpcError::ChatWriteForbidden);
                    }
                }
                self.deliver_to_channel(caller, channel, content, random_id, info.broadcast, now)
            }
        }
    }
}
