//! A TL-level client for the rpc tests: calls are encoded, decoded as the network would
//! decode them, run, and their answers decoded as a client would.

use testdc::rpc::{self, Context, DcAddress};
use testdc::world::{RpcError, World};
use tl::api::{enums, functions, types, Function};
use tl::{Deserialize, RemoteCall};

use crate::common::*;

pub fn dcs() -> Vec<DcAddress> {
    (1..=3)
        .map(|id| DcAddress {
            id,
            ip: "127.0.0.1".into(),
            port: 4000 + id,
        })
        .collect()
}

pub struct Client<'a> {
    pub key: i64,
    pub dc: i32,
    pub dcs: &'a [DcAddress],
}

impl<'a> Client<'a> {
    /// A client on DC `dc` whose auth key `key` is registered.
    pub fn new(w: &mut World, dcs: &'a [DcAddress], key: i64, dc: i32) -> Self {
        crate::common::key(w, key, dc);
        Client { key, dc, dcs }
    }

    pub fn ctx(&self) -> Context<'_> {
        Context {
            auth_key_id: self.key,
            dc_id: self.dc,
            now: NOW,
            dcs: self.dcs,
            test_mode: false,
            ip: "127.0.0.1",
        }
    }

    pub fn call<F: RemoteCall>(&self, w: &mut World, f: F) -> Result<F::Return, RpcError> {
        let function = Function::from_bytes(&f.to_bytes()).expect("the call decodes as a Function");
        let answer = rpc::handle(w, &self.ctx(), &function)?;
        Ok(F::Return::from_bytes(&answer).expect("the answer decodes as the call's return type"))
    }
}

pub fn code_settings() -> enums::CodeSettings {
    enums::CodeSettings::CodeSettings(Box::new(types::CodeSettings {
        allow_flashcall: false,
        current_number: false,
        allow_app_hash: false,
        allow_missed_call: false,
        allow_firebase: false,
        unknown_number: false,
        logout_tokens: None,
        token: None,
        app_sandbox: None,
    }))
}

pub fn self_user() -> Vec<enums::InputUser> {
    vec![enums::InputUser::InputUserSelf]
}

/// sendCode, signIn (signUpRequired), signUp, all through TL; returns the user.
pub fn tl_sign_up(w: &mut World, c: &Client, phone: &str, first: &str) -> types::User {
    let send = functions::auth::SendCode {
        phone_number: phone.into(),
        api_id: 1,
        api_hash: "h".into(),
        settings: code_settings(),
    };
    let enums::auth::SentCode::SentCode(sent) = c.call(w, send).expect("sendCode") else {
        panic!("auth.sentCode")
    };
    assert!(matches!(sent.r#type, enums::auth::SentCodeType::App(ref app) if app.length == 5));
    let code = phone[5..6].repeat(5);
    let sign_in = functions::auth::SignIn {
        phone_number: phone.into(),
        phone_code_hash: sent.phone_code_hash.clone(),
        phone_code: Some(code),
        email_verification: None,
    };
    assert!(matches!(
        c.call(w, sign_in).expect("signIn"),
        enums::auth::Authorization::SignUpRequired(_)
    ));
    let sign_up = functions::auth::SignUp {
        no_joined_notifications: false,
        phone_number: phone.into(),
        phone_code_hash: sent.phone_code_hash,
        first_name: first.into(),
        last_name: String::new(),
    };
    let enums::auth::Authorization::Authorization(auth) = c.call(w, sign_up).expect("signUp")
    else {
        panic!("authorization")
    };
    let enums::User::User(me) = auth.user else {
        panic!("a user")
    };
    *me
}

/// `query` as a client's first request on a connection: invokeWithLayer(initConnection(..)).
pub fn with_device<F>(
    device_model: &str,
    system_version: &str,
    query: F,
) -> functions::InvokeWithLayer<functions::InitConnection<F>> {
    functions::InvokeWithLayer {
        layer: tl::LAYER,
        query: functions::InitConnection {
            api_id: 777,
            device_model: device_model.into(),
            system_version: system_version.into(),
            app_version: "3.1".into(),
            system_lang_code: "de-DE".into(),
            lang_pack: String::new(),
            lang_code: "de".into(),
            proxy: None,
            params: None,
            query,
        },
    }
}

/// sendCode + signIn of an existing account (no 2FA); returns the user.
pub fn tl_sign_in(w: &mut World, c: &Client, phone: &str) -> types::User {
    let send = functions::auth::SendCode {
        phone_number: phone.into(),
        api_id: 1,
        api_hash: "h".into(),
        settings: code_settings(),
    };
    let enums::auth::SentCode::SentCode(sent) = c.call(w, send).expect("sendCode") else {
        panic!("auth.sentCode")
    };
    let sign_in = functions::auth::SignIn {
        phone_number: phone.into(),
        phone_code_hash: sent.phone_code_hash,
        phone_code: Some(phone[5..6].repeat(5)),
        email_verification: None,
    };
    let enums::auth::Authorization::Authorization(auth) = c.call(w, sign_in).expect("signIn")
    else {
        panic!("authorization")
    };
    let enums::User::User(me) = auth.user else {
        panic!("a user")
    };
    *me
}
