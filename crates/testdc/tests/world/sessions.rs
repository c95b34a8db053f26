use testdc::world::{ClientInfo, LoginToken, NewUser, RpcError, SignIn, World};

use crate::common::*;

fn device(model: &str, system: &str) -> ClientInfo {
    ClientInfo {
        api_id: 12345,
        device_model: model.into(),
        system_version: system.into(),
        app_version: "1.2".into(),
        system_lang_code: "en-US".into(),
        lang_pack: String::new(),
        lang_code: "en".into(),
        ip: "127.0.0.1".into(),
    }
}

/// Signs the existing account `phone` in on a new key `key_id` (no 2FA).
fn second_device(w: &mut World, key_id: i64, phone: &str, client: &ClientInfo, now: i32) {
    key(w, key_id, testdc::world::home_dc(phone, 3));
    w.record_client(key_id, client, now).unwrap();
    let hash = w.send_code(key_id, phone, now).unwrap().phone_code_hash;
    let code = testdc::world::login_code(phone, 3);
    assert!(matches!(
        w.sign_in(key_id, phone, &hash, &code, now).unwrap(),
        SignIn::Authorized(_)
    ));
}

#[test]
fn sessions_list_every_authorization_with_what_its_client_said() {
    let mut w = world();
    let p = phone(2, 1);
    key(&mut w, 1, 2);
    w.record_client(1, &device("Laptop", "Linux 6.1"), NOW)
        .unwrap();
    let (me, _) = sign_up(&mut w, 1, &p, "Many");
    second_device(&mut w, 2, &p, &device("Phone", "Android 14"), NOW + 5);

    let list = w.authorizations(me).unwrap();
    assert_eq!(list.len(), 2, "{list:?}");
    let (mine, other) = (&list[0], &list[1]);
    assert!(
        mine.current && !other.current,
        "the caller's own comes first"
    );
    assert_eq!((mine.auth_key_id, other.auth_key_id), (1, 2));
    assert_eq!(mine.client.device_model, "Laptop");
    assert_eq!(mine.client.platform(), "Linux");
    assert_eq!(other.client.device_model, "Phone");
    assert_eq!(other.client.platform(), "Android");
    assert_eq!(other.client.app_name(), "App 12345");
    assert_eq!(
        (
            other.client.system_lang_code.as_str(),
            other.client.ip.as_str()
        ),
        ("en-US", "127.0.0.1")
    );
    assert_eq!((mine.created, other.created), (NOW, NOW + 5));
    assert!(!mine.password_pending && !other.password_pending);
    assert!(mine.hash != 0 && other.hash != 0 && mine.hash != other.hash);
    let again = w.authorizations(me).unwrap();
    assert_eq!(
        (again[0].hash, again[1].hash),
        (mine.hash, other.hash),
        "stable"
    );

    // Activity: the first request after a quiet minute is written, not every request.
    w.note_activity(2, NOW + 100).unwrap();
    w.note_activity(2, NOW + 110).unwrap();
    let active = |w: &World| {
        w.user_authorizations(me.user_id)
            .unwrap()
            .into_iter()
            .find(|a| a.auth_key_id == 2)
            .map(|a| a.active)
    };
    assert_eq!(active(&w), Some(NOW + 100));
    w.note_activity(2, NOW + 200).unwrap();
    assert_eq!(active(&w), Some(NOW + 200));
    let by_activity: Vec<i64> = w
        .user_authorizations(me.user_id)
        .unwrap()
        .iter()
        .map(|a| a.auth_key_id)
        .collect();
    assert_eq!(by_activity, [2, 1], "the most recently active first");
}

#[test]
fn a_temporary_key_reports_for_its_permanent_key() {
    let mut w = world();
    let (me, _) = sign_up(&mut w, 1, &phone(2, 2), "Pfs");
    w.register_auth_key(50, &[9u8; 256], 2, NOW, Some(NOW + 3600))
        .unwrap();
    // initConnection before the binding stays with the temporary key until it is bound.
    w.record_client(50, &device("Before bind", "iOS 17"), NOW)
        .unwrap();
    assert_eq!(w.authorizations(me).unwrap()[0].client.device_model, "");
    w.bind_temp_auth_key(50, 1, NOW + 3600).unwrap();
    assert_eq!(
        w.authorizations(me).unwrap()[0].client.device_model,
        "Before bind"
    );
    w.record_client(50, &device("After bind", "iOS 17"), NOW + 1)
        .unwrap();
    let list = w.authorizations(w.caller(50).unwrap()).unwrap();
    assert_eq!(
        list.len(),
        1,
        "one authorization, whatever key it is used through"
    );
    assert!(
        list[0].current,
        "the temporary key's caller is that authorization"
    );
    assert_eq!(list[0].client.device_model, "After bind");
    assert_eq!(list[0].client.platform(), "iOS");
}

