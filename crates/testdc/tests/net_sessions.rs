//! The sign-in flow over TCP: the sessions list shows what each device said in
//! initConnection; a reset session's connection is closed and its key gets 401 from then on;
//! a number asked on the wrong DC is migrated and signs up on its home DC.
mod net_support;

use net_support::*;
use tl::api::{enums, functions, types};
use tl::Serialize;

fn sessions(answer: Answer) -> Vec<types::Authorization> {
    let enums::account::Authorizations::Authorizations(list) = answer.decode();
    list.authorizations
        .into_iter()
        .map(|a| {
            let enums::Authorization::Authorization(a) = a;
            *a
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_session_is_closed_and_then_unauthorized() {
    let server = start_server(None).await;
    let ctl = start_control(&server).await;
    let p = phone(2);
    let addr = dc_addr(&server, 2);
    let mut laptop = Client::connect(addr, 2, Transport::FULL, random_seed())
        .await
        .unwrap();
    let me = sign_up(&mut laptop, &p, "Owner").await;
    let mut lost = Client::connect(addr, 2, Transport::INTERMEDIATE, random_seed())
        .await
        .unwrap();
    lost.device_model = "lost-phone".into();
    assert_eq!(sign_in(&mut lost, &p).await, me);

    let get = functions::account::GetAuthorizations.to_bytes();
    let list = sessions(laptop.call(get.clone()).await.unwrap());
    assert_eq!(list.len(), 2, "{list:?}");
    assert!(list[0].current && list[0].device_model == DEVICE_MODEL);
    let other = list[1].clone();
    assert!(!other.current);
    assert_eq!(other.device_model, "lost-phone");
    assert_eq!(
        (other.platform.as_str(), other.ip.as_str()),
        ("Linux", "127.0.0.1")
    );
    assert_eq!((other.api_id, other.app_version.as_str()), (1, "1"));

    let (status, user) = control(ctl, "GET", &format!("/users/{me}"), None).await;
    assert_eq!(status, 200, "{user}");
    let listed = user["sessions"].as_array().expect("sessions");
    let entry = listed
        .iter()
        .find(|s| s["device_model"] == "lost-phone")
        .unwrap_or_else(|| panic!("the second device: {user}"));
    assert_eq!(entry["hash"].as_i64(), Some(other.hash));
    assert_eq!(entry["ip"], "127.0.0.1");
    assert_eq!(entry["platform"], "Linux");
    assert_eq!(entry["online"], true);

    let reset = functions::account::ResetAuthorization { hash: other.hash }.to_bytes();
    assert!(laptop.call(reset.clone()).await.unwrap().decode::<bool>());
    // The signed-out device's connection is closed; reconnected, its key is unauthorized.
    let closed = lost.wait_updates(1, WAIT).await;
    assert!(
        matches!(closed, Err(ClientError::Closed | ClientError::Io(_))),
        "{closed:?}"
    );
    let creds = lost.credentials();
    let mut again = Client::reconnect(addr, 2, Transport::FULL, &creds, random_seed())
        .await
        .unwrap();
    assert_eq!(
        again.call(get_self()).await.unwrap(),
        Answer::Error(401, "AUTH_KEY_UNREGISTERED".into())
    );
    // The device that reset it goes on, and the same hash is unknown now.
    assert_eq!(sessions(laptop.call(get).await.unwrap()).len(), 1);
    assert_eq!(
        laptop.call(reset).await.unwrap(),
        Answer::Error(400, "HASH_INVALID".into())
    );
}

fn sign_in_call(phone: &str, hash: &str) -> Vec<u8> {
    functions::auth::SignIn {
        phone_number: phone.into(),
        phone_code_hash: hash.into(),
        phone_code: Some(phone[5..6].repeat(5)),
        email_verification: None,
    }
    .to_bytes()
}

fn sign_up_call(phone: &str, hash: &str) -> Vec<u8> {
    functions::auth::SignUp {
        no_joined_notifications: false,
        phone_number: phone.into(),
        phone_code_hash: hash.into(),
        first_name: "Home".into(),
        last_name: String::new(),
    }
    .to_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_migrated_number_signs_up_on_its_home_dc() {
    let server = start_server(None).await;
    let ctl = start_control(&server).await;
    let p = phone(3);
    let mut wrong = Client::connect(dc_addr(&server, 1), 1, Transport::FULL, random_seed())
        .await
        .unwrap();
    assert_eq!(
        wrong.call(send_code(&p)).await.unwrap(),
        Answer::Error(303, "PHONE_MIGRATE_3".into())
    );
    // As a client does: a key on DC 3, and the sign-up from the start there.
    let mut home = Client::connect(dc_addr(&server, 3), 3, Transport::FULL, random_seed())
        .await
        .unwrap();
    let sent: enums::auth::SentCode = home.call(send_code(&p)).await.unwrap().decode();
    let enums::auth::SentCode::SentCode(sent) = sent else {
        panic!("auth.sentCode")
    };
    let hash = sent.phone_code_hash;
    let migrate = Answer::Error(303, "PHONE_MIGRATE_3".into());
    assert_eq!(wrong.call(sign_in_call(&p, &hash)).await.unwrap(), migrate);
    let required: enums::auth::Authorization =
        home.call(sign_in_call(&p, &hash)).await.unwrap().decode();
    assert!(matches!(
        required,
        enums::auth::Authorization::SignUpRequired(ref r) if r.terms_of_service.is_some()
    ));
    assert_eq!(wrong.call(sign_up_call(&p, &hash)).await.unwrap(), migrate);
    let auth: enums::auth::Authorization =
        home.call(sign_up_call(&p, &hash)).await.unwrap().decode();
    let enums::auth::Authorization::Authorization(auth) = auth else {
        panic!("authorization")
    };
    let enums::User::User(me) = auth.user else {
        panic!("a user")
    };
    let (_, user) = control(ctl, "GET", &format!("/users/{}", me.id), None).await;
    assert_eq!(user["dc"], 3, "{user}");
    let got: Vec<enums::User> = home.call(get_self()).await.unwrap().decode();
    assert!(matches!(&got[..], [enums::User::User(u)] if u.id == me.id));
    assert_eq!(
        wrong.call(get_self()).await.unwrap(),
        Answer::Error(401, "AUTH_KEY_UNREGISTERED".into()),
        "the DC 1 key stays signed out"
    );
}
