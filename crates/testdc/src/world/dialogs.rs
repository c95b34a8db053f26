//! Dialogs: one per (user, peer), ordered by their top message's date.

use rusqlite::{params, OptionalExtension, Row};

use super::drafts::Draft;
use super::ids::{ChannelId, MessageBox, Peer, UserId};
use super::message::Message;
use super::{World, WorldResult};

/// TL `dialog`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dialog {
    pub peer: Peer,
    pub top_message: i32,
    pub top_date: i32,
    pub read_inbox_max_id: i32,
    pub read_outbox_max_id: i32,
    pub unread_count: i32,
    /// The channel's pts, for channel dialogs.
    pub pts: Option<i32>,
    pub pinned: bool,
    /// 0: the main list; 1: the archive.
    pub folder_id: i32,
    pub unread_mentions_count: i32,
    pub draft: Option<Draft>,
    /// Channels: the owner cleared the history below this id for themselves.
    pub available_min_id: i32,
}

/// messages.getDialogs' offsets (see core.telegram.org/api/offsets).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DialogsQuery {
    /// Only dialogs whose top message is older than this (0: from the newest).
    pub offset_date: i32,
    /// With `offset_date`: among dialogs at that date, only top messages below this id.
    pub offset_id: i32,
    /// Accepted for completeness; date and id already place the page.
    pub offset_peer: Option<Peer>,
    pub limit: i32,
    /// Only this folder's dialogs (0: the main list, 1: the archive); `None`: all.
    pub folder_id: Option<i32>,
    /// Leave the pinned dialogs out (otherwise they lead the first page, in their order).
    pub exclude_pinned: bool,
}

/// messages.dialogs / messages.dialogsSlice.
#[derive(Clone, Debug, PartialEq)]
pub struct DialogsPage {
    pub dialogs: Vec<Dialog>,
    /// The top message of each dialog.
    pub messages: Vec<Message>,
    /// All dialogs of the user.
    pub count: i32,
}

pub(crate) const COLUMNS: &str =
    "peer_kind, peer_id, top_id, top_date, read_inbox_max_id, read_outbox_max_id, unread_count, \
     pinned_rank, folder_id, available_min_id";

pub(crate) fn from_row(row: &Row) -> rusqlite::Result<Dialog> {
    Ok(Dialog {
        peer: Peer::from_columns(row.get(0)?, row.get(1)?),
        top_message: row.get(2)?,
        top_date: row.get(3)?,
        read_inbox_max_id: row.get(4)?,
        read_outbox_max_id: row.get(5)?,
        unread_count: row.get(6)?,
        pts: None,
        pinned: row.get::<_, Option<i64>>(7)?.is_some(),
        folder_id: row.get(8)?,
        unread_mentions_count: 0,
        draft: None,
        available_min_id: row.get(9)?,
    })
}

/// The box holding `owner`'s messages with `peer`.
pub(crate) fn box_of(owner: UserId, peer: Peer) -> MessageBox {
    match peer {
        Peer::Channel(id) => MessageBox::Channel(id),
        Peer::User(_) | Peer::Chat(_) => MessageBox::User(owner),
    }
}

impl World {
    /// A new top message in `owner`'s dialog with `peer` (created if missing).
    pub(crate) fn touch_dialog(
        &self,
        owner: UserId,
        peer: Peer,
        top_id: i32,
        date: i32,
        incoming: bool,
    ) -> WorldResult<()> {
        let (kind, id) = peer.to_columns();
        self.db()
            .prepare_cached(
                "INSERT INTO dialogs (owner_id, peer_kind, peer_id, top_id, top_date, unread_count)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (owner_id, peer_kind, peer_id) DO UPDATE SET
                    top_id = excluded.top_id, top_date = excluded.top_date,
                    unread_count = unread_count + excluded.unread_count",
            )?
            .execute(params![owner, kind, id, top_id, date, i32::from(incoming)])?;
        Ok(())
    }

