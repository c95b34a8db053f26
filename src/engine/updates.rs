//! What the network reports: connection changes, and the server's updates, handed to the
//! area each belongs to. (Messages and the pts/qts/seq bookkeeping come with chats.)

use tl::api::{enums, functions};
use tl::Deserialize;

use super::Td;
use crate::auth::{self, AuthState};
use crate::net::NetEvent;
use crate::storage::database::UpdateState;

pub fn on_net_event(td: &mut Td<'_>, event: NetEvent) {
    match event {
        NetEvent::Connection { dc_id, connected } => {
            if dc_id != td.engine.net.main_dc() {
                return;
            }
            td.engine.connection.set_connected(connected, td.out);
            if connected && !td.engine.synced_once {
                td.engine.synced_once = true;
                sync(td);
            }
        }
        NetEvent::Update(body) => on_updates(td, &body),
        NetEvent::NewSession => {}
        NetEvent::KeyLost { dc_id } => {
            if dc_id == td.engine.net.main_dc() && td.engine.auth.is_ready() {
                auth::lost(td);
            }
        }
    }
}

/// Once connected: the current config (DC addresses), and for a signed-in client the
/// update state, while the app sees connectionStateUpdating.
pub fn sync(td: &mut Td<'_>) {
    let net = td.engine.net.clone();
    let id = td.id;
    let authorized = td.engine.auth.is_ready();
    if authorized {
        td.engine.connection.begin_update(td.out);
    }
    super::spawn(async move {
        if let Ok(enums::Config::Config(config)) = net.call(&functions::help::GetConfig {}).await {
            net.apply_config(&config);
        }
        if !authorized {
            return;
        }
        let state = net.call(&functions::updates::GetState {}).await;
        let me = net
            .call(&functions::users::GetUsers {
                id: vec![enums::InputUser::InputUserSelf],
            })
            .await;
        super::with(id, |td| {
            match state {
                Ok(enums::updates::State::State(s)) => {
                    let s = UpdateState {
                        pts: s.pts,
                        qts: s.qts,
                        date: s.date,
                        seq: s.seq,
                    };
                    td.engine.store.with(|db| db.save_update_state(s));
                }
                Err(e) => auth::check_lost(td, &e),
            }
            match me {
                Ok(users) => {
                    let e = &mut *td.engine;
                    e.users.on_users(&users, td.out, &e.store);
                }
                Err(e) => auth::check_lost(td, &e),
            }
            td.engine.connection.end_update(td.out);
        });
    });
}

pub fn on_updates(td: &mut Td<'_>, body: &[u8]) {
    let Ok(updates) = enums::Updates::from_bytes(body) else {
        return;
    };
    match updates {
        enums::Updates::UpdateShort(u) => on_update(td, &u.update),
        enums::Updates::Updates(u) => {
            let e = &mut *td.engine;
            e.users.on_users(&u.users, td.out, &e.store);
            for update in &u.updates {
                on_update(td, update);
            }
        }
        enums::Updates::Combined(u) => {
            let e = &mut *td.engine;
            e.users.on_users(&u.users, td.out, &e.store);
            for update in &u.updates {
                on_update(td, update);
            }
        }
        _ => {}
    }
}

fn on_update(td: &mut Td<'_>, update: &enums::Update) {
    let e = &mut *td.engine;
    match update {
        enums::Update::LoginToken => {
            if matches!(e.auth.state, AuthState::WaitOtherDeviceConfirmation(_)) {
                auth::qr::on_login_token(td);
            }
        }
        enums::Update::UserStatus(x) => e.users.on_status(x.user_id, &x.status, td.out),
        enums::Update::UserName(x) => e.users.on_name(x, td.out, &e.store),
        _ => {}
    }
}
