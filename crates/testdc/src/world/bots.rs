//! Bots: accounts with a token `ID:SECRET` instead of a phone.

use rusqlite::OptionalExtension;

use super::error::{fail, RpcError};
use super::ids::{AuthKeyId, UserId};
use super::{UserView, World, WorldResult};

/// Splits `ID:SECRET`; anything else is not a token.
pub(crate) fn parse_bot_token(token: &str) -> Option<(UserId, &str)> {
    let (id, secret) = token.split_once(':')?;
    let id = id.parse::<UserId>().ok().filter(|id| *id > 0)?;
    (!secret.is_empty()).then_some((id, secret))
}

impl World {
    /// auth.importBotAuthorization: USER_MIGRATE_X when asked on another DC than the bot's.
    pub fn import_bot_authorization(
        &mut self,
        auth_key_id: AuthKeyId,
        token: &str,
        now: i32,
    ) -> WorldResult<UserView> {
        let Some((id, secret)) = parse_bot_token(token) else {
            return fail(RpcError::AccessTokenInvalid);
        };
        let stored: Option<String> = self
            .db()
            .prepare_cached("SELECT bot_secret FROM users WHERE id = ?1 AND is_bot = 1")?
            .query_row([id], |row| row.get(0))
            .optional()?
            .flatten();
        if stored.as_deref() != Some(secret) {
            return fail(RpcError::AccessTokenInvalid);
        }
        let bot = self.existing_user(id)?;
        let dc = self.key_dc(auth_key_id)?;
        if bot.dc_id != dc {
            return fail(RpcError::UserMigrate(bot.dc_id));
        }
        self.atomically(|w| {
            w.bind_user(auth_key_id, id, now)?;
            w.user_view(id, id)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::parse_bot_token;

    #[test]
    fn tokens() {
        assert_eq!(parse_bot_token("123:abc"), Some((123, "abc")));
        for bad in ["123", "x:abc", "123:", ":abc", "-5:abc"] {
            assert_eq!(parse_bot_token(bad), None, "{bad}");
        }
    }
}