    /// Unread incoming messages of `owner` with `peer` above `read_max_id`.
    pub(crate) fn count_unread(
        &self,
        owner: UserId,
        peer: Peer,
        read_max_id: i32,
    ) -> WorldResult<i32> {
        let count = match peer {
            Peer::Channel(channel) => self
                .db()
                .prepare_cached(
                    "SELECT COUNT(*) FROM messages WHERE box = ?1 AND id > ?2
                     AND (author_id IS NULL OR author_id != ?3)",
                )?
                .query_row(params![-channel, read_max_id, owner], |row| row.get(0))?,
            _ => {
                let (kind, id) = peer.to_columns();
                self.db()
                    .prepare_cached(
                        "SELECT COUNT(*) FROM messages WHERE box = ?1 AND peer_kind = ?2 AND peer_id = ?3
                         AND id > ?4 AND out = 0",
                    )?
                    .query_row(params![owner, kind, id, read_max_id], |row| row.get(0))?
            }
        };
        Ok(count)
    }

    /// Recomputes the top message and unread count after messages were deleted; a private
    /// or group dialog with no messages left disappears.
    pub(crate) fn refresh_dialog(&self, owner: UserId, peer: Peer) -> WorldResult<()> {
        self.refresh_dialog_keeping(owner, peer, false)
    }

    /// [`refresh_dialog`](Self::refresh_dialog); with `keep` an emptied dialog stays (its
    /// top message 0), as messages.deleteHistory's `just_clear` leaves it.
    pub(crate) fn refresh_dialog_keeping(
        &self,
        owner: UserId,
        peer: Peer,
        keep: bool,
    ) -> WorldResult<()> {
        let Some(dialog) = self.dialog(owner, peer)? else {
            return Ok(());
        };
        let owner_box = box_of(owner, peer);
        let (kind, id) = peer.to_columns();
        let top: Option<(i32, i32)> = match peer {
            Peer::Channel(_) => self
                .db()
                .prepare_cached("SELECT id, date FROM messages WHERE box = ?1 ORDER BY id DESC LIMIT 1")?
                .query_row([owner_box.key()], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?,
            _ => self
                .db()
                .prepare_cached(
                    "SELECT id, date FROM messages WHERE box = ?1 AND peer_kind = ?2 AND peer_id = ?3
                     ORDER BY id DESC LIMIT 1",
                )?
                .query_row(params![owner, kind, id], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?,
        };
        match top {
            None if !keep && !matches!(peer, Peer::Channel(_)) => {
                self.db()
                    .prepare_cached("DELETE FROM dialogs WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3")?
                    .execute(params![owner, kind, id])?;
            }
            top => {
                let (top_id, top_date) = top.unwrap_or((0, dialog.top_date));
                let unread = self.count_unread(owner, peer, dialog.read_inbox_max_id)?;
                self.db()
                    .prepare_cached(
                        "UPDATE dialogs SET top_id = ?4, top_date = ?5, unread_count = ?6
                         WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
                    )?
                    .execute(params![owner, kind, id, top_id, top_date, unread])?;
            }
        }
        Ok(())
    }

    /// `owner`'s dialog with `peer`, if they have one.
    pub fn dialog(&self, owner: UserId, peer: Peer) -> WorldResult<Option<Dialog>> {
        let (kind, id) = peer.to_columns();
        let dialog = self
            .db()
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM dialogs WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3"
            ))?
            .query_row(params![owner, kind, id], from_row)
            .optional()?;
        dialog.map(|d| self.complete_dialog(owner, d)).transpose()
    }

    /// Adds what the dialogs table does not hold: a channel's pts, mentions, the draft.
    pub(crate) fn complete_dialog(&self, owner: UserId, mut dialog: Dialog) -> WorldResult<Dialog> {
        if let Peer::Channel(channel) = dialog.peer {
            dialog.pts = Some(self.existing_channel(channel)?.pts);
        }
        dialog.unread_mentions_count = self.unread_mentions_count(owner, dialog.peer)?;
        dialog.draft = self.draft(owner, dialog.peer)?;
        Ok(dialog)
    }

