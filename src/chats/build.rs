//! A chat's td_api object from what the engine knows (its peer, state and last message),
//! and announcing it: updateNewChat, after the user or group it names.

use td_api as td;
use tl::api::enums;

use super::chat_id::ChatKind;
use super::list;
use crate::client::session::Outbox;
use crate::engine::Engine;
use crate::groups::convert as rights;
use crate::messages::convert::{self as mconv, View};
use crate::messages::Entry;
use crate::users::convert::default_accent_color_id;

impl Engine {
    pub fn my_id(&self) -> i64 {
        self.users.my_id().unwrap_or(0)
    }

    pub fn view(&self, chat_id: i64) -> View {
        let broadcast = ChatKind::of(chat_id)
            .and_then(ChatKind::channel_id)
            .is_some_and(|c| self.groups.is_broadcast(c));
        let group = matches!(
            ChatKind::of(chat_id),
            Some(ChatKind::BasicGroup(_) | ChatKind::Channel(_))
        );
        View {
            my_id: self.my_id(),
            chat_id,
            broadcast,
            groupish: group && !broadcast,
        }
    }

    /// The td_api message of an entry.
    pub fn td_message(&self, chat_id: i64, e: &Entry) -> Option<td::Message> {
        match e {
            Entry::Server(m) => mconv::message(m, self.view(chat_id), &self.files),
            Entry::Pending(m) => Some((**m).clone()),
        }
    }

    /// Whether the user or group a chat id names is known (a chat can be built).
    pub fn knows_peer(&self, kind: ChatKind) -> bool {
        match kind {
            ChatKind::User(id) => self.users.get(id).is_some(),
            ChatKind::BasicGroup(_) | ChatKind::Channel(_) => self.groups.knows(kind),
            ChatKind::Secret(_) => false,
        }
    }

    pub fn chat_title(&self, kind: ChatKind) -> String {
        match kind {
            ChatKind::User(id) => match self.users.get(id) {
                Some(u) if matches!(u.r#type, Some(td::UserType::UserTypeDeleted(_))) => {
                    "Deleted Account".to_string()
                }
                Some(u) => format!("{} {}", u.first_name, u.last_name)
                    .trim()
                    .to_string(),
                None => String::new(),
            },
            _ => self.groups.title(kind).unwrap_or_default(),
        }
    }

    pub fn chat_type(&self, kind: ChatKind) -> td::ChatType {
        match kind {
            ChatKind::User(user_id) => td::ChatTypePrivate { user_id }.into(),
            ChatKind::BasicGroup(basic_group_id) => {
                td::ChatTypeBasicGroup { basic_group_id }.into()
            }
            ChatKind::Channel(supergroup_id) => td::ChatTypeSupergroup {
                supergroup_id,
                is_channel: self.groups.is_broadcast(supergroup_id),
            }
            .into(),
            ChatKind::Secret(secret_chat_id) => td::ChatTypeSecret {
                secret_chat_id,
                user_id: 0,
            }
            .into(),
        }
    }

    pub fn chat_permissions(&self, kind: ChatKind) -> td::ChatPermissions {
        match kind {
            ChatKind::User(_) | ChatKind::Secret(_) => rights::private_permissions(),
            _ => self.groups.permissions(kind),
        }
    }

    /// The positions the app should know of the chat now.
    pub fn chat_positions(&self, chat_id: i64) -> Vec<Option<td::ChatPosition>> {
        let Some(s) = self.chats.get(chat_id) else {
            return Vec::new();
        };
        (0..2)
            .filter_map(|folder| {
                let (order, pinned) = self.chats.lists[folder as usize].public(s, folder)?;
                Some(Some(list::position(folder, order, pinned)))
            })
            .collect()
    }

    pub fn last_message(&mut self, chat_id: i64) -> Option<td::Message> {
        let id = self.chats.get(chat_id)?.last_message_id;
        if id == 0 {
            return None;
        }
        let entry = self.messages.load(&self.store, chat_id, id)?;
        self.td_message(chat_id, &entry)
    }

