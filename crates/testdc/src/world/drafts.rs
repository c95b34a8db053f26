//! Drafts (messages.saveDraft): one per user and dialog, shown in the dialog and synced to
//! the user's other sessions with updateDraftMessage.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::error::{fail, RpcError};
use super::ids::{InputPeer, Peer, UserId};
use super::message::{to_json, Entity};
use super::messages::check_text;
use super::updates::{Notice, Update};
use super::{Caller, World, WorldResult};

/// TL `draftMessage`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub text: String,
    pub entities: Vec<Entity>,
    /// Replies to this message of the dialog.
    pub reply_to: Option<i32>,
    pub no_webpage: bool,
    pub date: i32,
}

impl World {
    /// `owner`'s draft in the dialog with `peer`.
    pub fn draft(&self, owner: UserId, peer: Peer) -> WorldResult<Option<Draft>> {
        let (kind, id) = peer.to_columns();
        let json: Option<String> = self
            .db()
            .prepare_cached(
                "SELECT draft FROM drafts WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
            )?
            .query_row(params![owner, kind, id], |row| row.get(0))
            .optional()?;
        Ok(match json {
            Some(json) => Some(serde_json::from_str(&json)?),
            None => None,
        })
    }

    /// Every draft of `owner` (messages.getAllDrafts), newest first.
    pub fn all_drafts(&self, owner: UserId) -> WorldResult<Vec<(Peer, Draft)>> {
        let rows: Vec<(i64, i64, String)> = {
            let mut stmt = self.db().prepare_cached(
                "SELECT peer_kind, peer_id, draft FROM drafts WHERE owner_id = ?1",
            )?;
            let rows =
                stmt.query_map([owner], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut drafts = Vec::with_capacity(rows.len());
        for (kind, id, json) in rows {
            let draft: Draft = serde_json::from_str(&json)?;
            drafts.push((Peer::from_columns(kind, id), draft));
        }
        drafts.sort_by_key(|d| std::cmp::Reverse(d.1.date));
        Ok(drafts)
    }

    /// messages.saveDraft: an empty text without a reply clears the draft. The caller's
    /// other sessions get updateDraftMessage.
    pub fn save_draft(
        &mut self,
        caller: Caller,
        peer: InputPeer,
        mut draft: Draft,
        now: i32,
    ) -> WorldResult<()> {
        let peer = self.resolve_input_peer(caller.user_id, peer)?;
        if let Peer::Channel(channel) = peer {
            self.check_channel_readable(caller.user_id, channel)?;
        }
        check_text(&draft.text, &draft.entities)?;
        if let Some(reply) = draft.reply_to {
            self.check_draft_reply(caller, peer, reply)?;
        }
        draft.date = now;
        let cleared = draft.text.trim().is_empty() && draft.reply_to.is_none();
        if cleared && self.draft(caller.user_id, peer)?.is_none() {
            // Nothing to clear: Telegram answers true and tells nobody.
            return Ok(());
        }
        self.atomically(|w| {
            let stored = if cleared { None } else { Some(draft) };
            w.store_draft(caller.user_id, peer, stored.as_ref())?;
            w.push_unstamped(
                caller.user_id,
                Some(caller.auth_key_id),
                Update::Notice(Notice::DraftMessage {
                    peer,
                    draft: stored,
                    date: now,
                }),
                now,
            )
        })
    }

    fn store_draft(&self, owner: UserId, peer: Peer, draft: Option<&Draft>) -> WorldResult<()> {
        let (kind, id) = peer.to_columns();
        match draft {
            Some(draft) => {
                self.db()
                    .prepare_cached(
                        "INSERT OR REPLACE INTO drafts (owner_id, peer_kind, peer_id, draft)
                         VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![owner, kind, id, to_json(draft)?])?;
            }
            None => {
                self.db()
                    .prepare_cached(
                        "DELETE FROM drafts WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
                    )?
                    .execute(params![owner, kind, id])?;
            }
        }
        Ok(())
    }

    /// sendMessage with clear_draft: the draft goes, and every session of the sender hears
    /// of it (the sending one too: its answer does not say).
    pub(crate) fn clear_draft(&mut self, caller: Caller, peer: Peer, now: i32) -> WorldResult<()> {
        if self.draft(caller.user_id, peer)?.is_none() {
            return Ok(());
        }
        self.store_draft(caller.user_id, peer, None)?;
        self.push_unstamped(
            caller.user_id,
            None,
            Update::Notice(Notice::DraftMessage {
                peer,
                draft: None,
                date: now,
            }),
            now,
        )
    }

    /// A draft replying to a message that is not in the dialog.
    fn check_draft_reply(&self, caller: Caller, peer: Peer, reply: i32) -> WorldResult<()> {
        let owner = super::dialogs::box_of(caller.user_id, peer);
        match self.load_message(owner, reply, caller.user_id)? {
            Some(m) if m.peer == peer => Ok(()),
            _ => fail(RpcError::ReplyMessageIdInvalid),
        }
    }
}
