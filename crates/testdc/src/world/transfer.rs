//! auth.exportAuthorization / auth.importAuthorization: signing a key on another DC in as
//! the same user, with a one-time (id, bytes) pair.

use rusqlite::{params, OptionalExtension};

use super::error::{fail, RpcError};
use super::ids::{AuthKeyId, DcId};
use super::{Caller, UserView, World, WorldResult};

const AUTH_BYTES_LEN: usize = 32;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportedAuthorization {
    pub id: i64,
    pub bytes: Vec<u8>,
}

impl World {
    /// auth.exportAuthorization for DC `dc_id`.
    pub fn export_authorization(
        &mut self,
        caller: Caller,
        dc_id: DcId,
        now: i32,
    ) -> WorldResult<ExportedAuthorization> {
        if !(1..=self.config.dc_count).contains(&dc_id) {
            return fail(RpcError::DcIdInvalid);
        }
        self.atomically(|w| {
            let id = w.random_id();
            let bytes = w.random_bytes(AUTH_BYTES_LEN);
            w.db()
                .prepare_cached(
                    "INSERT INTO exported_auths (id, user_id, dc_id, bytes, created) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, caller.user_id, dc_id, bytes, now])?;
            Ok(ExportedAuthorization { id, bytes })
        })
    }

    /// auth.importAuthorization on the key `auth_key_id`; each export works once, on the DC
    /// it was made for.
    pub fn import_authorization(
        &mut self,
        auth_key_id: AuthKeyId,
        id: i64,
        bytes: &[u8],
        now: i32,
    ) -> WorldResult<UserView> {
        let dc = self.key_dc(auth_key_id)?;
        self.atomically(|w| {
            let found: Option<(i64, DcId, Vec<u8>)> = w
                .db()
                .prepare_cached("SELECT user_id, dc_id, bytes FROM exported_auths WHERE id = ?1")?
                .query_row([id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
                .optional()?;
            let user = match found {
                Some((user, for_dc, stored)) if for_dc == dc && stored == bytes => user,
                _ => return fail(RpcError::AuthBytesInvalid),
            };
            w.db()
                .prepare_cached("DELETE FROM exported_auths WHERE id = ?1")?
                .execute([id])?;
            w.bind_user(auth_key_id, user, now)?;
            w.user_view(user, user)
        })
    }
}
