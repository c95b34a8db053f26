//! Starting an engine: the database opened off the caller's thread, then what the client
//! knew before (its account, its home DC, its keys) announced and its network started.

use td_api::UpdateOption;

use super::{Engine, Td};
use crate::auth::{Auth, AuthState};
use crate::client::options::Value;
use crate::net::dc::{DcDirectory, DcOption};
use crate::net::{Net, NetConfig};
use crate::storage::database::{self, ClientDb, DbError, Loaded};
use crate::storage::lock::DirLock;
use crate::storage::Store;
use crate::users::Users;

/// A client database, opened and read.
pub struct Opened {
    db: ClientDb,
    lock: DirLock,
    loaded: Loaded,
    me: Option<Vec<u8>>,
    directory: DcDirectory,
}

/// The error setTdlibParameters answers for a key that doesn't open the database.
pub const WRONG_KEY: &str = "Wrong database encryption key";

/// Opens the database of `params` (blocking; runs on the runtime).
pub fn open(params: &super::Params) -> Result<Opened, td_api::Error> {
    let mut directory = DcDirectory::from_env(params.use_test_dc).map_err(|e| td_api::Error {
        code: 400,
        message: e.to_string(),
    })?;
    let path = database::path_in(&params.database_directory, params.use_test_dc);
    // TDLib takes an empty key as the key "cucumber": both open the same database.
    let lock = DirLock::take(&path).map_err(|e| td_api::Error {
        code: 400,
        message: e.to_string(),
    })?;
    let key: &[u8] = match params.database_encryption_key.as_slice() {
        b"cucumber" => b"",
        key => key,
    };
    let db = ClientDb::open(&path, key).map_err(|e| match e {
        DbError::WrongKey => td_api::Error {
            code: 401,
            message: WRONG_KEY.into(),
        },
        e => td_api::Error {
            code: 400,
            message: format!("Can't open database: {e}"),
        },
    })?;
    let read = |db: &ClientDb| -> Result<(Loaded, Option<Vec<u8>>), DbError> {
        let loaded = db.load()?;
        let me = match loaded.my_id {
            Some(id) => db.user(id)?,
            None => None,
        };
        Ok((loaded, me))
    };
    let (loaded, me) = read(&db).map_err(|e| td_api::Error {
        code: 400,
        message: format!("Can't open database: {e}"),
    })?;
    let stored: Vec<DcOption> = loaded
        .dc_options
        .iter()
        .map(|(dc_id, ip, port)| DcOption {
            dc_id: *dc_id,
            ip: ip.clone(),
            port: *port,
        })
        .collect();
    // A local testdc is found through TDJSON_TEST_DC each start (its ports may have moved);
    // its other DCs come from help.getConfig again.
    if !directory.is_local {
        directory.apply(&stored);
    }
    Ok(Opened {
        db,
        lock,
        loaded,
        me,
        directory,
    })
}

/// The engine of client `id`, its network connecting in the background.
pub fn engine(
    id: i32,
    params: super::Params,
    opened: Opened,
    out: crate::client::session::Outbox,
) -> Engine {
    let Opened {
        db,
        lock,
        loaded,
        me,
        directory,
    } = opened;
    let store = Store::new(db, lock);
    let default_main = if directory.is_local { 1 } else { 2 };
    let main_dc = loaded.main_dc.unwrap_or(default_main);
    let authorized_dcs = if loaded.authorized {
        loaded.authorized_dcs.clone()
    } else {
        Vec::new()
    };
    let net = Net::start(NetConfig {
        client_id: id,
        directory,
        main_dc,
        authorized_dcs,
        init: params.init(),
        store: store.clone(),
        events: Box::new(move |event| {
            super::with(id, |td| super::updates::on_net_event(td, event));
        }),
    });
    let mut users = Users::default();
    users.persist = params.use_chat_info_database;
    let state = if loaded.authorized {
        users.set_my_id(loaded.my_id);
        AuthState::Ready
    } else if loaded.logging_out {
        AuthState::LoggingOut
    } else {
        AuthState::WaitPhoneNumber
    };
    let chat_info = params.use_chat_info_database;
    let message_db = params.use_message_database;
    let mut auth = Auth::new(state);
    auth.stored_me = me;
    let files = crate::files::Files::new(
        params.files_directory.clone(),
        params.use_file_database,
        store.clone(),
    );
    let mut engine = Engine {
        id,
        out,
        net,
        store,
        params,
        auth,
        users,
        groups: crate::groups::Groups::new(chat_info),
        chats: crate::chats::Chats::new(message_db),
        messages: crate::messages::Messages::new(message_db),
        files,
        sending: Default::default(),
        updates: Default::default(),
        writes: Vec::new(),
        connection: super::connection_state::ConnectionTracker::new(id),
        ending: None,
        synced_once: false,
    };
    load_stored_chats(&mut engine);
    engine
}

/// With the message database: every chat's state (small), and whether each list was
/// loaded to its end. Their peers and messages are read when needed.
fn load_stored_chats(e: &mut Engine) {
    if !e.chats.persist || !e.auth.is_ready() {
        return;
    }
    if let Some(rows) = e.store.with(|db| db.all_chats()) {
        for row in &rows {
            e.chats.load_stored(row);
        }
    }
    for folder in 0..2 {
        let complete = e.store.with(|db| db.list_complete(folder)).unwrap_or(false);
        e.chats.lists[folder as usize].server_complete = complete;
    }
}

/// What a signed-in client knew: my_id and its own user, before it says Ready.
pub fn announce_stored(td: &mut Td<'_>) {
    let Some(my_id) = td.engine.users.my_id() else {
        return;
    };
    if let Some((name, value)) = td.options.set_internal("my_id", Value::Int(my_id)) {
        td.out.update(UpdateOption {
            name,
            value: Some(value),
        });
    }
    if let Some(bytes) = td.engine.auth.stored_me.take() {
        let e = &mut *td.engine;
        e.users.load_stored(&bytes, td.out, &e.store);
    }
    td.engine.net.set_bot(td.engine.users.is_bot());
}

/// After setTdlibParameters' answer: a log out that a killed process left unfinished goes on.
pub fn begin(td: &mut Td<'_>) {
    if td.engine.auth.state == AuthState::LoggingOut {
        crate::auth::log_out::continue_log_out(td);
    }
}