    /// TDLib's can_delete_dialog: (only for self, for all users).
    fn deletion_rights(&self, kind: ChatKind) -> (bool, bool) {
        if self.users.is_bot() {
            return (false, false);
        }
        match kind {
            ChatKind::User(id) => {
                let u = self.users.raw(id);
                let special = id == self.my_id() || u.is_none_or(|u| u.bot() || u.deleted);
                (true, !special)
            }
            ChatKind::BasicGroup(_) => {
                let creator = matches!(
                    self.groups.raw(kind),
                    Some(enums::Chat::Chat(c)) if c.creator
                );
                (true, creator)
            }
            ChatKind::Channel(id) => match self.groups.channel(id) {
                // For all users only once the full info says so (channelFull.can_delete_channel).
                Some(c) => {
                    let public =
                        c.username.is_some() || c.usernames.as_ref().is_some_and(|u| !u.is_empty());
                    (!c.broadcast && !public && !c.forum && !c.left, false)
                }
                None => (false, false),
            },
            ChatKind::Secret(_) => (false, true),
        }
    }

    /// The chat as td_api shows it.
    pub fn chat_object(&mut self, chat_id: i64) -> Option<td::Chat> {
        let kind = ChatKind::of(chat_id)?;
        let s = self.chats.get(chat_id)?.clone();
        let (accent_color_id, background_custom_emoji_id) = match kind {
            ChatKind::User(id) => self
                .users
                .get(id)
                .map_or((default_accent_color_id(id), 0), |u| {
                    (u.accent_color_id, u.background_custom_emoji_id)
                }),
            ChatKind::Channel(id) => {
                let (accent, emoji) = crate::users::convert::color(
                    self.groups.channel(id).and_then(|c| c.color.as_ref()),
                );
                (accent.unwrap_or_else(|| default_accent_color_id(id)), emoji)
            }
            ChatKind::BasicGroup(id) => (default_accent_color_id(id), 0),
            ChatKind::Secret(_) => (0, 0),
        };
        let (only_self, for_all) = self.deletion_rights(kind);
        let can_be_reported = match kind {
            ChatKind::User(id) => self
                .users
                .raw(id)
                .is_some_and(|u| u.bot() && !u.deleted && !u.support),
            ChatKind::Channel(id) => !self.groups.channel(id).is_some_and(|c| c.creator),
            _ => false,
        };
        let broadcast = ChatKind::of(chat_id)
            .and_then(ChatKind::channel_id)
            .is_some_and(|c| self.groups.is_broadcast(c));
        // A broadcast channel reads as read by everyone up to the largest id (TDLib sets it so).
        let last_read_outbox = if broadcast {
            i64::from(i32::MAX) << 20
        } else {
            s.last_read_outbox
        };
        let available_reactions: td::ChatAvailableReactions = match kind {
            ChatKind::User(_) => td::ChatAvailableReactionsAll {
                max_reaction_count: 11,
            }
            .into(),
            _ => td::ChatAvailableReactionsSome {
                reactions: Vec::new(),
                max_reaction_count: 11,
            }
            .into(),
        };
        let has_protected_content = match self.groups.raw(kind) {
            Some(enums::Chat::Chat(c)) => c.noforwards,
            Some(enums::Chat::Channel(c)) => c.noforwards,
            _ => false,
        };
        Some(td::Chat {
            id: chat_id,
            r#type: Some(self.chat_type(kind)),
            title: self.chat_title(kind),
            photo: None,
            accent_color_id,
            background_custom_emoji_id,
            upgraded_gift_colors: None,
            profile_accent_color_id: -1,
            profile_background_custom_emoji_id: 0,
            permissions: Some(Box::new(self.chat_permissions(kind))),
            last_message: self.last_message(chat_id).map(Box::new),
            positions: self.chat_positions(chat_id),
            chat_lists: Vec::new(),
            message_sender_id: None,
            block_list: None,
            has_protected_content,
            is_translatable: false,
            is_marked_as_unread: s.marked_unread,
            view_as_topics: false,
            has_scheduled_messages: false,
            can_be_deleted_only_for_self: only_self,
            can_be_deleted_for_all_users: for_all,
            can_be_reported,
            default_disable_notification: false,
            unread_count: s.unread_count,
            last_read_inbox_message_id: s.last_read_inbox,
            last_read_outbox_message_id: last_read_outbox,
            unread_mention_count: s.unread_mention_count,
            unread_reaction_count: 0,
            unread_poll_vote_count: 0,
            notification_settings: Some(Box::new(default_notification_settings())),
            available_reactions: Some(available_reactions),
            message_auto_delete_time: 0,
            emoji_status: None,
            background: None,
            theme: None,
            action_bar: None,
            business_bot_manage_bar: None,
            video_chat: Some(Box::new(td::VideoChat {
                group_call_id: 0,
                has_participants: false,
                default_participant_id: None,
            })),
            pending_join_requests: None,
            reply_markup_message_id: 0,
            draft_message: s.draft.as_ref().and_then(draft).map(Box::new),
            client_data: String::new(),
        })
    }

