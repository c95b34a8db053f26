//! The server's updates, in order and once: each pts-numbered update passes the account's
//! or its channel's [`Sequence`]; a gap not filled within [`sequence::GAP_WAIT`], a seq gap,
//! `updatesTooLong`, a new server session or a reconnect asks for the difference
//! ([`difference`]). While a difference runs, arriving updates wait and are replayed after.

pub mod apply;
pub mod difference;
pub mod sequence;

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use tl::api::{enums, types};

use crate::chats::chat_id::ChatKind;
use crate::engine::{self, Td};
use crate::storage::database::UpdateState;
use sequence::{Offer, Sequence};

/// Which sequence an update belongs to.
enum Seq {
    Common(i32, i32),
    Qts(i32),
    Channel(i64, i32, i32),
    None,
}

fn seq_of(u: &enums::Update) -> Seq {
    use enums::Update as U;
    match u {
        U::NewMessage(x) => Seq::Common(x.pts, x.pts_count),
        U::DeleteMessages(x) => Seq::Common(x.pts, x.pts_count),
        U::ReadHistoryInbox(x) => Seq::Common(x.pts, x.pts_count),
        U::ReadHistoryOutbox(x) => Seq::Common(x.pts, x.pts_count),
        U::EditMessage(x) => Seq::Common(x.pts, x.pts_count),
        U::ReadMessagesContents(x) => Seq::Common(x.pts, x.pts_count),
        U::WebPage(x) => Seq::Common(x.pts, x.pts_count),
        U::PinnedMessages(x) => Seq::Common(x.pts, x.pts_count),
        U::FolderPeers(x) => Seq::Common(x.pts, x.pts_count),
        U::NewChannelMessage(x) => match channel_of(&x.message) {
            Some(c) => Seq::Channel(c, x.pts, x.pts_count),
            None => Seq::None,
        },
        U::EditChannelMessage(x) => match channel_of(&x.message) {
            Some(c) => Seq::Channel(c, x.pts, x.pts_count),
            None => Seq::None,
        },
        U::DeleteChannelMessages(x) => Seq::Channel(x.channel_id, x.pts, x.pts_count),
        U::PinnedChannelMessages(x) => Seq::Channel(x.channel_id, x.pts, x.pts_count),
        U::ChannelWebPage(x) => Seq::Channel(x.channel_id, x.pts, x.pts_count),
        U::NewEncryptedMessage(x) => Seq::Qts(x.qts),
        U::BotStopped(x) => Seq::Qts(x.qts),
        U::ChatParticipant(x) => Seq::Qts(x.qts),
        U::ChannelParticipant(x) => Seq::Qts(x.qts),
        _ => Seq::None,
    }
}

fn channel_of(m: &enums::Message) -> Option<i64> {
    let (chat_id, _) = crate::messages::convert::ids(m)?;
    ChatKind::of(chat_id)?.channel_id()
}

#[derive(Default)]
pub struct Updates {
    pub common: Sequence<enums::Update>,
    pub qts: Sequence<enums::Update>,
    pub seq: i32,
    pub date: i32,
    pub channels: HashMap<i64, Sequence<enums::Update>>,
    /// The account's state is known (stored, or from updates.getState).
    pub known: bool,
    pub difference_running: bool,
    pub channel_running: HashSet<i64>,
    /// Containers that came while the difference ran.
    postponed: Vec<enums::Updates>,
    gap_timer: bool,
}

impl Updates {
    pub fn state(&self) -> UpdateState {
        UpdateState {
            pts: self.common.value().unwrap_or(0),
            qts: self.qts.value().unwrap_or(0),
            date: self.date,
            seq: self.seq,
        }
    }

    pub fn set_state(&mut self, s: UpdateState) {
        self.common.set(s.pts);
        self.qts.set(s.qts);
        self.date = s.date;
        self.seq = s.seq;
        self.known = true;
    }
}

/// Updates as they come: pushed by the server, or in the answer to a request.
pub fn on_updates(td: &mut Td<'_>, updates: enums::Updates) {
    let e = &mut *td.engine;
    if e.updates.difference_running {
        e.updates.postponed.push(updates);
        return;
    }
    match updates {
        enums::Updates::TooLong => difference::start(td),
        enums::Updates::UpdateShort(u) => on_update(td, u.update),
        enums::Updates::UpdateShortMessage(u) => {
            if e.users.get(u.user_id).is_none() {
                return difference::start(td);
            }
            let my_id = e.my_id();
            let message = short_message(&u, my_id);
            on_update(td, new_message(message, u.pts, u.pts_count));
        }
        enums::Updates::UpdateShortChatMessage(u) => {
            if e.users.get(u.from_id).is_none() || !e.groups.knows(ChatKind::BasicGroup(u.chat_id))
            {
                return difference::start(td);
            }
            let message = short_chat_message(&u);
            on_update(td, new_message(message, u.pts, u.pts_count));
        }
        enums::Updates::Updates(u) => {
            let u = *u;
            container(td, u.users, u.chats, u.updates, u.date, u.seq, u.seq);
        }
        enums::Updates::Combined(u) => {
            let u = *u;
            container(td, u.users, u.chats, u.updates, u.date, u.seq_start, u.seq);
        }
        enums::Updates::UpdateShortSentMessage(_) => {}
    }
}

