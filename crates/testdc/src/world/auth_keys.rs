//! Auth keys: registered after the key exchange, bound to a user by a sign-in, unbound by
//! logOut. A temporary key (PFS) is bound to a permanent one and acts as it.

use rusqlite::{params, OptionalExtension, Row};

use super::error::{fail, RpcError};
use super::ids::{AuthKeyId, DcId, UserId};
use super::{World, WorldResult};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthKey {
    pub id: AuthKeyId,
    /// The 256-byte key.
    pub key: Vec<u8>,
    pub dc_id: DcId,
    pub created: i32,
    /// Set for temporary keys.
    pub expires_at: Option<i32>,
    /// For a temporary key: the permanent key it is bound to.
    pub perm_key_id: Option<AuthKeyId>,
    /// The signed-in user (permanent keys).
    pub user_id: Option<UserId>,
    /// Right code given, the 2FA password still missing.
    pub pending_user_id: Option<UserId>,
}

/// Who makes a request: an authorized user, through one auth key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caller {
    pub user_id: UserId,
    pub auth_key_id: AuthKeyId,
}

const COLUMNS: &str =
    "auth_key_id, auth_key, dc_id, created, expires_at, perm_key_id, user_id, pending_user_id";

fn from_row(row: &Row) -> rusqlite::Result<AuthKey> {
    Ok(AuthKey {
        id: row.get(0)?,
        key: row.get(1)?,
        dc_id: row.get(2)?,
        created: row.get(3)?,
        expires_at: row.get(4)?,
        perm_key_id: row.get(5)?,
        user_id: row.get(6)?,
        pending_user_id: row.get(7)?,
    })
}

