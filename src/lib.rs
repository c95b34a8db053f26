//! tdjson-rs: the engine behind libtdjson.so, a drop-in replacement for TDLib's JSON
//! interface.
//!
//! Layers: [`ffi`] (the C ABI) → [`client`] (client ids, per-client state machines, the
//! receive queue, the runtime) → [`api`] (requests as td_api types, synchronous functions,
//! answers as JSON) → [`log`] (TDLib's log settings); [`storage`] holds the SQLite files.

pub mod api;
pub mod auth;
pub mod chats;
pub mod client;
pub mod engine;
pub mod entities;
pub mod ffi;
pub mod files;
pub mod groups;
pub mod log;
pub mod messages;
pub mod net;
pub mod storage;
pub mod sync;
pub mod updates;
pub mod users;
