use testdc::world::{Caller, ControlTarget, NewBot, NewUser, Peer, RpcError, Update};

use crate::common::*;

fn new_user(phone: &str, first: &str) -> NewUser {
    NewUser {
        phone: phone.into(),
        first_name: first.into(),
        ..NewUser::default()
    }
}

#[test]
fn control_makes_users_and_bots() {
    let mut w = world();
    let alice = w
        .create_user(
            &NewUser {
                username: Some("alice_c".into()),
                ..new_user("9996621234", "A")
            },
            NOW,
        )
        .unwrap();
    assert_eq!(
        (alice.dc_id, alice.phone.as_deref(), alice.has_password),
        (2, Some("9996621234"), false)
    );
    assert_eq!(w.resolve_username("alice_c").unwrap(), Peer::User(alice.id));
    assert!(w
        .create_user(&new_user("9996621234", "Again"), NOW)
        .unwrap_err()
        .is(&RpcError::PhoneNumberOccupied));
    assert!(w
        .create_user(&new_user("9996631234", ""), NOW)
        .unwrap_err()
        .is(&RpcError::FirstnameInvalid));
    let taken = NewUser {
        username: Some("ALICE_C".into()),
        ..new_user("9996631234", "C")
    };
    assert!(w
        .create_user(&taken, NOW)
        .unwrap_err()
        .is(&RpcError::UsernameOccupied));
    assert!(
        w.user_by_phone("9996631234").unwrap().is_none(),
        "a refused account leaves nothing behind"
    );

    let bad_bot = NewBot {
        first_name: "B".into(),
        username: Some("notabot_x".into()),
        dc_id: None,
    };
    assert!(w
        .create_bot(&bad_bot, NOW)
        .unwrap_err()
        .is(&RpcError::UsernameInvalid));
    let far = NewBot {
        first_name: "B".into(),
        username: None,
        dc_id: Some(7),
    };
    assert!(w
        .create_bot(&far, NOW)
        .unwrap_err()
        .is(&RpcError::DcIdInvalid));
    let (bot, token) = w
        .create_bot(
            &NewBot {
                first_name: "Helper".into(),
                username: Some("Helper_Bot".into()),
                dc_id: None,
            },
            NOW,
        )
        .unwrap();
    assert!(bot.is_bot && bot.dc_id == 2);
    let (_, secret) = token.split_once(':').unwrap();
    assert_eq!(secret.len(), 35);
    assert_eq!(w.users().unwrap().len(), 2);
}

#[test]
fn control_sends_as_anyone_and_reads_boxes() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    key(&mut w, 5000, 2);
    w.drain_pushes();
    let sent = w
        .control_send(
            a.user_id,
            ControlTarget::User(b.user_id),
            "from control",
            NOW,
        )
        .unwrap();
    assert_eq!(sent.message.id, 1);
    let pushes = w.drain_pushes();
    assert_eq!(
        pushes_for(&pushes, a.user_id, Some(a.auth_key_id)).len(),
        1,
        "even the sender's own sessions"
    );
    assert!(
        matches!(&pushes_for(&pushes, b.user_id, None)[..], [Update::NewMessage(m)] if m.text == "from control")
    );
    w.control_send(b.user_id, ControlTarget::User(a.user_id), "reply", NOW + 1)
        .unwrap();
    assert!(w
        .control_send(a.user_id, ControlTarget::User(123), "x", NOW)
        .unwrap_err()
        .is(&RpcError::UserIdInvalid));
    assert!(w
        .control_send(a.user_id, ControlTarget::Chat(5), "x", NOW)
        .unwrap_err()
        .is(&RpcError::ChatIdInvalid));
    assert!(w
        .control_send(a.user_id, ControlTarget::User(b.user_id), " ", NOW)
        .unwrap_err()
        .is(&RpcError::MessageEmpty));

    let newest_first: Vec<String> = w
        .control_messages(b.user_id, None, 10)
        .unwrap()
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(newest_first, ["reply", "from control"]);
    let only_a = w
        .control_messages(b.user_id, Some(Peer::User(a.user_id)), 1)
        .unwrap();
    assert_eq!((only_a.len(), only_a[0].out), (1, true));
    assert!(w
        .control_messages(b.user_id, Some(Peer::User(999)), 10)
        .unwrap()
        .is_empty());

    let created = w.create_chat(a, &[b.user_id], "Ctl", NOW).unwrap();
    let Peer::Chat(chat) = created.message.peer else {
        panic!()
    };
    w.control_send(b.user_id, ControlTarget::Chat(chat), "to the group", NOW)
        .unwrap();
    let seen = w
        .control_messages(a.user_id, Some(Peer::Chat(chat)), 10)
        .unwrap();
    assert_eq!(seen[0].text, "to the group");
    let sessions = w.user_auth_keys(a.user_id).unwrap();
    assert_eq!(
        sessions.iter().map(|k| (k.id, k.dc_id)).collect::<Vec<_>>(),
        vec![(a.auth_key_id, 2)]
    );
    let _ = Caller::control(a.user_id);
}
