//! Filling gaps from the server: updates.getDifference for the account (slices followed
//! to the end; a too-long difference moves the state on and reloads the chat list) and
//! updates.getChannelDifference per channel (until `final`; too long: the channel's
//! dialog and last messages replace what was known).

use std::time::Duration;

use tl::api::{enums, functions};

use crate::chats::chat_id::ChatKind;
use crate::engine::{self, Td};
use crate::storage::chat_db::Write;
use crate::storage::database::UpdateState;

/// Messages a channel difference asks for (TDLib: 100 for users, 100000 for bots).
fn channel_limit(is_bot: bool) -> i32 {
    if is_bot {
        100_000
    } else {
        100
    }
}

fn state_of(s: &enums::updates::State) -> UpdateState {
    let enums::updates::State::State(s) = s;
    UpdateState {
        pts: s.pts,
        qts: s.qts,
        date: s.date,
        seq: s.seq,
    }
}

/// Starts updates.getDifference unless one runs; the app sees connectionStateUpdating.
pub fn start(td: &mut Td<'_>) {
    let u = &mut td.engine.updates;
    if u.difference_running || !u.known || !td.engine.auth.is_ready() {
        return;
    }
    u.difference_running = true;
    td.engine.connection.begin_update(td.out);
    run(td);
}

fn run(td: &mut Td<'_>) {
    let s = td.engine.updates.state();
    let net = td.engine.net.clone();
    let id = td.id;
    engine::spawn(async move {
        let mut delay = Duration::from_millis(100);
        loop {
            let answer = net
                .call(&functions::updates::GetDifference {
                    pts: s.pts,
                    pts_limit: None,
                    pts_total_limit: None,
                    date: s.date,
                    qts: s.qts,
                    qts_limit: None,
                })
                .await;
            match answer {
                Ok(d) => {
                    engine::with(id, |td| on_difference(td, d));
                    return;
                }
                Err(e) if crate::auth::is_authorization_lost(&e) => {
                    engine::with(id, |td| crate::auth::check_lost(td, &e));
                    return;
                }
                Err(e) if e == crate::net::aborted() => return,
                Err(_) => {
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(5));
                }
            }
        }
    });
}

fn on_difference(td: &mut Td<'_>, d: enums::updates::Difference) {
    use enums::updates::Difference as D;
    match d {
        D::Empty(x) => {
            let u = &mut td.engine.updates;
            u.date = x.date;
            u.seq = x.seq;
            finish(td);
        }
        D::Difference(x) => {
            let x = *x;
            apply_part(td, x.users, x.chats, x.new_messages, x.other_updates);
            td.engine.updates.set_state(state_of(&x.state));
            finish(td);
        }
        D::Slice(x) => {
            let x = *x;
            apply_part(td, x.users, x.chats, x.new_messages, x.other_updates);
            td.engine.updates.set_state(state_of(&x.intermediate_state));
            save_state(td);
            run(td);
        }
        D::TooLong(x) => {
            // Too much was missed to replay: continue from the server's pts (and ask again,
            // as TDLib does). TDLib stops there; the chat list is loaded again too, so last
            // messages and unread counts are the server's.
            td.engine.updates.common.set(x.pts);
            td.engine.updates.common.clear_held();
            save_state(td);
            crate::chats::requests::reload_lists(td);
            run(td);
        }
    }
}

fn apply_part(
    td: &mut Td<'_>,
    users: Vec<enums::User>,
    chats: Vec<enums::Chat>,
    new_messages: Vec<enums::Message>,
    other: Vec<enums::Update>,
) {
    let e = &mut *td.engine;
    e.users.on_users(&users, td.out, &e.store);
    e.on_groups(&chats, td.out);
    e.sending.note_ids(&other);
    let (mut channel, mut rest) = (Vec::new(), Vec::new());
    for u in other {
        match &u {
            enums::Update::MessageID(_) => {}
            enums::Update::NewChannelMessage(_)
            | enums::Update::EditChannelMessage(_)
            | enums::Update::DeleteChannelMessages(_)
            | enums::Update::PinnedChannelMessages(_) => channel.push(u),
            _ => rest.push(u),
        }
    }
    for m in &new_messages {
        let out = td.out;
        td.engine.on_new_message(m, out);
    }
    for u in rest {
        super::apply::apply(td, u);
    }
    // Channel updates keep their own sequences.
    for u in channel {
        super::on_update(td, u);
    }
    let e = &mut *td.engine;
    e.flush();
}

