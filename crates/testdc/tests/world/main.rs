//! The world's rules, area by area, against an in-memory database (and a file database
//! that is closed and reopened in `persistence`).

mod accounts;
mod channels;
mod chat_state;
mod chats;
mod clearing;
mod common;
mod contacts;
mod contents_and_archive;
mod control;
mod dialogs;
mod files;
mod groups_admin;
mod history;
mod hostile;
mod login;
mod messages;
mod password;
mod persistence;
mod qr_login;
mod random_ids;
mod rpc;
mod rpc_sessions;
mod sequences;
mod sessions;
mod srp;
mod tl_chats;
mod tl_clearing;
mod tl_client;
mod updates;
