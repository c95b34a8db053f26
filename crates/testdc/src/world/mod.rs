//! The server's state and Telegram's rules, as plain domain types (no TL).
//!
//! One `World` serves every DC of the server. Operations are short and synchronous; the
//! network side shares it as `Arc<Mutex<World>>`, calls one operation, then takes the
//! updates to push with [`World::drain_pushes`]. Time always comes in as a parameter
//! (unix seconds), so tests are deterministic.
//!
//! How the network side uses it:
//! - after a key exchange: [`World::register_auth_key`] (and [`World::bind_temp_auth_key`]);
//! - per request: [`crate::rpc::handle`] (which calls [`World::caller`] and the operations),
//!   then [`World::drain_pushes`]; each [`Push`] goes to the online sessions of its
//!   [`PushTarget`], as TL via [`crate::rpc::out::updates::push`];
//! - the control interface calls [`World::create_user`], [`World::create_bot`],
//!   [`World::control_send`], [`World::users`], [`World::user_auth_keys`],
//!   [`World::control_messages`], [`World::chats`] and [`World::channels`] directly.
//!
//! Errors are [`RpcError`]s (Telegram's code and text) or storage failures, which clients
//! see as `500 INTERNAL`.

mod access;
mod accounts;
mod auth_keys;
mod authorizations;
mod bots;
mod channel_admin;
mod channel_delete;
mod channels;
mod chat_admin;
mod chat_delete;
mod chats;
mod contact_search;
mod contacts;
mod control;
mod dialog_pins;
mod dialogs;
mod drafts;
mod error;
mod files;
mod history;
mod ids;
mod invites;
mod login;
mod mentions;
mod message;
mod messages;
mod migrate;
mod password;
mod peers;
mod permissions;
mod phone;
mod qr_login;
mod rights;
mod srp;
mod terms;
mod transfer;
mod updates;
mod usernames;

use std::path::Path;

use rand::rngs::StdRng;
use rand::{RngCore, SeedableRng};

use crate::store::{Store, StoreError};

pub use accounts::{FullUser, User, UserView};
pub use auth_keys::{AuthKey, Caller};
pub use authorizations::{Authorization, ClientInfo, AUTHORIZATION_TTL_DAYS};
pub use channel_admin::ParticipantStatus;
pub use channel_delete::ChannelCleared;
pub use channels::{ChannelInfo, ChannelParticipant, ChannelRole, ChannelView};
pub use chat_delete::OwnDeletion;
pub use chats::{ChatInfo, ChatView};
pub use contact_search::Found;
pub use contacts::{Contact, ImportedContacts, PhoneContact};
pub use control::{ControlTarget, NewBot, NewUser};
pub use dialogs::{Dialog, DialogsPage, DialogsQuery};
pub use drafts::Draft;
pub use error::{RpcError, WorldError, WorldResult, BATCH_MAX};
pub use files::{FileChunk, FileLocation, InputFile, InputMedia};
pub use history::{HistoryPage, HistoryQuery, SearchQuery};
pub use ids::{
    AuthKeyId, ChannelId, ChatId, DcId, InputChannel, InputPeer, InputUser, MessageBox, Peer,
    UserId,
};
pub use invites::{Invite, Joined, NewInvite};
pub use login::{CodeDelivery, SentCode, SignIn, RESEND_TIMEOUT};
pub use message::{
    Document, DocumentAttribute, Entity, EntityKind, ForwardHeader, Media, Message, Photo,
    PhotoSize, ServiceAction,
};
pub use messages::{
    Affected, AffectedHistory, HistoryDeletion, NewMessage, PinRequest, Pinned, Sent,
};
pub use migrate::Migrated;
pub use password::{NewPasswordSettings, PasswordAlgo, PasswordCheck, PasswordState};
pub use phone::{check_phone_dc, home_dc, login_code, normalize_phone};
pub use qr_login::LoginToken;
pub use rights::{AdminRights, BannedRights};
pub use srp::{standard_prime, MtprotoSrp, PasswordMath, STANDARD_G, STANDARD_PRIME};
pub use terms::{terms_of_service, TermsOfService, TERMS_ID};
pub use transfer::ExportedAuthorization;
pub use updates::ForcedTooLong;
pub use updates::{
    ChannelDifference, Difference, Notice, PtsStamp, Push, PushTarget, Stamped, Update, UpdateState,
};

