//! Telegram's `user` as td_api's `user`, field by field as td_api.tl describes it.

use td_api as td;
use tl::api::{enums, types};

/// td_api's accent colour for a user with none of its own: seven colours by id.
pub fn default_accent_color_id(user_id: i64) -> i32 {
    (user_id.rem_euclid(7)) as i32
}

/// A status as td_api shows it at `now`: an online status that ran out reads as offline,
/// and an offline time not in the past reads as a second ago.
pub fn status(s: Option<&enums::UserStatus>, now: i32) -> td::UserStatus {
    match s {
        Some(enums::UserStatus::Online(s)) if s.expires > now => {
            td::UserStatusOnline { expires: s.expires }.into()
        }
        Some(enums::UserStatus::Online(s)) => td::UserStatusOffline {
            was_online: s.expires,
        }
        .into(),
        Some(enums::UserStatus::Offline(s)) => td::UserStatusOffline {
            was_online: if s.was_online >= now {
                now - 1
            } else {
                s.was_online
            },
        }
        .into(),
        Some(enums::UserStatus::Recently(s)) => td::UserStatusRecently {
            by_my_privacy_settings: s.by_me,
        }
        .into(),
        Some(enums::UserStatus::LastWeek(s)) => td::UserStatusLastWeek {
            by_my_privacy_settings: s.by_me,
        }
        .into(),
        Some(enums::UserStatus::LastMonth(s)) => td::UserStatusLastMonth {
            by_my_privacy_settings: s.by_me,
        }
        .into(),
        Some(enums::UserStatus::Empty) | None => td::UserStatusEmpty {}.into(),
    }
}

fn usernames(u: &types::User) -> Option<Box<td::Usernames>> {
    usernames_of(u.username.as_ref(), u.usernames.as_ref())
}

/// td_api's usernames from the server's single username and list (users and channels alike).
pub fn usernames_of(
    username: Option<&String>,
    list: Option<&Vec<enums::Username>>,
) -> Option<Box<td::Usernames>> {
    let mut active: Vec<String> = Vec::new();
    let mut disabled: Vec<String> = Vec::new();
    let mut editable = String::new();
    let single = username.filter(|n| !n.is_empty());
    match list {
        // Both forms at once is inconsistent: TDLib then shows none.
        Some(list) if !list.is_empty() && single.is_some() => return None,
        Some(list) if !list.is_empty() => {
            for enums::Username::Username(n) in list {
                let name = &n.username;
                if name.is_empty() || active.contains(name) || disabled.contains(name) {
                    continue;
                }
                if n.active {
                    active.push(name.clone());
                } else {
                    disabled.push(name.clone());
                }
                if n.editable && editable.is_empty() {
                    editable = name.clone();
                }
            }
        }
        _ => {
            if let Some(name) = single {
                active.push(name.clone());
                editable = name.clone();
            }
        }
    }
    if active.is_empty() && disabled.is_empty() {
        return None;
    }
    let collectible = active
        .iter()
        .chain(&disabled)
        .filter(|n| **n != editable)
        .cloned()
        .collect();
    Some(Box::new(td::Usernames {
        active_usernames: active,
        disabled_usernames: disabled,
        editable_username: editable,
        collectible_usernames: collectible,
    }))
}

fn user_type(u: &types::User) -> td::UserType {
    if u.deleted {
        return td::UserTypeDeleted {}.into();
    }
    if !u.bot() {
        return td::UserTypeRegular {}.into();
    }
    td::UserTypeBot {
        can_be_edited: u.bot_can_edit,
        can_join_groups: !u.bot_nochats,
        can_read_all_group_messages: u.bot_chat_history,
        has_main_web_app: u.bot_has_main_app,
        has_topics: u.bot_forum_view,
        allows_users_to_create_topics: u.bot_forum_view && u.bot_forum_can_manage_topics,
        can_manage_bots: u.bot_can_manage_bots,
        is_inline: u.bot_inline_placeholder.is_some(),
        inline_query_placeholder: u.bot_inline_placeholder.clone().unwrap_or_default(),
        supports_guest_queries: u.bot_guestchat,
        is_guard: u.bot_guard,
        need_location: u.bot_inline_geo,
        can_connect_to_business: u.bot_business,
        can_be_added_to_attachment_menu: u.bot_attach_menu,
        active_user_count: u.bot_active_users.unwrap_or(0),
    }
    .into()
}

