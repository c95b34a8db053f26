//! Synchronous functions answered by `td_execute`, implemented outside the td_api layer: pure
//! logic over plain Rust types, one module per area.
//!
//! The tables in `data/` were extracted by probing TDLib 1.8.65 (see
//! `tests/parity/gen/sync_extract.py`).

pub mod chat_folder_icon;
pub mod country_flag;
mod data;
pub mod file_name;
pub mod language_pack;
pub mod mime;
pub mod phone_number;
pub mod push_receiver;
pub mod quick_reply;
pub mod requests;
pub mod string_search;
pub mod text;
mod unicode_class;
