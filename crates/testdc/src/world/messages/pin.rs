//! messages.updatePinnedMessage and messages.unpinAllMessages. Pinning is per copy: in a
//! private chat or basic group every participant's copy (only the caller's with
//! pm_oneside), each in its owner's pts; in a channel the one copy, in the channel's pts. A
//! pin (not an unpin, not one-sided) also posts a messageActionPinMessage service message
//! replying to the pinned message; `silent` only makes that one silent.

use std::collections::BTreeMap;

use rusqlite::params;

use super::{Affected, Content, Sent};
use crate::world::dialogs::box_of;
use crate::world::error::{fail, RpcError};
use crate::world::ids::{InputPeer, MessageBox, Peer, UserId};
use crate::world::message::ServiceAction;
use crate::world::rights::{AdminRights, BannedRights};
use crate::world::updates::{LoggedEvent, PtsStamp, Stamped, Update};
use crate::world::{Caller, World, WorldResult};

/// What pinning did for the caller: their pin update (stamped) and the service message.
#[derive(Clone, Debug, PartialEq)]
pub struct Pinned {
    pub update: Stamped,
    pub service: Option<Sent>,
}

/// How a request pins.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PinRequest {
    pub id: i32,
    pub unpin: bool,
    pub silent: bool,
    pub pm_oneside: bool,
}

impl World {
    fn check_may_pin(&self, caller: Caller, peer: Peer) -> WorldResult<()> {
        if let Peer::Chat(chat) = peer {
            if !self.is_chat_participant(chat, caller.user_id)? {
                return fail(RpcError::ChatWriteForbidden);
            }
        }
        if let Peer::Channel(channel) = peer {
            if self.channel_role(channel, caller.user_id)?.is_none() {
                return fail(RpcError::ChannelPrivate);
            }
        }
        if self.member_may(
            peer,
            caller.user_id,
            AdminRights::PIN_MESSAGES,
            BannedRights::PIN_MESSAGES,
        )? {
            Ok(())
        } else {
            fail(RpcError::ChatAdminRequired)
        }
    }

    /// Sets the pinned flag of copies in user boxes: (owner, id, peer in owner's view).
    fn pin_user_copies(
        &mut self,
        caller: Caller,
        copies: &[(UserId, i32, Peer)],
        pinned: bool,
        now: i32,
    ) -> WorldResult<Option<Stamped>> {
        let mut by_owner: BTreeMap<UserId, (Peer, Vec<i32>)> = BTreeMap::new();
        for (owner, id, peer) in copies {
            self.db()
                .prepare_cached("UPDATE messages SET pinned = ?3 WHERE box = ?1 AND id = ?2")?
                .execute(params![owner, id, pinned])?;
            by_owner
                .entry(*owner)
                .or_insert((*peer, Vec::new()))
                .1
                .push(*id);
        }
        let mut mine = None;
        for (owner, (peer, ids)) in by_owner {
            let is_caller = owner == caller.user_id;
            let update = Update::PinnedMessages {
                peer,
                ids: ids.clone(),
                pinned,
            };
            let stamp = self.emit_user(
                owner,
                is_caller.then_some(caller.auth_key_id),
                &LoggedEvent::PinnedMessages { peer, ids, pinned },
                update.clone(),
                1,
                now,
            )?;
            if is_caller {
                mine = Some(Stamped {
                    update,
                    pts: Some(stamp),
                });
            }
        }
        Ok(mine)
    }

    fn pin_channel_messages(
        &mut self,
        caller: Caller,
        channel: i64,
        ids: &[i32],
        pinned: bool,
        now: i32,
    ) -> WorldResult<Stamped> {
        for id in ids {
            self.db()
                .prepare_cached("UPDATE messages SET pinned = ?3 WHERE box = ?1 AND id = ?2")?
                .execute(params![-channel, id, pinned])?;
        }
        let event = LoggedEvent::PinnedMessages {
            peer: Peer::Channel(channel),
            ids: ids.to_vec(),
            pinned,
        };
        let pts = self.log_channel_event(channel, &event, 1, now)?;
        let stamp = Some(PtsStamp { pts, pts_count: 1 });
        let update = Update::PinnedChannelMessages {
            channel_id: channel,
            ids: ids.to_vec(),
            pinned,
        };
        for member in self.channel_member_ids(channel)? {
            let except = (member == caller.user_id).then_some(caller.auth_key_id);
            self.push_channel(member, except, update.clone(), stamp, now);
        }
        Ok(Stamped { update, pts: stamp })
    }

