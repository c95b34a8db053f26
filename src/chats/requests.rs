//! Chat list and chat requests: loadChats, getChats, getChat, createPrivateChat,
//! openChat, closeChat; and the list reloads the updates machinery asks for.

use td_api as td;
use tl::api::{enums, functions};

use super::chat_id::ChatKind;
use super::list;
use crate::api::error;
use crate::client::session::Session;
use crate::engine::{self, Answer, Engine, Td};
use crate::messages::requests::chat_not_found;
use crate::storage::chat_db::Write;

/// Dialogs asked for per page.
const PAGE: i32 = 100;

fn folder(list: Option<&td::ChatList>) -> Result<i32, td::Error> {
    list::folder_of(list).ok_or_else(|| error(400, "Chat list not found"))
}

impl Engine {
    /// Chats of a list the app has not been shown yet, best first.
    fn unshown(&self, folder: i32) -> Vec<(i64, i64)> {
        let l = &self.chats.lists[folder as usize];
        let mut v: Vec<(i64, i64)> = self
            .chats
            .all()
            .filter(|s| s.folder == folder)
            .map(|s| (list::order(s), s.chat_id))
            .filter(|(o, _)| *o != 0 && *o < l.boundary)
            .collect();
        v.sort_unstable_by(|a, b| b.cmp(a));
        v
    }

    /// Shows the app the list down to `boundary` (or all of it).
    fn lower_boundary(
        &mut self,
        folder: i32,
        boundary: i64,
        complete: bool,
        out: &crate::client::session::Outbox,
    ) {
        let l = &mut self.chats.lists[folder as usize];
        l.boundary = l.boundary.min(boundary);
        l.server_complete |= complete;
        let mut chats: Vec<(i64, i64)> = self
            .chats
            .all()
            .filter(|s| s.folder == folder)
            .map(|s| (list::order(s), s.chat_id))
            .collect();
        chats.sort_unstable_by(|a, b| b.cmp(a));
        let boundary = self.chats.lists[folder as usize].boundary;
        for (order, chat_id) in chats {
            if order != 0 && order >= boundary && self.announce_chat(chat_id, out) {
                self.sync_positions(chat_id, out);
            }
        }
        self.sync_counters(out);
    }

    /// Shows up to `limit` chats known locally but not yet shown; how many.
    fn show_known(
        &mut self,
        folder: i32,
        limit: usize,
        out: &crate::client::session::Outbox,
    ) -> usize {
        let unshown = self.unshown(folder);
        let n = unshown.len().min(limit);
        if n > 0 {
            let boundary = unshown[n - 1].0;
            self.lower_boundary(folder, boundary, false, out);
        }
        n
    }

    /// A page of messages.getDialogs, applied; whether the list is now complete.
    fn on_dialogs_page(
        &mut self,
        folder: i32,
        first: bool,
        page: enums::messages::Dialogs,
        out: &crate::client::session::Outbox,
    ) {
        use enums::messages::Dialogs as D;
        let (dialogs, messages, chats, users, total) = match page {
            D::Dialogs(x) => (x.dialogs, x.messages, x.chats, x.users, None),
            D::Slice(x) => (x.dialogs, x.messages, x.chats, x.users, Some(x.count)),
            D::NotModified(_) => (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Some(0)),
        };
        self.users.on_users(&users, out, &self.store);
        self.on_groups(&chats, out);
        let pinned = dialogs
            .iter()
            .filter(|d| matches!(d, enums::Dialog::Dialog(d) if d.pinned))
            .count() as i32;
        let mut rank = pinned;
        let mut last = None;
        let mut lowest = i64::MAX;
        for d in &dialogs {
            let enums::Dialog::Dialog(d) = d else {
                continue;
            };
            let r = if d.pinned && first {
                rank -= 1;
                rank + 1
            } else {
                self.chats
                    .get(super::chat_id::of_peer(&d.peer))
                    .map_or(0, |s| s.pinned_rank)
            };
            let Some(chat_id) = self.on_dialog(d, &messages, r, out) else {
                continue;
            };
            if let Some(s) = self.chats.get(chat_id) {
                let o = list::order(s);
                if o != 0 && s.pinned_rank == 0 {
                    lowest = lowest.min(o);
                }
                if !d.pinned {
                    last = Some((s.last_message_date, d.top_message, chat_id));
                }
            }
        }
        let complete = match total {
            None => true,
            Some(_) if dialogs.len() < PAGE as usize => true,
            Some(_) => false,
        };
        let l = &mut self.chats.lists[folder as usize];
        if let Some(last) = last {
            l.server_offset = Some(last);
        }
        if complete {
            self.writes.push(Write::ListComplete {
                folder,
                complete: true,
            });
        }
        let boundary = if complete { 1 } else { lowest };
        self.lower_boundary(folder, boundary, complete, out);
    }
}

