//! messages.search, messages.searchGlobal, messages.getSearchCounters and
//! messages.getUnreadMentions.

use tl::api::{enums, functions, types};
use tl::Serialize;

use super::input::input_peer;
use super::messages::messages_answer;
use super::Context;
use crate::world::{
    Caller, HistoryPage, HistoryQuery, InputPeer, Peer, RpcError, SearchQuery, World, WorldResult,
};

/// The search a MessagesFilter asks for; `None` for filters of media kinds this server never
/// stores (their answer is empty).
fn filtered(f: &enums::MessagesFilter) -> Option<SearchQuery> {
    use enums::MessagesFilter as F;
    let mut search = SearchQuery::default();
    match f {
        F::InputMessagesFilterEmpty => {}
        F::InputMessagesFilterPhotos => search.photos = Some(true),
        F::InputMessagesFilterDocument => search.photos = Some(false),
        F::InputMessagesFilterMyMentions => search.mentions = true,
        F::InputMessagesFilterPinned => search.pinned = true,
        _ => return None,
    }
    Some(search)
}

fn channel_of(peer: Option<Peer>) -> Option<i64> {
    match peer {
        Some(Peer::Channel(id)) => Some(id),
        _ => None,
    }
}

fn optional_peer(world: &World, caller: Caller, p: &enums::InputPeer) -> WorldResult<Option<Peer>> {
    Ok(match input_peer(p) {
        InputPeer::Empty => None,
        input => Some(world.resolve_input_peer(caller.user_id, input)?),
    })
}

fn empty() -> HistoryPage {
    HistoryPage {
        messages: Vec::new(),
        count: 0,
    }
}

pub fn search(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::Search,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let peer = optional_peer(world, caller, &x.peer)?;
    let from_id = match &x.from_id {
        Some(from) => match world.resolve_input_peer(caller.user_id, input_peer(from))? {
            Peer::User(id) => Some(id),
            _ => return Err(RpcError::PeerIdInvalid.into()),
        },
        None => None,
    };
    let channel = channel_of(peer);
    let Some(mut search) = filtered(&x.filter) else {
        return Ok(messages_answer(world, caller.user_id, channel, &empty())?.to_bytes());
    };
    search.text = x.q.clone();
    search.from_id = from_id;
    let query = HistoryQuery {
        offset_id: x.offset_id,
        offset_date: 0,
        add_offset: x.add_offset,
        limit: x.limit,
        max_id: x.max_id,
        min_id: x.min_id,
    };
    let page = world.search_messages(caller, peer, &search, query)?;
    Ok(messages_answer(world, caller.user_id, channel, &page)?.to_bytes())
}

pub fn search_global(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::SearchGlobal,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let Some(mut search) = filtered(&x.filter) else {
        return Ok(messages_answer(world, caller.user_id, None, &empty())?.to_bytes());
    };
    search.text = x.q.clone();
    let query = HistoryQuery {
        offset_id: x.offset_id,
        limit: x.limit,
        ..HistoryQuery::default()
    };
    let page = world.search_messages(caller, None, &search, query)?;
    Ok(messages_answer(world, caller.user_id, None, &page)?.to_bytes())
}

/// messages.getSearchCounters: how many messages of the dialog each filter finds.
pub fn get_search_counters(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::GetSearchCounters,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let peer = world.resolve_input_peer(caller.user_id, input_peer(&x.peer))?;
    if x.filters.len() > crate::world::BATCH_MAX {
        return Err(RpcError::LimitInvalid.into());
    }
    let mut counters = Vec::with_capacity(x.filters.len());
    for filter in &x.filters {
        let count = match filtered(filter) {
            Some(search) => {
                let query = HistoryQuery::default();
                world
                    .search_messages(caller, Some(peer), &search, query)?
                    .count
            }
            None => 0,
        };
        counters.push(enums::messages::SearchCounter::SearchCounter(Box::new(
            types::messages::SearchCounter {
                inexact: false,
                filter: filter.clone(),
                count,
            },
        )));
    }
    Ok(counters.to_bytes())
}

/// messages.getUnreadMentions: the caller's unread mentions in a dialog, newest first.
pub fn get_unread_mentions(
    world: &mut World,
    ctx: &Context,
    x: &functions::messages::GetUnreadMentions,
) -> WorldResult<Vec<u8>> {
    let caller = ctx.caller(world)?;
    let peer = world.resolve_input_peer(caller.user_id, input_peer(&x.peer))?;
    let search = SearchQuery {
        mentions: true,
        unread_mentions: true,
        ..SearchQuery::default()
    };
    let query = HistoryQuery {
        offset_id: x.offset_id,
        offset_date: 0,
        add_offset: x.add_offset,
        limit: x.limit,
        max_id: x.max_id,
        min_id: x.min_id,
    };
    let page = world.search_messages(caller, Some(peer), &search, query)?;
    Ok(messages_answer(world, caller.user_id, channel_of(Some(peer)), &page)?.to_bytes())
}
