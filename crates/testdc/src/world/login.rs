//! Signing in with a phone number: sendCode, signIn, signUp and the 2FA step checkPassword.

use rusqlite::{params, OptionalExtension};

use super::accounts::check_names;
use super::error::{fail, RpcError};
use super::ids::{AuthKeyId, DcId};
use super::password::PasswordCheck;
use super::phone::{check_phone_dc, home_dc, login_code, normalize_phone};
use super::{UserView, World, WorldResult};

/// Length of a login code.
const CODE_LENGTH: i32 = 5;
/// Seconds before a client may ask for the code by SMS (auth.sentCode.timeout).
pub const RESEND_TIMEOUT: i32 = 60;

/// How a login code reaches the user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeDelivery {
    /// A message from Telegram in the user's other sessions (auth.sentCodeTypeApp).
    App,
    /// An SMS (auth.sentCodeTypeSms).
    Sms,
}

/// auth.sentCode. As Telegram does for a number with sessions elsewhere, the code goes to the
/// app first, and auth.resendCode sends it by SMS; test numbers need neither (the code is
/// the DC digit five times), but clients see the real sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentCode {
    pub phone_code_hash: String,
    pub code_length: i32,
    pub delivery: CodeDelivery,
    /// What auth.resendCode would send; `None` once nothing else is left.
    pub next: Option<CodeDelivery>,
    /// Seconds before the next delivery may be asked for.
    pub timeout: Option<i32>,
}

/// auth.authorization or auth.authorizationSignUpRequired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignIn {
    Authorized(UserView),
    SignUpRequired,
}

struct PendingCode {
    code: String,
    created: i32,
    verified: bool,
}

impl World {
    /// The DC a number belongs to: its account's, or the test-DC rule for a new number.
    fn phone_home_dc(&self, phone: &str) -> WorldResult<DcId> {
        Ok(match self.user_by_phone(phone)? {
            Some(user) => user.dc_id,
            None => home_dc(phone, self.config.dc_count),
        })
    }

    /// PHONE_MIGRATE_X unless the key lives on the number's home DC.
    fn check_phone_on_key_dc(&self, auth_key_id: AuthKeyId, phone: &str) -> WorldResult<()> {
        let dc = self.key_dc(auth_key_id)?;
        check_phone_dc(self.phone_home_dc(phone)?, dc)?;
        Ok(())
    }

