//! users.* and contacts.*.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::input_user;
use super::out::users::{user, user_full, users};
use super::out::{chats::chats, messages::peer, updates::updates};
use super::Context;
use crate::world::{PhoneContact, World, WorldResult};

/// users.getUsers: the users that exist, in order (unknown ones are left out).
pub fn get_users(
    world: &mut World,
    ctx: &Context,
    x: &functions::users::GetUsers,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    if x.id.len() > crate::world::BATCH_MAX {
        return Err(crate::world::RpcError::LimitInvalid.into());
    }
    let mut found = Vec::new();
    for input in &x.id {
        if let Ok(id) = world.resolve_input_user(caller.user_id, input_user(input)) {
            found.push(user(&world.user_view(caller.user_id, id)?));
        }
    }
    Ok(found.to_bytes())
}

pub fn get_full_user(
    world: &mut World,
    ctx: &Context,
    x: &functions::users::GetFullUser,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let id = world.resolve_input_user(caller.user_id, input_user(&x.id))?;
    Ok(user_full(&world.full_user(caller.user_id, id)?).to_bytes())
}

pub fn import_contacts(
    world: &mut World,
    ctx: &Context,
    x: &functions::contacts::ImportContacts,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let contacts: Vec<PhoneContact> = x
        .contacts
        .iter()
        .map(|c| {
            let enums::InputContact::InputPhoneContact(c) = c;
            PhoneContact {
                client_id: c.client_id,
                phone: c.phone.clone(),
                first_name: c.first_name.clone(),
                last_name: c.last_name.clone(),
            }
        })
        .collect();
    let imported = world.import_contacts(caller, &contacts)?;
    Ok(
        enums::contacts::ImportedContacts::ImportedContacts(Box::new(
            types::contacts::ImportedContacts {
                imported: imported
                    .imported
                    .iter()
                    .map(|&(user_id, client_id)| {
                        enums::ImportedContact::ImportedContact(Box::new(types::ImportedContact {
                            user_id,
                            client_id,
                        }))
                    })
                    .collect(),
                popular_invites: Vec::new(),
                retry_contacts: Vec::new(),
                users: imported.users.iter().map(user).collect(),
            },
        ))
        .to_bytes(),
    )
}

pub fn get_contacts(world: &mut World, ctx: &Context) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let (list, views) = world.contacts(caller)?;
    Ok(
        enums::contacts::Contacts::Contacts(Box::new(types::contacts::Contacts {
            contacts: list
                .iter()
                .map(|c| {
                    enums::Contact::Contact(Box::new(types::Contact {
                        user_id: c.user_id,
                        mutual: c.mutual,
                    }))
                })
                .collect(),
            saved_count: list.len() as i32,
            users: views.iter().map(user).collect(),
        }))
        .to_bytes(),
    )
}

pub fn delete_contacts(
    world: &mut World,
    ctx: &Context,
    x: &functions::contacts::DeleteContacts,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let mut ids = Vec::new();
    for input in &x.id {
        ids.push(world.resolve_input_user(caller.user_id, input_user(input))?);
    }
    world.delete_contacts(caller, &ids)?;
    Ok(updates(world, caller.user_id, Vec::new(), &[], ctx.now)?.to_bytes())
}

pub fn resolve_username(
    world: &mut World,
    ctx: &Context,
    x: &functions::contacts::ResolveUsername,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let found = world.resolve_username(&x.username)?;
    let (user_list, chat_list) = match found {
        crate::world::Peer::User(id) => (users(world, caller.user_id, &[id])?, Vec::new()),
        other => (Vec::new(), chats(world, caller.user_id, &[other])?),
    };
    Ok(
        enums::contacts::ResolvedPeer::ResolvedPeer(Box::new(types::contacts::ResolvedPeer {
            peer: peer(found),
            chats: chat_list,
            users: user_list,
        }))
        .to_bytes(),
    )
}
