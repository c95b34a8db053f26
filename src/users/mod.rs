//! Users: what the client knows of each Telegram user, announced with updateUser before any
//! answer names it, and updated (updateUser, updateUserStatus) as the server tells more.

pub mod contacts;
pub mod convert;
pub mod requests;

use std::collections::HashMap;

use td_api as td;
use tl::api::{enums, types};
use tl::Serialize;

use crate::client::session::Outbox;
use crate::storage::Store;

struct Known {
    raw: types::User,
    /// What the app was last told.
    shown: td::User,
}

#[derive(Default)]
pub struct Users {
    my_id: Option<i64>,
    known: HashMap<i64, Known>,
    full: HashMap<i64, td::UserFullInfo>,
    /// use_chat_info_database: every user is written to the database, not only the account.
    pub persist: bool,
    /// Users whose name changed since the engine last looked: their private chats' titles.
    renamed: Vec<i64>,
}

impl Users {
    pub fn my_id(&self) -> Option<i64> {
        self.my_id
    }

    pub fn set_my_id(&mut self, id: Option<i64>) {
        self.my_id = id;
    }

    pub fn get(&self, id: i64) -> Option<&td::User> {
        self.known.get(&id).map(|k| &k.shown)
    }

    pub fn raw(&self, id: i64) -> Option<&types::User> {
        self.known.get(&id).map(|k| &k.raw)
    }

    /// Whether the account is a bot.
    pub fn is_bot(&self) -> bool {
        self.my_id
            .and_then(|id| self.raw(id))
            .is_some_and(|u| u.bot())
    }

    /// Users renamed since the last call.
    pub fn take_renamed(&mut self) -> Vec<i64> {
        std::mem::take(&mut self.renamed)
    }

    /// The account's contacts among the users known.
    pub fn contacts(&self) -> impl Iterator<Item = &td::User> {
        self.known
            .values()
            .map(|k| &k.shown)
            .filter(|u| u.is_contact)
    }

    pub fn me(&self) -> Option<&td::User> {
        self.get(self.my_id?)
    }

    /// The user as the server wants it named in requests.
    pub fn input_user(&self, id: i64) -> Option<enums::InputUser> {
        if Some(id) == self.my_id {
            return Some(enums::InputUser::InputUserSelf);
        }
        let raw = self.raw(id)?;
        Some(enums::InputUser::InputUser(Box::new(types::InputUser {
            user_id: id,
            access_hash: raw.access_hash?,
        })))
    }

    /// Takes a user from the server: merged with what is known (a `min` user keeps the
    /// known access hash and private fields), announced if the app would see a change,
    /// and stored when it is the current user.
    pub fn on_user(&mut self, user: &enums::User, out: &Outbox, store: &Store) {
        let enums::User::User(u) = user else {
            return;
        };
        // Most updates repeat the users they name unchanged: nothing to show or store then
        // (unless an online status ran out, which shows as offline now).
        if let Some(old) = self.known.get(&u.id) {
            let expired = matches!(&u.status, Some(enums::UserStatus::Online(s))
                if s.expires <= crate::client::options::unix_time() as i32);
            if **u == old.raw && !expired {
                return;
            }
        }
        let mut raw = (**u).clone();
        if let Some(old) = self.known.get(&raw.id) {
            if raw.min {
                raw.access_hash = old.raw.access_hash;
                raw.phone = raw.phone.or_else(|| old.raw.phone.clone());
                raw.min = old.raw.min;
            }
            if raw.access_hash.is_none() {
                raw.access_hash = old.raw.access_hash;
            }
        }
        if raw.self_ && self.my_id.is_none() {
            self.my_id = Some(raw.id);
        }
        let is_me = Some(raw.id) == self.my_id;
        let shown = convert::user(&raw, self.viewer(&raw));
        let changed = self.known.get(&raw.id).is_none_or(|k| k.shown != shown);
        if (is_me || self.persist) && changed {
            let bytes = enums::User::User(Box::new(raw.clone())).to_bytes();
            store.with(|db| db.save_user(raw.id, &bytes));
        }
        let old_name = self
            .known
            .get(&raw.id)
            .map(|k| (k.shown.first_name.clone(), k.shown.last_name.clone()));
        if old_name.is_some_and(|n| n != (shown.first_name.clone(), shown.last_name.clone())) {
            self.renamed.push(raw.id);
        }
        if changed {
            out.update(td::UpdateUser {
                user: Some(Box::new(shown.clone())),
            });
        }
        self.known.insert(raw.id, Known { raw, shown });
    }

    pub fn on_users(&mut self, users: &[enums::User], out: &Outbox, store: &Store) {
        for u in users {
            self.on_user(u, out, store);
        }
    }

    /// A user read back from the database at start, announced like one from the server.
    pub fn load_stored(&mut self, bytes: &[u8], out: &Outbox, store: &Store) -> bool {
        match <enums::User as tl::Deserialize>::from_bytes(bytes) {
            Ok(u) => {
                self.on_user(&u, out, store);
                true
            }
            Err(_) => false,
        }
    }

    fn viewer(&self, u: &types::User) -> convert::Viewer {
        let is_self = Some(u.id) == self.my_id;
        convert::Viewer {
            is_self,
            is_bot: self.is_bot() || (is_self && u.bot()),
            have_access: is_self || u.access_hash.is_some(),
            now: crate::client::options::unix_time() as i32,
        }
    }