/// Tunables; `Config::default()` is what the server runs with.
#[derive(Clone, Debug)]
pub struct Config {
    /// DCs 1..=dc_count exist.
    pub dc_count: DcId,
    /// Seconds a login code stays valid.
    pub code_ttl: i32,
    /// Seconds a QR login token stays valid.
    pub login_token_ttl: i32,
    /// Events per updates.getDifference answer before it becomes a differenceSlice.
    pub difference_slice: usize,
    /// A pts gap larger than this answers differenceTooLong.
    pub difference_too_long: i32,
    /// Default and maximum events per getChannelDifference answer (more: a non-final slice).
    pub channel_difference_limit: i32,
    /// A channel pts gap larger than this answers channelDifferenceTooLong.
    pub channel_difference_too_long: i32,
    /// Maximum messages per history, search or dialogs page.
    pub page_limit: i32,
    /// Messages one messages.deleteHistory call deletes at most (the rest: `offset`).
    pub history_delete_batch: usize,
    /// Seed for every random value the world draws; `None` draws from the OS.
    pub seed: Option<u64>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            dc_count: 3,
            code_ttl: 600,
            login_token_ttl: 30,
            difference_slice: 100,
            difference_too_long: 100_000,
            channel_difference_limit: 100,
            channel_difference_too_long: 1000,
            page_limit: 100,
            history_delete_batch: 100,
            seed: None,
        }
    }
}

/// The whole server state.
pub struct World {
    store: Store,
    config: Config,
    rng: StdRng,
    /// Keys the deterministic hashes (access hashes, file references); kept across restarts.
    secret: [u8; 32],
    srp: Box<dyn PasswordMath>,
    outbox: Vec<Push>,
    /// Where the current request's pushes start in `outbox`.
    call_start: usize,
    in_transaction: bool,
    /// When each auth key's activity was last written (see [`World::note_activity`]).
    activity: std::collections::HashMap<AuthKeyId, i32>,
    /// Keys signed out by account.resetAuthorization, for the network side.
    revoked: Vec<AuthKeyId>,
    /// Differences armed to answer "too long" (control interface faults).
    forced_too_long: std::collections::HashSet<updates::ForcedTooLong>,
}

impl World {
    /// Opens the world kept in `data_dir` (or a fresh in-memory one).
    pub fn open(
        data_dir: Option<&Path>,
        config: Config,
        srp: Box<dyn PasswordMath>,
    ) -> Result<World, StoreError> {
        let store = Store::open(data_dir)?;
        let mut rng = match config.seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_entropy(),
        };
        let secret = match store.meta_blob("server_secret")? {
            Some(bytes) if bytes.len() == 32 => {
                let mut secret = [0u8; 32];
                secret.copy_from_slice(&bytes);
                secret
            }
            _ => {
                let mut secret = [0u8; 32];
                rng.fill_bytes(&mut secret);
                store.set_meta_blob("server_secret", &secret)?;
                secret
            }
        };
        Ok(World {
            store,
            config,
            rng,
            secret,
            srp,
            outbox: Vec::new(),
            call_start: 0,
            in_transaction: false,
            activity: std::collections::HashMap::new(),
            revoked: Vec::new(),
            forced_too_long: std::collections::HashSet::new(),
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The tunables the control interface may change while the server runs.
    pub fn config_mut(&mut self) -> &mut Config {
        &mut self.config
    }

    /// Updates produced since the last call, for the network side to deliver.
    pub fn drain_pushes(&mut self) -> Vec<Push> {
        self.call_start = 0;
        std::mem::take(&mut self.outbox)
    }

    pub(crate) fn db(&self) -> &rusqlite::Connection {
        self.store.conn()
    }

    /// Runs `f` in one SQLite transaction: all of it is stored, or none of it (and the
    /// pushes it queued are dropped). Nested calls join the outer transaction.
    pub(crate) fn atomically<T>(
        &mut self,
        f: impl FnOnce(&mut World) -> WorldResult<T>,
    ) -> WorldResult<T> {
        if self.in_transaction {
            return f(self);
        }
        self.db().execute_batch("BEGIN IMMEDIATE")?;
        self.in_transaction = true;
        let queued = self.outbox.len();
        let result = f(self);
        self.in_transaction = false;
        let result = match result {
            Ok(value) => match self.db().execute_batch("COMMIT") {
                Ok(()) => return Ok(value),
                Err(e) => Err(e.into()),
            },
            Err(e) => Err(e),
        };
        // Best effort: the original error is what the caller must see.
        let _ = self.db().execute_batch("ROLLBACK");
        self.outbox.truncate(queued);
        result
    }

    pub(crate) fn random_bytes(&mut self, len: usize) -> Vec<u8> {
        let mut bytes = vec![0u8; len];
        self.rng.fill_bytes(&mut bytes);
        bytes
    }

    /// A random positive i64, for ids that must not be guessable (files, srp ids).
    pub(crate) fn random_id(&mut self) -> i64 {
        loop {
            let id = (self.rng.next_u64() >> 1) as i64;
            if id != 0 {
                return id;
            }
        }
    }

    pub(crate) fn random_hex(&mut self, len: usize) -> String {
        self.random_bytes(len.div_ceil(2))
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()[..len]
            .to_string()
    }
}
