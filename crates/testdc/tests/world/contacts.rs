use testdc::world::PhoneContact;

use crate::common::*;

fn contact(client_id: i64, phone: &str, first: &str) -> PhoneContact {
    PhoneContact {
        client_id,
        phone: phone.into(),
        first_name: first.into(),
        last_name: String::new(),
    }
}

#[test]
fn import_by_phone_maps_client_ids() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let imported = w
        .import_contacts(
            a,
            &[
                contact(7, &format!("+{}", phone(2, 2)), "Friend"),
                contact(8, "99966299999", "Nobody"),
                contact(9, &phone(2, 1), "Me"),
            ],
        )
        .unwrap();
    assert_eq!(
        imported.imported,
        vec![(b.user_id, 7)],
        "unknown numbers and oneself are left out"
    );
    let seen = &imported.users[0];
    assert_eq!(
        seen.first_name, "Friend",
        "the importer's name for the contact"
    );
    assert!(seen.is_contact && !seen.is_mutual_contact);
    assert_eq!(seen.phone.as_deref(), Some(phone(2, 2).as_str()));
    assert_eq!(
        w.user_view(b.user_id, b.user_id).unwrap().first_name,
        "User2",
        "the account's own name is kept"
    );
    // B now sees A's phone, since A shared a contact with them.
    assert!(w.user_view(b.user_id, a.user_id).unwrap().phone.is_some());

    let (list, users) = w.contacts(a).unwrap();
    assert_eq!(list.len(), 1);
    assert!(!list[0].mutual);
    assert_eq!(users[0].id, b.user_id);
    w.import_contacts(b, &[contact(1, &phone(2, 1), "")])
        .unwrap();
    assert!(w.contacts(a).unwrap().0[0].mutual);
    assert_eq!(
        w.user_view(b.user_id, a.user_id).unwrap().first_name,
        "User1",
        "empty names fall back"
    );
    w.delete_contacts(a, &[b.user_id]).unwrap();
    assert!(w.contacts(a).unwrap().0.is_empty());
    assert!(!w.user_view(a.user_id, b.user_id).unwrap().is_contact);
}

#[test]
fn common_chats_are_counted() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    assert_eq!(
        w.full_user(a.user_id, b.user_id)
            .unwrap()
            .common_chats_count,
        0
    );
    w.create_chat(a, &[b.user_id], "Both", NOW).unwrap();
    assert_eq!(
        w.full_user(a.user_id, b.user_id)
            .unwrap()
            .common_chats_count,
        1
    );
}

#[test]
fn add_contact_needs_a_name_and_shows_the_phone() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let err = w.add_contact(a, b.user_id, " ", "").unwrap_err();
    assert!(
        err.is(&testdc::world::RpcError::ContactNameEmpty),
        "{err:?}"
    );
    let err = w.add_contact(a, a.user_id, "Me", "").unwrap_err();
    assert!(
        err.is(&testdc::world::RpcError::ContactIdInvalid),
        "{err:?}"
    );
    let seen = w.add_contact(a, b.user_id, "", "Bee").unwrap();
    assert!(seen.is_contact && !seen.is_mutual_contact);
    assert_eq!(
        (seen.first_name.as_str(), seen.last_name.as_str()),
        ("", "Bee")
    );
    assert!(w.user_view(b.user_id, a.user_id).unwrap().phone.is_some());
}

#[test]
fn search_finds_contacts_chats_and_public_usernames() {
    use testdc::world::Peer;
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    let d = user(&mut w, 4);
    w.add_contact(a, b.user_id, "Alice", "Wonder").unwrap();
    w.update_username(c, "wonderbot_fan", NOW).unwrap();
    w.update_username(d, "unrelated", NOW).unwrap();
    w.update_username(a, "wonder_me", NOW).unwrap();
    let channel = supergroup(&mut w, a, "Wonder club");
    let other = supergroup(&mut w, d, "Elsewhere");
    w.update_channel_username(d, input(&w, d, other), "wonderland")
        .unwrap();
    let found = w.search_contacts(a, "@WON", 10).unwrap();
    assert_eq!(
        found.my_results,
        [Peer::User(b.user_id), Peer::Channel(channel)],
        "the contact by the name A gave, the supergroup by its title"
    );
    assert_eq!(
        found.results,
        [Peer::User(c.user_id), Peer::Channel(other)],
        "public usernames, oneself left out"
    );
    let found = w.search_contacts(a, "ali", 10).unwrap();
    assert_eq!(found.my_results, [Peer::User(b.user_id)]);
    assert!(found.results.is_empty());
    assert!(w.search_contacts(a, "wonder", 1).unwrap().results.len() == 1);
    let err = w.search_contacts(a, " @ ", 10).unwrap_err();
    assert!(err.is(&testdc::world::RpcError::QueryTooShort), "{err:?}");
}
