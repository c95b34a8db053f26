//! random_id deduplication (core.telegram.org/api/updates, updateMessageID): per account and
//! peer, across sessions and sending methods, for good.

use testdc::world::{InputPeer, NewMessage, Peer, RpcError};

use crate::common::*;

fn with_id(t: &str, random_id: i64) -> NewMessage {
    NewMessage {
        random_id: Some(random_id),
        ..text(t)
    }
}

#[test]
fn a_random_id_names_one_message_per_peer_for_every_session() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    let to_b = input_user(&w, a.user_id, b.user_id);
    let to_c = input_user(&w, a.user_id, c.user_id);
    let first = w.send_message(a, to_b, with_id("to b", 7), NOW).unwrap();
    let other_peer = w.send_message(a, to_c, with_id("to c", 7), NOW).unwrap();
    assert!(!other_peer.duplicate, "another peer, another message");
    assert_ne!(other_peer.message.id, first.message.id);
    // A second session of A, a different text: still the first message.
    let (second_session, _) = sign_up_again(&mut w, a);
    w.drain_pushes();
    let again = w
        .send_message(second_session, to_b, with_id("different", 7), NOW + 9)
        .unwrap();
    assert!(again.duplicate);
    assert_eq!(again.message.id, first.message.id);
    assert_eq!(again.message.text, "to b");
    assert_eq!((again.pts, again.pts_count), (first.pts, first.pts_count));
    assert!(w.drain_pushes().is_empty(), "nothing new is pushed");
    assert_eq!(
        w.control_messages(b.user_id, Some(Peer::User(a.user_id)), 10)
            .unwrap()
            .len(),
        1
    );
}

/// A second signed-in key of the same account.
fn sign_up_again(
    w: &mut testdc::world::World,
    who: testdc::world::Caller,
) -> (testdc::world::Caller, ()) {
    let phone = w.user(who.user_id).unwrap().unwrap().phone.unwrap();
    let key_id = who.auth_key_id + 50_000;
    key(w, key_id, testdc::world::home_dc(&phone, 3));
    let sent = w.send_code(key_id, &phone, NOW).unwrap();
    let code = testdc::world::login_code(&phone, 3);
    w.sign_in(key_id, &phone, &sent.phone_code_hash, &code, NOW)
        .unwrap();
    (w.caller(key_id).unwrap(), ())
}

#[test]
fn forwards_are_deduplicated_with_sends_and_among_themselves() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let to_b = input_user(&w, a.user_id, b.user_id);
    let me = InputPeer::SelfUser;
    let source = w.send_message(a, me, text("note"), NOW).unwrap().message.id;
    let sent = w.send_message(a, to_b, with_id("sent", 11), NOW).unwrap();
    let forwarded = w
        .forward_messages(a, me, &[source, source], to_b, &[11, 12], false, false, NOW)
        .unwrap();
    assert!(forwarded[0].duplicate, "11 was the sendMessage");
    assert_eq!(forwarded[0].message.id, sent.message.id);
    assert!(!forwarded[1].duplicate);
    let again = w
        .forward_messages(a, me, &[source], to_b, &[12], false, false, NOW)
        .unwrap();
    assert!(again[0].duplicate);
    assert_eq!(again[0].message.id, forwarded[1].message.id);
    assert_eq!(
        w.control_messages(b.user_id, Some(Peer::User(a.user_id)), 10)
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_random_id_of_a_deleted_message_stays_used() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let to_b = input_user(&w, a.user_id, b.user_id);
    let first = w.send_message(a, to_b, with_id("gone", 5), NOW).unwrap();
    w.delete_messages(a, &[first.message.id], true, NOW)
        .unwrap();
    let err = w
        .send_message(a, to_b, with_id("gone", 5), NOW)
        .unwrap_err();
    assert!(err.is(&RpcError::RandomIdDuplicate), "{err:?}");
    assert_eq!(RpcError::RandomIdDuplicate.code(), 500);
    assert!(w
        .control_messages(b.user_id, Some(Peer::User(a.user_id)), 10)
        .unwrap()
        .is_empty());
}

#[test]
fn members_of_one_supergroup_have_random_ids_of_their_own() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let channel = supergroup(&mut w, a, "Shared box");
    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap();
    let from_a = w
        .send_message(a, peer(&w, a, channel), with_id("a", 3), NOW)
        .unwrap();
    let from_b = w
        .send_message(b, peer(&w, b, channel), with_id("b", 3), NOW)
        .unwrap();
    assert!(!from_b.duplicate);
    assert_ne!(from_a.message.id, from_b.message.id);
    let again = w
        .send_message(b, peer(&w, b, channel), with_id("b?", 3), NOW)
        .unwrap();
    assert!(again.duplicate && again.message.id == from_b.message.id);
}
