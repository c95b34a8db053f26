//! Authorizations as account.getAuthorizations lists them: one per permanent key signed in
//! (or waiting for its 2FA password) as a user, described by what its client said in
//! initConnection, where it connects from and when it was last active.
//!
//! A bound temporary key acts for its permanent key: what it reports lands on the permanent
//! key. initConnection on a temporary key not bound yet is kept on it and moves over with
//! auth.bindTempAuthKey.

use rusqlite::{params, OptionalExtension, Row};

use super::error::{fail, RpcError};
use super::ids::{AuthKeyId, DcId, UserId};
use super::{Caller, World, WorldResult};

const HASH_TAG: &[u8] = b"authorization";
/// Activity is written at most this often per key: one request in a minute is enough to
/// tell when a device was last active, and most requests then cost no write.
const ACTIVITY_STEP: i32 = 60;
/// Keys whose last write the activity cache remembers before it starts over.
const ACTIVITY_CACHE_MAX: usize = 100_000;
/// account.authorizations.authorization_ttl_days: Telegram's default for inactive sessions.
pub const AUTHORIZATION_TTL_DAYS: i32 = 180;

/// What a client says about itself in initConnection, and the address it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientInfo {
    pub api_id: i32,
    pub device_model: String,
    pub system_version: String,
    pub app_version: String,
    pub system_lang_code: String,
    pub lang_pack: String,
    pub lang_code: String,
    pub ip: String,
}

impl ClientInfo {
    /// The platform Telegram's session list shows, guessed from the system version (and the
    /// language pack official apps name); empty when nothing tells.
    pub fn platform(&self) -> String {
        let system = self.system_version.to_ascii_lowercase();
        let known = [
            ("android", "Android"),
            ("ios", "iOS"),
            ("iphone", "iOS"),
            ("ipad", "iOS"),
            ("windows", "Windows"),
            ("macos", "macOS"),
            ("mac os", "macOS"),
            ("darwin", "macOS"),
            ("linux", "Linux"),
        ];
        if let Some((_, name)) = known.iter().find(|(key, _)| system.contains(key)) {
            return (*name).to_string();
        }
        match self.lang_pack.as_str() {
            "android" | "android_x" => "Android",
            "ios" => "iOS",
            "macos" => "macOS",
            "tdesktop" => "Desktop",
            "webk" | "weba" | "web" => "Web",
            _ => "",
        }
        .to_string()
    }

    /// The app's name: official apps name themselves by their language pack; any other app
    /// is known here by its api_id only (Telegram would show the title registered for it).
    pub fn app_name(&self) -> String {
        let official = match self.lang_pack.as_str() {
            "android" => Some("Telegram Android"),
            "android_x" => Some("Telegram Android X"),
            "ios" => Some("Telegram iOS"),
            "macos" => Some("Telegram macOS"),
            "tdesktop" => Some("Telegram Desktop"),
            "webk" | "weba" | "web" => Some("Telegram Web"),
            _ => None,
        };
        match official {
            Some(name) => name.to_string(),
            None if self.api_id != 0 => format!("App {}", self.api_id),
            None => String::new(),
        }
    }
}

/// One logged-in session (TL `authorization`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The permanent key it is bound to.
    pub auth_key_id: AuthKeyId,
    pub dc_id: DcId,
    /// Stable while the authorization lasts, never 0; account.resetAuthorization takes it.
    pub hash: i64,
    pub current: bool,
    /// The right code was given, the 2FA password is still missing.
    pub password_pending: bool,
    pub client: ClientInfo,
    pub created: i32,
    pub active: i32,
}

const COLUMNS: &str = "auth_key_id, dc_id, user_id, signed_in_at, created, active_at, api_id,
     device_model, system_version, app_version, system_lang_code, lang_pack, lang_code, ip";

/// An authorization as stored, before its hash and `current` are worked out.
struct StoredAuthorization {
    auth_key_id: AuthKeyId,
    dc_id: DcId,
    user_id: Option<UserId>,
    signed_in_at: Option<i32>,
    key_created: i32,
    active_at: Option<i32>,
    client: ClientInfo,
}