fn container(
    td: &mut Td<'_>,
    users: Vec<enums::User>,
    chats: Vec<enums::Chat>,
    updates: Vec<enums::Update>,
    date: i32,
    seq_start: i32,
    seq: i32,
) {
    let e = &mut *td.engine;
    if seq != 0 && e.updates.known {
        if seq <= e.updates.seq {
            // Already applied as a whole; its pts updates would be dropped one by one.
            return;
        }
        if seq_start > e.updates.seq + 1 {
            return difference::start(td);
        }
    }
    e.users.on_users(&users, td.out, &e.store);
    e.on_groups(&chats, td.out);
    e.sending.note_ids(&updates);
    for u in updates {
        on_update(td, u);
    }
    let e = &mut *td.engine;
    if seq != 0 && e.updates.known {
        e.updates.seq = seq;
        e.updates.date = e.updates.date.max(date);
        let s = e.updates.state();
        e.writes
            .push(crate::storage::chat_db::Write::UpdateState(s));
    }
}

fn new_message(message: enums::Message, pts: i32, pts_count: i32) -> enums::Update {
    enums::Update::NewMessage(Box::new(types::UpdateNewMessage {
        message,
        pts,
        pts_count,
    }))
}

fn short_message(u: &types::UpdateShortMessage, my_id: i64) -> enums::Message {
    let from = if u.out { my_id } else { u.user_id };
    enums::Message::Message(Box::new(types::Message {
        out: u.out,
        mentioned: u.mentioned,
        media_unread: u.media_unread,
        silent: u.silent,
        id: u.id,
        from_id: Some(enums::Peer::User(Box::new(types::PeerUser {
            user_id: from,
        }))),
        peer_id: enums::Peer::User(Box::new(types::PeerUser { user_id: u.user_id })),
        fwd_from: u.fwd_from.clone(),
        via_bot_id: u.via_bot_id,
        reply_to: u.reply_to.clone(),
        date: u.date,
        message: u.message.clone(),
        entities: u.entities.clone(),
        ttl_period: u.ttl_period,
        ..Default::default()
    }))
}

fn short_chat_message(u: &types::UpdateShortChatMessage) -> enums::Message {
    enums::Message::Message(Box::new(types::Message {
        out: u.out,
        mentioned: u.mentioned,
        media_unread: u.media_unread,
        silent: u.silent,
        id: u.id,
        from_id: Some(enums::Peer::User(Box::new(types::PeerUser {
            user_id: u.from_id,
        }))),
        peer_id: enums::Peer::Chat(Box::new(types::PeerChat { chat_id: u.chat_id })),
        fwd_from: u.fwd_from.clone(),
        via_bot_id: u.via_bot_id,
        reply_to: u.reply_to.clone(),
        date: u.date,
        message: u.message.clone(),
        entities: u.entities.clone(),
        ttl_period: u.ttl_period,
        ..Default::default()
    }))
}

/// One update: through its sequence, then applied (with whatever it released).
pub fn on_update(td: &mut Td<'_>, u: enums::Update) {
    let now = Instant::now();
    let e = &mut *td.engine;
    match seq_of(&u) {
        Seq::None => apply::apply(td, u),
        Seq::Common(pts, count) => {
            if !e.updates.known {
                return apply::apply(td, u);
            }
            let u_copy = awaited(e, &u);
            match e.updates.common.offer(pts, count, u, now) {
                Offer::Apply(u) => {
                    apply::apply(td, u);
                    for u in td.engine.updates.common.release() {
                        apply::apply(td, u);
                    }
                    let e = &mut *td.engine;
                    let s = e.updates.state();
                    e.writes
                        .push(crate::storage::chat_db::Write::UpdateState(s));
                }
                // An old update may still settle a message we sent (TDLib applies an
                // awaited sent message even then).
                Offer::Old => settle_old(td, &u_copy),
                Offer::Held => arm_gap_timer(td),
            }
        }
        Seq::Qts(qts) => match e.updates.qts.offer(qts, 1, u, now) {
            Offer::Apply(u) => {
                apply::apply(td, u);
                for u in td.engine.updates.qts.release() {
                    apply::apply(td, u);
                }
            }
            Offer::Old => {}
            Offer::Held => arm_gap_timer(td),
        },
        Seq::Channel(channel, pts, count) => {
            let chat_id = ChatKind::Channel(channel).chat_id();
            let stored = e.chats.get(chat_id).map_or(0, |s| s.pts);
            let u_copy = awaited(e, &u);
            let seq = e
                .updates
                .channels
                .entry(channel)
                .or_insert_with(|| Sequence::new((stored > 0).then_some(stored)));
            match seq.offer(pts, count, u, now) {
                Offer::Apply(u) => {
                    apply::apply(td, u);
                    let released = td
                        .engine
                        .updates
                        .channels
                        .get_mut(&channel)
                        .map(|s| s.release())
                        .unwrap_or_default();
                    for u in released {
                        apply::apply(td, u);
                    }
                    save_channel_pts(td, channel);
                }
                Offer::Old => settle_old(td, &u_copy),
                // A channel's gap is asked for at once (TDLib does not wait for these).
                Offer::Held => difference::start_channel(td, channel),
            }
        }
    }
}