#[test]
fn reset_authorization_signs_that_session_out() {
    let mut w = world();
    let p = phone(1, 3);
    let (me, _) = sign_up(&mut w, 1, &p, "Resetter");
    second_device(&mut w, 2, &p, &device("Lost phone", "Android 9"), NOW);
    let (stranger, _) = sign_up(&mut w, 7, &phone(1, 4), "Stranger");
    let strangers = w.authorizations(stranger).unwrap()[0].hash;
    let lost = w.authorizations(me).unwrap()[1].clone();
    assert_eq!(lost.auth_key_id, 2);

    for bad in [0, strangers, lost.hash.wrapping_add(1)] {
        assert!(
            w.reset_authorization(me, bad)
                .unwrap_err()
                .is(&RpcError::HashInvalid),
            "{bad}"
        );
    }
    assert!(w.drain_revoked().is_empty());
    w.reset_authorization(me, lost.hash).unwrap();
    let err = w.caller(2).unwrap_err();
    assert!(err.is(&RpcError::AuthKeyUnregistered));
    assert_eq!(err.rpc().code(), 401);
    assert_eq!(
        w.drain_revoked(),
        [2],
        "the network side closes its connections"
    );
    assert_eq!(w.authorizations(me).unwrap().len(), 1);
    assert!(w
        .reset_authorization(me, lost.hash)
        .unwrap_err()
        .is(&RpcError::HashInvalid));
    assert!(w.caller(7).is_ok(), "other users keep their sessions");

    // Signing in again on that key is a new authorization with a new hash.
    second_device(&mut w, 2, &p, &device("Found phone", "Android 9"), NOW + 9);
    let again = w.authorizations(me).unwrap()[1].clone();
    assert_ne!(again.hash, lost.hash);
    // The caller's own current authorization can be reset too: it is signed out as well.
    let own = w.authorizations(me).unwrap()[0].hash;
    w.reset_authorization(me, own).unwrap();
    assert!(w.caller(1).is_err());
    assert_eq!(w.drain_revoked(), [1]);
}

#[test]
fn a_key_waiting_for_the_password_is_listed_and_can_be_reset() {
    let mut w = world();
    let p = phone(2, 5);
    w.create_user(
        &NewUser {
            phone: p.clone(),
            first_name: "Guarded".into(),
            password: Some("pw".into()),
            ..NewUser::default()
        },
        NOW,
    )
    .unwrap();
    let me = sign_in_with_password(&mut w, 1, &p, "pw");
    key(&mut w, 2, 2);
    w.record_client(2, &device("Intruder", "Windows 11"), NOW + 1)
        .unwrap();
    let hash = w.send_code(2, &p, NOW + 1).unwrap().phone_code_hash;
    let err = w.sign_in(2, &p, &hash, "22222", NOW + 1).unwrap_err();
    assert!(err.is(&RpcError::SessionPasswordNeeded));
    let list = w.authorizations(me).unwrap();
    let pending = list.iter().find(|a| a.auth_key_id == 2).expect("listed");
    assert!(pending.password_pending && !pending.current);
    assert_eq!(pending.client.platform(), "Windows");

    w.reset_authorization(me, pending.hash).unwrap();
    let state = w.get_password(me.user_id, NOW + 2).unwrap();
    assert!(
        w.check_password(2, &proof(&state, "pw"), NOW + 2)
            .unwrap_err()
            .is(&RpcError::AuthKeyUnregistered),
        "a reset pending login cannot finish"
    );
    assert_eq!(w.authorizations(me).unwrap().len(), 1);
}

