//! Members of groups and channels as td_api's chatMember, and full info objects.

use td_api as td;
use tl::api::{enums, types};

use super::convert;
use crate::chats::chat_id;

/// A group's or a channel's full info.
pub enum FullInfo {
    Basic(td::BasicGroupFullInfo),
    Super(td::SupergroupFullInfo),
}

fn user_sender(user_id: i64) -> Option<td::MessageSender> {
    Some(td::MessageSenderUser { user_id }.into())
}

/// A basic group's participant.
pub fn chat_participant(p: &enums::ChatParticipant, chat_date: i32) -> td::ChatMember {
    match p {
        enums::ChatParticipant::ChatParticipant(p) => td::ChatMember {
            member_id: user_sender(p.user_id),
            tag: p.rank.clone().unwrap_or_default(),
            inviter_user_id: p.inviter_id,
            joined_chat_date: p.date,
            status: Some(
                td::ChatMemberStatusMember {
                    member_until_date: 0,
                }
                .into(),
            ),
        },
        enums::ChatParticipant::Creator(p) => td::ChatMember {
            member_id: user_sender(p.user_id),
            tag: p.rank.clone().unwrap_or_default(),
            inviter_user_id: p.user_id,
            joined_chat_date: chat_date,
            status: Some(
                td::ChatMemberStatusCreator {
                    is_anonymous: false,
                    is_member: true,
                }
                .into(),
            ),
        },
        enums::ChatParticipant::Admin(p) => td::ChatMember {
            member_id: user_sender(p.user_id),
            tag: p.rank.clone().unwrap_or_default(),
            inviter_user_id: p.inviter_id,
            joined_chat_date: p.date,
            status: Some(
                td::ChatMemberStatusAdministrator {
                    can_be_edited: false,
                    rights: Some(Box::new(basic_group_admin_rights())),
                }
                .into(),
            ),
        },
    }
}

/// What an administrator of a basic group may do.
fn basic_group_admin_rights() -> td::ChatAdministratorRights {
    td::ChatAdministratorRights {
        can_manage_chat: true,
        can_change_info: true,
        can_delete_messages: true,
        can_invite_users: true,
        can_restrict_members: true,
        can_pin_messages: true,
        can_manage_video_chats: true,
        ..Default::default()
    }
}

/// A channel's participant; `is_channel` for a broadcast channel's rights.
pub fn channel_participant(
    p: &enums::ChannelParticipant,
    is_channel: bool,
    my_id: i64,
) -> td::ChatMember {
    let rights = |r: &enums::ChatAdminRights| match r {
        enums::ChatAdminRights::ChatAdminRights(r) => convert::admin_rights(r, is_channel),
    };
    match p {
        enums::ChannelParticipant::ChannelParticipant(p) => td::ChatMember {
            member_id: user_sender(p.user_id),
            tag: p.rank.clone().unwrap_or_default(),
            inviter_user_id: 0,
            joined_chat_date: p.date,
            status: Some(
                td::ChatMemberStatusMember {
                    member_until_date: p.subscription_until_date.unwrap_or(0),
                }
                .into(),
            ),
        },
        enums::ChannelParticipant::ChannelParticipantSelf(p) => td::ChatMember {
            member_id: user_sender(p.user_id),
            tag: p.rank.clone().unwrap_or_default(),
            inviter_user_id: p.inviter_id,
            joined_chat_date: p.date,
            status: Some(
                td::ChatMemberStatusMember {
                    member_until_date: p.subscription_until_date.unwrap_or(0),
                }
                .into(),
            ),
        },
        enums::ChannelParticipant::Creator(p) => td::ChatMember {
            member_id: user_sender(p.user_id),
            tag: p.rank.clone().unwrap_or_default(),
            inviter_user_id: 0,
            joined_chat_date: 0,
            status: Some(
                td::ChatMemberStatusCreator {
                    is_anonymous: matches!(&p.admin_rights, enums::ChatAdminRights::ChatAdminRights(r) if r.anonymous),
                    is_member: true,
                }
                .into(),
            ),
        },
        enums::ChannelParticipant::Admin(p) => td::ChatMember {
            member_id: user_sender(p.user_id),
            tag: p.rank.clone().unwrap_or_default(),
            inviter_user_id: p.inviter_id.unwrap_or(p.promoted_by),
            joined_chat_date: p.date,
            status: Some(
                td::ChatMemberStatusAdministrator {
                    can_be_edited: p.can_edit && p.user_id != my_id,
                    rights: Some(Box::new(rights(&p.admin_rights))),
                }
                .into(),
            ),
        },
        enums::ChannelParticipant::Banned(p) => {
            let enums::ChatBannedRights::ChatBannedRights(b) = &p.banned_rights;
            let status: td::ChatMemberStatus = if b.view_messages {
                td::ChatMemberStatusBanned {
                    banned_until_date: b.until_date,
                }
                .into()
            } else {
                td::ChatMemberStatusRestricted {
                    is_member: !p.left,
                    restricted_until_date: b.until_date,
                    permissions: Some(Box::new(convert::permissions(Some(b)))),
                }
                .into()
            };
            td::ChatMember {
                member_id: Some(peer_sender(&p.peer)),
                tag: p.rank.clone().unwrap_or_default(),
                inviter_user_id: p.kicked_by,
                joined_chat_date: p.date,
                status: Some(status),
            }
        }
        enums::ChannelParticipant::Left(p) => td::ChatMember {
            member_id: Some(peer_sender(&p.peer)),
            tag: String::new(),
            inviter_user_id: 0,
            joined_chat_date: 0,
            status: Some(td::ChatMemberStatusLeft {}.into()),
        },
    }
}

