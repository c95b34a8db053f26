//! td_api adapters: a request of each synchronous function → the pure logic → its td_api answer.
//!
//! The logic gets each string field's bytes as the request held them ([`Ctx::bytes`]), so
//! text that was not UTF-8 reaches it as such, exactly as in TDLib.

use td_api::{
    ChatFolderIcon, CountryInfo, FoundPositions, LanguagePackStringValue,
    LanguagePackStringValueDeleted, LanguagePackStringValueOrdinary,
    LanguagePackStringValuePluralized, PhoneNumberInfo, PushReceiverId, Text,
};

use crate::api::reply::{error, Reply};
use crate::api::sync::Ctx;
use crate::sync::language_pack::PackString;
use crate::sync::{
    chat_folder_icon, country_flag, file_name, language_pack, mime, phone_number, push_receiver,
    quick_reply, string_search,
};

fn text(text: impl Into<String>) -> Reply<Text> {
    Ok(Text { text: text.into() })
}

pub fn get_file_mime_type(f: &td_api::GetFileMimeType, c: Ctx) -> Reply<Text> {
    text(mime::file_mime_type(c.bytes(&f.file_name)))
}

pub fn get_file_extension(f: &td_api::GetFileExtension, c: Ctx) -> Reply<Text> {
    text(mime::file_extension(c.bytes(&f.mime_type)))
}

pub fn clean_file_name(f: &td_api::CleanFileName, c: Ctx) -> Reply<Text> {
    text(file_name::clean_file_name(c.bytes(&f.file_name)))
}

pub fn get_country_flag_emoji(f: &td_api::GetCountryFlagEmoji, c: Ctx) -> Reply<Text> {
    text(country_flag::country_flag_emoji(c.bytes(&f.country_code)))
}

pub fn check_quick_reply_shortcut_name(
    f: &td_api::CheckQuickReplyShortcutName,
    c: Ctx,
) -> Reply<td_api::Ok> {
    quick_reply::check_shortcut_name(c.bytes(&f.name))
        .map(|()| td_api::Ok {})
        .map_err(|e| error(quick_reply::ShortcutNameError::CODE, e.to_string()))
}

pub fn get_phone_number_info_sync(
    f: &td_api::GetPhoneNumberInfoSync,
    c: Ctx,
) -> Reply<PhoneNumberInfo> {
    let info =
        phone_number::phone_number_info(c.bytes(&f.language_code), c.bytes(&f.phone_number_prefix));
    Ok(PhoneNumberInfo {
        country: info.country.map(|c| {
            Box::new(CountryInfo {
                country_code: c.code.to_owned(),
                name: c.name.to_owned(),
                english_name: c.name.to_owned(),
                is_hidden: c.is_hidden,
                calling_codes: c.calling_codes.iter().map(|&s| s.to_owned()).collect(),
            })
        }),
        country_calling_code: info.country_calling_code,
        formatted_phone_number: info.formatted_phone_number,
        is_anonymous: info.is_anonymous,
    })
}

pub fn get_chat_folder_default_icon_name(
    f: &td_api::GetChatFolderDefaultIconName,
) -> Reply<ChatFolderIcon> {
    let folder = f
        .folder
        .as_deref()
        .ok_or_else(|| error(400, "Chat folder must be non-empty"))?;
    let filter = chat_folder_icon::FolderFilter {
        icon_name: folder.icon.as_ref().map(|i| i.name.clone()),
        has_pinned_chats: !folder.pinned_chat_ids.is_empty(),
        has_included_chats: !folder.included_chat_ids.is_empty(),
        has_excluded_chats: !folder.excluded_chat_ids.is_empty(),
        include_contacts: folder.include_contacts,
        include_non_contacts: folder.include_non_contacts,
        include_groups: folder.include_groups,
        include_channels: folder.include_channels,
        include_bots: folder.include_bots,
        exclude_muted: folder.exclude_muted,
        exclude_read: folder.exclude_read,
        exclude_archived: folder.exclude_archived,
    };
    Ok(ChatFolderIcon {
        name: chat_folder_icon::default_icon_name(&filter).to_owned(),
    })
}

pub fn get_push_receiver_id(f: &td_api::GetPushReceiverId, c: Ctx) -> Reply<PushReceiverId> {
    push_receiver::push_receiver_id(c.bytes(&f.payload))
        .map(|id| PushReceiverId { id })
        .map_err(|e| error(400, e.to_string()))
}

pub fn get_language_pack_string(
    f: &td_api::GetLanguagePackString,
    c: Ctx,
) -> Reply<LanguagePackStringValue> {
    language_pack::language_pack_string(
        c.bytes(&f.language_pack_database_path),
        c.bytes(&f.localization_target),
        c.bytes(&f.language_pack_id),
        c.bytes(&f.key),
    )
    .map(|found| match found {
        PackString::Ordinary(value) => LanguagePackStringValueOrdinary { value }.into(),
        PackString::Pluralized(forms) => {
            let [zero_value, one_value, two_value, few_value, many_value, other_value] = *forms;
            LanguagePackStringValuePluralized {
                zero_value,
                one_value,
                two_value,
                few_value,
                many_value,
                other_value,
            }
            .into()
        }
        PackString::Deleted => LanguagePackStringValueDeleted {}.into(),
    })
    .map_err(|e| error(e.code(), e.to_string()))
}

pub fn search_strings_by_prefix(
    f: &td_api::SearchStringsByPrefix,
    c: Ctx,
) -> Reply<FoundPositions> {
    let strings: Vec<&[u8]> = f.strings.iter().map(|s| c.bytes(s)).collect();
    string_search::search_strings_by_prefix(
        &strings,
        c.bytes(&f.query),
        f.limit,
        f.return_none_for_empty_query,
    )
    .map(|found| FoundPositions {
        total_count: found.total_count,
        positions: found.positions,
    })
    .map_err(|e| error(400, e.to_string()))
}