pub fn load_chats(s: &mut Session, extra: Option<Box<str>>, f: td::LoadChats) {
    let go = s.with_engine(|td| -> Result<Option<_>, td::Error> {
        let folder = folder(f.chat_list.as_ref())?;
        let out = td.out;
        let e = &mut *td.engine;
        let complete = e.chats.lists[folder as usize].server_complete;
        if complete && e.unshown(folder).is_empty() {
            return Err(error(404, "Not Found"));
        }
        if f.limit <= 0 {
            return Err(error(400, "Parameter limit must be positive"));
        }
        if e.show_known(folder, f.limit.min(100) as usize, out) > 0 {
            return Ok(None);
        }
        Ok(Some(dialogs_call(e, folder)))
    });
    let Some(go) = go else { return };
    match go {
        Err(err) => s.out().error(err, extra.as_deref()),
        Ok(None) => s.out().reply(Ok(td::Ok {}), extra.as_deref()),
        Ok(Some((net, call, folder, first))) => engine::request(
            s,
            extra,
            async move { net.call(&call).await },
            move |td, page| -> Answer {
                let page = page?;
                let out = td.out;
                td.engine.on_dialogs_page(folder, first, page, out);
                engine::ok(td::Ok {})
            },
        ),
    }
}

fn dialogs_call(
    e: &Engine,
    folder: i32,
) -> (crate::net::Net, functions::messages::GetDialogs, i32, bool) {
    let offset = e.chats.lists[folder as usize].server_offset;
    let (offset_date, offset_id, offset_peer) = match offset {
        Some((date, id, chat)) => (
            date,
            id,
            e.input_peer(chat).unwrap_or(enums::InputPeer::Empty),
        ),
        None => (0, 0, enums::InputPeer::Empty),
    };
    let call = functions::messages::GetDialogs {
        exclude_pinned: offset.is_some(),
        folder_id: (folder != 0).then_some(folder),
        offset_date,
        offset_id,
        offset_peer,
        limit: PAGE,
        hash: 0,
    };
    (e.net.clone(), call, folder, offset.is_none())
}

pub fn get_chats(s: &mut Session, extra: Option<Box<str>>, f: td::GetChats) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let folder = folder(f.chat_list.as_ref())?;
        if f.limit <= 0 {
            return Err(error(400, "Parameter limit must be positive"));
        }
        let out = td.out;
        let e = &mut *td.engine;
        let shown = e.chats.lists[folder as usize].shown.len();
        if shown < f.limit as usize {
            e.show_known(folder, f.limit as usize - shown, out);
        }
        let enough = e.chats.lists[folder as usize].shown.len() >= f.limit as usize;
        if enough || e.chats.lists[folder as usize].server_complete {
            return Ok(Err(chat_ids(e, folder, f.limit)));
        }
        Ok(Ok(dialogs_call(e, folder)))
    });
    let Some(go) = go else { return };
    let limit = f.limit;
    match go {
        Err(err) => s.out().error(err, extra.as_deref()),
        Ok(Err(chats)) => s.out().reply(Ok(chats), extra.as_deref()),
        Ok(Ok((net, call, folder, first))) => engine::request(
            s,
            extra,
            async move { net.call(&call).await },
            move |td, page| -> Answer {
                let out = td.out;
                if let Ok(page) = page {
                    td.engine.on_dialogs_page(folder, first, page, out);
                }
                engine::ok(chat_ids(td.engine, folder, limit))
            },
        ),
    }
}

fn chat_ids(e: &Engine, folder: i32, limit: i32) -> td::Chats {
    let mut v: Vec<(i64, bool, i64)> = e.chats.lists[folder as usize]
        .shown
        .iter()
        .map(|(id, (order, pinned))| (*order, *pinned, *id))
        .collect();
    v.sort_unstable_by_key(|x| std::cmp::Reverse((x.0, x.2)));
    // Not all loaded: TDLib counts one more than it knows.
    let complete = e.chats.lists[folder as usize].server_complete;
    let total = v.len() as i32 + i32::from(!complete);
    td::Chats {
        total_count: total,
        chat_ids: v
            .into_iter()
            .take(limit as usize)
            .map(|(_, _, id)| id)
            .collect(),
    }
}

