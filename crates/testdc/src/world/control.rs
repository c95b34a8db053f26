//! What the control interface (CONTROL.md) does to the world: making accounts and bots,
//! sending as anyone, and reading state.

use super::accounts::check_names;
use super::error::{fail, RpcError};
use super::ids::{ChannelId, ChatId, DcId, MessageBox, Peer, UserId};
use super::message::{Message, COLUMNS};
use super::messages::{Content, Sent};
use super::phone::{home_dc, normalize_phone};
use super::usernames::validate_username;
use super::{Caller, User, World, WorldResult};

/// Length of the secret half of a bot token.
const BOT_SECRET_LEN: usize = 35;
/// Where bots live unless told otherwise.
const BOT_DEFAULT_DC: DcId = 2;

/// POST /users.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewUser {
    pub phone: String,
    pub first_name: String,
    pub last_name: String,
    pub username: Option<String>,
    /// Enables 2FA with this password.
    pub password: Option<String>,
}

/// POST /bots.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewBot {
    pub first_name: String,
    /// Must end in "bot", like Telegram's.
    pub username: Option<String>,
    pub dc_id: Option<DcId>,
}

/// Where POST /messages sends to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ControlTarget {
    User(UserId),
    Chat(ChatId),
    Channel(ChannelId),
}

impl Caller {
    /// The control interface acting as `user`: no auth key of theirs is spared the pushes.
    pub fn control(user_id: UserId) -> Caller {
        Caller {
            user_id,
            auth_key_id: 0,
        }
    }
}

impl World {
    /// Creates an account the way sign-up would (home DC by the test-number rule).
    pub fn create_user(&mut self, new: &NewUser, now: i32) -> WorldResult<User> {
        let phone = normalize_phone(&new.phone)?;
        let (first, last) = check_names(&new.first_name, &new.last_name)?;
        if let Some(name) = new.username.as_deref() {
            validate_username(name)?;
        }
        self.atomically(|w| {
            if w.user_by_phone(&phone)?.is_some() {
                return fail(RpcError::PhoneNumberOccupied);
            }
            let dc = home_dc(&phone, w.config.dc_count);
            let id = w.insert_user(Some(&phone), &first, &last, None, dc, now)?;
            if let Some(name) = new.username.as_deref() {
                w.claim_username(Peer::User(id), Some(name))?;
            }
            if let Some(password) = new.password.as_deref() {
                w.set_password_plain(id, password, "")?;
            }
            w.existing_user(id)
        })
    }

    /// Creates a bot; returns it and its token `ID:SECRET`.
    pub fn create_bot(&mut self, new: &NewBot, now: i32) -> WorldResult<(User, String)> {
        let (first, _) = check_names(&new.first_name, "")?;
        let dc = new
            .dc_id
            .unwrap_or(BOT_DEFAULT_DC.min(self.config.dc_count));
        if !(1..=self.config.dc_count).contains(&dc) {
            return fail(RpcError::DcIdInvalid);
        }
        if let Some(name) = new.username.as_deref() {
            validate_username(name)?;
            if !name.to_ascii_lowercase().ends_with("bot") {
                return fail(RpcError::UsernameInvalid);
            }
        }
        self.atomically(|w| {
            let secret = w.random_hex(BOT_SECRET_LEN);
            let id = w.insert_user(None, &first, "", Some(&secret), dc, now)?;
            if let Some(name) = new.username.as_deref() {
                w.claim_username(Peer::User(id), Some(name))?;
            }
            Ok((w.existing_user(id)?, format!("{id}:{secret}")))
        })
    }

    /// Sends `text` as `from` (POST /messages); every session of everyone involved gets it.
    pub fn control_send(
        &mut self,
        from: UserId,
        to: ControlTarget,
        text: &str,
        now: i32,
    ) -> WorldResult<Sent> {
        self.existing_user(from)?;
        let peer = match to {
            ControlTarget::User(user) => {
                self.existing_user(user)?;
                Peer::User(user)
            }
            ControlTarget::Chat(chat) => {
                if self.chat(chat)?.is_none() {
                    return fail(RpcError::ChatIdInvalid);
                }
                Peer::Chat(chat)
            }
            ControlTarget::Channel(channel) => {
                self.existing_channel(channel)?;
                Peer::Channel(channel)
            }
        };
        super::messages::check_text(text, &[])?;
        if text.trim().is_empty() {
            return fail(RpcError::MessageEmpty);
        }
        let content = Content {
            text: text.to_string(),
            ..Content::default()
        };
        self.atomically(|w| w.send_content(Caller::control(from), peer, &content, None, now))
    }

    /// GET /messages: `user`'s messages (with `peer` only, if given), newest first.
    pub fn control_messages(
        &self,
        user: UserId,
        peer: Option<Peer>,
        limit: i32,
    ) -> WorldResult<Vec<Message>> {
        let limit = i64::from(limit.clamp(0, 1000));
        match peer {
            Some(Peer::Channel(channel)) => self.query_messages(
                &format!("SELECT {COLUMNS} FROM messages WHERE box = ?1 ORDER BY id DESC LIMIT ?2"),
                rusqlite::params![MessageBox::Channel(channel).key(), limit],
                user,
            ),
            Some(peer) => {
                let (kind, id) = peer.to_columns();
                self.query_messages(
                    &format!(
                        "SELECT {COLUMNS} FROM messages WHERE box = ?1 AND peer_kind = ?2 AND peer_id = ?3
                         ORDER BY id DESC LIMIT ?4"
                    ),
                    rusqlite::params![user, kind, id, limit],
                    user,
                )
            }
            None => self.query_messages(
                &format!("SELECT {COLUMNS} FROM messages WHERE box = ?1 ORDER BY id DESC LIMIT ?2"),
                rusqlite::params![user, limit],
                user,
            ),
        }
    }
}