fn from_row(row: &Row) -> rusqlite::Result<StoredAuthorization> {
    let text = |i: usize| -> rusqlite::Result<String> {
        Ok(row.get::<_, Option<String>>(i)?.unwrap_or_default())
    };
    Ok(StoredAuthorization {
        auth_key_id: row.get(0)?,
        dc_id: row.get(1)?,
        user_id: row.get(2)?,
        signed_in_at: row.get(3)?,
        key_created: row.get(4)?,
        active_at: row.get(5)?,
        client: ClientInfo {
            api_id: row.get::<_, Option<i32>>(6)?.unwrap_or(0),
            device_model: text(7)?,
            system_version: text(8)?,
            app_version: text(9)?,
            system_lang_code: text(10)?,
            lang_pack: text(11)?,
            lang_code: text(12)?,
            ip: text(13)?,
        },
    })
}

impl World {
    /// The hash of the authorization of `perm_key_id` made at `signed_in_at`: keyed, so a
    /// client cannot guess another's, and new when the key signs in afresh.
    fn authorization_hash(&self, perm_key_id: AuthKeyId, signed_in_at: i32) -> i64 {
        match self.keyed_i64(HASH_TAG, &[perm_key_id, i64::from(signed_in_at)]) {
            0 => 1,
            hash => hash,
        }
    }

    fn to_authorization(
        &self,
        row: StoredAuthorization,
        current_key: Option<AuthKeyId>,
    ) -> Authorization {
        let created = row.signed_in_at.unwrap_or(row.key_created);
        Authorization {
            hash: self.authorization_hash(row.auth_key_id, row.signed_in_at.unwrap_or(0)),
            current: current_key == Some(row.auth_key_id),
            password_pending: row.user_id.is_none(),
            created,
            active: row.active_at.unwrap_or(created).max(created),
            auth_key_id: row.auth_key_id,
            dc_id: row.dc_id,
            client: row.client,
        }
    }

    /// Records what the client on `auth_key_id` said in initConnection.
    pub fn record_client(
        &mut self,
        auth_key_id: AuthKeyId,
        client: &ClientInfo,
        now: i32,
    ) -> WorldResult<()> {
        let target = self.perm_key_id(auth_key_id)?;
        self.db()
            .prepare_cached(
                "UPDATE auth_keys SET api_id = ?2, device_model = ?3, system_version = ?4,
                     app_version = ?5, system_lang_code = ?6, lang_pack = ?7, lang_code = ?8,
                     ip = ?9, active_at = MAX(COALESCE(active_at, 0), ?10)
                 WHERE auth_key_id = ?1",
            )?
            .execute(params![
                target,
                client.api_id,
                client.device_model,
                client.system_version,
                client.app_version,
                client.system_lang_code,
                client.lang_pack,
                client.lang_code,
                client.ip,
                now
            ])?;
        self.remember_activity(auth_key_id, now);
        Ok(())
    }

    fn remember_activity(&mut self, auth_key_id: AuthKeyId, now: i32) {
        if self.activity.len() >= ACTIVITY_CACHE_MAX {
            self.activity.clear();
        }
        self.activity.insert(auth_key_id, now);
    }

    /// Notes a request on `auth_key_id` at `now` (written once per [`ACTIVITY_STEP`]).
    pub fn note_activity(&mut self, auth_key_id: AuthKeyId, now: i32) -> WorldResult<()> {
        if let Some(&written) = self.activity.get(&auth_key_id) {
            if (written..written + ACTIVITY_STEP).contains(&now) {
                return Ok(());
            }
        }
        let target = self.perm_key_id(auth_key_id)?;
        self.db()
            .prepare_cached(
                "UPDATE auth_keys SET active_at = ?2
                 WHERE auth_key_id = ?1 AND (active_at IS NULL OR active_at < ?2)",
            )?
            .execute(params![target, now])?;
        self.remember_activity(auth_key_id, now);
        Ok(())
    }

