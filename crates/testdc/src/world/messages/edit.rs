//! messages.editMessage: the text of a message, in every copy.

use rusqlite::params;

use super::{check_text, Sent};
use crate::world::dialogs::box_of;
use crate::world::error::{fail, RpcError};
use crate::world::ids::{InputPeer, MessageBox, Peer};
use crate::world::message::{to_json, Entity};
use crate::world::updates::{LoggedEvent, PtsStamp, Update};
use crate::world::{Caller, World, WorldResult};

/// How long after sending a message may be edited (Saved Messages: always).
const EDIT_WINDOW: i32 = 48 * 3600;

impl World {
    /// Edits message `id` of `peer`. `text = None` keeps the text; `entities = None` keeps
    /// them only when the text is kept.
    pub fn edit_message(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        id: i32,
        text: Option<String>,
        entities: Option<Vec<Entity>>,
        now: i32,
    ) -> WorldResult<Sent> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        let owner = box_of(caller.user_id, peer);
        let message = match self.load_message(owner, id, caller.user_id)? {
            Some(m) if m.peer == peer && m.action.is_none() => m,
            _ => return fail(RpcError::MessageIdInvalid),
        };
        let may_edit = match owner {
            MessageBox::User(_) => message.out,
            MessageBox::Channel(channel) => {
                message.from_id == Some(caller.user_id)
                    || (message.post
                        && self
                            .channel_role(channel, caller.user_id)?
                            .is_some_and(|r| r.is_admin()))
            }
        };
        if !may_edit {
            return fail(RpcError::MessageAuthorRequired);
        }
        let entities = match (&text, entities) {
            (_, Some(entities)) => entities,
            (None, None) => message.entities.clone(),
            (Some(_), None) => Vec::new(),
        };
        let text = text.unwrap_or_else(|| message.text.clone());
        check_text(&text, &entities)?;
        if text.trim().is_empty() && message.media.is_none() {
            return fail(RpcError::MessageEmpty);
        }
        if text == message.text && entities == message.entities {
            return fail(RpcError::MessageNotModified);
        }
        if peer != Peer::User(caller.user_id) && now - message.date > EDIT_WINDOW {
            return fail(RpcError::MessageEditTimeExpired);
        }
        let entities_json = if entities.is_empty() {
            None
        } else {
            Some(to_json(&entities)?)
        };
        self.atomically(|w| {
            let copies: Vec<(i64, i32)> = {
                let mut stmt = w.db().prepare_cached("SELECT box, id FROM messages WHERE global_id = ?1")?;
                let rows = stmt.query_map([message.global_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
                rows.collect::<rusqlite::Result<_>>()?
            };
            for (key, copy_id) in &copies {
                w.db()
                    .prepare_cached("UPDATE messages SET text = ?3, entities = ?4, edit_date = ?5 WHERE box = ?1 AND id = ?2")?
                    .execute(params![key, copy_id, text, entities_json, now])?;
            }
            let mut mine = None;
            for (key, copy_id) in copies {
                let copy_box = MessageBox::from_key(key);
                match copy_box {
                    MessageBox::User(user) => {
                        let Some(edited) = w.load_message(copy_box, copy_id, user)? else { continue };
                        let is_caller = user == caller.user_id;
                        let stamp = w.emit_user(
                            user,
                            is_caller.then_some(caller.auth_key_id),
                            &LoggedEvent::EditMessage { id: copy_id },
                            Update::EditMessage(edited.clone()),
                            1,
                            now,
                        )?;
                        if is_caller {
                            mine = Some((edited, stamp));
                        }
                    }
                    MessageBox::Channel(channel) => {
                        let pts = w.log_channel_event(channel, &LoggedEvent::EditMessage { id: copy_id }, 1, now)?;
                        let stamp = PtsStamp { pts, pts_count: 1 };
                        let Some(edited) = w.load_message(copy_box, copy_id, caller.user_id)? else { continue };
                        for member in w.channel_member_ids(channel)? {
                            let mut view = edited.clone();
                            view.out = edited.author == Some(member);
                            let except = (member == caller.user_id).then_some(caller.auth_key_id);
                            w.push_channel(member, except, Update::EditChannelMessage(view), Some(stamp), now);
                        }
                        mine = Some((edited, stamp));
                    }
                }
            }
            match mine {
                Some((message, stamp)) => Ok(Sent {
                    message,
                    random_id: None,
                    pts: stamp.pts,
                    pts_count: stamp.pts_count,
                    duplicate: false,
                }),
                None => fail(RpcError::MessageIdInvalid),
            }
        })
    }
}
