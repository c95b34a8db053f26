//! Accounts: users (people and bots), their profiles, and how each viewer sees them.

use rusqlite::{params, OptionalExtension, Row};

use super::error::{fail, RpcError};
use super::ids::{DcId, InputUser, UserId};
use super::updates::Update;
use super::{Caller, World, WorldResult};

/// Longest first/last name Telegram accepts.
const NAME_MAX_CHARS: usize = 64;
const ABOUT_MAX_CHARS: usize = 70;

/// An account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    /// Digits only; bots have none.
    pub phone: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub username: Option<String>,
    pub about: String,
    pub is_bot: bool,
    /// The home DC: where the account signs in.
    pub dc_id: DcId,
    pub created: i32,
    pub has_password: bool,
}

/// A user as one viewer sees them (TL `user`): names may be the viewer's contact names,
/// the phone only when shared, and the access hash is the viewer's own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserView {
    pub id: UserId,
    pub access_hash: i64,
    pub first_name: String,
    pub last_name: String,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub is_self: bool,
    pub is_contact: bool,
    pub is_mutual_contact: bool,
    pub is_bot: bool,
}

/// users.getFullUser's extra fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FullUser {
    pub user: UserView,
    pub about: String,
    pub common_chats_count: i32,
}

const COLUMNS: &str = "id, phone, first_name, last_name, username, about, is_bot, dc_id, created,
     EXISTS (SELECT 1 FROM passwords p WHERE p.user_id = users.id AND p.verifier IS NOT NULL)";

fn from_row(row: &Row) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        phone: row.get(1)?,
        first_name: row.get(2)?,
        last_name: row.get(3)?,
        username: row.get(4)?,
        about: row.get(5)?,
        is_bot: row.get(6)?,
        dc_id: row.get(7)?,
        created: row.get(8)?,
        has_password: row.get(9)?,
    })
}

/// FIRSTNAME_INVALID / LASTNAME_INVALID as Telegram checks them; returns trimmed names.
pub(crate) fn check_names(first: &str, last: &str) -> Result<(String, String), RpcError> {
    let first = first.trim();
    let last = last.trim();
    if first.is_empty() || first.chars().count() > NAME_MAX_CHARS {
        return Err(RpcError::FirstnameInvalid);
    }
    if last.chars().count() > NAME_MAX_CHARS {
        return Err(RpcError::LastnameInvalid);
    }
    Ok((first.to_string(), last.to_string()))
}

