//! The rpc layer end to end at the TL level: calls are encoded, decoded as the network would
//! decode them, run, and their answers decoded as a client would.

use testdc::rpc::{self, out};
use testdc::world::{Push, PushTarget, RpcError};
use tl::api::{enums, functions, types, Function};
use tl::{Deserialize, Serialize};

use crate::common::*;
use crate::tl_client::*;

#[test]
fn wrappers_config_and_unknown_methods() {
    let mut w = world();
    let dcs = dcs();
    let c = Client::new(&mut w, &dcs, 1, 2);
    let wrapped = functions::InvokeWithLayer {
        layer: tl::LAYER,
        query: functions::InitConnection {
            api_id: 1,
            device_model: "test".into(),
            system_version: "1".into(),
            app_version: "1".into(),
            system_lang_code: "en".into(),
            lang_pack: String::new(),
            lang_code: "en".into(),
            proxy: None,
            params: None,
            query: functions::help::GetConfig,
        },
    };
    let function = Function::from_bytes(&wrapped.to_bytes()).unwrap();
    assert_eq!(rpc::method_name(&function), "help.getConfig");
    assert!(rpc::wants_updates(&function));
    let enums::Config::Config(config) = c.call(&mut w, wrapped).unwrap();
    assert_eq!((config.this_dc, config.dc_options.len()), (2, 3));
    let quiet = functions::InvokeWithoutUpdates {
        query: functions::updates::GetState,
    };
    assert!(!rpc::wants_updates(
        &Function::from_bytes(&quiet.to_bytes()).unwrap()
    ));

    let before_login = c
        .call(&mut w, functions::users::GetUsers { id: self_user() })
        .unwrap_err();
    assert_eq!(
        (before_login.code(), before_login.message().as_str()),
        (401, "AUTH_KEY_UNREGISTERED")
    );
    let unknown = c
        .call(&mut w, functions::help::GetAppConfig { hash: 0 })
        .unwrap_err();
    assert_eq!(unknown, RpcError::InputMethodInvalid);
    let migrate = functions::auth::SendCode {
        phone_number: phone(1, 1),
        api_id: 1,
        api_hash: "h".into(),
        settings: code_settings(),
    };
    assert_eq!(
        c.call(&mut w, migrate).unwrap_err(),
        RpcError::PhoneMigrate(1)
    );
}

