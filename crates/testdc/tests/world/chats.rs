use testdc::world::{InputPeer, Peer, RpcError, ServiceAction, Update};

use crate::common::*;

#[test]
fn a_basic_group_copies_every_message_to_every_member() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    send(&mut w, c, b.user_id, "B's box is ahead");
    assert!(w
        .create_chat(a, &[b.user_id], "  ", NOW)
        .unwrap_err()
        .is(&RpcError::ChatTitleEmpty));
    let created = w.create_chat(a, &[b.user_id], "Team", NOW).unwrap();
    let Peer::Chat(chat) = created.message.peer else {
        panic!("a chat peer")
    };
    assert!(
        matches!(&created.message.action, Some(ServiceAction::ChatCreate { title, users }) if title == "Team" && users.len() == 2)
    );
    let b_copy = w
        .get_messages(b, &[2])
        .unwrap()
        .remove(0)
        .expect("B's copy of the service message");
    assert_eq!(b_copy.peer, Peer::Chat(chat));
    let view = w.chat_view(b.user_id, chat).unwrap();
    assert!(!view.is_creator && !view.left && view.participants_count == 2);

    w.drain_pushes();
    let sent = w
        .send_message(a, InputPeer::Chat { chat_id: chat }, text("hi team"), NOW)
        .unwrap();
    assert_eq!(sent.message.id, 2);
    let pushes = w.drain_pushes();
    assert!(
        matches!(&pushes_for(&pushes, b.user_id, None)[..], [Update::NewMessage(m)] if m.id == 3 && m.text == "hi team")
    );
    assert!(w
        .send_message(c, InputPeer::Chat { chat_id: chat }, text("intruder"), NOW)
        .unwrap_err()
        .is(&RpcError::PeerIdInvalid));

    let added = w.add_chat_user(b, chat, c.user_id, NOW).unwrap();
    assert!(
        matches!(added.message.action, Some(ServiceAction::ChatAddUser { ref users }) if users == &vec![c.user_id])
    );
    assert!(w
        .add_chat_user(a, chat, c.user_id, NOW)
        .unwrap_err()
        .is(&RpcError::UserAlreadyParticipant));
    assert_eq!(w.chat(chat).unwrap().unwrap().version, 2);
    w.send_message(c, InputPeer::Chat { chat_id: chat }, text("I'm in"), NOW)
        .unwrap();

    let d = user(&mut w, 4);
    w.add_chat_user(a, chat, d.user_id, NOW).unwrap();
    assert!(
        w.delete_chat_user(b, chat, d.user_id, NOW)
            .unwrap_err()
            .is(&RpcError::ChatAdminRequired),
        "B did not invite D"
    );
    w.delete_chat_user(b, chat, c.user_id, NOW)
        .expect("B invited C");
    assert!(w
        .delete_chat_user(b, chat, c.user_id, NOW)
        .unwrap_err()
        .is(&RpcError::UserNotParticipant));
    let removed = w
        .send_message(c, InputPeer::Chat { chat_id: chat }, text("still?"), NOW)
        .unwrap_err();
    assert!(
        removed.is(&RpcError::ChatWriteForbidden),
        "a former member sees the group but cannot write"
    );
    assert!(w.chat_view(c.user_id, chat).unwrap().left);
    w.delete_chat_user(d, chat, d.user_id, NOW)
        .expect("anyone may leave");

    assert!(w
        .edit_chat_title(a, chat, "Team", NOW)
        .unwrap_err()
        .is(&RpcError::ChatNotModified));
    let renamed = w.edit_chat_title(a, chat, "Crew", NOW).unwrap();
    assert!(
        matches!(renamed.message.action, Some(ServiceAction::ChatEditTitle { ref title }) if title == "Crew")
    );
    assert_eq!(w.chats().unwrap().len(), 1);
}

#[test]
fn group_creators_may_revoke_anything() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let created = w.create_chat(a, &[b.user_id], "G", NOW).unwrap();
    let Peer::Chat(chat) = created.message.peer else {
        panic!()
    };
    w.send_message(b, InputPeer::Chat { chat_id: chat }, text("from b"), NOW)
        .unwrap();
    // A's copy is id 2; B's own is id 2 as well (service message was 1 in both).
    let other = w
        .send_message(b, InputPeer::Chat { chat_id: chat }, text("b again"), NOW)
        .unwrap();
    w.delete_messages(b, &[other.message.id], true, NOW)
        .unwrap();
    assert!(
        w.get_messages(a, &[3]).unwrap()[0].is_none(),
        "own messages are revoked for all"
    );
    w.delete_messages(a, &[2], true, NOW).unwrap();
    assert!(
        w.get_messages(b, &[2]).unwrap()[0].is_none(),
        "the creator revokes others' messages"
    );
}
