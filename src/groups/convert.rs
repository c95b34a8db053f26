//! Telegram's `chat` and `channel` as td_api's `basicGroup` and `supergroup`, and the
//! rights and statuses they carry.

use td_api as td;
use tl::api::{enums, types};

use crate::users::convert::usernames_of;

pub fn admin_rights(r: &types::ChatAdminRights, is_channel: bool) -> td::ChatAdministratorRights {
    td::ChatAdministratorRights {
        can_manage_chat: r.other,
        can_change_info: r.change_info,
        can_post_messages: is_channel && r.post_messages,
        can_edit_messages: is_channel && r.edit_messages,
        can_delete_messages: r.delete_messages,
        can_invite_users: r.invite_users,
        can_restrict_members: r.ban_users,
        can_pin_messages: r.pin_messages,
        can_manage_topics: !is_channel && r.manage_topics,
        can_promote_members: r.add_admins,
        can_manage_video_chats: r.manage_call,
        can_post_stories: r.post_stories,
        can_edit_stories: r.edit_stories,
        can_delete_stories: r.delete_stories,
        can_manage_direct_messages: is_channel && r.manage_direct_messages,
        can_manage_tags: r.manage_ranks,
        is_anonymous: r.anonymous,
    }
}

/// The rights of a creator: everything.
pub fn all_admin_rights(is_channel: bool, is_anonymous: bool) -> td::ChatAdministratorRights {
    td::ChatAdministratorRights {
        can_manage_chat: true,
        can_change_info: true,
        can_post_messages: is_channel,
        can_edit_messages: is_channel,
        can_delete_messages: true,
        can_invite_users: true,
        can_restrict_members: true,
        can_pin_messages: true,
        can_manage_topics: !is_channel,
        can_promote_members: true,
        can_manage_video_chats: true,
        can_post_stories: true,
        can_edit_stories: true,
        can_delete_stories: true,
        can_manage_direct_messages: is_channel,
        can_manage_tags: true,
        is_anonymous,
    }
}

/// Permissions are banned rights turned around.
pub fn permissions(b: Option<&types::ChatBannedRights>) -> td::ChatPermissions {
    let b = b.cloned().unwrap_or_default();
    let others = !(b.send_stickers && b.send_gifs && b.send_games && b.send_inline);
    td::ChatPermissions {
        can_send_basic_messages: !b.send_plain && !b.send_messages,
        can_send_audios: !b.send_audios && !b.send_media,
        can_send_documents: !b.send_docs && !b.send_media,
        can_send_photos: !b.send_photos && !b.send_media,
        can_send_videos: !b.send_videos && !b.send_media,
        can_send_video_notes: !b.send_roundvideos && !b.send_media,
        can_send_voice_notes: !b.send_voices && !b.send_media,
        can_send_polls: !b.send_polls && !b.send_media,
        can_send_other_messages: others && !b.send_media,
        can_add_link_previews: !b.embed_links && !b.send_media,
        can_react_to_messages: !b.send_reactions,
        can_edit_tag: !b.edit_rank,
        can_change_info: !b.change_info,
        can_invite_users: !b.invite_users,
        can_pin_messages: !b.pin_messages,
        can_create_topics: !b.manage_topics,
    }
}

/// What a private chat allows: everything but group management.
pub fn private_permissions() -> td::ChatPermissions {
    td::ChatPermissions {
        can_change_info: false,
        can_invite_users: false,
        can_create_topics: false,
        can_edit_tag: false,
        ..permissions(None)
    }
}

/// The banned rights an app's permissions ask for (the inverse of [`permissions`]).
pub fn banned_rights(p: &td::ChatPermissions, until_date: i32) -> types::ChatBannedRights {
    types::ChatBannedRights {
        view_messages: false,
        send_messages: !p.can_send_basic_messages,
        send_media: false,
        send_stickers: !p.can_send_other_messages,
        send_gifs: !p.can_send_other_messages,
        send_games: !p.can_send_other_messages,
        send_inline: !p.can_send_other_messages,
        embed_links: !p.can_add_link_previews,
        send_polls: !p.can_send_polls,
        change_info: !p.can_change_info,
        invite_users: !p.can_invite_users,
        pin_messages: !p.can_pin_messages,
        manage_topics: !p.can_create_topics,
        send_photos: !p.can_send_photos,
        send_videos: !p.can_send_videos,
        send_roundvideos: !p.can_send_video_notes,
        send_audios: !p.can_send_audios,
        send_voices: !p.can_send_voice_notes,
        send_docs: !p.can_send_documents,
        send_plain: !p.can_send_basic_messages,
        edit_rank: !p.can_edit_tag,
        send_reactions: !p.can_react_to_messages,
        until_date,
    }
}

/// The server's admin rights an app's administrator rights ask for.
pub fn to_admin_rights(r: &td::ChatAdministratorRights) -> types::ChatAdminRights {
    types::ChatAdminRights {
        change_info: r.can_change_info,
        post_messages: r.can_post_messages,
        edit_messages: r.can_edit_messages,
        delete_messages: r.can_delete_messages,
        ban_users: r.can_restrict_members,
        invite_users: r.can_invite_users,
        pin_messages: r.can_pin_messages,
        add_admins: r.can_promote_members,
        anonymous: r.is_anonymous,
        manage_call: r.can_manage_video_chats,
        other: r.can_manage_chat,
        manage_topics: r.can_manage_topics,
        post_stories: r.can_post_stories,
        edit_stories: r.can_edit_stories,
        delete_stories: r.can_delete_stories,
        manage_direct_messages: r.can_manage_direct_messages,
        manage_ranks: r.can_manage_tags,
    }
}