fn save_state(td: &mut Td<'_>) {
    let e = &mut *td.engine;
    let s = e.updates.state();
    e.writes.push(Write::UpdateState(s));
    e.flush();
}

fn finish(td: &mut Td<'_>) {
    td.engine.updates.difference_running = false;
    save_state(td);
    td.engine.connection.end_update(td.out);
    super::replay_postponed(td);
}

/// Starts updates.getChannelDifference for a channel whose pts is known.
pub fn start_channel(td: &mut Td<'_>, channel: i64) {
    let e = &mut *td.engine;
    if e.updates.channel_running.contains(&channel) || !e.auth.is_ready() {
        return;
    }
    let chat_id = ChatKind::Channel(channel).chat_id();
    if !e.groups.knows(ChatKind::Channel(channel)) {
        let out = e.out.duplicate();
        e.load_peer(ChatKind::Channel(channel), &out);
    }
    let pts = e
        .updates
        .channels
        .get(&channel)
        .and_then(|s| s.value())
        .or_else(|| e.chats.get(chat_id).map(|s| s.pts).filter(|p| *p > 0));
    let Some(input) = e.groups.input_channel(channel) else {
        return;
    };
    // An unknown pts starts from 1, one message at a time, as TDLib's MIN_CHANNEL_DIFFERENCE.
    let (pts, first_limit) = match pts {
        Some(pts) => (pts, None),
        None => (1, Some(1)),
    };
    e.updates.channel_running.insert(channel);
    let limit = channel_limit(e.users.is_bot());
    let net = e.net.clone();
    let id = td.id;
    engine::spawn(async move {
        let mut pts = pts;
        let mut first_limit = first_limit;
        let mut delay = Duration::from_millis(100);
        loop {
            let answer = net
                .call(&functions::updates::GetChannelDifference {
                    force: false,
                    channel: input.clone(),
                    filter: enums::ChannelMessagesFilter::Empty,
                    pts,
                    limit: first_limit.take().unwrap_or(limit),
                })
                .await;
            let next = match answer {
                Ok(d) => engine::with(id, |td| on_channel_difference(td, channel, d)).flatten(),
                Err(e) if e == crate::net::aborted() => None,
                Err(e) if e.code == 400 || e.code == 406 => None,
                Err(e) if crate::auth::is_authorization_lost(&e) => None,
                Err(_) => {
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(5));
                    continue;
                }
            };
            match next {
                Some(p) => pts = p,
                None => break,
            }
        }
        engine::with(id, |td| {
            td.engine.updates.channel_running.remove(&channel);
            td.engine.flush();
        });
    });
}

/// Applies one channel difference; the pts to continue from, if not final.
fn on_channel_difference(
    td: &mut Td<'_>,
    channel: i64,
    d: enums::updates::ChannelDifference,
) -> Option<i32> {
    use enums::updates::ChannelDifference as D;
    let (done, pts) = match d {
        D::Empty(x) => (x.r#final, x.pts),
        D::ChannelDifference(x) => {
            let x = *x;
            let e = &mut *td.engine;
            e.users.on_users(&x.users, td.out, &e.store);
            e.on_groups(&x.chats, td.out);
            for m in &x.new_messages {
                let out = td.out;
                td.engine.on_new_message(m, out);
            }
            for u in x.other_updates {
                super::apply::apply(td, u);
            }
            (x.r#final, x.pts)
        }
        D::TooLong(x) => {
            let x = *x;
            let e = &mut *td.engine;
            e.users.on_users(&x.users, td.out, &e.store);
            e.on_groups(&x.chats, td.out);
            let pts = match &x.dialog {
                enums::Dialog::Dialog(d) => d.pts.unwrap_or(0),
                enums::Dialog::Folder(_) => 0,
            };
            let out = td.out;
            td.engine
                .on_channel_too_long(channel, &x.dialog, &x.messages, out);
            (x.r#final, pts)
        }
    };
    let seq = td.engine.updates.channels.entry(channel).or_default();
    seq.set(pts);
    let released = seq.release();
    for u in released {
        super::apply::apply(td, u);
    }
    super::save_channel_pts(td, channel);
    td.engine.flush();
    (!done).then_some(pts)
}