/// The message of a new-message update that a send of ours waits for.
fn awaited(e: &crate::engine::Engine, u: &enums::Update) -> Option<enums::Message> {
    let m = match u {
        enums::Update::NewMessage(x) => &x.message,
        enums::Update::NewChannelMessage(x) => &x.message,
        _ => return None,
    };
    let (chat, id) = crate::messages::convert::ids(m)?;
    e.sending.is_waiting(chat, id).then(|| m.clone())
}

fn settle_old(td: &mut Td<'_>, m: &Option<enums::Message>) {
    let Some(m) = m else { return };
    let out = td.out;
    let e = &mut *td.engine;
    let Some((chat, server_id)) = crate::messages::convert::ids(m) else {
        return;
    };
    if let Some(temp) = e.sending.settle(chat, m) {
        let s = e.chats.entry(chat);
        s.max_server_id = s.max_server_id.max(server_id);
        e.on_sent(chat, temp, m, out);
    }
}

pub fn save_channel_pts(td: &mut Td<'_>, channel: i64) {
    let e = &mut *td.engine;
    let Some(pts) = e.updates.channels.get(&channel).and_then(|s| s.value()) else {
        return;
    };
    let chat_id = ChatKind::Channel(channel).chat_id();
    if let Some(s) = e.chats.get_mut(chat_id) {
        if s.pts != pts {
            s.pts = pts;
            e.chats.save(chat_id, &mut e.writes);
        }
    }
}

/// Checks held gaps after they had time to fill; still open, they ask the server.
fn arm_gap_timer(td: &mut Td<'_>) {
    if td.engine.updates.gap_timer {
        return;
    }
    td.engine.updates.gap_timer = true;
    let id = td.id;
    engine::spawn(async move {
        tokio::time::sleep(sequence::GAP_WAIT).await;
        engine::with(id, |td| {
            td.engine.updates.gap_timer = false;
            check_gaps(td);
        });
    });
}

fn check_gaps(td: &mut Td<'_>) {
    let now = Instant::now();
    let u = &td.engine.updates;
    if u.common.gap_expired(now) || u.qts.gap_expired(now) {
        difference::start(td);
    }
    let channels: Vec<i64> = td
        .engine
        .updates
        .channels
        .iter()
        .filter(|(_, s)| s.gap_expired(now))
        .map(|(c, _)| *c)
        .collect();
    for c in channels {
        difference::start_channel(td, c);
    }
    let u = &td.engine.updates;
    if u.common.has_gap() || u.qts.has_gap() || u.channels.values().any(|s| s.has_gap()) {
        arm_gap_timer(td);
    }
}

/// After a difference: what waited is replayed in order.
fn replay_postponed(td: &mut Td<'_>) {
    let mut waiting = std::mem::take(&mut td.engine.updates.postponed).into_iter();
    while let Some(u) = waiting.next() {
        on_updates(td, u);
        if td.engine.updates.difference_running {
            // Another gap: the rest waits for that difference, still in order.
            let mut rest: Vec<_> = waiting.collect();
            rest.append(&mut td.engine.updates.postponed);
            td.engine.updates.postponed = rest;
            return;
        }
    }
}

/// An answer's (pts, pts_count) (affectedMessages, affectedHistory): the account's
/// sequence moves past it like past any update.
pub fn on_affected(td: &mut Td<'_>, pts: i32, pts_count: i32) {
    let noop = enums::Update::DeleteMessages(Box::new(types::UpdateDeleteMessages {
        messages: Vec::new(),
        pts,
        pts_count,
    }));
    on_update(td, noop);
}