pub fn color(c: Option<&enums::PeerColor>) -> (Option<i32>, i64) {
    match c {
        Some(enums::PeerColor::PeerColor(c)) => (c.color, c.background_emoji_id.unwrap_or(0)),
        Some(enums::PeerColor::Collectible(c)) => (Some(c.accent_color), c.background_emoji_id),
        _ => (None, 0),
    }
}

/// Who looks at a user.
#[derive(Clone, Copy, Debug, Default)]
pub struct Viewer {
    /// The user is the account itself.
    pub is_self: bool,
    /// The app's account is a bot.
    pub is_bot: bool,
    /// The app may use the user (its access hash is known, or it is the account).
    pub have_access: bool,
    pub now: i32,
}

/// The td_api object of a (non-empty) user.
pub fn user(u: &types::User, v: Viewer) -> td::User {
    let (accent, background) = color(u.color.as_ref());
    let accent = accent.filter(|_| !matches!(u.color, Some(enums::PeerColor::Collectible(_))));
    let contact = u.contact && !v.is_self;
    let mutual = u.mutual_contact && contact;
    let phone: String = u
        .phone
        .as_deref()
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let mut first_name = u.first_name.clone().unwrap_or_default();
    let last_name = u.last_name.clone().unwrap_or_default();
    if first_name.is_empty() && last_name.is_empty() {
        first_name = phone.clone();
    }
    let (profile_accent, profile_background) = color(u.profile_color.as_ref());
    let verification =
        (u.verified || u.scam || u.fake || u.bot_verification_icon.is_some()).then(|| {
            Box::new(td::VerificationStatus {
                is_verified: u.verified,
                is_scam: u.scam,
                is_fake: u.fake,
                bot_verification_icon_custom_emoji_id: u.bot_verification_icon.unwrap_or(0),
            })
        });
    let restriction = u
        .restriction_reason
        .as_ref()
        .filter(|r| u.restricted() && !r.is_empty())
        .map(|reasons| {
            let text = reasons
                .iter()
                .map(|enums::RestrictionReason::RestrictionReason(r)| r.text.clone())
                .next()
                .unwrap_or_default();
            Box::new(td::RestrictionInfo {
                restriction_reason: text,
                has_sensitive_content: false,
            })
        });
    td::User {
        id: u.id,
        first_name,
        last_name,
        usernames: usernames(u),
        phone_number: if v.is_bot { String::new() } else { phone },
        status: Some(if u.bot() {
            td::UserStatusOnline { expires: i32::MAX }.into()
        } else {
            status(u.status.as_ref(), v.now)
        }),
        profile_photo: None,
        accent_color_id: accent.unwrap_or_else(|| default_accent_color_id(u.id)),
        background_custom_emoji_id: background,
        upgraded_gift_colors: None,
        // A user's client knows no profile colours until it loads their list.
        profile_accent_color_id: profile_accent.filter(|_| v.is_bot).unwrap_or(-1),
        profile_background_custom_emoji_id: profile_background,
        emoji_status: None,
        is_contact: contact,
        is_mutual_contact: mutual,
        is_close_friend: u.close_friend && contact,
        verification_status: verification,
        is_premium: u.premium,
        is_support: u.support,
        restriction_info: restriction,
        active_story_state: None,
        restricts_new_chats: u.contact_require_premium && !mutual,
        paid_message_star_count: if u.deleted {
            0
        } else {
            u.send_paid_messages_stars.unwrap_or(0)
        },
        have_access: v.have_access,
        r#type: Some(user_type(u)),
        language_code: u.lang_code.clone().unwrap_or_default(),
        added_to_attachment_menu: u.attach_menu_enabled,
    }
}