    /// updateUserStatus: only the status changes, so only updateUserStatus is sent.
    pub fn on_status(&mut self, user_id: i64, status: &enums::UserStatus, out: &Outbox) {
        let Some(raw) = self.known.get(&user_id).map(|k| k.raw.clone()) else {
            return;
        };
        let mut raw = raw;
        raw.status = Some(status.clone());
        let viewer = self.viewer(&raw);
        let Some(k) = self.known.get_mut(&user_id) else {
            return;
        };
        k.raw = raw;
        let shown = convert::user(&k.raw, viewer);
        if shown.status != k.shown.status {
            out.update(td::UpdateUserStatus {
                user_id,
                status: shown.status.clone(),
            });
        }
        k.shown = shown;
    }

    /// updateUserName: names and usernames change.
    pub fn on_name(&mut self, x: &types::UpdateUserName, out: &Outbox, store: &Store) {
        let Some(k) = self.known.get(&x.user_id) else {
            return;
        };
        let mut raw = k.raw.clone();
        raw.first_name = Some(x.first_name.clone());
        raw.last_name = Some(x.last_name.clone());
        raw.usernames = Some(x.usernames.clone());
        raw.username = None;
        self.on_user(&enums::User::User(Box::new(raw)), out, store);
    }

    pub fn full_info(&self, id: i64) -> Option<&td::UserFullInfo> {
        self.full.get(&id)
    }

    /// users.userFull: its users first, then the full info (announced when it changed).
    pub fn on_full(
        &mut self,
        full: &enums::users::UserFull,
        out: &Outbox,
        store: &Store,
    ) -> Option<td::UserFullInfo> {
        let enums::users::UserFull::UserFull(full) = full;
        self.on_users(&full.users, out, store);
        let enums::UserFull::UserFull(f) = &full.full_user;
        let is_bot = self.raw(f.id).is_some_and(|u| u.bot());
        let is_premium = self.raw(f.id).is_some_and(|u| u.premium);
        let info = convert::full_info(f, is_bot, is_premium);
        if self.full.get(&f.id) != Some(&info) {
            out.update(td::UpdateUserFullInfo {
                user_id: f.id,
                user_full_info: Some(Box::new(info.clone())),
            });
            self.full.insert(f.id, info.clone());
        }
        Some(info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::queue::ReceiveQueue;
    use crate::storage::database::ClientDb;
    use crate::storage::lock::DirLock;
    use std::sync::Arc;

    fn user(id: i64, first: &str, me: bool) -> enums::User {
        let bytes = {
            // user#31774388 flags(self=bit 10, access_hash=0, first_name=1) flags2 id hash name
            let mut b = 0x3177_4388u32.to_le_bytes().to_vec();
            let flags: u32 = 1 | 2 | if me { 1 << 10 } else { 0 };
            b.extend_from_slice(&flags.to_le_bytes());
            b.extend_from_slice(&0u32.to_le_bytes());
            b.extend_from_slice(&id.to_le_bytes());
            b.extend_from_slice(&77i64.to_le_bytes());
            b.push(first.len() as u8);
            b.extend_from_slice(first.as_bytes());
            while !b.len().is_multiple_of(4) {
                b.push(0);
            }
            b
        };
        <enums::User as tl::Deserialize>::from_bytes(&bytes).expect("a user")
    }

    fn drain(q: &ReceiveQueue) -> Vec<String> {
        let mut out = Vec::new();
        while let Some(m) = q.pop(std::time::Duration::ZERO) {
            out.push(String::from_utf8_lossy(&m).into_owned());
        }
        out
    }

    #[test]
    fn users_are_announced_once_per_visible_change() {
        let dir = std::env::temp_dir().join(format!("tdjson-users-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join("db");
        let store = Store::new(
            ClientDb::open(&path, b"").unwrap(),
            DirLock::take(&path).unwrap(),
        );
        let queue = Arc::new(ReceiveQueue::new());
        let out = Outbox::new(queue.clone(), None);
        let mut users = Users::default();
        users.on_user(&user(5, "Ann", true), &out, &store);
        let got = drain(&queue);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with(r#"{"@type":"updateUser","user":{"@type":"user","id":5"#),
            "{got:?}"
        );
        assert_eq!(users.my_id(), Some(5), "the self flag names the account");
        assert!(
            store.with(|db| db.user(5)).flatten().is_some(),
            "the account's user is stored"
        );
        users.on_user(&user(5, "Ann", true), &out, &store);
        assert!(drain(&queue).is_empty(), "nothing new, nothing said");
        users.on_user(&user(6, "Bob", false), &out, &store);
        assert_eq!(drain(&queue).len(), 1);
        assert!(users.input_user(6).is_some() && users.input_user(9).is_none());
        let online =
            enums::UserStatus::Online(Box::new(types::UserStatusOnline { expires: i32::MAX }));
        users.on_status(6, &online, &out);
        let got = drain(&queue);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(
            got[0].starts_with(
                r#"{"@type":"updateUserStatus","user_id":6,"status":{"@type":"userStatusOnline""#
            ),
            "{got:?}"
        );
        users.on_status(6, &online, &out);
        assert!(drain(&queue).is_empty());
        users.on_name(
            &types::UpdateUserName {
                user_id: 6,
                first_name: "Robert".into(),
                last_name: String::new(),
                usernames: Vec::new(),
            },
            &out,
            &store,
        );
        let got = drain(&queue);
        assert!(
            got.len() == 1 && got[0].contains(r#""first_name":"Robert""#),
            "{got:?}"
        );
        store.destroy();
        let _ = std::fs::remove_dir_all(dir);
    }
}
