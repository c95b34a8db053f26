//! The network layer on its own, against testdc: a signed-in account uses another DC after
//! auth.exportAuthorization / auth.importAuthorization.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mtproto::AuthKey;
use tdjson::net::dc::{DcDirectory, DcOption};
use tdjson::net::{InitParams, KeyStore, Net, NetConfig, StoredKey};
use tl::api::{enums, functions, types};

use crate::common;
use crate::support::{code_of, phone, TestDc};

/// Keys in memory, and which DCs the account was signed in on.
#[derive(Default)]
struct MemoryStore {
    keys: Mutex<HashMap<i32, (Vec<u8>, i64)>>,
    authorized: Mutex<Vec<i32>>,
}

impl KeyStore for MemoryStore {
    fn load(&self, dc_id: i32) -> Option<StoredKey> {
        let keys = self.keys.lock().unwrap();
        let (bytes, time_offset) = keys.get(&dc_id)?;
        Some(StoredKey {
            key: AuthKey::from_slice(bytes)?,
            time_offset: *time_offset,
        })
    }
    fn save_key(&self, dc_id: i32, key: &AuthKey, time_offset: i64) {
        self.keys
            .lock()
            .unwrap()
            .insert(dc_id, (key.bytes().to_vec(), time_offset));
    }
    fn save_time_offset(&self, _: i32, _: i64) {}
    fn forget_key(&self, dc_id: i32) {
        self.keys.lock().unwrap().remove(&dc_id);
    }
    fn save_main_dc(&self, _: i32) {}
    fn save_dc_options(&self, _: &[DcOption]) {}
    fn save_authorized_dc(&self, dc_id: i32) {
        self.authorized.lock().unwrap().push(dc_id);
    }
}

fn user_id(users: &[enums::User]) -> i64 {
    match users.first() {
        Some(enums::User::User(u)) => u.id,
        other => panic!("a user: {other:?}"),
    }
}

#[test]
fn another_dc_is_used_after_exporting_the_authorization() {
    let _guard = common::lock();
    let dc = TestDc::start();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let store = Arc::new(MemoryStore::default());
    let directory = DcDirectory::local(
        &format!("127.0.0.1:{}", dc.port(1)),
        dc.key_file.to_str().unwrap(),
        true,
    )
    .expect("directory");
    let net = Net::start(NetConfig {
        client_id: 0,
        directory,
        main_dc: 1,
        authorized_dcs: Vec::new(),
        init: InitParams {
            api_id: 1,
            device_model: "net-test".into(),
            system_version: "Linux".into(),
            app_version: "1".into(),
            system_lang_code: "en".into(),
            lang_pack: String::new(),
            lang_code: "en".into(),
        },
        store: store.clone(),
        events: Box::new(|_| {}),
    });
    let phone = phone(1);
    let me = rt.block_on(async {
        let sent = net
            .call(&functions::auth::SendCode {
                phone_number: phone.clone(),
                api_id: 1,
                api_hash: "0123456789abcdef0123456789abcdef".into(),
                settings: types::CodeSettings {
                    allow_flashcall: false,
                    current_number: false,
                    allow_app_hash: false,
                    allow_missed_call: false,
                    allow_firebase: false,
                    unknown_number: false,
                    logout_tokens: None,
                    token: None,
                    app_sandbox: None,
                }
                .into(),
            })
            .await
            .expect("sendCode");
        let enums::auth::SentCode::SentCode(sent) = sent else {
            panic!("sentCode")
        };
        let sign_in = net
            .call(&functions::auth::SignIn {
                phone_number: phone.clone(),
                phone_code_hash: sent.phone_code_hash.clone(),
                phone_code: Some(code_of(&phone)),
                email_verification: None,
            })
            .await
            .expect("signIn");
        assert!(matches!(
            sign_in,
            enums::auth::Authorization::SignUpRequired(_)
        ));
        net.call(&functions::auth::SignUp {
            no_joined_notifications: false,
            phone_number: phone.clone(),
            phone_code_hash: sent.phone_code_hash,
            first_name: "Xena".into(),
            last_name: String::new(),
        })
        .await
        .expect("signUp");
        net.set_signed_in(true);
        net.call(&functions::users::GetUsers {
            id: vec![enums::InputUser::InputUserSelf],
        })
        .await
        .expect("getUsers on DC 1")
    });
    let me = user_id(&me);
    // DC 2 has never seen this account: the layer exports it from DC 1 and imports it there.
    let on_dc2 = rt
        .block_on(net.call_on(
            2,
            &functions::users::GetUsers {
                id: vec![enums::InputUser::InputUserSelf],
            },
        ))
        .expect("getUsers on DC 2");
    assert_eq!(user_id(&on_dc2), me);
    assert!(
        store.authorized.lock().unwrap().contains(&2),
        "DC 2 stored as signed in"
    );
    let user = dc.user(me);
    let dcs: Vec<i64> = user["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["dc"].as_i64())
        .collect();
    assert!(
        dcs.contains(&1) && dcs.contains(&2),
        "signed in on both DCs: {user}"
    );
    net.stop(false);
    dc.stop();
}