    /// A user or group kept in the database (use_chat_info_database), announced as it is
    /// read back.
    pub fn load_peer(&mut self, kind: ChatKind, out: &Outbox) {
        if !self.groups.persist {
            return;
        }
        match kind {
            ChatKind::User(id) => {
                if let Some(bytes) = self.store.with(|db| db.user(id)).flatten() {
                    self.users.load_stored(&bytes, out, &self.store);
                }
            }
            ChatKind::BasicGroup(_) | ChatKind::Channel(_) => {
                if let Some(bytes) = self.store.with(|db| db.peer(kind.chat_id())).flatten() {
                    self.groups.load_stored(&bytes, out, &self.store);
                }
            }
            ChatKind::Secret(_) => {}
        }
    }

    /// A group orders by its creation date, a channel by its join date, while a member.
    pub fn refresh_base_date(&mut self, chat_id: i64) {
        let date = match ChatKind::of(chat_id).and_then(|k| self.groups.raw(k)) {
            Some(enums::Chat::Chat(c)) if !c.left && !c.deactivated && c.migrated_to.is_none() => {
                c.date
            }
            Some(enums::Chat::Channel(c)) if !c.left => c.date,
            _ => 0,
        };
        let s = self.chats.entry(chat_id);
        if s.base_date != date {
            s.base_date = date;
            self.chats.save(chat_id, &mut self.writes);
        }
    }

    /// Announces a chat (updateNewChat) if the app has not seen it, after what it names;
    /// false if the chat can't be built (its user or group is unknown).
    pub fn announce_chat(&mut self, chat_id: i64, out: &Outbox) -> bool {
        if self.chats.is_announced(chat_id) {
            return true;
        }
        let Some(kind) = ChatKind::of(chat_id) else {
            return false;
        };
        if !self.knows_peer(kind) {
            self.load_peer(kind, out);
        }
        if !self.knows_peer(kind) {
            return false;
        }
        self.refresh_base_date(chat_id);
        // The chat goes out without its last message and positions; those follow as their
        // own updates, so every id they name is announced first.
        let Some(mut chat) = self.chat_object(chat_id) else {
            return false;
        };
        chat.last_message = None;
        chat.positions = Vec::new();
        self.chats.mark_announced(chat_id);
        out.update(td::UpdateNewChat {
            chat: Some(Box::new(chat)),
        });
        if let ChatKind::Channel(channel) = kind {
            if self.chats.get(chat_id).is_some_and(|s| s.pts == 0)
                && self.groups.channel(channel).is_some_and(|c| !c.left)
            {
                crate::chats::requests::init_dialog(self, chat_id);
            }
        }
        true
    }
}

pub fn default_notification_settings() -> td::ChatNotificationSettings {
    td::ChatNotificationSettings {
        use_default_mute_for: true,
        mute_for: 0,
        use_default_sound: true,
        sound_id: -1,
        use_default_show_preview: true,
        show_preview: true,
        use_default_mute_stories: true,
        mute_stories: false,
        use_default_story_sound: true,
        story_sound_id: -1,
        use_default_show_story_poster: true,
        show_story_poster: true,
        use_default_disable_pinned_message_notifications: true,
        disable_pinned_message_notifications: false,
        use_default_disable_mention_notifications: true,
        disable_mention_notifications: false,
    }
}

/// The server's draft as td_api's; an empty one is none.
pub fn draft(d: &enums::DraftMessage) -> Option<td::DraftMessage> {
    let enums::DraftMessage::DraftMessage(d) = d else {
        return None;
    };
    let reply_to = match &d.reply_to {
        Some(enums::InputReplyTo::Message(r)) => Some(
            td::InputMessageReplyToMessage {
                message_id: crate::messages::message_id::from_server(r.reply_to_msg_id),
                quote: None,
                checklist_task_id: 0,
                poll_option_id: String::new(),
            }
            .into(),
        ),
        _ => None,
    };
    Some(td::DraftMessage {
        reply_to,
        date: d.date,
        content: Some(
            td::DraftMessageContentText {
                text: Some(Box::new(crate::messages::content::text(
                    &d.message,
                    d.entities.as_ref(),
                ))),
                link_preview_options: d.no_webpage.then(|| {
                    Box::new(td::LinkPreviewOptions {
                        is_disabled: true,
                        ..Default::default()
                    })
                }),
            }
            .into(),
        ),
        effect_id: d.effect.unwrap_or(0),
        suggested_post_info: None,
    })
}
