use testdc::world::{
    Difference, HistoryQuery, InputFile, InputMedia, Media, NewMessage, NewUser, Peer, RpcError,
    SignIn, World,
};

use crate::common::*;

fn open(dir: &std::path::Path) -> World {
    World::open(Some(dir), config(), Box::new(ToySrp)).expect("file world")
}

#[test]
fn a_reopened_world_keeps_everything() {
    let scratch = ScratchDir::new("persist");
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let (a, b, doc, hash_ab, pts_b) = {
        let mut w = open(&scratch.0);
        let a = user(&mut w, 1);
        let b = user(&mut w, 2);
        send(&mut w, a, b.user_id, "before restart");
        for (i, part) in data.chunks(128 * 1024).enumerate() {
            w.save_file_part(a, 9, i as i32, part, NOW).unwrap();
        }
        let file = InputFile {
            id: 9,
            parts: 3,
            name: "keep.bin".into(),
            md5_checksum: String::new(),
            big: false,
        };
        let media = InputMedia::UploadedDocument {
            file,
            mime_type: String::new(),
            attributes: vec![],
        };
        let peer = input_user(&w, a.user_id, b.user_id);
        let sent = w
            .send_message(
                a,
                peer,
                NewMessage {
                    media: Some(media),
                    ..NewMessage::default()
                },
                NOW,
            )
            .unwrap();
        let Some(Media::Document(doc)) = sent.message.media else {
            panic!()
        };
        w.create_user(
            &NewUser {
                phone: phone(1, 50),
                first_name: "Locked".into(),
                password: Some("pw-kept".into()),
                ..Default::default()
            },
            NOW,
        )
        .unwrap();
        w.update_username(a, "keeper_a", NOW).unwrap();
        let hash_ab = w.user_access_hash(a.user_id, b.user_id);
        let pts_b = w.update_state(b.user_id, NOW).unwrap().pts;
        (a, b, doc, hash_ab, pts_b)
    };
    assert!(scratch.0.join("testdc.sqlite3").exists());

    let mut w = open(&scratch.0);
    assert_eq!(
        w.caller(a.auth_key_id).unwrap(),
        a,
        "auth keys and their bindings"
    );
    assert_eq!(w.caller(b.auth_key_id).unwrap(), b);
    assert_eq!(
        w.user_access_hash(a.user_id, b.user_id),
        hash_ab,
        "the server secret survives"
    );
    assert_eq!(
        w.update_state(b.user_id, NOW).unwrap().pts,
        pts_b,
        "update state"
    );
    assert_eq!(
        w.resolve_username("keeper_a").unwrap(),
        Peer::User(a.user_id)
    );
    let page = w
        .get_history(
            b,
            Peer::User(a.user_id),
            HistoryQuery {
                limit: 5,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        page.messages
            .iter()
            .map(|m| m.text.as_str())
            .collect::<Vec<_>>(),
        ["", "before restart"]
    );
    let Some(Media::Document(at_b)) = page.messages[0].media.clone() else {
        panic!("document kept")
    };
    assert_eq!(
        at_b.file_reference, doc.file_reference,
        "references stay valid across restarts"
    );
    let loc = testdc::world::FileLocation::Document {
        id: at_b.id,
        access_hash: at_b.access_hash,
        file_reference: at_b.file_reference,
        thumb_size: String::new(),
    };
    let mut back = Vec::new();
    for offset in (0..data.len()).step_by(128 * 1024) {
        back.extend(
            w.get_file(&loc, offset as i64, 128 * 1024, false)
                .unwrap()
                .bytes,
        );
    }
    assert_eq!(back, data, "files");

    // Counters continue: new ids do not collide with old ones.
    let c = user(&mut w, 3);
    assert!(c.user_id > b.user_id);
    let next = send(&mut w, a, b.user_id, "after restart");
    assert_eq!(next.message.id, 3);
    assert_eq!(next.pts, w.update_state(a.user_id, NOW).unwrap().pts);

    // The password too.
    key(&mut w, 77, 1);
    let p = phone(1, 50);
    let hash = w.send_code(77, &p, NOW).unwrap().phone_code_hash;
    assert!(w
        .sign_in(77, &p, &hash, "11111", NOW)
        .unwrap_err()
        .is(&RpcError::SessionPasswordNeeded));
    let user_id = w.password_subject(77).unwrap().unwrap();
    let state = w.get_password(user_id, NOW).unwrap();
    assert!(w.check_password(77, &proof(&state, "pw-kept"), NOW).is_ok());
    drop(w);

    // A third opening sees the second one's changes.
    let mut w = open(&scratch.0);
    assert_eq!(w.caller(77).unwrap().user_id, user_id);
    let found = w.control_messages(b.user_id, None, 1).unwrap();
    assert_eq!(found[0].text, "after restart");
    key(&mut w, 78, 2);
    let hash = w.send_code(78, &phone(2, 2), NOW).unwrap().phone_code_hash;
    assert!(
        matches!(w.sign_in(78, &phone(2, 2), &hash, "22222", NOW).unwrap(), SignIn::Authorized(u) if u.id == b.user_id)
    );
}

#[test]
fn an_in_memory_world_starts_empty_each_time() {
    let mut w = world();
    user(&mut w, 1);
    drop(w);
    assert!(world().users().unwrap().is_empty());
}

#[test]
fn the_world_can_be_shared_between_tokio_tasks() {
    fn shareable<T: Send + 'static>(_: &T) {}
    let w = std::sync::Arc::new(std::sync::Mutex::new(world()));
    shareable(&w);
    let handle = {
        let w = w.clone();
        std::thread::spawn(move || {
            w.lock()
                .map(|mut w| user(&mut w, 1).user_id)
                .unwrap_or_default()
        })
    };
    let id = handle.join().expect("thread");
    assert!(w.lock().unwrap().user(id).unwrap().is_some());
}

#[test]
fn a_version_1_database_is_migrated_and_its_posts_get_an_author() {
    let scratch = ScratchDir::new("migrate-v1");
    std::fs::create_dir_all(&scratch.0).unwrap();
    let (creator, channel) = (5_000_000_001i64, 2_000_000_001i64);
    {
        let conn = rusqlite::Connection::open(scratch.0.join(testdc::store::DB_FILE)).unwrap();
        testdc::store::schema::migrate_to(&conn, 1).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, 1);
        conn.execute_batch(&format!(
            "INSERT INTO users (id, phone, first_name, dc_id, created)
                 VALUES ({creator}, '9996620001', 'Old', 2, {NOW});
             INSERT INTO user_state (user_id, pts, qts, seq, date, last_msg_id)
                 VALUES ({creator}, 1, 0, 0, {NOW}, 0);
             INSERT INTO channels (id, title, broadcast, creator_id, date, pts, last_msg_id, participants_count)
                 VALUES ({channel}, 'Old news', 1, {creator}, {NOW}, 2, 1, 1);
             INSERT INTO channel_participants (channel_id, user_id, inviter_id, date, role)
                 VALUES ({channel}, {creator}, {creator}, {NOW}, 2);
             INSERT INTO messages (box, id, peer_kind, peer_id, from_id, out, date, text, global_id, post)
                 VALUES (-{channel}, 1, 2, {channel}, NULL, 0, {NOW}, 'an old post', 1, 1);"
        ))
        .unwrap();
    }
    let w = open(&scratch.0);
    let posts = w
        .control_messages(creator, Some(Peer::Channel(channel)), 5)
        .unwrap();
    assert!(
        matches!(&posts[..], [m] if m.text == "an old post" && m.out && m.from_id.is_none()),
        "{posts:?}"
    );
    // The seq log exists from now on.
    assert_eq!(w.update_state(creator, NOW).unwrap().seq, 0);
}

