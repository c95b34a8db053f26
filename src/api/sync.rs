//! The synchronous functions: answered at once by td_execute, and by td_send in any state.
//!
//! One arm per function. Arms for functions implemented in other modules are one-line calls
//! into them; the ones not written yet answer an explicit "Not implemented yet" error.
//!
//! To implement one: write `pub fn get_file_extension(f: &td_api::GetFileExtension, ctx: Ctx)
//! -> Reply<td_api::Text>` in `src/sync/<topic>.rs` (errors are `Err(error(400, "..."))`;
//! `ctx.bytes(&f.field)` gives a string field's bytes as the request held them, even when they
//! were not UTF-8 and the field holds repaired text), then
//! make its arm `F::GetFileExtension(f) => put(w, crate::sync::topic::get_file_extension(f, c)),`.
//! The same arm serves td_execute and td_send.

use td_api::{Function, JsonWriter, OptionValue, OptionValueString, Repaired, TlWrite};

use super::reply::{error, write_reply, Reply};
use super::{json_value, log_requests as log};
use crate::sync::requests as sr;
use crate::sync::text;

/// TDLib's version, as `getOption("version")` reports it.
pub const VERSION: &str = "1.8.65";
/// The git commit this library was built from (see build.rs).
pub const COMMIT_HASH: &str = env!("TDJSON_COMMIT_HASH");

/// What the request carried besides its function.
#[derive(Clone, Copy, Debug)]
pub struct Ctx<'a> {
    /// Some string field of the request was not valid UTF-8 and has been repaired.
    pub invalid_utf8: bool,
    /// Exactly which string fields were repaired, with their original bytes.
    pub repaired: &'a Repaired,
}

impl<'a> Ctx<'a> {
    pub fn new(repaired: &'a Repaired) -> Self {
        Self {
            invalid_utf8: !repaired.is_empty(),
            repaired,
        }
    }

    /// A string field's bytes as the request held them.
    pub fn bytes<'s>(&self, field: &'s str) -> &'s [u8]
    where
        'a: 's,
    {
        self.repaired.bytes(field)
    }

    /// Whether a string field held bytes that were not UTF-8.
    pub fn is_repaired(&self, field: &str) -> bool {
        self.repaired.contains(field)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Answered,
    /// Not a synchronous function (or `getOption` of an option that isn't synchronous).
    NotSynchronous,
}

/// Runs `function` if it is synchronous, writing its answer object into `w`.
pub fn run(function: &Function, ctx: Ctx, w: &mut JsonWriter) -> Outcome {
    use Function as F;
    let c = ctx;
    match function {
        // Text entities (crates/text).
        F::SearchQuote(f) => put(w, text::search_quote(f, c)),
        F::GetTextEntities(f) => put(w, text::get_text_entities(f, c)),
        F::ParseTextEntities(f) => put(w, text::parse_text_entities(f, c)),
        F::ParseMarkdown(f) => put(w, text::parse_markdown(f, c)),
        F::GetMarkdownText(f) => put(w, text::get_markdown_text(f, c)),
        // Other synchronous functions (src/sync/).
        F::SearchStringsByPrefix(f) => put(w, sr::search_strings_by_prefix(f, c)),
        F::CheckQuickReplyShortcutName(f) => put(w, sr::check_quick_reply_shortcut_name(f, c)),
        F::GetCountryFlagEmoji(f) => put(w, sr::get_country_flag_emoji(f, c)),
        F::GetFileMimeType(f) => put(w, sr::get_file_mime_type(f, c)),
        F::GetFileExtension(f) => put(w, sr::get_file_extension(f, c)),
        F::CleanFileName(f) => put(w, sr::clean_file_name(f, c)),
        F::GetLanguagePackString(f) => put(w, sr::get_language_pack_string(f, c)),
        F::GetPhoneNumberInfoSync(f) => put(w, sr::get_phone_number_info_sync(f, c)),
        F::GetChatFolderDefaultIconName(f) => put(w, sr::get_chat_folder_default_icon_name(f)),
        F::GetPushReceiverId(f) => put(w, sr::get_push_receiver_id(f, c)),
        // JSON.
        F::GetJsonValue(f) => put(w, json_value::get_json_value(f, c)),
        F::GetJsonString(f) => put(w, json_value::get_json_string(f, c)),
        F::GetThemeParametersJsonString(f) => {
            put(w, json_value::get_theme_parameters_json_string(f))
        }
        // Log.
        F::SetLogStream(f) => put(w, log::set_log_stream(f)),
        F::GetLogStream(f) => put(w, log::get_log_stream(f)),
        F::SetLogVerbosityLevel(f) => put(w, log::set_log_verbosity_level(f)),
        F::GetLogVerbosityLevel(f) => put(w, log::get_log_verbosity_level(f)),
        F::GetLogTags(f) => put(w, log::get_log_tags(f)),
        F::SetLogTagVerbosityLevel(f) => put(w, log::set_log_tag_verbosity_level(f)),
        F::GetLogTagVerbosityLevel(f) => put(w, log::get_log_tag_verbosity_level(f)),
        F::AddLogMessage(f) => put(w, log::add_log_message(f, c)),
        // Tests and options.
        F::TestReturnError(f) => put(w, test_return_error(f)),
        F::GetOption(f) => match sync_option(&f.name) {
            Some(value) => put(w, Ok(value)),
            None => return Outcome::NotSynchronous,
        },
        _ => return Outcome::NotSynchronous,
    }
    Outcome::Answered
}

fn put<T: TlWrite>(w: &mut JsonWriter, reply: Reply<T>) {
    write_reply(w, reply);
}

/// The options that exist before any client does.
pub fn sync_option(name: &str) -> Option<OptionValue> {
    let value = match name {
        "version" => VERSION,
        "commit_hash" => COMMIT_HASH,
        _ => return None,
    };
    Some(
        OptionValueString {
            value: value.to_string(),
        }
        .into(),
    )
}

/// Returns its argument as the error; a null argument is TDLib's 404.
fn test_return_error(f: &td_api::TestReturnError) -> Reply<td_api::Error> {
    match &f.error {
        Some(e) => Err((**e).clone()),
        None => Err(error(404, "Not Found")),
    }
}

/// td_execute: a whole request in, a NUL-terminated answer appended to `out`.
pub fn execute(request: &[u8], out: Vec<u8>) -> Vec<u8> {
    let mut w = JsonWriter::with_buffer(out);
    let extra = match td_api::parse_request(request) {
        Err(e) => {
            put(&mut w, Err::<td_api::Ok, _>(error(400, e.to_string())));
            e.extra().map(Box::from)
        }
        Ok(req) => {
            if run(&req.function, Ctx::new(&req.repaired), &mut w) == Outcome::NotSynchronous {
                let message = if matches!(req.function, Function::GetOption(_)) {
                    "The option can't be get synchronously"
                } else {
                    "The method can't be executed synchronously"
                };
                put(&mut w, Err::<td_api::Ok, _>(error(400, message)));
            }
            req.extra
        }
    };
    super::reply::finish(w, extra.as_deref(), None)
}
