//! contacts.search: people and chats by name or username. The caller's own finds
//! (`my_results`) are their contacts, by the names they saved or the username, and the groups
//! and channels they are in, by title; the public ones (`results`) are the other users and
//! channels whose username starts with the query. A name or title matches when one of its
//! words starts with the query (case-insensitive); a leading `@` is ignored.

use rusqlite::params;

use super::error::{fail, RpcError};
use super::ids::{Peer, UserId};
use super::{Caller, World, WorldResult};

/// Most peers of each list.
const FOUND_MAX: i32 = 100;

/// contacts.found, as peers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub my_results: Vec<Peer>,
    pub results: Vec<Peer>,
}

fn starts_a_word(text: &str, query: &str) -> bool {
    text.split_whitespace()
        .any(|word| word.to_lowercase().starts_with(query))
}

impl World {
    /// contacts.search; `limit` caps each list (clamped to 1..=100).
    pub fn search_contacts(&self, caller: Caller, query: &str, limit: i32) -> WorldResult<Found> {
        let query = query.trim();
        let query = query.strip_prefix('@').unwrap_or(query).to_lowercase();
        if query.is_empty() {
            return fail(RpcError::QueryTooShort);
        }
        let limit = limit.clamp(1, FOUND_MAX) as usize;
        let mut found = Found::default();
        let contacts: Vec<(UserId, String, String, Option<String>)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT c.user_id, c.first_name, c.last_name, u.username FROM contacts c
                 JOIN users u ON u.id = c.user_id WHERE c.owner_id = ?1 ORDER BY c.user_id",
            )?;
            let rows = stmt.query_map([caller.user_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (user, first, last, username) in contacts {
            let by_username = username.is_some_and(|u| u.to_lowercase().starts_with(&query));
            if by_username || starts_a_word(&format!("{first} {last}"), &query) {
                found.my_results.push(Peer::User(user));
            }
        }
        let groups: Vec<(i64, i64, String)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT 1, c.id, c.title FROM chat_participants p JOIN chats c ON c.id = p.chat_id
                 WHERE p.user_id = ?1 AND c.deactivated = 0
                 UNION ALL
                 SELECT 2, c.id, c.title FROM channel_participants p
                 JOIN channels c ON c.id = p.channel_id WHERE p.user_id = ?1 AND c.deleted = 0
                 ORDER BY 1, 2",
            )?;
            let rows = stmt.query_map([caller.user_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (kind, id, title) in groups {
            if starts_a_word(&title, &query) {
                found.my_results.push(match kind {
                    1 => Peer::Chat(id),
                    _ => Peer::Channel(id),
                });
            }
        }
        found.my_results.truncate(limit);
        let public: Vec<(i64, i64)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT peer_kind, peer_id FROM usernames WHERE username LIKE ?1 ESCAPE '\\'
                 ORDER BY username LIMIT ?2",
            )?;
            let escaped: String = query
                .chars()
                .flat_map(|c| match c {
                    '%' | '_' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            let wanted = limit + found.my_results.len() + 1;
            let rows = stmt.query_map(params![format!("{escaped}%"), wanted as i64], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (kind, id) in public {
            let peer = Peer::from_columns(kind, id);
            if peer == Peer::User(caller.user_id) || found.my_results.contains(&peer) {
                continue;
            }
            if found.results.len() < limit {
                found.results.push(peer);
            }
        }
        Ok(found)
    }
}
