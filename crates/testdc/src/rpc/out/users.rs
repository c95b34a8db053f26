//! Users and full users as TL.

use tl::api::{enums, types};

use crate::world::{FullUser, UserId, UserView, World, WorldResult};

pub fn user(view: &UserView) -> enums::User {
    let non_empty = |s: &str| (!s.is_empty()).then(|| s.to_string());
    enums::User::User(Box::new(types::User {
        self_: view.is_self,
        contact: view.is_contact,
        mutual_contact: view.is_mutual_contact,
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
        id: view.id,
        access_hash: Some(view.access_hash),
        first_name: Some(view.first_name.clone()),
        last_name: non_empty(&view.last_name),
        username: view.username.clone(),
        phone: view.phone.clone(),
        photo: None,
        status: None,
        // `bot` shares this field's flag bit: its presence marks a bot.
        bot_info_version: view.is_bot.then_some(1),
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
    }))
}

/// The users among `ids` that exist, as `viewer` sees them.
pub fn users(world: &World, viewer: UserId, ids: &[UserId]) -> WorldResult<Vec<enums::User>> {
    Ok(world.user_views(viewer, ids)?.iter().map(user).collect())
}

pub fn notify_settings() -> enums::PeerNotifySettings {
    enums::PeerNotifySettings::PeerNotifySettings(Box::new(types::PeerNotifySettings {
        show_previews: None,
        silent: None,
        mute_until: None,
        ios_sound: None,
        android_sound: None,
        other_sound: None,
        stories_muted: None,
        stories_hide_sender: None,
        stories_ios_sound: None,
        stories_android_sound: None,
        stories_other_sound: None,
    }))
}

/// peerSettings with nothing to suggest.
pub fn peer_settings() -> enums::PeerSettings {
    enums::PeerSettings::PeerSettings(Box::new(types::PeerSettings {
        report_spam: false,
        add_contact: false,
        block_contact: false,
        share_contact: false,
        need_contacts_exception: false,
        report_geo: false,
        autoarchived: false,
        invite_members: false,
        request_chat_broadcast: false,
        business_bot_paused: false,
        business_bot_can_reply: false,
        geo_distance: None,
        request_chat_title: None,
        request_chat_date: None,
        business_bot_id: None,
        business_bot_manage_url: None,
        charge_paid_message_stars: None,
        registration_month: None,
        phone_country: None,
        name_change_date: None,
        photo_change_date: None,
    }))
}

/// users.userFull.
pub fn user_full(full: &FullUser) -> enums::users::UserFull {
    let inner = types::UserFull {
        blocked: false,
        phone_calls_available: false,
        phone_calls_private: false,
        can_pin_message: true,
        has_scheduled: false,
        video_calls_available: false,
        voice_messages_forbidden: false,
        translations_disabled: false,
        stories_pinned_available: false,
        blocked_my_stories_from: false,
        wallpaper_overridden: false,
        contact_require_premium: false,
        read_dates_private: false,
        sponsored_enabled: false,
        can_view_revenue: false,
        bot_can_manage_emoji_status: false,
        display_gifts_button: false,
        noforwards_my_enabled: false,
        noforwards_peer_enabled: false,
        unofficial_security_risk: false,
        id: full.user.id,
        about: (!full.about.is_empty()).then(|| full.about.clone()),
        settings: peer_settings(),
        personal_photo: None,
        profile_photo: None,
        fallback_photo: None,
        notify_settings: notify_settings(),
        bot_info: None,
        pinned_msg_id: None,
        common_chats_count: full.common_chats_count,
        folder_id: None,
        ttl_period: None,
        theme: None,
        private_forward_name: None,
        bot_group_admin_rights: None,
        bot_broadcast_admin_rights: None,
        wallpaper: None,
        stories: None,
        business_work_hours: None,
        business_location: None,
        business_greeting_message: None,
        business_away_message: None,
        business_intro: None,
        birthday: None,
        personal_channel_id: None,
        personal_channel_message: None,
        stargifts_count: None,
        starref_program: None,
        bot_verification: None,
        send_paid_messages_stars: None,
        disallowed_gifts: None,
        stars_rating: None,
        stars_my_pending_rating: None,
        stars_my_pending_rating_date: None,
        main_tab: None,
        saved_music: None,
        note: None,
        bot_manager_id: None,
    };
    enums::users::UserFull::UserFull(Box::new(types::users::UserFull {
        full_user: enums::UserFull::UserFull(Box::new(inner)),
        chats: Vec::new(),
        users: vec![user(&full.user)],
    }))
}
