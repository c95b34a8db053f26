//! Pinned dialogs (messages.toggleDialogPin, getPinnedDialogs, reorderPinnedDialogs) and
//! folders (folders.editPeerFolders: 0 is the main list, 1 the archive; an archived dialog
//! that is not muted comes back to the main list when a message arrives in it, and no
//! dialog is muted here: notification settings are not kept).

use rusqlite::params;

use super::dialogs::{box_of, from_row, Dialog, COLUMNS};
use super::error::{fail, RpcError};
use super::ids::{Peer, UserId};
use super::message::Message;
use super::messages::Affected;
use super::updates::{LoggedEvent, Notice, Update};
use super::{Caller, World, WorldResult};

/// The archive's folder id.
pub const ARCHIVE_FOLDER: i32 = 1;

/// How many dialogs a folder may pin (Telegram's limits for accounts without Premium).
fn pinned_max(folder: i32) -> usize {
    if folder == ARCHIVE_FOLDER {
        100
    } else {
        5
    }
}

fn folder_field(folder: i32) -> Option<i32> {
    (folder != 0).then_some(folder)
}

impl World {
    fn existing_dialog(&self, owner: UserId, peer: Peer) -> WorldResult<Dialog> {
        match self.dialog(owner, peer)? {
            Some(dialog) => Ok(dialog),
            None => fail(RpcError::PeerIdInvalid),
        }
    }

