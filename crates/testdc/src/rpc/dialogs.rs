//! Dialog state of one user: pinned dialogs, folders and drafts.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::{entities, input_peer, reply_to};
use super::out::messages::message;
use super::out::notices::draft_message;
use super::out::updates::{dialog, state, updates};
use super::out::Mentions;
use super::Context;
use crate::world::{Caller, Draft, Peer, PtsStamp, RpcError, Stamped, Update, World, WorldResult};

fn dialog_peer(world: &World, caller: Caller, p: &enums::InputDialogPeer) -> WorldResult<Peer> {
    match p {
        enums::InputDialogPeer::InputDialogPeer(p) => {
            world.resolve_input_peer(caller.user_id, input_peer(&p.peer))
        }
        // Folders themselves cannot be pinned here.
        enums::InputDialogPeer::Folder(_) => Err(RpcError::PeerIdInvalid.into()),
    }
}

pub fn toggle_dialog_pin(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::ToggleDialogPin,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let peer = dialog_peer(world, caller, &x.peer)?;
    world.toggle_dialog_pin(caller, peer, x.pinned, ctx.now)?;
    Ok(true.to_bytes())
}

pub fn reorder_pinned_dialogs(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::ReorderPinnedDialogs,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let mut order = Vec::with_capacity(x.order.len());
    for p in &x.order {
        order.push(dialog_peer(world, caller, p)?);
    }
    world.reorder_pinned_dialogs(caller, x.folder_id, &order, x.force, ctx.now)?;
    Ok(true.to_bytes())
}

pub fn get_pinned_dialogs(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::GetPinnedDialogs,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let (found, tops) = world.pinned_dialogs(caller.user_id, x.folder_id)?;
    let mut mentions = Mentions::default();
    found.iter().for_each(|d| mentions.peer(d.peer));
    tops.iter().for_each(|m| mentions.message(m));
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    Ok(
        enums::messages::PeerDialogs::PeerDialogs(Box::new(types::messages::PeerDialogs {
            dialogs: found.iter().map(dialog).collect(),
            messages: tops.iter().map(message).collect(),
            chats,
            users,
            state: state(&world.update_state(caller.user_id, ctx.now)?),
        }))
        .to_bytes(),
    )
}

pub fn edit_peer_folders(
    world: &mut World,
    ctx: &Context,
    x: &functions::folders::EditPeerFolders,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let mut moves = Vec::with_capacity(x.folder_peers.len());
    for p in &x.folder_peers {
        let enums::InputFolderPeer::InputFolderPeer(p) = p;
        let peer = world.resolve_input_peer(caller.user_id, input_peer(&p.peer))?;
        moves.push((peer, p.folder_id));
    }
    let done = world.edit_peer_folders(caller, &moves, ctx.now)?;
    let stamped = Stamped {
        update: Update::FolderPeers { peers: moves },
        pts: Some(PtsStamp {
            pts: done.pts,
            pts_count: done.pts_count,
        }),
    };
    Ok(updates(world, caller.user_id, Vec::new(), &[stamped], ctx.now)?.to_bytes())
}

pub fn save_draft(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::SaveDraft,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    if x.media.is_some() {
        return Err(RpcError::MediaInvalid.into());
    }
    let draft = Draft {
        text: x.message.clone(),
        entities: entities(world, caller.user_id, x.entities.as_ref())?,
        reply_to: reply_to(x.reply_to.as_ref()),
        no_webpage: x.no_webpage,
        date: ctx.now,
    };
    let peer = super::input::input_peer(&x.peer);
    world.save_draft(caller, peer, draft, ctx.now)?;
    Ok(true.to_bytes())
}

/// messages.getAllDrafts: an updateDraftMessage for every draft (outside the seq: the
/// client asked, nothing changed).
pub fn get_all_drafts(world: &mut World, ctx: &Context) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let drafts = world.all_drafts(caller.user_id)?;
    let mut mentions = Mentions::default();
    drafts.iter().for_each(|(p, _)| mentions.peer(*p));
    let (users, chats) = mentions.resolve(world, caller.user_id)?;
    let list = drafts
        .iter()
        .map(|(p, d)| {
            enums::Update::DraftMessage(Box::new(types::UpdateDraftMessage {
                peer: super::out::messages::peer(*p),
                top_msg_id: None,
                saved_peer_id: None,
                draft: draft_message(Some(d), d.date),
            }))
        })
        .collect();
    Ok(enums::Updates::Updates(Box::new(types::Updates {
        updates: list,
        users,
        chats,
        date: ctx.now,
        seq: 0,
    }))
    .to_bytes())
}
