//! getMe, getUser and getUserFullInfo.

use td_api as td;
use tl::api::{enums, functions};

use crate::api::error;
use crate::client::session::Session;
use crate::engine;

fn user_not_found() -> td::Error {
    error(400, "User not found")
}

pub fn get_me(s: &mut Session, extra: Option<Box<str>>) {
    let Some(e) = s.engine.as_ref() else { return };
    if let Some(me) = e.users.me() {
        let me = me.clone();
        return s.out().reply(Ok(me), extra.as_deref());
    }
    let net = e.net.clone();
    let id = s.id();
    s.spawn_request(extra, move |_| async move {
        let users = net
            .call(&functions::users::GetUsers {
                id: vec![enums::InputUser::InputUserSelf],
            })
            .await;
        engine::with(id, move |td| {
            let users = users?;
            let e = &mut *td.engine;
            e.users.on_users(&users, td.out, &e.store);
            match e.users.me() {
                Some(me) => engine::ok(me.clone()),
                None => Err(user_not_found()),
            }
        })
        .unwrap_or_else(|| Err(crate::net::aborted().to_td()))
    });
}

pub fn get_user(s: &mut Session, extra: Option<Box<str>>, user_id: i64) {
    let Some(e) = s.engine.as_ref() else { return };
    if !(1..1 << 40).contains(&user_id) {
        return s
            .out()
            .error(error(400, "Invalid user identifier"), extra.as_deref());
    }
    match e.users.get(user_id) {
        Some(u) => {
            let u = u.clone();
            s.out().reply(Ok(u), extra.as_deref())
        }
        None => s.out().error(user_not_found(), extra.as_deref()),
    }
}

pub fn get_user_full_info(s: &mut Session, extra: Option<Box<str>>, user_id: i64) {
    let Some(e) = s.engine.as_ref() else { return };
    let Some(input) = e.users.input_user(user_id) else {
        return s.out().error(user_not_found(), extra.as_deref());
    };
    let net = e.net.clone();
    let id = s.id();
    s.spawn_request(extra, move |_| async move {
        let full = net.call(&functions::users::GetFullUser { id: input }).await;
        engine::with(id, move |td| {
            let full = full?;
            let e = &mut *td.engine;
            match e.users.on_full(&full, td.out, &e.store) {
                Some(info) => engine::ok(info),
                None => Err(user_not_found()),
            }
        })
        .unwrap_or_else(|| Err(crate::net::aborted().to_td()))
    });
}