    /// `viewer`'s dialog with a channel, made up from the channel when they have none.
    pub(crate) fn channel_dialog(
        &self,
        viewer: UserId,
        channel: ChannelId,
        _now: i32,
    ) -> WorldResult<Dialog> {
        if let Some(dialog) = self.dialog(viewer, Peer::Channel(channel))? {
            return Ok(dialog);
        }
        let info = self.existing_channel(channel)?;
        Ok(Dialog {
            peer: Peer::Channel(channel),
            top_message: info.last_msg_id,
            top_date: info.date,
            read_inbox_max_id: info.last_msg_id,
            read_outbox_max_id: 0,
            unread_count: 0,
            pts: Some(info.pts),
            pinned: false,
            folder_id: 0,
            unread_mentions_count: 0,
            draft: None,
            available_min_id: 0,
        })
    }

    /// messages.getDialogs: on the first page the pinned dialogs come first, in their order;
    /// then (and on later pages only) the others, newest top message first.
    pub fn dialogs(&self, viewer: UserId, query: &DialogsQuery) -> WorldResult<DialogsPage> {
        let limit = if query.limit <= 0 {
            self.config.page_limit
        } else {
            query.limit.min(self.config.page_limit)
        };
        let folder = query.folder_id.map_or(-1, i64::from);
        let first_page = query.offset_date == 0 && query.offset_id == 0;
        let mut dialogs: Vec<Dialog> = Vec::new();
        if first_page && !query.exclude_pinned {
            let mut stmt = self.db().prepare_cached(&format!(
                "SELECT {COLUMNS} FROM dialogs WHERE owner_id = ?1 AND pinned_rank IS NOT NULL
                 AND (?2 < 0 OR folder_id = ?2) ORDER BY pinned_rank LIMIT ?3"
            ))?;
            let rows = stmt.query_map(params![viewer, folder, limit], from_row)?;
            dialogs = rows.collect::<rusqlite::Result<_>>()?;
        }
        let rest = i64::from(limit) - dialogs.len() as i64;
        if rest > 0 {
            let mut stmt = self.db().prepare_cached(&format!(
                "SELECT {COLUMNS} FROM dialogs WHERE owner_id = ?1 AND pinned_rank IS NULL
                 AND (?5 < 0 OR folder_id = ?5)
                 AND (?2 = 0 OR top_date < ?2 OR (top_date = ?2 AND ?3 != 0 AND top_id < ?3))
                 ORDER BY top_date DESC, top_id DESC LIMIT ?4"
            ))?;
            let rows = stmt.query_map(
                params![viewer, query.offset_date, query.offset_id, rest, folder],
                from_row,
            )?;
            dialogs.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        }
        let dialogs = dialogs
            .into_iter()
            .map(|d| self.complete_dialog(viewer, d))
            .collect::<WorldResult<Vec<_>>>()?;
        let mut messages = Vec::with_capacity(dialogs.len());
        for dialog in &dialogs {
            messages.extend(self.load_message(
                box_of(viewer, dialog.peer),
                dialog.top_message,
                viewer,
            )?);
        }
        let count = self
            .db()
            .prepare_cached(
                "SELECT COUNT(*) FROM dialogs WHERE owner_id = ?1 AND (?2 < 0 OR folder_id = ?2)
                 AND (?3 = 0 OR pinned_rank IS NULL)",
            )?
            .query_row(params![viewer, folder, query.exclude_pinned], |row| {
                row.get(0)
            })?;
        Ok(DialogsPage {
            dialogs,
            messages,
            count,
        })
    }

    /// messages.getPeerDialogs: the dialogs that exist among `peers`, with top messages.
    pub fn peer_dialogs(
        &self,
        viewer: UserId,
        peers: &[Peer],
    ) -> WorldResult<(Vec<Dialog>, Vec<Message>)> {
        crate::world::error::check_batch(peers.len())?;
        let mut dialogs = Vec::new();
        let mut messages = Vec::new();
        for peer in peers {
            if let Some(dialog) = self.dialog(viewer, *peer)? {
                messages.extend(self.load_message(
                    box_of(viewer, dialog.peer),
                    dialog.top_message,
                    viewer,
                )?);
                dialogs.push(dialog);
            }
        }
        Ok((dialogs, messages))
    }
}
