use testdc::world::{InputPeer, InputUser, Peer, RpcError, Update};

use crate::common::*;

#[test]
fn access_hashes_are_per_viewer_and_checked() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let c = user(&mut w, 3);
    let hash_ab = w.user_access_hash(a.user_id, b.user_id);
    assert_ne!(hash_ab, w.user_access_hash(c.user_id, b.user_id));
    assert_eq!(
        hash_ab,
        w.user_access_hash(a.user_id, b.user_id),
        "deterministic"
    );
    let ok = InputUser::User {
        user_id: b.user_id,
        access_hash: hash_ab,
    };
    assert_eq!(w.resolve_input_user(a.user_id, ok).unwrap(), b.user_id);
    let stolen = InputUser::User {
        user_id: b.user_id,
        access_hash: hash_ab,
    };
    assert!(w
        .resolve_input_user(c.user_id, stolen)
        .unwrap_err()
        .is(&RpcError::UserIdInvalid));
    assert_eq!(
        w.resolve_input_user(a.user_id, InputUser::SelfUser)
            .unwrap(),
        a.user_id
    );
    assert!(w.resolve_input_user(a.user_id, InputUser::Empty).is_err());
    let peer = InputPeer::User {
        user_id: b.user_id,
        access_hash: hash_ab + 1,
    };
    assert!(w
        .resolve_input_peer(a.user_id, peer)
        .unwrap_err()
        .is(&RpcError::PeerIdInvalid));
    let view = w.user_view(a.user_id, b.user_id).unwrap();
    assert_eq!(view.access_hash, hash_ab);
    assert!(
        !view.is_self && view.phone.is_none(),
        "a stranger's phone is hidden"
    );
    assert!(w.user_view(a.user_id, a.user_id).unwrap().phone.is_some());
    assert_ne!(a.user_id, b.user_id);
    assert!(a.user_id > 1 << 32, "ids exercise 64-bit paths");
}

#[test]
fn usernames_follow_telegram_rules() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let me = w.update_username(a, "Alice_1", NOW).unwrap();
    assert_eq!(me.username.as_deref(), Some("Alice_1"));
    assert!(w
        .update_username(a, "Alice_1", NOW)
        .unwrap_err()
        .is(&RpcError::UsernameNotModified));
    assert!(
        w.update_username(b, "alice_1", NOW)
            .unwrap_err()
            .is(&RpcError::UsernameOccupied),
        "case-insensitive"
    );
    assert!(w
        .update_username(b, "1abc", NOW)
        .unwrap_err()
        .is(&RpcError::UsernameInvalid));
    assert!(!w.check_username(b, "ALICE_1").unwrap());
    assert!(
        w.check_username(a, "alice_1").unwrap(),
        "one's own name is available to oneself"
    );
    assert_eq!(
        w.resolve_username("@alice_1").unwrap(),
        Peer::User(a.user_id)
    );
    assert!(w
        .resolve_username("nobody_here")
        .unwrap_err()
        .is(&RpcError::UsernameNotOccupied));
    assert!(w
        .resolve_username("x")
        .unwrap_err()
        .is(&RpcError::UsernameInvalid));
    w.update_username(a, "", NOW).unwrap();
    assert!(w.resolve_username("alice_1").is_err());
    assert!(w
        .update_username(a, "", NOW)
        .unwrap_err()
        .is(&RpcError::UsernameNotModified));
    w.update_username(b, "alice_1", NOW)
        .expect("a released name is free");
}

#[test]
fn profile_changes_reach_the_other_sessions() {
    let mut w = world();
    let a = user(&mut w, 1);
    assert!(w
        .update_profile(a, Some(""), None, None, NOW)
        .unwrap_err()
        .is(&RpcError::FirstnameInvalid));
    assert!(w
        .update_profile(a, None, None, Some(&"a".repeat(71)), NOW)
        .unwrap_err()
        .is(&RpcError::AboutTooLong));
    w.drain_pushes();
    let me = w
        .update_profile(a, Some("New"), Some("Name"), Some("bio"), NOW)
        .unwrap();
    assert_eq!(
        (me.first_name.as_str(), me.last_name.as_str()),
        ("New", "Name")
    );
    let pushes = w.drain_pushes();
    // Every session, the requesting one too (its answer is a user, not updates); the update
    // is outside the pts sequence and moves the user's seq.
    let mine = pushes_for(&pushes, a.user_id, Some(a.auth_key_id));
    assert!(matches!(&mine[..], [Update::UserName { first_name, .. }] if first_name == "New"));
    let all = pushes_for(&pushes, a.user_id, Some(12345));
    assert!(matches!(&all[..], [Update::UserName { first_name, .. }] if first_name == "New"));
    assert_eq!(pushes[0].seq, Some(1));
    assert_eq!(w.update_state(a.user_id, NOW).unwrap().seq, 1);
    let full = w.full_user(a.user_id, a.user_id).unwrap();
    assert_eq!(full.about, "bio");
}