#[test]
fn messages_difference_and_history_over_tl() {
    let mut w = world();
    let dcs = dcs();
    let a = Client::new(&mut w, &dcs, 1, 1);
    let b = Client::new(&mut w, &dcs, 2, 2);
    let me_a = tl_sign_up(&mut w, &a, &phone(1, 1), "Writer");
    let me_b = tl_sign_up(&mut w, &b, &phone(2, 2), "Reader");
    assert!(me_a.self_ && me_a.access_hash.is_some());

    let got = b
        .call(&mut w, functions::users::GetUsers { id: self_user() })
        .unwrap();
    assert!(matches!(&got[..], [enums::User::User(u)] if u.id == me_b.id && u.self_));

    let import = functions::contacts::ImportContacts {
        contacts: vec![enums::InputContact::InputPhoneContact(Box::new(
            types::InputPhoneContact {
                client_id: 7,
                phone: phone(2, 2),
                first_name: "Friend".into(),
                last_name: String::new(),
                note: None,
            },
        ))],
    };
    let enums::contacts::ImportedContacts::ImportedContacts(imported) =
        a.call(&mut w, import).unwrap();
    let enums::ImportedContact::ImportedContact(pair) = &imported.imported[0];
    assert_eq!((pair.user_id, pair.client_id), (me_b.id, 7));
    let enums::User::User(friend) = &imported.users[0] else {
        panic!()
    };
    assert_eq!(friend.first_name.as_deref(), Some("Friend"));

    let state = b.call(&mut w, functions::updates::GetState).unwrap();
    let enums::updates::State::State(state) = state;
    w.drain_pushes();
    let peer_b = enums::InputPeer::User(Box::new(types::InputPeerUser {
        user_id: me_b.id,
        access_hash: friend.access_hash.unwrap(),
    }));
    for (i, text) in ["one", "two", "three"].iter().enumerate() {
        let send = functions::messages::SendMessage {
            no_webpage: false,
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: peer_b.clone(),
            reply_to: None,
            message: text.to_string(),
            random_id: 100 + i as i64,
            reply_markup: None,
            entities: None,
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
            suggested_post: None,
            rich_message: None,
        };
        let enums::Updates::Updates(answer) = a.call(&mut w, send).unwrap() else {
            panic!("updates")
        };
        assert!(
            matches!(&answer.updates[0], enums::Update::MessageID(m) if m.random_id == 100 + i as i64 && m.id == i as i32 + 1)
        );
        assert!(matches!(&answer.updates[1], enums::Update::NewMessage(n) if n.pts_count == 1));
    }

    // What the network would push to B: an `updates` with the message and its sender.
    let pushes: Vec<Push> = w.drain_pushes();
    let to_b: Vec<Push> = pushes
        .iter()
        .filter(|p| matches!(p.target, PushTarget::User { user_id, .. } if user_id == me_b.id))
        .cloned()
        .collect();
    assert_eq!(to_b.len(), 3);
    let Some(enums::Updates::Updates(pushed)) = out::updates::push(&w, &to_b[..1]).unwrap() else {
        panic!("updates")
    };
    assert_eq!(pushed.seq, 0, "new messages are in the pts sequence only");
    assert!(pushed
        .users
        .iter()
        .any(|u| matches!(u, enums::User::User(u) if u.id == me_a.id)));

    let diff = functions::updates::GetDifference {
        pts: state.pts,
        pts_limit: None,
        pts_total_limit: None,
        date: state.date,
        qts: state.qts,
        qts_limit: None,
    };
    let enums::updates::Difference::Difference(diff) = b.call(&mut w, diff).unwrap() else {
        panic!("difference")
    };
    let texts: Vec<String> = diff
        .new_messages
        .iter()
        .map(|m| match m {
            enums::Message::Message(m) => m.message.clone(),
            other => panic!("a message, not {other:?}"),
        })
        .collect();
    assert_eq!(texts, ["one", "two", "three"]);
    let writer = diff.users.iter().find_map(|u| match u {
        enums::User::User(u) if u.id == me_a.id => Some(u.clone()),
        _ => None,
    });
    let writer = writer.expect("the sender comes with the difference");

    let history = functions::messages::GetHistory {
        peer: enums::InputPeer::User(Box::new(types::InputPeerUser {
            user_id: writer.id,
            access_hash: writer.access_hash.unwrap(),
        })),
        offset_id: 0,
        offset_date: 0,
        add_offset: 0,
        limit: 2,
        max_id: 0,
        min_id: 0,
        hash: 0,
    };
    let enums::messages::Messages::Slice(page) = b.call(&mut w, history).unwrap() else {
        panic!("a slice: 3 messages, 2 asked")
    };
    assert_eq!(page.count, 3);
    assert!(
        matches!(&page.messages[0], enums::Message::Message(m) if m.message == "three" && !m.out)
    );

    let dialogs = functions::messages::GetDialogs {
        exclude_pinned: false,
        folder_id: None,
        offset_date: 0,
        offset_id: 0,
        offset_peer: enums::InputPeer::Empty,
        limit: 10,
        hash: 0,
    };
    let enums::messages::Dialogs::Dialogs(dialogs) = b.call(&mut w, dialogs).unwrap() else {
        panic!("dialogs")
    };
    assert_eq!(dialogs.dialogs.len(), 1);
    let enums::Dialog::Dialog(d) = &dialogs.dialogs[0] else {
        panic!()
    };
    assert_eq!((d.top_message, d.unread_count), (3, 3));
}

