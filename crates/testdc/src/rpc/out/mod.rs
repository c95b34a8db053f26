//! The world's domain values as TL objects.

pub mod chats;
pub mod messages;
pub mod notices;
pub mod rights;
pub mod updates;
pub mod users;

use tl::api::enums;

use crate::world::{Message, Peer, UserId, World, WorldResult};

/// Users and chats an answer mentions, gathered while building it and resolved at the end
/// into the `users` and `chats` vectors Telegram's answers carry.
#[derive(Default)]
pub struct Mentions {
    users: Vec<UserId>,
    chats: Vec<Peer>,
}

impl Mentions {
    pub fn user(&mut self, id: UserId) {
        self.users.push(id);
    }

    pub fn peer(&mut self, peer: Peer) {
        match peer {
            Peer::User(id) => self.users.push(id),
            chat => self.chats.push(chat),
        }
    }

    pub fn message(&mut self, m: &Message) {
        self.users.extend(m.mentioned_users());
        self.chats.extend(m.mentioned_chats());
    }

    pub fn resolve(
        mut self,
        world: &World,
        viewer: UserId,
    ) -> WorldResult<(Vec<enums::User>, Vec<enums::Chat>)> {
        self.users.sort_unstable();
        self.users.dedup();
        Ok((
            users::users(world, viewer, &self.users)?,
            chats::chats(world, viewer, &self.chats)?,
        ))
    }
}