impl World {
    /// Creates an account and its update state.
    pub(crate) fn insert_user(
        &mut self,
        phone: Option<&str>,
        first_name: &str,
        last_name: &str,
        bot_secret: Option<&str>,
        dc_id: DcId,
        now: i32,
    ) -> WorldResult<UserId> {
        let id = self.store.next(crate::store::Counter::UserId)?;
        self.db()
            .prepare_cached(
                "INSERT INTO users (id, phone, first_name, last_name, is_bot, bot_secret, dc_id, created)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                id,
                phone,
                first_name,
                last_name,
                bot_secret.is_some(),
                bot_secret,
                dc_id,
                now
            ])?;
        self.ensure_update_state(id, now)?;
        Ok(id)
    }

    pub fn user(&self, id: UserId) -> WorldResult<Option<User>> {
        Ok(self
            .db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM users WHERE id = ?1"))?
            .query_row([id], from_row)
            .optional()?)
    }

    pub(crate) fn existing_user(&self, id: UserId) -> WorldResult<User> {
        match self.user(id)? {
            Some(user) => Ok(user),
            None => fail(RpcError::UserIdInvalid),
        }
    }

    pub fn user_by_phone(&self, phone: &str) -> WorldResult<Option<User>> {
        Ok(self
            .db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM users WHERE phone = ?1"))?
            .query_row([phone], from_row)
            .optional()?)
    }

    /// Every account, oldest first.
    pub fn users(&self) -> WorldResult<Vec<User>> {
        let mut stmt = self
            .db()
            .prepare_cached(&format!("SELECT {COLUMNS} FROM users ORDER BY id"))?;
        let users = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(users)
    }

    /// `user` as `viewer` sees them.
    pub fn user_view(&self, viewer: UserId, user: UserId) -> WorldResult<UserView> {
        let account = self.existing_user(user)?;
        let mine = self.contact_names(viewer, user)?;
        let theirs = self.contact_names(user, viewer)?.is_some();
        let is_self = viewer == user;
        let (first_name, last_name) = match &mine {
            Some((first, last)) if !is_self => (first.clone(), last.clone()),
            _ => (account.first_name, account.last_name),
        };
        let phone_visible = is_self || mine.is_some() || theirs;
        Ok(UserView {
            id: user,
            access_hash: self.user_access_hash(viewer, user),
            first_name,
            last_name,
            username: account.username,
            phone: account.phone.filter(|_| phone_visible),
            is_self,
            is_contact: mine.is_some(),
            is_mutual_contact: mine.is_some() && theirs,
            is_bot: account.is_bot,
        })
    }

    /// The views of `users` that exist, in the given order, without duplicates.
    pub fn user_views(&self, viewer: UserId, users: &[UserId]) -> WorldResult<Vec<UserView>> {
        let mut seen = std::collections::HashSet::new();
        let mut views = Vec::new();
        for &id in users {
            if seen.insert(id) && self.user(id)?.is_some() {
                views.push(self.user_view(viewer, id)?);
            }
        }
        Ok(views)
    }

    /// An InputUser from `viewer`, checked: unknown users and wrong access hashes are
    /// USER_ID_INVALID.
    pub fn resolve_input_user(&self, viewer: UserId, input: InputUser) -> WorldResult<UserId> {
        match input {
            InputUser::SelfUser => Ok(viewer),
            InputUser::User {
                user_id,
                access_hash,
            } => {
                if self.user(user_id)?.is_some()
                    && (user_id == viewer || access_hash == self.user_access_hash(viewer, user_id))
                {
                    Ok(user_id)
                } else {
                    fail(RpcError::UserIdInvalid)
                }
            }
            InputUser::Empty => fail(RpcError::UserIdInvalid),
        }
    }

    /// users.getFullUser.
    pub fn full_user(&self, viewer: UserId, user: UserId) -> WorldResult<FullUser> {
        let view = self.user_view(viewer, user)?;
        let about = self.existing_user(user)?.about;
        let common_chats_count = if viewer == user {
            0
        } else {
            self.common_chats_count(viewer, user)?
        };
        Ok(FullUser {
            user: view,
            about,
            common_chats_count,
        })
    }

    /// account.updateProfile: `None` leaves a field as it is.
    pub fn update_profile(
        &mut self,
        caller: Caller,
        first_name: Option<&str>,
        last_name: Option<&str>,
        about: Option<&str>,
        now: i32,
    ) -> WorldResult<UserView> {
        self.atomically(|w| {
            let account = w.existing_user(caller.user_id)?;
            let (first, last) = check_names(
                first_name.unwrap_or(&account.first_name),
                last_name.unwrap_or(&account.last_name),
            )?;
            let about = about.unwrap_or(&account.about).trim().to_string();
            if about.chars().count() > ABOUT_MAX_CHARS {
                return fail(RpcError::AboutTooLong);
            }
            w.db()
                .prepare_cached(
                    "UPDATE users SET first_name = ?2, last_name = ?3, about = ?4 WHERE id = ?1",
                )?
                .execute(params![caller.user_id, first, last, about])?;
            if first != account.first_name || last != account.last_name {
                w.push_user_change(caller, now)?;
            }
            w.user_view(caller.user_id, caller.user_id)
        })
    }

    /// Tells the caller's sessions that their name or username changed. The requesting one
    /// too: its answer is a `User`, not updates, and the update takes a seq every session
    /// must see.
    pub(crate) fn push_user_change(&mut self, caller: Caller, now: i32) -> WorldResult<()> {
        let user = self.existing_user(caller.user_id)?;
        self.push_unstamped(
            caller.user_id,
            None,
            Update::UserName {
                user_id: user.id,
                first_name: user.first_name,
                last_name: user.last_name,
                username: user.username,
            },
            now,
        )
    }
}
