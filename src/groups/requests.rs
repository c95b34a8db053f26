//! Group and channel requests: creating them, members and their statuses, full info,
//! upgrading a basic group, joining.

use td_api as td;
use tl::api::{enums, functions, types};

use super::{convert, members};
use crate::api::error;
use crate::chats::chat_id::ChatKind;
use crate::client::session::Session;
use crate::engine::{self, Answer, Engine, Td};
use crate::messages::requests::{chat_not_found, known_chat};

/// The chats an Updates container names.
pub fn chats_of(u: &enums::Updates) -> Vec<enums::Chat> {
    match u {
        enums::Updates::Updates(u) => u.chats.clone(),
        enums::Updates::Combined(u) => u.chats.clone(),
        _ => Vec::new(),
    }
}

/// Applies an answer's updates, then makes sure the chat of `kind` is announced.
fn apply_and_announce(
    td: &mut Td<'_>,
    updates: enums::Updates,
    pick: impl Fn(&enums::Chat) -> Option<i64>,
) -> Option<i64> {
    let chat = chats_of(&updates).iter().find_map(&pick);
    crate::updates::on_updates(td, updates);
    let out = td.out;
    let chat_id = chat?;
    td.engine.announce_chat(chat_id, out).then_some(chat_id)
}

fn basic_chat_id(c: &enums::Chat) -> Option<i64> {
    match c {
        enums::Chat::Chat(c) => Some(ChatKind::BasicGroup(c.id).chat_id()),
        _ => None,
    }
}

fn channel_chat_id(c: &enums::Chat) -> Option<i64> {
    match c {
        enums::Chat::Channel(c) => Some(ChatKind::Channel(c.id).chat_id()),
        _ => None,
    }
}

fn failed(missing: &[enums::MissingInvitee]) -> td::FailedToAddMembers {
    td::FailedToAddMembers {
        failed_to_add_members: missing
            .iter()
            .map(|enums::MissingInvitee::MissingInvitee(m)| {
                Some(td::FailedToAddMember {
                    user_id: m.user_id,
                    premium_would_allow_invite: m.premium_would_allow_invite,
                    premium_required_to_send_messages: m.premium_required_for_pm,
                })
            })
            .collect(),
    }
}

fn net_of(s: &Session) -> Option<crate::net::Net> {
    s.engine.as_ref().map(|e| e.net.clone())
}

pub fn create_group_chat(s: &mut Session, extra: Option<Box<str>>, kind: ChatKind) {
    let r = s.with_engine(|td| {
        let out = td.out;
        let e = &mut *td.engine;
        let chat_id = kind.chat_id();
        if !e.announce_chat(chat_id, out) {
            return Err(error(400, "Chat info not found"));
        }
        e.chat_object(chat_id).ok_or_else(chat_not_found)
    });
    if let Some(r) = r {
        s.out().reply(r, extra.as_deref());
    }
}

pub fn create_new_basic_group_chat(
    s: &mut Session,
    extra: Option<Box<str>>,
    f: td::CreateNewBasicGroupChat,
) {
    let Some(e) = s.engine.as_ref() else { return };
    let title = f.title.trim().to_string();
    if title.is_empty() {
        return s
            .out()
            .error(error(400, "Title must be non-empty"), extra.as_deref());
    }
    let users: Vec<enums::InputUser> = f
        .user_ids
        .iter()
        .filter_map(|u| e.users.input_user(*u))
        .collect();
    let net = e.net.clone();
    let call = functions::messages::CreateChat {
        users,
        title,
        ttl_period: Some(f.message_auto_delete_time),
    };
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        |td, answer| -> Answer {
            let enums::messages::InvitedUsers::InvitedUsers(x) = answer?;
            let x = *x;
            let chat_id = apply_and_announce(td, x.updates, basic_chat_id)
                .ok_or_else(|| error(500, "Chat of wrong type has been created"))?;
            engine::ok(td::CreatedBasicGroupChat {
                chat_id,
                failed_to_add_members: Some(Box::new(failed(&x.missing_invitees))),
            })
        },
    );
}

