//! Requests of a signed-in client, each handed to the area it belongs to. What no area
//! serves yet answers `500 "Not implemented yet: <method>"`.

use td_api::Function;

use crate::api::sync::Ctx;
use crate::api::{error, not_implemented};
use crate::auth::{password, sessions};
use crate::chats::chat_id::ChatKind;
use crate::chats::manage;
use crate::chats::requests as chats;
use crate::client::session::{function_name, Held, Session};
use crate::files::requests as files;
use crate::groups::requests as groups;
use crate::messages::{outgoing, requests as messages, search};
use crate::users::{contacts, requests as users};

/// Account methods a bot may not call.
fn users_only(f: &Function) -> bool {
    matches!(
        f,
        Function::GetPasswordState(_)
            | Function::SetPassword(_)
            | Function::GetActiveSessions(_)
            | Function::TerminateSession(_)
            | Function::LoadChats(_)
            | Function::GetChats(_)
            | Function::ImportContacts(_)
            | Function::GetContacts(_)
            | Function::SearchContacts(_)
            | Function::AddContact(_)
            | Function::RemoveContacts(_)
            | Function::SearchMessages(_)
            | Function::SearchChatMessages(_)
            | Function::ToggleChatIsPinned(_)
            | Function::SetChatDraftMessage(_)
            | Function::JoinChatByInviteLink(_)
            | Function::CreateNewBasicGroupChat(_)
            | Function::CreateNewSupergroupChat(_)
            | Function::ReadAllChatMentions(_)
    )
}

