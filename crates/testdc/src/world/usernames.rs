//! Public usernames: one namespace for users and channels, case-insensitive.

use rusqlite::{params, OptionalExtension};

use super::error::{fail, RpcError};
use super::ids::Peer;
use super::{Caller, UserView, World, WorldResult};

/// Telegram's rule: 5–32 characters of `a-z`, `0-9` and `_`, starting with a letter and not
/// ending with `_`.
pub fn validate_username(name: &str) -> Result<(), RpcError> {
    let bytes = name.as_bytes();
    let valid = (5..=32).contains(&bytes.len())
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.last() != Some(&b'_');
    if valid {
        Ok(())
    } else {
        Err(RpcError::UsernameInvalid)
    }
}

impl World {
    fn username_owner(&self, name: &str) -> WorldResult<Option<Peer>> {
        Ok(self
            .db()
            .prepare_cached("SELECT peer_kind, peer_id FROM usernames WHERE username = ?1")?
            .query_row([name], |row| {
                Ok(Peer::from_columns(row.get(0)?, row.get(1)?))
            })
            .optional()?)
    }

    /// Gives `peer` the username `name` (or none), releasing its old one. The caller has
    /// checked the format.
    pub(crate) fn claim_username(&mut self, peer: Peer, name: Option<&str>) -> WorldResult<()> {
        if let Some(name) = name {
            if let Some(owner) = self.username_owner(name)? {
                if owner != peer {
                    return fail(RpcError::UsernameOccupied);
                }
            }
        }
        let (kind, id) = peer.to_columns();
        self.db()
            .prepare_cached("DELETE FROM usernames WHERE peer_kind = ?1 AND peer_id = ?2")?
            .execute(params![kind, id])?;
        if let Some(name) = name {
            self.db()
                .prepare_cached(
                    "INSERT INTO usernames (username, peer_kind, peer_id) VALUES (?1, ?2, ?3)",
                )?
                .execute(params![name, kind, id])?;
        }
        let table = match peer {
            Peer::User(_) => "users",
            Peer::Channel(_) => "channels",
            Peer::Chat(_) => return fail(RpcError::PeerIdInvalid),
        };
        self.db()
            .prepare_cached(&format!("UPDATE {table} SET username = ?2 WHERE id = ?1"))?
            .execute(params![id, name])?;
        Ok(())
    }

    /// account.updateUsername: an empty name removes the username.
    pub fn update_username(
        &mut self,
        caller: Caller,
        name: &str,
        now: i32,
    ) -> WorldResult<UserView> {
        self.atomically(|w| {
            let current = w.existing_user(caller.user_id)?.username;
            let wanted = if name.is_empty() {
                None
            } else {
                validate_username(name)?;
                Some(name)
            };
            if current.as_deref() == wanted {
                return fail(RpcError::UsernameNotModified);
            }
            w.claim_username(Peer::User(caller.user_id), wanted)?;
            w.push_user_change(caller, now)?;
            w.user_view(caller.user_id, caller.user_id)
        })
    }

    /// account.checkUsername: whether `caller` could take `name`.
    pub fn check_username(&self, caller: Caller, name: &str) -> WorldResult<bool> {
        validate_username(name)?;
        Ok(match self.username_owner(name)? {
            None => true,
            Some(owner) => owner == Peer::User(caller.user_id),
        })
    }

    /// contacts.resolveUsername.
    pub fn resolve_username(&self, name: &str) -> WorldResult<Peer> {
        let name = name.strip_prefix('@').unwrap_or(name);
        validate_username(name)?;
        match self.username_owner(name)? {
            Some(peer) => Ok(peer),
            None => fail(RpcError::UsernameNotOccupied),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn username_rule() {
        assert!(validate_username("alice").is_ok());
        assert!(validate_username("Alice_99").is_ok());
        assert!(validate_username("test_bot").is_ok());
        for bad in [
            "abcd",
            "9alice",
            "_alice",
            "alice_",
            "al ice",
            "алиса",
            &"a".repeat(33),
        ] {
            assert_eq!(
                validate_username(bad),
                Err(RpcError::UsernameInvalid),
                "{bad}"
            );
        }
    }
}