    /// auth.sendCode.
    pub fn send_code(
        &mut self,
        auth_key_id: AuthKeyId,
        phone: &str,
        now: i32,
    ) -> WorldResult<SentCode> {
        let phone = normalize_phone(phone)?;
        self.check_phone_on_key_dc(auth_key_id, &phone)?;
        self.atomically(|w| {
            w.db()
                .prepare_cached("DELETE FROM login_codes WHERE phone = ?1 AND created < ?2")?
                .execute(params![phone, now - w.config.code_ttl])?;
            let phone_code_hash = w.random_hex(18);
            w.db()
                .prepare_cached(
                    "INSERT INTO login_codes (phone_code_hash, phone, code, auth_key_id, created)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![
                    phone_code_hash,
                    phone,
                    login_code(&phone, w.config.dc_count),
                    auth_key_id,
                    now
                ])?;
            Ok(SentCode {
                phone_code_hash,
                code_length: CODE_LENGTH,
                delivery: CodeDelivery::App,
                next: Some(CodeDelivery::Sms),
                timeout: Some(RESEND_TIMEOUT),
            })
        })
    }

    /// auth.resendCode: the same code (and phone_code_hash, which stays valid) by SMS; a
    /// second resend has nothing left to try: `406 SEND_CODE_UNAVAILABLE`.
    pub fn resend_code(
        &mut self,
        auth_key_id: AuthKeyId,
        phone: &str,
        phone_code_hash: &str,
        now: i32,
    ) -> WorldResult<SentCode> {
        let phone = normalize_phone(phone)?;
        if phone_code_hash.is_empty() {
            return fail(RpcError::PhoneCodeHashEmpty);
        }
        self.check_phone_on_key_dc(auth_key_id, &phone)?;
        self.atomically(|w| {
            w.pending_code(&phone, phone_code_hash, now)?;
            let changed = w
                .db()
                .prepare_cached(
                    "UPDATE login_codes SET resent = 1 WHERE phone_code_hash = ?1 AND resent = 0",
                )?
                .execute([phone_code_hash])?;
            if changed == 0 {
                return fail(RpcError::SendCodeUnavailable);
            }
            Ok(SentCode {
                phone_code_hash: phone_code_hash.to_string(),
                code_length: CODE_LENGTH,
                delivery: CodeDelivery::Sms,
                next: None,
                timeout: None,
            })
        })
    }

    /// The live code behind (phone, hash), or PHONE_CODE_EXPIRED.
    fn pending_code(&self, phone: &str, hash: &str, now: i32) -> WorldResult<PendingCode> {
        let code = self
            .db()
            .prepare_cached(
                "SELECT code, created, verified FROM login_codes WHERE phone_code_hash = ?1 AND phone = ?2",
            )?
            .query_row(params![hash, phone], |row| {
                Ok(PendingCode {
                    code: row.get(0)?,
                    created: row.get(1)?,
                    verified: row.get(2)?,
                })
            })
            .optional()?;
        match code {
            Some(code) if now - code.created <= self.config.code_ttl => Ok(code),
            _ => fail(RpcError::PhoneCodeExpired),
        }
    }

    fn forget_code(&self, hash: &str) -> WorldResult<()> {
        self.db()
            .prepare_cached("DELETE FROM login_codes WHERE phone_code_hash = ?1")?
            .execute([hash])?;
        Ok(())
    }

    /// auth.signIn: SESSION_PASSWORD_NEEDED leaves the key waiting for auth.checkPassword.
    pub fn sign_in(
        &mut self,
        auth_key_id: AuthKeyId,
        phone: &str,
        phone_code_hash: &str,
        code: &str,
        now: i32,
    ) -> WorldResult<SignIn> {
        let phone = normalize_phone(phone)?;
        if phone_code_hash.is_empty() {
            return fail(RpcError::PhoneCodeHashEmpty);
        }
        if code.is_empty() {
            return fail(RpcError::PhoneCodeEmpty);
        }
        self.check_phone_on_key_dc(auth_key_id, &phone)?;
        let outcome = self.atomically(|w| {
            let pending = w.pending_code(&phone, phone_code_hash, now)?;
            if pending.code != code {
                return fail(RpcError::PhoneCodeInvalid);
            }
            let Some(user) = w.user_by_phone(&phone)? else {
                w.db()
                    .prepare_cached(
                        "UPDATE login_codes SET verified = 1 WHERE phone_code_hash = ?1",
                    )?
                    .execute([phone_code_hash])?;
                return Ok(Ok(SignIn::SignUpRequired));
            };
            w.forget_code(phone_code_hash)?;
            if user.has_password {
                w.set_pending_user(auth_key_id, user.id, now)?;
                return Ok(Err(RpcError::SessionPasswordNeeded));
            }
            w.bind_user(auth_key_id, user.id, now)?;
            Ok(Ok(SignIn::Authorized(w.user_view(user.id, user.id)?)))
        })?;
        Ok(outcome?)
    }

    /// auth.signUp, after signIn answered signUpRequired for the same code.
    pub fn sign_up(
        &mut self,
        auth_key_id: AuthKeyId,
        phone: &str,
        phone_code_hash: &str,
        first_name: &str,
        last_name: &str,
        now: i32,
    ) -> WorldResult<UserView> {
        let phone = normalize_phone(phone)?;
        if phone_code_hash.is_empty() {
            return fail(RpcError::PhoneCodeHashEmpty);
        }
        self.check_phone_on_key_dc(auth_key_id, &phone)?;
        let (first, last) = check_names(first_name, last_name)?;
        self.atomically(|w| {
            let pending = w.pending_code(&phone, phone_code_hash, now)?;
            if w.user_by_phone(&phone)?.is_some() {
                return fail(RpcError::PhoneNumberOccupied);
            }
            if !pending.verified {
                return fail(RpcError::PhoneCodeInvalid);
            }
            let dc = home_dc(&phone, w.config.dc_count);
            let user = w.insert_user(Some(&phone), &first, &last, None, dc, now)?;
            w.forget_code(phone_code_hash)?;
            w.bind_user(auth_key_id, user, now)?;
            w.user_view(user, user)
        })
    }

    /// auth.checkPassword: the 2FA step after SESSION_PASSWORD_NEEDED.
    pub fn check_password(
        &mut self,
        auth_key_id: AuthKeyId,
        check: &PasswordCheck,
        now: i32,
    ) -> WorldResult<UserView> {
        let perm = self.perm_key_id(auth_key_id)?;
        let Some(user) = self.auth_key(perm)?.and_then(|k| k.pending_user_id) else {
            return fail(RpcError::AuthKeyUnregistered);
        };
        let outcome = self.atomically(|w| {
            if let Err(e) = w.judge_password(user, check)? {
                return Ok(Err(e));
            }
            w.bind_user(auth_key_id, user, now)?;
            Ok(Ok(w.user_view(user, user)?))
        })?;
        Ok(outcome?)
    }
}
