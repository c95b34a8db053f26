//! RPC: Telegram API functions (TL, from crates/tl) mapped onto world operations, and the
//! world's answers and pushes mapped back to TL. The network side decodes a request into an
//! `api::Function`, calls [`handle`], and sends the bytes (or the rpc_error) back.

mod account;
mod admin;
mod auth;
mod channels;
mod contacts;
mod dialogs;
mod help;
mod history;
pub mod input;
mod invites;
mod messages;
pub mod out;
mod pins;
mod search;
mod sessions;
mod updates;
mod upload;
mod users;

use tl::api::Function;
use tl::Serialize;

use crate::world::{AuthKeyId, Caller, ClientInfo, DcId, RpcError, World, WorldResult};

/// Where a DC listens (for help.getConfig's dc_options).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DcAddress {
    pub id: DcId,
    pub ip: String,
    pub port: i32,
}

/// Who asks, where, and when.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub auth_key_id: AuthKeyId,
    /// The DC whose listener the request came in on.
    pub dc_id: DcId,
    pub now: i32,
    pub dcs: &'a [DcAddress],
    /// config.test_mode: what clients started for Telegram's test DCs expect.
    pub test_mode: bool,
    /// The client's address, for the sessions list.
    pub ip: &'a str,
}

impl Context<'_> {
    fn caller(&self, world: &World) -> WorldResult<Caller> {
        world.caller(self.auth_key_id)
    }
}

/// The function one invoke* wrapper (invokeWithLayer, initConnection, invokeWithoutUpdates,
/// invokeAfterMsg ...) carries; `None` for a function that is no wrapper.
pub fn wrapped(call: &Function) -> Option<&Function> {
    Some(match call {
        Function::InvokeWithLayer(x) => &x.query,
        Function::InitConnection(x) => &x.query,
        Function::InvokeWithoutUpdates(x) => &x.query,
        Function::InvokeAfterMsg(x) => &x.query,
        Function::InvokeAfterMsgs(x) => &x.query,
        Function::InvokeWithMessagesRange(x) => &x.query,
        Function::InvokeWithTakeout(x) => &x.query,
        Function::InvokeWithBusinessConnection(x) => &x.query,
        Function::InvokeWithGooglePlayIntegrity(x) => &x.query,
        Function::InvokeWithApnsSecret(x) => &x.query,
        Function::InvokeWithReCaptcha(x) => &x.query,
        _ => return None,
    })
}

/// The query inside every wrapper.
pub fn innermost(call: &Function) -> &Function {
    let mut call = call;
    while let Some(inner) = wrapped(call) {
        call = inner;
    }
    call
}

/// The TL name of the innermost function (`messages.sendMessage`), for logs and faults.
pub fn method_name(call: &Function) -> &'static str {
    tl::api::constructor_name(innermost(call).constructor_id()).unwrap_or("unknown")
}

/// False when the call is wrapped in invokeWithoutUpdates: its session wants no pushes.
pub fn wants_updates(call: &Function) -> bool {
    let mut call = call;
    loop {
        if matches!(call, Function::InvokeWithoutUpdates(_)) {
            return false;
        }
        match wrapped(call) {
            Some(inner) => call = inner,
            None => return true,
        }
    }
}

/// What the call's initConnection (if it has one) says about the client at `ip`.
pub fn client_info(call: &Function, ip: &str) -> Option<ClientInfo> {
    let mut call = call;
    loop {
        if let Function::InitConnection(x) = call {
            return Some(ClientInfo {
                api_id: x.api_id,
                device_model: x.device_model.clone(),
                system_version: x.system_version.clone(),
                app_version: x.app_version.clone(),
                system_lang_code: x.system_lang_code.clone(),
                lang_pack: x.lang_pack.clone(),
                lang_code: x.lang_code.clone(),
                ip: ip.to_string(),
            });
        }
        call = wrapped(call)?;
    }
}

/// Records the client's initConnection details, or just that its key was active now: what
/// account.getAuthorizations lists.
pub fn note_client(
    world: &mut World,
    auth_key_id: AuthKeyId,
    ip: &str,
    call: &Function,
    now: i32,
) -> WorldResult<()> {
    match client_info(call, ip) {
        Some(info) => world.record_client(auth_key_id, &info, now),
        None => world.note_activity(auth_key_id, now),
    }
}