#[test]
fn a_pending_login_keeps_its_hash_when_the_password_completes_it() {
    let mut w = world();
    let p = phone(3, 6);
    w.create_user(
        &NewUser {
            phone: p.clone(),
            first_name: "Two".into(),
            password: Some("pw".into()),
            ..NewUser::default()
        },
        NOW,
    )
    .unwrap();
    let me = sign_in_with_password(&mut w, 1, &p, "pw");
    key(&mut w, 2, 3);
    let hash = w.send_code(2, &p, NOW).unwrap().phone_code_hash;
    assert!(w.sign_in(2, &p, &hash, "33333", NOW).is_err());
    let pending = w.authorizations(me).unwrap()[1].clone();
    let state = w.get_password(me.user_id, NOW + 30).unwrap();
    w.check_password(2, &proof(&state, "pw"), NOW + 30).unwrap();
    let done = w.authorizations(me).unwrap()[1].clone();
    assert_eq!(done.auth_key_id, 2);
    assert!(!done.password_pending);
    assert_eq!((done.hash, done.created), (pending.hash, pending.created));
}

#[test]
fn accepting_a_qr_login_describes_the_new_device() {
    let mut w = world();
    let (scanner, _) = sign_up(&mut w, 1, &phone(3, 7), "Scanner");
    key(&mut w, 9, 3);
    w.record_client(9, &device("Desktop PC", "Windows 10"), NOW)
        .unwrap();
    let LoginToken::Token { token, .. } = w.export_login_token(9, NOW).unwrap() else {
        panic!("a token")
    };
    let accepted = w.accept_login_token(scanner, &token, NOW + 1).unwrap();
    assert_eq!((accepted.auth_key_id, accepted.dc_id), (9, 3));
    assert_eq!(accepted.client.device_model, "Desktop PC");
    assert_eq!(accepted.client.api_id, 12345);
    assert!(!accepted.current && !accepted.password_pending);
    assert_eq!(accepted.created, NOW + 1);
    let listed = w.authorizations(scanner).unwrap();
    assert_eq!(
        listed[1].hash, accepted.hash,
        "the hash the session list shows"
    );
    w.reset_authorization(scanner, accepted.hash).unwrap();
    assert!(w.caller(9).is_err());
}

#[test]
fn sessions_survive_a_restart_and_old_databases_open() {
    let scratch = ScratchDir::new("sessions");
    let (me, hashes) = {
        let mut w = World::open(Some(&scratch.0), config(), Box::new(ToySrp)).unwrap();
        key(&mut w, 1, 2);
        w.record_client(1, &device("Kept", "Linux"), NOW).unwrap();
        let (me, _) = sign_up(&mut w, 1, &phone(2, 8), "Kept");
        let hashes: Vec<i64> = w
            .authorizations(me)
            .unwrap()
            .iter()
            .map(|a| a.hash)
            .collect();
        (me, hashes)
    };
    let w = World::open(Some(&scratch.0), config(), Box::new(ToySrp)).unwrap();
    let list = w.authorizations(me).unwrap();
    assert_eq!(list.iter().map(|a| a.hash).collect::<Vec<_>>(), hashes);
    assert_eq!(list[0].client.device_model, "Kept");

    // A version 2 database: its signed-in keys are listed, without client details.
    let old = ScratchDir::new("sessions-v2");
    std::fs::create_dir_all(&old.0).unwrap();
    let user = 5_000_000_001i64;
    {
        let conn = rusqlite::Connection::open(old.0.join(testdc::store::DB_FILE)).unwrap();
        testdc::store::schema::migrate_to(&conn, 2).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO users (id, phone, first_name, dc_id, created)
                 VALUES ({user}, '9996620009', 'Old', 2, {NOW});
             INSERT INTO user_state (user_id, pts, qts, seq, date, last_msg_id)
                 VALUES ({user}, 1, 0, 0, {NOW}, 0);
             INSERT INTO auth_keys (auth_key_id, auth_key, dc_id, created, user_id, signed_in_at)
                 VALUES (77, zeroblob(256), 2, {NOW}, {user}, {});",
            NOW + 3
        ))
        .unwrap();
    }
    let w = World::open(Some(&old.0), config(), Box::new(ToySrp)).unwrap();
    let list = w.authorizations(w.caller(77).unwrap()).unwrap();
    assert_eq!(list.len(), 1);
    assert!(list[0].current && list[0].hash != 0);
    assert_eq!((list[0].created, list[0].active), (NOW + 3, NOW + 3));
    assert_eq!(list[0].client, ClientInfo::default());
}