pub fn create_new_supergroup_chat(
    s: &mut Session,
    extra: Option<Box<str>>,
    f: td::CreateNewSupergroupChat,
) {
    let Some(net) = net_of(s) else { return };
    let title = f.title.trim().to_string();
    if title.is_empty() {
        return s
            .out()
            .error(error(400, "Title must be non-empty"), extra.as_deref());
    }
    let call = functions::channels::CreateChannel {
        broadcast: f.is_channel && !f.is_forum,
        megagroup: !f.is_channel || f.is_forum,
        forum: f.is_forum,
        for_import: f.for_import,
        title,
        about: f.description.clone(),
        ttl_period: Some(f.message_auto_delete_time),
        ..Default::default()
    };
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        |td, answer| -> Answer {
            let chat_id = apply_and_announce(td, answer?, channel_chat_id)
                .ok_or_else(|| error(500, "Chat of wrong type has been created"))?;
            engine::ok(td.engine.chat_object(chat_id).ok_or_else(chat_not_found)?)
        },
    );
}

pub fn add_chat_members(
    s: &mut Session,
    extra: Option<Box<str>>,
    chat_id: i64,
    user_ids: Vec<i64>,
    forward_limit: i32,
) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        let users: Vec<enums::InputUser> = user_ids
            .iter()
            .map(|u| {
                e.users
                    .input_user(*u)
                    .ok_or_else(|| error(400, "User not found"))
            })
            .collect::<Result<_, _>>()?;
        match ChatKind::of(chat_id) {
            Some(ChatKind::BasicGroup(id)) => {
                let Some(user_id) = users.into_iter().next() else {
                    return Err(error(400, "No users to add"));
                };
                Ok((
                    e.net.clone(),
                    Invite::Basic(functions::messages::AddChatUser {
                        chat_id: id,
                        user_id,
                        fwd_limit: forward_limit,
                    }),
                ))
            }
            Some(ChatKind::Channel(id)) => Ok((
                e.net.clone(),
                Invite::Channel(functions::channels::InviteToChannel {
                    channel: e.groups.input_channel(id).ok_or_else(chat_not_found)?,
                    users,
                }),
            )),
            _ => Err(error(400, "Can't add members to a private chat")),
        }
    });
    let Some(go) = go else { return };
    let (net, call) = match go {
        Ok(x) => x,
        Err(err) => return s.out().error(err, extra.as_deref()),
    };
    engine::request(
        s,
        extra,
        async move {
            match call {
                Invite::Basic(f) => net.call(&f).await,
                Invite::Channel(f) => net.call(&f).await,
            }
        },
        |td, answer| -> Answer {
            let enums::messages::InvitedUsers::InvitedUsers(x) = answer?;
            let x = *x;
            crate::updates::on_updates(td, x.updates);
            engine::ok(failed(&x.missing_invitees))
        },
    );
}

enum Invite {
    Basic(functions::messages::AddChatUser),
    Channel(functions::channels::InviteToChannel),
}

/// Calls that answer with Updates, for requests answered `ok` once they are applied.
pub enum UpdatesCall {
    DeleteChatUser(functions::messages::DeleteChatUser),
    LeaveChannel(functions::channels::LeaveChannel),
    EditAdmin(functions::channels::EditAdmin),
    EditBanned(functions::channels::EditBanned),
    EditChatTitle(functions::messages::EditChatTitle),
    EditTitle(functions::channels::EditTitle),
    UpdatePinned(functions::messages::UpdatePinnedMessage),
    DeleteChannel(functions::channels::DeleteChannel),
    ChannelDeleteHistory(functions::channels::DeleteHistory),
    AddChatUser(functions::messages::AddChatUser),
}

async fn call_updates(
    net: &crate::net::Net,
    call: &UpdatesCall,
) -> Result<enums::Updates, crate::net::RpcError> {
    use UpdatesCall as C;
    match call {
        C::DeleteChatUser(f) => net.call(f).await,
        C::LeaveChannel(f) => net.call(f).await,
        C::EditAdmin(f) => net.call(f).await,
        C::EditBanned(f) => net.call(f).await,
        C::EditChatTitle(f) => net.call(f).await,
        C::EditTitle(f) => net.call(f).await,
        C::UpdatePinned(f) => net.call(f).await,
        C::DeleteChannel(f) => net.call(f).await,
        C::ChannelDeleteHistory(f) => net.call(f).await,
        C::AddChatUser(f) => net.call(f).await.map(|r| match r {
            enums::messages::InvitedUsers::InvitedUsers(x) => x.updates,
        }),
    }
}