#[test]
fn the_seq_and_its_log_survive_a_restart() {
    let scratch = ScratchDir::new("persist-seq");
    let a = {
        let mut w = open(&scratch.0);
        let a = user(&mut w, 1);
        w.update_profile(a, Some("Before"), None, None, NOW)
            .unwrap();
        w.update_profile(a, Some("Again"), None, None, NOW).unwrap();
        assert_eq!(w.update_state(a.user_id, NOW).unwrap().seq, 2);
        a
    };
    let mut w = open(&scratch.0);
    let state = w.update_state(a.user_id, NOW).unwrap();
    assert_eq!(state.seq, 2);
    let Difference::Full { other_updates, .. } = w
        .get_difference(a.user_id, state.pts, NOW, 0, None, NOW)
        .unwrap()
    else {
        panic!("the logged renames")
    };
    assert_eq!(other_updates.len(), 2);
    w.update_profile(a, Some("After"), None, None, NOW).unwrap();
    let pushes = w.drain_pushes();
    assert_eq!(pushes.last().and_then(|p| p.seq), Some(3));
}

#[test]
fn used_random_ids_cleared_and_deleted_channels_survive_a_restart() {
    let scratch = ScratchDir::new("persist-clearing");
    let (a, b, channel, first, hidden) = {
        let mut w = open(&scratch.0);
        let a = user(&mut w, 1);
        let b = user(&mut w, 2);
        let to_b = input_user(&w, a.user_id, b.user_id);
        let msg = NewMessage {
            random_id: Some(31),
            ..text("kept")
        };
        let first = w.send_message(a, to_b, msg, NOW).unwrap().message.id;
        let channel = supergroup(&mut w, a, "Hidden past");
        w.invite_to_channel(a, input(&w, a, channel), &[b.user_id], NOW)
            .unwrap();
        let cleared = w
            .delete_channel_history(b, input(&w, b, channel), false, 0, NOW)
            .unwrap();
        let testdc::world::ChannelCleared::ForMe {
            available_min_id: Some(hidden),
            ..
        } = cleared
        else {
            panic!("hidden for B")
        };
        let doomed = supergroup(&mut w, a, "Doomed");
        w.delete_channel(a, input(&w, a, doomed), NOW).unwrap();
        (a, b, (channel, doomed), first, hidden)
    };
    let mut w = open(&scratch.0);
    let to_b = input_user(&w, a.user_id, b.user_id);
    let again = NewMessage {
        random_id: Some(31),
        ..text("kept")
    };
    let repeat = w.send_message(a, to_b, again, NOW).unwrap();
    assert!(repeat.duplicate && repeat.message.id == first);
    let dialog = w
        .dialog(b.user_id, Peer::Channel(channel.0))
        .unwrap()
        .unwrap();
    assert_eq!(dialog.available_min_id, hidden);
    assert!(w.channel_view(a.user_id, channel.1).unwrap().deleted);
}

