//! Contacts and the account's profile: importContacts, getContacts, searchContacts,
//! addContact, removeContacts, searchPublicChat, setName, setUsername, setBio.

use td_api as td;
use tl::api::{enums, functions, types};

use crate::api::error;
use crate::client::session::Session;
use crate::engine::{self, Answer, Engine};

fn users_answer(ids: Vec<i64>) -> td::Users {
    td::Users {
        total_count: ids.len() as i32,
        user_ids: ids,
    }
}

pub fn import_contacts(s: &mut Session, extra: Option<Box<str>>, f: td::ImportContacts) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    if f.contacts.iter().any(Option::is_none) {
        return s
            .out()
            .error(error(400, "Contact must be non-empty"), extra.as_deref());
    }
    let contacts: Vec<enums::InputContact> = f
        .contacts
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, c)| {
            enums::InputContact::InputPhoneContact(Box::new(types::InputPhoneContact {
                client_id: i as i64,
                phone: c.phone_number.clone(),
                first_name: c.first_name.clone(),
                last_name: c.last_name.clone(),
                note: None,
            }))
        })
        .collect();
    let n = contacts.len();
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::contacts::ImportContacts { contacts })
                .await
        },
        move |td, answer| -> Answer {
            let enums::contacts::ImportedContacts::ImportedContacts(x) = answer?;
            let e = &mut *td.engine;
            e.users.on_users(&x.users, td.out, &e.store);
            let mut user_ids = vec![0; n];
            for enums::ImportedContact::ImportedContact(c) in &x.imported {
                if let Some(slot) = user_ids.get_mut(c.client_id as usize) {
                    *slot = c.user_id;
                }
            }
            engine::ok(td::ImportedContacts {
                user_ids,
                importer_count: vec![0; n],
            })
        },
    );
}

pub fn get_contacts(s: &mut Session, extra: Option<Box<str>>) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::contacts::GetContacts { hash: 0 })
                .await
        },
        |td, answer| -> Answer {
            let e = &mut *td.engine;
            let ids = match answer? {
                enums::contacts::Contacts::Contacts(x) => {
                    e.users.on_users(&x.users, td.out, &e.store);
                    x.contacts
                        .iter()
                        .map(|enums::Contact::Contact(c)| c.user_id)
                        .collect()
                }
                enums::contacts::Contacts::NotModified => Vec::new(),
            };
            engine::ok(users_answer(sorted_by_name(e, ids)))
        },
    );
}

/// Contacts as TDLib lists them: by name.
fn sorted_by_name(e: &Engine, mut ids: Vec<i64>) -> Vec<i64> {
    let name = |id: &i64| {
        e.users
            .get(*id)
            .map(|u| format!("{} {}", u.first_name, u.last_name).to_lowercase())
            .unwrap_or_default()
    };
    ids.sort_by_cached_key(|id| (name(id), *id));
    ids
}

/// searchContacts looks among the contacts the client knows: by the start of a word of
/// the name or of a username.
pub fn search_contacts(s: &mut Session, extra: Option<Box<str>>, f: td::SearchContacts) {
    let Some(e) = s.engine.as_ref() else { return };
    if f.limit <= 0 {
        return s.out().error(
            error(400, "Parameter limit must be positive"),
            extra.as_deref(),
        );
    }
    let query = f.query.to_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    let ids: Vec<i64> = e
        .users
        .contacts()
        .filter(|u| {
            let mut hay: Vec<String> = format!("{} {}", u.first_name, u.last_name)
                .to_lowercase()
                .split_whitespace()
                .map(str::to_string)
                .collect();
            if let Some(names) = &u.usernames {
                hay.extend(names.active_usernames.iter().map(|n| n.to_lowercase()));
            }
            words.iter().all(|w| hay.iter().any(|h| h.starts_with(w)))
        })
        .map(|u| u.id)
        .collect();
    let mut ids = sorted_by_name(e, ids);
    ids.truncate(f.limit as usize);
    s.out().reply(Ok(users_answer(ids)), extra.as_deref());
}

