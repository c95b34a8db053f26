//! 2FA passwords: account.getPassword, the SRP check, and setting, changing or removing a
//! password (account.updatePasswordSettings).

use rusqlite::{params, OptionalExtension};

use super::error::{fail, RpcError};
use super::ids::UserId;
use super::srp::{standard_prime, STANDARD_G};
use super::{World, WorldResult};

/// Server part of new_algo.salt1; the client appends 32 random bytes to it.
const NEW_SALT1_LEN: usize = 8;
const NEW_SALT2_LEN: usize = 16;
const CLIENT_SALT1_EXTRA: usize = 32;
/// SRP sessions (getPassword answers) kept per user.
const SRP_SESSIONS_KEPT: i64 = 8;
const HINT_MAX_CHARS: usize = 128;

/// passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordAlgo {
    pub salt1: Vec<u8>,
    pub salt2: Vec<u8>,
    pub g: i32,
    /// 256 bytes, big-endian.
    pub p: Vec<u8>,
}

/// The password part of account.password when one is set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentPassword {
    pub algo: PasswordAlgo,
    pub srp_b: Vec<u8>,
    pub srp_id: i64,
}

/// account.password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasswordState {
    pub current: Option<CurrentPassword>,
    pub hint: Option<String>,
    /// What a new password must be derived with (salt1 to be extended by the client).
    pub new_algo: PasswordAlgo,
    /// securePasswordKdfAlgoSHA512's salt.
    pub new_secure_salt: Vec<u8>,
    pub secure_random: Vec<u8>,
}

/// InputCheckPasswordSRP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasswordCheck {
    Empty,
    Srp {
        srp_id: i64,
        a: Vec<u8>,
        m1: Vec<u8>,
    },
}

/// account.passwordInputSettings: `algo = None` (passwordKdfAlgoUnknown) or an empty
/// `new_password_hash` removes the password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPasswordSettings {
    pub algo: Option<PasswordAlgo>,
    pub new_password_hash: Vec<u8>,
    pub hint: String,
}

struct StoredPassword {
    current: Option<(PasswordAlgo, Vec<u8>)>,
    hint: String,
    new_salt1: Vec<u8>,
    new_salt2: Vec<u8>,
    secure_salt: Vec<u8>,
}

fn algo(salt1: Vec<u8>, salt2: Vec<u8>) -> PasswordAlgo {
    PasswordAlgo {
        salt1,
        salt2,
        g: STANDARD_G,
        p: standard_prime(),
    }
}