#[test]
fn a_version_4_database_keeps_its_random_ids() {
    let scratch = ScratchDir::new("migrate-v4");
    std::fs::create_dir_all(&scratch.0).unwrap();
    let (me, other) = (5_000_000_001i64, 5_000_000_002i64);
    {
        let conn = rusqlite::Connection::open(scratch.0.join(testdc::store::DB_FILE)).unwrap();
        testdc::store::schema::migrate_to(&conn, 4).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO users (id, phone, first_name, dc_id, created)
                 VALUES ({me}, '9996620001', 'Me', 2, {NOW}), ({other}, '9996620002', 'You', 2, {NOW});
             INSERT INTO user_state (user_id, pts, qts, seq, date, last_msg_id)
                 VALUES ({me}, 2, 0, 0, {NOW}, 1), ({other}, 2, 0, 0, {NOW}, 1);
             INSERT INTO messages (box, id, peer_kind, peer_id, from_id, out, date, text, random_id, global_id)
                 VALUES ({me}, 1, 0, {other}, {me}, 1, {NOW}, 'from before', 77, 1),
                        ({other}, 1, 0, {me}, {me}, 0, {NOW}, 'from before', NULL, 1);"
        ))
        .unwrap();
    }
    let mut w = open(&scratch.0);
    let me = key_signed_in(&mut w, me);
    let to_other = input_user(&w, me.user_id, other);
    let repeat = NewMessage {
        random_id: Some(77),
        ..text("from before")
    };
    let sent = w.send_message(me, to_other, repeat, NOW).unwrap();
    assert!(sent.duplicate && sent.message.id == 1);
    assert_eq!(sent.pts_count, 0, "its pts was not kept before version 5");
}

/// A signed-in key for an account made directly in the database.
fn key_signed_in(w: &mut World, user: i64) -> testdc::world::Caller {
    let phone = w.user(user).unwrap().unwrap().phone.unwrap();
    let key_id = 777;
    key(w, key_id, 2);
    let sent = w.send_code(key_id, &phone, NOW).unwrap();
    let code = testdc::world::login_code(&phone, 3);
    assert!(matches!(
        w.sign_in(key_id, &phone, &sent.phone_code_hash, &code, NOW)
            .unwrap(),
        SignIn::Authorized(_)
    ));
    w.caller(key_id).unwrap()
}

#[test]
fn a_version_5_database_keeps_its_files() {
    let scratch = ScratchDir::new("migrate-v5");
    std::fs::create_dir_all(&scratch.0).unwrap();
    let (id, access_hash) = (4242i64, 99i64);
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 253) as u8).collect();
    {
        let conn = rusqlite::Connection::open(scratch.0.join(testdc::store::DB_FILE)).unwrap();
        testdc::store::schema::migrate_to(&conn, 5).unwrap();
        conn.execute(
            "INSERT INTO files (id, access_hash, kind, dc_id, size, mime_type, attributes, date, bytes)
             VALUES (?1, ?2, 0, 2, ?3, 'application/x-old', '[]', ?4, ?5)",
            rusqlite::params![id, access_hash, data.len() as i64, NOW, data],
        )
        .unwrap();
    }
    let w = open(&scratch.0);
    let loc = testdc::world::FileLocation::Document {
        id,
        access_hash,
        file_reference: w.file_reference(id).unwrap(),
        thumb_size: String::new(),
    };
    let mut got = Vec::new();
    for offset in (0..data.len() as i64).step_by(32 * 1024) {
        let chunk = w.get_file(&loc, offset, 32 * 1024, false).unwrap();
        assert_eq!(chunk.mime_type, "application/x-old");
        got.extend(chunk.bytes);
    }
    assert_eq!(got, data);
    let tail = w.get_file(&loc, 98_304, 4096, true).unwrap().bytes;
    assert_eq!(tail, data[98_304..]);
}
