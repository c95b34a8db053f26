//! The engine against tdjson-testdc, through the C ABI: sign-in paths, restarts, faults.

mod checks;
#[path = "../common/mod.rs"]
mod common;
mod support;

mod crash;
mod faults;
mod file_resume;
mod files;
mod groups;
mod messages;
mod net;
mod offline;
mod restart;
mod send_faults;
mod sessions;
mod sign_in;
mod stored;
mod telethon_peer;
