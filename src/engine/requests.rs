//! Requests of a signed-in client, each handed to the area it belongs to. What no area
//! serves yet answers `500 "Not implemented yet: <method>"`.

use td_api::Function;

use crate::api::sync::Ctx;
use crate::api::{error, not_implemented};
use crate::auth::{password, sessions};
use crate::chats::requests as chats;
use crate::client::session::{function_name, Held, Session};
use crate::messages::{outgoing, requests as messages};
use crate::users::requests as users;

/// Account methods a bot may not call.
fn users_only(f: &Function) -> bool {
    matches!(
        f,
        Function::GetPasswordState(_)
            | Function::SetPassword(_)
            | Function::GetActiveSessions(_)
            | Function::TerminateSession(_)
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
        f => s.out().reply(
            not_implemented::<td_api::Ok>(function_name(&f)),
            extra.as_deref(),
        ),
    }
}