pub fn handle(s: &mut Session, req: Held) {
    let extra = req.extra;
    let is_bot = s.engine.as_ref().is_some_and(|e| e.users.is_bot());
    if is_bot && users_only(&req.function) {
        return s.out().error(
            error(400, "The method is not available to bots"),
            extra.as_deref(),
        );
    }
    match req.function {
        Function::GetMe(_) => users::get_me(s, extra),
        Function::GetUser(f) => users::get_user(s, extra, f.user_id),
        Function::GetUserFullInfo(f) => users::get_user_full_info(s, extra, f.user_id),
        Function::GetPasswordState(_) => password::get_password_state(s, extra),
        f @ Function::SetPassword(_) => password::set_password(
            s,
            Held {
                function: f,
                extra,
                repaired: req.repaired,
            },
        ),
        Function::GetActiveSessions(_) => sessions::get_active_sessions(s, extra),
        Function::TerminateSession(f) => sessions::terminate_session(s, extra, f.session_id),
        Function::ConfirmQrCodeAuthentication(f) => {
            sessions::confirm_qr_code_authentication(s, extra, f.link)
        }
        Function::ImportContacts(f) => contacts::import_contacts(s, extra, *f),
        Function::GetContacts(_) => contacts::get_contacts(s, extra),
        Function::SearchContacts(f) => contacts::search_contacts(s, extra, *f),
        Function::AddContact(f) => contacts::add_contact(s, extra, *f),
        Function::RemoveContacts(f) => contacts::remove_contacts(s, extra, f.user_ids),
        Function::SearchPublicChat(f) => contacts::search_public_chat(s, extra, f.username),
        Function::SetName(f) => contacts::set_name(s, extra, *f),
        Function::SetBio(f) => contacts::set_bio(s, extra, f.bio),
        Function::SetUsername(f) => contacts::set_username(s, extra, f.username),
        Function::CreateBasicGroupChat(f) => {
            groups::create_group_chat(s, extra, ChatKind::BasicGroup(f.basic_group_id))
        }
        Function::CreateSupergroupChat(f) => {
            groups::create_group_chat(s, extra, ChatKind::Channel(f.supergroup_id))
        }
        Function::CreateNewBasicGroupChat(f) => groups::create_new_basic_group_chat(s, extra, *f),
        Function::CreateNewSupergroupChat(f) => groups::create_new_supergroup_chat(s, extra, *f),
        Function::AddChatMember(f) => {
            groups::add_chat_members(s, extra, f.chat_id, vec![f.user_id], f.forward_limit)
        }
        Function::AddChatMembers(f) => groups::add_chat_members(s, extra, f.chat_id, f.user_ids, 0),
        Function::LeaveChat(f) => groups::leave_chat(s, extra, f.chat_id),
        Function::SetChatMemberStatus(f) => groups::set_chat_member_status(s, extra, *f),
        Function::GetChatMember(f) => groups::get_chat_member(s, extra, *f),
        Function::GetBasicGroupFullInfo(f) => {
            groups::get_basic_group_full_info(s, extra, f.basic_group_id)
        }
        Function::GetSupergroupFullInfo(f) => {
            groups::get_supergroup_full_info(s, extra, f.supergroup_id)
        }
        Function::GetSupergroupMembers(f) => groups::get_supergroup_members(s, extra, *f),
        Function::UpgradeBasicGroupChatToSupergroupChat(f) => {
            groups::upgrade_basic_group(s, extra, f.chat_id)
        }
        Function::JoinChat(f) => groups::join_chat(s, extra, f.chat_id),
        Function::SearchChatMessages(f) => search::search_chat_messages(s, extra, *f),
        Function::SearchMessages(f) => search::search_messages(s, extra, *f),
        Function::GetChatMessageCount(f) => search::get_chat_message_count(s, extra, *f),
        Function::GetMessageLink(f) => search::get_message_link(s, extra, *f),
        Function::PinChatMessage(f) => search::pin_chat_message(
            s,
            extra,
            f.chat_id,
            f.message_id,
            f.disable_notification,
            f.only_for_self,
            false,
        ),
        Function::UnpinChatMessage(f) => {
            search::pin_chat_message(s, extra, f.chat_id, f.message_id, false, false, true)
        }
        Function::ReadAllChatMentions(f) => search::read_all_chat_mentions(s, extra, f.chat_id),
        Function::SetChatTitle(f) => manage::set_chat_title(s, extra, f.chat_id, f.title),
        Function::SetChatDescription(f) => {
            manage::set_chat_description(s, extra, f.chat_id, f.description)
        }
        Function::ToggleChatIsPinned(f) => manage::toggle_chat_is_pinned(s, extra, *f),
        Function::SetChatDraftMessage(f) => manage::set_chat_draft_message(s, extra, *f),
        Function::DeleteChatHistory(f) => manage::delete_chat_history(s, extra, *f),
        Function::DeleteChat(f) => manage::delete_chat(s, extra, f.chat_id),
        Function::CreateChatInviteLink(f) => manage::create_chat_invite_link(s, extra, *f),
        Function::JoinChatByInviteLink(f) => {
            manage::join_chat_by_invite_link(s, extra, f.invite_link)
        }
        Function::LoadChats(f) => chats::load_chats(s, extra, *f),
        Function::GetChats(f) => chats::get_chats(s, extra, *f),
        Function::GetChat(f) => chats::get_chat(s, extra, f.chat_id),
        Function::CreatePrivateChat(f) => chats::create_private_chat(s, extra, f.user_id),
        Function::OpenChat(f) => chats::open_chat(s, extra, f.chat_id, true),
        Function::CloseChat(f) => chats::open_chat(s, extra, f.chat_id, false),
        Function::GetChatHistory(f) => messages::get_chat_history(s, extra, *f),
        Function::GetMessage(f) => messages::get_message(s, extra, f.chat_id, f.message_id),
        Function::GetMessageLocally(f) => {
            messages::get_message_locally(s, extra, f.chat_id, f.message_id)
        }
        Function::GetMessages(f) => messages::get_messages(s, extra, f.chat_id, f.message_ids),
        Function::ViewMessages(f) => messages::view_messages(s, extra, *f),
        Function::SendMessage(f) => outgoing::send_message(s, extra, *f, Ctx::new(&req.repaired)),
        Function::ForwardMessages(f) => outgoing::forward_messages(s, extra, *f),
        Function::EditMessageText(f) => {
            outgoing::edit_message_text(s, extra, *f, Ctx::new(&req.repaired))
        }
        Function::DeleteMessages(f) => outgoing::delete_messages(s, extra, *f),
        Function::DownloadFile(f) => files::download_file(s, extra, *f),
        Function::CancelDownloadFile(f) => files::cancel_download_file(s, extra, *f),
        Function::GetFile(f) => files::get_file(s, extra, f.file_id),
        Function::GetRemoteFile(f) => files::get_remote_file(s, extra, *f),
        Function::DeleteFile(f) => files::delete_file(s, extra, f.file_id),
        Function::ReadFilePart(f) => files::read_file_part(s, extra, *f),
        Function::PreliminaryUploadFile(f) => files::preliminary_upload_file(s, extra, *f),
        Function::CancelPreliminaryUploadFile(f) => {
            files::cancel_preliminary_upload_file(s, extra, f.file_id)
        }
        f => s.out().reply(
            not_implemented::<td_api::Ok>(function_name(&f)),
            extra.as_deref(),
        ),
    }
}