pub fn get_chat(s: &mut Session, extra: Option<Box<str>>, chat_id: i64) {
    let r = s.with_engine(|td| {
        let out = td.out;
        let e = &mut *td.engine;
        if !e.chats.is_announced(chat_id) {
            let known = ChatKind::of(chat_id).is_some_and(|k| e.knows_peer(k));
            if !known || !e.announce_chat(chat_id, out) {
                return Err(chat_not_found());
            }
        }
        e.chat_object(chat_id).ok_or_else(chat_not_found)
    });
    if let Some(r) = r {
        s.out().reply(r, extra.as_deref());
    }
}

pub fn create_private_chat(s: &mut Session, extra: Option<Box<str>>, user_id: i64) {
    let r = s.with_engine(|td| {
        let out = td.out;
        let e = &mut *td.engine;
        if e.users.get(user_id).is_none() {
            return Err(error(400, "User not found"));
        }
        e.announce_chat(user_id, out);
        e.chat_object(user_id).ok_or_else(chat_not_found)
    });
    if let Some(r) = r {
        s.out().reply(r, extra.as_deref());
    }
}

pub fn open_chat(s: &mut Session, extra: Option<Box<str>>, chat_id: i64, open: bool) {
    let r = s.with_engine(|td| crate::messages::requests::on_chat_open(td, chat_id, open));
    if let Some(r) = r {
        s.out().reply(r, extra.as_deref());
    }
}

/// After a too-long difference: the lists are fetched again from the top, so every chat
/// gets the server's last message and counters.
pub fn reload_lists(td: &mut Td<'_>) {
    for folder in 0..2 {
        td.engine.chats.lists[folder].server_offset = None;
    }
    let (net, call, folder, first) = dialogs_call(td.engine, 0);
    let id = td.id;
    engine::spawn(async move {
        if let Ok(page) = net.call(&call).await {
            engine::with(id, |td| {
                let out = td.out;
                td.engine.on_dialogs_page(folder, first, page, out);
                td.engine.flush();
            });
        }
    });
}

/// updateChannel: the channel changed in a way only channels.getChannels tells.
pub fn refresh_channel(td: &mut Td<'_>, channel: i64) {
    let Some(input) = td.engine.groups.input_channel(channel) else {
        return;
    };
    let net = td.engine.net.clone();
    let id = td.id;
    engine::spawn(async move {
        if let Ok(chats) = net
            .call(&functions::channels::GetChannels { id: vec![input] })
            .await
        {
            let list = match chats {
                enums::messages::Chats::Chats(c) => c.chats,
                enums::messages::Chats::Slice(c) => c.chats,
            };
            engine::with(id, |td| {
                let out = td.out;
                let e = &mut *td.engine;
                let kind = ChatKind::Channel(channel);
                let before = e.chat_title(kind);
                e.on_groups(&list, out);
                e.on_peer_changed(kind, &before, out);
                e.flush();
            });
        }
    });
}

/// A channel the client is in but knows no dialog of (just joined, or created): its dialog
/// (pts, last message, read state) from messages.getPeerDialogs, as TDLib's fix_new_dialog.
pub fn init_dialog(e: &Engine, chat_id: i64) {
    let Some(peer) = e.input_peer(chat_id) else {
        return;
    };
    if !e.auth.is_ready() {
        return;
    }
    let net = e.net.clone();
    let id = e.id;
    let call = functions::messages::GetPeerDialogs {
        peers: vec![enums::InputDialogPeer::InputDialogPeer(Box::new(
            tl::api::types::InputDialogPeer { peer },
        ))],
    };
    engine::spawn(async move {
        let Ok(enums::messages::PeerDialogs::PeerDialogs(x)) = net.call(&call).await else {
            return;
        };
        engine::with(id, |td| {
            let out = td.out;
            let e = &mut *td.engine;
            e.users.on_users(&x.users, out, &e.store);
            e.on_groups(&x.chats, out);
            for d in &x.dialogs {
                if let enums::Dialog::Dialog(d) = d {
                    let rank = e
                        .chats
                        .get(crate::chats::chat_id::of_peer(&d.peer))
                        .map_or(0, |s| s.pinned_rank);
                    e.on_dialog(d, &x.messages, rank, out);
                }
            }
            e.flush();
        });
    });
}