#[test]
fn files_over_tl() {
    let mut w = world();
    let dcs = dcs();
    let a = Client::new(&mut w, &dcs, 1, 1);
    tl_sign_up(&mut w, &a, &phone(1, 5), "Uploader");
    let data: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 256) as u8).collect();
    for (i, part) in data.chunks(128 * 1024).enumerate() {
        let save = functions::upload::SaveFilePart {
            file_id: 42,
            file_part: i as i32,
            bytes: part.to_vec(),
        };
        assert!(a.call(&mut w, save).unwrap());
    }
    let media = enums::InputMedia::UploadedDocument(Box::new(types::InputMediaUploadedDocument {
        nosound_video: false,
        force_file: true,
        spoiler: false,
        file: enums::InputFile::InputFile(Box::new(types::InputFile {
            id: 42,
            parts: 3,
            name: "f.bin".into(),
            md5_checksum: String::new(),
        })),
        thumb: None,
        mime_type: "application/octet-stream".into(),
        attributes: vec![],
        stickers: None,
        video_cover: None,
        video_timestamp: None,
        ttl_seconds: None,
    }));
    let send = functions::messages::SendMedia {
        silent: false,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: enums::InputPeer::InputPeerSelf,
        reply_to: None,
        media,
        message: String::new(),
        random_id: 9,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
    };
    let enums::Updates::Updates(answer) = a.call(&mut w, send).unwrap() else {
        panic!()
    };
    let enums::Update::NewMessage(new) = &answer.updates[1] else {
        panic!("new message")
    };
    let enums::Message::Message(m) = &new.message else {
        panic!()
    };
    let Some(enums::MessageMedia::Document(media)) = &m.media else {
        panic!("document media")
    };
    let Some(enums::Document::Document(doc)) = &media.document else {
        panic!()
    };
    assert_eq!((doc.size, doc.dc_id), (data.len() as i64, 1));
    let mut back = Vec::new();
    for offset in (0..data.len()).step_by(128 * 1024) {
        let get = functions::upload::GetFile {
            precise: false,
            cdn_supported: false,
            location: enums::InputFileLocation::InputDocumentFileLocation(Box::new(
                types::InputDocumentFileLocation {
                    id: doc.id,
                    access_hash: doc.access_hash,
                    file_reference: doc.file_reference.clone(),
                    thumb_size: String::new(),
                },
            )),
            offset: offset as i64,
            limit: 128 * 1024,
        };
        let enums::upload::File::File(chunk) = a.call(&mut w, get).unwrap() else {
            panic!("upload.file")
        };
        back.extend(chunk.bytes);
    }
    assert_eq!(back, data);
}