/// Sends `call`, applies its updates, answers `ok`. CHAT_NOT_MODIFIED-like answers are `ok`.
pub fn updates_then_ok(
    s: &mut Session,
    extra: Option<Box<str>>,
    net: crate::net::Net,
    call: UpdatesCall,
) {
    engine::request(
        s,
        extra,
        async move { call_updates(&net, &call).await },
        |td, answer| -> Answer {
            match answer {
                Ok(u) => crate::updates::on_updates(td, u),
                Err(e) if e.message.ends_with("_NOT_MODIFIED") => {}
                Err(e) => return Err(e.to_td()),
            }
            engine::ok(td::Ok {})
        },
    );
}

pub fn leave_chat(s: &mut Session, extra: Option<Box<str>>, chat_id: i64) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        Ok((
            e.net.clone(),
            match ChatKind::of(chat_id) {
                Some(ChatKind::BasicGroup(id)) => {
                    UpdatesCall::DeleteChatUser(functions::messages::DeleteChatUser {
                        revoke_history: false,
                        chat_id: id,
                        user_id: enums::InputUser::InputUserSelf,
                    })
                }
                Some(ChatKind::Channel(id)) => {
                    UpdatesCall::LeaveChannel(functions::channels::LeaveChannel {
                        channel: e.groups.input_channel(id).ok_or_else(chat_not_found)?,
                    })
                }
                _ => {
                    return Err(error(
                        400,
                        "Chat member status can't be changed in private chats",
                    ))
                }
            },
        ))
    });
    match go {
        Some(Ok((net, call))) => updates_then_ok(s, extra, net, call),
        Some(Err(err)) => s.out().error(err, extra.as_deref()),
        None => {}
    }
}

fn member_user(m: Option<&td::MessageSender>) -> Result<i64, td::Error> {
    match m {
        Some(td::MessageSender::MessageSenderUser(u)) => Ok(u.user_id),
        _ => Err(error(400, "Member not found")),
    }
}

pub fn set_chat_member_status(
    s: &mut Session,
    extra: Option<Box<str>>,
    f: td::SetChatMemberStatus,
) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        let user_id = member_user(f.member_id.as_ref())?;
        let user = e
            .users
            .input_user(user_id)
            .ok_or_else(|| error(400, "User not found"))?;
        let status = f
            .status
            .clone()
            .ok_or_else(|| error(400, "New chat member status must be non-empty"))?;
        status_call(e, f.chat_id, user_id, user, status)
    });
    match go {
        Some(Ok(Status::Updates(net, call))) => updates_then_ok(s, extra, net, call),
        Some(Ok(Status::Admin(net, call))) => engine::request(
            s,
            extra,
            async move { net.call(&call).await },
            |_, answer| -> Answer {
                answer?;
                engine::ok(td::Ok {})
            },
        ),
        Some(Err(err)) => s.out().error(err, extra.as_deref()),
        None => {}
    }
}

enum Status {
    Updates(crate::net::Net, UpdatesCall),
    Admin(crate::net::Net, functions::messages::EditChatAdmin),
}