    /// A temporary key just bound to `perm_id` hands over what its client reported.
    pub(crate) fn move_client_info(
        &mut self,
        temp_id: AuthKeyId,
        perm_id: AuthKeyId,
    ) -> WorldResult<()> {
        self.db()
            .prepare_cached(
                "UPDATE auth_keys SET (api_id, device_model, system_version, app_version,
                     system_lang_code, lang_pack, lang_code, ip) =
                   (SELECT api_id, device_model, system_version, app_version, system_lang_code,
                       lang_pack, lang_code, ip FROM auth_keys WHERE auth_key_id = ?1)
                 WHERE auth_key_id = ?2
                   AND EXISTS (SELECT 1 FROM auth_keys WHERE auth_key_id = ?1 AND api_id IS NOT NULL)",
            )?
            .execute(params![temp_id, perm_id])?;
        Ok(())
    }

    fn authorization_rows(&self, user: UserId) -> WorldResult<Vec<StoredAuthorization>> {
        let mut stmt = self.db().prepare_cached(&format!(
            "SELECT {COLUMNS} FROM auth_keys
             WHERE user_id = ?1 OR (user_id IS NULL AND pending_user_id = ?1)
             ORDER BY COALESCE(active_at, signed_in_at, created) DESC, auth_key_id"
        ))?;
        let rows = stmt
            .query_map([user], from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every authorization of `user`, the most recently active first.
    pub fn user_authorizations(&self, user: UserId) -> WorldResult<Vec<Authorization>> {
        Ok(self
            .authorization_rows(user)?
            .into_iter()
            .map(|row| self.to_authorization(row, None))
            .collect())
    }

    /// account.getAuthorizations: the caller's own first (marked `current`), then the others
    /// by last activity.
    pub fn authorizations(&self, caller: Caller) -> WorldResult<Vec<Authorization>> {
        let current = self.perm_key_id(caller.auth_key_id)?;
        let mut list: Vec<Authorization> = self
            .authorization_rows(caller.user_id)?
            .into_iter()
            .map(|row| self.to_authorization(row, Some(current)))
            .collect();
        list.sort_by_key(|a| !a.current);
        Ok(list)
    }

    /// The authorization behind `auth_key_id` as `user` now has it (signed in or waiting for
    /// the password), for the answer to acceptLoginToken.
    pub(crate) fn authorization_of(
        &self,
        auth_key_id: AuthKeyId,
        now: i32,
    ) -> WorldResult<Authorization> {
        let perm = self.perm_key_id(auth_key_id)?;
        let row = self
            .db()
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM auth_keys WHERE auth_key_id = ?1"
            ))?
            .query_row([perm], from_row)
            .optional()?;
        match row {
            Some(row) => {
                let mut authorization = self.to_authorization(row, None);
                authorization.active = authorization.active.max(now);
                Ok(authorization)
            }
            None => fail(RpcError::AuthKeyUnregistered),
        }
    }

    /// account.resetAuthorization: signs the authorization with this hash out (the caller's
    /// own too: it is one of the user's active sessions, and the docs make no exception).
    /// Its key stays registered; its requests get `401 AUTH_KEY_UNREGISTERED` from now on,
    /// and the network side closes its other connections ([`World::drain_revoked`]).
    pub fn reset_authorization(&mut self, caller: Caller, hash: i64) -> WorldResult<()> {
        let Some(target) = self
            .user_authorizations(caller.user_id)?
            .into_iter()
            .find(|a| hash != 0 && a.hash == hash)
        else {
            return fail(RpcError::HashInvalid);
        };
        self.atomically(|w| {
            w.log_out(target.auth_key_id)?;
            w.db()
                .prepare_cached("DELETE FROM login_tokens WHERE auth_key_id = ?1")?
                .execute([target.auth_key_id])?;
            Ok(())
        })?;
        self.revoked.push(target.auth_key_id);
        Ok(())
    }

    /// Permanent keys signed out by another device since the last call: the network side
    /// closes their connections so their clients find out.
    pub fn drain_revoked(&mut self) -> Vec<AuthKeyId> {
        std::mem::take(&mut self.revoked)
    }
}

#[cfg(test)]
mod tests {
    use super::ClientInfo;

    fn client(system_version: &str, lang_pack: &str, api_id: i32) -> ClientInfo {
        ClientInfo {
            api_id,
            system_version: system_version.into(),
            lang_pack: lang_pack.into(),
            ..ClientInfo::default()
        }
    }

    #[test]
    fn platform_and_app_name_follow_what_the_client_said() {
        assert_eq!(client("Linux 6.1", "", 5).platform(), "Linux");
        assert_eq!(
            client("SDK 33 (Android 13)", "android", 6).platform(),
            "Android"
        );
        assert_eq!(
            client("Windows 11", "tdesktop", 2).app_name(),
            "Telegram Desktop"
        );
        assert_eq!(client("", "tdesktop", 2).platform(), "Desktop");
        assert_eq!(client("", "", 12345).app_name(), "App 12345");
        assert_eq!(client("", "", 0).app_name(), "");
        assert_eq!(client("Plan 9", "", 1).platform(), "");
    }
}