pub fn add_contact(s: &mut Session, extra: Option<Box<str>>, f: td::AddContact) {
    let Some(e) = s.engine.as_ref() else { return };
    let Some(input) = e.users.input_user(f.user_id) else {
        return s
            .out()
            .error(error(400, "User not found"), extra.as_deref());
    };
    let Some(c) = f.contact else {
        return s
            .out()
            .error(error(400, "Contact must be non-empty"), extra.as_deref());
    };
    let net = e.net.clone();
    let call = functions::contacts::AddContact {
        add_phone_privacy_exception: f.share_phone_number,
        id: input,
        first_name: c.first_name,
        last_name: c.last_name,
        phone: c.phone_number,
        note: None,
    };
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        |td, answer| -> Answer {
            crate::updates::on_updates(td, answer?);
            engine::ok(td::Ok {})
        },
    );
}

pub fn remove_contacts(s: &mut Session, extra: Option<Box<str>>, ids: Vec<i64>) {
    let Some(e) = s.engine.as_ref() else { return };
    let id: Vec<enums::InputUser> = ids.iter().filter_map(|u| e.users.input_user(*u)).collect();
    if id.is_empty() {
        return s.out().reply(Ok(td::Ok {}), extra.as_deref());
    }
    let net = e.net.clone();
    engine::request(
        s,
        extra,
        async move { net.call(&functions::contacts::DeleteContacts { id }).await },
        |td, answer| -> Answer {
            crate::updates::on_updates(td, answer?);
            engine::ok(td::Ok {})
        },
    );
}

pub fn search_public_chat(s: &mut Session, extra: Option<Box<str>>, username: String) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    let name = username.trim_start_matches('@').to_string();
    if name.is_empty() {
        return s
            .out()
            .error(error(400, "Username is invalid"), extra.as_deref());
    }
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::contacts::ResolveUsername {
                username: name,
                referer: None,
            })
            .await
        },
        |td, answer| -> Answer {
            let enums::contacts::ResolvedPeer::ResolvedPeer(x) = match answer {
                Err(e) if e.message.starts_with("USERNAME_") => {
                    return Err(error(400, "Chat not found"))
                }
                a => a?,
            };
            let out = td.out;
            let e = &mut *td.engine;
            e.users.on_users(&x.users, out, &e.store);
            e.on_groups(&x.chats, out);
            let chat_id = crate::chats::chat_id::of_peer(&x.peer);
            if !e.announce_chat(chat_id, out) {
                return Err(error(400, "Chat not found"));
            }
            engine::ok(
                e.chat_object(chat_id)
                    .ok_or_else(|| error(400, "Chat not found"))?,
            )
        },
    );
}

/// setName, setBio: account.updateProfile; the new user comes back and is announced.
pub fn update_profile(
    s: &mut Session,
    extra: Option<Box<str>>,
    call: functions::account::UpdateProfile,
) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        |td, answer| -> Answer {
            let user = answer?;
            let e = &mut *td.engine;
            e.users.on_user(&user, td.out, &e.store);
            engine::ok(td::Ok {})
        },
    );
}

pub fn set_name(s: &mut Session, extra: Option<Box<str>>, f: td::SetName) {
    let first = f.first_name.trim().to_string();
    if first.is_empty() {
        return s
            .out()
            .error(error(400, "First name must be non-empty"), extra.as_deref());
    }
    update_profile(
        s,
        extra,
        functions::account::UpdateProfile {
            first_name: Some(first),
            last_name: Some(f.last_name.trim().to_string()),
            about: None,
        },
    );
}

pub fn set_bio(s: &mut Session, extra: Option<Box<str>>, bio: String) {
    update_profile(
        s,
        extra,
        functions::account::UpdateProfile {
            first_name: None,
            last_name: None,
            about: Some(bio),
        },
    );
}

pub fn set_username(s: &mut Session, extra: Option<Box<str>>, username: String) {
    let Some(net) = s.engine.as_ref().map(|e| e.net.clone()) else {
        return;
    };
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::account::UpdateUsername { username })
                .await
        },
        |td, answer| -> Answer {
            let user = answer?;
            let e = &mut *td.engine;
            e.users.on_user(&user, td.out, &e.store);
            engine::ok(td::Ok {})
        },
    );
}