fn status_call(
    e: &Engine,
    chat_id: i64,
    user_id: i64,
    user: enums::InputUser,
    status: td::ChatMemberStatus,
) -> Result<Status, td::Error> {
    use td::ChatMemberStatus as S;
    let net = e.net.clone();
    match ChatKind::of(chat_id) {
        Some(ChatKind::BasicGroup(id)) => Ok(match status {
            S::ChatMemberStatusAdministrator(_) => Status::Admin(
                net,
                functions::messages::EditChatAdmin {
                    chat_id: id,
                    user_id: user,
                    is_admin: true,
                },
            ),
            S::ChatMemberStatusMember(_) => {
                let in_group = e.groups.basic_group(id).is_some();
                if user_id != e.my_id() && in_group {
                    Status::Admin(
                        net,
                        functions::messages::EditChatAdmin {
                            chat_id: id,
                            user_id: user,
                            is_admin: false,
                        },
                    )
                } else {
                    Status::Updates(
                        net,
                        UpdatesCall::AddChatUser(functions::messages::AddChatUser {
                            chat_id: id,
                            user_id: user,
                            fwd_limit: 0,
                        }),
                    )
                }
            }
            S::ChatMemberStatusLeft(_) | S::ChatMemberStatusBanned(_) => Status::Updates(
                net,
                UpdatesCall::DeleteChatUser(functions::messages::DeleteChatUser {
                    revoke_history: false,
                    chat_id: id,
                    user_id: user,
                }),
            ),
            S::ChatMemberStatusCreator(_) => return Err(error(400, "Can't change chat owner")),
            S::ChatMemberStatusRestricted(_) => {
                return Err(error(400, "Can't restrict members in basic groups"))
            }
        }),
        Some(ChatKind::Channel(id)) => {
            let channel = e.groups.input_channel(id).ok_or_else(chat_not_found)?;
            let is_channel = e.groups.is_broadcast(id);
            let peer = e
                .input_peer(user_id)
                .ok_or_else(|| error(400, "User not found"))?;
            let banned = |b: types::ChatBannedRights| {
                UpdatesCall::EditBanned(functions::channels::EditBanned {
                    channel: channel.clone(),
                    participant: peer.clone(),
                    banned_rights: enums::ChatBannedRights::ChatBannedRights(Box::new(b)),
                })
            };
            let admin = |r: types::ChatAdminRights| {
                UpdatesCall::EditAdmin(functions::channels::EditAdmin {
                    channel: channel.clone(),
                    user_id: user.clone(),
                    admin_rights: enums::ChatAdminRights::ChatAdminRights(Box::new(r)),
                    rank: None,
                })
            };
            let call = match status {
                S::ChatMemberStatusAdministrator(a) => {
                    let rights = a.rights.as_deref().cloned().unwrap_or_default();
                    let mut r = convert::to_admin_rights(&rights);
                    if is_channel {
                        r.manage_topics = false;
                    }
                    admin(r)
                }
                S::ChatMemberStatusMember(_) => banned(types::ChatBannedRights::default()),
                S::ChatMemberStatusRestricted(r) => {
                    let p = r.permissions.as_deref().cloned().unwrap_or_default();
                    banned(convert::banned_rights(&p, r.restricted_until_date))
                }
                S::ChatMemberStatusBanned(b) => banned(types::ChatBannedRights {
                    view_messages: true,
                    until_date: b.banned_until_date,
                    ..convert::banned_rights(&td::ChatPermissions::default(), b.banned_until_date)
                }),
                S::ChatMemberStatusLeft(_) if user_id == e.my_id() => {
                    UpdatesCall::LeaveChannel(functions::channels::LeaveChannel { channel })
                }
                S::ChatMemberStatusLeft(_) => banned(types::ChatBannedRights::default()),
                S::ChatMemberStatusCreator(_) => return Err(error(400, "Can't change chat owner")),
            };
            Ok(Status::Updates(net, call))
        }
        _ => Err(error(
            400,
            "Chat member status can't be changed in private chats",
        )),
    }
}

pub fn get_chat_member(s: &mut Session, extra: Option<Box<str>>, f: td::GetChatMember) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, f.chat_id)?;
        let user_id = member_user(f.member_id.as_ref())?;
        match ChatKind::of(f.chat_id) {
            Some(ChatKind::Channel(id)) => Ok(MemberCall::Channel(
                e.net.clone(),
                functions::channels::GetParticipant {
                    channel: e.groups.input_channel(id).ok_or_else(chat_not_found)?,
                    participant: e
                        .input_peer(user_id)
                        .ok_or_else(|| error(400, "User not found"))?,
                },
                e.groups.is_broadcast(id),
            )),
            Some(ChatKind::BasicGroup(id)) => Ok(MemberCall::Basic(
                e.net.clone(),
                functions::messages::GetFullChat { chat_id: id },
                user_id,
            )),
            _ => Err(error(400, "Method is not available in private chats")),
        }
    });
    let Some(go) = go else { return };
    match go {
        Err(err) => s.out().error(err, extra.as_deref()),
        Ok(MemberCall::Channel(net, call, is_channel)) => engine::request(
            s,
            extra,
            async move { net.call(&call).await },
            move |td, answer| -> Answer {
                let enums::channels::ChannelParticipant::ChannelParticipant(x) = answer?;
                let e = &mut *td.engine;
                e.users.on_users(&x.users, td.out, &e.store);
                e.on_groups(&x.chats, td.out);
                engine::ok(members::channel_participant(
                    &x.participant,
                    is_channel,
                    e.my_id(),
                ))
            },
        ),
        Ok(MemberCall::Basic(net, call, user_id)) => engine::request(
            s,
            extra,
            async move { net.call(&call).await },
            move |td, answer| -> Answer {
                let info =
                    on_chat_full(td, answer?).ok_or_else(|| error(400, "Member not found"))?;
                let members::FullInfo::Basic(info) = info else {
                    return Err(error(400, "Member not found"));
                };
                let member = info
                .members
                .into_iter()
                .flatten()
                .find(|m| matches!(&m.member_id, Some(td::MessageSender::MessageSenderUser(u)) if u.user_id == user_id));
                engine::ok(member.unwrap_or(td::ChatMember {
                    member_id: Some(td::MessageSenderUser { user_id }.into()),
                    status: Some(td::ChatMemberStatusLeft {}.into()),
                    ..Default::default()
                }))
            },
        ),
    }
}

