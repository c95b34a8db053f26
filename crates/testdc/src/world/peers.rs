//! Checking the peers clients name (InputPeer) against what the viewer may see.

use super::error::{fail, RpcError};
use super::ids::{InputPeer, Peer, UserId};
use super::{World, WorldResult};

impl World {
    /// An InputPeer from `viewer`, checked: wrong access hashes and unknown peers are
    /// PEER_ID_INVALID (CHANNEL_INVALID for channels), basic groups only for (former) members.
    pub fn resolve_input_peer(&self, viewer: UserId, input: InputPeer) -> WorldResult<Peer> {
        match input {
            InputPeer::Empty => fail(RpcError::PeerIdInvalid),
            InputPeer::SelfUser => Ok(Peer::User(viewer)),
            InputPeer::User {
                user_id,
                access_hash,
            } => {
                let known = self.user(user_id)?.is_some()
                    && (user_id == viewer || access_hash == self.user_access_hash(viewer, user_id));
                if known {
                    Ok(Peer::User(user_id))
                } else {
                    fail(RpcError::PeerIdInvalid)
                }
            }
            InputPeer::Chat { chat_id } => {
                let peer = Peer::Chat(chat_id);
                let visible = self.chat(chat_id)?.is_some()
                    && (self.is_chat_participant(chat_id, viewer)?
                        || self.dialog(viewer, peer)?.is_some());
                if visible {
                    Ok(peer)
                } else {
                    fail(RpcError::PeerIdInvalid)
                }
            }
            InputPeer::Channel {
                channel_id,
                access_hash,
            } => {
                if self.channel(channel_id)?.is_some()
                    && access_hash == self.channel_access_hash(viewer, channel_id)
                {
                    Ok(Peer::Channel(channel_id))
                } else {
                    fail(RpcError::ChannelInvalid)
                }
            }
        }
    }
}