/// Runs one call against the world: the serialized (boxed) result, or the rpc_error.
/// `call` is the function as the client sent it, wrappers included.
pub fn handle(world: &mut World, ctx: &Context, call: &Function) -> Result<Vec<u8>, RpcError> {
    world.start_call();
    note_client(world, ctx.auth_key_id, ctx.ip, call, ctx.now).map_err(|e| e.rpc())?;
    dispatch(world, ctx, innermost(call)).map_err(|e| e.rpc())
}

fn dispatch(world: &mut World, ctx: &Context, call: &Function) -> WorldResult<Vec<u8>> {
    use Function as F;
    match call {
        F::HelpGetConfig(_) => Ok(help::config(ctx).to_bytes()),
        F::HelpGetNearestDc(_) => Ok(help::nearest_dc(ctx).to_bytes()),
        F::HelpAcceptTermsOfService(x) => help::accept_terms_of_service(world, ctx, x),
        F::HelpGetTermsOfServiceUpdate(_) => help::terms_of_service_update(world, ctx),

        F::AuthSendCode(x) => auth::send_code(world, ctx, x),
        F::AuthResendCode(x) => auth::resend_code(world, ctx, x),
        F::AuthSignIn(x) => auth::sign_in(world, ctx, x),
        F::AuthSignUp(x) => auth::sign_up(world, ctx, x),
        F::AuthCheckPassword(x) => auth::check_password(world, ctx, x),
        F::AuthLogOut(_) => auth::log_out(world, ctx),
        F::AuthExportAuthorization(x) => auth::export_authorization(world, ctx, x),
        F::AuthImportAuthorization(x) => auth::import_authorization(world, ctx, x),
        F::AuthImportBotAuthorization(x) => auth::import_bot_authorization(world, ctx, x),
        F::AuthExportLoginToken(_) => auth::export_login_token(world, ctx),
        F::AuthImportLoginToken(x) => auth::import_login_token(world, ctx, x),
        F::AuthAcceptLoginToken(x) => auth::accept_login_token(world, ctx, x),

        F::AccountGetAuthorizations(_) => sessions::get_authorizations(world, ctx),
        F::AccountResetAuthorization(x) => sessions::reset_authorization(world, ctx, x),
        F::AccountGetPassword(_) => account::get_password(world, ctx),
        F::AccountUpdatePasswordSettings(x) => account::update_password_settings(world, ctx, x),
        F::AccountUpdateUsername(x) => account::update_username(world, ctx, x),
        F::AccountCheckUsername(x) => account::check_username(world, ctx, x),
        F::AccountUpdateProfile(x) => account::update_profile(world, ctx, x),

        F::UsersGetUsers(x) => users::get_users(world, ctx, x),
        F::UsersGetFullUser(x) => users::get_full_user(world, ctx, x),
        F::ContactsImportContacts(x) => users::import_contacts(world, ctx, x),
        F::ContactsGetContacts(_) => users::get_contacts(world, ctx),
        F::ContactsDeleteContacts(x) => users::delete_contacts(world, ctx, x),
        F::ContactsResolveUsername(x) => users::resolve_username(world, ctx, x),
        F::ContactsAddContact(x) => contacts::add_contact(world, ctx, x),
        F::ContactsSearch(x) => contacts::search(world, ctx, x),

        F::MessagesSendMessage(x) => messages::send_message(world, ctx, x),
        F::MessagesSendMedia(x) => messages::send_media(world, ctx, x),
        F::MessagesEditMessage(x) => messages::edit_message(world, ctx, x),
        F::MessagesForwardMessages(x) => messages::forward_messages(world, ctx, x),
        F::MessagesDeleteMessages(x) => messages::delete_messages(world, ctx, x),
        F::MessagesReadHistory(x) => messages::read_history(world, ctx, x),
        F::MessagesGetMessages(x) => messages::get_messages(world, ctx, x),
        F::MessagesGetHistory(x) => messages::get_history(world, ctx, x),
        F::MessagesSearch(x) => search::search(world, ctx, x),
        F::MessagesSearchGlobal(x) => search::search_global(world, ctx, x),
        F::MessagesGetSearchCounters(x) => search::get_search_counters(world, ctx, x),
        F::MessagesGetUnreadMentions(x) => search::get_unread_mentions(world, ctx, x),
        F::MessagesReadMentions(x) => pins::read_mentions(world, ctx, x),
        F::MessagesUpdatePinnedMessage(x) => pins::update_pinned_message(world, ctx, x),
        F::MessagesUnpinAllMessages(x) => pins::unpin_all_messages(world, ctx, x),
        F::MessagesToggleDialogPin(x) => dialogs::toggle_dialog_pin(world, ctx, x),
        F::MessagesReorderPinnedDialogs(x) => dialogs::reorder_pinned_dialogs(world, ctx, x),
        F::MessagesGetPinnedDialogs(x) => dialogs::get_pinned_dialogs(world, ctx, x),
        F::FoldersEditPeerFolders(x) => dialogs::edit_peer_folders(world, ctx, x),
        F::MessagesSaveDraft(x) => dialogs::save_draft(world, ctx, x),
        F::MessagesGetAllDrafts(_) => dialogs::get_all_drafts(world, ctx),
        F::MessagesGetDialogs(x) => messages::get_dialogs(world, ctx, x),
        F::MessagesGetPeerDialogs(x) => messages::get_peer_dialogs(world, ctx, x),
        F::MessagesCreateChat(x) => messages::create_chat(world, ctx, x),
        F::MessagesAddChatUser(x) => messages::add_chat_user(world, ctx, x),
        F::MessagesDeleteChatUser(x) => history::delete_chat_user(world, ctx, x),
        F::MessagesDeleteHistory(x) => history::delete_history(world, ctx, x),
        F::MessagesDeleteChat(x) => history::delete_chat(world, ctx, x),
        F::MessagesReadMessageContents(x) => history::read_message_contents(world, ctx, x),
        F::MessagesEditChatTitle(x) => messages::edit_chat_title(world, ctx, x),
        F::MessagesGetChats(x) => messages::get_chats(world, ctx, x),
        F::MessagesGetFullChat(x) => messages::get_full_chat(world, ctx, x),

        F::ChannelsCreateChannel(x) => channels::create_channel(world, ctx, x),
        F::ChannelsInviteToChannel(x) => channels::invite_to_channel(world, ctx, x),
        F::ChannelsJoinChannel(x) => channels::join_channel(world, ctx, x),
        F::ChannelsLeaveChannel(x) => channels::leave_channel(world, ctx, x),
        F::ChannelsGetChannels(x) => channels::get_channels(world, ctx, x),
        F::ChannelsGetFullChannel(x) => channels::get_full_channel(world, ctx, x),
        F::ChannelsGetParticipants(x) => channels::get_participants(world, ctx, x),
        F::ChannelsGetMessages(x) => channels::get_messages(world, ctx, x),
        F::ChannelsReadHistory(x) => channels::read_history(world, ctx, x),
        F::ChannelsDeleteMessages(x) => channels::delete_messages(world, ctx, x),
        F::ChannelsDeleteHistory(x) => history::delete_channel_history(world, ctx, x),
        F::ChannelsDeleteChannel(x) => history::delete_channel(world, ctx, x),
        F::ChannelsUpdateUsername(x) => channels::update_username(world, ctx, x),
        F::ChannelsEditTitle(x) => admin::edit_title(world, ctx, x),
        F::ChannelsEditAdmin(x) => admin::edit_admin(world, ctx, x),
        F::ChannelsEditBanned(x) => admin::edit_banned(world, ctx, x),
        F::ChannelsGetParticipant(x) => admin::get_participant(world, ctx, x),
        F::ChannelsExportMessageLink(x) => admin::export_message_link(world, ctx, x),
        F::MessagesExportChatInvite(x) => invites::export_chat_invite(world, ctx, x),
        F::MessagesCheckChatInvite(x) => invites::check_chat_invite(world, ctx, x),
        F::MessagesImportChatInvite(x) => invites::import_chat_invite(world, ctx, x),
        F::MessagesMigrateChat(x) => invites::migrate_chat(world, ctx, x),
        F::MessagesEditChatAbout(x) => admin::edit_chat_about(world, ctx, x),
        F::MessagesEditChatAdmin(x) => admin::edit_chat_admin(world, ctx, x),
        F::MessagesEditChatDefaultBannedRights(x) => {
            admin::edit_default_banned_rights(world, ctx, x)
        }

        F::UpdatesGetState(_) => updates::get_state(world, ctx),
        F::UpdatesGetDifference(x) => updates::get_difference(world, ctx, x),
        F::UpdatesGetChannelDifference(x) => updates::get_channel_difference(world, ctx, x),

        F::UploadSaveFilePart(x) => upload::save_file_part(world, ctx, x),
        F::UploadSaveBigFilePart(x) => upload::save_big_file_part(world, ctx, x),
        F::UploadGetFile(x) => upload::get_file(world, ctx, x),

        _ => Err(RpcError::InputMethodInvalid.into()),
    }
}
