//! Reading messages: by id, history pages and text search, with Telegram's offsets
//! (core.telegram.org/api/offsets).

use rusqlite::types::Value;

use super::dialogs::box_of;
use super::error::{fail, RpcError};
use super::ids::{InputChannel, MessageBox, Peer, UserId};
use super::message::{Message, COLUMNS};
use super::{Caller, World, WorldResult};

/// Offsets of a page: the messages, newest first, that start `add_offset` places after the
/// first one older than `offset_id` (or sent before `offset_date`), at most `limit` of them,
/// all with `min_id < id < max_id` (0: no bound).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    pub offset_id: i32,
    pub offset_date: i32,
    pub add_offset: i32,
    pub limit: i32,
    pub max_id: i32,
    pub min_id: i32,
}

/// messages.search's extra conditions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Substring of the text (case-insensitive for ASCII); empty matches everything.
    pub text: String,
    /// Only messages with a document (`Some(false)`) or a photo (`Some(true)`).
    pub photos: Option<bool>,
    pub from_id: Option<UserId>,
    /// Only messages that mention the viewer (inputMessagesFilterMyMentions).
    pub mentions: bool,
    /// With `mentions`: only those not read yet (messages.getUnreadMentions).
    pub unread_mentions: bool,
    /// Only pinned messages (inputMessagesFilterPinned).
    pub pinned: bool,
}

/// messages.messages / messages.messagesSlice / messages.channelMessages.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryPage {
    pub messages: Vec<Message>,
    /// How many messages match in all (the page may hold fewer).
    pub count: i32,
}

/// A WHERE clause under construction, with its parameters.
struct Filter {
    sql: String,
    params: Vec<Value>,
}

impl Filter {
    fn new(owner: MessageBox) -> Filter {
        Filter {
            sql: "box = ?".into(),
            params: vec![Value::Integer(owner.key())],
        }
    }

    fn and(&mut self, clause: &str, values: impl IntoIterator<Item = Value>) {
        self.sql.push_str(" AND ");
        self.sql.push_str(clause);
        self.params.extend(values);
    }
}