fn peer_sender(p: &enums::Peer) -> td::MessageSender {
    match p {
        enums::Peer::User(u) => td::MessageSenderUser { user_id: u.user_id }.into(),
        p => td::MessageSenderChat {
            chat_id: chat_id::of_peer(p),
        }
        .into(),
    }
}

pub fn invite_link(i: &enums::ExportedChatInvite) -> Option<td::ChatInviteLink> {
    let enums::ExportedChatInvite::ChatInviteExported(i) = i else {
        return None;
    };
    Some(td::ChatInviteLink {
        invite_link: i.link.clone(),
        name: i.title.clone().unwrap_or_default(),
        creator_user_id: i.admin_id,
        date: i.date,
        edit_date: 0,
        expiration_date: i.expire_date.unwrap_or(0),
        subscription_pricing: None,
        member_limit: i.usage_limit.unwrap_or(0),
        member_count: i.usage.unwrap_or(0),
        expired_member_count: 0,
        pending_join_request_count: i.requested.unwrap_or(0),
        creates_join_request: i.request_needed,
        is_primary: i.permanent,
        is_revoked: i.revoked,
    })
}

pub fn basic_group_full(f: &types::ChatFull, chat_date: i32) -> td::BasicGroupFullInfo {
    let (members, creator) = match &f.participants {
        enums::ChatParticipants::ChatParticipants(p) => {
            let creator = p.participants.iter().find_map(|p| match p {
                enums::ChatParticipant::Creator(c) => Some(c.user_id),
                _ => None,
            });
            (
                p.participants
                    .iter()
                    .map(|p| Some(chat_participant(p, chat_date)))
                    .collect(),
                creator.unwrap_or(0),
            )
        }
        enums::ChatParticipants::Forbidden(_) => (Vec::new(), 0),
    };
    td::BasicGroupFullInfo {
        photo: None,
        description: f.about.clone(),
        creator_user_id: creator,
        members,
        can_hide_members: false,
        can_toggle_aggressive_anti_spam: false,
        invite_link: f
            .exported_invite
            .as_ref()
            .and_then(invite_link)
            .map(Box::new),
        bot_commands: Vec::new(),
    }
}

pub fn supergroup_full(f: &types::ChannelFull) -> td::SupergroupFullInfo {
    td::SupergroupFullInfo {
        description: f.about.clone(),
        member_count: f.participants_count.unwrap_or(0),
        administrator_count: f.admins_count.unwrap_or(0),
        restricted_count: f.banned_count.unwrap_or(0),
        banned_count: f.kicked_count.unwrap_or(0),
        can_get_members: f.can_view_participants,
        has_hidden_members: f.participants_hidden || !f.can_view_participants,
        can_set_sticker_set: f.can_set_stickers,
        can_set_location: f.can_set_location,
        can_get_statistics: f.can_view_stats,
        can_get_revenue_statistics: f.can_view_revenue,
        can_get_star_revenue_statistics: f.can_view_stars_revenue,
        can_send_gift: f.stargifts_available,
        is_all_history_available: !f.hidden_prehistory,
        has_aggressive_anti_spam_enabled: f.antispam,
        has_paid_media_allowed: f.paid_media_allowed,
        can_enable_paid_messages: f.paid_messages_available,
        can_enable_paid_reaction: f.paid_media_allowed,
        invite_link: f
            .exported_invite
            .as_ref()
            .and_then(invite_link)
            .map(Box::new),
        upgraded_from_basic_group_id: f.migrated_from_chat_id.unwrap_or(0),
        upgraded_from_max_message_id: f
            .migrated_from_max_id
            .map(crate::messages::message_id::from_server)
            .unwrap_or(0),
        ..Default::default()
    }
}