    /// messages.updatePinnedMessage.
    pub fn update_pinned_message(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        request: PinRequest,
        now: i32,
    ) -> WorldResult<Pinned> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        self.check_may_pin(caller, peer)?;
        let owner = box_of(caller.user_id, peer);
        let message = match self.load_message(owner, request.id, caller.user_id)? {
            Some(m) if m.peer == peer && m.action.is_none() => m,
            _ => return fail(RpcError::MessageIdInvalid),
        };
        let oneside = request.pm_oneside && matches!(peer, Peer::User(_));
        let pinned = !request.unpin;
        self.atomically(|w| {
            let update = match owner {
                MessageBox::Channel(channel) => {
                    w.pin_channel_messages(caller, channel, &[message.id], pinned, now)?
                }
                MessageBox::User(_) => {
                    let copies = if oneside {
                        vec![(caller.user_id, message.id, peer)]
                    } else {
                        w.user_copies(message.global_id)?
                    };
                    match w.pin_user_copies(caller, &copies, pinned, now)? {
                        Some(update) => update,
                        None => return fail(RpcError::Internal),
                    }
                }
            };
            let service = if pinned && !oneside {
                let content = Content {
                    action: Some(ServiceAction::PinMessage),
                    reply_to: Some(message.id),
                    silent: request.silent,
                    ..Content::default()
                };
                Some(w.send_content(caller, peer, &content, None, now)?)
            } else {
                None
            };
            Ok(Pinned { update, service })
        })
    }

    /// Every copy of a message in user boxes: (owner, id, peer in the owner's view).
    fn user_copies(&self, global_id: i64) -> WorldResult<Vec<(UserId, i32, Peer)>> {
        let mut stmt = self.db().prepare_cached(
            "SELECT box, id, peer_kind, peer_id FROM messages WHERE global_id = ?1 AND box > 0",
        )?;
        let rows = stmt
            .query_map([global_id], |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    Peer::from_columns(row.get(2)?, row.get(3)?),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// messages.unpinAllMessages: every pinned message of the dialog, for everyone who sees
    /// it pinned (the caller's one-sided pins included).
    pub fn unpin_all_messages(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        now: i32,
    ) -> WorldResult<Affected> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        self.check_may_pin(caller, peer)?;
        let owner = box_of(caller.user_id, peer);
        let (kind, id) = peer.to_columns();
        let pinned: Vec<(i32, i64)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT id, global_id FROM messages WHERE box = ?1 AND peer_kind = ?2 AND peer_id = ?3
                 AND pinned = 1 ORDER BY id",
            )?;
            let rows = stmt.query_map(params![owner.key(), kind, id], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        self.atomically(|w| {
            if pinned.is_empty() {
                let pts = match owner {
                    MessageBox::Channel(channel) => w.existing_channel(channel)?.pts,
                    MessageBox::User(user) => w.stored_state(user)?.0,
                };
                return Ok(Affected { pts, pts_count: 0 });
            }
            let stamped = match owner {
                MessageBox::Channel(channel) => {
                    let ids: Vec<i32> = pinned.iter().map(|p| p.0).collect();
                    w.pin_channel_messages(caller, channel, &ids, false, now)?
                }
                MessageBox::User(_) => {
                    let mut copies = Vec::new();
                    for (_, global_id) in &pinned {
                        copies.extend(w.user_copies(*global_id)?);
                    }
                    let mut still = Vec::new();
                    for copy in copies {
                        if w.load_message(MessageBox::User(copy.0), copy.1, copy.0)?
                            .is_some_and(|m| m.pinned)
                        {
                            still.push(copy);
                        }
                    }
                    match w.pin_user_copies(caller, &still, false, now)? {
                        Some(update) => update,
                        None => return fail(RpcError::Internal),
                    }
                }
            };
            let stamp = stamped.pts.unwrap_or(PtsStamp {
                pts: 0,
                pts_count: 0,
            });
            Ok(Affected {
                pts: stamp.pts,
                pts_count: stamp.pts_count,
            })
        })
    }
}
