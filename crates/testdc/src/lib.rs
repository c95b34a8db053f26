//! tdjson-testdc: a local Telegram-compatible MTProto server for tests and demos.
//!
//! `world` holds the server's state and Telegram's rules as plain domain types;
//! `store` keeps that state in SQLite (a file with `--data DIR`, memory otherwise).

pub mod rpc;
pub mod store;
pub mod world;