enum MemberCall {
    Channel(crate::net::Net, functions::channels::GetParticipant, bool),
    Basic(crate::net::Net, functions::messages::GetFullChat, i64),
}

/// messages.chatFull: its users and chats, then the full info announced.
pub fn on_chat_full(td: &mut Td<'_>, full: enums::messages::ChatFull) -> Option<members::FullInfo> {
    let enums::messages::ChatFull::ChatFull(x) = full;
    let out = td.out;
    let e = &mut *td.engine;
    e.users.on_users(&x.users, out, &e.store);
    e.on_groups(&x.chats, out);
    match &x.full_chat {
        enums::ChatFull::ChatFull(f) => {
            let date = match e.groups.raw(ChatKind::BasicGroup(f.id)) {
                Some(enums::Chat::Chat(c)) => c.date,
                _ => 0,
            };
            let info = members::basic_group_full(f, date);
            out.update(td::UpdateBasicGroupFullInfo {
                basic_group_id: f.id,
                basic_group_full_info: Some(Box::new(info.clone())),
            });
            Some(members::FullInfo::Basic(info))
        }
        enums::ChatFull::ChannelFull(f) => {
            let info = members::supergroup_full(f);
            out.update(td::UpdateSupergroupFullInfo {
                supergroup_id: f.id,
                supergroup_full_info: Some(Box::new(info.clone())),
            });
            Some(members::FullInfo::Super(info))
        }
    }
}

pub fn get_basic_group_full_info(s: &mut Session, extra: Option<Box<str>>, id: i64) {
    let Some(e) = s.engine.as_ref() else { return };
    if !e.groups.knows(ChatKind::BasicGroup(id)) {
        return s
            .out()
            .error(error(400, "Group not found"), extra.as_deref());
    }
    let net = e.net.clone();
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::messages::GetFullChat { chat_id: id })
                .await
        },
        |td, answer| -> Answer {
            match on_chat_full(td, answer?) {
                Some(members::FullInfo::Basic(info)) => engine::ok(info),
                _ => Err(error(400, "Group not found")),
            }
        },
    );
}

pub fn get_supergroup_full_info(s: &mut Session, extra: Option<Box<str>>, id: i64) {
    let Some(e) = s.engine.as_ref() else { return };
    let Some(channel) = e.groups.input_channel(id) else {
        return s
            .out()
            .error(error(400, "Supergroup not found"), extra.as_deref());
    };
    let net = e.net.clone();
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::channels::GetFullChannel { channel })
                .await
        },
        |td, answer| -> Answer {
            match on_chat_full(td, answer?) {
                Some(members::FullInfo::Super(info)) => engine::ok(info),
                _ => Err(error(400, "Supergroup not found")),
            }
        },
    );
}