#[test]
fn two_factor_and_qr_login_over_tl() {
    let mut w = world();
    let dcs = dcs();
    let a = Client::new(&mut w, &dcs, 1, 3);
    let me = tl_sign_up(&mut w, &a, &phone(3, 9), "Scanner");
    let enums::account::Password::Password(pwd) =
        a.call(&mut w, functions::account::GetPassword).unwrap();
    assert!(pwd.current_algo.is_none() && pwd.srp_id.is_none());
    let enums::PasswordKdfAlgo::SHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(algo) =
        &pwd.new_algo
    else {
        panic!()
    };
    let mut salt1 = algo.salt1.clone();
    salt1.extend([1u8; 32]);
    let new_algo = testdc::world::PasswordAlgo {
        salt1: salt1.clone(),
        salt2: algo.salt2.clone(),
        g: algo.g,
        p: algo.p.clone(),
    };
    let update = functions::account::UpdatePasswordSettings {
        password: enums::InputCheckPasswordSRP::InputCheckPasswordEmpty,
        new_settings: enums::account::PasswordInputSettings::PasswordInputSettings(Box::new(types::account::PasswordInputSettings {
            new_algo: Some(enums::PasswordKdfAlgo::SHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(Box::new(
                types::PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow {
                    salt1,
                    salt2: algo.salt2.clone(),
                    g: algo.g,
                    p: algo.p.clone(),
                },
            ))),
            new_password_hash: Some(ToySrp::verifier_of(&new_algo, b"pw")),
            hint: Some("h".into()),
            email: None,
            new_secure_settings: None,
        })),
    };
    assert!(a.call(&mut w, update).unwrap());
    let enums::account::Password::Password(pwd) =
        a.call(&mut w, functions::account::GetPassword).unwrap();
    assert!(pwd.current_algo.is_some() && pwd.srp_b.is_some() && pwd.hint.as_deref() == Some("h"));

    // QR login of a new key, accepted by the 2FA account: the new key must give the password.
    let q = Client::new(&mut w, &dcs, 9, 3);
    let export = functions::auth::ExportLoginToken {
        api_id: 1,
        api_hash: "h".into(),
        except_ids: vec![],
    };
    let first = with_device("QR desktop", "Windows 11", export.clone());
    let enums::auth::LoginToken::LoginToken(token) = q.call(&mut w, first).unwrap() else {
        panic!("token")
    };
    let enums::Authorization::Authorization(session) = a
        .call(
            &mut w,
            functions::auth::AcceptLoginToken {
                token: token.token.clone(),
            },
        )
        .unwrap();
    // The answer describes the new session: the device its initConnection named, waiting for
    // the password; the scanner's session list shows it under the same hash.
    assert_eq!(session.device_model, "QR desktop");
    assert_eq!(session.platform, "Windows");
    assert!(session.password_pending && !session.current && session.hash != 0);
    let enums::account::Authorizations::Authorizations(listed) = a
        .call(&mut w, functions::account::GetAuthorizations)
        .unwrap();
    assert!(listed.authorizations.iter().any(
        |l| matches!(l, enums::Authorization::Authorization(l) if l.hash == session.hash && l.password_pending)
    ));
    let pushes = w.drain_pushes();
    let login = pushes
        .iter()
        .find(|p| p.target == PushTarget::AuthKey(9))
        .expect("updateLoginToken push");
    assert!(
        matches!(out::updates::push(&w, std::slice::from_ref(login)).unwrap(), Some(enums::Updates::UpdateShort(s)) if matches!(s.update, enums::Update::LoginToken))
    );
    assert_eq!(
        q.call(&mut w, export).unwrap_err(),
        RpcError::SessionPasswordNeeded
    );
    // The pending key may ask for the password parameters.
    let enums::account::Password::Password(pwd) =
        q.call(&mut w, functions::account::GetPassword).unwrap();
    let Some(enums::PasswordKdfAlgo::SHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow(current)) =
        &pwd.current_algo
    else {
        panic!("current algo")
    };
    let current = testdc::world::PasswordAlgo {
        salt1: current.salt1.clone(),
        salt2: current.salt2.clone(),
        g: current.g,
        p: current.p.clone(),
    };
    let (srp_b, srp_id) = (pwd.srp_b.clone().unwrap(), pwd.srp_id.unwrap());
    let testdc::world::PasswordCheck::Srp {
        srp_id,
        a: big_a,
        m1,
    } = toy_proof(&current, &srp_b, srp_id, "pw")
    else {
        panic!()
    };
    let check = functions::auth::CheckPassword {
        password: enums::InputCheckPasswordSRP::InputCheckPasswordSRP(Box::new(
            types::InputCheckPasswordSRP {
                srp_id,
                a: big_a,
                m1,
            },
        )),
    };
    let enums::auth::Authorization::Authorization(auth) = q.call(&mut w, check).unwrap() else {
        panic!()
    };
    assert!(matches!(auth.user, enums::User::User(u) if u.id == me.id));
    assert!(q.call(&mut w, functions::auth::LogOut).is_ok());
    assert_eq!(
        q.call(&mut w, functions::users::GetUsers { id: self_user() })
            .unwrap_err(),
        RpcError::AuthKeyUnregistered
    );
}