    /// The pinned dialogs of a folder, in their order.
    fn pinned_peers(&self, owner: UserId, folder: i32) -> WorldResult<Vec<Peer>> {
        let mut stmt = self.db().prepare_cached(
            "SELECT peer_kind, peer_id FROM dialogs WHERE owner_id = ?1 AND folder_id = ?2
             AND pinned_rank IS NOT NULL ORDER BY pinned_rank",
        )?;
        let peers = stmt
            .query_map(params![owner, folder], |row| {
                Ok(Peer::from_columns(row.get(0)?, row.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(peers)
    }

    fn set_pinned_rank(&self, owner: UserId, peer: Peer, rank: Option<i64>) -> WorldResult<()> {
        let (kind, id) = peer.to_columns();
        self.db()
            .prepare_cached(
                "UPDATE dialogs SET pinned_rank = ?4 WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
            )?
            .execute(params![owner, kind, id, rank])?;
        Ok(())
    }

    /// messages.toggleDialogPin: a newly pinned dialog goes to the top of its folder's pins.
    pub fn toggle_dialog_pin(
        &mut self,
        caller: Caller,
        peer: Peer,
        pinned: bool,
        now: i32,
    ) -> WorldResult<()> {
        let dialog = self.existing_dialog(caller.user_id, peer)?;
        if dialog.pinned == pinned {
            return Ok(());
        }
        let mut order = self.pinned_peers(caller.user_id, dialog.folder_id)?;
        if pinned {
            if order.len() >= pinned_max(dialog.folder_id) {
                return fail(RpcError::PinnedDialogsTooMuch);
            }
            order.insert(0, peer);
        } else {
            order.retain(|p| *p != peer);
        }
        self.atomically(|w| {
            if !pinned {
                w.set_pinned_rank(caller.user_id, peer, None)?;
            }
            for (rank, p) in order.iter().enumerate() {
                w.set_pinned_rank(caller.user_id, *p, Some(rank as i64))?;
            }
            w.push_unstamped(
                caller.user_id,
                Some(caller.auth_key_id),
                Update::Notice(Notice::DialogPinned {
                    peer,
                    pinned,
                    folder_id: folder_field(dialog.folder_id),
                }),
                now,
            )
        })
    }

    /// messages.getPinnedDialogs: the folder's pinned dialogs and their top messages.
    pub fn pinned_dialogs(
        &self,
        viewer: UserId,
        folder: i32,
    ) -> WorldResult<(Vec<Dialog>, Vec<Message>)> {
        let dialogs: Vec<Dialog> = {
            let mut stmt = self.db().prepare_cached(&format!(
                "SELECT {COLUMNS} FROM dialogs WHERE owner_id = ?1 AND folder_id = ?2
                 AND pinned_rank IS NOT NULL ORDER BY pinned_rank"
            ))?;
            let rows = stmt.query_map(params![viewer, folder], from_row)?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut complete = Vec::with_capacity(dialogs.len());
        let mut messages = Vec::new();
        for dialog in dialogs {
            let dialog = self.complete_dialog(viewer, dialog)?;
            messages.extend(self.load_message(
                box_of(viewer, dialog.peer),
                dialog.top_message,
                viewer,
            )?);
            complete.push(dialog);
        }
        Ok((complete, messages))
    }

    /// messages.reorderPinnedDialogs. Without `force` every peer named must be pinned in the
    /// folder (pins not named keep their order after them); with it the folder's pins
    /// become exactly `order`.
    pub fn reorder_pinned_dialogs(
        &mut self,
        caller: Caller,
        folder: i32,
        order: &[Peer],
        force: bool,
        now: i32,
    ) -> WorldResult<()> {
        crate::world::error::check_batch(order.len())?;
        let current = self.pinned_peers(caller.user_id, folder)?;
        let mut wanted: Vec<Peer> = Vec::new();
        for peer in order {
            let dialog = self.existing_dialog(caller.user_id, *peer)?;
            if dialog.folder_id != folder || (!force && !dialog.pinned) {
                return fail(RpcError::PeerIdInvalid);
            }
            if !wanted.contains(peer) {
                wanted.push(*peer);
            }
        }
        if !force {
            wanted.extend(current.iter().filter(|p| !order.contains(p)));
        }
        if wanted.len() > pinned_max(folder) {
            return fail(RpcError::PinnedDialogsTooMuch);
        }
        self.atomically(|w| {
            for peer in current.iter().filter(|p| !wanted.contains(p)) {
                w.set_pinned_rank(caller.user_id, *peer, None)?;
            }
            for (rank, peer) in wanted.iter().enumerate() {
                w.set_pinned_rank(caller.user_id, *peer, Some(rank as i64))?;
            }
            w.push_unstamped(
                caller.user_id,
                Some(caller.auth_key_id),
                Update::Notice(Notice::PinnedDialogs {
                    folder_id: folder_field(folder),
                    order: wanted.clone(),
                }),
                now,
            )
        })
    }

    /// folders.editPeerFolders: moves dialogs between the main list and the archive (a
    /// moved dialog loses its pin); one updateFolderPeers in the caller's pts.
    pub fn edit_peer_folders(
        &mut self,
        caller: Caller,
        moves: &[(Peer, i32)],
        now: i32,
    ) -> WorldResult<Affected> {
        crate::world::error::check_batch(moves.len())?;
        for (peer, folder) in moves {
            if *folder != 0 && *folder != ARCHIVE_FOLDER {
                return fail(RpcError::FolderIdInvalid);
            }
            self.existing_dialog(caller.user_id, *peer)?;
        }
        self.atomically(|w| {
            for (peer, folder) in moves {
                let (kind, id) = peer.to_columns();
                w.db()
                    .prepare_cached(
                        "UPDATE dialogs SET folder_id = ?4, pinned_rank = CASE WHEN folder_id = ?4
                             THEN pinned_rank ELSE NULL END
                         WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3",
                    )?
                    .execute(params![caller.user_id, kind, id, folder])?;
            }
            let stamp = w.emit_user(
                caller.user_id,
                Some(caller.auth_key_id),
                &LoggedEvent::FolderPeers {
                    peers: moves.to_vec(),
                },
                Update::FolderPeers {
                    peers: moves.to_vec(),
                },
                1,
                now,
            )?;
            Ok(Affected {
                pts: stamp.pts,
                pts_count: stamp.pts_count,
            })
        })
    }

    /// A message arrived for `owner` in their dialog with `peer`: an archived dialog comes
    /// back to the main list (losing its pin there), with updateFolderPeers in their pts.
    pub(crate) fn unarchive_on_message(
        &mut self,
        owner: UserId,
        peer: Peer,
        now: i32,
    ) -> WorldResult<()> {
        let (kind, id) = peer.to_columns();
        let moved = self
            .db()
            .prepare_cached(
                "UPDATE dialogs SET folder_id = 0, pinned_rank = NULL
                 WHERE owner_id = ?1 AND peer_kind = ?2 AND peer_id = ?3 AND folder_id = ?4",
            )?
            .execute(params![owner, kind, id, ARCHIVE_FOLDER])?;
        if moved == 0 {
            return Ok(());
        }
        let peers = vec![(peer, 0)];
        self.emit_user(
            owner,
            None,
            &LoggedEvent::FolderPeers {
                peers: peers.clone(),
            },
            Update::FolderPeers { peers },
            1,
            now,
        )?;
        Ok(())
    }
}
