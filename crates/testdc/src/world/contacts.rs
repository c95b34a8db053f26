//! Contacts: importing by phone, the contact list, and the names a user gave their contacts.

use rusqlite::{params, OptionalExtension};

use super::error::{fail, RpcError};
use super::ids::UserId;
use super::phone::normalize_phone;
use super::{Caller, UserView, World, WorldResult};

/// inputPhoneContact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneContact {
    pub client_id: i64,
    pub phone: String,
    pub first_name: String,
    pub last_name: String,
}

/// contacts.importedContacts: (user_id, client_id) pairs for the numbers that have accounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedContacts {
    pub imported: Vec<(UserId, i64)>,
    pub users: Vec<UserView>,
}

/// contact: one entry of contacts.getContacts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub user_id: UserId,
    pub mutual: bool,
}

impl World {
    /// The names `owner` saved for `user`, if `user` is `owner`'s contact.
    pub(crate) fn contact_names(
        &self,
        owner: UserId,
        user: UserId,
    ) -> WorldResult<Option<(String, String)>> {
        Ok(self
            .db()
            .prepare_cached(
                "SELECT first_name, last_name FROM contacts WHERE owner_id = ?1 AND user_id = ?2",
            )?
            .query_row(params![owner, user], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    fn save_contact(
        &self,
        owner: UserId,
        user: UserId,
        first: &str,
        last: &str,
    ) -> WorldResult<()> {
        self.db()
            .prepare_cached(
                "INSERT OR REPLACE INTO contacts (owner_id, user_id, first_name, last_name) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![owner, user, first, last])?;
        Ok(())
    }

    /// contacts.importContacts: numbers without an account are left out; one's own number is
    /// not imported. Empty names fall back to the account's own.
    pub fn import_contacts(
        &mut self,
        caller: Caller,
        contacts: &[PhoneContact],
    ) -> WorldResult<ImportedContacts> {
        crate::world::error::check_batch(contacts.len())?;
        self.atomically(|w| {
            let mut imported = Vec::new();
            for contact in contacts {
                let Ok(phone) = normalize_phone(&contact.phone) else {
                    continue;
                };
                let Some(user) = w.user_by_phone(&phone)? else {
                    continue;
                };
                if user.id == caller.user_id {
                    continue;
                }
                let (first, last) = if contact.first_name.trim().is_empty()
                    && contact.last_name.trim().is_empty()
                {
                    (user.first_name.clone(), user.last_name.clone())
                } else {
                    (
                        contact.first_name.trim().to_string(),
                        contact.last_name.trim().to_string(),
                    )
                };
                w.save_contact(caller.user_id, user.id, &first, &last)?;
                imported.push((user.id, contact.client_id));
            }
            let ids: Vec<UserId> = imported.iter().map(|(id, _)| *id).collect();
            Ok(ImportedContacts {
                users: w.user_views(caller.user_id, &ids)?,
                imported,
            })
        })
    }

    /// contacts.addContact: `user` becomes the caller's contact under the names given (one of
    /// them at least). `add_phone_privacy_exception` needs nothing more here: with no privacy
    /// settings kept, every user's phone is visible to their contacts, as Telegram's default
    /// ("My contacts") has it.
    pub fn add_contact(
        &mut self,
        caller: Caller,
        user: UserId,
        first_name: &str,
        last_name: &str,
    ) -> WorldResult<UserView> {
        if user == caller.user_id {
            return fail(RpcError::ContactIdInvalid);
        }
        self.existing_user(user)?;
        let (first, last) = (first_name.trim(), last_name.trim());
        if first.is_empty() && last.is_empty() {
            return fail(RpcError::ContactNameEmpty);
        }
        self.save_contact(caller.user_id, user, first, last)?;
        self.user_view(caller.user_id, user)
    }

    /// contacts.deleteContacts.
    pub fn delete_contacts(&mut self, caller: Caller, users: &[UserId]) -> WorldResult<()> {
        crate::world::error::check_batch(users.len())?;
        self.atomically(|w| {
            for user in users {
                w.db()
                    .prepare_cached("DELETE FROM contacts WHERE owner_id = ?1 AND user_id = ?2")?
                    .execute(params![caller.user_id, user])?;
            }
            Ok(())
        })
    }

    /// contacts.getContacts: the list and the users in it.
    pub fn contacts(&self, caller: Caller) -> WorldResult<(Vec<Contact>, Vec<UserView>)> {
        let contacts: Vec<Contact> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT c.user_id, EXISTS (SELECT 1 FROM contacts r WHERE r.owner_id = c.user_id AND r.user_id = c.owner_id)
                 FROM contacts c WHERE c.owner_id = ?1 ORDER BY c.user_id",
            )?;
            let rows = stmt.query_map([caller.user_id], |row| {
                Ok(Contact {
                    user_id: row.get(0)?,
                    mutual: row.get(1)?,
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let ids: Vec<UserId> = contacts.iter().map(|c| c.user_id).collect();
        let users = self.user_views(caller.user_id, &ids)?;
        Ok((contacts, users))
    }
}
