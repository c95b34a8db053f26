//! What the network reports: connection changes, and the server's updates, handed to the
//! update sequences (crate::updates) that put them in order.

use tl::api::{enums, functions};
use tl::Deserialize;

use super::Td;
use crate::auth;
use crate::net::NetEvent;
use crate::storage::chat_db::Write;
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
            } else if connected {
                // Pushes sent while the connection was down are lost: ask what they were.
                crate::updates::difference::start(td);
            }
        }
        NetEvent::Update(body) => {
            if let Ok(updates) = enums::Updates::from_bytes(&body) {
                crate::updates::on_updates(td, updates);
            }
        }
        NetEvent::NewSession => crate::updates::difference::start(td),
        NetEvent::KeyLost { dc_id } => {
            if dc_id == td.engine.net.main_dc() && td.engine.auth.is_ready() {
                auth::lost(td);
            }
        }
    }
    td.engine.flush();
}

/// Once connected: the current config (DC addresses), and for a signed-in client the
/// updates it missed (from its stored state) or, the first time, the server's state.
pub fn sync(td: &mut Td<'_>) {
    let net = td.engine.net.clone();
    let id = td.id;
    let authorized = td.engine.auth.is_ready();
    if !td.engine.updates.known {
        if let Some(s) = td.engine.store.with(|db| db.update_state()).flatten() {
            td.engine.updates.set_state(s);
        }
    }
    let known = td.engine.updates.known;
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
        let state = if known {
            None
        } else {
            Some(net.call(&functions::updates::GetState {}).await)
        };
        let me = net
            .call(&functions::users::GetUsers {
                id: vec![enums::InputUser::InputUserSelf],
            })
            .await;
        super::with(id, |td| {
            match state {
                Some(Ok(enums::updates::State::State(s))) => {
                    let s = UpdateState {
                        pts: s.pts,
                        qts: s.qts,
                        date: s.date,
                        seq: s.seq,
                    };
                    td.engine.updates.set_state(s);
                    td.engine.writes.push(Write::UpdateState(s));
                }
                Some(Err(e)) => auth::check_lost(td, &e),
                None => {}
            }
            match me {
                Ok(users) => {
                    let e = &mut *td.engine;
                    e.users.on_users(&users, td.out, &e.store);
                }
                Err(e) => auth::check_lost(td, &e),
            }
            td.engine.connection.end_update(td.out);
            if known {
                crate::updates::difference::start(td);
            }
            td.engine.flush();
        });
    });
}
