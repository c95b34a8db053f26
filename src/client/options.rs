//! Client options: the values TDLib announces with updateOption, getOption and setOption.

use std::collections::HashMap;

use td_api::{
    OptionValue, OptionValueBoolean, OptionValueEmpty, OptionValueInteger, OptionValueString,
};

use crate::api::{error, TdError};

/// A default value from TDLib's option list.
#[derive(Clone, Copy, Debug)]
pub enum OptionDefault {
    Int(i64),
    Bool(bool),
    /// Not set on this kind of DC.
    Unset,
}

use OptionDefault::{Bool as B, Int as I, Unset as U};

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Str(String),
}

impl Value {
    pub fn to_td(&self) -> OptionValue {
        match self {
            Value::Bool(value) => OptionValueBoolean { value: *value }.into(),
            Value::Int(value) => OptionValueInteger { value: *value }.into(),
            Value::Str(value) => OptionValueString {
                value: value.clone(),
            }
            .into(),
        }
    }
}

pub fn empty() -> OptionValue {
    OptionValueEmpty {}.into()
}

/// How a user may set an option.
enum Settable {
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    Str(fn(&str) -> bool),
    /// `online`: accepted and remembered, never announced.
    Online,
    /// Custom options (`x…`): any type.
    Any,
}

const BOOL_OPTIONS: &[&str] = &[
    "always_parse_markdown",
    "disable_animated_emoji",
    "disable_contact_registered_notifications",
    "disable_network_statistics",
    "disable_persistent_network_statistics",
    "disable_sent_scheduled_message_notifications",
    "disable_time_adjustment_protection",
    "disable_top_chats",
    "ignore_background_updates",
    "ignore_default_disable_notification",
    "ignore_file_names",
    "ignore_inline_thumbnails",
    "ignore_platform_restrictions",
    "is_emulator",
    "prefer_ipv6",
    "process_pinned_messages_as_mentions",
    "reuse_uploaded_photos_by_hash",
    "use_pfs",
    "use_quick_ack",
    "use_storage_optimizer",
];

fn settable(name: &str) -> Option<Settable> {
    if BOOL_OPTIONS.contains(&name) {
        return Some(Settable::Bool);
    }
    let int = |min, max| Some(Settable::Int { min, max });
    match name {
        "online" => Some(Settable::Online),
        "notification_group_count_max" => int(0, 25),
        "notification_group_size_max" => int(1, 25),
        "storage_max_files_size"
        | "storage_max_time_from_last_access"
        | "storage_max_file_count"
        | "storage_immunity_delay" => int(0, i64::from(i32::MAX)),
        "utc_time_offset" => int(-12 * 3600, 14 * 3600),
        "localization_target" | "language_pack_database_path" => Some(Settable::Str(|_| true)),
        "language_pack_id" => Some(Settable::Str(is_language_pack_id)),
        "connection_parameters" => Some(Settable::Str(is_json_object)),
        _ if name.starts_with(['x', 'X']) => Some(Settable::Any),
        _ => None,
    }
}

