//! messages.readMessageContents, and archived dialogs coming back with a new message.

use testdc::world::{InputPeer, Peer, Update, World};

use crate::common::*;

const OTHER_KEY: i64 = 4242;

fn mention(w: &World, user: i64) -> testdc::world::NewMessage {
    let username_free = w.user(user).unwrap().is_some();
    assert!(username_free);
    testdc::world::NewMessage {
        entities: vec![testdc::world::Entity {
            offset: 0,
            length: 3,
            kind: testdc::world::EntityKind::MentionName { user_id: user },
        }],
        ..text("you there?")
    }
}

#[test]
fn reading_message_contents_reads_mentions_in_the_readers_pts() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let created = w.create_chat(a, &[b.user_id], "Team", NOW).unwrap();
    let Peer::Chat(chat_id) = created.message.peer else {
        panic!("a chat")
    };
    let input = InputPeer::Chat { chat_id };
    let m = mention(&w, b.user_id);
    w.send_message(a, input, m, NOW).unwrap();
    let mine = w
        .control_messages(b.user_id, Some(Peer::Chat(chat_id)), 1)
        .unwrap()
        .remove(0);
    assert!(mine.mentioned && mine.media_unread);
    w.drain_pushes();
    let pts = w.update_state(b.user_id, NOW).unwrap().pts;
    let done = w
        .read_message_contents(b, &[mine.id, mine.id + 100], NOW)
        .unwrap();
    assert_eq!((done.pts, done.pts_count), (pts + 1, 1));
    let now_read = w.get_messages(b, &[mine.id]).unwrap().remove(0).unwrap();
    assert!(now_read.mentioned && !now_read.media_unread);
    let pushes = w.drain_pushes();
    assert_eq!(
        pushes_for(&pushes, b.user_id, Some(OTHER_KEY)),
        [Update::ReadMessagesContents { ids: vec![mine.id] }]
    );
    assert!(pushes_for(&pushes, b.user_id, Some(b.auth_key_id)).is_empty());
    // Read already: nothing moves.
    let again = w.read_message_contents(b, &[mine.id], NOW).unwrap();
    assert_eq!((again.pts, again.pts_count), (pts + 1, 0));
    assert!(w.drain_pushes().is_empty());
}

#[test]
fn a_new_message_brings_an_archived_dialog_back() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    send(&mut w, b, a.user_id, "hello");
    w.edit_peer_folders(a, &[(Peer::User(b.user_id), 1)], NOW)
        .unwrap();
    // A's own message leaves it where it is.
    send(&mut w, a, b.user_id, "quietly");
    assert_eq!(
        w.dialog(a.user_id, Peer::User(b.user_id))
            .unwrap()
            .unwrap()
            .folder_id,
        1
    );
    w.drain_pushes();
    let pts = w.update_state(a.user_id, NOW).unwrap().pts;
    send(&mut w, b, a.user_id, "wake up");
    assert_eq!(
        w.dialog(a.user_id, Peer::User(b.user_id))
            .unwrap()
            .unwrap()
            .folder_id,
        0
    );
    assert_eq!(w.update_state(a.user_id, NOW).unwrap().pts, pts + 2);
    let pushes = w.drain_pushes();
    let to_a = pushes_for(&pushes, a.user_id, None);
    assert!(
        matches!(to_a.first(), Some(Update::NewMessage(_))),
        "{to_a:?}"
    );
    assert_eq!(
        to_a.get(1),
        Some(&Update::FolderPeers {
            peers: vec![(Peer::User(b.user_id), 0)]
        })
    );
    // A difference from before repeats it in order.
    let testdc::world::Difference::Full { other_updates, .. } =
        w.get_difference(a.user_id, pts, NOW, 0, None, NOW).unwrap()
    else {
        panic!("a difference")
    };
    assert!(other_updates
        .iter()
        .any(|s| matches!(s.update, Update::FolderPeers { .. })));
}

#[test]
fn a_channel_post_brings_an_archived_channel_back() {
    let mut w = world();
    let a = user(&mut w, 1);
    let b = user(&mut w, 2);
    let channel = supergroup(&mut w, a, "Loud");
    w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
        .unwrap();
    w.edit_peer_folders(b, &[(Peer::Channel(channel), 1)], NOW)
        .unwrap();
    w.drain_pushes();
    w.send_message(a, peer(&w, a, channel), text("news"), NOW)
        .unwrap();
    let dialog = w
        .dialog(b.user_id, Peer::Channel(channel))
        .unwrap()
        .unwrap();
    assert_eq!(dialog.folder_id, 0);
    let pushes = w.drain_pushes();
    assert!(
        pushes_for(&pushes, b.user_id, None).contains(&Update::FolderPeers {
            peers: vec![(Peer::Channel(channel), 0)]
        })
    );
    assert!(!pushes_for(&pushes, a.user_id, None)
        .iter()
        .any(|u| matches!(u, Update::FolderPeers { .. })));
}
