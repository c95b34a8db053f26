//! contacts.addContact and contacts.search.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::input_user;
use super::out::messages::peer;
use super::out::users::{peer_settings, users};
use super::Context;
use crate::world::{Peer, World, WorldResult};

/// contacts.addContact: `updates` with updatePeerSettings for the user (nothing left to
/// suggest: not a "add contact" bar any more) and the user, now a contact.
pub fn add_contact(
    world: &mut World,
    ctx: &Context,
    x: &functions::contacts::AddContact,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let user = world.resolve_input_user(caller.user_id, input_user(&x.id))?;
    world.add_contact(caller, user, &x.first_name, &x.last_name)?;
    let settings = enums::Update::PeerSettings(Box::new(types::UpdatePeerSettings {
        peer: peer(Peer::User(user)),
        settings: peer_settings(),
    }));
    Ok(enums::Updates::Updates(Box::new(types::Updates {
        updates: vec![settings],
        users: users(world, caller.user_id, &[user])?,
        chats: Vec::new(),
        date: ctx.now,
        seq: 0,
    }))
    .to_bytes())
}

pub fn search(
    world: &mut World,
    ctx: &Context,
    x: &functions::contacts::Search,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let found = world.search_contacts(caller, &x.q, x.limit)?;
    let mut mentions = super::out::Mentions::default();
    found
        .my_results
        .iter()
        .chain(&found.results)
        .for_each(|p| mentions.peer(*p));
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    Ok(
        enums::contacts::Found::Found(Box::new(types::contacts::Found {
            my_results: found.my_results.iter().map(|p| peer(*p)).collect(),
            results: found.results.iter().map(|p| peer(*p)).collect(),
            chats,
            users,
        }))
        .to_bytes(),
    )
}