fn member() -> td::ChatMemberStatus {
    td::ChatMemberStatusMember {
        member_until_date: 0,
    }
    .into()
}

pub fn basic_group(c: &enums::Chat) -> Option<td::BasicGroup> {
    Some(match c {
        enums::Chat::Chat(c) => {
            let status = if c.creator {
                td::ChatMemberStatusCreator {
                    is_anonymous: false,
                    is_member: !c.left,
                }
                .into()
            } else if c.left {
                td::ChatMemberStatusLeft {}.into()
            } else if let Some(enums::ChatAdminRights::ChatAdminRights(r)) = &c.admin_rights {
                td::ChatMemberStatusAdministrator {
                    can_be_edited: false,
                    rights: Some(Box::new(admin_rights(r, false))),
                }
                .into()
            } else {
                member()
            };
            let upgraded = match &c.migrated_to {
                Some(enums::InputChannel::InputChannel(ch)) => ch.channel_id,
                _ => 0,
            };
            td::BasicGroup {
                id: c.id,
                member_count: c.participants_count,
                status: Some(status),
                is_active: !c.deactivated && upgraded == 0,
                upgraded_to_supergroup_id: upgraded,
            }
        }
        enums::Chat::Forbidden(c) => td::BasicGroup {
            id: c.id,
            member_count: 0,
            status: Some(
                td::ChatMemberStatusBanned {
                    banned_until_date: 0,
                }
                .into(),
            ),
            is_active: false,
            upgraded_to_supergroup_id: 0,
        },
        _ => return None,
    })
}

fn channel_status(c: &types::Channel) -> td::ChatMemberStatus {
    let is_channel = c.broadcast;
    if c.creator {
        let anonymous = matches!(&c.admin_rights, Some(enums::ChatAdminRights::ChatAdminRights(r)) if r.anonymous);
        return td::ChatMemberStatusCreator {
            is_anonymous: anonymous,
            is_member: !c.left,
        }
        .into();
    }
    if let Some(enums::ChatAdminRights::ChatAdminRights(r)) = &c.admin_rights {
        return td::ChatMemberStatusAdministrator {
            can_be_edited: false,
            rights: Some(Box::new(admin_rights(r, is_channel))),
        }
        .into();
    }
    if let Some(enums::ChatBannedRights::ChatBannedRights(b)) = &c.banned_rights {
        if b.view_messages {
            return td::ChatMemberStatusBanned {
                banned_until_date: b.until_date,
            }
            .into();
        }
        let p = permissions(Some(b));
        if p != permissions(None) {
            return td::ChatMemberStatusRestricted {
                is_member: !c.left,
                restricted_until_date: b.until_date,
                permissions: Some(Box::new(p)),
            }
            .into();
        }
    }
    if c.left {
        td::ChatMemberStatusLeft {}.into()
    } else {
        member()
    }
}

pub fn supergroup(c: &enums::Chat) -> Option<td::Supergroup> {
    Some(match c {
        enums::Chat::Channel(c) => td::Supergroup {
            id: c.id,
            usernames: usernames_of(c.username.as_ref(), c.usernames.as_ref()),
            date: c.date,
            status: Some(channel_status(c)),
            member_count: c.participants_count.unwrap_or(0),
            boost_level: c.level.unwrap_or(0),
            has_automatic_translation: c.autotranslation,
            has_linked_chat: c.has_link,
            has_location: c.has_geo,
            sign_messages: c.signatures,
            show_message_sender: c.signature_profiles,
            join_to_send_messages: c.join_to_send || !c.megagroup,
            join_by_request: c.join_request,
            is_slow_mode_enabled: c.slowmode_enabled,
            is_channel: c.broadcast,
            is_broadcast_group: c.gigagroup,
            is_forum: c.forum,
            is_direct_messages_group: c.monoforum,
            is_administered_direct_messages_group: false,
            verification_status: verification(c),
            has_direct_messages_group: c.linked_monoforum_id.is_some() && !c.monoforum,
            has_forum_tabs: c.forum_tabs,
            restriction_info: None,
            paid_message_star_count: c.send_paid_messages_stars.unwrap_or(0),
            active_story_state: None,
        },
        enums::Chat::ChannelForbidden(c) => td::Supergroup {
            id: c.id,
            status: Some(
                td::ChatMemberStatusBanned {
                    banned_until_date: c.until_date.unwrap_or(0),
                }
                .into(),
            ),
            is_channel: c.broadcast,
            join_to_send_messages: !c.megagroup,
            is_direct_messages_group: c.monoforum,
            ..Default::default()
        },
        _ => return None,
    })
}

fn verification(c: &types::Channel) -> Option<Box<td::VerificationStatus>> {
    if !c.verified && !c.scam && !c.fake && c.bot_verification_icon.is_none() {
        return None;
    }
    Some(Box::new(td::VerificationStatus {
        is_verified: c.verified,
        is_scam: c.scam,
        is_fake: c.fake,
        bot_verification_icon_custom_emoji_id: c.bot_verification_icon.unwrap_or(0),
    }))
}