fn is_language_pack_id(s: &str) -> bool {
    s.len() >= 2
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn is_json_object(s: &str) -> bool {
    td_api::json::with_document(s.as_bytes(), |doc| doc.root().object().is_some()).unwrap_or(false)
}

/// Seconds since the epoch, now.
pub fn unix_time() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A client's options: TDLib's defaults (a shared table, not copied into every client) and
/// what was set on top of them.
#[derive(Default)]
pub struct Options {
    /// Which defaults apply: the test DC's or production's (None before setTdlibParameters).
    defaults: Option<bool>,
    /// Values set over the defaults; `None` for one taken away.
    values: HashMap<String, Option<Value>>,
    online: bool,
}

/// An option whose value changed and must be announced with updateOption.
pub type Change = (String, OptionValue);

fn default_of(entry: &(&str, OptionDefault, OptionDefault), use_test_dc: bool) -> Option<Value> {
    match if use_test_dc { &entry.1 } else { &entry.2 } {
        I(v) => Some(Value::Int(*v)),
        B(v) => Some(Value::Bool(*v)),
        U => None,
    }
}

impl Options {
    /// The defaults TDLib sets when the database opens, in its order.
    pub fn load_defaults(
        &mut self,
        use_test_dc: bool,
        unix_time: i64,
        utc_time_offset: i64,
    ) -> Vec<Change> {
        let mut changes = vec![
            ("unix_time".to_string(), Value::Int(unix_time).to_td()),
            (
                "utc_time_offset".to_string(),
                Value::Int(utc_time_offset).to_td(),
            ),
        ];
        self.values
            .insert("utc_time_offset".into(), Some(Value::Int(utc_time_offset)));
        self.defaults = Some(use_test_dc);
        for entry in DEFAULTS {
            if let Some(value) = default_of(entry, use_test_dc) {
                changes.push((entry.0.to_string(), value.to_td()));
            }
        }
        changes
    }

    /// The value of `name` (a later line of the defaults wins, as it did when announced).
    fn value(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.values.get(name) {
            return v.clone();
        }
        let test = self.defaults?;
        // The last line that sets it on this kind of DC (a later line may leave it unset).
        DEFAULTS
            .iter()
            .rev()
            .filter(|e| e.0 == name)
            .find_map(|e| default_of(e, test))
    }

    pub fn get(&self, name: &str, unix_time: i64) -> OptionValue {
        match name {
            "online" => Value::Bool(self.online).to_td(),
            "unix_time" => Value::Int(unix_time).to_td(),
            _ => self
                .value(name)
                .as_ref()
                .map(Value::to_td)
                .unwrap_or_else(empty),
        }
    }

    /// An option the engine sets (my_id, values from the server): the change to announce,
    /// if the value is new.
    pub fn set_internal(&mut self, name: &str, value: Value) -> Option<Change> {
        if self.value(name).as_ref() == Some(&value) {
            return None;
        }
        let td = value.to_td();
        self.values.insert(name.to_string(), Some(value));
        Some((name.to_string(), td))
    }

    /// Every option with a value (for getCurrentState).
    pub fn all(&self) -> Vec<(&str, OptionValue)> {
        let mut names: Vec<&str> = Vec::new();
        if self.defaults.is_some() {
            names.extend(DEFAULTS.iter().map(|e| e.0));
        }
        names.extend(self.values.keys().map(String::as_str));
        names.sort_unstable();
        names.dedup();
        names
            .into_iter()
            .filter_map(|n| self.value(n).map(|v| (n, v.to_td())))
            .collect()
    }

    /// setOption: validates like TDLib and returns the change to announce, if any.
    pub fn set(
        &mut self,
        name: &str,
        value: Option<&OptionValue>,
    ) -> Result<Option<Change>, TdError> {
        let rule = settable(name).ok_or_else(|| match name {
            "ignore_sensitive_content_restrictions" => error(
                400,
                format!("Option \"{name}\" can't be changed by the user"),
            ),
            _ => error(400, "Option can't be set"),
        })?;
        let new = match value {
            None | Some(OptionValue::OptionValueEmpty(_)) => None,
            Some(OptionValue::OptionValueBoolean(b)) => Some(Value::Bool(b.value)),
            Some(OptionValue::OptionValueInteger(i)) => Some(Value::Int(i.value)),
            Some(OptionValue::OptionValueString(s)) => Some(Value::Str(s.value.clone())),
        };
        let wrong = |kind: &str| error(400, format!("Option \"{name}\" must have {kind} value"));
        match (&rule, &new) {
            (_, None) | (Settable::Any, _) => {}
            (Settable::Bool | Settable::Online, Some(Value::Bool(_))) => {}
            (Settable::Bool | Settable::Online, Some(_)) => return Err(wrong("boolean")),
            (Settable::Int { min, max }, Some(Value::Int(v))) => {
                if v < min || v > max {
                    return Err(error(
                        400,
                        format!("Option's \"{name}\" value {v} is outside of the valid range [{min}, {max}]"),
                    ));
                }
            }
            (Settable::Int { .. }, Some(_)) => return Err(wrong("integer")),
            (Settable::Str(valid), Some(Value::Str(s))) => {
                if !s.is_empty() && !valid(s) {
                    return Err(error(
                        400,
                        format!("Option \"{name}\" can't have specified value"),
                    ));
                }
            }
            (Settable::Str(_), Some(_)) => return Err(wrong("string")),
        }
        if let Settable::Online = rule {
            if let Some(Value::Bool(online)) = new {
                self.online = online;
            }
            return Ok(None);
        }
        // An empty string clears a string option (custom options keep it).
        let new = match rule {
            Settable::Str(_) => new.filter(|v| !matches!(v, Value::Str(s) if s.is_empty())),
            _ => new,
        };
        let old = self.value(name);
        if old == new {
            return Ok(None);
        }
        self.values.insert(name.to_string(), new.clone());
        Ok(Some((
            name.to_string(),
            new.as_ref().map(Value::to_td).unwrap_or_else(empty),
        )))
    }
}

/// The options TDLib 1.8.65 sets when its database opens, in the order it announces them:
/// (name, value on test DCs, value on production DCs). Two limits are announced twice on
/// test DCs, the second time with the production value.
#[rustfmt::skip]
pub const DEFAULTS: &[(&str, OptionDefault, OptionDefault)] = &[
    ("telegram_service_notifications_chat_id", I(777000), I(777000)),
    ("replies_bot_chat_id", I(708513), I(1271266957)),
    ("verification_codes_bot_chat_id", I(489000), I(489000)),
    ("group_anonymous_bot_user_id", I(552888), I(1087968824)),
    ("channel_bot_user_id", I(936174), I(136817688)),
    ("anti_spam_bot_user_id", I(2200583762), I(5434988373)),
    ("message_caption_length_max", I(1024), I(1024)),
    ("message_reply_quote_length_max", I(1024), I(1024)),
    ("story_caption_length_max", I(200), I(200)),
    ("bio_length_max", I(70), I(70)),
    ("suggested_video_note_length", I(384), I(384)),
    ("suggested_video_note_video_bitrate", I(1000), I(1000)),
    ("suggested_video_note_audio_bitrate", I(64), I(64)),
    ("notification_sound_duration_max", I(5), I(5)),
    ("notification_sound_size_max", I(307200), I(307200)),
    ("notification_sound_count_max", I(5), I(100)),
    ("chat_folder_count_max", I(3), I(10)),
    ("chat_folder_chosen_chat_count_max", I(5), I(100)),
    ("pinned_forum_topic_count_max", I(3), I(5)),
    ("story_stealth_mode_past_period", I(300), I(300)),
    ("story_stealth_mode_future_period", I(1500), I(1500)),
    ("story_stealth_mode_cooldown_period", I(10800), I(10800)),
    ("giveaway_additional_chat_count_max", I(3), I(10)),
    ("giveaway_country_count_max", I(3), I(10)),
    ("giveaway_boost_count_per_premium", I(4), I(4)),
    ("giveaway_duration_max", I(2678400), I(2678400)),
    ("premium_gift_boost_count", I(3), I(3)),
    ("chat_boost_level_max", I(10), I(100)),
    ("chat_available_reaction_count_max", I(100), I(100)),
    ("quick_reply_shortcut_count_max", I(10), I(100)),
    ("quick_reply_shortcut_message_count_max", I(20), I(20)),
    ("business_start_page_title_length_max", I(32), I(32)),
    ("business_start_page_message_length_max", I(70), I(70)),
    ("premium_download_speedup", I(10), I(10)),
    ("premium_upload_speedup", I(10), I(10)),
    ("business_chat_link_count_max", I(5), I(100)),
    ("pinned_story_count_max", I(3), I(3)),
    ("fact_check_length_max", I(1024), I(1024)),
    ("star_withdrawal_count_min", I(10), I(1000)),
    ("story_link_area_count_max", I(3), I(3)),
    ("paid_media_message_star_count_max", I(25000), I(25000)),
    ("bot_media_preview_count_max", I(12), I(12)),
    ("paid_reaction_star_count_max", I(10000), I(10000)),
    ("subscription_star_count_max", I(10000), I(10000)),
    ("usd_to_thousand_star_rate", I(1410), I(1410)),
    ("thousand_star_to_usd_rate", I(1300), I(1300)),
    ("gift_text_length_max", I(128), I(128)),
    ("gift_sell_period", I(300), I(7776000)),
    ("affiliate_program_commission_per_mille_min", I(1), I(1)),
    ("affiliate_program_commission_per_mille_max", I(800), I(800)),
    ("bot_verification_custom_description_length_max", I(70), I(70)),
    ("paid_message_star_count_max", I(10000), I(10000)),
    ("paid_message_earnings_per_mille", I(850), I(850)),
    ("pinned_gift_count_max", I(6), I(6)),
    ("group_call_participant_count_max", I(5), I(200)),
    ("gift_resale_star_count_min", I(125), I(125)),
    ("gift_resale_star_count_max", I(100000), I(100000)),
    ("gift_resale_star_earnings_per_mille", I(800), I(800)),
    ("poll_answer_count_max", I(12), I(12)),
    ("direct_channel_message_star_count_default", I(10), I(10)),
    ("checklist_task_text_length_max", I(100), I(100)),
    ("checklist_title_length_max", I(255), I(255)),
    ("checklist_task_count_max", I(10), I(30)),
    ("suggested_post_star_count_min", I(5), I(5)),
    ("suggested_post_star_count_max", I(100000), I(100000)),
    ("suggested_post_toncoin_cent_count_min", I(1), I(1)),
    ("suggested_post_toncoin_cent_count_max", I(1000000), I(1000000)),
    ("suggested_post_star_earnings_per_mille", I(850), I(850)),
    ("suggested_post_toncoin_earnings_per_mille", I(850), I(850)),
    ("million_toncoin_to_usd_rate", I(3000000), I(3000000)),
    ("suggested_post_lifetime_min", I(120), I(86400)),
    ("suggested_post_send_delay_min", I(300), I(300)),
    ("suggested_post_send_delay_max", I(2678400), I(2678400)),
    ("star_withdrawal_count_max", I(100), I(25000000)),
    ("gift_collection_count_max", I(10), I(10)),
    ("gift_collection_size_max", I(500), I(500)),
    ("gift_resale_toncoin_cent_count_min", I(5000), I(700)),
    ("gift_resale_toncoin_cent_count_max", I(10000000), I(10000000)),
    ("gift_resale_toncoin_earnings_per_mille", I(900), I(900)),
    ("story_album_count_max", I(20), I(100)),
    ("story_album_size_max", I(200), I(1000)),
    ("pending_text_message_period", I(30), I(30)),
    ("user_note_text_length_max", I(128), I(128)),
    ("group_call_message_text_length_max", I(128), I(128)),
    ("paid_group_call_message_star_count_max", I(10000), I(10000)),
    ("login_passkey_count_max", I(5), I(5)),
    ("stake_dice_stake_amount_max", I(50000000000), I(50000000000)),
    ("stake_dice_stake_amount_min", I(100000000), I(100000000)),
    ("poll_open_period_max", I(2628000), I(2628000)),
    ("owned_bot_count_max", I(20), I(20)),
    ("text_composition_style_example_count", I(3), I(3)),
    ("text_composition_style_title_length_max", I(12), I(12)),
    ("text_composition_style_prompt_length_max", I(1024), I(1024)),
    ("poll_country_count_max", I(12), I(12)),
    ("message_text_length_max", I(4096), I(4096)),
    ("rich_message_text_length_max", I(32768), I(32768)),
    ("rich_message_block_count_max", I(500), I(500)),
    ("rich_message_depth_max", I(16), I(16)),
    ("rich_message_media_count_max", I(50), I(50)),
    ("rich_message_table_column_count_max", I(20), I(20)),
    ("favorite_stickers_limit", I(5), I(5)),
    ("chat_folder_count_max", I(10), U),
    ("chat_folder_chosen_chat_count_max", I(100), U),
    ("pinned_chat_count_max", I(5), I(5)),
    ("pinned_archived_chat_count_max", I(100), I(100)),
    ("pinned_saved_messages_topic_count_max", I(5), I(5)),
    ("chat_folder_invite_link_count_max", I(3), I(3)),
    ("added_shareable_chat_folder_count_max", I(2), I(2)),
    ("active_story_count_max", I(3), I(3)),
    ("weekly_sent_story_count_max", I(7), I(7)),
    ("monthly_sent_story_count_max", I(30), I(30)),
    ("story_suggested_reaction_area_count_max", I(1), I(1)),
    ("added_text_composition_style_max", I(5), I(5)),
    ("can_set_new_chat_privacy_settings", B(true), B(true)),
    ("can_use_text_entities_in_story_caption", B(true), B(true)),
];

#[cfg(test)]
mod default_tests {
    use super::*;

    #[test]
    fn an_option_listed_twice_keeps_the_last_value_its_dc_kind_sets() {
        for test in [true, false] {
            let mut o = Options::default();
            let announced = o.load_defaults(test, 0, 0);
            for (name, value) in announced.iter().rev() {
                // What getOption answers is the last value announced for the name.
                let first_from_end = announced.iter().rev().find(|(n, _)| n == name);
                if first_from_end.map(|(_, v)| v) == Some(value) {
                    assert_eq!(&o.get(name, 0), value, "{name} on test={test}");
                }
            }
            assert!(!matches!(
                o.get("chat_folder_count_max", 0),
                OptionValue::OptionValueEmpty(_)
            ));
        }
    }
}