pub fn get_supergroup_members(
    s: &mut Session,
    extra: Option<Box<str>>,
    f: td::GetSupergroupMembers,
) {
    let Some(e) = s.engine.as_ref() else { return };
    let Some(channel) = e.groups.input_channel(f.supergroup_id) else {
        return s
            .out()
            .error(error(400, "Supergroup not found"), extra.as_deref());
    };
    if f.limit <= 0 {
        return s.out().error(
            error(400, "Parameter limit must be positive"),
            extra.as_deref(),
        );
    }
    use td::SupergroupMembersFilter as F;
    let q = |q: &str| q.to_string();
    let filter = match &f.filter {
        None | Some(F::SupergroupMembersFilterRecent(_)) => {
            enums::ChannelParticipantsFilter::ChannelParticipantsRecent
        }
        Some(F::SupergroupMembersFilterAdministrators(_)) => {
            enums::ChannelParticipantsFilter::ChannelParticipantsAdmins
        }
        Some(F::SupergroupMembersFilterBots(_)) => {
            enums::ChannelParticipantsFilter::ChannelParticipantsBots
        }
        Some(F::SupergroupMembersFilterSearch(x)) => {
            types::ChannelParticipantsSearch { q: q(&x.query) }.into()
        }
        Some(F::SupergroupMembersFilterBanned(x)) => {
            types::ChannelParticipantsKicked { q: q(&x.query) }.into()
        }
        Some(F::SupergroupMembersFilterRestricted(x)) => {
            types::ChannelParticipantsBanned { q: q(&x.query) }.into()
        }
        Some(F::SupergroupMembersFilterContacts(x)) => {
            types::ChannelParticipantsContacts { q: q(&x.query) }.into()
        }
        Some(F::SupergroupMembersFilterMention(x)) => types::ChannelParticipantsMentions {
            q: Some(q(&x.query)),
            top_msg_id: None,
        }
        .into(),
    };
    let is_channel = e.groups.is_broadcast(f.supergroup_id);
    let net = e.net.clone();
    let call = functions::channels::GetParticipants {
        channel,
        filter,
        offset: f.offset.max(0),
        limit: f.limit.min(200),
        hash: 0,
    };
    engine::request(
        s,
        extra,
        async move { net.call(&call).await },
        move |td, answer| -> Answer {
            let e = &mut *td.engine;
            let (count, members) = match answer? {
                enums::channels::ChannelParticipants::ChannelParticipants(x) => {
                    e.users.on_users(&x.users, td.out, &e.store);
                    e.on_groups(&x.chats, td.out);
                    let my_id = e.my_id();
                    (
                        x.count,
                        x.participants
                            .iter()
                            .map(|p| Some(members::channel_participant(p, is_channel, my_id)))
                            .collect(),
                    )
                }
                enums::channels::ChannelParticipants::NotModified => (0, Vec::new()),
            };
            engine::ok(td::ChatMembers {
                total_count: count,
                members,
            })
        },
    );
}

pub fn upgrade_basic_group(s: &mut Session, extra: Option<Box<str>>, chat_id: i64) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        known_chat(td.engine, chat_id)?;
        match ChatKind::of(chat_id) {
            Some(ChatKind::BasicGroup(id)) => Ok((td.engine.net.clone(), id)),
            _ => Err(error(400, "Chat must be a basic group")),
        }
    });
    let Some(go) = go else { return };
    let (net, id) = match go {
        Ok(x) => x,
        Err(err) => return s.out().error(err, extra.as_deref()),
    };
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::messages::MigrateChat { chat_id: id })
                .await
        },
        |td, answer| -> Answer {
            let chat_id = apply_and_announce(td, answer?, channel_chat_id)
                .ok_or_else(|| error(500, "Unsupported server response"))?;
            engine::ok(td.engine.chat_object(chat_id).ok_or_else(chat_not_found)?)
        },
    );
}

pub fn join_chat(s: &mut Session, extra: Option<Box<str>>, chat_id: i64) {
    let go = s.with_engine(|td| -> Result<_, td::Error> {
        let e = &mut *td.engine;
        known_chat(e, chat_id)?;
        match ChatKind::of(chat_id) {
            Some(ChatKind::Channel(id)) => Ok((
                e.net.clone(),
                e.groups.input_channel(id).ok_or_else(chat_not_found)?,
            )),
            _ => Err(error(400, "Can't join the chat")),
        }
    });
    let Some(go) = go else { return };
    let (net, channel) = match go {
        Ok(x) => x,
        Err(err) => return s.out().error(err, extra.as_deref()),
    };
    engine::request(
        s,
        extra,
        async move {
            net.call(&functions::channels::JoinChannel { channel })
                .await
        },
        move |td, answer| -> Answer {
            match answer {
                Ok(enums::messages::ChatInviteJoinResult::Ok(x)) => {
                    crate::updates::on_updates(td, x.updates)
                }
                Ok(_) => return engine::ok(td::ChatJoinResultRequestSent {}),
                Err(e) if e.message == "USER_ALREADY_PARTICIPANT" => {}
                Err(e) => return Err(e.to_td()),
            }
            engine::ok(td::ChatJoinResultSuccess { chat_id })
        },
    );
}
