//! messages.forwardMessages.

use super::{Content, Sent};
use crate::world::dialogs::box_of;
use crate::world::error::{fail, RpcError};
use crate::world::ids::{InputPeer, Peer};
use crate::world::message::ForwardHeader;
use crate::world::{Caller, World, WorldResult};

impl World {
    /// Forwards `ids` of `from_peer` to `to_peer`, one random_id per message. Forwards keep
    /// the original header; `drop_author` sends plain copies instead.
    #[allow(clippy::too_many_arguments)]
    pub fn forward_messages(
        &mut self,
        caller: Caller,
        from_peer: InputPeer,
        ids: &[i32],
        to_peer: InputPeer,
        random_ids: &[i64],
        drop_author: bool,
        silent: bool,
        now: i32,
    ) -> WorldResult<Vec<Sent>> {
        crate::world::error::check_batch(ids.len())?;
        if ids.is_empty() {
            return fail(RpcError::MessageIdsEmpty);
        }
        if ids.len() != random_ids.len() {
            return fail(RpcError::RandomIdInvalid);
        }
        let from = self.resolve_input_peer(caller.user_id, from_peer)?;
        let to = self.resolve_input_peer(caller.user_id, to_peer)?;
        if let Peer::Channel(channel) = from {
            self.check_channel_readable(caller.user_id, channel)?;
        }
        let source_box = box_of(caller.user_id, from);
        self.atomically(|w| {
            let mut sent = Vec::new();
            for (&id, &random_id) in ids.iter().zip(random_ids) {
                if let Some(earlier) = w.earlier_send(caller, to, random_id)? {
                    sent.push(earlier);
                    continue;
                }
                let original = match w.load_message(source_box, id, caller.user_id)? {
                    Some(m) if m.peer == from && m.action.is_none() => m,
                    _ => continue,
                };
                let fwd_from = if drop_author {
                    None
                } else {
                    Some(original.fwd_from.clone().unwrap_or(ForwardHeader {
                        from: match (original.from_id, original.peer) {
                            (Some(user), _) => Some(Peer::User(user)),
                            (None, channel @ Peer::Channel(_)) => Some(channel),
                            (None, _) => None,
                        },
                        from_name: None,
                        date: original.date,
                        channel_post: original.post.then_some(original.id),
                    }))
                };
                let content = Content {
                    text: original.text,
                    entities: original.entities,
                    media: original.media,
                    fwd_from,
                    silent,
                    ..Content::default()
                };
                sent.push(w.send_content(caller, to, &content, Some(random_id), now)?);
            }
            if sent.is_empty() {
                return fail(RpcError::MessageIdInvalid);
            }
            Ok(sent)
        })
    }
}