/// The td_api object of users.userFull's `full_user`.
pub fn full_info(f: &types::UserFull, is_bot: bool, is_premium: bool) -> td::UserFullInfo {
    let bio = f.about.clone().unwrap_or_default();
    td::UserFullInfo {
        block_list: if f.blocked {
            Some(td::BlockListMain {}.into())
        } else if f.blocked_my_stories_from {
            Some(td::BlockListStories {}.into())
        } else {
            None
        },
        can_be_called: f.phone_calls_available && !f.phone_calls_private,
        supports_video_calls: f.video_calls_available && !f.phone_calls_private,
        has_private_calls: f.phone_calls_private,
        has_private_forwards: f.private_forward_name.is_some(),
        has_restricted_voice_and_video_note_messages: f.voice_messages_forbidden && is_premium,
        has_posted_to_profile_stories: f.stories_pinned_available,
        has_sponsored_messages_enabled: f.sponsored_enabled,
        need_phone_number_privacy_exception: false,
        set_chat_background: f.wallpaper_overridden,
        uses_unofficial_app: f.unofficial_security_risk,
        bio: (!is_bot).then(|| {
            Box::new(td::FormattedText {
                text: bio,
                entities: Vec::new(),
            })
        }),
        personal_chat_id: f.personal_channel_id.map_or(0, |c| -1_000_000_000_000 - c),
        gift_count: f.stargifts_count.unwrap_or(0),
        group_in_common_count: f.common_chats_count.max(0),
        incoming_paid_message_star_count: 0,
        outgoing_paid_message_star_count: f.send_paid_messages_stars.unwrap_or(0),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn plain(id: i64) -> types::User {
        types::User {
            self_: false,
            contact: false,
            mutual_contact: false,
            deleted: false,
            bot_chat_history: false,
            bot_nochats: false,
            verified: false,
            min: false,
            bot_inline_geo: false,
            support: false,
            scam: false,
            apply_min_photo: false,
            fake: false,
            bot_attach_menu: false,
            premium: false,
            attach_menu_enabled: false,
            bot_can_edit: false,
            close_friend: false,
            stories_hidden: false,
            stories_unavailable: false,
            contact_require_premium: false,
            bot_business: false,
            bot_has_main_app: false,
            bot_forum_view: false,
            bot_forum_can_manage_topics: false,
            bot_can_manage_bots: false,
            bot_guestchat: false,
            bot_guard: false,
            id,
            access_hash: Some(5),
            first_name: Some("Ann".into()),
            last_name: None,
            username: None,
            phone: Some("9996621234".into()),
            photo: None,
            status: None,
            bot_info_version: None,
            restriction_reason: None,
            bot_inline_placeholder: None,
            lang_code: None,
            emoji_status: None,
            usernames: None,
            stories_max_id: None,
            color: None,
            profile_color: None,
            bot_active_users: None,
            bot_verification_icon: None,
            send_paid_messages_stars: None,
        }
    }

    #[test]
    fn a_plain_user_gets_tdlib_defaults() {
        let u = user(
            &plain(12),
            Viewer {
                have_access: true,
                ..Default::default()
            },
        );
        assert_eq!(u.first_name, "Ann");
        assert_eq!(u.phone_number, "9996621234");
        assert!(u.usernames.is_none());
        assert_eq!(u.accent_color_id, 5);
        assert_eq!(u.profile_accent_color_id, -1);
        assert!(matches!(u.status, Some(td::UserStatus::UserStatusEmpty(_))));
        assert!(matches!(u.r#type, Some(td::UserType::UserTypeRegular(_))));
        assert!(u.verification_status.is_none());
        assert!(u.have_access);
    }

    #[test]
    fn usernames_and_bots() {
        let mut t = plain(3);
        t.username = Some("ann".into());
        let u = user(&t, Viewer::default());
        let names = u.usernames.expect("usernames");
        assert_eq!(names.active_usernames, ["ann"]);
        assert_eq!(names.editable_username, "ann");
        t.bot_info_version = Some(1);
        t.bot_nochats = true;
        t.status = Some(enums::UserStatus::Online(Box::new(
            types::UserStatusOnline { expires: 9 },
        )));
        let u = user(&t, Viewer::default());
        let Some(td::UserType::UserTypeBot(b)) = u.r#type else {
            panic!("a bot")
        };
        assert!(!b.can_join_groups);
        assert!(
            matches!(u.status, Some(td::UserStatus::UserStatusOnline(ref s)) if s.expires == i32::MAX)
        );
    }

    #[test]
    fn a_user_without_names_is_named_by_phone() {
        let mut t = plain(4);
        t.first_name = None;
        t.phone = Some("+999 66".into());
        let u = user(&t, Viewer::default());
        assert_eq!(u.phone_number, "99966");
        assert_eq!(u.first_name, "99966");
    }
}