fn like_pattern(text: &str) -> String {
    let escaped: String = text
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

impl World {
    /// Messages of `caller`'s box by id (messages.getMessages): `None` for ids not there.
    pub fn get_messages(&self, caller: Caller, ids: &[i32]) -> WorldResult<Vec<Option<Message>>> {
        crate::world::error::check_batch(ids.len())?;
        ids.iter()
            .map(|&id| self.load_message(MessageBox::User(caller.user_id), id, caller.user_id))
            .collect()
    }

    /// channels.getMessages.
    pub fn get_channel_messages(
        &self,
        caller: Caller,
        channel: InputChannel,
        ids: &[i32],
    ) -> WorldResult<Vec<Option<Message>>> {
        crate::world::error::check_batch(ids.len())?;
        let channel = self.resolve_input_channel(caller.user_id, channel)?;
        self.check_channel_readable(caller.user_id, channel)?;
        ids.iter()
            .map(|&id| self.load_message(MessageBox::Channel(channel), id, caller.user_id))
            .collect()
    }

    /// messages.getHistory of an already resolved peer.
    pub fn get_history(
        &self,
        caller: Caller,
        peer: Peer,
        query: HistoryQuery,
    ) -> WorldResult<HistoryPage> {
        self.search_messages(caller, Some(peer), &SearchQuery::default(), query)
    }

    /// messages.search (`peer = Some`) or messages.searchGlobal (`None`: the caller's box
    /// and every channel they are in).
    pub fn search_messages(
        &self,
        caller: Caller,
        peer: Option<Peer>,
        search: &SearchQuery,
        query: HistoryQuery,
    ) -> WorldResult<HistoryPage> {
        let viewer = caller.user_id;
        let mut filter = match peer {
            Some(peer) => {
                if let Peer::Channel(channel) = peer {
                    self.check_channel_readable(viewer, channel)?;
                }
                let mut filter = Filter::new(box_of(viewer, peer));
                if !matches!(peer, Peer::Channel(_)) {
                    let (kind, id) = peer.to_columns();
                    filter.and(
                        "peer_kind = ? AND peer_id = ?",
                        [Value::Integer(kind), Value::Integer(id)],
                    );
                }
                filter
            }
            None => {
                let mut boxes = vec![Value::Integer(viewer)];
                boxes.extend(
                    self.channels_of(viewer)?
                        .into_iter()
                        .map(|c| Value::Integer(-c)),
                );
                let marks = vec!["?"; boxes.len()].join(", ");
                Filter {
                    sql: format!("box IN ({marks})"),
                    params: boxes,
                }
            }
        };
        if !search.text.is_empty() {
            filter.and(
                "text LIKE ? ESCAPE '\\'",
                [Value::Text(like_pattern(&search.text))],
            );
        }
        match search.photos {
            Some(true) => filter.and("media LIKE '{\"Photo\"%'", []),
            Some(false) => filter.and("media LIKE '{\"Document\"%'", []),
            None => {}
        }
        if let Some(from) = search.from_id {
            filter.and("from_id = ?", [Value::Integer(from)]);
        }
        if search.mentions {
            let unread = if search.unread_mentions {
                " AND unread = 1"
            } else {
                ""
            };
            filter.and(
                &format!(
                    "EXISTS (SELECT 1 FROM mentions m WHERE m.user_id = ? AND m.box = messages.box
                     AND m.msg_id = messages.id{unread})"
                ),
                [Value::Integer(viewer)],
            );
        }
        if search.pinned {
            filter.and("pinned = 1", []);
        }
        if let Some(Peer::Channel(channel)) = peer {
            let hidden = self
                .dialog(viewer, Peer::Channel(channel))?
                .map_or(0, |d| d.available_min_id);
            if hidden > 0 {
                filter.and("id > ?", [Value::Integer(hidden.into())]);
            }
        }
        if query.max_id > 0 {
            filter.and("id < ?", [Value::Integer(query.max_id.into())]);
        }
        if query.min_id > 0 {
            filter.and("id > ?", [Value::Integer(query.min_id.into())]);
        }
        // Global search spans boxes whose ids are unrelated: order by date there.
        let order = if peer.is_some() { "id" } else { "date" };
        self.page(viewer, &filter, order, query)
    }

    fn page(
        &self,
        viewer: UserId,
        filter: &Filter,
        order: &str,
        query: HistoryQuery,
    ) -> WorldResult<HistoryPage> {
        if query.limit < 0 {
            return fail(RpcError::LimitInvalid);
        }
        let limit = query.limit.min(self.config.page_limit);
        let (older, newer): (String, String) = if query.offset_id > 0 {
            ("id < ?".into(), "id >= ?".into())
        } else if query.offset_date > 0 {
            ("date < ?".into(), "date >= ?".into())
        } else {
            ("1".into(), "0".into())
        };
        let has_offset = query.offset_id > 0 || query.offset_date > 0;
        let offset_value = Value::Integer(
            if query.offset_id > 0 {
                query.offset_id
            } else {
                query.offset_date
            }
            .into(),
        );
        let mut messages = Vec::new();
        // add_offset < 0 reaches back over the offset into newer messages.
        if query.add_offset < 0 && limit > 0 && has_offset {
            let sql = format!(
                "SELECT {COLUMNS} FROM messages WHERE {} AND {newer} ORDER BY {order} ASC, id ASC LIMIT ?",
                filter.sql
            );
            let mut params = filter.params.clone();
            params.push(offset_value.clone());
            params.push(Value::Integer(-i64::from(query.add_offset)));
            let mut newer_part =
                self.query_messages(&sql, rusqlite::params_from_iter(params), viewer)?;
            newer_part.reverse();
            newer_part.truncate(limit as usize);
            messages = newer_part;
        }
        let older_limit = i64::from(limit) + i64::from(query.add_offset.min(0));
        if older_limit > 0 {
            let sql = format!(
                "SELECT {COLUMNS} FROM messages WHERE {} AND {older} ORDER BY {order} DESC, id DESC LIMIT ? OFFSET ?",
                filter.sql
            );
            let mut params = filter.params.clone();
            if has_offset {
                params.push(offset_value);
            }
            params.push(Value::Integer(older_limit));
            params.push(Value::Integer(query.add_offset.max(0).into()));
            messages.extend(self.query_messages(
                &sql,
                rusqlite::params_from_iter(params),
                viewer,
            )?);
        }
        let count: i32 = self
            .db()
            .prepare_cached(&format!(
                "SELECT COUNT(*) FROM messages WHERE {}",
                filter.sql
            ))?
            .query_row(rusqlite::params_from_iter(filter.params.iter()), |row| {
                row.get(0)
            })?;
        Ok(HistoryPage { messages, count })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