impl World {
    /// The password row of `user`, created (without a password) on first use.
    fn stored_password(&mut self, user: UserId) -> WorldResult<StoredPassword> {
        let row = self
            .db()
            .prepare_cached(
                "SELECT salt1, salt2, verifier, hint, new_salt1, new_salt2, secure_salt
                 FROM passwords WHERE user_id = ?1",
            )?
            .query_row([user], |row| {
                let salt1: Option<Vec<u8>> = row.get(0)?;
                let salt2: Option<Vec<u8>> = row.get(1)?;
                let verifier: Option<Vec<u8>> = row.get(2)?;
                Ok(StoredPassword {
                    current: match (salt1, salt2, verifier) {
                        (Some(s1), Some(s2), Some(v)) => Some((algo(s1, s2), v)),
                        _ => None,
                    },
                    hint: row.get(3)?,
                    new_salt1: row.get(4)?,
                    new_salt2: row.get(5)?,
                    secure_salt: row.get(6)?,
                })
            })
            .optional()?;
        if let Some(row) = row {
            return Ok(row);
        }
        let fresh = StoredPassword {
            current: None,
            hint: String::new(),
            new_salt1: self.random_bytes(NEW_SALT1_LEN),
            new_salt2: self.random_bytes(NEW_SALT2_LEN),
            secure_salt: self.random_bytes(8),
        };
        self.db()
            .prepare_cached(
                "INSERT INTO passwords (user_id, new_salt1, new_salt2, secure_salt) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![user, fresh.new_salt1, fresh.new_salt2, fresh.secure_salt])?;
        Ok(fresh)
    }

    /// account.getPassword: with a password set, opens a new SRP session (srp_id, B).
    pub fn get_password(&mut self, user: UserId, now: i32) -> WorldResult<PasswordState> {
        self.atomically(|w| {
            let stored = w.stored_password(user)?;
            let current = match stored.current {
                Some((algo, verifier)) => Some(w.open_srp_session(user, algo, &verifier, now)?),
                None => None,
            };
            Ok(PasswordState {
                hint: current
                    .as_ref()
                    .map(|_| stored.hint.clone())
                    .filter(|h| !h.is_empty()),
                current,
                new_algo: algo(stored.new_salt1, stored.new_salt2),
                new_secure_salt: stored.secure_salt,
                secure_random: w.random_bytes(32),
            })
        })
    }

    fn open_srp_session(
        &mut self,
        user: UserId,
        algo: PasswordAlgo,
        verifier: &[u8],
        now: i32,
    ) -> WorldResult<CurrentPassword> {
        // An unsafe B is astronomically rare; a few draws always suffice.
        for _ in 0..16 {
            let b_secret = self.random_bytes(256);
            let Some(srp_b) = self.srp.server_public(&algo, verifier, &b_secret) else {
                continue;
            };
            let srp_id = self.random_id();
            self.db()
                .prepare_cached(
                    "INSERT INTO srp_sessions (srp_id, user_id, b_secret, srp_b, created)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![srp_id, user, b_secret, srp_b, now])?;
            self.db()
                .prepare_cached(
                    "DELETE FROM srp_sessions WHERE user_id = ?1 AND srp_id NOT IN
                     (SELECT srp_id FROM srp_sessions WHERE user_id = ?1 ORDER BY created DESC, rowid DESC LIMIT ?2)",
                )?
                .execute(params![user, SRP_SESSIONS_KEPT])?;
            return Ok(CurrentPassword {
                algo,
                srp_b,
                srp_id,
            });
        }
        fail(RpcError::Internal)
    }

    /// Checks `check` against `user`'s password. The outer result is storage; the inner one
    /// is the verdict, so that callers can commit the used-up SRP session either way.
    /// Without a password only `PasswordCheck::Empty` passes.
    pub(crate) fn judge_password(
        &mut self,
        user: UserId,
        check: &PasswordCheck,
    ) -> WorldResult<Result<(), RpcError>> {
        let stored = self.stored_password(user)?;
        let Some((algo, verifier)) = stored.current else {
            return Ok(match check {
                PasswordCheck::Empty => Ok(()),
                PasswordCheck::Srp { .. } => Err(RpcError::PasswordHashInvalid),
            });
        };
        let PasswordCheck::Srp { srp_id, a, m1 } = check else {
            return Ok(Err(RpcError::PasswordHashInvalid));
        };
        let b_secret: Option<Vec<u8>> = self
            .db()
            .prepare_cached("SELECT b_secret FROM srp_sessions WHERE srp_id = ?1 AND user_id = ?2")?
            .query_row(params![srp_id, user], |row| row.get(0))
            .optional()?;
        let Some(b_secret) = b_secret else {
            return Ok(Err(RpcError::SrpIdInvalid));
        };
        self.db()
            .prepare_cached("DELETE FROM srp_sessions WHERE srp_id = ?1")?
            .execute([srp_id])?;
        Ok(if self.srp.check(&algo, &verifier, &b_secret, a, m1) {
            Ok(())
        } else {
            Err(RpcError::PasswordHashInvalid)
        })
    }

    /// account.updatePasswordSettings: sets, changes or removes the password.
    /// The check's outcome is kept even when the new settings are refused.
    pub fn update_password(
        &mut self,
        user: UserId,
        check: &PasswordCheck,
        new: &NewPasswordSettings,
    ) -> WorldResult<()> {
        self.atomically(|w| w.judge_password(user, check))??;
        self.atomically(|w| {
            let stored = w.stored_password(user)?;
            match &new.algo {
                // Clients remove a password either way: passwordKdfAlgoUnknown, or the
                // current algo with an empty hash (Telethon's edit_2fa).
                None => w.store_password(user, None, "")?,
                Some(_) if new.new_password_hash.is_empty() => w.store_password(user, None, "")?,
                Some(algo) => {
                    let extended = algo.salt1.len() == stored.new_salt1.len() + CLIENT_SALT1_EXTRA
                        && algo.salt1.starts_with(&stored.new_salt1);
                    if !extended || algo.salt2 != stored.new_salt2 {
                        return fail(RpcError::NewSaltInvalid);
                    }
                    if algo.g != STANDARD_G
                        || algo.p != standard_prime()
                        || !w.srp.verifier_is_valid(algo, &new.new_password_hash)
                    {
                        return fail(RpcError::NewSettingsInvalid);
                    }
                    if new.hint.chars().count() > HINT_MAX_CHARS {
                        return fail(RpcError::PasswordHintInvalid);
                    }
                    w.store_password(user, Some((algo, &new.new_password_hash)), &new.hint)?;
                }
            }
            Ok(())
        })
    }

    /// Only checks `check` (settings that leave the password alone still need it).
    pub fn verify_only(&mut self, user: UserId, check: &PasswordCheck) -> WorldResult<()> {
        self.atomically(|w| w.judge_password(user, check))??;
        Ok(())
    }

    /// Gives `user` the password `password` directly (the control interface's accounts).
    pub(crate) fn set_password_plain(
        &mut self,
        user: UserId,
        password: &str,
        hint: &str,
    ) -> WorldResult<()> {
        let stored = self.stored_password(user)?;
        let mut salt1 = stored.new_salt1;
        salt1.extend(self.random_bytes(CLIENT_SALT1_EXTRA));
        let algo = algo(salt1, stored.new_salt2);
        let Some(verifier) = self.srp.verifier(&algo, password.as_bytes()) else {
            return fail(RpcError::Internal);
        };
        self.store_password(user, Some((&algo, &verifier)), hint)
    }

    fn store_password(
        &mut self,
        user: UserId,
        password: Option<(&PasswordAlgo, &Vec<u8>)>,
        hint: &str,
    ) -> WorldResult<()> {
        let (salt1, salt2, verifier) = match password {
            Some((algo, v)) => (Some(&algo.salt1), Some(&algo.salt2), Some(v)),
            None => (None, None, None),
        };
        self.db()
            .prepare_cached(
                "UPDATE passwords SET salt1 = ?2, salt2 = ?3, verifier = ?4, hint = ?5 WHERE user_id = ?1",
            )?
            .execute(params![user, salt1, salt2, verifier, hint])?;
        self.db()
            .prepare_cached("DELETE FROM srp_sessions WHERE user_id = ?1")?
            .execute([user])?;
        Ok(())
    }

    pub fn has_password(&self, user: UserId) -> WorldResult<bool> {
        Ok(self
            .db()
            .prepare_cached("SELECT verifier IS NOT NULL FROM passwords WHERE user_id = ?1")?
            .query_row([user], |row| row.get(0))
            .optional()?
            .unwrap_or(false))
    }
}