impl World {
    /// Records a key made by a key exchange on `dc_id`. Registering the same id again with
    /// the same key is a no-op; a different key under a known id replaces the old one and
    /// its authorization (ids are 64 bits of SHA1, so this only happens on purpose).
    pub fn register_auth_key(
        &mut self,
        id: AuthKeyId,
        key: &[u8],
        dc_id: DcId,
        now: i32,
        expires_at: Option<i32>,
    ) -> WorldResult<()> {
        if let Some(existing) = self.auth_key(id)? {
            if existing.key == key {
                return Ok(());
            }
        }
        self.db()
            .prepare_cached(
                "INSERT OR REPLACE INTO auth_keys (auth_key_id, auth_key, dc_id, created, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![id, key, dc_id, now, expires_at])?;
        Ok(())
    }

    pub fn auth_key(&self, id: AuthKeyId) -> WorldResult<Option<AuthKey>> {
        Ok(self
            .db()
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM auth_keys WHERE auth_key_id = ?1"
            ))?
            .query_row([id], from_row)
            .optional()?)
    }

    /// auth.bindTempAuthKey: from now on `temp_id` acts as `perm_id`.
    pub fn bind_temp_auth_key(
        &mut self,
        temp_id: AuthKeyId,
        perm_id: AuthKeyId,
        expires_at: i32,
    ) -> WorldResult<()> {
        if self.auth_key(temp_id)?.is_none() {
            return fail(RpcError::TempAuthKeyEmpty);
        }
        match self.auth_key(perm_id)? {
            Some(perm) if perm.perm_key_id.is_none() => {}
            _ => return fail(RpcError::PermAuthKeyEmpty),
        }
        self.db()
            .prepare_cached(
                "UPDATE auth_keys SET perm_key_id = ?2, expires_at = ?3 WHERE auth_key_id = ?1",
            )?
            .execute(params![temp_id, perm_id, expires_at])?;
        self.move_client_info(temp_id, perm_id)?;
        Ok(())
    }

    /// The permanent key behind `id` (itself unless it is a bound temporary key).
    pub(crate) fn perm_key_id(&self, id: AuthKeyId) -> WorldResult<AuthKeyId> {
        Ok(self.auth_key(id)?.and_then(|k| k.perm_key_id).unwrap_or(id))
    }

    /// The user signed in through `id`, if any.
    pub fn authorized_user(&self, id: AuthKeyId) -> WorldResult<Option<UserId>> {
        let perm = self.perm_key_id(id)?;
        Ok(self.auth_key(perm)?.and_then(|k| k.user_id))
    }

    /// The caller behind `id`, or `401 AUTH_KEY_UNREGISTERED` when nobody signed in there.
    pub fn caller(&self, id: AuthKeyId) -> WorldResult<Caller> {
        match self.authorized_user(id)? {
            Some(user_id) => Ok(Caller {
                user_id,
                auth_key_id: id,
            }),
            None => fail(RpcError::AuthKeyUnregistered),
        }
    }

    /// The user whose password this key may check: signed in, or waiting for the password.
    pub fn password_subject(&self, id: AuthKeyId) -> WorldResult<Option<UserId>> {
        let perm = self.perm_key_id(id)?;
        Ok(self
            .auth_key(perm)?
            .and_then(|k| k.user_id.or(k.pending_user_id)))
    }

    /// Every permanent key signed in as `user` (one per DC and device).
    pub fn user_auth_keys(&self, user: UserId) -> WorldResult<Vec<AuthKey>> {
        let mut stmt = self.db().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM auth_keys WHERE user_id = ?1 ORDER BY created, auth_key_id"
        ))?;
        let keys = stmt
            .query_map([user], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(keys)
    }

    /// The DC of a registered key, or `AUTH_KEY_UNREGISTERED` for an unknown one.
    pub(crate) fn key_dc(&self, id: AuthKeyId) -> WorldResult<DcId> {
        match self.auth_key(id)? {
            Some(key) => Ok(key.dc_id),
            None => fail(RpcError::AuthKeyUnregistered),
        }
    }

    /// Signs `user` in on the permanent key behind `id`. A key that was waiting for this
    /// user's password (or was already theirs) keeps its login time: the authorization
    /// (and its hash) is the same one.
    pub(crate) fn bind_user(&mut self, id: AuthKeyId, user: UserId, now: i32) -> WorldResult<()> {
        let perm = self.perm_key_id(id)?;
        let changed = self
            .db()
            .prepare_cached(
                "UPDATE auth_keys SET user_id = ?2, pending_user_id = NULL,
                     signed_in_at = CASE WHEN (user_id = ?2 OR pending_user_id = ?2)
                         AND signed_in_at IS NOT NULL THEN signed_in_at ELSE ?3 END
                 WHERE auth_key_id = ?1",
            )?
            .execute(params![perm, user, now])?;
        if changed == 0 {
            return fail(RpcError::AuthKeyUnregistered);
        }
        self.ensure_update_state(user, now)?;
        Ok(())
    }

    /// Marks the key as past the code, waiting for `user`'s 2FA password. The session list
    /// shows it from now on (password_pending), so its login time starts now.
    pub(crate) fn set_pending_user(
        &mut self,
        id: AuthKeyId,
        user: UserId,
        now: i32,
    ) -> WorldResult<()> {
        let perm = self.perm_key_id(id)?;
        self.db()
            .prepare_cached(
                "UPDATE auth_keys SET pending_user_id = ?2,
                     signed_in_at = CASE WHEN pending_user_id = ?2 AND signed_in_at IS NOT NULL
                         THEN signed_in_at ELSE ?3 END
                 WHERE auth_key_id = ?1",
            )?
            .execute(params![perm, user, now])?;
        Ok(())
    }

    /// auth.logOut: the key stays registered but is no longer signed in.
    pub fn log_out(&mut self, id: AuthKeyId) -> WorldResult<()> {
        let perm = self.perm_key_id(id)?;
        self.db()
            .prepare_cached(
                "UPDATE auth_keys SET user_id = NULL, pending_user_id = NULL, signed_in_at = NULL
                 WHERE auth_key_id = ?1",
            )?
            .execute([perm])?;
        Ok(())
    }

    /// destroy_auth_key: forgets the key (and temporary keys bound to it).
    pub fn destroy_auth_key(&mut self, id: AuthKeyId) -> WorldResult<()> {
        self.db()
            .prepare_cached("DELETE FROM auth_keys WHERE auth_key_id = ?1 OR perm_key_id = ?1")?
            .execute([id])?;
        Ok(())
    }
}