#[test]
fn answers_pushes_and_differences_carry_the_seq() {
    let mut w = world();
    let dcs = dcs();
    let a = Client::new(&mut w, &dcs, 1, 1);
    let me = tl_sign_up(&mut w, &a, &phone(1, 1), "Seq");
    let enums::updates::State::State(start) = a.call(&mut w, functions::updates::GetState).unwrap();
    assert_eq!((start.seq, start.qts), (0, 0));
    w.drain_pushes();
    let create = |title: &str| functions::channels::CreateChannel {
        broadcast: true,
        megagroup: false,
        for_import: false,
        forum: false,
        title: title.into(),
        about: String::new(),
        geo_point: None,
        address: None,
        ttl_period: None,
    };
    // The answer carries the seq its updateChannel moved the user to; its message, pts only.
    for (n, title) in [(1, "First"), (2, "Second")] {
        let enums::Updates::Updates(answer) = a.call(&mut w, create(title)).unwrap() else {
            panic!("updates")
        };
        assert_eq!(answer.seq, n, "{title}");
        assert!(matches!(
            answer.updates[..],
            [
                enums::Update::Channel(_),
                enums::Update::NewChannelMessage(_)
            ]
        ));
    }
    // The creator's other sessions get the same, as pushes; two seq updates in one container
    // make an updatesCombined.
    let pushes: Vec<Push> = w
        .drain_pushes()
        .into_iter()
        .filter(|p| {
            p.target
                == PushTarget::User {
                    user_id: me.id,
                    except_auth_key: Some(1),
                }
        })
        .collect();
    let seqs: Vec<Option<i32>> = pushes.iter().map(|p| p.seq).collect();
    assert_eq!(seqs, vec![Some(1), None, Some(2), None]);
    let Some(enums::Updates::Updates(one)) = out::updates::push(&w, &pushes[..2]).unwrap() else {
        panic!("updates")
    };
    assert_eq!((one.seq, one.updates.len()), (1, 2));
    let Some(enums::Updates::Combined(both)) = out::updates::push(&w, &pushes).unwrap() else {
        panic!("updatesCombined")
    };
    assert_eq!((both.seq_start, both.seq, both.updates.len()), (1, 2, 4));
    let Some(enums::Updates::Updates(plain)) = out::updates::push(&w, &pushes[1..2]).unwrap()
    else {
        panic!("updates")
    };
    assert_eq!(plain.seq, 0, "pts updates only: seq 0");

    let enums::updates::State::State(now) = a.call(&mut w, functions::updates::GetState).unwrap();
    assert_eq!(now.seq, 2);
    // A difference from the start: the two updateChannel, then both channels to catch up with,
    // which its `chats` describe (their access hashes are what getChannelDifference needs).
    let diff = functions::updates::GetDifference {
        pts: start.pts,
        pts_limit: None,
        pts_total_limit: None,
        date: start.date,
        qts: start.qts,
        qts_limit: None,
    };
    let enums::updates::Difference::Difference(diff) = a.call(&mut w, diff).unwrap() else {
        panic!("difference")
    };
    let channels: Vec<i64> = diff
        .other_updates
        .iter()
        .filter_map(|u| match u {
            enums::Update::ChannelTooLong(t) => {
                assert!(t.pts.is_some_and(|p| p > 1));
                Some(t.channel_id)
            }
            _ => None,
        })
        .collect();
    assert_eq!(channels.len(), 2);
    assert_eq!(
        diff.other_updates
            .iter()
            .filter(|u| matches!(u, enums::Update::Channel(_)))
            .count(),
        2
    );
    for id in channels {
        assert!(diff.chats.iter().any(
            |c| matches!(c, enums::Chat::Channel(ch) if ch.id == id && ch.access_hash.is_some())
        ));
    }
    let enums::updates::State::State(end) = diff.state;
    assert_eq!(end.seq, 2);
}
