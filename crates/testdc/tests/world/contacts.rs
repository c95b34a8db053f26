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
