//! QR login: a signed-out key exports a token, a signed-in user accepts it, and the key is
//! signed in as that user (via importLoginToken on the user's home DC if it differs).

use rusqlite::{params, OptionalExtension};

use super::error::{fail, RpcError};
use super::ids::{AuthKeyId, DcId, UserId};
use super::updates::Update;
use super::{Authorization, Caller, UserView, World, WorldResult};

const TOKEN_LEN: usize = 32;

/// auth.LoginToken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoginToken {
    /// Show this token (tg://login?token=base64url) until `expires`.
    Token {
        token: Vec<u8>,
        expires: i32,
    },
    /// The accepting user lives on `dc_id`: import `token` there.
    MigrateTo {
        dc_id: DcId,
        token: Vec<u8>,
    },
    Success(UserView),
}

struct StoredToken {
    token: Vec<u8>,
    auth_key_id: AuthKeyId,
    dc_id: DcId,
    expires: i32,
    accepted_by: Option<UserId>,
    import_user_id: Option<UserId>,
}

const COLUMNS: &str = "token, auth_key_id, dc_id, expires, accepted_by, import_user_id";

fn from_row(row: &rusqlite::Row) -> rusqlite::Result<StoredToken> {
    Ok(StoredToken {
        token: row.get(0)?,
        auth_key_id: row.get(1)?,
        dc_id: row.get(2)?,
        expires: row.get(3)?,
        accepted_by: row.get(4)?,
        import_user_id: row.get(5)?,
    })
}

impl World {
    fn token_by_bytes(&self, token: &[u8]) -> WorldResult<Option<StoredToken>> {
        Ok(self
            .db()
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM login_tokens WHERE token = ?1"
            ))?
            .query_row([token], from_row)
            .optional()?)
    }

    fn delete_token(&self, token: &[u8]) -> WorldResult<()> {
        self.db()
            .prepare_cached("DELETE FROM login_tokens WHERE token = ?1")?
            .execute([token])?;
        Ok(())
    }

    /// Signs `user` in on `auth_key_id`, or leaves it waiting for the 2FA password.
    fn finish_token_login(
        &mut self,
        auth_key_id: AuthKeyId,
        user: UserId,
        now: i32,
    ) -> WorldResult<Result<LoginToken, RpcError>> {
        if self.has_password(user)? {
            self.set_pending_user(auth_key_id, user, now)?;
            return Ok(Err(RpcError::SessionPasswordNeeded));
        }
        self.bind_user(auth_key_id, user, now)?;
        Ok(Ok(LoginToken::Success(self.user_view(user, user)?)))
    }

    /// auth.exportLoginToken: a fresh token, or the outcome once one was accepted.
    pub fn export_login_token(
        &mut self,
        auth_key_id: AuthKeyId,
        now: i32,
    ) -> WorldResult<LoginToken> {
        let dc = self.key_dc(auth_key_id)?;
        let outcome = self.atomically(|w| {
            let accepted = w
                .db()
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM login_tokens
                     WHERE auth_key_id = ?1 AND accepted_by IS NOT NULL AND import_user_id IS NULL"
                ))?
                .query_row([auth_key_id], from_row)
                .optional()?;
            if let Some(stored) = accepted {
                let user = w.existing_user(stored.accepted_by.unwrap_or_default())?;
                w.delete_token(&stored.token)?;
                if user.dc_id != dc {
                    let token = w.random_bytes(TOKEN_LEN);
                    w.db()
                        .prepare_cached(
                            "INSERT INTO login_tokens (token, auth_key_id, dc_id, expires, import_user_id)
                             VALUES (?1, ?2, ?3, ?4, ?5)",
                        )?
                        .execute(params![token, auth_key_id, user.dc_id, now + w.config.login_token_ttl, user.id])?;
                    return Ok(Ok(LoginToken::MigrateTo {
                        dc_id: user.dc_id,
                        token,
                    }));
                }
                return w.finish_token_login(auth_key_id, user.id, now);
            }
            if let Some(user) = w.authorized_user(auth_key_id)? {
                return Ok(Ok(LoginToken::Success(w.user_view(user, user)?)));
            }
            w.db()
                .prepare_cached("DELETE FROM login_tokens WHERE auth_key_id = ?1 AND import_user_id IS NULL")?
                .execute([auth_key_id])?;
            let token = w.random_bytes(TOKEN_LEN);
            let expires = now + w.config.login_token_ttl;
            w.db()
                .prepare_cached(
                    "INSERT INTO login_tokens (token, auth_key_id, dc_id, expires) VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![token, auth_key_id, dc, expires])?;
            Ok(Ok(LoginToken::Token { token, expires }))
        })?;
        Ok(outcome?)
    }

    /// auth.acceptLoginToken by a signed-in user; the token's key gets updateLoginToken.
    /// The answer describes the session the token's key now is (with the device its client
    /// reported); one that must still move to the user's home DC is not signed in yet.
    pub fn accept_login_token(
        &mut self,
        caller: Caller,
        token: &[u8],
        now: i32,
    ) -> WorldResult<Authorization> {
        self.atomically(|w| {
            let stored = match w.token_by_bytes(token)? {
                Some(stored) if stored.import_user_id.is_none() => stored,
                _ => return fail(RpcError::AuthTokenInvalid),
            };
            if stored.expires < now {
                return fail(RpcError::AuthTokenExpired);
            }
            if stored.accepted_by.is_some() {
                return fail(RpcError::AuthTokenAlreadyAccepted);
            }
            w.db()
                .prepare_cached("UPDATE login_tokens SET accepted_by = ?2 WHERE token = ?1")?
                .execute(params![token, caller.user_id])?;
            let user = w.existing_user(caller.user_id)?;
            if user.dc_id == stored.dc_id {
                // Sign the key in now; the token stays so exportLoginToken reports success.
                if let Err(e) = w.finish_token_login(stored.auth_key_id, user.id, now)? {
                    debug_assert_eq!(e, RpcError::SessionPasswordNeeded);
                }
            }
            w.push_to_auth_key(stored.auth_key_id, Update::LoginToken, now);
            let mut session = w.authorization_of(stored.auth_key_id, now)?;
            let signed_in = w.authorized_user(stored.auth_key_id)? == Some(user.id);
            session.password_pending = !signed_in && user.has_password;
            Ok(session)
        })
    }

    /// auth.importLoginToken on the accepting user's home DC.
    pub fn import_login_token(
        &mut self,
        auth_key_id: AuthKeyId,
        token: &[u8],
        now: i32,
    ) -> WorldResult<LoginToken> {
        let dc = self.key_dc(auth_key_id)?;
        let outcome = self.atomically(|w| {
            let (stored, user) = match w.token_by_bytes(token)? {
                Some(stored) => match stored.import_user_id {
                    Some(user) => (stored, user),
                    None => return fail(RpcError::AuthTokenInvalid),
                },
                None => return fail(RpcError::AuthTokenInvalid),
            };
            if stored.expires < now {
                return fail(RpcError::AuthTokenExpired);
            }
            if stored.dc_id != dc {
                return fail(RpcError::AuthTokenInvalid);
            }
            w.delete_token(&stored.token)?;
            w.finish_token_login(auth_key_id, user, now)
        })?;
        Ok(outcome?)
    }
}
